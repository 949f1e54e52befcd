// Where a paper's notes are in its file: messages about a note (a formula the renderer rejects, a link to no paper)
// name the line of the file, not of the notes.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Paper } from "./schema.ts";

/** The paper file's text as it is on disk now, or "" when it cannot be read (the message then has no line). */
export function readPaperText(paper: Pick<Paper, "file">, root = process.cwd()): string {
  try {
    return readFileSync(path.resolve(root, paper.file), "utf8");
  } catch {
    return "";
  }
}

/** The notes are the file's body trimmed: their first line is where that text starts. */
export function notesStart(text: string, paper: Pick<Paper, "notes" | "notesLine">): number {
  const at = paper.notes ? text.lastIndexOf(paper.notes) : -1;
  return at >= 0 ? text.slice(0, at).split("\n").length : paper.notesLine;
}
