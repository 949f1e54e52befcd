import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ListedPaper } from "../../src/papers/library.ts";
import { claimPart, giveTurnBack, heldTurn, publishIndex, stagingDir, writeParts, writePartsAsSecond, writeSearchIndex, type IndexJob, type IndexResult } from "../../src/search/pagefind.ts";
import { startWorker } from "../../src/runtime/worker.ts";
import { recordPaper, searchRecords, type PapersJob } from "../../src/search/records.ts";
import { bundleEntries } from "../helpers/pagefind-bundle.ts";

/** Writing the index itself, with Pagefind's real binary, into a temporary folder. */

function papers(count: number): ListedPaper[] {
  return Array.from({ length: count }, (_, i) => ({
    slug: `p${i}`,
    file: `content/papers/p${i}.md`,
    title: `Paper number ${i} about zebras`,
    added: `2025-01-${String((i % 28) + 1).padStart(2, "0")}`,
    tags: [],
    status: "to-read" as const,
    authors: ["Ada Lovelace"],
    draft: false,
    notes: "",
    notesLine: 1,
    tagLinks: [{ name: "zoology", slug: "zoology" }],
    notesHtml: "",
    linksTo: [],
    mentionedIn: [],
    abstract: `Stripes and more stripes, number ${i}.`,
  }));
}

/** Every file under `root`, relative, sorted. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort();
}

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = "";
});

describe("writeSearchIndex", () => {
  it("writes each part into its folder and counts the pages", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-index-"));
    const bundle = path.join(dir, "pagefind");
    const result = await writeSearchIndex(searchRecords(papers(5), 2, { language: "en" }), bundle);
    expect(result.indexed).toBe(5);
    expect(bundleEntries(bundle)).toEqual({ "pagefind-entry.json": 2, "part-2/pagefind-entry.json": 2, "part-3/pagefind-entry.json": 1 });
    expect(existsSync(path.join(bundle, "pagefind.js"))).toBe(true);
    // No staging folder is left next to the bundle.
    expect((await readdir(dir)).sort()).toEqual(["pagefind"]);
  });

  it("replaces an earlier index whole: parts of a longer list and stray files are gone", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-index-"));
    const bundle = path.join(dir, "pagefind");
    await writeSearchIndex(searchRecords(papers(5), 2, { language: "en" }), bundle);
    await writeFile(path.join(bundle, "stray.txt"), "left from before");
    const result = await writeSearchIndex(searchRecords(papers(3), 2, { language: "en" }), bundle);
    expect(result.indexed).toBe(3);
    expect(bundleEntries(bundle)).toEqual({ "pagefind-entry.json": 2, "part-2/pagefind-entry.json": 1 });
    expect(existsSync(path.join(bundle, "stray.txt"))).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(["pagefind"]);
  });

  it("writes an empty index for an empty list", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-index-"));
    const bundle = path.join(dir, "pagefind");
    const result = await writeSearchIndex(searchRecords([], 2, { language: "en" }), bundle);
    expect(result.indexed).toBe(0);
    expect(Object.keys(bundleEntries(bundle))).toEqual(["pagefind-entry.json"]);
  });
});

describe("two writers of one index", () => {
  it("each writes the parts it takes, skips those the other took, and the published index holds every page once", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-index-"));
    const bundle = path.join(dir, "pagefind");
    const records = searchRecords(papers(7), 2, { language: "en" });
    const claims = new SharedArrayBuffer(4 * records.length);
    const taken = new Int32Array(claims);
    // The second writer has taken the last part before the first reaches it, and is writing it.
    expect(claimPart(taken, 3, 2)).toBe(true);
    const job = (indexes: number[], writer: number) => ({ parts: indexes.map((index) => ({ index, records: records[index]! })), staging: stagingDir(bundle), turn: new SharedArrayBuffer(4), claims: { parts: claims, writer } });
    const first = await writeParts(job([0, 1, 2, 3], 1));
    expect(first).toMatchObject({ indexed: 6, written: 3 });
    expect([...taken]).toEqual([1, 1, 1, 2]);
    // The second writer, on the thread that holds the list, makes a part's records only once it has taken the part.
    const made: number[] = [];
    const lazy = [3, 2].map((index) => ({ index, records: () => (made.push(index), records[index]!) }));
    const second = await writeParts({ ...job([], 2), parts: lazy });
    expect(second).toMatchObject({ indexed: 1, written: 1 });
    expect(made).toEqual([3]);
    await publishIndex(bundle);
    expect(bundleEntries(bundle)).toEqual({ "pagefind-entry.json": 2, "part-2/pagefind-entry.json": 2, "part-3/pagefind-entry.json": 2, "part-4/pagefind-entry.json": 1 });
    expect((await readdir(dir)).sort()).toEqual(["pagefind"]);
  });

  it.each([
    ["alongside", false],
    ["in turns", true],
  ])("on two threads at once (%s), as a build runs them, writes every part once and the same index as one writer", async (_how, inTurns) => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-index-"));
    const records = searchRecords(papers(9), 1, { language: "en" });
    const alone = path.join(dir, "alone", "pagefind");
    await writeSearchIndex(searchRecords(papers(9), 1, { language: "en" }), alone);

    const bundle = path.join(dir, "two", "pagefind");
    const claims = new SharedArrayBuffer(4 * records.length);
    const turn = new SharedArrayBuffer(4);
    // The worker is sent the papers' record fields, as a build sends them, and makes the records itself.
    const job = (indexes: number[], writer: number): PapersJob => ({ papers: papers(9).map(recordPaper), partSize: 1, site: { language: "en" }, indexes, staging: stagingDir(bundle), turn, claims: { parts: claims, writer, inTurns } });
    const worker = new URL("../../src/search/worker.ts", import.meta.url);
    const all = records.map((_, i) => i);
    // Both start with every part offered, one from each end: which takes which is up to the threads.
    const results = await Promise.all([startWorker<IndexResult>(worker, "search").run(job(all, 1)), startWorker<IndexResult>(worker, "search").run(job([...all].reverse(), 2))]);
    await publishIndex(bundle);
    expect(results.map((r) => r.written).reduce((a, b) => a + b)).toBe(9);
    expect(results.map((r) => r.indexed).reduce((a, b) => a + b)).toBe(9);
    expect([...new Int32Array(claims)].sort()).toEqual([...results.flatMap((r, i) => Array<number>(r.written).fill(i + 1))].sort());

    const files = await filesUnder(alone);
    expect(await filesUnder(bundle)).toEqual(files);
    for (const file of files) expect((await readFile(path.join(bundle, file))).equals(await readFile(path.join(alone, file))), file).toBe(true);
  });
});

describe("a second writer that fails", () => {
  it("leaves the first no further part: the build fails with its error without the first writing the rest", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-index-"));
    const bundle = path.join(dir, "pagefind");
    const records = searchRecords(papers(6), 1, { language: "en" });
    const claims = new SharedArrayBuffer(4 * records.length);
    const turn = new SharedArrayBuffer(4);
    const job = (parts: IndexJob["parts"], writer: number): IndexJob => ({ parts, staging: stagingDir(bundle), turn, claims: { parts: claims, writer } });
    // The second writer takes the last part and fails making its records (as it would with a paper it cannot index).
    const failing = [5, 4].map((index) => ({
      index,
      records: () => {
        throw new Error(`no records for part ${index}`);
      },
    }));
    await expect(writePartsAsSecond(job(failing, 2))).rejects.toThrow("no records for part 5");
    // The first writer, offered every part, takes none of those nobody had taken.
    const first = await writeParts(job(records.map((part, index) => ({ index, records: part })), 1));
    expect(first).toMatchObject({ indexed: 0, written: 0 });
    expect([...new Int32Array(claims)]).toEqual([-1, -1, -1, -1, -1, 2]);
    // The turn is free: the second gave it back, or never took it.
    expect(Atomics.load(new Int32Array(turn), 0)).toBe(0);
  });
});

describe("a writer and the folder it writes into", () => {
  it("writes nothing while the thread that empties the staging folder holds the turn, then the same part as a writer free to write", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-index-"));
    const list = papers(40);
    const [records] = searchRecords(list, 40, { language: "en" });
    const held = path.join(dir, "held", "pagefind");
    const turn = heldTurn();
    let done = false;
    const waiting = writeParts({ parts: [{ index: 0, records: records! }], staging: stagingDir(held), turn }).then((result) => {
      done = true;
      return result;
    });
    // The same part, written by a writer with no turn to wait for, started after the first and awaited to its end
    // (on a thread of its own, with its own Pagefind process, as the two writers of a build are).
    const free = path.join(dir, "free", "pagefind");
    const job: PapersJob = { papers: list.map(recordPaper), partSize: 40, site: { language: "en" }, indexes: [0], staging: stagingDir(free) };
    expect(await startWorker<IndexResult>(new URL("../../src/search/worker.ts", import.meta.url), "search").run(job)).toMatchObject({ indexed: 40, written: 1 });
    expect(done).toBe(false);
    expect(existsSync(stagingDir(held))).toBe(false);
    giveTurnBack(new Int32Array(turn));
    expect(await waiting).toMatchObject({ indexed: 40, written: 1 });
    expect(Atomics.load(new Int32Array(turn), 0)).toBe(0);
    await Promise.all([publishIndex(held), publishIndex(free)]);
    const files = await filesUnder(free);
    expect(await filesUnder(held)).toEqual(files);
  });
});
