import { execFile, execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `npm run bench` itself, on a list small enough for the test suite: that it runs, builds with the production
 * configuration, measures the I/O floor, the search index alone and another commit (--against HEAD) in the same
 * run, Hugo + Pagefind on the same papers where `hugo` is installed (CI has none: then the skip), and reports
 * what it measured. No timing is asserted: targets live in the benchmark's own output.
 */

const REPO = path.resolve(import.meta.dirname, "../..");
const PAPERS = 40;

/**
 * `--against` builds another commit from git: only in a git checkout. A copy without git (`git archive`, a
 * release tarball) still runs the rest of the benchmark; the comparison is skipped, saying why.
 */
const NO_GIT = (() => {
  try {
    execFileSync("git", ["-C", REPO, "rev-parse", "--verify", "HEAD^{commit}"], { stdio: ["ignore", "ignore", "pipe"] });
    // A copy inside some other project's checkout is not this project's history either.
    const top = execFileSync("git", ["-C", REPO, "rev-parse", "--show-toplevel"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    if (realpathSync(top) !== realpathSync(REPO)) return `${REPO} is inside another git checkout (${top}), not one of its own: the benchmark's --against HEAD needs this project's git history`;
    return undefined;
  } catch (error) {
    const why = (error as { stderr?: Buffer }).stderr?.toString().trim().split("\n")[0] || (error as Error).message;
    return `not a git checkout (git rev-parse in ${REPO}: ${why}): the benchmark's --against HEAD needs git`;
  }
})();

interface Report {
  peer?: { name: string; skipped?: string; results: { papers: number; wallS: number; hugoS: number; pagefindS: number }[] };
  results: { papers: number; wallS: number; cpuS: number; cpuSplit: { mainThreadS: number; otherThreadsS: number; childrenS: number }; files: number; floorS: number; buildOverFloor: number; searchAloneS: number; searchAloneOverFloor: number; indexFiles: number; stages: Record<string, number> }[];
  against?: { ref: string; label: string; results: { papers: number; wallS: number; stages: Record<string, number> }[] };
}

describe("the benchmark script", () => {
  let resultsDir: string;
  let stdout = "";
  let report: Report;

  beforeAll(async () => {
    resultsDir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-bench-results-"));
    const run = await promisify(execFile)(process.execPath, ["--import", "tsx", "tests/bench/bench.ts", "--papers", String(PAPERS), "--no-query", "--peer", "hugo", ...(NO_GIT ? [] : ["--against", "HEAD"]), "--results", resultsDir], { cwd: REPO, maxBuffer: 16 << 20 });
    stdout = run.stdout;
    report = JSON.parse(await readFile(path.join(resultsDir, "latest.json"), "utf8")) as Report;
  });
  afterAll(() => rm(resultsDir, { recursive: true, force: true }));

  it("builds the synthetic list and reports the build, the floor and the index alone", () => {
    const [result] = report.results;
    expect(result?.papers).toBe(PAPERS);
    // A page per paper, the index's fragment per paper: the list was really built and indexed.
    expect(result!.files).toBeGreaterThan(2 * PAPERS);
    expect(result!.indexFiles).toBeGreaterThan(PAPERS);
    for (const value of [result!.wallS, result!.cpuS, result!.floorS, result!.searchAloneS]) expect(value).toBeGreaterThan(0);
    expect(result!.buildOverFloor).toBeCloseTo(result!.wallS / result!.floorS, 0);
    expect(Object.keys(result!.stages)).toEqual(expect.arrayContaining(["load and validate", "until the first page", "pages (first to last)", "after the last page"]));
    expect(stdout).toMatch(new RegExp(`^\\|\\s+${PAPERS} \\|`, "m"));
    expect(stdout).toContain(`the search index alone for ${PAPERS} papers`);
  });

  it("splits the build's CPU time between its main thread, its other threads and Pagefind's processes", () => {
    const [result] = report.results;
    const { mainThreadS, otherThreadsS, childrenS } = result!.cpuSplit;
    // Eleventy on the main thread, the search worker and V8's helpers beside it, Pagefind as child processes.
    for (const value of [mainThreadS, otherThreadsS, childrenS]) expect(value).toBeGreaterThan(0);
    // Three parts of one sample (each rounded to a hundredth, the total to a tenth), printed to a tenth.
    expect(Math.abs(mainThreadS + otherThreadsS + childrenS - result!.cpuS)).toBeLessThanOrEqual(0.08);
    const tenth = (s: number) => s.toFixed(1).replace(".", "\\.");
    expect(stdout).toMatch(new RegExp(`^\\|\\s+${PAPERS} \\|\\s+${tenth(mainThreadS)} \\|\\s+${tenth(otherThreadsS)} \\|\\s+${tenth(childrenS)} \\|`, "m"));
  });

  it("builds the other commit in the same run and prints the ratios", ({ skip }) => {
    if (NO_GIT) skip(NO_GIT);
    expect(report.against?.ref).toBe("HEAD");
    expect(report.against?.results[0]?.papers).toBe(PAPERS);
    expect(report.against!.results[0]!.wallS).toBeGreaterThan(0);
    expect(stdout).toMatch(/against HEAD \([0-9a-f]{7}\), builds taken in turns/);
  });

  it("builds Hugo + Pagefind on the same papers and prints the ratio, or says why it cannot", () => {
    expect(report.peer?.name).toBe("hugo");
    if (report.peer!.skipped) {
      // No hugo here: the rest of the benchmark ran, and the reason is printed.
      expect(stdout).toContain(`peer hugo: skipped, ${report.peer!.skipped}`);
      expect(report.peer!.results).toEqual([]);
      return;
    }
    const [peer] = report.peer!.results;
    expect(peer?.papers).toBe(PAPERS);
    for (const value of [peer!.hugoS, peer!.pagefindS]) expect(value).toBeGreaterThan(0);
    expect(peer!.wallS).toBeCloseTo(peer!.hugoS + peer!.pagefindS, 1);
    expect(stdout).toMatch(/against hugo \+ Pagefind on the same papers/);
  });
});
