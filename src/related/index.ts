import { dataTable } from "../runtime/data-table.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import type { Status } from "../papers/schema.ts";
import { relatedPapers, type RelatedInput, type RelatedOptions, type RelatedPaper, type RelatedScope } from "./related.ts";
import { applyUpdate, planUpdate } from "./incremental.ts";
import type { WithContext } from "../context.ts";
import { runOnWorker, startResident, type ResidentWorker } from "../runtime/worker.ts";

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
  // (the rest of the notes, status, links) keeps the related papers of the last build, and one that changes a few
  // papers recomputes only the lists the change can alter (src/related/incremental.ts).
  let last: { inputs: RelatedInput[]; related: Map<string, RelatedPaper[]> } | undefined;
  // The dev server's worker, kept from one save to the next: it keeps every text's terms (src/related/resident.ts),
  // and is not started again. A production build computes once, on a worker of its own.
  let resident: ResidentWorker<RelatedJob, [string, RelatedPaper[]][]> | undefined;
  const onWorker = (job: RelatedJob, runMode: string | undefined) => {
    if (runMode === "build") return relatedOnWorker(job.papers, job.options, job.scope);
    if (!resident || resident.stopped) resident = startResident(RESIDENT, "related");
    return resident.run(job).then((entries) => new Map(entries));
  };
  // The configuration read again (its file saved while the server runs): the new plugins start a worker of their own.
  eleventyConfig.on("eleventy.reset", () => {
    resident?.close();
    resident = undefined;
  });
  const compute = async (runMode?: string): Promise<Readonly<Record<string, ListedRelated[]>>> => {
    const { papers } = await ctx.library();
    return ctx.timings.time("related papers", async () => {
      const inputs: RelatedInput[] = papers.map((p) => ({ slug: p.slug, title: p.title, abstract: p.abstract, tags: p.tagLinks.map((t) => t.name), links: p.linksTo }));
      // On a worker for a long list (should the worker not start, with another TypeScript loader than tsx say,
      // the main thread does the work).
      const compute = (scope?: RelatedScope) =>
        inputs.length >= workerFrom ? onWorker({ papers: inputs, options: relatedOptions, scope }, runMode).catch(() => relatedPapers(inputs, relatedOptions, scope)) : Promise.resolve(relatedPapers(inputs, relatedOptions, scope));
      const plan = last ? planUpdate(last.inputs, last.related, inputs) : ({ kind: "all" } as const);
      const related = plan.kind === "same" ? last!.related : plan.kind === "some" ? applyUpdate(last!.related, plan.removed, await compute(plan.scope)) : await compute();
      last = { inputs, related };
      const status = new Map(papers.map((p) => [p.slug, p.status]));
      // With its status, so the list shows the same badge as every other list of papers.
      return dataTable([...related].map(([slug, list]) => [slug, list.map((r) => ({ ...r, status: status.get(r.slug)! }))] as const));
    });
  };
  // Started with the build, not when Eleventy asks for this global (it resolves globals one after another):
  // the worker then runs while the other plugins prepare their data.
  let current: Promise<Readonly<Record<string, ListedRelated[]>>> | undefined;
  eleventyConfig.on("eleventy.before", ({ runMode }: { runMode?: string }) => {
    current = compute(runMode);
    // Awaited by the global below; until then a failure must not count as unhandled.
    current.catch(() => {});
  });
  eleventyConfig.addGlobalData("related", () => (current ??= compute()));
}

/** What a related-papers worker is given: relatedPapers' arguments. */
interface RelatedJob {
  papers: RelatedInput[];
  options: RelatedOptions;
  scope?: RelatedScope;
}

const RESIDENT = new URL("./resident.ts", import.meta.url);

/** `relatedPapers` on a worker thread; the same result, computed while the main thread goes on. */
export async function relatedOnWorker(papers: RelatedInput[], options: RelatedOptions = {}, scope?: RelatedScope): Promise<Map<string, RelatedPaper[]>> {
  return new Map(await runOnWorker<[string, RelatedPaper[]][]>(new URL("./worker.ts", import.meta.url), { papers, options, scope }, "related"));
}

export interface ListedRelated extends RelatedPaper {
  status: Status;
}
