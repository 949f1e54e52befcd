import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { InvalidContentError, type Problem } from "../errors.ts";
import { papersDir, relative } from "./project.ts";
import { checkNotes, LinkIndex } from "../links/index.ts";
import { MathRenderer } from "../math/tex.ts";
import { formatMathWarning, paperMathWarnings } from "../math/warnings.ts";
import { buildLibrary, loadPaperFiles, withNotes } from "../papers/library.ts";
import { DEFAULT_TAXONOMY_FILE, loadTaxonomy } from "../papers/taxonomy.ts";
import { loadSettings } from "../site/settings.ts";
import { plural } from "../util/plural.ts";
import { findProjectRoot } from "./project.ts";

/** Where the build reads the settings (eleventy.config.ts), relative to the project root. */
const SETTINGS_FILE = "content/site.yaml";

/**
 * `shelfmark check`: the build's validation, without building. The settings and the taxonomy are read by the
 * build's own loaders; every paper file is parsed and checked, then the tags across files, then the notes: links to
 * no paper are errors, as in a production build (a published paper's link to a draft too: drafts may link to
 * drafts); formulas the renderer rejects are warnings (errors with --strict). All problems are reported together.
 */
export async function check(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: "string" }, strict: { type: "boolean", default: false } } });
  // The project's files wherever in it the command runs (src/cli/project.ts); --dir as typed.
  const dir = papersDir("check", values.dir);
  // The project of the papers checked: where it runs, or the one --dir points into.
  const root = findProjectRoot(values.dir === undefined ? undefined : path.resolve(values.dir));
  const inRoot = (file: string) => relative(root ? path.join(root, file) : file);
  const settingsFile = inRoot(SETTINGS_FILE);
  const problems: Problem[] = [];
  // A project made by `shelfmark new` alone has no settings yet: said, not failed, as before check read them.
  if (existsSync(settingsFile)) problems.push(...problemsOf(() => loadSettings(settingsFile)));
  else console.warn(`shelfmark check: no ${settingsFile}, which the build needs. Fix: create it with at least a line \`title: My reading list\``);
  problems.push(...problemsOf(() => loadTaxonomy(inRoot(DEFAULT_TAXONOMY_FILE))));

  const loaded = await loadPaperFiles({ dir: path.resolve(dir) });
  const papers = loaded.papers;
  problems.push(...loaded.problems);
  const renderer = new MathRenderer();
  // Files with problems are there all the same: a link to one is not a link to no paper.
  const linkable = [...papers, ...loaded.unfinished];
  const published = new LinkIndex(linkable, { includeDrafts: false });
  const withDrafts = new LinkIndex(linkable, { includeDrafts: true });
  const warnings = papers.flatMap((paper) => {
    const notes = checkNotes(paper, paper.draft ? withDrafts : published, renderer);
    problems.push(...notes.problems);
    return paperMathWarnings(paper, renderer, notes.mathErrors);
  });
  // A file with problems in its fields: the links of its notes are checked all the same, in this one run.
  for (const paper of withNotes(loaded.unfinished)) problems.push(...checkNotes(paper, paper.draft ? withDrafts : published, renderer).problems);
  for (const warning of warnings) console.warn(formatMathWarning(warning));
  if (problems.length > 0) throw new InvalidContentError("check", problems);

  const library = buildLibrary(papers, { includeDrafts: true, renderNotes: () => ({ html: "", links: [] }), plugin: "check" });
  const drafts = papers.filter((p) => p.draft).length;
  const counts = `${plural(papers.length, "paper")}, ${plural(library.tags.length, "tag")}`;
  const draftNote = drafts ? ` (${plural(drafts, "draft")})` : "";
  if (warnings.length === 0) {
    console.log(`shelfmark check: ${counts}, no problems${draftNote}.`);
    return 0;
  }
  const what = plural(warnings.length, "formula", "formulas");
  if (values.strict) {
    console.error(`shelfmark check: ${counts}: ${what} the renderer rejects (--strict). Fix the TeX, or write \\$ for a dollar sign.`);
    return 1;
  }
  console.log(`shelfmark check: ${counts}, ${what} shown as source${draftNote}.`);
  return 0;
}

/** The problems a loader of the build throws (the settings, the taxonomy), to be listed with the papers'. */
function problemsOf(load: () => unknown): Problem[] {
  try {
    load();
    return [];
  } catch (error) {
    if (error instanceof InvalidContentError) return error.problems;
    throw error;
  }
}
