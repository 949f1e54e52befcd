import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import type { WithContext } from "../context.ts";
import type { EleventyConfig } from "../eleventy-types.ts";

export interface CleanOptions {
  /** Only production builds start clean; the dev server keeps its output between rebuilds. */
  runModes?: ("build" | "watch" | "serve")[];
}

/**
 * Eleventy never empties its output folder, so a deleted or renamed paper would linger in the site and
 * in the search index. A production build therefore starts from an empty output folder.
 */
export function cleanPlugin(eleventyConfig: EleventyConfig, options: CleanOptions & WithContext): void {
  const runModes = options.runModes ?? ["build"];
  // The search index waits for this (ctx.outputEmptied) before it writes into the output folder.
  const emptiedFor = options.ctx.willEmptyOutput();
  eleventyConfig.on("eleventy.before", ({ directories, runMode }) => {
    const emptied = runModes.includes(runMode) ? emptyOutputDir(directories.output, directories.input) : Promise.resolve();
    emptiedFor(emptied.catch(() => {}));
    return emptied;
  });
}

export async function emptyOutputDir(output: string, input: string): Promise<void> {
  const out = path.resolve(output);
  const refuse = [process.cwd(), path.resolve(input), path.parse(out).root].some((p) => p === out || p.startsWith(out + path.sep));
  if (refuse || existsSync(path.join(out, "package.json"))) {
    throw new ConfigError("clean", `refusing to empty the output folder ${out}: it holds the project or its sources. Fix: set Eleventy's output to a folder of its own, such as _site`);
  }
  if (!existsSync(out)) return;
  await Promise.all((await readdir(out)).map((name) => rm(path.join(out, name), { recursive: true, force: true })));
}
