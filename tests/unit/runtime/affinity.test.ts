import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { once } from "node:events";
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
