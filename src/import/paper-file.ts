import { Document, isMap, isScalar, LineCounter, parse, parseDocument, Scalar, YAMLSeq } from "yaml";
import { normaliseText } from "../papers/frontmatter.ts";
import { FIELD_ORDER } from "./record.ts";

/**
 * Writing paper files. Values are serialised by the `yaml` library (never by string concatenation),
 * one field at a time so that a file can gain a field without any other byte of it changing.
 */

export const LINE_WIDTH = 100;

export type FieldValue = string | number | boolean | string[];
export type FieldSet = Partial<Record<string, FieldValue>>;

/** The comment after `tags:` that records which tags the taxonomy gave (see tagging.ts). */
const RECORD_PREFIX = "from taxonomy:";
const RECORD_RE = /(?:^|\s)#\s*from taxonomy:\s*(\[.*\])\s*$/;

// Only abstracts are wrapped; a title or a list stays on one line (a folded title reads as two).
const WRAPPED = { lineWidth: LINE_WIDTH, minContentWidth: 20, flowCollectionPadding: false } as const;
const UNWRAPPED = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Years are written as numbers (`published: 2022`), like a person would; the schema reads both. */
function yamlValue(name: string, value: FieldValue): FieldValue {
  return name === "published" && typeof value === "string" && /^\d{4}$/.test(value) ? Number(value) : value;
}

function oneField(name: string, value: FieldValue, listStyle: "flow" | "block"): string {
  const doc = new Document({ [name]: yamlValue(name, value) }, { version: "1.2", schema: "core" });
  const node = doc.get(name, true);
  if (node instanceof YAMLSeq) node.flow = listStyle === "flow";
  if (node instanceof Scalar) {
    // An arXiv id unquoted is a number to YAML (2205.14130 → 2205.1413): always quote it.
    if (name === "arxiv") node.type = Scalar.QUOTE_DOUBLE;
    if (name === "abstract") node.type = Scalar.BLOCK_FOLDED;
  }
  return doc.toString(name === "abstract" ? WRAPPED : UNWRAPPED).replace(/\n$/, "");
}

function readsBackAs(text: string, name: string, value: FieldValue): boolean {
  const back = (parse(text, { schema: "core" }) as Record<string, unknown>)[name];
  return JSON.stringify(back) === JSON.stringify(yamlValue(name, value));
}

/**
 * `name: value` as YAML lines (no final newline). Lists are written `[a, b]` when that fits in
 * `room` columns, else one item per line; abstracts as folded blocks (`>-`) wrapped at 100 columns;
 * arXiv ids quoted. The result is checked to read back as exactly the value given.
 */
export function serializeField(name: string, value: FieldValue, room = LINE_WIDTH): string {
  let text = oneField(name, value, "flow");
  if (Array.isArray(value) && text.length > room) text = oneField(name, value, "block");
  if (!readsBackAs(text, name, value)) {
    // The folded style cannot hold every string (leading spaces, some line breaks): let yaml choose.
    text = new Document({ [name]: yamlValue(name, value) }, { version: "1.2", schema: "core" }).toString(UNWRAPPED).replace(/\n$/, "");
  }
  return text;
}

/** `tags: [a, b] # taxonomy: [a]`: the tags, and as a comment the part the taxonomy gave. */
export function serializeTags(tags: string[], record: string[] | undefined): string {
  if (record === undefined) return serializeField("tags", tags);
  const comment = ` # ${RECORD_PREFIX} ${oneField("x", record, "flow").replace(/^x: /, "")}`;
  const lines = serializeField("tags", tags, LINE_WIDTH - comment.length).split("\n");
  // Block lists carry the comment on their `tags:` line.
  lines[0] += comment;
  return lines.join("\n");
}

export interface NewPaper {
  fields: FieldSet;
  /** Tags the taxonomy gave, recorded next to `tags`. */
  tagRecord?: string[];
  notes?: string;
}

/** A new paper file: front matter in FIELD_ORDER, then the notes. */
export function renderPaperFile(paper: NewPaper): string {
  const lines: string[] = ["---"];
  for (const name of FIELD_ORDER) {
    const value = paper.fields[name];
    if (value === undefined) continue;
    lines.push(name === "tags" ? serializeTags(value as string[], paper.tagRecord) : serializeField(name, value));
  }
  lines.push("---", "");
  return lines.join("\n") + (paper.notes ?? "");
}

interface Span {
  /** 0-based file lines, inclusive. */
  start: number;
  end: number;
}

export interface FrontMatterLayout {
  /** The file's lines with their own line endings. */
  lines: string[];
  eol: string;
  /** Index of the closing `---` line. */
  close: number;
  fields: Map<string, Span>;
}

const FENCE = /^---[ \t]*$/;

/** Where each top-level field of the front matter sits, in lines of the file as it is on disk. */
export function frontMatterLayout(text: string): FrontMatterLayout | undefined {
  const lines = text.split(/(?<=\n)/);
  const plain = normaliseText(text).split("\n");
  if (!FENCE.test(plain[0] ?? "")) return undefined;
  const close = plain.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (close === -1) return undefined;
  const lineCounter = new LineCounter();
  const doc = parseDocument(plain.slice(1, close).join("\n"), { lineCounter, schema: "core" });
  if (doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents))) return undefined;
  const lineOf = (offset: number) => lineCounter.linePos(offset).line; // YAML line n is file index n
  const fields = new Map<string, Span>();
  for (const pair of isMap(doc.contents) ? doc.contents.items : []) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const start = lineOf(pair.key.range[0]);
    const value = pair.value as { range?: [number, number, number] } | null;
    const endOffset = value?.range ? Math.max(value.range[1] - 1, pair.key.range[0]) : pair.key.range[0];
    fields.set(String(pair.key.value), { start, end: lineOf(endOffset) });
  }
  return { lines, eol: text.includes("\r\n") ? "\r\n" : "\n", close, fields };
}

/** The taxonomy record next to `tags`, if the file has one. */
export function readTagRecord(layout: FrontMatterLayout): string[] | undefined {
  const span = layout.fields.get("tags");
  if (!span) return undefined;
  for (let i = span.start; i <= span.end; i++) {
    const m = RECORD_RE.exec(layout.lines[i]!.replace(/\r?\n$/, ""));
    if (!m) continue;
    try {
      const list = parse(m[1]!, { schema: "core" }) as unknown;
      if (Array.isArray(list) && list.every((t) => typeof t === "string")) return list as string[];
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface FieldEdit {
  /** Serialised `name: value` lines, without line endings. */
  text: string;
}

/**
 * Sets fields in a paper file and leaves every other byte as it was: a field that exists is
 * replaced in place (its lines, including a comment on its last line), a new one is inserted where
 * FIELD_ORDER puts it among the fields present. Line endings follow the file's own.
 */
export function setFields(text: string, edits: Record<string, FieldEdit>): string {
  const layout = frontMatterLayout(text);
  if (!layout) throw new Error("the file has no readable front matter");
  const { lines, eol, close, fields } = layout;
  const rank = (name: string) => (FIELD_ORDER as readonly string[]).indexOf(name);

  // Edits keyed by the line they go before (inserts) or the span they replace.
  const replacements: { span: Span; text: string }[] = [];
  const inserts = new Map<number, { rank: number; text: string }[]>();
  for (const [name, edit] of Object.entries(edits)) {
    const span = fields.get(name);
    if (span) {
      replacements.push({ span, text: edit.text });
      continue;
    }
    const r = rank(name);
    let at = close;
    let before: Span | undefined;
    let after: Span | undefined;
    for (const [other, otherSpan] of fields) {
      const o = rank(other);
      if (o === -1 || r === -1) continue;
      if (o < r && (!before || otherSpan.end > before.end)) before = otherSpan;
      if (o > r && (!after || otherSpan.start < after.start)) after = otherSpan;
    }
    if (before) at = before.end + 1;
    else if (after) at = after.start;
    const list = inserts.get(at) ?? [];
    list.push({ rank: r === -1 ? Number.MAX_SAFE_INTEGER : r, text: edit.text });
    inserts.set(at, list);
  }

  const out = [...lines];
  const toLines = (t: string) => t.split("\n").map((l) => l + eol);
  const operations = [
    ...replacements.map((r) => ({ at: r.span.start, remove: r.span.end - r.span.start + 1, add: toLines(r.text), endsLine: lines[r.span.end]!.endsWith("\n") })),
    ...[...inserts].map(([at, list]) => ({ at, remove: 0, add: list.sort((a, b) => a.rank - b.rank).flatMap((i) => toLines(i.text)), endsLine: true })),
  ].sort((a, b) => b.at - a.at || b.remove - a.remove);
  for (const op of operations) {
    if (!op.endsLine) op.add[op.add.length - 1] = op.add.at(-1)!.replace(/\r?\n$/, "");
    out.splice(op.at, op.remove, ...op.add);
  }
  return out.join("");
}
