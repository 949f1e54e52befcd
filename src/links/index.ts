// Note links (issue 19): `[[slug]]`, `[[slug|text]]`, `[[arxiv:ID]]`, `[[doi:...]]` and `[@key]` in notes, and the
// "Mentioned in" list on the pages they link to. There is no Eleventy wiring of its own: notes are rendered with the
// library (src/context.ts), whose markdown has the rule (src/site/markdown.ts); the paper layout lists the mentions;
// feeds, search and related papers take the links from the rendered notes and `linksTo`.
//   syntax.ts   what `[[...]]` and `[@...]` are, as written
//   resolve.ts  which paper a link names, and what to say when none does
//   markdown.ts the markdown-it rule, the links found and their lines
//   mentions.ts the other side: who links to each paper
import type { Problem } from "../errors.ts";
import { notesStart, readPaperText } from "../papers/notes-line.ts";
import type { Paper } from "../papers/schema.ts";
import type { LinkProblem } from "./markdown.ts";

export { LinkIndex } from "./resolve.ts";
export { mayHoldLinks } from "./syntax.ts";
export type { FoundLink, LinkProblem } from "./markdown.ts";

/** A paper's links to nothing as problems of its file, each on the file's line (all of them stop the build together). */
export function linkProblems(paper: Pick<Paper, "file" | "notes" | "notesLine">, problems: readonly LinkProblem[], root = process.cwd()): Problem[] {
  if (problems.length === 0) return [];
  const start = notesStart(readPaperText(paper, root), paper);
  return problems.map((p) => ({ file: paper.file, line: start + p.line - 1, field: "notes", message: p.message, fix: p.fix }));
}
