import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import type { EleventyConfig } from "../eleventy-types.ts";

export interface CleanOptions {
  /** Only production builds start clean; the dev server keeps its output between rebuilds. */
  runModes?: ("build" | "watch" | "serve")[];
}

/**
 * Eleventy never empties its output folder, so a deleted or renamed paper would linger in the site and
 * in the search index. A production build therefore starts from an empty output folder.
 */
export function cleanPlugin(eleventyConfig: EleventyConfig, options: CleanOptions = {}): void {
  const runModes = options.runModes ?? ["build"];
  eleventyConfig.on("eleventy.before", ({ directories, runMode }) => {
    const emptied = runModes.includes(runMode) ? emptyOutputDir(directories.output, directories.input) : Promise.resolve();
    cleaned.set(eleventyConfig, emptied.catch(() => {}));
    return emptied;
  });
}

const cleaned = new WeakMap<EleventyConfig, Promise<void>>();

/**
 * Settles once this build's output folder has been emptied (at once where it is not). Eleventy runs the
 * `eleventy.before` handlers side by side, so a plugin that writes into the output folder from a handler of
 * its own (the search index) waits for this first. Only valid after cleanPlugin's own handler has run, which
 * Eleventy calls first since it is added first.
 */
export function outputEmptied(eleventyConfig: EleventyConfig): Promise<void> {
  return cleaned.get(eleventyConfig) ?? Promise.resolve();
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
