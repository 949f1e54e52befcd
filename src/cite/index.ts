import { bibtexEntry } from "./bibtex.ts";
import { citationKeys } from "./keys.ts";
import { CitationMemo } from "./memo.ts";
import { highwireMeta, jsonForScript, scholarlyArticle, type MetaTag } from "./meta.ts";
import { dataTable } from "../runtime/data-table.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import type { Paper } from "../papers/schema.ts";
import type { BuildContext, WithContext } from "../context.ts";

/** What a paper page shows under "Cite": its key and its BibTeX entry (without abstract). */
export interface PaperCitation {
  key: string;
  bibtex: string;
}

/**
 * Keys and page entries for every paper of a library, computed once per build and shared by the paper
 * pages and the whole-list exports, so `/papers.bib` and each page always agree on a paper's key.
 */
export function citationsFor(ctx: BuildContext): Promise<Map<string, PaperCitation>> {
  return ctx.once("citations", async () => {
    const library = await ctx.library();
    // Kept from the dev server's last build for the papers a save left as they were (src/cite/memo.ts).
    const entries = ctx.acrossBuilds("cite: page entries", () => new CitationMemo((paper, key) => bibtexEntry(paper, key)));
    return ctx.timings.time("citations (keys and BibTeX)", () => {
      const keys = citationKeys(library.papers);
      const citations = new Map(library.papers.map((p) => [p.slug, { key: keys.get(p.slug)!, bibtex: entries.get(p, keys.get(p.slug)!) }]));
      entries.done();
      return citations;
    });
  });
}

/**
 * Citing from a paper page: `citations` (slug → key and BibTeX) for `layouts/paper.njk`, and the filters
 * `highwireMeta` and `scholarlyJsonLd` for `layouts/base.njk`.
 */
export function citationsPlugin(eleventyConfig: EleventyConfig, { ctx }: WithContext): void {
  eleventyConfig.addGlobalData("citations", async () => dataTable(await citationsFor(ctx)));
  eleventyConfig.addFilter("highwireMeta", (paper: Paper): MetaTag[] => highwireMeta(paper));
  // Returns JSON already escaped for a <script> element: the template marks it safe.
  eleventyConfig.addFilter("scholarlyJsonLd", (paper: Paper, pageUrl: string): string => jsonForScript(scholarlyArticle(paper, pageUrl)));
}

/** `/papers.bib` and `/papers.json` (src/cite/exports.ts). */
export { exportsPlugin } from "./exports.ts";
