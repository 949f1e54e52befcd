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

/** Base class: every shelfmark error names the plugin that raised it. */
export class ShelfmarkError extends Error {
  constructor(
    readonly plugin: string,
    message: string,
  ) {
    super(`[shelfmark:${plugin}] ${message}`);
    this.name = new.target.name;
  }
}

/** Content that cannot be built: all problems of all files, reported together. */
export class InvalidContentError extends ShelfmarkError {
  constructor(
    plugin: string,
    readonly problems: Problem[],
  ) {
    const files = new Set(problems.map((p) => p.file)).size;
    const head = `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}:`;
    super(plugin, [head, ...problems.map((p) => "  - " + formatProblem(p))].join("\n"));
  }
}

/** A setting (site file, environment variable) that cannot be used. */
export class ConfigError extends ShelfmarkError {}
