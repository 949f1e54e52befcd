import { writeFileSync } from "node:fs";
import type { BuildContext } from "../context.ts";
import type { EleventyConfig } from "../eleventy-types.ts";

/**
 * Stage timings of the build in progress, for the benchmark: each plugin times its own stage through the build
 * context (`ctx.timings`), and when `SHELFMARK_TIMINGS=<file>` is set the totals are written there as JSON when
 * the process ends. Costs nothing measurable otherwise.
 */
export class Timings {
  private readonly stages = new Map<string, number>();

  record(name: string, ms: number): void {
    this.stages.set(name, (this.stages.get(name) ?? 0) + ms);
  }

  async time<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.record(name, performance.now() - start);
    }
  }

  /** `items` as they come, with the time spent making each one recorded under `name`, not the waits between them. */
  *timeEach<T>(name: string, items: Iterable<T>): Generator<T> {
    const iterator = items[Symbol.iterator]();
    for (;;) {
      const start = performance.now();
      let next: IteratorResult<T>;
      try {
        next = iterator.next();
      } finally {
        this.record(name, performance.now() - start);
      }
      if (next.done) return;
      yield next.value;
    }
  }

  clear(): void {
    this.stages.clear();
  }

  /** Milliseconds by stage, rounded. */
  totals(): Record<string, number> {
    return Object.fromEntries([...this.stages].map(([k, v]) => [k, Math.round(v)]));
  }
}

export interface TimingsPluginOptions {
  ctx: BuildContext;
  /** Where to write the JSON; defaults to the SHELFMARK_TIMINGS environment variable. */
  file?: string;
}

/** The phases every build goes through, in this order; together they make up the total. */
export const PHASES = ["until the first page", "pages (first to last)", "after the last page"] as const;

/**
 * Times the whole Eleventy build (first `eleventy.before` to the end of the process), split in three phases:
 * until the first page is rendered (loading, validating, data every page needs), rendering (first to last
 * page, measured by a transform that runs first on each page), and after the last page (what waits for the
 * end: the search index, the sitemap). Stages that plugins time themselves overlap these.
 */
export function timingsPlugin(eleventyConfig: EleventyConfig, options: TimingsPluginOptions): void {
  const timings = options.ctx.timings;
  const file = options.file ?? process.env.SHELFMARK_TIMINGS;
  if (!file) return;
  let start = 0;
  let firstPage = 0;
  let lastPage = 0;
  eleventyConfig.on("eleventy.before", () => {
    timings.clear();
    start = performance.now();
    firstPage = lastPage = 0;
  });
  eleventyConfig.addTransform("shelfmark-timings", (content: string) => {
    lastPage = performance.now();
    firstPage ||= lastPage;
    return content;
  });
  process.once("exit", () => {
    const end = performance.now();
    const phases = firstPage ? [firstPage - start, lastPage - firstPage, end - lastPage] : [end - start, 0, 0];
    const stages = { ...Object.fromEntries(PHASES.map((name, i) => [name, Math.round(phases[i]!)])), ...timings.totals() };
    writeFileSync(file, JSON.stringify({ total: Math.round(end - start), stages }, null, 2));
  });
}
