import { bibtexEntry } from "./bibtex.ts";
import { cslItem } from "./csl.ts";
import { citationsFor } from "./index.ts";
import { CitationMemo } from "./memo.ts";
import type { Paper } from "../papers/schema.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import type { ListedPaper } from "../papers/library.ts";
import type { WithContext } from "../context.ts";
import { plural } from "../util/plural.ts";

/** The whole list as one BibTeX file, newest added first, with abstracts and tags as keywords. */
export function bibtexFile(papers: ListedPaper[], keys: Map<string, { key: string }>, entry = fullEntry): string {
  // No user text outside the entries: a stray `@` there would start an entry for every BibTeX reader.
  const head = `% BibTeX export of this reading list: ${plural(papers.length, "paper")}, newest added first.\n`;
  return head + papers.map((p) => "\n" + entry(p, keys.get(p.slug)!.key)).join("");
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
  if (papers.length === 0) return "[]\n";
  return `[\n${papers.map((p) => item(p, keys.get(p.slug)!.key)).join(",\n")}\n]\n`;
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

/** `/papers.bib` and `/papers.json`: the whole list, with the same keys the paper pages show. */
export function exportsPlugin(eleventyConfig: EleventyConfig, options: ExportsPluginOptions & WithContext): void {
  const { ctx } = options;
  const make = async () => {
    const lib = await ctx.library();
    // Let the other work waiting for the library start first (the related-papers worker), then compute.
    await new Promise((resolve) => setImmediate(resolve));
    const keys = await citationsFor(ctx);
    // Kept from the dev server's last build for the papers a save left as they were (src/cite/memo.ts).
    const entries = ctx.acrossBuilds("exports: BibTeX entries", () => new CitationMemo(fullEntry));
    const items = ctx.acrossBuilds("exports: CSL-JSON items", () => new CitationMemo(itemJson));
    const bib = await ctx.timings.time("exports (BibTeX)", () => bibtexFile(lib.papers, keys, (p, key) => entries.get(p, key)));
    const csl = await ctx.timings.time("exports (CSL-JSON)", () => cslJsonText(lib.papers, keys, (p, key) => items.get(p, key)));
    entries.done();
    items.done();
    return { bib, csl };
  };
  // Started with the build, not when Eleventy computes these templates' data: on a large list the main thread
  // would otherwise sit idle while the related papers are computed on a worker thread (related-plugin.ts).
  // In the dev server they are made when their templates render, after the page being edited (which renders
  // first, src/papers/index.ts) is written: nobody is waiting for the exports then.
  let current: ReturnType<typeof make> | undefined;
  eleventyConfig.on("eleventy.before", ({ runMode }: { runMode?: string }) => {
    current = undefined;
    if (runMode !== "build") return;
    current = make();
    // Awaited by the templates below; until then a failure must not count as unhandled.
    current.catch(() => {});
  });
  const texts = () => (current ??= make());
  // Virtual templates rather than files written after the build: the dev server serves them and they
  // rebuild with the list. JavaScript templates that hand the text on as it is (not HTML: escaping is BibTeX's
  // and JSON's own): a Nunjucks template would build a second copy of tens of megabytes for a long list.
  eleventyConfig.addTemplate("shelfmark/papers-bib.11ty.js", async () => (await texts()).bib, {
    permalink: options.bibUrl ?? "/papers.bib",
    eleventyExcludeFromCollections: true,
  });
  eleventyConfig.addTemplate("shelfmark/papers-csl.11ty.js", async () => (await texts()).csl, {
    permalink: options.cslUrl ?? "/papers.json",
    eleventyExcludeFromCollections: true,
  });
}
