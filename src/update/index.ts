import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ShelfmarkError, UsageError } from "../errors.ts";
import { findProjectRoot } from "../cli/project.ts";
import { isUserPath, planUpdate, USER_PATHS, type Tree } from "./plan.ts";

/** `shelfmark update`: take a new shelfmark version into this list, leaving the user's files alone. */

const PLUGIN = "update";
const DEFAULT_REMOTE = "shelfmark";

function git(args: string[], cwd: string, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("git", args, { cwd, maxBuffer: 256 << 20, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
        reject(new ShelfmarkError(PLUGIN, missing ? "git is not installed: shelfmark update needs git" : `git ${args[0]} failed: ${(stderr || error.message).trim()}`));
      } else resolve(stdout);
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** `git ls-tree -r -z` as path → blob (files and links; submodules are not shelfmark's). */
function parseTree(out: string): Map<string, string> {
  const tree = new Map<string, string>();
  for (const entry of out.split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab < 0) continue;
    const [, type, blob] = entry.slice(0, tab).split(" ");
    if (type === "blob") tree.set(entry.slice(tab + 1), blob!);
  }
  return tree;
}

/** Every (path, blob) in `git log --raw -z` output, plus `path\0*` for each path ever held. */
function parseHistory(out: string, tip: Tree): Set<string> {
  const history = new Set<string>();
  const add = (file: string, blob: string) => {
    if (!/^0+$/.test(blob)) history.add(`${file}\0${blob}`);
    history.add(`${file}\0*`);
  };
  const fields = out.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const raw = fields[i]!.replace(/^\n+/, "");
    if (!raw.startsWith(":")) continue;
    const [, , oldBlob, newBlob] = raw.slice(1).split(" ");
    const file = fields[++i]!;
    add(file, oldBlob!);
    add(file, newBlob!);
  }
  for (const [file, blob] of tip) add(file, blob);
  return history;
}

function packageVersion(json: string): string | undefined {
  try {
    return (JSON.parse(json) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

const list = (files: string[], mark: string) => files.map((f) => `  ${mark} ${f}`);

export async function updateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ref: { type: "string", default: "main" }, "dry-run": { type: "boolean", default: false }, force: { type: "boolean", default: false } },
  });
  if (positionals.length > 1) throw new UsageError(PLUGIN, "give at most one source: shelfmark update [<repository URL, path or remote>] [--ref main]");
  // The project's repository, from wherever in the project it was run (outside one, git says what is wrong).
  const root = (await git(["rev-parse", "--show-toplevel"], findProjectRoot() ?? process.cwd()).catch(() => {
    throw new ShelfmarkError(PLUGIN, "this folder is not a git repository: shelfmark update takes a new version into a list kept in git");
  })).trim();

  let source = positionals[0];
  const remotes = (await git(["remote"], root)).split("\n");
  // git runs in the repository's top folder: a source path typed in a subfolder is made absolute first.
  if (source && !remotes.includes(source) && existsSync(path.resolve(source))) source = path.resolve(source);
  if (!source) {
    if (!remotes.includes(DEFAULT_REMOTE)) {
      throw new ShelfmarkError(PLUGIN, `no source given and no git remote named "${DEFAULT_REMOTE}". Fix: git remote add ${DEFAULT_REMOTE} <shelfmark's repository URL>, then shelfmark update`);
    }
    source = DEFAULT_REMOTE;
  }
  const dirty = (await git(["status", "--porcelain", "--untracked-files=no"], root)).trim();
  if (dirty && !values["dry-run"]) throw new ShelfmarkError(PLUGIN, "there are uncommitted changes. Fix: commit them (or git stash) first, so the update can be reviewed and undone on its own");

  await git(["fetch", "--quiet", "--no-tags", source, values.ref!], root);
  const tip = (await git(["rev-parse", "FETCH_HEAD"], root)).trim();
  const upstream = parseTree(await git(["ls-tree", "-r", "-z", tip], root));
  const local = parseTree(await git(["ls-tree", "-r", "-z", "HEAD"], root).catch(() => ""));
  const history = parseHistory(await git(["log", "--raw", "--no-abbrev", "--no-renames", "-m", "--root", "-z", "--format=", tip], root), upstream);
  const plan = planUpdate({ local, upstream, history });
  const version = upstream.has("package.json") ? packageVersion(await git(["show", `${tip}:package.json`], root)) : undefined;
  const target = `shelfmark${version ? ` ${version}` : ""} (${source} ${values.ref}, ${tip.slice(0, 10)})`;

  const changes = plan.take.length + plan.added.length + plan.remove.length;
  const lines = [`shelfmark update: ${target}`];
  lines.push(`  ${plan.take.length} changed, ${plan.added.length} new, ${plan.remove.length} removed, ${plan.unchanged} unchanged; ${USER_PATHS.join(", ")} left as it is`);
  lines.push(...list(plan.take, "~"), ...list(plan.added, "+"), ...list(plan.remove, "-"));
  if (plan.edited.length && !values.force) {
    lines.push("", "Stopped: you changed these files of shelfmark's, and the update would replace them:", ...list(plan.edited, "!"));
    lines.push("Fix: keep your own changes under content/, or run shelfmark update --force to take shelfmark's version (git keeps yours in its history).");
    console.error(lines.join("\n"));
    return 1;
  }
  if (values["dry-run"] || changes + plan.edited.length === 0) {
    lines.push(changes + plan.edited.length === 0 ? "Already up to date." : "Dry run: nothing written.");
    console.log(lines.join("\n"));
    return 0;
  }
  const take = [...plan.take, ...plan.added, ...(values.force ? plan.edited.filter((f) => upstream.has(f)) : [])];
  const remove = [...plan.remove, ...(values.force ? plan.edited.filter((f) => !upstream.has(f)) : [])];
  if (take.some(isUserPath) || remove.some(isUserPath)) throw new Error("shelfmark update planned to touch the user's files");
  if (take.length) await git(["checkout", tip, "--pathspec-from-file=-", "--pathspec-file-nul"], root, take.join("\0"));
  if (remove.length) await git(["rm", "--quiet", "--pathspec-from-file=-", "--pathspec-file-nul"], root, remove.join("\0"));
  if (values.force && plan.edited.length) lines.push(...list(plan.edited, "!"), "  (your version of these is in git's history)");
  lines.push("", "Staged, not committed. Next: npm ci && npm test, then git commit -m \"Update shelfmark\" (or git reset --hard to undo).");
  console.log(lines.join("\n"));
  return 0;
}
