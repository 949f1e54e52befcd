import path from "node:path";
import { parseArgs } from "node:util";
import { carryOut } from "../import/commands.ts";
import { papersDir } from "../cli/project.ts";
import { MERGE_FIELDS, recordKeys, type MergeAction } from "../import/plan.ts";
import type { PaperFields } from "../import/record.ts";
import { loadPapers } from "../papers/library.ts";
import type { Paper } from "../papers/schema.ts";
import { makeSources, webClient } from "./sources.ts";
import { listedIndex } from "./write.ts";
import { plural } from "../util/plural.ts";

/**
 * `shelfmark refresh`: asks arXiv (or the DOI's agency) again about papers already in the list and fills
 * only the fields they lack, by the BibTeX merge's rule: a field the file has is never changed, new lines
 * are inserted among the fields, every other byte stays. Above all it picks up the journal DOI that
 * arXiv reports once a preprint is published.
 */

/** What a refresh may add: the merge's fields, and the links and abstract a new paper gets. */
export const REFRESH_FIELDS = [...MERGE_FIELDS, "pdf", "abstract"] as const;
type RefreshField = (typeof REFRESH_FIELDS)[number];

export interface Fill {
  add: Partial<Record<RefreshField, string | string[]>>;
  notes: string[];
}

/**
 * The fields `fetched` has and `paper` lacks. An arXiv id or DOI that another paper of the list already
 * holds is not added: the two files would then be one paper twice, which the build refuses.
 */
export function fillFor(paper: Paper, fetched: PaperFields, owners: Map<string, { file: string }>): Fill {
  const add: Fill["add"] = {};
  const notes: string[] = [];
  for (const field of REFRESH_FIELDS) {
    const value = fetched[field];
    const have = paper[field];
    const lacking = have === undefined || (Array.isArray(have) && have.length === 0);
    if (value === undefined || !lacking) continue;
    if (field === "arxiv" || field === "doi") {
      const owner = owners.get(recordKeys({ title: "", [field]: value as string })[1]!.key);
      if (owner && owner.file !== paper.file) {
        notes.push(`${field === "doi" ? "DOI" : "arXiv id"} ${String(value)} not added: ${owner.file} has it (two files for one paper? keep one)`);
        continue;
      }
    }
    add[field] = value;
  }
  return { add, notes };
}

export async function refreshCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { "dry-run": { type: "boolean", default: false }, dir: { type: "string" } },
  });
  const plugin = "refresh";
  const dryRun = values["dry-run"]!;
  const dir = papersDir(plugin, values.dir);
  const papers = (await loadPapers({ dir: path.resolve(dir), plugin })).sort((a, b) => (a.slug < b.slug ? -1 : 1));
  const bySlug = new Map(papers.map((p) => [p.slug, p]));
  const unknown = positionals.map((s) => s.replace(/\.md$/, "").split("/").pop()!).filter((s) => !bySlug.has(s));
  if (unknown.length) {
    console.error(`[shelfmark:${plugin}] no paper ${unknown.join(", ")} in ${dir}: give file names without .md (shelfmark refresh flashattention)\n(see shelfmark refresh --help)`);
    return 2;
  }
  const chosen = positionals.length ? positionals.map((s) => bySlug.get(s.replace(/\.md$/, "").split("/").pop()!)!) : papers;
  const candidates = chosen.filter((p) => p.arxiv || p.doi);
  const sources = makeSources(webClient());
  const progress = (m: string) => console.error(`[shelfmark:${plugin}] ${m}`);

  const fetched = new Map<Paper, { ok: true; fields: PaperFields } | { ok: false; reason: string }>();
  const withArxiv = candidates.filter((p) => p.arxiv);
  const answers = await sources.arxiv.fetch(
    withArxiv.map((p) => p.arxiv!),
    (done, total) => total > 100 && progress(`arXiv: ${done} of ${total} ids`),
  );
  for (const p of withArxiv) fetched.set(p, answers.get(p.arxiv!)!);
  const withDoi = candidates.filter((p) => !p.arxiv);
  for (const [i, p] of withDoi.entries()) {
    fetched.set(p, await sources.doi.fetch(p.doi!));
    if (withDoi.length > 10 && ((i + 1) % 10 === 0 || i + 1 === withDoi.length)) progress(`DOIs: ${i + 1} of ${withDoi.length}`);
  }

  const owners = listedIndex(papers);
  const lines: string[] = [];
  const actions: MergeAction[] = [];
  let failed = 0;
  for (const paper of candidates) {
    const answer = fetched.get(paper)!;
    if (!answer.ok) {
      failed++;
      lines.push(`${paper.file}: failed: ${answer.reason}`);
      continue;
    }
    const { add, notes } = fillFor(paper, answer.fields, owners);
    const names = Object.keys(add);
    if (names.length) {
      actions.push({ kind: "merge", record: { source: { file: paper.file, line: 1 }, fields: answer.fields, notes }, file: paper.file, slug: paper.slug, add, notes });
      lines.push(`${paper.file}: ${dryRun ? "would add" : "added"} ${names.map((n) => (n === "doi" || n === "arxiv" ? `${n} ${String(add[n as RefreshField])}` : n)).join(", ")}`);
    }
    lines.push(...notes.map((n) => `${paper.file}: note: ${n}`));
  }
  if (!dryRun) await carryOut(actions, dir);
  const skipped = chosen.length - candidates.length;
  lines.push(
    `shelfmark refresh: ${plural(candidates.length, "paper")} asked, ${actions.length} ${dryRun ? "would gain" : "gained"} fields, ${candidates.length - actions.length - failed} had nothing to add, ${failed} failed` +
      `${skipped ? `; ${skipped} without an arXiv id or DOI left as they are` : ""}${dryRun ? " (dry run: nothing written)" : ""}.`,
  );
  console.log(lines.join("\n"));
  if (actions.length && !dryRun) {
    const after = await loadPapers({ dir: path.resolve(dir), plugin });
    console.log(`The list now holds ${plural(after.length, "paper")} and passes the checks.`);
  }
  return failed ? 1 : 0;
}
