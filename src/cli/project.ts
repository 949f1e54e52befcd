// The project a shelfmark command works on. A command run in a subfolder of the project
// (`cd content/papers && npx shelfmark new "…"`) works on the whole project, the way npm and git find theirs: its
// default paths (content/papers, the taxonomy, _site) are the project's; a path the user types (--dir papers, an
// import file) stays relative to where it was typed.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { NoProjectError } from "../errors.ts";
import { DEFAULT_TAXONOMY_FILE } from "../papers/taxonomy.ts";

/** Where a project keeps its papers, from its root. */
export const DEFAULT_PAPERS_DIR = "content/papers";

/** A package.json that is shelfmark itself (a copy of its repository) or a project that installed it. */
function usesShelfmark(file: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    if (pkg.name === "shelfmark") return true;
    return ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"].some((field) => {
      const deps = pkg[field];
      return typeof deps === "object" && deps !== null && Object.hasOwn(deps, "shelfmark");
    });
  } catch {
    return false; // unreadable or not JSON: not a project of ours
  }
}

/** The nearest folder, `from` or above, that holds a shelfmark project; undefined when there is none. */
export function findProjectRoot(from = process.cwd()): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "content/site.yaml")) || usesShelfmark(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** `rel` (a default path such as content/papers) in the project; a NoProjectError when there is no project. */
export function inProject(plugin: string, rel: string, fix = `run the command in your reading list's folder (the one that holds content/), or name the folders with its options (shelfmark ${plugin} --help)`): string {
  const root = findProjectRoot();
  if (!root) throw new NoProjectError(plugin, process.cwd(), fix);
  return path.join(root, rel);
}

/** An optional file of the project (the taxonomy, content/site.yaml): in the project when there is one, else as it was. */
export function projectFile(rel: string): string {
  const root = findProjectRoot();
  return root ? path.join(root, rel) : rel;
}

/** A path as the user would type it here: relative to the current folder (`.` for the folder itself). */
export function relative(file: string): string {
  return path.relative(process.cwd(), path.resolve(file)) || ".";
}

/** The papers folder: --dir as typed (relative to the current folder), else the project's content/papers. */
export function papersDir(plugin: string, dir: string | undefined): string {
  return relative(dir ?? inProject(plugin, DEFAULT_PAPERS_DIR));
}

/** The taxonomy: --taxonomy as typed, else the project's (a missing one is an empty taxonomy). */
export function taxonomyFile(file: string | undefined): string {
  return relative(file ?? projectFile(DEFAULT_TAXONOMY_FILE));
}
