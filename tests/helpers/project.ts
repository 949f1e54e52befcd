import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { REPO } from "./site.ts";

/** Files of a working tree that are never part of the project: installed, built or measured output. */
const NOT_PROJECT = new Set(["node_modules", "_site", ".git", ".cache", "screenshots", "bench-results", "prof"]);

export interface ProjectOptions {
  /** The user's papers, by slug; replace the repository's own `content/papers` whole. */
  papers: Record<string, string>;
  /** The user's `content/site.yaml`. */
  site: string;
  /** Further files under content/ (the taxonomy…), by relative path; `null` removes one. */
  files?: Record<string, string | null>;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A copy of the whole project as a user gets it (a template copy, a clone, an unpacked download) with its
 * list replaced by the user's own. Node modules are linked from this checkout instead of installed again.
 */
export class ProjectCopy {
  private constructor(readonly dir: string) {}

  static async create(options: ProjectOptions): Promise<ProjectCopy> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-copy-"));
    await copyProjectFiles(dir);
    await symlink(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
    const copy = new ProjectCopy(dir);
    await copy.replaceContent(options);
    return copy;
  }

  async replaceContent(options: ProjectOptions): Promise<void> {
    await rm(path.join(this.dir, "content/papers"), { recursive: true, force: true });
    await mkdir(path.join(this.dir, "content/papers"), { recursive: true });
    for (const [slug, text] of Object.entries(options.papers)) await writeFile(path.join(this.dir, `content/papers/${slug}.md`), text);
    await writeFile(path.join(this.dir, "content/site.yaml"), options.site);
    for (const [rel, text] of Object.entries(options.files ?? {})) {
      const file = path.join(this.dir, "content", rel);
      if (text === null) await rm(file, { force: true });
      else {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text);
      }
    }
  }

  /** Runs a program in the copy (`npx`, `npm`, `git`); never throws, returns its exit code and output. */
  run(program: string, args: string[], env: Record<string, string> = {}): Promise<RunResult> {
    return run(program, args, this.dir, env);
  }

  path(rel: string): string {
    return path.join(this.dir, rel);
  }

  cleanup(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

/** Copies the project's files (the working tree less installed and built output) into `dest`. */
export async function copyProjectFiles(dest: string): Promise<void> {
  await cp(REPO, dest, { recursive: true, filter: (src) => !NOT_PROJECT.has(path.relative(REPO, src).split(path.sep)[0]!) });
}

/** The environment of a command run as a user would: no CI settings of this run, npm kept off the network. */
export function userEnv(env: Record<string, string> = {}): Record<string, string> {
  const base = { ...(process.env as Record<string, string>) };
  for (const key of ["SITE_URL", "PATH_PREFIX", "npm_config_prefix"]) delete base[key];
  for (const key of Object.keys(base)) if (key.startsWith("npm_")) delete base[key];
  return { ...base, npm_config_offline: "true", npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...env };
}

export function run(program: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(program, args, { cwd, env: userEnv(env), maxBuffer: 64 << 20, timeout: 600_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
