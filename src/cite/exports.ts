import path from "node:path";
import { bibtexEntry } from "./bibtex.ts";
import { cslItem } from "./csl.ts";
import { citationsFor } from "./index.ts";
import { CitationMemo } from "./memo.ts";
import type { Paper } from "../papers/schema.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import type { ListedPaper } from "../papers/library.ts";
import type { WithContext } from "../context.ts";
import { plural } from "../util/plural.ts";
import { writeTextFile } from "../runtime/text-file.ts";
import { pagesWrittenAside } from "../site/pages.ts";

/** The whole list as one BibTeX file, newest added first, with abstracts and tags as keywords. */
export function bibtexFile(papers: ListedPaper[], keys: Map<string, { key: string }>, entry = fullEntry): string {
  return [...bibtexPieces(papers, keys, entry)].join("");
}

/** The text of `bibtexFile`, made entry by entry as it is written. */
export function* bibtexPieces(papers: ListedPaper[], keys: Map<string, { key: string }>, entry = fullEntry): Generator<string> {
  // No user text outside the entries: a stray `@` there would start an entry for every BibTeX reader.
  yield `% BibTeX export of this reading list: ${plural(papers.length, "paper")}, newest added first.\n`;
  for (const p of papers) yield "\n" + entry(p, keys.get(p.slug)!.key);
}

/** A paper's entry in `/papers.bib`: with its abstract and tags. */
export function fullEntry(paper: Paper, key: string): string {
  return bibtexEntry(paper, key, { full: true });
}

/**
 * The whole list as CSL-JSON (an array of items), the format Zotero, Pandoc and citeproc read: the text of
 * `JSON.stringify(items, null, 2)` and a line break, written item by item (`itemJson`) so that a rebuild can keep
 * the items of papers that did not change.
 */
export function cslJsonText(papers: ListedPaper[], keys: Map<string, { key: string }>, item = itemJson): string {
  return [...cslJsonPieces(papers, keys, item)].join("");
}

/** The text of `cslJsonText`, made item by item as it is written. */
export function* cslJsonPieces(papers: ListedPaper[], keys: Map<string, { key: string }>, item = itemJson): Generator<string> {
  if (papers.length === 0) {
    yield "[]\n";
    return;
  }
  yield "[\n";
  for (const [i, p] of papers.entries()) yield (i > 0 ? ",\n" : "") + item(p, keys.get(p.slug)!.key);
  yield "\n]\n";
}

/** One item as it stands in the array of `/papers.json`: indented by two spaces more than alone. */
export function itemJson(paper: Paper, key: string): string {
  // Only after "\n": a `^` in a multiline pattern also matches after U+2028 and U+2029, which JSON leaves unescaped.
  return "  " + JSON.stringify(cslItem(paper, key), null, 2).replaceAll("\n", "\n  ");
}

export interface ExportsPluginOptions {
  /** Where the BibTeX export is written. */
  bibUrl?: string;
  /** Where the CSL-JSON export is written. */
  cslUrl?: string;
}

/**
 * `/papers.bib` and `/papers.json`: the whole list, with the same keys the paper pages show. Written by shelfmark
 * into the output folder during the build, entry by entry, instead of handed to Eleventy as two strings: for a
 * long list each is tens of megabytes, which Eleventy held until the build ended (docs/performance.md).
 */
export function exportsPlugin(eleventyConfig: EleventyConfig, options: ExportsPluginOptions & WithContext): void {
  const { ctx } = options;
  const urls = { bib: options.bibUrl ?? "/papers.bib", csl: options.cslUrl ?? "/papers.json" };
  const write = async (output: string, runMode: string) => {
    const lib = await ctx.library();
    // Let the other work waiting for the library start first (the related-papers worker), then compute.
    await new Promise((resolve) => setImmediate(resolve));
    const keys = await citationsFor(ctx);
    // The dev server keeps each paper's entry from its last build for the papers a save left as they were
    // (src/cite/memo.ts); a production build keeps none, so that none is held once written.
    const entries = runMode === "build" ? undefined : ctx.acrossBuilds("exports: BibTeX entries", () => new CitationMemo(fullEntry));
    const items = runMode === "build" ? undefined : ctx.acrossBuilds("exports: CSL-JSON items", () => new CitationMemo(itemJson));
    await ctx.outputEmptied();
    // Told to the sitemap's step, which says a template of the person's that writes the same file (src/site/pages.ts).
    const written = pagesWrittenAside(ctx);
    const inputPath = `./${path.join(eleventyConfig.directories.input, "shelfmark/exports.11ty.js")}`;
    const file = (url: string) => ({ url, outputPath: path.join(output, url), inputPath, noun: "export" });
    // Timed while the entries are made, not while the file waits for the disk or the rest of the build runs.
    const bib = bibtexPieces(lib.papers, keys, entries ? (p, key) => entries.get(p, key) : fullEntry);
    await writeTextFile(file(urls.bib).outputPath, ctx.timings.timeEach("exports (BibTeX)", bib));
    written.push(file(urls.bib));
    const csl = cslJsonPieces(lib.papers, keys, items ? (p, key) => items.get(p, key) : itemJson);
    await writeTextFile(file(urls.csl).outputPath, ctx.timings.timeEach("exports (CSL-JSON)", csl));
    written.push(file(urls.csl));
    entries?.done();
    items?.done();
  };
  // Started with the build, not when Eleventy renders the template below: on a large list the main thread would
  // otherwise sit idle while the related papers are computed on a worker thread (related-plugin.ts). In the dev
  // server they are made when the template renders, after the page being edited (which renders first,
  // src/papers/index.ts) is written: nobody is waiting for the exports then.
  let current: Promise<void> | undefined;
  let start: (() => Promise<void>) | undefined;
  eleventyConfig.on("eleventy.before", ({ runMode, outputMode, directories }: { runMode: string; outputMode?: string; directories: { output: string } }) => {
    current = start = undefined;
    // --to=json or ndjson: Eleventy writes no file, and neither does this step.
    if (outputMode && outputMode !== "fs") return;
    start = () => (current ??= write(directories.output, runMode));
    if (runMode !== "build") return;
    // Awaited by the template below; until then a failure must not count as unhandled.
    start().catch(() => {});
  });
  // A template that writes nothing itself: it makes Eleventy wait for the files, and report their errors.
  eleventyConfig.addTemplate(
    "shelfmark/exports.11ty.js",
    async () => {
      await start?.();
      return "";
    },
    { permalink: false, eleventyExcludeFromCollections: true },
  );
}
