import { dataTable } from "../runtime/data-table.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import type { Status } from "../papers/schema.ts";
import { relatedPapers, type RelatedInput, type RelatedOptions, type RelatedPaper } from "./related.ts";
import type { WithContext } from "../context.ts";
import { runOnWorker } from "../runtime/worker.ts";

export interface RelatedPluginOptions extends RelatedOptions {
  /**
   * From this many papers on, the step runs on a worker thread, in parallel with the rest of the build's
   * preparation (citations, exports, feeds, Eleventy's own setup), which would otherwise wait for it on one
   * core (docs/performance.md). Below it, starting a worker costs more than it saves. Default 2,000.
   */
  workerFrom?: number;
}

/**
 * `related`: slug → up to five related papers, computed once per build from the whole list
 * (src/related/related.ts) and shown by `layouts/paper.njk` on each paper page.
 */
export function relatedPlugin(eleventyConfig: EleventyConfig, options: RelatedPluginOptions & WithContext): void {
  const { ctx, workerFrom = 2000, ...relatedOptions } = options;

  // The dev server rebuilds on every save; a save that leaves titles, abstracts, tags and note links as they were
  // (the rest of the notes, status, links) keeps the related papers of the last build.
  let last: { inputs: RelatedInput[]; related: Map<string, RelatedPaper[]> } | undefined;
  const compute = async (): Promise<Readonly<Record<string, ListedRelated[]>>> => {
    const { papers } = await ctx.library();
    return ctx.timings.time("related papers", async () => {
      const inputs: RelatedInput[] = papers.map((p) => ({ slug: p.slug, title: p.title, abstract: p.abstract, tags: p.tagLinks.map((t) => t.name), links: p.linksTo }));
      // Kept from the last build when nothing it reads changed; else on a worker for a long list (should the
      // worker not start, with another TypeScript loader than tsx say, the main thread does the work).
      const related =
        last && sameInputs(last.inputs, inputs)
          ? last.related
          : inputs.length >= workerFrom
            ? await relatedOnWorker(inputs, relatedOptions).catch(() => relatedPapers(inputs, relatedOptions))
            : relatedPapers(inputs, relatedOptions);
      last = { inputs, related };
      const status = new Map(papers.map((p) => [p.slug, p.status]));
      // With its status, so the list shows the same badge as every other list of papers.
      return dataTable([...related].map(([slug, list]) => [slug, list.map((r) => ({ ...r, status: status.get(r.slug)! }))] as const));
    });
  };
  // Started with the build, not when Eleventy asks for this global (it resolves globals one after another):
  // the worker then runs while the other plugins prepare their data.
  let current: Promise<Readonly<Record<string, ListedRelated[]>>> | undefined;
  eleventyConfig.on("eleventy.before", () => {
    current = compute();
    // Awaited by the global below; until then a failure must not count as unhandled.
    current.catch(() => {});
  });
  eleventyConfig.addGlobalData("related", () => (current ??= compute()));
}

/** The same papers with the same titles, abstracts, tags and note links, in the same order. */
export function sameInputs(a: readonly RelatedInput[], b: readonly RelatedInput[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.slug !== y.slug || x.title !== y.title || x.abstract !== y.abstract || x.tags.length !== y.tags.length || x.tags.some((t, j) => t !== y.tags[j]) || !sameList(x.links, y.links)) return false;
  }
  return true;
}

/** `relatedPapers` on a worker thread; the same result, computed while the main thread goes on. */
export async function relatedOnWorker(papers: RelatedInput[], options: RelatedOptions = {}): Promise<Map<string, RelatedPaper[]>> {
  return new Map(await runOnWorker<[string, RelatedPaper[]][]>(new URL("./worker.ts", import.meta.url), { papers, options }, "related"));
}

export interface ListedRelated extends RelatedPaper {
  status: Status;
}

function sameList(a: readonly string[] = [], b: readonly string[] = []): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
