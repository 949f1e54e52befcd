import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { ShelfmarkError, UsageError } from "../errors.ts";
import { parseFrontMatter } from "../papers/frontmatter.ts";
import { loadPapers, normaliseTitle } from "../papers/library.ts";
import { isRealDate, tagKey, toPaper, type Paper } from "../papers/schema.ts";
import { loadTaxonomy } from "../papers/taxonomy.ts";
import { parseBibtex } from "./bibtex.ts";
import { papersDir, taxonomyFile } from "../cli/project.ts";
import { frontMatterLayout, readTagRecord, renderPaperFile, serializeField, serializeTags, setFields, type FieldEdit } from "./paper-file.ts";
import { countActions, newFile, planImport, type Action, type ImportFormat } from "./plan.ts";
import { describeSource, type ImportRecord, type InputProblem } from "./record.ts";
import { paperSlug } from "./slug.ts";
import { compileTaxonomy, matchedPhrases, matchTags, updateTags } from "./tagging.ts";
import { parseTrending, resolvePageDate } from "./trending.ts";
import { plural } from "../util/plural.ts";
import { sameStrings } from "../util/lists.ts";

/** The `import`, `new` and `tag` commands: reading and writing files, printing what happened. */

type Command = (args: string[]) => Promise<number>;


/** Today in the local time zone, `YYYY-MM-DD`: the day a person would write by hand. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function checkDate(plugin: string, value: string | undefined): string | undefined {
  if (value !== undefined && !isRealDate(value)) throw new UsageError(plugin, `--date ${value} is not a real date written YYYY-MM-DD`);
  return value;
}

/** `.bib` files and text that opens with an `@entry{` are BibTeX; anything else is trending-papers text. */
export function detectFormat(file: string, text: string): ImportFormat {
  if (/\.(bib|bibtex)$/i.test(file)) return "bibtex";
  const first = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .find((line) => line.trim() && !line.trim().startsWith("%"));
  return first && /^\s*@[A-Za-z]+\s*[{(]/.test(first) ? "bibtex" : "trending";
}

function formatProblem(problem: InputProblem): string {
  return `${describeSource(problem.source)}: ${problem.message}${problem.fix ? `. Fix: ${problem.fix}` : ""}`;
}

export const importCommand: Command = async (args) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      date: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      dir: { type: "string" },
      taxonomy: { type: "string" },
      format: { type: "string" },
    },
  });
  const plugin = "import";
  if (positionals.length !== 1) throw new UsageError(plugin, "give one file to import: shelfmark import <file> [--date YYYY-MM-DD] [--dry-run]");
  const input = positionals[0]!;
  const date = checkDate(plugin, values.date);
  const dryRun = values["dry-run"]!;
  if (values.format !== undefined && values.format !== "trending" && values.format !== "bibtex") {
    throw new UsageError(plugin, `--format ${values.format} is not a known format: use trending or bibtex`);
  }
  const dir = papersDir(plugin, values.dir);

  let text: string;
  try {
    text = await readFile(input, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "there is no such file" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "you may not read it" : `${code ?? (error as Error).message}`;
    throw new ShelfmarkError(plugin, `cannot read ${input}: ${why}. Fix: give the path of the file to import, from this folder (${process.cwd()})`);
  }
  const format = (values.format as ImportFormat | undefined) ?? detectFormat(input, text);

  let records: ImportRecord[];
  let problems: InputProblem[];
  let warnings: InputProblem[];
  let added: string;
  if (format === "trending") {
    const parsed = parseTrending(text, input);
    ({ records, problems, warnings } = parsed);
    if (parsed.fatal && date === undefined) {
      console.error(`[shelfmark:${plugin}] ${formatProblem(parsed.fatal)}.`);
      return 1;
    }
    if (parsed.fatal) warnings = [...warnings, { ...parsed.fatal, message: `${parsed.fatal.message}; used --date ${date}` }];
    added = date ?? resolvePageDate(parsed.pageDate!, localToday());
  } else {
    ({ records, problems, warnings } = parseBibtex(text, input));
    added = date ?? localToday();
  }

  const existing = await loadPapers({ dir: path.resolve(dir), plugin });
  const taxonomy = loadTaxonomy(taxonomyFile(values.taxonomy));
  const actions = planImport(records, { format, added, existing, dir, taxonomy: compileTaxonomy(taxonomy) });

  const written = dryRun ? [] : await carryOut(actions, dir);
  printSummary({ input, format, added, records: records.length + problems.length, actions, problems, warnings, dryRun, dir });

  if (!dryRun && written.length) {
    // The list must still build: say so now rather than at the next `npm run build`.
    const papers = await loadPapers({ dir: path.resolve(dir), plugin });
    console.log(`The list now holds ${plural(papers.length, "paper")} and passes the checks.`);
  }
  return problems.length > 0 || actions.some((a) => a.kind === "fail") ? 1 : 0;
};

/** Writes a plan: new files (never over an existing one) and merges that insert lines and keep every other byte. */
export async function carryOut(actions: Action[], dir: string): Promise<string[]> {
  const written: string[] = [];
  await mkdir(dir, { recursive: true });
  for (const action of actions) {
    if (action.kind === "new") {
      const file = newFile(dir, action.slug);
      const text = renderPaperFile({ fields: action.fields, tagRecord: action.tagRecord });
      assertValid(text, file, action.slug);
      // `wx`: never overwrite a file, even one that appeared since the plan was made.
      await writeFile(file, text, { flag: "wx" });
      written.push(file);
    } else if (action.kind === "merge") {
      const before = await readFile(action.file, "utf8");
      const edits: Record<string, FieldEdit> = {};
      for (const [name, value] of Object.entries(action.add)) if (value !== undefined) edits[name] = { text: serializeField(name, value) };
      const after = setFields(before, edits);
      assertValid(after, action.file, action.slug);
      await writeFile(action.file, after);
      written.push(action.file);
    }
  }
  return written;
}

/** The writer's own output must pass the schema: a failure here is a bug, never a user's problem. */
function assertValid(text: string, file: string, slug: string): void {
  const parsed = parseFrontMatter(text, file);
  const result = parsed.ok ? toPaper(parsed.file, file, slug) : parsed;
  if (!result.ok) throw new Error(`shelfmark wrote an invalid paper file ${file}: ${result.problems.map((p) => `${p.field ?? ""} ${p.message}`).join("; ")}`);
}

interface Summary {
  input: string;
  format: ImportFormat;
  added: string;
  records: number;
  actions: Action[];
  problems: InputProblem[];
  warnings: InputProblem[];
  dryRun: boolean;
  dir: string;
}

function printSummary(s: Summary): void {
  const counts = countActions(s.actions);
  const failed = counts.fail + s.problems.length;
  const would = s.dryRun ? "would be " : "";
  const lines: string[] = [];
  lines.push(`shelfmark import ${s.input}: ${s.format === "trending" ? "trending-papers text" : "BibTeX"}, ${plural(s.records, "record")}${s.dryRun ? " (dry run: nothing written)" : ""}`);
  lines.push(`  new ${counts.new}, merged ${counts.merge}, skipped ${counts.skip}, failed ${failed}`);
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push("", `${title}:`, ...items.map((i) => `  ${i}`));
  };
  const where = (a: Action) => `${describeSource(a.record.source)} "${a.record.fields.title}"`;
  section(
    `New (${would}added ${s.added})`,
    s.actions.flatMap((a) =>
      a.kind === "new"
        ? [`+ ${newFile(s.dir, a.slug)}${a.fields.tags && (a.fields.tags as string[]).length ? `  [${(a.fields.tags as string[]).join(", ")}]` : "  (no tags)"}`, ...a.notes.map((n) => `    note: ${n}`)]
        : [],
    ),
  );
  section(
    `Merged (${would}added to existing papers)`,
    s.actions.flatMap((a) => (a.kind === "merge" ? [`~ ${a.file}: ${Object.keys(a.add).join(", ")}  (from ${describeSource(a.record.source)})`, ...a.notes.map((n) => `    note: ${n}`)] : [])),
  );
  section("Skipped", s.actions.flatMap((a) => (a.kind === "skip" ? [`= ${where(a)}: ${a.reason}`] : [])));
  section("Failed", [...s.problems.map((p) => `! ${formatProblem(p)}`), ...s.actions.flatMap((a) => (a.kind === "fail" ? [`! ${where(a)}: ${a.reason}`] : []))]);
  section("Warnings", s.warnings.map((w) => `? ${formatProblem(w)}`));
  console.log(lines.join("\n"));
}

export const newCommand: Command = async (args) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      date: { type: "string" },
      dir: { type: "string" },
      taxonomy: { type: "string" },
    },
  });
  const plugin = "new";
  const title = positionals.join(" ").trim();
  if (!title) throw new UsageError(plugin, 'give the paper\'s title: shelfmark new "Attention Is All You Need"');
  const added = checkDate(plugin, values.date) ?? localToday();
  const dir = papersDir(plugin, values.dir);

  const existing = await loadPapers({ dir: path.resolve(dir), plugin });
  const same = existing.find((p) => normaliseTitle(p.title) === normaliseTitle(title));
  if (same) throw new ShelfmarkError(plugin, `"${title}" is already in the list as ${same.file}. Fix: edit that file`);
  const slug = paperSlug(title);
  const file = newFile(dir, slug);
  if (existsSync(file)) throw new ShelfmarkError(plugin, `${file} already exists and shelfmark new never overwrites a file. Fix: edit it, or rename it first`);

  const computed = matchTags(compileTaxonomy(loadTaxonomy(taxonomyFile(values.taxonomy))), title);
  const text = renderPaperFile({ fields: { title, added, status: "to-read", tags: computed }, tagRecord: computed, notes: "" });
  assertValid(text, file, slug);
  await mkdir(dir, { recursive: true });
  await writeFile(file, text, { flag: "wx" });
  console.log(file);
  return 0;
};

export const tagCommand: Command = async (args) => {
  const { values } = parseArgs({
    args,
    options: {
      "dry-run": { type: "boolean", default: false },
      write: { type: "boolean", default: false },
      dir: { type: "string" },
      taxonomy: { type: "string" },
    },
  });
  const plugin = "tag";
  const dir = papersDir(plugin, values.dir);
  const dryRun = values["dry-run"]!;
  const force = values.write!;
  const taxonomyPath = taxonomyFile(values.taxonomy);
  const taxonomy = loadTaxonomy(taxonomyPath);
  if (taxonomy.length === 0) throw new ShelfmarkError(plugin, `${taxonomyPath} has no tags. Fix: add entries {name, description, match} to it`);
  const compiled = compileTaxonomy(taxonomy);
  const taxonomyKeys = new Set(compiled.map((t) => t.key));
  const byKey = new Map(taxonomy.map((t) => [tagKey(t.name), t]));

  const papers = (await loadPapers({ dir: path.resolve(dir), plugin })).sort((a, b) => (a.slug < b.slug ? -1 : 1));
  const out: string[] = [];
  let changed = 0;
  let handEdited = 0;
  for (const paper of papers) {
    const text = await readFile(paper.file, "utf8");
    const layout = frontMatterLayout(text);
    if (!layout) continue; // loadPapers accepted it, so this cannot happen; never guess at a file
    const record = readTagRecord(layout);
    const computed = matchTags(compiled, paper.title, paper.abstract);
    const update = updateTags(paper.tags, computed, record, taxonomyKeys, force);
    const recordChanged = update.record !== undefined && !sameStrings(update.record, record);
    const tagsChanged = !sameStrings(update.tags, paper.tags);
    if (update.kept.length) handEdited++;
    if (!tagsChanged && !recordChanged && !update.kept.length) continue;

    const parts: string[] = [];
    for (const tag of update.added) parts.push(`+ ${tag}${because(byKey.get(tagKey(tag)), paper)}`);
    for (const tag of update.removed) parts.push(`- ${tag}`);
    if (!tagsChanged && recordChanged) parts.push("(records the taxonomy's tags; the list itself is unchanged)");
    for (const k of update.kept) parts.push(`· ${k.tag}: ${k.reason}`);
    out.push(`${paper.file}`, ...parts.map((p) => `    ${p}`));
    if (tagsChanged || recordChanged) {
      changed++;
      if (!dryRun) await writeFile(paper.file, setFields(text, { tags: { text: serializeTags(update.tags, update.record) } }));
    }
  }
  const verb = dryRun ? "would change" : "changed";
  out.push(
    `shelfmark tag: ${plural(papers.length, "paper")}, ${changed} ${verb}${handEdited ? `, ${handEdited} with tags edited by hand left as they are${force ? "" : " (use --write to apply the taxonomy to them too)"}` : ""}${dryRun ? " (dry run: nothing written)" : ""}.`,
  );
  console.log(out.join("\n"));
  return 0;
};

function because(tag: { name: string; description: string; match: string[] } | undefined, paper: Paper): string {
  if (!tag) return "";
  const phrases = matchedPhrases(tag, paper.title, paper.abstract);
  return phrases.length ? `  (matches ${phrases.map((p) => `"${p}"`).join(", ")})` : "";
}
