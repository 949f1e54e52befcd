import { parse, type Creator, type Entry } from "@retorquere/bibtex-parser";
import { normaliseText } from "../papers/frontmatter.ts";
import { ARXIV_RE, DOI_RE, isHttpUrl, isRealDate, tagKey } from "../papers/schema.ts";
import type { ImportRecord, InputProblem, ParsedInput, PaperFields } from "./record.ts";

/**
 * BibTeX through @retorquere/bibtex-parser (the parser behind Better BibTeX for Zotero): it decodes
 * braces, accents (`{\"u}` → ü) and commands to Unicode, and splits names in both orders
 * (`Last, First` and `First Last`). This module maps its entries to import records.
 *
 * Two quirks of the parser are handled here: it renders formatting commands as HTML (`\textit{x}` →
 * `<i>x</i>`), which paper fields never contain, so tags are stripped; and it follows TeX's font
 * encoding where a literal `<` prints as `¡`, so `<` and `>` are hidden from it and restored after.
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
  const library = parse(hidden, {
    english: false, // keep titles as written: no sentence-casing
    unsupported: (_node, tex, entry) => {
      const notes = commandNotes.get(entry.key) ?? [];
      notes.push(`the LaTeX command ${restore(tex)} is unknown and was kept as written`);
      commandNotes.set(entry.key, notes);
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

  const records: ImportRecord[] = [];
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

    const result = toRecord(entry);
    if ("problem" in result) {
      problems.push({ source, ...result.problem });
      continue;
    }
    records.push({ source, fields: result.fields, notes: [...(commandNotes.get(entry.key) ?? []), ...result.notes] });
  }
  return { records, problems, warnings };
}

/** Undo the `<`/`>` hiding and drop the parser's HTML formatting: fields are plain text. */
function plain(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // NFC: the parser writes accents as combining marks (e + ◌́); a person types é.
  const text = restore(value.replace(/<\/?[a-zA-Z][^>]*>/g, "")).normalize("NFC").replace(/\s+/g, " ").trim();
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

function toRecord(entry: Entry): Converted {
  const f = entry.fields;
  const notes: string[] = [];
  const title = plain(f.title);
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
  const abstract = plain(f.abstract);
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
