import { CORE_SCHEMA, load as loadYamlFast } from "js-yaml";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { Problem } from "./errors.ts";

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

  const yamlText = lines.slice(1, close).join("\n");
  const lineOffset = 1; // YAML line 1 is file line 2
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, schema: "core", uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line + lineOffset;

  if (doc.errors.length > 0) {
    // After the first syntax error the parser's further complaints are mostly echoes of it.
    const error = doc.errors[0]!;
    return {
      ok: false,
      problems: [{ file, line: lineOf(error.pos[0]), message: `the front matter is not valid YAML (${firstLine(error.message)})`, fix: yamlFix(error.code) }],
    };
  }

  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    return {
      ok: false,
      problems: [{ file, line: 2, message: "the front matter must be a list of `field: value` lines", fix: "write one field per line, e.g. `title: My paper`" }],
    };
  }

  const fieldLines: Record<string, number> = {};
  for (const pair of contents?.items ?? []) {
    if (isScalar(pair.key) && pair.key.range) fieldLines[String(pair.key.value)] = lineOf(pair.key.range[0]);
  }
  const data = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  return { ok: true, file: { data, fieldLines, body: lines.slice(close + 1).join("\n"), bodyLine: close + 2 } };
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

function yamlFix(code: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "keep one line per field";
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
    case "UNEXPECTED_TOKEN":
      return 'put values that contain ": " or start with a special character in quotes, e.g. title: "A: B"';
    default:
      return "check indentation and quote values that contain `:`, `#` or start with `[`, `{`, `*`, `&`, `!`, `|` or `>`";
  }
}
