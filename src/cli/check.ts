import path from "node:path";
import { parseArgs } from "node:util";
import { InvalidContentError, type Problem } from "../errors.ts";
import { DEFAULT_PAPERS_DIR } from "../import/commands.ts";
import { LinkIndex, linkProblems, mayHoldLinks } from "../links/index.ts";
import { MathRenderer } from "../math/tex.ts";
import { formatMathWarning, paperMathWarnings } from "../math/warnings.ts";
import { buildLibrary, loadPapers } from "../papers/library.ts";
import { renderNotes, type NotesEnv } from "../site/markdown.ts";
import { plural } from "../util/plural.ts";

/**
 * `shelfmark check`: the build's validation, without building. Every file is parsed and checked, then the tags
 * across files, then the notes: links to no paper are errors, as in a production build (a published paper's link
 * to a draft too: drafts may link to drafts); formulas the renderer rejects are warnings (errors with --strict).
 */
export async function check(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: "string", default: DEFAULT_PAPERS_DIR }, strict: { type: "boolean", default: false } } });
  const papers = await loadPapers({ dir: path.resolve(values.dir!), plugin: "check" });
  const library = buildLibrary(papers, { includeDrafts: true, renderNotes: () => ({ html: "", links: [] }), plugin: "check" });
  const drafts = papers.filter((p) => p.draft).length;
  const renderer = new MathRenderer();
  const published = new LinkIndex(papers, { includeDrafts: false });
  const withDrafts = new LinkIndex(papers, { includeDrafts: true });
  const problems: Problem[] = [];
  const warnings = papers.flatMap((paper) => {
    const env: NotesEnv = { mathRenderer: renderer, linkResolver: paper.draft ? withDrafts : published, from: paper.slug };
    if (paper.notes.includes("$") || mayHoldLinks(paper.notes)) renderNotes(paper.notes, env);
    problems.push(...linkProblems(paper, env.linkProblems ?? []));
    return paperMathWarnings(paper, renderer, env.mathErrors);
  });
  for (const warning of warnings) console.warn(formatMathWarning(warning));
  if (problems.length > 0) throw new InvalidContentError("check", problems);
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
