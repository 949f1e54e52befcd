import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildCommand } from "./build-command.ts";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * The 83 seed papers, their settings and taxonomy, laid out as a project's `content/`. Tests that need a
 * real list use this copy, never the repository's own `content/`, which is the user's to replace.
 */
export const SEED_CONTENT = path.join(REPO, "tests/fixtures/seed/content");
const TSX = path.join(REPO, "node_modules/tsx/dist/esm/index.mjs");
const ELEVENTY = path.join(REPO, "node_modules/@11ty/eleventy/cmd.cjs");

/** How long `Fixture.serve` waits for the dev server's first build and "Server at" line. */
export const SERVE_START_MS = 300_000;

export const DEFAULT_SITE = `title: Test list\ndescription: A fixture site\nauthor: Tester\nlanguage: en\nperPage: 50\nfeedSize: 50\n`;

export interface FixtureOptions {
  /** Paper files by slug (without `.md`); content as written to disk. */
  papers?: Record<string, string>;
  /** Other files under content/, by relative path. */
  files?: Record<string, string>;
  site?: string;
  /** Use the 83 seed papers (SEED_CONTENT) as content/ instead of `papers`. */
  seedContent?: boolean;
}

export interface BuildOptions {
  siteUrl?: string;
  pathPrefix?: string;
  /** Extra Eleventy CLI arguments. */
  args?: string[];
  env?: Record<string, string>;
}

export interface BuildResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The output folder. */
  out: string;
}

/** A throwaway project: its own content, the repository's layouts and configuration. */
export class Fixture {
  /** Dev servers started by serve(): cleanup waits for each to end before it deletes the folder they write to. */
  readonly #servers = new Set<ChildProcess>();

  private constructor(readonly dir: string) {}

  static async create(options: FixtureOptions = {}): Promise<Fixture> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-test-"));
    const fixture = new Fixture(dir);
    await symlink(path.join(REPO, "_includes"), path.join(dir, "_includes"));
    if (options.seedContent) {
      await symlink(SEED_CONTENT, path.join(dir, "content"));
    } else {
      await mkdir(path.join(dir, "content/papers"), { recursive: true });
      await writeFile(path.join(dir, "content/site.yaml"), options.site ?? DEFAULT_SITE);
      for (const [slug, text] of Object.entries(options.papers ?? {})) await fixture.writePaper(slug, text);
      for (const [rel, text] of Object.entries(options.files ?? {})) await fixture.write(`content/${rel}`, text);
    }
    return fixture;
  }

  async write(rel: string, text: string): Promise<void> {
    await mkdir(path.dirname(path.join(this.dir, rel)), { recursive: true });
    await writeFile(path.join(this.dir, rel), text);
  }

  writePaper(slug: string, text: string): Promise<void> {
    return this.write(`content/papers/${slug}.md`, text);
  }

  async removePaper(slug: string): Promise<void> {
    await rm(path.join(this.dir, `content/papers/${slug}.md`));
  }

  /** Runs the production build exactly as `npm run build` does, into `outDir` (default `_site`). */
  build(options: BuildOptions = {}, outDir = "_site"): Promise<BuildResult> {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...options.env };
    delete env.SITE_URL;
    delete env.PATH_PREFIX;
    if (options.siteUrl) env.SITE_URL = options.siteUrl;
    if (options.pathPrefix) env.PATH_PREFIX = options.pathPrefix;
    const args = [...buildCommand(REPO), `--output=${outDir}`, "--quiet", ...(options.args ?? [])];
    return new Promise((resolve) => {
      execFile(process.execPath, args, { cwd: this.dir, env, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, out: path.join(this.dir, outDir) });
      });
    });
  }

  /**
   * Starts the dev server (`npm start`, which adds `incremental`) on a port; `ready` resolves, with the address it printed, once it serves
   * (its first build is then written). The start limit is generous: on two cores busy with the rest of the
   * suite a start takes far longer than alone; wait for changes with tests/helpers/wait.ts, never a sleep.
   */
  serve(port: number, outDir = "_site", options: { incremental?: boolean; env?: Record<string, string> } = {}): { ready: Promise<string>; stop: () => void; output: () => string } {
    const args = ["--import", TSX, ELEVENTY, `--config=${path.join(REPO, "eleventy.config.ts")}`, `--output=${outDir}`, "--serve", ...(options.incremental ? ["--incremental"] : []), `--port=${port}`];
    const child = spawn(process.execPath, args, { cwd: this.dir, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const ready = new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        // The address it printed: Eleventy's server moves to the next port when this one is taken.
        const at = /Server at (http:\/\/[^\s/]+)[^\n]*\n/.exec(output);
        if (at) resolve(at[1]!.replace("localhost", "127.0.0.1"));
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("exit", (code) => reject(new Error(`dev server exited with ${code}:\n${output}`)));
      setTimeout(() => reject(new Error(`dev server did not start in ${SERVE_START_MS / 1000} s:\n${output}`)), SERVE_START_MS).unref();
    });
    this.#servers.add(child);
    return { ready, stop: () => child.kill("SIGTERM"), output: () => output };
  }

  /**
   * Runs the shelfmark command in this project through a bin link, as npm installs it
   * (`node_modules/.bin/shelfmark` → the package's `src/cli/bin.js`, run by its shebang).
   */
  async cli(args: string[], env: Record<string, string> = {}): Promise<BuildResult> {
    const bin = path.join(this.dir, "node_modules/.bin/shelfmark");
    if (!existsSync(bin)) {
      await mkdir(path.dirname(bin), { recursive: true });
      await symlink(path.join(REPO, "src/cli/bin.js"), bin);
    }
    return new Promise((resolve) => {
      execFile(bin, args, { cwd: this.dir, env: { ...process.env, ...env }, timeout: 300_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, out: this.dir });
      });
    });
  }

  path(rel: string): string {
    return path.join(this.dir, rel);
  }

  read(rel: string): Promise<string> {
    return readFile(path.join(this.dir, rel), "utf8");
  }

  exists(rel: string): boolean {
    return existsSync(path.join(this.dir, rel));
  }

  async cleanup(): Promise<void> {
    // A stopped server may still be writing (the search index after the pages) until it has ended.
    await Promise.all(
      [...this.#servers].map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const ended = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        return ended;
      }),
    );
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Every file under a folder, as paths relative to it with `/` separators, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** A minimal valid paper file. */
export function paper(fields: Record<string, string>, notes = ""): string {
  const lines = Object.entries(fields).map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join("\n")}\n---\n${notes}`;
}
