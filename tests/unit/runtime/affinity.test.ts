import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { pagefindCpu, parseCpuList, startedOnOneCpu } from "../../../src/runtime/affinity.ts";

describe("parseCpuList", () => {
  it.each([
    ["0", [0]],
    ["0-1", [0, 1]],
    ["0-3,6", [0, 1, 2, 3, 6]],
    ["2,4-5\n", [2, 4, 5]],
    ["", []],
    ["1-0", []],
    ["a-b", []],
    ["0,,1", []],
  ])("%j → %j", (list, cpus) => {
    expect(parseCpuList(list)).toEqual(cpus);
  });
});

describe("pagefindCpu", () => {
  it.each([
    ["one CPU: none (the build would share it)", [0], 1, undefined],
    ["two CPUs, the first writer: the last", [0, 1], 1, 1],
    ["two CPUs, the second writer: the other", [0, 1], 2, 0],
    ["four CPUs, the second writer: the one before the last", [0, 1, 2, 3], 2, 2],
    ["CPUs with gaps: among those allowed", [2, 5, 7], 1, 7],
    ["no CPUs known: none", [], 1, undefined],
  ] as const)("%s", (_name, allowed, writer, cpu) => {
    expect(pagefindCpu(allowed, writer)).toBe(cpu);
  });
});

const linux = existsSync("/proc/thread-self/status");
const threadCpus = () => /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync("/proc/thread-self/status", "utf8"))?.[1];

describe.runIf(linux)("startedOnOneCpu (Linux)", () => {
  it("starts the child on the writer's CPU and gives this thread its CPUs back", async () => {
    const before = threadCpus()!;
    const allowed = parseCpuList(before);
    const child = startedOnOneCpu(1, () => spawn("sleep", ["5"], { stdio: "ignore" }));
    try {
      const childCpus = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
      expect(childCpus).toBe(allowed.length < 2 ? before : String(allowed[allowed.length - 1]));
      expect(threadCpus()).toBe(before);
    } finally {
      child.kill();
      await once(child, "exit");
    }
  });

  it("returns what the start returns, and passes its error on with the CPUs given back", () => {
    const before = threadCpus();
    expect(startedOnOneCpu(2, () => 42)).toBe(42);
    expect(() => startedOnOneCpu(1, () => {
      throw new Error("no start");
    })).toThrow("no start");
    expect(threadCpus()).toBe(before);
  });
});

describe.runIf(linux)("startedOnOneCpu without taskset", () => {
  it("starts the child as it would have, on the thread's own CPUs", () => {
    const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
    const script = `
      import { spawn } from "node:child_process";
      import { readFileSync } from "node:fs";
      import { startedOnOneCpu } from ${JSON.stringify(path.join(repo, "src/runtime/affinity.ts"))};
      const cpus = (file) => /^Cpus_allowed_list:\\s*(\\S+)/m.exec(readFileSync(file, "utf8"))[1];
      const child = startedOnOneCpu(1, () => spawn("/bin/sleep", ["5"], { stdio: "ignore" }));
      console.log(JSON.stringify({ thread: cpus("/proc/thread-self/status"), child: cpus("/proc/" + child.pid + "/status") }));
      child.kill();
    `;
    const out = execFileSync(process.execPath, ["--import", path.join(repo, "node_modules/tsx/dist/esm/index.mjs"), "--input-type=module", "-e", script], {
      env: { ...process.env, PATH: "/nonexistent" },
      encoding: "utf8",
    });
    const { thread, child } = JSON.parse(out.trim().split("\n").pop()!) as { thread: string; child: string };
    expect(child).toBe(thread);
  });
});

describe.runIf(linux && parseCpuList(threadCpus() ?? "").length >= 2)("startedOnOneCpu when taskset cannot give the CPUs back", () => {
  it("says so, naming the CPUs and the fix, and binds no later Pagefind process", () => {
    const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
    const bin = mkdtempSync(path.join(os.tmpdir(), "shelfmark-taskset-"));
    try {
      // A taskset that binds (the real one, the first time) and then fails, as one that times out on a loaded machine.
      const calls = path.join(bin, "calls");
      writeFileSync(path.join(bin, "taskset"), `#!/bin/sh\necho "$@" >> ${JSON.stringify(calls)}\n[ "$(wc -l < ${JSON.stringify(calls)})" -eq 1 ] && exec /usr/bin/taskset "$@"\nexit 1\n`, { mode: 0o755 });
      const script = `
        import { spawn } from "node:child_process";
        import { readFileSync } from "node:fs";
        import { startedOnOneCpu } from ${JSON.stringify(path.join(repo, "src/runtime/affinity.ts"))};
        const cpus = (file) => /^Cpus_allowed_list:\\s*(\\S+)/m.exec(readFileSync(file, "utf8"))[1];
        const before = cpus("/proc/thread-self/status");
        const first = startedOnOneCpu(1, () => spawn("/bin/sleep", ["5"], { stdio: "ignore" }));
        const second = startedOnOneCpu(1, () => spawn("/bin/sleep", ["5"], { stdio: "ignore" }));
        console.log(JSON.stringify({ before, thread: cpus("/proc/thread-self/status"), first: cpus("/proc/" + first.pid + "/status"), second: cpus("/proc/" + second.pid + "/status") }));
        first.kill();
        second.kill();
      `;
      const run = spawnSync(process.execPath, ["--import", path.join(repo, "node_modules/tsx/dist/esm/index.mjs"), "--input-type=module", "-e", script], {
        env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` },
        encoding: "utf8",
      });
      expect(run.status, run.stderr).toBe(0);
      const { before, thread, first, second } = JSON.parse(run.stdout.trim().split("\n").pop()!) as { before: string; thread: string; first: string; second: string };
      const cpu = String(parseCpuList(before).at(-1));
      // The first Pagefind process was bound; the thread could not be given its CPUs back, twice.
      expect(first).toBe(cpu);
      expect(thread).toBe(cpu);
      const lines = readFileSync(calls, "utf8").trim().split("\n");
      expect(lines.map((line) => line.replace(/ \d+$/, " <tid>"))).toEqual([`-p -c ${cpu} <tid>`, `-p -c ${before} <tid>`, `-p -c ${before} <tid>`]);
      expect(run.stderr).toContain(`[shelfmark:search] taskset could not give a thread back its CPUs (${before}) after starting Pagefind on CPU ${cpu}`);
      expect(run.stderr).toContain("Fix: check that `taskset -p -c");
      expect(run.stderr.match(/could not give a thread back/g)).toHaveLength(1);
      // No more taskset once it has failed: the second process starts with the thread's CPUs as they are.
      expect(second).toBe(thread);
      expect(readFileSync(calls, "utf8").trim().split("\n")).toEqual(lines);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
