import { bibtexEntry, citationKeys, highwireMeta, jsonForScript, scholarlyArticle, type MetaTag } from "./cite.ts";
import { dataTable } from "../runtime/data-table.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import type { Library } from "../papers/library.ts";
import { libraryOf } from "../papers/index.ts";
import type { Paper } from "../papers/schema.ts";
import { timeStage } from "../runtime/timings.ts";

/** What a paper page shows under "Cite": its key and its BibTeX entry (without abstract). */
export interface PaperCitation {
  key: string;
  bibtex: string;
}

const computed = new WeakMap<Library, Promise<Map<string, PaperCitation>>>();

/**
 * Keys and page entries for every paper of a library, computed once per build and shared by the paper
 * pages and the whole-list exports, so `/papers.bib` and each page always agree on a paper's key.
 */
export function citationsFor(library: Library): Promise<Map<string, PaperCitation>> {
  let result = computed.get(library);
  if (!result) {
    result = timeStage("citations (keys and BibTeX)", () => {
      const keys = citationKeys(library.papers);
      return new Map(library.papers.map((p) => [p.slug, { key: keys.get(p.slug)!, bibtex: bibtexEntry(p, keys.get(p.slug)!) }]));
    });
    computed.set(library, result);
  }
  return result;
}

/**
 * Citing from a paper page: `citations` (slug → key and BibTeX) for `layouts/paper.njk`, and the filters
 * `highwireMeta` and `scholarlyJsonLd` for `layouts/base.njk`.
 */
export function citationsPlugin(eleventyConfig: EleventyConfig): void {
  const library = libraryOf(eleventyConfig);
  eleventyConfig.addGlobalData("citations", async () => dataTable(await citationsFor(await library())));
  eleventyConfig.addFilter("highwireMeta", (paper: Paper): MetaTag[] => highwireMeta(paper));
  // Returns JSON already escaped for a <script> element: the template marks it safe.
  eleventyConfig.addFilter("scholarlyJsonLd", (paper: Paper, pageUrl: string): string => jsonForScript(scholarlyArticle(paper, pageUrl)));
}
