// npm run bench -- --papers 1000,10000 [--runs 1] [--dev 1000] [--profile]
// Builds deterministic synthetic lists with the production configuration and prints a table: wall time,
// ms per paper, peak memory of the whole process tree, output size, stage times, and the build as a
// multiple of the I/O floor measured in the same run. Results also go to bench-results/*.json.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { generatePapers } from "./generate.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX = path.join(REPO, "node_modules/tsx/dist/esm/index.mjs");
const ELEVENTY = path.join(REPO, "node_modules/@11ty/eleventy/cmd.cjs");
const SEED = [path.join(REPO, "tests/fixtures/seed/000_3eb6c93e1524ac77.txt"), path.join(REPO, "../shared/seed/000_3eb6c93e1524ac77.txt")].find(existsSync)!;

const { values } = parseArgs({
  options: {
    papers: { type: "string", default: "1000,10000" },
    runs: { type: "string", default: "1" },
    dev: { type: "string" },
    profile: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const sizes = values.papers!.split(",").map(Number);
const runs = Number(values.runs);

/** Sum of resident memory of a process and all its descendants (Pagefind runs as a child process). */
function treeRssBytes(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) total += Number(m[1]) * 1024;
    } catch {}
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

interface Run {
  wallMs: number;
  peakRss: number;
  output: string;
  code: number;
}

function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let peakRss = 0;
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const poll = setInterval(() => (peakRss = Math.max(peakRss, treeRssBytes(child.pid!))), 100);
    child.on("exit", (code) => {
      clearInterval(poll);
      resolve({ wallMs: performance.now() - start, peakRss, output, code: code ?? 1 });
    });
  });
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += Number(readFileSync(path.join(entry.parentPath, entry.name)).byteLength);
  }
  return total;
}

async function makeProject(papers: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `shelfmark-bench-${papers}-`));
  await mkdir(path.join(dir, "content/_data"), { recursive: true });
  await copyFile(path.join(REPO, "content/site.yaml"), path.join(dir, "content/site.yaml"));
  if (existsSync(path.join(REPO, "content/_data/taxonomy.yaml"))) await copyFile(path.join(REPO, "content/_data/taxonomy.yaml"), path.join(dir, "content/_data/taxonomy.yaml"));
  await symlink(path.join(REPO, "_includes"), path.join(dir, "_includes"));
  await generatePapers({ papers, dir: path.join(dir, "content/papers"), seedFile: SEED });
  return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

interface Result {
  papers: number;
  wallS: number;
  msPerPaper: number;
  peakRssMB: number;
  outputMB: number;
  floorS: number;
  buildOverFloor: number;
  stages: Record<string, number>;
  files: number;
}

const results: Result[] = [];
const projects: string[] = [];
for (const papers of sizes) {
  process.stderr.write(`bench: generating ${papers} papers...\n`);
  const project = await makeProject(papers);
  projects.push(project);
  const walls: number[] = [];
  const floors: number[] = [];
  let last: Run | undefined;
  let stages: Record<string, number> = {};
  for (let i = 0; i < runs; i++) {
    // Fresh output folders each time: never time a delete followed by writes (see STACK-NOTES).
    const floor = await run(["--import", TSX, path.join(REPO, "tests/bench/io-floor.ts"), path.join(project, "content/papers"), path.join(project, `floor-${i}`)], project);
    floors.push(floor.wallMs);
    const timings = path.join(project, `timings-${i}.json`);
    const args = [...(values.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.join(REPO, "bench-results/profiles")}`] : []), "--import", TSX, ELEVENTY, `--config=${path.join(REPO, "eleventy.config.ts")}`, `--output=out-${i}`, "--quiet"];
    process.stderr.write(`bench: building ${papers} papers (run ${i + 1}/${runs})...\n`);
    last = await run(args, project, { SHELFMARK_TIMINGS: timings, SITE_URL: "https://example.github.io", PATH_PREFIX: "/reading-list/" });
    if (last.code !== 0) {
      console.error(last.output);
      process.exit(1);
    }
    walls.push(last.wallMs);
    stages = JSON.parse(await readFile(timings, "utf8")).stages;
  }
  const out = path.join(project, "out-0");
  const wall = median(walls);
  const floor = median(floors);
  const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  results.push({
    papers,
    wallS: +(wall / 1000).toFixed(2),
    msPerPaper: +(wall / papers).toFixed(2),
    peakRssMB: +mb(last!.peakRss),
    outputMB: +mb(dirBytes(out)),
    floorS: +(floor / 1000).toFixed(2),
    buildOverFloor: +(wall / floor).toFixed(1),
    stages,
    files,
  });
}

let devMs: number | undefined;
if (values.dev) {
  devMs = await measureDevLoop(Number(values.dev));
}

// ---- report --------------------------------------------------------------------------------------
const stageNames = [...new Set(results.flatMap((r) => Object.keys(r.stages)))];
const header = ["papers", "wall s", "ms/paper", "peak RSS MB", "output MB", "files", "I/O floor s", "build ÷ floor", ...stageNames.map((s) => `${s} s`)];
const rows = results.map((r) => [r.papers, r.wallS, r.msPerPaper, r.peakRssMB, r.outputMB, r.files, r.floorS, r.buildOverFloor, ...stageNames.map((s) => ((r.stages[s] ?? 0) / 1000).toFixed(2))].map(String));
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => "| " + cells.map((c, i) => c.padStart(widths[i]!)).join(" | ") + " |";
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const row of rows) console.log(line(row));
if (results.length >= 2) {
  const [a, b] = [results[0]!, results[results.length - 1]!];
  console.log(`\ngrowth: ${b.papers / a.papers}x papers → ${(b.wallS / a.wallS).toFixed(1)}x time`);
}
if (devMs !== undefined) console.log(`dev loop: edit one paper of ${values.dev} → page updated in ${devMs.toFixed(0)} ms`);
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${mb(os.totalmem())} MB, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);

const report = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memMB: +mb(os.totalmem()), node: process.version }, results, devMs };
await mkdir(path.join(REPO, "bench-results"), { recursive: true });
await writeFile(path.join(REPO, "bench-results/latest.json"), JSON.stringify(report, null, 2));
await writeFile(path.join(REPO, `bench-results/bench-${report.date.replace(/[:.]/g, "-")}.json`), JSON.stringify(report, null, 2));

// Old output is removed only now, outside every timed part.
if (!values.keep) for (const p of projects) await rm(p, { recursive: true, force: true });

/** Starts the dev server on a synthetic list, edits one paper, and times until the page shows the edit. */
async function measureDevLoop(papers: number): Promise<number> {
  const project = await makeProject(papers);
  projects.push(project);
  const port = 18500 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, ["--import", TSX, ELEVENTY, `--config=${path.join(REPO, "eleventy.config.ts")}`, "--serve", "--incremental", `--port=${port}`, "--quiet"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  try {
    const deadline = Date.now() + 300_000;
    while (!/Server at/.test(log)) {
      if (Date.now() > deadline) throw new Error(`dev server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const file = path.join(project, "content/papers/paper-00007.md");
    const marker = `Edited title ${Date.now()}`;
    const text = await readFile(file, "utf8");
    const start = performance.now();
    await writeFile(file, text.replace(/^title: .*$/m, `title: ${marker}`));
    while (performance.now() - start < 60_000) {
      const res = await fetch(`http://127.0.0.1:${port}/papers/paper-00007/`).catch(() => undefined);
      if (res && (await res.text()).includes(marker)) return performance.now() - start;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`edit not visible after 60 s:\n${log.slice(-2000)}`);
  } finally {
    child.kill("SIGTERM");
  }
}
