// What Pagefind is given of each paper, and how the list is cut into parts. Pure: used on the main thread (the
// second writer, the filters) and on the search worker (src/search/worker.ts), which makes its own records.
import { mathAsSource } from "../math/tex.ts";
import type { ListedPaper } from "../papers/library.ts";
import { escapeHtml } from "../util/html.ts";
import { paperUrl } from "../util/urls.ts";
import type { IndexJob, SearchRecord } from "./pagefind.ts";

/** What a search record needs to know of the site. */
export interface RecordSite {
  /** The site's language: Pagefind keeps one index per language, and the search page asks for the site's. */
  language: string;
}

/** What a search record is made of: the fields of a paper it shows, and no more (they travel to the worker). */
export type RecordPaper = Pick<ListedPaper, "slug" | "title" | "authors" | "abstract" | "notesHtml" | "status" | "added" | "code"> & {
  tagLinks: readonly { name: string }[];
};

/** A paper's record fields (see RecordPaper): a worker is sent these rather than the whole paper. */
export function recordPaper(paper: ListedPaper): RecordPaper {
  const { slug, title, authors, abstract, notesHtml, status, added, code } = paper;
  return { slug, title, authors, abstract, notesHtml, status, added, code, tagLinks: paper.tagLinks.map(({ name }) => ({ name })) };
}

/** The year a paper joined the list: the `year` filter. */
export function addedYear(added: string): string {
  return added.slice(0, 4);
}

/**
 * Pagefind's memory grows with the pages of one index and is only given back when that index is written: one
 * index of a long list needs gigabytes while writing (docs/performance.md). The list is therefore indexed in parts of at most
 * `size` papers, each written and dropped before the next, which the search page searches together. An empty
 * list has one empty part, so that the search page still has an index.
 */
export function partCount(items: number, size: number): number {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`a part holds at least one paper, not ${size}`);
  return Math.max(1, Math.ceil(items / size));
}

/**
 * Part `index` (from 0) of the list (see partCount). Parts follow the list's order (newest first), so results
 * sorted by date stay sorted when parts are concatenated; the layout depends on the list alone, not on which
 * writer writes a part (see searchPlugin's second writer), so the index is the same at every build.
 */
export function partOf<T>(items: readonly T[], size: number, index: number): T[] {
  return items.slice(index * size, (index + 1) * size);
}

/**
 * The key Pagefind sorts by for "newest added": the paper's place in the list, which is ordered newest added
 * first (then by title). Sorting by the date alone would leave papers added on the same day in whatever order
 * Pagefind likes, and parts of the index, concatenated, out of order. Sorted descending: earlier places get
 * larger keys, all of one width so that text and number comparisons agree.
 */
export function listSortKey(position: number): string {
  if (!Number.isInteger(position) || position < 0 || position >= MAX_PAPERS) throw new RangeError(`a list position from 0 to ${MAX_PAPERS - 1}, not ${position}`);
  return String(MAX_PAPERS - 1 - position).padStart(String(MAX_PAPERS - 1).length, "0");
}
const MAX_PAPERS = 10_000_000;

/**
 * What Pagefind indexes of one paper, built from the paper itself rather than read back from its rendered page:
 * the index can then be written while the pages render, and Pagefind parses a small document instead of a
 * whole page. Weights: title 10, tags and authors 6, abstract 3, notes 1. Filters: tag, status, year added, has
 * code; metadata: title, status, added, tags; sort: added (see listSortKey). Everything the user wrote is
 * escaped; the notes are shelfmark's own rendering (markdown-it with raw HTML off).
 */
export function searchRecordHtml(paper: RecordPaper, site: RecordSite, position: number): string {
  const tags = paper.tagLinks.map((t) => t.name);
  const parts = [
    `<!doctype html><html lang="${escapeHtml(site.language)}"><head><meta charset="utf-8"></head><body>`,
    `<article data-pagefind-body data-pagefind-sort="added:${listSortKey(position)}">`,
    `<h1 data-pagefind-weight="10" data-pagefind-meta="title">${escapeHtml(paper.title)}</h1>`,
  ];
  if (paper.authors.length) parts.push(`<p data-pagefind-weight="6">${escapeHtml(paper.authors.join(", "))}</p>`);
  if (tags.length) {
    parts.push(`<ul data-pagefind-weight="6">${tags.map((t) => `<li data-pagefind-filter="tag">${escapeHtml(t)}</li>`).join("")}</ul>`);
  }
  if (paper.abstract) parts.push(`<p data-pagefind-weight="3">${escapeHtml(paper.abstract)}</p>`);
  // Formulas as their TeX, as in the title and abstract above: words for the index (src/math/).
  if (paper.notesHtml) parts.push(`<div>${mathAsSource(paper.notesHtml)}</div>`);
  parts.push(
    `<div data-pagefind-ignore>`,
    `<span data-pagefind-filter="status:${escapeHtml(paper.status)}" data-pagefind-meta="status:${escapeHtml(paper.status)}"></span>`,
    `<span data-pagefind-filter="year:${escapeHtml(addedYear(paper.added))}" data-pagefind-meta="added:${escapeHtml(paper.added)}"></span>`,
    paper.code ? `<span data-pagefind-filter="code:yes"></span>` : "",
    tags.length ? `<span data-pagefind-meta="tags">${escapeHtml(tags.join(", "))}</span>` : "",
    `</div></article></body></html>`,
  );
  return parts.join("");
}

/** The search records of part `index` (from 0) of the list (see partOf), each with the paper's place in the list. */
export function partRecords(papers: readonly RecordPaper[], partSize: number, site: RecordSite, index: number): SearchRecord[] {
  return recordsOf(partOf(papers, partSize, index), index * partSize, site);
}

/** Every paper's search record, in the list's order, part by part. */
export function searchRecords(papers: readonly RecordPaper[], partSize: number, site: RecordSite): SearchRecord[][] {
  return Array.from({ length: partCount(papers.length, partSize) }, (_, index) => partRecords(papers, partSize, site, index));
}

function recordsOf(part: readonly RecordPaper[], from: number, site: RecordSite): SearchRecord[] {
  return part.map((paper, i) => ({ url: paperUrl(paper.slug), html: searchRecordHtml(paper, site, from + i) }));
}

/** A writer's job as the papers, not yet records: what the main thread hands the search worker (see indexJob). */
export interface PapersJob extends Omit<IndexJob, "parts"> {
  /** The whole list, in its order (only the parts in `indexes` are read). */
  papers: readonly RecordPaper[];
  partSize: number;
  site: RecordSite;
  /** The parts this writer may write, in the order it takes them. */
  indexes: readonly number[];
}

/**
 * The writer's job with each part's records made when the writer takes the part: a part's 2,000 records are
 * made in a few tens of milliseconds, and a list's would hold up Pagefind's start, and memory until its part is
 * written. Each part holds only its own papers, so the list itself is not kept.
 */
export function indexJob({ papers, partSize, site, indexes, ...rest }: PapersJob): IndexJob {
  return {
    ...rest,
    parts: indexes.map((index) => {
      const part = partOf(papers, partSize, index);
      return { index, records: () => recordsOf(part, index * partSize, site) };
    }),
  };
}
