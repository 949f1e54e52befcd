import { normaliseTitle } from "../papers/library.ts";
import { tagKey, type Paper } from "../papers/schema.ts";
import { describeSource, type ImportRecord, type PaperFields } from "./record.ts";
import type { FieldSet } from "./paper-file.ts";
import { paperSlug, uniqueSlug } from "./slug.ts";
import { matchTags, type CompiledTag } from "./tagging.ts";

/**
 * Deciding what an import does, before anything is written: each record becomes a new paper, a merge
 * into a paper already in the list, a skip or a failure, each with its reason. Pure: the command
 * prints the plan (a dry run stops there) and then carries it out.
 */

export type ImportFormat = "trending" | "bibtex";

/** Fields a BibTeX entry may add to a paper that lacks them; nothing else of a paper is ever changed. */
export const MERGE_FIELDS = ["authors", "arxiv", "doi", "published", "url"] as const;
type MergeField = (typeof MERGE_FIELDS)[number];

export interface NewAction {
  kind: "new";
  record: ImportRecord;
  slug: string;
  fields: FieldSet;
  /** Tags the taxonomy gave, recorded in the file. */
  tagRecord: string[];
  notes: string[];
}

export interface MergeAction {
  kind: "merge";
  record: ImportRecord;
  /** Paper file relative to the project (`content/papers/x.md`). */
  file: string;
  slug: string;
  /** The fields to insert: MERGE_FIELDS from BibTeX; `shelfmark refresh` also fills pdf and abstract. */
  add: Partial<Record<string, string | string[]>>;
  notes: string[];
}

export interface SkipAction {
  kind: "skip";
  record: ImportRecord;
  reason: string;
}

export interface FailAction {
  kind: "fail";
  record: ImportRecord;
  reason: string;
}

export type Action = NewAction | MergeAction | SkipAction | FailAction;

export interface PlanOptions {
  format: ImportFormat;
  /** `added` for new papers. */
  added: string;
  /** Papers already in the list. */
  existing: Paper[];
  /** Folder of paper files relative to the project, for file names in the plan. */
  dir: string;
  taxonomy: CompiledTag[];
}

/** Keys under which a record is the same paper as another: the list's own rule (library.ts). */
export function recordKeys(fields: Pick<PaperFields, "title" | "arxiv" | "doi">): { key: string; kind: string }[] {
  const keys = [{ key: `title:${normaliseTitle(fields.title)}`, kind: "title" }];
  if (fields.arxiv) keys.push({ key: `arxiv:${fields.arxiv.replace(/v\d+$/, "").toLowerCase()}`, kind: "arXiv id" });
  if (fields.doi) keys.push({ key: `doi:${fields.doi.toLowerCase()}`, kind: "DOI" });
  return keys;
}

type Target = { kind: "existing"; paper: Paper } | { kind: "new"; action: NewAction };

function targetName(target: Target): string {
  return target.kind === "existing" ? target.paper.file : `the paper from ${describeSource(target.action.record.source)}`;
}

function sameId(a: string | undefined, b: string | undefined, version: boolean): boolean {
  const norm = (s: string) => (version ? s.replace(/v\d+$/, "") : s).toLowerCase();
  return a === undefined || b === undefined || norm(a) === norm(b);
}

export function planImport(records: ImportRecord[], options: PlanOptions): Action[] {
  const index = new Map<string, Target>();
  const taken = new Set<string>();
  const add = (fields: Pick<PaperFields, "title" | "arxiv" | "doi">, target: Target) => {
    for (const { key } of recordKeys(fields)) if (!index.has(key)) index.set(key, target);
  };
  for (const paper of options.existing) {
    add(paper, { kind: "existing", paper });
    taken.add(paper.slug);
  }
  const slugOwners = new Map(options.existing.map((p) => [p.slug, p.file]));

  const actions: Action[] = [];
  for (const record of records) {
    const matches = new Map<Target, string[]>();
    for (const { key, kind } of recordKeys(record.fields)) {
      const target = index.get(key);
      if (target) matches.set(target, [...(matches.get(target) ?? []), kind]);
    }

    if (matches.size > 1) {
      const list = [...matches].map(([t, kinds]) => `${targetName(t)} (same ${kinds.join(" and ")})`).join(", ");
      actions.push({ kind: "skip", record, reason: `matches more than one paper: ${list}; not merged, to be safe` });
      continue;
    }

    if (matches.size === 1) {
      const [target, kinds] = [...matches][0]!;
      actions.push(options.format === "bibtex" ? merge(record, target, kinds) : repeat(record, target, kinds));
      continue;
    }

    const action = create(record, options, taken, slugOwners);
    actions.push(action);
    add(record.fields, { kind: "new", action });
  }
  return actions;
}

/** A trending record whose paper is already known: never changed from this format. */
function repeat(record: ImportRecord, target: Target, kinds: string[]): Action {
  if (target.kind === "existing") return { kind: "skip", record, reason: `already in the list as ${target.paper.file} (same ${kinds.join(" and ")})` };
  const first = target.action;
  if ((first.fields.abstract ?? "") === (record.fields.abstract ?? "")) {
    return { kind: "skip", record, reason: `repeats the paper on line ${first.record.source.line}` };
  }
  return {
    kind: "fail",
    record,
    reason: `has the same title as line ${first.record.source.line} (compared without case and punctuation) but another abstract; the list holds one paper per title, so only line ${first.record.source.line} was imported. If they are different papers, add this one with \`shelfmark new\` and a title that tells them apart`,
  };
}

function create(record: ImportRecord, options: PlanOptions, taken: Set<string>, slugOwners: Map<string, string>): NewAction {
  const f = record.fields;
  const base = paperSlug(f.title);
  const slug = uniqueSlug(base, taken);
  const notes = [...record.notes];
  if (slug !== base) notes.push(`the file name ${base}.md is taken by ${slugOwners.get(base) ?? "another paper"}: written as ${slug}.md`);
  taken.add(slug);
  slugOwners.set(slug, `the paper from ${describeSource(record.source)}`);

  const computed = matchTags(options.taxonomy, f.title, f.abstract);
  const tags = [...(f.tags ?? [])];
  for (const tag of computed) if (!tags.some((t) => tagKey(t) === tagKey(tag))) tags.push(tag);

  const fields: FieldSet = { title: f.title, added: options.added, status: "to-read", tags };
  for (const name of ["authors", "published", "arxiv", "doi", "url", "pdf", "code", "abstract"] as const) {
    const value = f[name];
    if (value !== undefined) fields[name] = value;
  }
  return { kind: "new", record, slug, fields, tagRecord: computed, notes };
}

/** A BibTeX entry for a known paper: fill in what the paper lacks, never overwrite. */
function merge(record: ImportRecord, target: Target, kinds: string[]): Action {
  const f = record.fields;
  const have: Partial<Record<MergeField, string | string[] | undefined>> =
    target.kind === "existing"
      ? { authors: target.paper.authors.length ? target.paper.authors : undefined, arxiv: target.paper.arxiv, doi: target.paper.doi, published: target.paper.published, url: target.paper.url }
      : (target.action.fields as Partial<Record<MergeField, string | string[]>>);
  const name = targetName(target);

  // Same title but another identifier is more likely a different paper than a typo: do not mix them.
  const conflicts: string[] = [];
  if (!sameId(have.arxiv as string | undefined, f.arxiv, true)) conflicts.push(`arXiv id ${String(have.arxiv)} in the list, ${f.arxiv} in the entry`);
  if (!sameId(have.doi as string | undefined, f.doi, false)) conflicts.push(`DOI ${String(have.doi)} in the list, ${f.doi} in the entry`);
  if (conflicts.length) return { kind: "skip", record, reason: `same ${kinds.join(" and ")} as ${name}, but ${conflicts.join("; ")}: not merged` };

  const add: MergeAction["add"] = {};
  for (const field of MERGE_FIELDS) {
    const value = f[field];
    const lacking = have[field] === undefined || (Array.isArray(have[field]) && (have[field] as string[]).length === 0);
    if (value !== undefined && lacking) add[field] = value;
  }
  const notes = [...record.notes];
  const titleDiffers = !kinds.includes("title");
  if (titleDiffers) notes.push(`matched by ${kinds.join(" and ")}; the entry's title "${f.title}" differs, the list's is kept`);

  if (target.kind === "new") {
    // Two entries for one paper in the same file: the second completes the first before it is written.
    if (Object.keys(add).length === 0) return { kind: "skip", record, reason: `repeats the entry on line ${target.action.record.source.line}` };
    Object.assign(target.action.fields, add);
    target.action.notes.push(`completed with ${Object.keys(add).join(", ")} from ${describeSource(record.source)}`);
    return { kind: "skip", record, reason: `same paper as the entry on line ${target.action.record.source.line}; its ${Object.keys(add).join(", ")} went into that new paper` };
  }
  if (Object.keys(add).length === 0) return { kind: "skip", record, reason: `already in the list as ${name}, with nothing to add` };
  return { kind: "merge", record, file: target.paper.file, slug: target.paper.slug, add, notes };
}

export function countActions(actions: Action[]): Record<Action["kind"], number> {
  const counts = { new: 0, merge: 0, skip: 0, fail: 0 };
  for (const a of actions) counts[a.kind]++;
  return counts;
}

/** For messages: the path of a new paper's file (`slug.md` when the papers folder is the current one). */
export function newFile(dir: string, slug: string): string {
  return dir === "." ? `${slug}.md` : `${dir.replace(/\/+$/, "")}/${slug}.md`;
}
