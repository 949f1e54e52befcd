// The formulas the renderer rejects, as warnings naming the file, the line and the field: printed once by a build
// (src/math/index.ts) and listed by `shelfmark check` (src/cli/main.ts; `--strict` makes them errors).
import type { Paper } from "../papers/schema.ts";
import { notesStart, readPaperText } from "../papers/notes-line.ts";
import { splitMath, type MathRenderer } from "./tex.ts";
import type { MathEnv } from "./markdown.ts";

export interface MathWarning {
  file: string;
  line?: number;
  field: "title" | "abstract" | "notes";
  message: string;
  /** The formula as written, with its dollars. */
  source: string;
}

export type NotesErrors = NonNullable<MathEnv["mathErrors"]>;

/** Every rejected formula of one paper: its title and abstract here, its notes as their render reported them. */
export function paperMathWarnings(paper: Paper, renderer: MathRenderer, notesErrors: NotesErrors = [], root = process.cwd()): MathWarning[] {
  const warnings: MathWarning[] = [];
  let text: string | undefined;
  const fileText = () => (text ??= readPaperText(paper, root));
  for (const field of ["title", "abstract"] as const) {
    const value = paper[field];
    if (!value || !value.includes("$")) continue;
    for (const segment of splitMath(value)) {
      if (segment.kind !== "math") continue;
      const rendered = renderer.render(segment.tex, false);
      if (!rendered.ok) warnings.push({ file: paper.file, line: fieldLine(fileText(), field), field, message: rendered.message, source: segment.source });
    }
  }
  if (notesErrors.length > 0) {
    const start = notesStart(fileText(), paper);
    for (const error of notesErrors) warnings.push({ file: paper.file, line: start + error.line - 1, field: "notes", message: error.message, source: error.source });
  }
  return warnings;
}

/** `[shelfmark:math] content/papers/x.md:12 field "abstract": <message> in $...$` */
export function formatMathWarning(w: MathWarning): string {
  return `[shelfmark:math] ${w.file}${w.line ? `:${w.line}` : ""} field "${w.field}": ${w.message} in ${w.source} (shown as its source)`;
}

function fieldLine(text: string, field: string): number | undefined {
  const match = new RegExp(`^${field}\\s*:`, "m").exec(text);
  return match ? text.slice(0, match.index).split("\n").length : undefined;
}
