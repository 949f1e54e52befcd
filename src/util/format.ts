import type { Status } from "../papers/schema.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2026-03-14` → `14 Mar 2026`; `2017-06` → `Jun 2017`; `2017` → `2017`. No time zones involved. */
export function readableDate(value: string): string {
  const [y, m, d] = value.split("-");
  if (!m) return y!;
  const month = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

const OTHER_WHITESPACE = /[^\S ]/;

/**
 * Runs of whitespace as one space, trimmed. Most text (abstracts, titles, names) is words with single spaces:
 * the check, a search for two spaces and for any other whitespace, is much cheaper than the replacement.
 */
export function collapseWhitespace(text: string): string {
  return text.includes("  ") || OTHER_WHITESPACE.test(text) ? text.replace(/\s+/g, " ").trim() : text.trim();
}

/** Spans of a text, `[start, end)`, that an excerpt keeps whole or leaves out (formulas: src/math/tex.ts formulaSpans). */
export type Atoms = (flat: string) => Iterable<readonly [number, number]>;

/**
 * The first sentences of a plain-text abstract, cut at a word boundary, at most `max` characters. A cut that
 * would fall inside one of the `atoms` falls before it instead: half a formula is neither prose nor math. An atom
 * that opens the text is kept whole, however long, rather than leave nothing.
 */
export function excerpt(text: string | undefined, max = 240, atoms?: Atoms): string {
  if (!text) return "";
  const flat = collapseWhitespace(text);
  if (flat.length <= max) return flat;
  const space = flat.lastIndexOf(" ", max - 2);
  let end = space > max * 0.6 ? space : max - 1;
  for (const [start, stop] of atoms?.(flat) ?? []) {
    if (start >= end) break;
    if (end < stop) end = start > 0 ? start : stop;
  }
  return flat.slice(0, end).replace(/[\s,;:.–-]+$/, "") + "…";
}

export const STATUS_LABELS: Record<Status, string> = { "to-read": "To read", reading: "Reading", read: "Read" };

export function statusLabel(status: Status): string {
  return STATUS_LABELS[status];
}

/** `Vaswani, Shazeer, Parmar et al.`: enough to recognise a paper in a list. */
export function shortAuthors(authors: string[], max = 3): string {
  if (authors.length <= max) return authors.join(", ");
  return `${authors.slice(0, max).join(", ")} et al.`;
}

export function arxivUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

export function doiUrl(doi: string): string {
  return `https://doi.org/${doi}`;
}
