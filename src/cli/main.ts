import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ShelfmarkError, UsageError } from "../errors.ts";
import { importCommand, newCommand, tagCommand } from "../import/commands.ts";
import { addCommand, dailyCommand } from "../web/commands.ts";
import { refreshCommand } from "../web/refresh.ts";
import { updateCommand } from "../update/index.ts";
import { check } from "./check.ts";

/** A subcommand: parses its own arguments, returns the process exit code. */
export type Command = (args: string[]) => Promise<number>;

/** A subcommand as the help shows it: how to call it, one line on what it does, and its own options. */
export interface CommandSpec {
  run: Command;
  /** The call, after `shelfmark `: `new "<title>" [--date YYYY-MM-DD]`. */
  synopsis: string;
  summary: string;
  /** Further lines for `shelfmark <cmd> --help`. */
  details?: string;
}

const DIR_OPTIONS = "  --dir <folder>        the papers folder (default content/papers)\n  --taxonomy <file>     the taxonomy (default content/_data/taxonomy.yaml)";

export const commands: Record<string, CommandSpec> = {
  new: {
    run: newCommand,
    synopsis: 'new "<title>" [--date YYYY-MM-DD]',
    summary: "create content/papers/<slug>.md (status to-read) and print its path",
    details: `Options:\n  --date YYYY-MM-DD     the day it joined the list (default today)\n${DIR_OPTIONS}`,
  },
  import: {
    run: importCommand,
    synopsis: "import <file> [--date YYYY-MM-DD] [--dry-run]",
    summary: "add papers from a trending-papers text or a BibTeX .bib file; papers already in the list only gain the fields they lack",
    details: `Options:\n  --date YYYY-MM-DD     the day they joined the list (default: the page's date, or today)\n  --format trending|bibtex  the input's format (default: from the file)\n  --dry-run             print what would happen, write nothing\n${DIR_OPTIONS}`,
  },
  add: {
    run: addCommand,
    synopsis: "add <ref>... [--from FILE] [--date YYYY-MM-DD] [--status S] [--tags a,b] [--dry-run]",
    summary: "add papers from arXiv ids or links, DOIs, Hugging Face paper pages or any page with citation_* meta tags",
    details: `A ref is an arXiv id (2205.14135, arXiv:2205.14135v2, hep-th/9901001) or link (/abs/, /pdf/), a DOI
(10.1038/nature14539, doi:…, https://doi.org/…), a Hugging Face paper page (https://huggingface.co/papers/<id>),
or any other http(s) page with citation_* meta tags. Papers already in the list are reported, never written again.
Exit 0 when every ref was written or already listed, 1 when any failed (the rest are still written), 2 on usage errors.

Options:
  --from FILE           refs one a line (# starts a comment)
  --date YYYY-MM-DD     the day they joined the list (default today)
  --status S            to-read (default), reading or read
  --tags a,b            tags to add besides the taxonomy's
  --dry-run             print what would happen, write nothing
${DIR_OPTIONS}

Network: SHELFMARK_ARXIV_API, SHELFMARK_DOI_RESOLVER and SHELFMARK_HF_API change the services' addresses;
set contact: you@example.org in content/site.yaml to be named in the User-Agent. See docs/adding-papers.md.`,
  },
  daily: {
    run: dailyCommand,
    synopsis: "daily [--date YYYY-MM-DD] [--min-upvotes N] [--only-tagged] [--dry-run]",
    summary: "add the Hugging Face daily papers of a day (default yesterday, UTC); running it again adds nothing",
    details: `Options:
  --date YYYY-MM-DD     the day of the Hugging Face list, also the papers' added date (default yesterday, UTC)
  --min-upvotes N       leave out papers with fewer upvotes
  --only-tagged         keep only papers the taxonomy gives a tag
  --dry-run             print what would happen, write nothing
${DIR_OPTIONS}`,
  },
  refresh: {
    run: refreshCommand,
    synopsis: "refresh [<slug>...] [--dry-run]",
    summary: "fetch papers with an arXiv id or DOI again and fill only the fields they lack (the journal DOI of a published preprint)",
    details: "Options:\n  --dry-run             print what would be added, write nothing\n  --dir <folder>        the papers folder (default content/papers)",
  },
  tag: {
    run: tagCommand,
    synopsis: "tag [--dry-run] [--write]",
    summary: "re-apply the taxonomy to every paper; tags edited by hand are left alone unless --write",
    details: `Options:\n  --dry-run             print what would change, write nothing\n  --write               also replace tags edited by hand\n${DIR_OPTIONS}`,
  },
  check: {
    run: check,
    synopsis: "check [--strict]",
    summary: "validate every paper without building (exit 1 on problems); list the formulas the renderer rejects",
    details: "Options:\n  --dir <folder>        the papers folder (default content/papers)\n  --strict              a formula the renderer rejects is an error (exit 1), not a warning",
  },
  linkcheck: {
    // Loaded when used: the crawler's HTML and XML parsers are not needed by the other commands.
    run: async (args) => (await import("../linkcheck/index.ts")).linkcheckCommand(args),
    synopsis: "linkcheck [<folder>] [--path-prefix /<repo>/]",
    summary: "serve the built site (default _site) locally, follow every link, list the broken ones with the pages linking to them (exit 1 if any)",
    details:
      "Checked: every internal link, asset, srcset, form action, feed and sitemap URL answers 200 without a redirect,\nstays under the path prefix, and every #fragment names an element of its page; the 404 page works at any depth.\nLinks to other sites are counted, never requested.\n\nOptions:\n  --path-prefix <path>  where the site lives (default: PATH_PREFIX / SITE_URL as for the build,\n                        else the address the built home page names)",
  },
  update: {
    run: updateCommand,
    synopsis: "update [<repository URL, path or remote>] [--ref main] [--dry-run] [--force]",
    summary: "take a new shelfmark version into this list (git): shelfmark's files are updated, content/ is never touched",
    details: "Takes shelfmark's files from the source (default: the git remote named shelfmark) and stages them;\nyou review, test and commit. Stops, changing nothing, when you edited one of shelfmark's files.\n\nOptions:\n  --ref <branch or tag>  the version to take (default main)\n  --dry-run             list what would change, write nothing\n  --force               take shelfmark's version of files you edited (yours stay in git's history)",
  },
};

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export function usage(): string {
  const lines = Object.values(commands).flatMap((c) => [`  shelfmark ${c.synopsis}`, `      ${c.summary}`]);
  return [
    "shelfmark: a reading list of research papers, built with Eleventy",
    "",
    "Usage:",
    ...lines,
    "  shelfmark help [<command>]",
    "      this text, or one command's (also: shelfmark <command> --help)",
    "  shelfmark --version",
    "      the version",
    "",
    "Papers live in content/papers/<slug>.md; build the site with npm run build.",
  ].join("\n");
}

export function commandUsage(name: string): string {
  const c = commands[name]!;
  return [`Usage: shelfmark ${c.synopsis}`, "", c.summary + ".", ...(c.details ? ["", c.details] : [])].join("\n");
}

const isHelp = (arg: string | undefined) => arg === "--help" || arg === "-h" || arg === "help";

/** A usage error, as every command shows one: what is wrong, and where the command's options are. */
function usageError(name: string, message: string): number {
  console.error(`[shelfmark:${name}] ${message}\n(see shelfmark ${name} --help)`);
  return 2;
}

/** node:util parseArgs's errors, said plainly: the option as the user typed it, and what is wrong with it. */
function parseArgsMessage(error: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? "";
  // "--date <value>", "-d, --date <value>": the option's long name.
  const option = quoted.replace(/ <value>$/, "").split(", ").pop()!;
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option "${quoted}"`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument "${quoted}": this command takes only options`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (/does not take an argument/.test(error.message)) return `${option} takes no value`;
      if (/ambiguous/.test(error.message)) return `${option} needs a value (write ${option}=<value> for one that starts with "-")`;
      return `${option} needs a value`;
    default:
      return error.message;
  }
}

let outputGuarded = false;

/**
 * A reader that stops early (`shelfmark import list.bib | head -4`) closes the pipe: Node then reports EPIPE on
 * the next write, as an unhandled error with a stack trace. The rest of the output has no one to read it, so it
 * is dropped; the command still finishes its work (never half a list written) and exits with its own code.
 */
function dropOutputOnClosedPipe(): void {
  if (outputGuarded) return;
  outputGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      stream.write = (() => true) as typeof stream.write;
    });
  }
}

/** Runs one command line; returns the exit code: 0 done, 1 the command failed, 2 a usage error. */
export async function main(argv: string[]): Promise<number> {
  dropOutputOnClosedPipe();
  const [name, ...rest] = argv;
  if (name === undefined || isHelp(name)) {
    if (rest[0] && commands[rest[0]]) {
      console.log(commandUsage(rest[0]));
      return 0;
    }
    if (rest[0]) {
      console.error(`shelfmark: unknown command "${rest[0]}"\n\n${usage()}`);
      return 2;
    }
    console.log(usage());
    return 0;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    console.log(version());
    return 0;
  }
  const spec = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!spec) {
    console.error(`shelfmark: unknown ${name.startsWith("-") ? "option" : "command"} "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.some((a) => a === "--help" || a === "-h")) {
    console.log(commandUsage(name));
    return 0;
  }
  try {
    return await spec.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n(see shelfmark ${name} --help)`);
      return 2;
    }
    if (error instanceof ShelfmarkError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS_")) {
      return usageError(name, parseArgsMessage(error));
    }
    throw error;
  }
}

/** True when this module is the program (`node --import tsx src/cli/main.ts`, as the npm scripts run it). */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await main(process.argv.slice(2));
