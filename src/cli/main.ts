import path from "node:path";
import { parseArgs } from "node:util";
import { ShelfmarkError } from "../errors.ts";
import { importCommand, newCommand, tagCommand } from "../import/commands.ts";
import { buildLibrary, loadPapers } from "../library.ts";

/** A subcommand: parses its own arguments, returns the process exit code. */
export type Command = (args: string[]) => Promise<number>;

const USAGE = `shelfmark: a reading list of research papers, built with Eleventy

Usage:
  shelfmark import <file> [--date YYYY-MM-DD] [--dry-run]
                                  add papers from a trending-papers text or a BibTeX .bib file;
                                  papers already in the list only gain the fields they lack
  shelfmark new "<title>" [--date YYYY-MM-DD]
                                  create content/papers/<slug>.md (status to-read), print its path
  shelfmark tag [--dry-run] [--write]
                                  re-apply the taxonomy (content/_data/taxonomy.yaml) to every paper;
                                  tags edited by hand are left alone unless --write
  shelfmark check                 validate every paper without building (exit 1 on problems)
  shelfmark help                  this text

Options for import, new and tag: --dir <papers folder>, --taxonomy <file>.

Papers live in content/papers/<slug>.md; build the site with npm run build.`;

export const PAPERS_DIR = "content/papers";

/** The build's validation, without building: parse and check every file, then the tags across files. */
export const check: Command = async (args) => {
  const { values } = parseArgs({ args, options: { dir: { type: "string", default: PAPERS_DIR } } });
  const papers = await loadPapers({ dir: path.resolve(values.dir!), plugin: "check" });
  const library = buildLibrary(papers, { includeDrafts: true, renderNotes: () => "", plugin: "check" });
  const drafts = papers.filter((p) => p.draft).length;
  console.log(`shelfmark check: ${papers.length} papers, ${library.tags.length} tags, no problems${drafts ? ` (${drafts} drafts)` : ""}.`);
  return 0;
};

export const commands: Record<string, Command> = {
  check,
  import: importCommand,
  new: newCommand,
  tag: tagCommand,
  help: async () => {
    console.log(USAGE);
    return 0;
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name = "help", ...rest] = argv;
  const command = commands[name];
  if (!command) {
    console.error(`shelfmark: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof ShelfmarkError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS_")) {
      console.error(`shelfmark ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bin.js")) {
  process.exitCode = await main(process.argv.slice(2));
}
