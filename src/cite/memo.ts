// What a paper's citations are, kept from one build to the next: the dev server rebuilds after every save, and a
// save changes one paper, while the Cite sections and the whole-list exports were made again for every paper (the
// LaTeX escaping of every title, name and abstract: most of a 10,000-paper rebuild's time before its first page,
// docs/performance.md). An entry is reused only for the same key and the same fields it was made from.
import type { Paper } from "../papers/schema.ts";
import { sameStrings } from "../util/lists.ts";

/** The fields the citations read (src/cite/bibtex.ts, csl.ts). */
type Cited = Pick<Paper, "title" | "authors" | "published" | "arxiv" | "doi" | "url" | "abstract" | "tags">;

interface Entry<T> {
  paper: Cited;
  key: string;
  value: T;
}

/** One text per paper and key (a BibTeX entry, a CSL-JSON item), made again only when the paper changed. */
export class CitationMemo<T> {
  private entries = new Map<string, Entry<T>>();
  private next = new Map<string, Entry<T>>();

  constructor(private readonly make: (paper: Paper, key: string) => T) {}

  get(paper: Paper, key: string): T {
    let entry = this.entries.get(paper.slug);
    if (!entry || entry.key !== key || !sameCited(entry.paper, paper)) entry = { paper, key, value: this.make(paper, key) };
    this.next.set(paper.slug, entry);
    return entry.value;
  }

  /** Called once the build has asked for every paper: papers no longer in the list are forgotten. */
  done(): void {
    this.entries = this.next;
    this.next = new Map();
  }
}

export function sameCited(a: Cited, b: Cited): boolean {
  return (
    a.title === b.title &&
    a.published === b.published &&
    a.arxiv === b.arxiv &&
    a.doi === b.doi &&
    a.url === b.url &&
    a.abstract === b.abstract &&
    sameStrings(a.authors, b.authors) &&
    sameStrings(a.tags, b.tags)
  );
}
