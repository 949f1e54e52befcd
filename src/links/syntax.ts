// The two ways a note names another paper, as written: `[[target]]` / `[[target|text]]` (wiki links, as Obsidian
// and Quartz write them) and `[@key]` / `[@key1; @key2]` (Pandoc's citations, with the keys the Cite sections
// show). Pure scanners over a markdown-it inline source; src/links/markdown.ts turns what they find into tokens.

/** What a note link points at: a paper's slug (its file name), arXiv id, DOI or citation key. */
export type LinkRef = { kind: "slug"; id: string } | { kind: "arxiv"; id: string } | { kind: "doi"; id: string } | { kind: "key"; id: string };

export interface WikiLink {
  ref: LinkRef;
  /** The text after `|`, trimmed; absent when the link has none (the paper's title is shown). */
  text?: string;
  /** The link as written, `[[` to `]]`. */
  source: string;
  /** Index just after the closing `]]`. */
  end: number;
}

export interface CitationItem {
  ref: LinkRef & { kind: "key" };
  /** What follows the key after a comma: `p. 3`, `sec. 2`. */
  locator?: string;
}

export interface Citation {
  items: CitationItem[];
  source: string;
  end: number;
}

const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const BACKSLASH = 0x5c;

/**
 * `[[target]]` or `[[target|text]]` at `pos`, on one line, with no bracket inside; `\|` is a pipe too (inside a
 * table a bare `|` splits the cell, so tables need it written `\|`). Anything else is not a wiki link, and stays
 * text: `[[[x]]]` is `[` + a link + `]`, `[[]]` and `[[ | x]]` are text.
 */
export function scanWikiLink(src: string, pos: number, max = src.length): WikiLink | undefined {
  if (src.charCodeAt(pos) !== OPEN || src.charCodeAt(pos + 1) !== OPEN) return undefined;
  let i = pos + 2;
  let pipe = -1;
  for (; i < max; i++) {
    const c = src.charCodeAt(i);
    if (c === CLOSE) break;
    if (c === OPEN || c === 0x0a) return undefined;
    if (c === 0x7c /* | */ && pipe < 0) pipe = src.charCodeAt(i - 1) === BACKSLASH ? i - 1 : i;
  }
  if (i + 1 >= max || src.charCodeAt(i) !== CLOSE || src.charCodeAt(i + 1) !== CLOSE) return undefined;
  const inner = src.slice(pos + 2, i);
  const rawTarget = pipe < 0 ? inner : src.slice(pos + 2, pipe);
  const afterPipe = pipe < 0 ? undefined : src.slice(src.charCodeAt(pipe) === BACKSLASH ? pipe + 2 : pipe + 1, i).trim();
  const ref = parseTarget(rawTarget);
  if (!ref) return undefined;
  return { ref, text: afterPipe || undefined, source: src.slice(pos, i + 2), end: i + 2 };
}

/**
 * What a wiki link's target names: `arxiv:2205.14135` (any version), `doi:10.1000/x` (or a doi.org URL),
 * `@key` (a citation key), else a slug. Ids are kept as written and compared without case or version
 * (normaliseArxiv, normaliseDoi); slugs are compared as file names are.
 */
export function parseTarget(raw: string): LinkRef | undefined {
  const target = raw.trim();
  if (!target) return undefined;
  const prefixed = /^(arxiv|doi):\s*(.*)$/i.exec(target);
  if (prefixed) {
    // As written, so messages quote it so; ids are compared normalised (src/links/resolve.ts).
    const id = prefixed[2]!.trim();
    // `[[arxiv:]]` names nothing: text, like `[[]]`.
    return id ? { kind: prefixed[1]!.toLowerCase() as "arxiv" | "doi", id } : undefined;
  }
  if (target.startsWith("@")) return KEY.test(target.slice(1)) && target.length > 1 ? { kind: "key", id: target.slice(1) } : undefined;
  return { kind: "slug", id: target };
}

/** `2205.14135v2` → `2205.14135`, `hep-th/9901001` stays, lower case. */
export function normaliseArxiv(id: string): string {
  return id
    .trim()
    .replace(/^https?:\/\/arxiv\.org\/(abs|pdf)\//i, "")
    .replace(/\.pdf$/i, "")
    .replace(/v\d+$/i, "")
    .toLowerCase();
}

/** `https://doi.org/10.1/X` → `10.1/x`: DOIs are case-insensitive. */
export function normaliseDoi(doi: string): string {
  return doi
    .trim()
    .replace(/^https?:\/\/(dx\.)?doi\.org\//i, "")
    .toLowerCase();
}

// Pandoc's citation key: a letter, digit or `_` first, then those or internal punctuation (`:.#$%&-+?<>~/`).
const KEY = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*$/u;
const ITEM = /^@([\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*)(?:\s*,\s*(\S.*?))?$/su;

/**
 * `[@key]`, `[@key, p. 3]` or `[@a; @b]` at `pos`: every item between the brackets is `@key` with an optional
 * locator after a comma, and no bracket is inside. Followed by `(`, `[` or `:` it is a link's text or a reference,
 * not a citation. `[see @key]`, `[me@example.org]` and a bare `@key` are text.
 */
export function scanCitation(src: string, pos: number, max = src.length): Citation | undefined {
  if (src.charCodeAt(pos) !== OPEN || src.charCodeAt(pos + 1) !== 0x40 /* @ */) return undefined;
  let i = pos + 1;
  for (; i < max; i++) {
    const c = src.charCodeAt(i);
    if (c === CLOSE) break;
    if (c === OPEN || c === BACKSLASH) return undefined;
  }
  if (i >= max) return undefined;
  const next = src.charCodeAt(i + 1);
  if (next === 0x28 /* ( */ || next === OPEN || next === 0x3a /* : */) return undefined;
  const items: CitationItem[] = [];
  for (const part of src.slice(pos + 1, i).split(";")) {
    const match = ITEM.exec(part.trim().replace(/\s+/g, " "));
    if (!match) return undefined;
    items.push({ ref: { kind: "key", id: match[1]! }, locator: match[2] || undefined });
  }
  return { items, source: src.slice(pos, i + 1), end: i + 1 };
}

/** Whether a note may hold a link at all: most notes have neither `[[` nor `[@`, and skip the work. */
export function mayHoldLinks(markdown: string): boolean {
  return markdown.includes("[[") || markdown.includes("[@");
}

/** A reference as a person would write it in a note: what messages quote. */
export function formatRef(ref: LinkRef): string {
  switch (ref.kind) {
    case "slug":
      return `[[${ref.id}]]`;
    case "arxiv":
      return `[[arxiv:${ref.id}]]`;
    case "doi":
      return `[[doi:${ref.id}]]`;
    case "key":
      return `[@${ref.id}]`;
  }
}
