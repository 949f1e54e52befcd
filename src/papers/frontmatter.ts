import { CORE_SCHEMA, load as loadYamlFast } from "js-yaml";
import { isAlias, isMap, isScalar, LineCounter, parseDocument, visit, type Document } from "yaml";
import type { Problem } from "../errors.ts";

/** A paper file split into its YAML fields and the markdown notes after them. */
export interface ParsedFile {
  /** Raw YAML values by field name (plain JS values, no dates: YAML 1.2 core schema). */
  data: Record<string, unknown>;
  /** 1-based line of each top-level field in the file. */
  fieldLines: Record<string, number>;
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

  const yaml = parseYaml(lines.slice(1, close).join("\n"), file, 1, "the front matter"); // YAML line 1 is file line 2
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
  for (const pair of contents?.items ?? []) {
    // Defined, not assigned: a key `__proto__` gets its line like any other.
    if (isScalar(pair.key) && pair.key.range) Object.defineProperty(fieldLines, String(pair.key.value), { value: lineOf(pair.key.range[0]), enumerable: true, writable: true, configurable: true });
  }
  return { ok: true, file: { data: (yaml.value ?? {}) as Record<string, unknown>, fieldLines, body: lines.slice(close + 1).join("\n"), bodyLine: close + 2 } };
}

export type YamlResult =
  | { ok: true; value: unknown; doc: Document; /** File line of an offset in the YAML text. */ lineOf: (offset: number) => number }
  | { ok: false; problems: Problem[] };

/**
 * Parses YAML 1.2 (core schema) and never throws: whatever the parser refuses (syntax, tabs, duplicate keys,
 * too deep, too many aliases, an alias without its anchor...) comes back as a problem naming the file and line.
 * `lineOffset`: lines of the file before the YAML text; `what`: how messages call the text ("the front matter").
 */
export function parseYaml(text: string, file: string, lineOffset: number, what: string): YamlResult {
  const lineCounter = new LineCounter();
  const lineOf = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  const problem = (line: number | undefined, detail: string, fix: string): YamlResult => ({
    ok: false,
    problems: [{ file, ...(line ? { line } : {}), message: `${what} is not valid YAML (${/call stack/i.test(detail) ? "nested too deeply" : detail})`, fix }],
  });
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, schema: "core", uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    return problem(undefined, firstLine(String((error as Error)?.message ?? error)), yamlFix("", String((error as Error)?.message)));
  }
  if (doc.errors.length > 0) {
    // After the first syntax error the parser's further complaints are mostly echoes of it.
    const error = doc.errors[0]!;
    return problem(lineOf(error.pos[0]), firstLine(error.message), yamlFix(error.code, error.message));
  }
  try {
    // At most 100 aliases: a "billion laughs" file (aliases of aliases) would otherwise take all memory.
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }), doc, lineOf };
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
  let data: unknown;
  try {
    data = loadYamlFast(text.slice(4, end), { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (data === undefined || data === null) data = {};
  if (typeof data !== "object" || Array.isArray(data)) return undefined;
  const body = end + 5 <= text.length ? text.slice(end + 5) : "";
  const bodyLine = (text.slice(0, end + 1).match(/\n/g)?.length ?? 0) + 2;
  return { data: data as Record<string, unknown>, fieldLines: {}, body, bodyLine };
}

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
