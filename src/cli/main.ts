import path from "node:path";
import { parseArgs } from "node:util";
import { ShelfmarkError } from "../errors.ts";
import { buildLibrary, loadPapers } from "../library.ts";
import { renderNotes } from "../markdown.ts";

/** A subcommand: parses its own arguments, returns the process exit code. */
export type Command = (args: string[]) => Promise<number>;

const USAGE = `shelfmark: a reading list of research papers, built with Eleventy

Usage:
  shelfmark check                 validate every paper without building (exit 1 on problems)
  shelfmark help                  this text

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
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      console.error(`shelfmark ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bin.js")) {
  process.exitCode = await main(process.argv.slice(2));
}
