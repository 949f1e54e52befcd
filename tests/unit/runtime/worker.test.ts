import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { WorkerJobError } from "../../../src/errors.ts";
import { runOnWorker, startResident, startWorker } from "../../../src/runtime/worker.ts";

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

describe("startResident (a worker kept between jobs)", () => {
  let dir = "";
  const api = JSON.stringify(new URL("../../../src/runtime/worker.ts", import.meta.url).href);
  const module = async (name: string, source: string) => {
    const file = path.join(dir, name);
    await writeFile(file, source);
    return pathToFileURL(file);
  };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-resident-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("answers job after job, keeping its own state between them, each answer to its own job", async () => {
    const entry = await module("count.mts", `import { answerJobs } from ${api};\nlet seen = 0;\nanswerJobs(async (job: { n: number; wait: number }) => { await new Promise((r) => setTimeout(r, job.wait)); return { n: job.n, seen: ++seen }; });\n`);
    const worker = startResident<{ n: number; wait: number }, { n: number; seen: number }>(entry, "test");
    try {
      // Handed over together: the slow first job is still answered first, and to its own caller.
      const answers = await Promise.all([worker.run({ n: 1, wait: 100 }), worker.run({ n: 2, wait: 0 }), worker.run({ n: 3, wait: 0 })]);
      expect(answers).toEqual([{ n: 1, seen: 1 }, { n: 2, seen: 2 }, { n: 3, seen: 3 }]);
      await expect(worker.run({ n: 4, wait: 0 })).resolves.toEqual({ n: 4, seen: 4 });
    } finally {
      await worker.close();
    }
  });

  it("a failed job rejects with a WorkerJobError and the worker goes on", async () => {
    const entry = await module("sometimes.mts", `import { answerJobs } from ${api};\nanswerJobs((job: { fail: boolean }) => { if (job.fail) throw new TypeError("[shelfmark:test] bad job"); return "fine"; });\n`);
    const worker = startResident<{ fail: boolean }, string>(entry, "test");
    try {
      const error = await worker.run({ fail: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkerJobError);
      expect(((error as Error).cause as Error).name).toBe("TypeError");
      await expect(worker.run({ fail: false })).resolves.toBe("fine");
      expect(worker.stopped).toBe(false);
    } finally {
      await worker.close();
    }
  });

  it("a worker that dies rejects its pending job and says it stopped", async () => {
    const entry = await module("dies.mts", `import { answerJobs } from ${api};\nanswerJobs(() => process.exit(3));\n`);
    const worker = startResident(entry, "test");
    await expect(worker.run({})).rejects.toThrow(/\[shelfmark:test\] the worker stopped \(exit code 3\)/);
    expect(worker.stopped).toBe(true);
    await expect(worker.run({})).rejects.toThrow(/has stopped/);
  });

  it("does not keep the process alive between jobs", async () => {
    const entry = await module("idle.mts", `import { answerJobs } from ${api};\nanswerJobs((job: number) => job + 1);\n`);
    const script = await module(
      "main-resident.mts",
      `import { startResident } from ${api};\nconst worker = startResident(new URL(${JSON.stringify(entry.href)}), "test");\nconsole.log(await worker.run(41));\n`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script.pathname], { timeout: 20_000 });
    expect(stdout.trim()).toBe("42");
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
