// Which paper a note link names: every paper of the list by slug, arXiv id, DOI and citation key, and what to say
// when none does. Drafts are known too, so that a production build can say "that is a draft" rather than "no
// such paper" (drafts are left out of a production build, and a link to one would be a dead link).
import { closest } from "fastest-levenshtein";
import { citationKeys, publicationYear } from "../cite/keys.ts";
import { familyName, parseName } from "../cite/names.ts";
import type { Paper } from "../papers/schema.ts";
import { formatRef, normaliseArxiv, normaliseDoi, type LinkRef } from "./syntax.ts";

/** A paper a link resolved to: what its link shows. */
export interface LinkTarget {
  slug: string;
  title: string;
  /** `Vaswani et al. 2017`: what a citation shows. */
  authorYear: string;
}

export type Resolution = { ok: true; target: LinkTarget } | { ok: false; message: string; fix: string };

export type LinkPaper = Pick<Paper, "slug" | "file" | "title" | "authors" | "published" | "arxiv" | "doi" | "added" | "draft">;

export interface LinkIndexOptions {
  /** Whether drafts are part of this build (the dev server): then links to them resolve. */
  includeDrafts: boolean;
}

/** Every paper by each name a note may use for it. */
export class LinkIndex {
  private readonly bySlug = new Map<string, LinkPaper>();
  private readonly byArxiv = new Map<string, LinkPaper>();
  private readonly byDoi = new Map<string, LinkPaper>();
  /** The keys the Cite sections of this build show, by key. */
  private readonly byKey = new Map<string, LinkPaper>();
  /** Keys drafts would have, for the message when a production build leaves them out. */
  private readonly draftKeys = new Map<string, LinkPaper>();
  private readonly targets = new Map<string, LinkTarget>();
  private signatureText: string | undefined;

  constructor(
    private readonly papers: readonly LinkPaper[],
    private readonly options: LinkIndexOptions,
  ) {
    for (const paper of papers) {
      this.bySlug.set(paper.slug, paper);
      if (paper.arxiv) this.byArxiv.set(normaliseArxiv(paper.arxiv), paper);
      if (paper.doi) this.byDoi.set(normaliseDoi(paper.doi), paper);
    }
    const built = papers.filter((p) => this.isBuilt(p));
    for (const [slug, key] of citationKeys(built)) this.byKey.set(key, this.bySlug.get(slug)!);
    if (built.length < papers.length) for (const [slug, key] of citationKeys(papers)) if (!this.byKey.has(key)) this.draftKeys.set(key, this.bySlug.get(slug)!);
  }

  /** `from`: the slug of the paper whose notes link, never suggested to itself. */
  resolve(ref: LinkRef, from?: string): Resolution {
    const paper = this.find(ref);
    if (!paper) return { ok: false, message: `${formatRef(ref)} links to no paper: ${this.missing(ref)}`, fix: this.suggest(ref, from) };
    if (!this.isBuilt(paper)) {
      return {
        ok: false,
        message: `${formatRef(ref)} links to a draft (${paper.file} has draft: true), which a production build leaves out`,
        fix: `publish that paper (remove draft: true) or remove the link; the dev server shows drafts and their links`,
      };
    }
    return { ok: true, target: this.target(paper) };
  }

  /**
   * Changes whenever what a link shows or where it leads could change: a cached render of notes with links is
   * only reused under the same signature.
   */
  signature(): string {
    return (this.signatureText ??= JSON.stringify([this.options.includeDrafts, [...this.byKey.keys()], this.papers.map((p) => [p.slug, p.title, p.authors.slice(0, 3), p.published, p.arxiv, p.doi, p.draft])]));
  }

  private isBuilt(paper: LinkPaper): boolean {
    return this.options.includeDrafts || !paper.draft;
  }

  private find(ref: LinkRef): LinkPaper | undefined {
    switch (ref.kind) {
      case "slug":
        return this.bySlug.get(ref.id);
      case "arxiv":
        return this.byArxiv.get(normaliseArxiv(ref.id));
      case "doi": {
        const doi = normaliseDoi(ref.id);
        // An arXiv DOI names the arXiv paper, whichever of the two its file records.
        const arxiv = /^10\.48550\/arxiv\.(.+)$/.exec(doi);
        return this.byDoi.get(doi) ?? (arxiv ? this.byArxiv.get(normaliseArxiv(arxiv[1]!)) : undefined);
      }
      case "key":
        return this.byKey.get(ref.id) ?? this.draftKeys.get(ref.id);
    }
  }

  private target(paper: LinkPaper): LinkTarget {
    let target = this.targets.get(paper.slug);
    if (!target) this.targets.set(paper.slug, (target = { slug: paper.slug, title: paper.title, authorYear: authorYear(paper) }));
    return target;
  }

  private missing(ref: LinkRef): string {
    switch (ref.kind) {
      case "slug":
        return `no file content/papers/${ref.id}.md`;
      case "arxiv":
        return `no paper has the arXiv id ${ref.id}`;
      case "doi":
        return `no paper has the DOI ${ref.id}`;
      case "key":
        return `no paper has the citation key ${ref.id}`;
    }
  }

  /** The nearest name of the same kind among the papers this build shows, or how to add the paper. */
  private suggest(ref: LinkRef, from?: string): string {
    const built = this.papers.filter((p) => this.isBuilt(p) && p.slug !== from);
    const names =
      ref.kind === "slug"
        ? built.map((p) => p.slug)
        : ref.kind === "key"
          ? [...this.byKey].flatMap(([key, p]) => (p.slug === from ? [] : [key]))
          : ref.kind === "arxiv"
            ? built.flatMap((p) => (p.arxiv ? [normaliseArxiv(p.arxiv)] : []))
            : built.flatMap((p) => (p.doi ? [normaliseDoi(p.doi)] : []));
    const near = nearest(ref.kind === "arxiv" ? normaliseArxiv(ref.id) : ref.kind === "doi" ? normaliseDoi(ref.id) : ref.id, names);
    const hint = ref.kind === "slug" ? " (a slug is a paper's file name without .md)" : ref.kind === "key" ? " (each paper's key is shown in its Cite section)" : "";
    const parts: string[] = [];
    if (near === undefined) parts.push(`link to a paper of the list${hint}.`);
    else {
      const nearRef = { ...ref, id: near } as LinkRef;
      const title = this.find(nearRef)?.title;
      parts.push(`did you mean ${formatRef(nearRef)}${title ? ` (${title})` : ""}?${hint}`);
    }
    if (ref.kind === "arxiv" || ref.kind === "doi") parts.push(`To add the paper: npx shelfmark add ${ref.kind === "arxiv" ? ref.id : `doi:${ref.id}`}`);
    return parts.join(" ");
  }
}

/**
 * The nearest of `names` to `wanted`: one that contains it (the shortest; `[[flash]]` means `flash-attention`),
 * else the smallest edit distance. Undefined when there are no names.
 */
export function nearest(wanted: string, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const lower = wanted.toLowerCase();
  let containing: string | undefined;
  for (const name of names) if (name.toLowerCase().includes(lower) && (containing === undefined || name.length < containing.length || (name.length === containing.length && name < containing))) containing = name;
  return containing ?? closest(wanted, names as string[]);
}

/**
 * `Vaswani et al. 2017`, `Dao and Gu 2024`, `Hinton 2006`: the author–date form of Pandoc's default (Chicago)
 * style. Without authors, the title; without a year, `n.d.`.
 */
export function authorYear(paper: Pick<Paper, "authors" | "title" | "published" | "arxiv">): string {
  const families = paper.authors.slice(0, 2).map((a) => familyName(parseName(a)) || a);
  const who = families.length === 0 ? paper.title : paper.authors.length === 1 ? families[0]! : paper.authors.length === 2 ? `${families[0]} and ${families[1]}` : `${families[0]} et al.`;
  return `${who} ${publicationYear(paper) ?? "n.d."}`;
}
