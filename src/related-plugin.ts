import type { EleventyConfig } from "./eleventy-types.ts";
import { libraryOf } from "./papers.ts";
import type { Status } from "./paper-schema.ts";
import { relatedPapers, type RelatedOptions, type RelatedPaper } from "./related.ts";
import { timeStage } from "./timings.ts";

/**
 * `related`: slug → up to five related papers, computed once per build from the whole list
 * (src/related.ts) and shown by `partials/related.njk` on each paper page.
 */
export function relatedPlugin(eleventyConfig: EleventyConfig, options: RelatedOptions = {}): void {
  const library = libraryOf(eleventyConfig);
  eleventyConfig.addGlobalData("related", async (): Promise<Record<string, ListedRelated[]>> => {
    const { papers } = await library();
    return timeStage("related papers", () => {
      const status = new Map(papers.map((p) => [p.slug, p.status]));
      const related = relatedPapers(papers.map((p) => ({ slug: p.slug, title: p.title, abstract: p.abstract, tags: p.tagLinks.map((t) => t.name) })), options);
      // With its status, so the list shows the same badge as every other list of papers.
      return Object.fromEntries([...related].map(([slug, list]) => [slug, list.map((r) => ({ ...r, status: status.get(r.slug)! }))]));
    });
  });
}

export interface ListedRelated extends RelatedPaper {
  status: Status;
}
