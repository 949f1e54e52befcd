// Note links (issue 19): `[[slug]]`, `[[slug|text]]`, `[[arxiv:ID]]`, `[[doi:...]]` and `[@key]` in notes, and the
// "Mentioned in" list on the pages they link to. There is no Eleventy wiring of its own: notes are rendered with the
// library (src/context.ts), whose markdown has the rule (src/site/markdown.ts); the paper layout lists the mentions;
// feeds, search and related papers take the links from the rendered notes and `linksTo`.
//   syntax.ts   what `[[...]]` and `[@...]` are, as written
//   resolve.ts  which paper a link names, and what to say when none does
//   markdown.ts the markdown-it rule, the links found and their lines
//   mentions.ts the other side: who links to each paper
import type { Problem } from "../errors.ts";
import type { MathRenderer } from "../math/tex.ts";
import { notesStart, readPaperText } from "../papers/notes-line.ts";
import type { Paper } from "../papers/schema.ts";
import { renderNotes, type NotesEnv } from "../site/markdown.ts";
import type { LinkProblem, LinkResolver } from "./markdown.ts";
import { mayHoldLinks } from "./syntax.ts";

export { LinkIndex } from "./resolve.ts";
export { mayHoldLinks } from "./syntax.ts";
export type { FoundLink, LinkProblem } from "./markdown.ts";

/** A paper's links to nothing as problems of its file, each on the file's line (all of them stop the build together). */
export function linkProblems(paper: Pick<Paper, "file" | "notes" | "notesLine">, problems: readonly LinkProblem[], root = process.cwd()): Problem[] {
  if (problems.length === 0) return [];
  const start = notesStart(readPaperText(paper, root), paper);
  return problems.map((p) => ({ file: paper.file, line: start + p.line - 1, field: "notes", message: p.message, fix: p.fix }));
}

/**
 * A paper's notes checked without building: rendered as the build renders them when they may hold a link or a
 * formula, their links to nothing as problems of the file, and the formulas the renderer rejected. For `shelfmark
 * check`, and for a build that stops on the files' problems (a file with problems in its fields has its notes
 * checked too, so one run lists everything).
 */
export function checkNotes(paper: Pick<Paper, "slug" | "file" | "notes" | "notesLine">, linkResolver: LinkResolver, mathRenderer: MathRenderer): { problems: Problem[]; mathErrors?: NotesEnv["mathErrors"] } {
  if (!paper.notes.includes("$") && !mayHoldLinks(paper.notes)) return { problems: [] };
  const env: NotesEnv = { mathRenderer, linkResolver, from: paper.slug };
  renderNotes(paper.notes, env);
  return { problems: linkProblems(paper, env.linkProblems ?? []), mathErrors: env.mathErrors };
}
