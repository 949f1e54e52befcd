import { bibtexEntry } from "./bibtex.ts";
import { cslItem, type CslItem } from "./csl.ts";
import { citationsFor } from "./index.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import type { ListedPaper } from "../papers/library.ts";
import type { WithContext } from "../context.ts";
import { plural } from "../util/plural.ts";

/** The whole list as one BibTeX file, newest added first, with abstracts and tags as keywords. */
export function bibtexFile(papers: ListedPaper[], keys: Map<string, { key: string }>): string {
  // No user text outside the entries: a stray `@` there would start an entry for every BibTeX reader.
  const head = `% BibTeX export of this reading list: ${plural(papers.length, "paper")}, newest added first.\n`;
  return head + papers.map((p) => "\n" + bibtexEntry(p, keys.get(p.slug)!.key, { full: true })).join("");
}

/** The whole list as CSL-JSON (an array of items), the format Zotero, Pandoc and citeproc read. */
export function cslJson(papers: ListedPaper[], keys: Map<string, { key: string }>): CslItem[] {
  return papers.map((p) => cslItem(p, keys.get(p.slug)!.key));
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
    return {
      bib: await ctx.timings.time("exports (BibTeX)", () => bibtexFile(lib.papers, keys)),
      csl: await ctx.timings.time("exports (CSL-JSON)", () => JSON.stringify(cslJson(lib.papers, keys), null, 2) + "\n"),
    };
  };
  // Started with the build, not when Eleventy computes these templates' data: on a large list the main thread
  // would otherwise sit idle while the related papers are computed on a worker thread (related-plugin.ts).
  let current: ReturnType<typeof make> | undefined;
  eleventyConfig.on("eleventy.before", () => {
    current = make();
    // Awaited by the templates below; until then a failure must not count as unhandled.
    current.catch(() => {});
  });
  const texts = () => (current ??= make());
  // Virtual templates rather than files written after the build: the dev server serves them and they
  // rebuild with the list. JavaScript templates that hand the text on as it is (not HTML: escaping is BibTeX's
  // and JSON's own): a Nunjucks template would build a second copy of tens of megabytes for a long list.
  const asIs = (data: { exportText: string }) => data.exportText;
  eleventyConfig.addTemplate("shelfmark/papers-bib.11ty.js", asIs, {
    permalink: options.bibUrl ?? "/papers.bib",
    eleventyExcludeFromCollections: true,
    eleventyComputed: {
      exportText: async () => (await texts()).bib,
    },
  });
  eleventyConfig.addTemplate("shelfmark/papers-csl.11ty.js", asIs, {
    permalink: options.cslUrl ?? "/papers.json",
    eleventyExcludeFromCollections: true,
    eleventyComputed: {
      exportText: async () => (await texts()).csl,
    },
  });
}
