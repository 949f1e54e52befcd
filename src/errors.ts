import type { EleventyConfig } from "./eleventy-types.ts";
import { plural } from "./util/plural.ts";

/**
 * Errors that reach a person. Each one says what is wrong, where, and how to fix it, and carries the
 * plugin that raised it so a message in a long Eleventy log can be traced back to its module.
 */

export interface ProblemLocation {
  /** Path of the file, relative to the project root where possible. */
  file: string;
  /** Front-matter field (`tags`, `tags[2]`), when the problem belongs to one. */
  field?: string;
  /** 1-based line in the file, when known. */
  line?: number;
}

/** One thing wrong with one input file. */
export interface Problem extends ProblemLocation {
  message: string;
  /** What to do about it, in the user's terms. */
  fix?: string;
}

export function formatProblem(problem: Problem): string {
  const where = [problem.file + (problem.line ? `:${problem.line}` : "")];
  if (problem.field) where.push(`field "${problem.field}"`);
  const fix = problem.fix ? ` Fix: ${problem.fix}` : "";
  return `${where.join(" ")}: ${problem.message}.${fix}`;
}

/**
 * Eleventy 3 prints an error that stops a build up to twice: once where the build fails ("Problem writing
 * Eleventy templates") and again in its command line's last catch ("Eleventy Fatal Error (CLI)"), each time
 * with "Original error stack trace". A shelfmark error is a message for a person, not a crash: it is printed
 * once, without a stack, by Eleventy's own switches (node_modules/@11ty/eleventy/src/Errors/EleventyErrorHandler.js):
 * - `skipOriginalStack`: no stack trace (what Eleventy's own command-line errors set);
 * - `__errorAlreadyLogged`: the first print is skipped, so the command line prints it once and exits 1.
 *   Dev server rebuilds (`--serve`, `--watch`) never reach the command line's catch: there the first print
 *   is the only one, once per rebuild, and the server keeps running.
 */
let rebuilding = false;

/** Tells shelfmark's errors whether the build in progress is a dev server rebuild (see above). */
export function errorsPlugin(eleventyConfig: EleventyConfig): void {
  eleventyConfig.on("eleventy.beforeWatch", () => {
    rebuilding = true;
  });
}

/** Base class: every shelfmark error names the plugin that raised it. */
export class ShelfmarkError extends Error {
  /** Read by Eleventy's error handler: the message is the whole story, no stack trace. */
  declare readonly skipOriginalStack: boolean;

  constructor(
    readonly plugin: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[shelfmark:${plugin}] ${message}`, options);
    this.name = new.target.name;
    Object.defineProperty(this, "skipOriginalStack", { value: true });
    if (!rebuilding) Object.defineProperty(this, "__errorAlreadyLogged", { value: true });
  }
}

/** Content that cannot be built: all problems of all files, reported together. */
export class InvalidContentError extends ShelfmarkError {
  constructor(
    plugin: string,
    readonly problems: Problem[],
  ) {
    const files = new Set(problems.map((p) => p.file)).size;
    const head = `${plural(problems.length, "problem")} in ${plural(files, "file")}:`;
    super(plugin, [head, ...problems.map((p) => "  - " + formatProblem(p))].join("\n"));
  }
}

/** A setting (site file, environment variable) that cannot be used. */
export class ConfigError extends ShelfmarkError {}

/** The command line itself is wrong (a missing argument, a bad option value): src/cli/main.ts exits 2. */
export class UsageError extends ShelfmarkError {}

/** The command was run outside any shelfmark project, and needs one for its default paths. */
export class NoProjectError extends ShelfmarkError {
  constructor(plugin: string, from: string, fix: string) {
    super(
      plugin,
      `no shelfmark project in ${from} or any folder above it (a project has content/site.yaml, or a package.json that is shelfmark or depends on it). Fix: ${fix}`,
    );
  }
}

/**
 * A job that failed on a worker thread (src/runtime/worker.ts): the worker's error, rebuilt on this thread, is
 * the cause; the message is the worker's, under the plugin's name (once, however many threads it crossed).
 */
export class WorkerJobError extends ShelfmarkError {
  constructor(plugin: string, cause: Error) {
    super(plugin, cause.message.replace(`[shelfmark:${plugin}] `, ""), { cause });
  }
}
