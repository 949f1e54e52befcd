import { CORE_SCHEMA, load as loadYamlFast } from "js-yaml";
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document } from "yaml";
import type { Problem } from "../errors.ts";

/** A paper file split into its YAML fields and the markdown notes after them. */
export interface ParsedFile {
  /** Raw YAML values by field name (plain JS values, no dates: YAML 1.2 core schema). */
  data: Record<string, unknown>;
  /** 1-based line of each top-level field in the file. */
  fieldLines: Record<string, number>;
  /**
   * Each top-level scalar's value as written in the file (`1901.01230`, where the value is the number 1901.0123):
   * a fix can then show the person's own text.
   */
  fieldSources: Record<string, string>;
  /** Problems found while reading the YAML that are no syntax error (TeX in double quotes); their fields are not checked again. */
  problems?: Problem[];
  /** The markdown after the closing `---`, with LF line endings. */
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
}

export type ParseResult = { ok: true; file: ParsedFile } | { ok: false; problems: Problem[] };

/** Line endings and byte-order marks must not change what a file means. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

const FENCE = /^---[ \t]*$/;

/**
 * Splits `---` front matter from the body and parses it as YAML 1.2 (core schema), so that
 * `added: 2024-02-30` stays a string to validate rather than a Date that rolled over to March.
 */
export function parseFrontMatter(rawText: string, file: string): ParseResult {
  const lines = normaliseText(rawText).split("\n");
  if (!FENCE.test(lines[0] ?? "")) {
    return {
      ok: false,
      problems: [
        {
          file,
          line: 1,
          message: "the file does not start with front matter",
          fix: "begin the file with a line `---`, the fields (title, added...), then another line `---`",
        },
      ],
    };
  }
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (close === -1) {
    return {
      ok: false,
      problems: [
        {
          file,
          line: 1,
          message: "the front matter opened on line 1 is never closed",
          fix: "add a line `---` after the last field, before the notes",
        },
      ],
    };
  }

  const yamlText = lines.slice(1, close).join("\n");
  const yaml = parseYaml(yamlText, file, 1, "the front matter", { texInDoubleQuotes: true }); // YAML line 1 is file line 2
  if (!yaml.ok) return yaml;
  const { doc, lineOf } = yaml;

  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    return {
      ok: false,
      problems: [{ file, line: 2, message: "the front matter must be a list of `field: value` lines", fix: "write one field per line, e.g. `title: My paper`" }],
    };
  }

  const fieldLines: Record<string, number> = {};
  const fieldSources: Record<string, string> = {};
  // Defined, not assigned: a key `__proto__` gets its line like any other.
  const define = (record: Record<string, unknown>, key: string, value: unknown) => Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  for (const pair of contents?.items ?? []) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    define(fieldLines, String(pair.key.value), lineOf(pair.key.range[0]));
    if (isScalar(pair.value) && pair.value.range) define(fieldSources, String(pair.key.value), yamlText.slice(pair.value.range[0], pair.value.range[1]));
  }
  const data = (yaml.value ?? {}) as Record<string, unknown>;
  const body = lines.slice(close + 1).join("\n");
  return { ok: true, file: { data, fieldLines, fieldSources, body, bodyLine: close + 2, ...(yaml.problems?.length ? { problems: yaml.problems } : {}) } };
}

export type YamlResult =
  | {
      ok: true;
      value: unknown;
      doc: Document;
      /** File line of an offset in the YAML text. */
      lineOf: (offset: number) => number;
      /** Problems of values that parsed but are not what was meant (with `texInDoubleQuotes`). */
      problems?: Problem[];
    }
  | { ok: false; problems: Problem[] };

export interface YamlOptions {
  /** Report TeX written in double quotes (see texEscapeProblems), instead of the escapes YAML made of it. */
  texInDoubleQuotes?: boolean;
}

/**
 * Parses YAML 1.2 (core schema) and never throws: whatever the parser refuses (syntax, tabs, duplicate keys,
 * too deep, too many aliases, an alias without its anchor...) comes back as a problem naming the file and line.
 * `lineOffset`: lines of the file before the YAML text; `what`: how messages call the text ("the front matter").
 */
export function parseYaml(text: string, file: string, lineOffset: number, what: string, options: YamlOptions = {}): YamlResult {
  const lineCounter = new LineCounter();
  const lineOf = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  const problem = (line: number | undefined, detail: string, fix: string): { ok: false; problems: Problem[] } => ({
    ok: false,
    problems: [{ file, ...(line ? { line } : {}), message: `${what} is not valid YAML (${/call stack/i.test(detail) ? "nested too deeply" : detail})`, fix }],
  });
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, schema: "core", uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    return problem(undefined, firstLine(String((error as Error)?.message ?? error)), yamlFix("", String((error as Error)?.message)));
  }
  // TeX in double quotes: `\lambda` is an escape YAML does not know (an error), `\alpha` a bell, `\theta` a tab. The
  // person meant the TeX, so the problem said is that, and the parser's complaints about those values are left out.
  const tex = options.texInDoubleQuotes ? texEscapeProblems(doc, text, file, lineOf) : { problems: [], ranges: [] };
  const errors = doc.errors.filter((error) => !tex.ranges.some(([start, end]) => error.pos[0] >= start && error.pos[0] < end));
  if (errors.length > 0) {
    // After the first syntax error the parser's further complaints are mostly echoes of it.
    const error = errors[0]!;
    const syntax = problem(lineOf(error.pos[0]), firstLine(error.message), yamlFix(error.code, error.message));
    return { ok: false, problems: [...tex.problems, ...syntax.problems] };
  }
  try {
    // At most 100 aliases: a "billion laughs" file (aliases of aliases) would otherwise take all memory.
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }), doc, lineOf, ...(tex.problems.length ? { problems: tex.problems } : {}) };
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    const alias = firstAlias(doc, /Unresolved alias.*: (\S+)$/.exec(message)?.[1]);
    const line = alias?.range ? lineOf(alias.range[0]) : undefined;
    if (/alias count/i.test(message)) {
      return problem(line, "too many aliases: `*name` repeats what `&name` marks, and these repeat each other", "write the values out instead of repeating them with `&` and `*`");
    }
    if (/Unresolved alias/.test(message)) {
      return problem(line, `the alias *${alias?.source ?? "…"} has no anchor &${alias?.source ?? "…"} before it`, "write the value out, or quote it if the `*` is part of the text: \"*like this\"");
    }
    return problem(line, firstLine(message), yamlFix("", message));
  }
}

/**
 * The file line of a value in a parsed YAML file (`["perPage"]`, `[2, "name"]`): its own line, else the line of
 * the nearest enclosing value that is there (a missing field is reported where its entry is).
 */
export function yamlLine(yaml: Extract<YamlResult, { ok: true }>, at: readonly PropertyKey[]): number | undefined {
  for (let n = at.length; n >= 0; n--) {
    const keys = at.slice(0, n).filter((k): k is string | number => typeof k !== "symbol");
    const node = (n === 0 ? yaml.doc.contents : yaml.doc.getIn(keys, true)) as { range?: [number, number, number] | null } | null | undefined;
    if (node && typeof node === "object" && node.range) return yaml.lineOf(node.range[0]);
  }
  return undefined;
}

/** What YAML makes of each one-letter escape in double quotes (YAML 1.2, 5.7); any other letter is an error. */
const LETTER_ESCAPES: Record<string, string> = {
  a: "a bell character (U+0007)",
  b: "a backspace",
  t: "a tab",
  n: "a line break",
  v: "a vertical tab",
  f: "a form feed",
  r: "a carriage return",
  e: "an escape character (U+001B)",
  N: "a next-line character (U+0085)",
  L: "a line separator (U+2028)",
  P: "a paragraph separator (U+2029)",
};
const HEX_ESCAPE = /^(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/;

/** A TeX command written with one backslash in a double-quoted YAML value. */
export interface TexEscape {
  /** Offset of its backslash in the text given. */
  offset: number;
  /** `\theta` */
  command: string;
  /** What YAML reads `\t` as (`a tab`), or undefined where `\l` is no escape at all (a YAML error). */
  readAs?: string;
}

/**
 * The first TeX command (`\theta`, `\alpha`, `\lambda`) in the text between the quotes of a double-quoted YAML
 * value, where YAML reads the backslash as an escape; only in a value with a `$`, which the math of a title or an
 * abstract needs: `"caf\u00e9"`, `"a\tb"` and `"\\theta"` are what they say. A letter after the backslash is TeX when
 * more letters follow (`\nabla`, unless it is a hex escape such as `\u00e9`) or when YAML knows no such escape (`\l`).
 */
export function texEscape(quoted: string): TexEscape | undefined {
  if (!quoted.includes("$")) return undefined;
  for (let i = quoted.indexOf("\\"); i !== -1 && i < quoted.length - 1; i = quoted.indexOf("\\", i)) {
    const rest = quoted.slice(i + 1);
    const letters = /^[A-Za-z]+/.exec(rest)?.[0];
    const known = letters ? LETTER_ESCAPES[letters[0]!] : undefined;
    if (letters && !HEX_ESCAPE.test(rest) && (letters.length > 1 || (!known && !"xuU".includes(letters)))) {
      return { offset: i, command: `\\${letters}`, ...(known ? { readAs: known } : {}) };
    }
    i += 2; // past the escape: `\\` is one backslash, and the letters after it are text
  }
  return undefined;
}

/**
 * The text between the quotes of a double-quoted value, single-quoted: its backslashes as written (TeX), `\\` and
 * `\"` as the one character they stand for, `'` doubled, and its lines joined as YAML folds them.
 */
export function singleQuoted(quoted: string): string {
  const text = quoted
    .replace(/\\(["\\])/g, "$1")
    .replace(/[ \t]*\n[ \t]*/g, " ")
    .replace(/'/g, "''");
  return `'${text}'`;
}

/** Longest value a fix shows whole; a longer one (an abstract) is shown up to its first TeX command. */
const SHOWN = 120;

/**
 * Every double-quoted value of the document holding TeX that YAML reads as escapes (texEscape): a problem each, on
 * the line of the command, with the fix written out; and the source ranges of those values.
 */
function texEscapeProblems(doc: Document, text: string, file: string, lineOf: (offset: number) => number): { problems: Problem[]; ranges: [number, number][] } {
  const problems: Problem[] = [];
  const ranges: [number, number][] = [];
  visit(doc, {
    Scalar(key, node, path) {
      if (key === "key" || node.type !== Scalar.QUOTE_DOUBLE || !node.range) return;
      const [start, end] = node.range;
      if (end - start < 2 || text[end - 1] !== '"') return; // never closed: the syntax error is the problem
      const quoted = text.slice(start + 1, end - 1);
      const found = texEscape(quoted);
      if (!found) return;
      ranges.push([start, end]);
      const field = fieldPath(path, node);
      const top = field?.replace(/\[.*$/, "");
      const value = singleQuoted(quoted);
      const written = field === top && top !== undefined ? `${top}: ${value}` : value;
      const letter = found.command.slice(0, 2);
      const twice = `\\${found.command}`;
      const fix =
        value.length <= SHOWN
          ? `quote it with single quotes, in which a backslash is just a backslash: ${written} (or write each backslash twice: ${twice})`
          : `quote it with single quotes instead of double quotes (${top ? `${top}: ` : ""}${value.slice(0, Math.max(value.indexOf(found.command) + found.command.length, 40))}…', with each ' in it doubled), or write each backslash twice (${twice})`;
      problems.push({
        file,
        ...(field ? { field } : {}),
        line: lineOf(start + 1 + found.offset),
        message: found.readAs
          ? `TeX in double quotes: YAML reads \`${letter}\` in double quotes as ${found.readAs}, so ${found.command} does not reach the page`
          : `TeX in double quotes: YAML reads a backslash in double quotes as an escape, and \`${letter}\` (of ${found.command}) is none it knows`,
        fix,
      });
    },
  });
  return { problems, ranges };
}

/** `title`, `authors[1]`: where a value sits in the front matter, as the schema's messages name it. */
function fieldPath(path: readonly unknown[], node: unknown): string | undefined {
  const parts: string[] = [];
  const chain = [...path, node];
  for (let i = 1; i < chain.length; i++) {
    const parent = chain[i - 1];
    const child = chain[i];
    if (isPair(parent) && parent.value === child) {
      if (!isScalar(parent.key)) return undefined;
      parts.push(parts.length ? `.${String(parent.key.value)}` : String(parent.key.value));
    } else if (isSeq(parent)) parts.push(`[${parent.items.indexOf(child as never)}]`);
  }
  return parts.length && !parts[0]!.startsWith("[") ? parts.join("") : undefined;
}

/** The first alias (`*name`) in the document, or the first one naming `source`. */
function firstAlias(doc: Document, source?: string): { source: string; range?: [number, number, number] | null } | undefined {
  let found: { source: string; range?: [number, number, number] | null } | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && (source === undefined || node.source === source)) {
        found = node;
        return visit.BREAK;
      }
    },
  });
  return found;
}

/**
 * The fast path for the common case, a valid file: js-yaml is several times faster than the `yaml` library
 * but knows no line numbers. Returns undefined on anything unusual; the caller then uses
 * `parseFrontMatter`, whose messages carry lines. Both read YAML 1.2's core schema, so values agree.
 */
export function parseFrontMatterFast(rawText: string): ParsedFile | undefined {
  const text = normaliseText(rawText);
  if (!text.startsWith("---\n")) return undefined;
  const close = text.indexOf("\n---\n", 3);
  const end = close === -1 && text.endsWith("\n---") ? text.length - 4 : close;
  if (end === -1) return undefined;
  const yamlText = text.slice(4, end);
  // Maybe TeX in double quotes, which js-yaml would read as escapes without a word (`\theta` as a tab): the
  // precise parser decides. Only a lone backslash before letters can be that; the doubled ones `add` writes
  // (`"$\\theta$"`) keep such files on the fast path.
  if (yamlText.includes("$") && LONE_BACKSLASH_COMMAND.test(yamlText)) return undefined;
  let data: unknown;
  try {
    data = loadYamlFast(yamlText, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (data === undefined || data === null) data = {};
  if (typeof data !== "object" || Array.isArray(data)) return undefined;
  const body = end + 5 <= text.length ? text.slice(end + 5) : "";
  const bodyLine = (text.slice(0, end + 1).match(/\n/g)?.length ?? 0) + 2;
  return { data: data as Record<string, unknown>, fieldLines: {}, fieldSources: {}, body, bodyLine };
}

const LONE_BACKSLASH_COMMAND = /(?<!\\)(?:\\\\)*\\[A-Za-z]{2}/;

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

function yamlFix(code: string, message = ""): string {
  if (/call stack/i.test(message)) return "write each field as one value or a simple list";
  switch (code) {
    case "DUPLICATE_KEY":
      return "keep one line per field";
    case "TAB_AS_INDENT":
      return "indent with spaces, not tabs";
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
    case "UNEXPECTED_TOKEN":
      return 'put values that contain ": " or start with a special character in quotes, e.g. title: "A: B"';
    default:
      return "check indentation and quote values that contain `:`, `#` or start with `[`, `{`, `*`, `&`, `!`, `|` or `>`";
  }
}
