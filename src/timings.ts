import { writeFileSync } from "node:fs";
import type { EleventyConfig } from "./eleventy-types.ts";

/**
 * Stage timings of the build in progress, for the benchmark: each plugin times its own stage, and when
 * `SHELFMARK_TIMINGS=<file>` is set the totals are written there as JSON when the process ends.
 * Costs nothing measurable otherwise.
 */
const stages = new Map<string, number>();

export function recordStage(name: string, ms: number): void {
  stages.set(name, (stages.get(name) ?? 0) + ms);
}

export async function timeStage<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    recordStage(name, performance.now() - start);
  }
}

export function stageTimings(): Record<string, number> {
  return Object.fromEntries([...stages].map(([k, v]) => [k, Math.round(v)]));
}

export interface TimingsPluginOptions {
  /** Where to write the JSON; defaults to the SHELFMARK_TIMINGS environment variable. */
  file?: string;
}

/** Times the whole Eleventy build (first `eleventy.before` to the end of the process). */
export function timingsPlugin(eleventyConfig: EleventyConfig, options: TimingsPluginOptions = {}): void {
  const file = options.file ?? process.env.SHELFMARK_TIMINGS;
  if (!file) return;
  let start = 0;
  eleventyConfig.on("eleventy.before", () => {
    stages.clear();
    start = performance.now();
  });
  process.once("exit", () => {
    writeFileSync(file, JSON.stringify({ total: Math.round(performance.now() - start), stages: stageTimings() }, null, 2));
  });
}
