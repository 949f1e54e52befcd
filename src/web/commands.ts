import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { ShelfmarkError } from "../errors.ts";
import { checkDate, localToday } from "../import/commands.ts";
import { papersDir, taxonomyFile } from "../cli/project.ts";
import type { ImportRecord } from "../import/record.ts";
import { compileTaxonomy, matchTags } from "../import/tagging.ts";
import { loadPapers } from "../papers/library.ts";
import { STATUSES, type Status } from "../papers/schema.ts";
import { loadTaxonomy } from "../papers/taxonomy.ts";
import { plural } from "../util/plural.ts";
import { hfFields } from "./huggingface.ts";
import { readRefList } from "./refs.ts";
import { fetchRefs, makeSources, webClient, type Sources } from "./sources.ts";
import { alreadyListed, listedIndex, writeRecords, type Outcome, type WriteOptions } from "./write.ts";

/** `shelfmark add` and `shelfmark daily`: papers from the web, written as `shelfmark import` writes them. */

type Command = (args: string[]) => Promise<number>;

/** Exit code 2 with a message: the command line itself is wrong. */
function usageError(command: string, message: string): number {
  console.error(`[shelfmark:${command}] ${message}\n(see shelfmark ${command} --help)`);
  return 2;
}

/** Shared options: where the list is, how to tag it, whether to write. */
const LIST_OPTIONS = {
  "dry-run": { type: "boolean", default: false },
  dir: { type: "string" },
  taxonomy: { type: "string" },
} as const;

async function openList(values: { dir?: string; taxonomy?: string }, plugin: string) {
  const dir = papersDir(plugin, values.dir);
  const existing = await loadPapers({ dir: path.resolve(dir), plugin });
  const taxonomy = compileTaxonomy(loadTaxonomy(taxonomyFile(values.taxonomy)));
  return { dir, existing, taxonomy };
}

function describe(outcome: Outcome, dryRun: boolean): string[] {
  if (outcome.kind === "listed") return [`already in the list as ${outcome.file} (${outcome.why})`];
  if (outcome.kind === "failed") return [`failed: ${outcome.reason}`];
  const tags = outcome.tags.length ? `  [${outcome.tags.join(", ")}]` : "  (no tags)";
  return [`${dryRun ? "would write" : "written"} ${outcome.file}${tags}`, ...outcome.notes.map((n) => `    note: ${n}`)];
}

/** Counts, the closing check of the list, and the exit code: 1 when any ref failed. */
async function finish(command: string, outcomes: Outcome[], extra: string, options: { dir: string; dryRun: boolean; lines: string[] }): Promise<number> {
  const count = (kind: Outcome["kind"]) => outcomes.filter((o) => o.kind === kind).length;
  const written = count("written");
  options.lines.push(
    `shelfmark ${command}: ${written} ${options.dryRun ? "would be written" : "written"}, ${count("listed")} already in the list, ${count("failed")} failed${extra}${options.dryRun ? " (dry run: nothing written)" : ""}.`,
  );
  console.log(options.lines.join("\n"));
  if (written && !options.dryRun) {
    // The list must still build: say so now rather than at the next `npm run build`.
    const papers = await loadPapers({ dir: path.resolve(options.dir), plugin: command });
    console.log(`The list now holds ${plural(papers.length, "paper")} and passes the checks.`);
  }
  return count("failed") ? 1 : 0;
}

function parseStatus(value: string | undefined): Status | undefined | false {
  if (value === undefined) return undefined;
  return (STATUSES as readonly string[]).includes(value) ? (value as Status) : false;
}

export const addCommand: Command = async (args) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...LIST_OPTIONS, from: { type: "string" }, date: { type: "string" }, status: { type: "string" }, tags: { type: "string" } },
  });
  const plugin = "add";
  const refs = positionals.map((ref) => ({ ref, label: ref }));
  if (values.from !== undefined) {
    let text: string;
    try {
      text = await readFile(values.from, "utf8");
    } catch (error) {
      return usageError(plugin, `cannot read --from ${values.from} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    for (const { ref, line } of readRefList(text)) refs.push({ ref, label: `${values.from}:${line} ${ref}` });
  }
  if (!refs.length) return usageError(plugin, "give at least one ref: an arXiv id, a DOI or a link (shelfmark add 2205.14135), or --from FILE");
  let added: string;
  try {
    added = checkDate(plugin, values.date) ?? localToday();
  } catch (error) {
    return usageError(plugin, (error as ShelfmarkError).message.replace(/^\[[^\]]+\] /, ""));
  }
  const status = parseStatus(values.status);
  if (status === false) return usageError(plugin, `--status ${values.status} is not a reading status: use ${STATUSES.join(", ")}`);
  const tags = values.tags?.split(",").map((t) => t.trim()).filter(Boolean);

  const list = await openList(values, plugin);
  const sources = makeSources(webClient());
  const index = listedIndex(list.existing);
  const progress = refs.length > 10 ? (m: string) => console.error(`[shelfmark:${plugin}] ${m}`) : undefined;
  const { results, sameAs } = await fetchRefs(
    refs.map((r) => r.ref),
    sources,
    (ids) => alreadyListed(index, ids),
    progress,
  );
  const records = results.map((r, i): ImportRecord | undefined => (r?.ok ? { source: { file: refs[i]!.label, line: i + 1 }, fields: r.fields, notes: r.notes } : undefined));
  const dryRun = values["dry-run"]!;
  const written = await writeRecords(records, { ...list, added, status, tags, dryRun } satisfies WriteOptions);
  const outcomes = results.map((r, i) => (r && !r.ok ? r.outcome : written[i]));
  for (const [i, first] of sameAs) {
    const earlier = outcomes[first];
    outcomes[i] = earlier && earlier.kind !== "failed" ? { kind: "listed", file: earlier.file, why: `given twice: same as ${refs[first]!.ref}` } : { kind: "failed", reason: `same as ${refs[first]!.ref}, which failed` };
  }
  const lines = refs.flatMap((r, i) => {
    const [head, ...rest] = describe(outcomes[i]!, dryRun);
    return [`${r.label}: ${head}`, ...rest];
  });
  return finish(plugin, outcomes as Outcome[], ` (added ${added})`, { dir: list.dir, dryRun, lines });
};

/** Yesterday in UTC: the last day whose Hugging Face list is complete. */
export function yesterdayUtc(now = new Date()): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}

export const dailyCommand: Command = async (args) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...LIST_OPTIONS, date: { type: "string" }, "min-upvotes": { type: "string" }, "only-tagged": { type: "boolean", default: false } },
  });
  const plugin = "daily";
  if (positionals.length) return usageError(plugin, `unexpected "${positionals[0]}": shelfmark daily takes only options (--date YYYY-MM-DD)`);
  let date: string;
  try {
    date = checkDate(plugin, values.date) ?? yesterdayUtc();
  } catch (error) {
    return usageError(plugin, (error as ShelfmarkError).message.replace(/^\[[^\]]+\] /, ""));
  }
  const minUpvotes = Number(values["min-upvotes"] ?? 0);
  if (!Number.isInteger(minUpvotes) || minUpvotes < 0) return usageError(plugin, `--min-upvotes ${values["min-upvotes"]} is not a whole number`);
  const dryRun = values["dry-run"]!;

  const list = await openList(values, plugin);
  const sources: Sources = makeSources(webClient());
  const papers = await sources.hf.daily(date);
  const lines: string[] = [`Hugging Face daily papers of ${date}: ${papers.length}`];
  const left: string[] = [];
  const kept: { label: string; record: ImportRecord }[] = [];
  for (const paper of papers) {
    const fields = hfFields(paper);
    const label = `${paper.id} "${fields?.title ?? paper.title ?? ""}"`;
    if (!fields) {
      lines.push(`${label}: failed: no arXiv id or title in Hugging Face's answer`);
      continue;
    }
    if ((paper.upvotes ?? 0) < minUpvotes) left.push(`${label}: left out: ${plural(paper.upvotes ?? 0, "upvote")}, fewer than --min-upvotes ${minUpvotes}`);
    else if (values["only-tagged"] && !matchTags(list.taxonomy, fields.title, fields.abstract).length) left.push(`${label}: left out: no taxonomy tag (--only-tagged)`);
    else kept.push({ label, record: { source: { file: `daily ${date}`, line: kept.length + 1 }, fields, notes: [] } });
  }
  // A day's paper joins the list on that day, as `import` dates a trending page by the page.
  const outcomes = (await writeRecords(kept.map((k) => k.record), { ...list, added: date, dryRun })) as Outcome[];
  kept.forEach((k, i) => {
    const [head, ...rest] = describe(outcomes[i]!, dryRun);
    lines.push(`${k.label}: ${head}`, ...rest);
  });
  lines.push(...left);
  const failed = papers.length - kept.length - left.length;
  const all = [...outcomes, ...Array.from({ length: failed }, (): Outcome => ({ kind: "failed", reason: "" }))];
  return finish(plugin, all, `, ${left.length} left out`, { dir: list.dir, dryRun, lines });
};
