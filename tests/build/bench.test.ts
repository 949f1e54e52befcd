import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `npm run bench` itself, on a list small enough for the test suite: that it runs, builds with the production
 * configuration, measures the I/O floor, the search index alone and another commit (--against HEAD) in the same
 * run, and reports what it measured. No timing is asserted: targets live in the benchmark's own output.
 */

const REPO = path.resolve(import.meta.dirname, "../..");
const PAPERS = 40;

interface Report {
  results: { papers: number; wallS: number; cpuS: number; files: number; floorS: number; buildOverFloor: number; searchAloneS: number; searchAloneOverFloor: number; indexFiles: number; stages: Record<string, number> }[];
  against?: { ref: string; label: string; results: { papers: number; wallS: number; stages: Record<string, number> }[] };
}

describe("the benchmark script", () => {
  let resultsDir: string;
  let stdout = "";
  let report: Report;

  beforeAll(async () => {
    resultsDir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-bench-results-"));
    const run = await promisify(execFile)(process.execPath, ["--import", "tsx", "tests/bench/bench.ts", "--papers", String(PAPERS), "--no-query", "--against", "HEAD", "--results", resultsDir], { cwd: REPO, maxBuffer: 16 << 20 });
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

  it("builds the other commit in the same run and prints the ratios", () => {
    expect(report.against?.ref).toBe("HEAD");
    expect(report.against?.results[0]?.papers).toBe(PAPERS);
    expect(report.against!.results[0]!.wallS).toBeGreaterThan(0);
    expect(stdout).toMatch(/against HEAD \([0-9a-f]{7}\), builds taken in turns/);
  });
});
