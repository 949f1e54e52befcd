import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";
import type { EleventyConfig } from "./eleventy-types.ts";
import { ShelfmarkError } from "./errors.ts";
import { STATUS_LABELS } from "./format.ts";
import type { Library } from "./library.ts";
import { STATUSES } from "./paper-schema.ts";
import { libraryOf } from "./papers.ts";
import { recordStage, timeStage } from "./timings.ts";

const PLUGIN = "search";

export interface SearchPluginOptions {
  /** Folder of the index and of Pagefind's scripts, inside the output folder. */
  bundleDir?: string;
  /** URL of the search page. */
  permalink?: string;
  /**
   * Pagefind's ranking settings (https://pagefind.app/docs/ranking/), passed to the browser by the search page.
   * The default `pageLength: 0.1` (Pagefind's is 0.75) keeps long notes from pushing a paper down, so the
   * field weights decide: a word in a title beats tags and authors, which beat the abstract, which beats notes.
   */
  ranking?: SearchRanking;
}

export interface SearchRanking {
  pageLength?: number;
  termFrequency?: number;
  termSaturation?: number;
  termSimilarity?: number;
}

// ---- pure parts ----------------------------------------------------------------------------------

/** One value of a search filter, as the search page lists it before any query. */
export interface FilterOption {
  value: string;
  label: string;
  /** Papers with this value. */
  count: number;
}

/** Filter names are the ones the paper layout gives Pagefind (`data-pagefind-filter`). */
export interface SearchFilters {
  tag: FilterOption[];
  status: FilterOption[];
  year: FilterOption[];
  code: FilterOption[];
}

/** The year a paper joined the list: the `year` filter. */
export function addedYear(added: string): string {
  return added.slice(0, 4);
}

/**
 * The filters of the search page, from the same library the paper pages are rendered from, so that their
 * values are exactly those in the index: tag names, status keys, years added (newest first), has code.
 */
export function searchFilters(library: Pick<Library, "papers" | "tags">): SearchFilters {
  const years = new Map<string, number>();
  let withCode = 0;
  for (const paper of library.papers) {
    const year = addedYear(paper.added);
    years.set(year, (years.get(year) ?? 0) + 1);
    if (paper.code) withCode++;
  }
  const statusCounts = new Map<string, number>();
  for (const paper of library.papers) statusCounts.set(paper.status, (statusCounts.get(paper.status) ?? 0) + 1);
  return {
    tag: library.tags.map((t) => ({ value: t.name, label: t.name, count: t.papers.length })),
    status: STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s], count: statusCounts.get(s) ?? 0 })),
    year: [...years.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([y, count]) => ({ value: y, label: y, count })),
    code: [{ value: "yes", label: "Has code", count: withCode }],
  };
}

/** Pages in the index, from the `pagefind-entry.json` Pagefind writes: one entry per language. */
export function indexedPageCount(entry: unknown): number {
  const languages = (entry as { languages?: Record<string, { page_count?: unknown }> } | null)?.languages;
  if (!languages || typeof languages !== "object") throw new Error("pagefind-entry.json has no languages");
  return Object.values(languages).reduce((sum, lang) => {
    if (typeof lang?.page_count !== "number") throw new Error("pagefind-entry.json has a language without page_count");
    return sum + lang.page_count;
  }, 0);
}

/** The error for an index that does not hold exactly one page per paper, with what to look at. */
export function countMismatch(indexed: number, papers: number, bundle: string): ShelfmarkError | undefined {
  if (indexed === papers) return undefined;
  const why =
    indexed < papers
      ? "some paper pages were not indexed: each paper page must carry data-pagefind-body (see _includes/layouts/paper.njk) and the same <html lang> as the rest of the site"
      : "pages other than paper pages were indexed: only the paper layout may carry data-pagefind-body";
  return new ShelfmarkError(PLUGIN, `the search index (${bundle}) holds ${indexed} page${indexed === 1 ? "" : "s"} but the list has ${papers} paper${papers === 1 ? "" : "s"}: ${why}.`);
}

/** Pagefind reports problems as lists of strings rather than throwing: turn a non-empty list into an error. */
export function pagefindFailure(step: string, errors: readonly string[]): ShelfmarkError | undefined {
  if (errors.length === 0) return undefined;
  return new ShelfmarkError(PLUGIN, `Pagefind failed to ${step}:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
}

/** The file a page URL is written to: `/papers/x/` → `<out>/papers/x/index.html`. */
export function outputFileOf(outputDir: string, url: string): string {
  const rel = decodeURI(url).replace(/^\/+/, "");
  return path.join(outputDir, rel.endsWith("/") || rel === "" ? path.join(rel, "index.html") : rel);
}

/**
 * Hands pages on in a fixed order as they arrive in any order. Pagefind numbers pages in the order it
 * receives them, so feeding them as Eleventy renders them would change the index from build to build;
 * holding back only the pages that arrive early keeps the index byte-identical and still lets Pagefind
 * work while the rest of the site renders.
 */
export class OrderedFeed<T> {
  private next = 0;
  private readonly held = new Map<string, T>();
  private readonly position: Map<string, number>;

  constructor(
    private readonly order: readonly string[],
    private readonly send: (key: string, value: T) => void,
  ) {
    this.position = new Map(order.map((key, i) => [key, i]));
  }

  /** Takes a page; false when its key is not in the order or was offered before (the page is not fed). */
  offer(key: string, value: T): boolean {
    const at = this.position.get(key);
    if (at === undefined || at < this.next || this.held.has(key)) return false;
    this.held.set(key, value);
    while (this.next < this.order.length && this.held.has(this.order[this.next]!)) {
      const k = this.order[this.next++]!;
      const v = this.held.get(k)!;
      this.held.delete(k);
      this.send(k, v);
    }
    return true;
  }

  /** True once every key has been sent on. */
  complete(): boolean {
    return this.next === this.order.length;
  }

  /** Keys not offered yet, in order. */
  missing(): string[] {
    return this.order.slice(this.next).filter((k) => !this.held.has(k));
  }
}

/**
 * The part of a rendered page Pagefind reads: its `<html>` tag (the language), its title and the one element
 * marked `data-pagefind-body`. Pagefind ignores everything else on such a page, so the index is the same
 * byte for byte, but it parses a third of the HTML (the head alone, with its citation meta and JSON-LD, is
 * half of a paper page) and the pages queued for it take a third of the memory. A page whose `data-pagefind-*`
 * attributes are not all inside that element, or that has several such elements, is handed over whole.
 */
export function searchableHtml(html: string): string {
  const marker = html.indexOf("data-pagefind-body");
  if (marker < 0 || html.indexOf("data-pagefind-body", marker + 1) >= 0) return html;
  const start = html.lastIndexOf("<", marker);
  const name = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(start, marker))?.[1];
  const root = /<html(?:\s[^>]*)?>/i.exec(html);
  if (!name || !root) return html;
  // The element ends where its own closing tag balances the same tags opened inside it.
  const tags = new RegExp(`<(/?)${name}(?=[\\s/>])`, "gi");
  tags.lastIndex = start;
  let depth = 0;
  let end = -1;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) {
      end = html.indexOf(">", m.index) + 1;
      break;
    }
  }
  if (end <= 0) return html;
  const body = html.slice(start, end);
  if (countOf(body, "data-pagefind-") !== countOf(html, "data-pagefind-")) return html;
  const title = /<title>[^<]*<\/title>/.exec(html)?.[0] ?? "";
  return `<!doctype html>${root[0]}<head><meta charset="utf-8">${title}</head><body>${body}</body></html>`;
}

function countOf(text: string, part: string): number {
  let n = 0;
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length)) n++;
  return n;
}

// ---- the plugin ------------------------------------------------------------------------------------

/** Where papers.ts publishes a paper (its permalink `/papers/{{ paper.slug }}/`). */
export function paperUrl(slug: string): string {
  return `/papers/${slug}/`;
}

/**
 * Offline search. The paper layout marks what Pagefind indexes (`data-pagefind-body`, weights, filters,
 * metadata, sort); this plugin adds the search page, hands the rendered paper pages to Pagefind's Node API
 * and writes the index into the output folder at the end of every build, dev-server rebuilds included.
 */
export function searchPlugin(eleventyConfig: EleventyConfig, options: SearchPluginOptions = {}): void {
  const bundleDir = options.bundleDir ?? "pagefind";
  const permalink = options.permalink ?? "/search/";
  const ranking: SearchRanking = options.ranking ?? { pageLength: 0.1 };
  const library = libraryOf(eleventyConfig);

  eleventyConfig.addGlobalData("searchFilters", async () => Object.freeze(searchFilters(await library())));
  eleventyConfig.addGlobalData("searchBundle", `/${bundleDir}/`);
  eleventyConfig.addGlobalData("searchRanking", JSON.stringify(ranking));
  eleventyConfig.addTemplate("shelfmark/search.njk", "", {
    layout: "layouts/search.njk",
    permalink,
    navSection: "search",
    pageTitle: "Search",
    searchPage: true,
  });

  /**
   * One build's indexing: started by the first paper page rendered; in a whole build, written as soon as the
   * last paper page is in (while the pages still rendering finish), otherwise in eleventy.after.
   */
  interface Run {
    index: pagefind.PagefindIndex;
    feed: OrderedFeed<string>;
    added: Promise<pagefind.NewFileResponse>[];
    written?: Promise<void>;
  }
  let run: Promise<Run> | undefined;
  let fullBuild = false;
  let bundlePath = "";

  const writeIndex = async (current: Run, bundle: string): Promise<void> => {
    const added = await Promise.all(current.added);
    const failure = pagefindFailure("index the paper pages", added.flatMap((r) => r.errors));
    if (failure) throw failure;
    await rm(bundle, { recursive: true, force: true });
    const written = await timeStage("search index (writing)", () => current.index.writeFiles({ outputPath: bundle }));
    const writeFailure = pagefindFailure(`write ${bundle}`, written.errors);
    if (writeFailure) throw writeFailure;
  };

  const startRun = async (): Promise<Run> => {
    const { papers } = await library();
    let created: pagefind.NewIndexResponse;
    try {
      created = await pagefind.createIndex({});
    } catch (error) {
      throw new ShelfmarkError(PLUGIN, `Pagefind could not start: ${(error as Error).message}. Fix: reinstall with npm ci (Pagefind's binary is an optional dependency: do not install with --omit=optional)`);
    }
    const failure = pagefindFailure("create an index", created.errors);
    if (failure || !created.index) throw failure ?? new ShelfmarkError(PLUGIN, "Pagefind created no index");
    const index = created.index;
    const added: Promise<pagefind.NewFileResponse>[] = [];
    const feed = new OrderedFeed<string>(papers.map((p) => paperUrl(p.slug)), (url, content) => added.push(index.addHTMLFile({ url, content })));
    return { index, feed, added };
  };

  eleventyConfig.on("eleventy.before", ({ directories, runMode, outputMode, incremental }) => {
    run = undefined;
    bundlePath = path.join(path.resolve(directories.output), bundleDir);
    // Only a whole build to disk renders every paper page, so only it may write the index before its end.
    fullBuild = runMode === "build" && (!outputMode || outputMode === "fs") && !incremental;
  });

  eleventyConfig.addTransform("shelfmark-search", async function (content: string) {
    const outputPath = this.page.outputPath;
    if (typeof outputPath !== "string" || !outputPath.endsWith(".html") || !content.includes("data-pagefind-body")) return content;
    const current = await (run ??= startRun());
    current.feed.offer(this.page.url, searchableHtml(content));
    if (fullBuild && !current.written && current.feed.complete()) {
      current.written = writeIndex(current, bundlePath);
      // Awaited in eleventy.after; until then a failure must not count as unhandled.
      current.written.catch(() => {});
    }
    return content;
  });

  eleventyConfig.on("eleventy.after", async ({ directories, outputMode }) => {
    if (outputMode && outputMode !== "fs") return;
    const { papers } = await library();
    const outputDir = path.resolve(directories.output);
    const bundle = path.join(outputDir, bundleDir);
    const started = performance.now();
    const current = await (run ??= startRun());
    run = undefined;
    try {
      // The dev server's incremental rebuilds render only the pages that changed: the others are on disk.
      for (const url of current.feed.missing()) {
        const file = outputFileOf(outputDir, url);
        const content = await readFile(file, "utf8").catch(() => {
          throw new ShelfmarkError(PLUGIN, `the paper page ${url} was neither rendered in this build nor found at ${file}`);
        });
        current.feed.offer(url, searchableHtml(content));
      }
      await (current.written ??= writeIndex(current, bundle));
      recordStage("search index (after the last page)", performance.now() - started);
    } finally {
      await pagefind.close();
    }
    const entry = JSON.parse(await readFile(path.join(bundle, "pagefind-entry.json"), "utf8"));
    const mismatch = countMismatch(indexedPageCount(entry), papers.length, path.relative(process.cwd(), bundle) || bundle);
    if (mismatch) throw mismatch;
    console.log(`[shelfmark:${PLUGIN}] indexed ${papers.length} paper${papers.length === 1 ? "" : "s"}; the index was finished ${Math.round(performance.now() - started)} ms after the pages`);
  });
}
