// node --import tsx tests/bench/compare-output.ts <before> [<after>] [--papers 1000] [--no-cache] [--keep]
//
// Proof that a change leaves the built sites as they were: builds the seed list (under a sub-path, with SITE_URL
// and PATH_PREFIX set) and a synthetic list of --papers papers with two versions of shelfmark, and lists every
// file that differs (diff -r semantics: only in one, or different content, by SHA-256). <before> and <after> are
// commits (anything `git rev-parse` takes); without <after>, the working tree is the second version.
// A commit's output is cached in the temp folder by commit and list, so that repeated runs against the same
// "before" build only the working tree; the cache assumes the same lists (this checkout's seed fixture and
// generate.ts): after changing either, pass --no-cache. Exit status: 0 when identical, 1 when anything differs,
// 2 on failure.
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generatePapers } from "./generate.ts";
import { buildCommand } from "../helpers/build-command.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SEED = path.join(REPO, "tests/fixtures/seed/content");
// The words of the synthetic abstracts: the same file the benchmark takes.
const WORDS = [path.join(REPO, "tests/fixtures/seed/000_3eb6c93e1524ac77.txt"), path.join(REPO, "../shared/seed/000_3eb6c93e1524ac77.txt")].find(existsSync)!;
const ENV = { SITE_URL: "https://example.github.io", PATH_PREFIX: "/reading-list/" };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    papers: { type: "string", default: "1000" },
    "no-cache": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
if (positionals.length < 1 || positionals.length > 2) {
  console.error("usage: compare-output.ts <before> [<after>] [--papers 1000] [--no-cache] [--keep]");
  process.exit(2);
}
const papers = Number(values.papers);
const CACHE = path.join(os.tmpdir(), "shelfmark-compare-cache");

interface Version {
  label: string;
  /** Full commit id, or undefined for the working tree (never cached). */
  commit?: string;
  dir: string;
}

const work = await mkdtemp(path.join(os.tmpdir(), "shelfmark-compare-"));

function resolveCommit(ref: string): string {
  return execFileSync("git", ["-C", REPO, "rev-parse", "--verify", `${ref}^{commit}`], { encoding: "utf8" }).trim();
}

/** A commit's files (git archive) in a folder of their own, with this checkout's node_modules. */
async function checkout(ref: string): Promise<Version> {
  const commit = resolveCommit(ref);
  const dir = path.join(work, `src-${commit.slice(0, 10)}`);
  await mkdir(dir, { recursive: true });
  execFileSync("tar", ["-x", "-C", dir], { input: execFileSync("git", ["-C", REPO, "archive", commit], { maxBuffer: 1 << 30 }) });
  await symlink(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
  return { label: `${ref} (${commit.slice(0, 7)})`, commit, dir };
}

/** The lists to build: name → content folder, made once and shared by both versions (as tests/bench/bench.ts makes them). */
async function lists(): Promise<Record<string, string>> {
  const synthetic = path.join(work, `content-${papers}`);
  await mkdir(path.join(synthetic, "_data"), { recursive: true });
  await copyFile(path.join(SEED, "site.yaml"), path.join(synthetic, "site.yaml"));
  if (existsSync(path.join(SEED, "_data/taxonomy.yaml"))) await copyFile(path.join(SEED, "_data/taxonomy.yaml"), path.join(synthetic, "_data/taxonomy.yaml"));
  await generatePapers({ papers, dir: path.join(synthetic, "papers"), seedFile: WORDS });
  return { seed: SEED, [`synthetic-${papers}`]: synthetic };
}

function run(version: Version, project: string): Promise<void> {
  const args = [...buildCommand(version.dir), "--output=_site", "--quiet"];
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...ENV };
  delete env.SHELFMARK_TIMINGS;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: project, env, maxBuffer: 256 * 1024 * 1024, timeout: 900_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the build by ${version.label} in ${project} failed:\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

/** Builds `content` with `version`; returns the output folder (from the cache for a commit built before). */
async function build(version: Version, list: string, content: string): Promise<string> {
  const cached = version.commit ? path.join(CACHE, `${version.commit}-${list}`) : undefined;
  if (cached && !values["no-cache"] && existsSync(path.join(cached, ".complete"))) return path.join(cached, "_site");
  const project = path.join(work, `project-${version.commit?.slice(0, 10) ?? "tree"}-${list}`);
  await mkdir(project, { recursive: true });
  await symlink(path.join(version.dir, "_includes"), path.join(project, "_includes"));
  await symlink(content, path.join(project, "content"));
  const started = performance.now();
  await run(version, project);
  process.stderr.write(`compare-output: ${list} built by ${version.label} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const out = path.join(project, "_site");
  if (!cached) return out;
  await rm(cached, { recursive: true, force: true });
  await mkdir(cached, { recursive: true });
  await cp(out, path.join(cached, "_site"), { recursive: true });
  await writeFile(path.join(cached, ".complete"), "");
  return path.join(cached, "_site");
}

/** Every file under `root`, by relative path → SHA-256 of its bytes. */
async function hashes(root: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries
      .filter((e) => e.isFile())
      .map(async (e) => {
        const file = path.join(e.parentPath, e.name);
        result.set(path.relative(root, file), createHash("sha256").update(await readFile(file)).digest("hex"));
      }),
  );
  return result;
}

function compare(a: Map<string, string>, b: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const [file, hash] of [...a].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (!b.has(file)) lines.push(`only in before: ${file}`);
    else if (b.get(file) !== hash) lines.push(`differs: ${file}`);
  }
  for (const file of [...b.keys()].sort()) if (!a.has(file)) lines.push(`only in after: ${file}`);
  return lines;
}

let differences = 0;
try {
  const before = await checkout(positionals[0]!);
  const after: Version = positionals[1] ? await checkout(positionals[1]) : { label: "the working tree", dir: REPO };
  for (const [list, content] of Object.entries(await lists())) {
    // The two versions build side by side: each its own project folder, the same content.
    const [a, b] = await Promise.all([build(before, list, content), build(after, list, content)]);
    const [ha, hb] = await Promise.all([hashes(a), hashes(b)]);
    const lines = compare(ha, hb);
    differences += lines.length;
    console.log(`${list}: ${ha.size} files before, ${hb.size} after, ${lines.length === 0 ? "identical" : `${lines.length} differ`}`);
    for (const line of lines.slice(0, 200)) console.log(`  ${line}`);
    if (lines.length > 200) console.log(`  ... and ${lines.length - 200} more`);
    if (lines.length > 0) console.log(`  (diff -r ${a} ${b})`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
} finally {
  if (!values.keep && differences === 0 && process.exitCode !== 2) await rm(work, { recursive: true, force: true });
  else console.error(`compare-output: kept ${work}`);
}
if (process.exitCode !== 2) process.exitCode = differences === 0 ? 0 : 1;
