import { readFileSync } from "node:fs";
import type { z } from "zod";
import { InvalidContentError, type Problem } from "../errors.ts";
import { latin1CopiesFrom } from "../runtime/latin1.ts";
import { normaliseText, parseYaml, type YamlResult } from "./frontmatter.ts";

export type ParsedYaml = Extract<YamlResult, { ok: true }>;

export interface YamlFileSpec<T> {
  file: string;
  /** The plugin named in the messages. */
  plugin: string;
  /** How YAML errors name the file: `the site settings file`. */
  what: string;
  /** The problem when the file cannot be read, given the error's code. */
  unreadable: (code: string) => Problem;
  schema: z.ZodType<T>;
  /** What an empty file stands for. */
  empty: unknown;
  /** The schema's complaints as problems, with their lines from the parsed YAML (see yamlLine); they are reported in line order. */
  problems: (issues: readonly z.core.$ZodIssue[], yaml: ParsedYaml) => Problem[];
}

/**
 * A YAML file (the site settings, the taxonomy) read and checked against its schema. Every problem stops the build
 * as one InvalidContentError, with the file and line. Text enters the build here, so its strings are made
 * one-byte copies here where they can be (src/runtime/latin1.ts; why: docs/performance.md).
 */
export function readYamlFile<T>(spec: YamlFileSpec<T>): { data: T; yaml: ParsedYaml } {
  let text: string;
  try {
    text = readFileSync(spec.file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InvalidContentError(spec.plugin, [spec.unreadable(code)]);
  }
  const yaml = parseYaml(normaliseText(text), spec.file, 0, spec.what);
  if (!yaml.ok) throw new InvalidContentError(spec.plugin, yaml.problems);
  // reportInput: each issue carries the value it is about, so a message can name it.
  const result = spec.schema.safeParse(latin1CopiesFrom(text, yaml.value) ?? spec.empty, { reportInput: true });
  if (!result.success) throw new InvalidContentError(spec.plugin, inLineOrder(spec.problems(result.error.issues, yaml)));
  return { data: result.data, yaml };
}

/** Problems in the order of their lines in the file; those of no line (a missing field) first, in their own order. */
export function inLineOrder(problems: Problem[]): Problem[] {
  return problems.map((problem, i) => ({ problem, i })).sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.i - b.i).map(({ problem }) => problem);
}
