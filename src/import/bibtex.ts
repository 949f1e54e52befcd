import { parse, type Creator, type Entry } from "@retorquere/bibtex-parser";
import { splitMath } from "../math/tex.ts";
import { normaliseText } from "../papers/frontmatter.ts";
import { ARXIV_RE, DOI_RE, isHttpUrl, isRealDate, tagKey } from "../papers/schema.ts";
import type { ImportRecord, InputProblem, ParsedInput, PaperFields } from "./record.ts";

/**
 * BibTeX through @retorquere/bibtex-parser (the parser behind Better BibTeX for Zotero): it decodes
 * braces, accents (`{\"u}` → ü) and commands to Unicode, and splits names in both orders
 * (`Last, First` and `First Last`). This module maps its entries to import records.
 *
 * Three quirks of the parser are handled here: it renders formatting commands as HTML (`\textit{x}` →
 * `<i>x</i>`), which paper fields never contain, so tags are stripped; it follows TeX's font
 * encoding where a literal `<` prints as `¡`, so `<` and `>` are hidden from it and restored after;
 * and it turns math into Unicode (`$\sum_{i=1}^n$` → `∑i=1ⁿ`, braces and spaces lost), while the site
 * typesets TeX between dollars. So the title and the abstract are read verbatim first, their formulas
 * (`$...$`, `\(...\)`, and display math, which a title or an abstract can only hold inline) are set
 * aside as written, and the text around them is decoded in a second pass, with one placeholder
 * character standing for each formula (see `decodeAroundMath`).
 */

export interface BibtexInput extends ParsedInput {
  warnings: InputProblem[];
}

const LT = "\uE000";
const GT = "\uE001";

/** Offset → 1-based line, by binary search over line starts (a large .bib has thousands of entries). */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const ENTRY_HEAD = /^@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]*)/;

export function parseBibtex(raw: string, file: string): BibtexInput {
  const text = normaliseText(raw);
  const hidden = text.replaceAll("<", LT).replaceAll(">", GT);
  const commandNotes = new Map<string, string[]>();
  const noteCommand = (key: string, tex: string) => {
    const notes = commandNotes.get(key) ?? [];
    notes.push(`the LaTeX command ${restore(tex)} is unknown and was kept as written`);
    commandNotes.set(key, notes);
  };
  const library = parse(hidden, {
    ...PARSE_OPTIONS,
    verbatimFields: [...MATH_FIELDS], // decoded around their formulas below
    unsupported: (_node, tex, entry) => {
      noteCommand(entry.key, tex);
      return tex;
    },
  });

  const problems: InputProblem[] = [];
  const warnings: InputProblem[] = [];
  const lineAt = lineFinder(hidden);

  // Locate each error and entry in the source: the parser's own positions are not reliable after
  // an unterminated brace, and messages must name the line where the entry starts.
  const failedAt = new Set<number>();
  let errorCursor = 0;
  for (const error of library.errors) {
    const input = error.input ?? "";
    const found = input ? hidden.indexOf(input, errorCursor) : -1;
    const offset = found >= 0 ? found : errorCursor;
    if (found >= 0) errorCursor = found + 1;
    failedAt.add(offset);
    const head = ENTRY_HEAD.exec(input.trimStart());
    const message = restore(error.error).replace(/ at line \d+, column \d+/, "").replace(/\s+/g, " ");
    problems.push({
      source: { file, line: lineAt(offset), ...(head?.[2] ? { key: head[2] } : {}) },
      message: `the entry cannot be read: ${message}`,
      fix: "check that every { has its }, fields are separated by commas and each field is written name = {value}",
    });
  }

  const read: { entry: Entry; source: ImportRecord["source"] }[] = [];
  const keys = new Map<string, number>();
  let cursor = 0;
  for (const entry of library.entries) {
    const found = entry.input ? hidden.indexOf(entry.input, cursor) : -1;
    const offset = found >= 0 ? found : cursor;
    if (found >= 0) cursor = found + entry.input.length;
    if (failedAt.has(offset) || !entry.input) continue; // reported above
    const source = { file, line: lineAt(offset), key: entry.key };
    const firstLine = keys.get(entry.key);
    if (firstLine !== undefined) warnings.push({ source, message: `the key "${entry.key}" was already used on line ${firstLine}; both entries are read` });
    else keys.set(entry.key, source.line);
    read.push({ entry, source });
  }

  const decoded = decodeAroundMath(read.map((r) => r.entry), noteCommand);
  const records: ImportRecord[] = [];
  read.forEach(({ entry, source }, i) => {
    const result = toRecord(entry, decoded[i]!);
    if ("problem" in result) {
      problems.push({ source, ...result.problem });
      return;
    }
    records.push({ source, fields: result.fields, notes: [...(commandNotes.get(entry.key) ?? []), ...result.notes] });
  });
  return { records, problems, warnings };
}

/** The options of both passes: titles kept as written, no sentence-casing. */
const PARSE_OPTIONS = { english: false } as const;

/** Fields whose formulas are kept as TeX: the site typesets `$...$` in these two. */
const MATH_FIELDS = ["title", "abstract"] as const;
type MathField = (typeof MATH_FIELDS)[number];

/** One private-use character per formula of a field stands in for it while the text around it is decoded. */
const PLACEHOLDER_BASE = 0xe100;
const PLACEHOLDER_LIMIT = 0x1000;
const PLACEHOLDER_RE = /[\ue100-\uf0ff]/g;

interface SetAside {
  /** The field's TeX with each formula replaced by its placeholder. */
  text: string;
  /** Each formula's TeX, without its delimiters, whitespace runs as one space. */
  formulas: string[];
}

/**
 * The formulas of a field as the parser printed it verbatim (it writes `\(...\)` as `$...$`, so both
 * arrive here as dollars; `$$...$$` and `\[...\]` are display math, and a `$$` that closes nothing is an empty
 * formula). A backslash escapes the next character, in text (`\$` is a dollar sign) as in a formula; any other
 * delimiter that is never closed is text.
 */
export function setAsideMath(tex: string): SetAside {
  const formulas: string[] = [];
  let text = "";
  let i = 0;
  const closing = (close: string, from: number): number => {
    for (let j = from; j < tex.length; j++) {
      if (tex.startsWith(close, j)) return j;
      if (tex[j] === "\\") j++;
    }
    return -1;
  };
  while (i < tex.length) {
    const ch = tex[i]!;
    let open = "";
    let close = "";
    if (ch === "$") [open, close] = tex[i + 1] === "$" ? ["$$", "$$"] : ["$", "$"];
    else if (ch === "\\" && tex[i + 1] === "(") [open, close] = ["\\(", "\\)"];
    else if (ch === "\\" && tex[i + 1] === "[") [open, close] = ["\\[", "\\]"];
    else if (ch === "\\") {
      text += tex.slice(i, i + 2);
      i += 2;
      continue;
    }
    const room = formulas.length < PLACEHOLDER_LIMIT;
    const end = open && room ? closing(close, i + open.length) : -1;
    if (end === -1 && open === "$$" && room) {
      i += 2; // `\(\)` prints as `$$`: an empty formula
      continue;
    }
    if (end === -1) {
      text += open || ch;
      i += open.length || 1;
      continue;
    }
    text += String.fromCharCode(PLACEHOLDER_BASE + formulas.length);
    formulas.push(tex.slice(i + open.length, end).replace(/\s+/g, " ").trim());
    i = end + close.length;
  }
  return { text, formulas };
}

type Decoded = Partial<Record<MathField, string>>;

/**
 * Titles and abstracts, decoded from LaTeX to Unicode around their formulas, which are written back as TeX
 * between dollars exactly as they were (whitespace runs aside). All entries go through one second parse of a
 * small BibTeX text that holds only these fields with their placeholders.
 */
function decodeAroundMath(entries: Entry[], noteCommand: (key: string, tex: string) => void): Decoded[] {
  const asides = entries.map((entry) => {
    const out: Partial<Record<MathField, SetAside>> = {};
    for (const field of MATH_FIELDS) {
      const value = entry.fields[field];
      if (typeof value === "string" && value.trim()) out[field] = setAsideMath(value);
    }
    return out;
  });
  const lines = asides.map((aside, i) => {
    const fields = MATH_FIELDS.flatMap((field) => (aside[field] ? [`${field} = {${aside[field]!.text}}`] : []));
    return fields.length ? `@misc{m${i},\n${fields.join(",\n")}\n}\n` : "";
  });
  const second = parse(lines.join(""), {
    ...PARSE_OPTIONS,
    unsupported: (_node, tex, entry) => {
      const i = Number(entry.key.slice(1));
      noteCommand(entries[i]!.key, tex.replace(PLACEHOLDER_RE, (p) => asMath(asides[i]!, p)));
      return tex;
    },
  });
  const byIndex = new Map(second.entries.map((e) => [Number(e.key.slice(1)), e]));
  return asides.map((aside, i) => {
    const out: Decoded = {};
    for (const field of MATH_FIELDS) {
      const set = aside[field];
      if (!set) continue;
      const around = byIndex.get(i)?.fields[field];
      // The second parse reads what the first printed, so it cannot fail; were it to, the TeX stays as written.
      const text = plain(typeof around === "string" ? around : set.text);
      if (text) out[field] = withFormulas(text, set);
    }
    return out;
  });
}

function asMath(aside: Partial<Record<MathField, SetAside>>, placeholder: string): string {
  const index = placeholder.charCodeAt(0) - PLACEHOLDER_BASE;
  for (const field of MATH_FIELDS) {
    const tex = aside[field]?.formulas[index];
    if (tex !== undefined) return `$${restore(tex)}$`;
  }
  return "";
}

/**
 * Decoded text with its placeholders replaced by `$tex$`. A dollar sign of the text (from `\$`) stays bare,
 * as before, unless it would make the site read a formula that is not one; then the text's dollars are
 * written `\$`, which the site reads as a dollar sign.
 */
function withFormulas(text: string, set: SetAside): string {
  const placeholders = text.match(PLACEHOLDER_RE) ?? [];
  if (!placeholders.length && !text.includes("$")) return text;
  const formulas = placeholders.map((p) => restore(set.formulas[p.charCodeAt(0) - PLACEHOLDER_BASE] ?? ""));
  const build = (escape: boolean) =>
    text
      .split(PLACEHOLDER_RE)
      .map((part, k) => (escape ? part.replaceAll("$", "\\$") : part) + (formulas[k] ? `$${formulas[k]}$` : ""))
      .join("")
      .replace(/\s+/g, " ")
      .trim();
  const bare = build(false);
  const found = splitMath(bare).flatMap((s) => (s.kind === "math" ? [s.tex] : []));
  return JSON.stringify(found) === JSON.stringify(formulas.filter(Boolean)) ? bare : build(true);
}

/** Undo the `<`/`>` hiding and drop the parser's HTML formatting: fields are plain text. */
function plain(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // NFC: the parser writes accents as combining marks (e + ◌́); a person types é. TeX puts an accent on a dotless
  // i or j (`{\"\i}`), which the parser keeps (ı + ◌̈): the accented letter is the dotted one's (ï), as typed.
  const text = restore(value.replace(/<\/?[a-zA-Z][^>]*>/g, ""))
    .replace(/[\u0131\u0237](?=[\u0300-\u036f])/g, (c) => (c === "\u0131" ? "i" : "j"))
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim();
  return text || undefined;
}

function restore(value: string): string {
  return value.replaceAll(LT, "<").replaceAll(GT, ">");
}

/** `{firstName: "Jean", prefix: "de la", lastName: "Fontaine"}` → `Jean de la Fontaine`. */
export function creatorName(creator: Creator): string | undefined {
  if (creator.name) return plain(creator.name);
  if (!creator.firstName && creator.lastName?.toLowerCase() === "others") return undefined; // "and others": et al.
  return plain([creator.firstName, creator.prefix, creator.lastName, creator.suffix].filter(Boolean).join(" "));
}

type Converted = { fields: PaperFields; notes: string[] } | { problem: { message: string; fix: string } };

function toRecord(entry: Entry, decoded: Decoded): Converted {
  const f = entry.fields;
  const notes: string[] = [];
  const title = decoded.title;
  if (!title) return { problem: { message: "the entry has no title", fix: "add title = {…}" } };

  const fields: PaperFields = { title };
  const authors = (f.author ?? []).map(creatorName);
  if (authors.includes(undefined)) notes.push('"and others" in the author list was left out');
  const names = authors.filter((a): a is string => Boolean(a));
  if (names.length) fields.authors = names;

  const published = publishedDate(f.date, f.year, f.month);
  if (published.value) fields.published = published.value;
  if (published.note) notes.push(published.note);

  const arxiv = arxivId(f);
  if (arxiv.value) fields.arxiv = arxiv.value;
  if (arxiv.note) notes.push(arxiv.note);

  if (f.doi) {
    const doi = restore(f.doi).trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, "");
    if (DOI_RE.test(doi)) fields.doi = doi;
    else notes.push(`doi "${doi}" is not a DOI like 10.1145/3292500.3330701 and was left out`);
  }
  if (f.url) {
    const url = restore(f.url).trim();
    if (isHttpUrl(url)) fields.url = url;
    else notes.push(`url "${url}" is not an http(s) address and was left out`);
  }
  const abstract = decoded.abstract;
  if (abstract) fields.abstract = abstract;

  const tags: string[] = [];
  for (const keyword of f.keywords ?? []) {
    const tag = plain(keyword);
    if (tag && !tags.some((t) => tagKey(t) === tagKey(tag))) tags.push(tag);
  }
  if (tags.length) fields.tags = tags;
  return { fields, notes };
}

function publishedDate(date: string | undefined, year: string | undefined, month: string | undefined): { value?: string; note?: string } {
  if (date) {
    const d = date.trim();
    if (/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(d) || isRealDate(d)) return { value: d };
    // biblatex ranges (2020-01/2020-02) and times: keep the start day.
    const start = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[T/].*)?$/.exec(d)?.[1];
    if (start && (/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(start) || isRealDate(start))) return { value: start };
    if (!year) return { note: `date "${d}" is not a date like 2024-03-14 and was left out` };
  }
  if (!year) return {};
  const y = year.trim();
  if (!/^\d{4}$/.test(y)) return { note: `year "${y}" is not a four-digit year and was left out` };
  const m = Number(month);
  if (month && Number.isInteger(m) && m >= 1 && m <= 12) return { value: `${y}-${String(m).padStart(2, "0")}` };
  return { value: y };
}

function arxivId(f: Entry["fields"]): { value?: string; note?: string } {
  const prefix = (f.archiveprefix ?? f.eprinttype ?? "").toLowerCase();
  if (f.eprint && (prefix === "arxiv" || /^arxiv:/i.test(f.eprint))) {
    const id = f.eprint.trim().replace(/^arxiv:\s*/i, "");
    if (ARXIV_RE.test(id)) return { value: id };
    return { note: `eprint "${id}" is not an arXiv id like 2205.14135 and was left out` };
  }
  // No eprint: an arXiv address or arXiv DOI still names the paper.
  const fromUrl = /arxiv\.org\/(?:abs|pdf)\/([^\s?#]+?)(?:\.pdf)?$/i.exec(f.url ?? "")?.[1] ?? /^10\.48550\/arxiv\.(.+)$/i.exec(f.doi ?? "")?.[1];
  if (fromUrl && ARXIV_RE.test(fromUrl)) return { value: fromUrl };
  return {};
}
