// Citation keys: `vaswani2017attention`, made unique across the list with letter suffixes.
import type { Paper } from "../papers/schema.ts";
import { asciiFold, familyName, parseName } from "./names.ts";

const STOPWORDS = new Set(
  "a an the on of in for to and or with without via from by at as is are be do does can not into over under beyond between through towards toward we our your you how what why when which where its it this that these those using use".split(" "),
);

/** Year of publication: `published`, else the year a new-style arXiv id encodes (`2205.14135` → 2022). */
export function publicationYear(paper: Pick<Paper, "published" | "arxiv">): string | undefined {
  if (paper.published) return paper.published.slice(0, 4);
  const m = paper.arxiv ? /^(\d{2})(\d{2})\.\d{4,5}/.exec(paper.arxiv) : null;
  return m ? `20${m[1]}` : undefined;
}

/** Month of publication, 1–12, when known (from `published` or a new-style arXiv id). */
export function publicationMonth(paper: Pick<Paper, "published" | "arxiv">): number | undefined {
  if (paper.published) return paper.published.length >= 7 ? Number(paper.published.slice(5, 7)) : undefined;
  const m = paper.arxiv ? /^\d{2}(\d{2})\.\d{4,5}/.exec(paper.arxiv) : null;
  return m ? Number(m[1]) : undefined;
}

/** First title word that says something: `Attention Is All You Need` → `attention`. */
export function firstSignificantWord(title: string): string {
  // Folded one at a time: the first or second word is nearly always the one.
  let first = "";
  for (const raw of title.split(/\s+/)) {
    const word = asciiFold(raw);
    if (!word) continue;
    if (!STOPWORDS.has(word)) return word;
    first ||= word;
  }
  return first;
}

/**
 * The key before collisions are resolved: first author's family name + year + first significant title word,
 * lower-case ASCII (`vaswani2017attention`). No author: `anon`.
 */
export function baseKey(paper: Pick<Paper, "authors" | "title" | "published" | "arxiv">): string {
  const first = paper.authors[0];
  const family = first ? asciiFold(familyName(parseName(first))) : "";
  return `${family || "anon"}${publicationYear(paper) ?? ""}${firstSignificantWord(paper.title)}`;
}

/** `a`, `b`, ... `z`, `aa`, `ab`...: the suffixes that tell colliding keys apart. */
export function letterSuffix(n: number): string {
  let s = "";
  for (let i = n; i >= 0; i = Math.floor(i / 26) - 1) s = String.fromCharCode(97 + (i % 26)) + s;
  return s;
}

/**
 * One unique key per paper (by slug). Papers that share a base key are ordered by date added, then slug:
 * the first keeps the plain key, later ones get `a`, `b`...; so adding a paper never renames the key of
 * one already cited.
 */
export function citationKeys(papers: readonly Pick<Paper, "slug" | "added" | "authors" | "title" | "published" | "arxiv">[]): Map<string, string> {
  const ordered = [...papers].sort((a, b) => (a.added !== b.added ? (a.added < b.added ? -1 : 1) : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const bases = new Map(ordered.map((p) => [p.slug, baseKey(p)]));
  const taken = new Set<string>();
  const keys = new Map<string, string>();
  // Plain keys first, so a suffixed key (`smith2020deepa`) can never take another paper's plain key.
  const plainOwner = new Map<string, string>();
  for (const p of ordered) if (!plainOwner.has(bases.get(p.slug)!)) plainOwner.set(bases.get(p.slug)!, p.slug);
  for (const [base] of plainOwner) taken.add(base);
  for (const p of ordered) {
    const base = bases.get(p.slug)!;
    if (plainOwner.get(base) === p.slug) {
      keys.set(p.slug, base);
      continue;
    }
    let n = 0;
    while (taken.has(base + letterSuffix(n))) n++;
    const key = base + letterSuffix(n);
    taken.add(key);
    keys.set(p.slug, key);
  }
  return keys;
}
