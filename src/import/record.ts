import type { Paper } from "../papers/schema.ts";

/**
 * The common shape every import format is turned into, before it is matched against the list.
 * Parsers (trending text, BibTeX) produce records and problems; they never touch the file system.
 */

/** Where a record came from, for every message about it. */
export interface RecordSource {
  /** The input file, as the user named it. */
  file: string;
  /** 1-based line where the record starts. */
  line: number;
  /** BibTeX entry key. */
  key?: string;
}

/**
 * The fields an import can set on a paper, already cleaned (plain text, valid ids and links): the schema's
 * own `Paper` fields, so the two cannot drift. `tags` are those the source itself gives (BibTeX keywords);
 * taxonomy tags are added later.
 */
export type PaperFields = Pick<Paper, "title"> &
  Partial<Pick<Paper, "authors" | "published" | "abstract" | "arxiv" | "doi" | "url" | "pdf" | "code" | "tags">>;

export interface ImportRecord {
  source: RecordSource;
  fields: PaperFields;
  /** Things that were dropped or changed while reading the record (an invalid link...), for the summary. */
  notes: string[];
}

/** A problem with the input that kept one record (or the whole file) from importing. */
export interface InputProblem {
  source: RecordSource;
  message: string;
  fix?: string;
}

export interface ParsedInput {
  records: ImportRecord[];
  problems: InputProblem[];
}

/** `file:line (key)` */
export function describeSource(source: RecordSource): string {
  return `${source.file}:${source.line}${source.key ? ` (entry "${source.key}")` : ""}`;
}

/** The order fields are written in: identity first, then bibliography, links, and the long abstract last. */
export const FIELD_ORDER = [
  "title",
  "added",
  "status",
  "tags",
  "authors",
  "published",
  "arxiv",
  "doi",
  "url",
  "pdf",
  "code",
  "draft",
  "abstract",
] as const;

export type FieldName = (typeof FIELD_ORDER)[number];
