import { carryOut } from "../import/commands.ts";
import { extractLinks } from "../import/links.ts";
import { newFile, planImport, recordKeys, type Action } from "../import/plan.ts";
import type { ImportRecord, PaperFields } from "../import/record.ts";
import type { CompiledTag } from "../import/tagging.ts";
import { tagKey, type Paper, type Status } from "../papers/schema.ts";

/**
 * From fetched papers to files, exactly as `shelfmark import` writes them: the import's plan decides
 * what is new and what is already in the list (same arXiv id without version, DOI or normalised title),
 * its writer writes. What is web-specific is the outcome per ref that the commands print.
 */

export type Outcome =
  | { kind: "written"; file: string; tags: string[]; notes: string[] }
  | { kind: "listed"; file: string; why: string }
  | { kind: "failed"; reason: string };

export interface WriteOptions {
  existing: Paper[];
  dir: string;
  taxonomy: CompiledTag[];
  added: string;
  status?: Status;
  /** Tags given on the command line, added to the taxonomy's. */
  tags?: string[];
  dryRun: boolean;
}

/** The list's identity keys of a paper already in the list, for answering before anything is fetched. */
export function listedIndex(existing: Paper[]): Map<string, { file: string; kind: string }> {
  const index = new Map<string, { file: string; kind: string }>();
  for (const paper of existing) for (const { key, kind } of recordKeys(paper)) if (!index.has(key)) index.set(key, { file: paper.file, kind });
  return index;
}

/**
 * Where the list already holds this paper: by arXiv id or DOI before anything is fetched (give no
 * title), by any of the three once it is.
 */
export function alreadyListed(index: Map<string, { file: string; kind: string }>, fields: Partial<Pick<PaperFields, "title" | "arxiv" | "doi">>): Outcome | undefined {
  const [title, ...ids] = recordKeys({ title: "", ...fields });
  // An arXiv id or DOI says more than a title: name it when both match.
  for (const { key } of fields.title ? [...ids, title!] : ids) {
    const hit = index.get(key);
    if (hit) return { kind: "listed", file: hit.file, why: `same ${hit.kind}` };
  }
  return undefined;
}

/**
 * Writes the papers that are new and returns one outcome per record, in order. Two records of one run
 * that are the same paper (an arXiv id and its Hugging Face page) are written once; the second is
 * reported as already in the list, as the file the first became.
 */
export async function writeRecords(records: (ImportRecord | undefined)[], options: WriteOptions): Promise<(Outcome | undefined)[]> {
  const outcomes: (Outcome | undefined)[] = records.map(() => undefined);
  const firstByKey = new Map<string, number>();
  const planned: { record: ImportRecord; index: number }[] = [];
  const sameAs = new Map<number, { first: number; kind: string }>();
  const listed = listedIndex(options.existing);
  records.forEach((record, index) => {
    if (!record) return;
    const known = alreadyListed(listed, record.fields);
    if (known) {
      outcomes[index] = known;
      return;
    }
    const keys = recordKeys(record.fields);
    const earlier = keys.find((k) => firstByKey.has(k.key));
    if (earlier) {
      sameAs.set(index, { first: firstByKey.get(earlier.key)!, kind: earlier.kind });
      return;
    }
    for (const { key } of keys) firstByKey.set(key, index);
    // As `import` does: a code repository linked in the abstract is the paper's code.
    const code = record.fields.code ?? (record.fields.abstract ? extractLinks(record.fields.abstract).code : undefined);
    if (code) record = { ...record, fields: { ...record.fields, code } };
    if (options.tags?.length) {
      const tags = [...(record.fields.tags ?? [])];
      for (const tag of options.tags) if (!tags.some((t) => tagKey(t) === tagKey(tag))) tags.push(tag);
      record = { ...record, fields: { ...record.fields, tags } };
    }
    planned.push({ record, index });
  });

  const actions = planImport(
    planned.map((p) => p.record),
    { format: "trending", added: options.added, existing: options.existing, dir: options.dir, taxonomy: options.taxonomy },
  );
  for (const action of actions) if (action.kind === "new" && options.status) action.fields.status = options.status;
  if (!options.dryRun) await carryOut(actions, options.dir);

  actions.forEach((action, i) => (outcomes[planned[i]!.index] = outcomeOf(action, options.dir)));
  for (const [index, { first, kind }] of sameAs) {
    const earlier = outcomes[first];
    outcomes[index] =
      earlier && earlier.kind !== "failed"
        ? { kind: "listed", file: earlier.file, why: `same ${kind} as an earlier ref` }
        : { kind: "failed", reason: `same paper as an earlier ref, which failed` };
  }
  return outcomes;
}

function outcomeOf(action: Action, dir: string): Outcome {
  // Every record planned is new to the list and to this run (checked above): anything else is the plan's reason.
  if (action.kind === "new") return { kind: "written", file: newFile(dir, action.slug), tags: (action.fields.tags as string[] | undefined) ?? [], notes: action.notes };
  return { kind: "failed", reason: action.kind === "merge" ? `unexpected merge into ${action.file}` : action.reason };
}
