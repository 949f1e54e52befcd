import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOnWorker } from "../../src/worker.ts";

/** runOnWorker with small TypeScript modules of the test's own, on real worker threads. */
describe("runOnWorker", () => {
  let dir = "";
  const module = async (name: string, source: string) => {
    const file = path.join(dir, name);
    await writeFile(file, source);
    return pathToFileURL(file);
  };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-worker-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("resolves with the one message the worker posts, its data passed in", async () => {
    const entry = await module("double.mts", `import { parentPort, workerData } from "node:worker_threads";\nconst n: number = workerData.n;\nparentPort!.postMessage({ doubled: n * 2 });\n`);
    await expect(runOnWorker(entry, { n: 21 }, "test")).resolves.toEqual({ doubled: 42 });
  });

  it("rejects when the worker throws", async () => {
    const entry = await module("throws.mts", `throw new Error("no luck");\n`);
    await expect(runOnWorker(entry, {}, "test")).rejects.toThrow(/no luck/);
  });

  it("rejects, naming the plugin, when the worker ends without answering", async () => {
    const entry = await module("silent.mts", `export {};\n`);
    await expect(runOnWorker(entry, {}, "test")).rejects.toThrow(/\[shelfmark:test\] the worker stopped \(exit code 0\) without an answer/);
  });
});
