import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { WorkerJobError } from "../../../src/errors.ts";
import { runOnWorker, startWorker } from "../../../src/runtime/worker.ts";

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

  it("resolves with the job's result, its data passed in", async () => {
    const entry = await module("double.mts", `import { answerJob } from ${JSON.stringify(new URL("../../../src/runtime/worker.ts", import.meta.url).href)};\nawait answerJob((job: { n: number }) => ({ doubled: job.n * 2 }));\n`);
    await expect(runOnWorker(entry, { n: 21 }, "test")).resolves.toEqual({ doubled: 42 });
  });

  it("rejects with a WorkerJobError when the job fails: the worker's error is its cause, the message named once", async () => {
    const entry = await module("fails.mts", `import { answerJob } from ${JSON.stringify(new URL("../../../src/runtime/worker.ts", import.meta.url).href)};\nawait answerJob(() => { throw new RangeError("[shelfmark:test] out of range"); });\n`);
    const error = await runOnWorker(entry, {}, "test").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerJobError);
    expect((error as Error).message).toBe("[shelfmark:test] out of range");
    expect(((error as Error).cause as Error).name).toBe("RangeError");
  });

  it("rejects when the worker throws", async () => {
    const entry = await module("throws.mts", `throw new Error("no luck");\n`);
    await expect(runOnWorker(entry, {}, "test")).rejects.toThrow(/no luck/);
  });

  it("rejects, naming the plugin, when the worker ends without answering", async () => {
    const entry = await module("silent.mts", `export {};\n`);
    await expect(runOnWorker(entry, {}, "test")).rejects.toThrow(/\[shelfmark:test\] the worker stopped \(exit code 0\) without an answer/);
  });

  it("startWorker: hands the job over as the first message, later, and resolves with the answer", async () => {
    const entry = await module(
      "later.mts",
      `import { answerJob } from ${JSON.stringify(new URL("../../../src/runtime/worker.ts", import.meta.url).href)};\nawait answerJob((job: { n: number }) => ({ tripled: job.n * 3 }));\n`,
    );
    const worker = startWorker<{ tripled: number }>(entry, "test");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(worker.run({ n: 14 })).resolves.toEqual({ tripled: 42 });
  });

  it("startWorker: a worker that failed to start rejects when its job is handed over", async () => {
    const entry = await module("broken.mts", `throw new Error("cannot start");\n`);
    const worker = startWorker(entry, "test");
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect(worker.run({})).rejects.toThrow(/cannot start/);
  });

  it("startWorker: a worker never given its job does not keep the process alive", async () => {
    // As in a build that stops on invalid papers before the search index starts.
    const entry = await module("waits.mts", `import { nextJob } from ${JSON.stringify(new URL("../../../src/runtime/worker.ts", import.meta.url).href)};\nawait nextJob();\n`);
    const script = await module(
      "main.mts",
      `import { startWorker } from ${JSON.stringify(new URL("../../../src/runtime/worker.ts", import.meta.url).href)};\nstartWorker(new URL(${JSON.stringify(entry.href)}), "test");\nsetTimeout(() => console.log("done"), 300);\n`,
    );
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script.pathname], { timeout: 20_000 });
    expect(stdout.trim()).toBe("done");
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe("stepBack (the main thread's priority while the search index is written)", () => {
  it("raises this thread's nice value by the given amount, capped at 19, and puts it back where it may", async () => {
    const os = await import("node:os");
    const { stepBack } = await import("../../../src/runtime/priority.ts");
    const before = os.getPriority();
    const restore = stepBack(3);
    expect(os.getPriority()).toBe(Math.min(19, before + 3));
    restore();
    // Raising a priority again needs a privilege (root, or RLIMIT_NICE); without it the value stays lowered.
    if (process.getuid?.() === 0) expect(os.getPriority()).toBe(before);
    else expect(os.getPriority()).toBeGreaterThanOrEqual(before);
  });

  it("steps back from the thread's first priority each time, so builds in one process do not sink further", async () => {
    const os = await import("node:os");
    const { stepBack } = await import("../../../src/runtime/priority.ts");
    const first = stepBack(2);
    const lowered = os.getPriority();
    // As a second build would, without having put the priority back.
    const second = stepBack(2);
    expect(os.getPriority()).toBe(lowered);
    second();
    first();
  });
});
