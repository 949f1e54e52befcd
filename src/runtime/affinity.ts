// Pagefind's process on one CPU: see docs/performance.md "Pagefind on one CPU". Pagefind writes a part's files
// from a pool of up to hundreds of threads, all creating files in the same few folders; on ext4 the threads that
// wait for a folder's lock spin on a CPU while its holder runs on another, which cost as much CPU time as
// Pagefind's own work in some builds. Bound to one CPU, a waiting thread sleeps instead. Node has no call for a
// thread's CPUs: `taskset` (util-linux) sets them, and a child process starts with the CPUs of the thread that
// started it.
import { execFileSync } from "node:child_process";
import { readFileSync, readlinkSync } from "node:fs";

/** The CPUs of a list in the kernel's format ("0-3,6" → 0, 1, 2, 3, 6); an empty or malformed list gives none. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const piece of list.trim().split(",")) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(piece.trim());
    if (!range) return [];
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) return [];
    for (let cpu = from; cpu <= to; cpu++) cpus.push(cpu);
  }
  return cpus;
}

/**
 * The CPU for the Pagefind process of `writer` (1 or 2, src/search/pagefind.ts), among the CPUs this thread may
 * use: the last for the first writer, the one before it for the second, so that two writing at once do not share
 * one; none where there is a single CPU (nothing to gain, and the rest of the build would share it).
 */
export function pagefindCpu(allowed: readonly number[], writer: number): number | undefined {
  if (allowed.length < 2) return undefined;
  return allowed[Math.max(0, allowed.length - Math.max(1, writer))];
}

/** The CPUs this thread may use, and its id for taskset; undefined where /proc does not say (not Linux). */
function thisThread(): { tid: string; allowed: string } | undefined {
  try {
    const tid = readlinkSync("/proc/thread-self").split("/").pop()!;
    const allowed = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync("/proc/thread-self/status", "utf8"))?.[1];
    return allowed ? { tid, allowed } : undefined;
  } catch {
    return undefined;
  }
}

let tasksetMissing = false;

function setCpus(tid: string, list: string): boolean {
  try {
    execFileSync("taskset", ["-p", "-c", list, tid], { stdio: "ignore", timeout: 5000 });
    return true;
  } catch {
    // No taskset (macOS, a minimal container) or not allowed: the process starts as it would have.
    tasksetMissing = true;
    return false;
  }
}

/**
 * Runs `start`, which starts a child process synchronously, with this thread bound to the CPU Pagefind's `writer`
 * gets (pagefindCpu), so that the child starts bound to it; the thread then gets back the CPUs it had. Where that
 * cannot be done (no /proc, no taskset, a single CPU), runs `start` as it is.
 */
export function startedOnOneCpu<T>(writer: number, start: () => T): T {
  const thread = tasksetMissing ? undefined : thisThread();
  const cpu = thread && pagefindCpu(parseCpuList(thread.allowed), writer);
  if (!thread || cpu === undefined || !setCpus(thread.tid, String(cpu))) return start();
  try {
    return start();
  } finally {
    // Tried twice (a loaded machine can make taskset time out); a thread left on one CPU slows all it does after,
    // the dev server's next builds included, so it is said.
    if (!setCpus(thread.tid, thread.allowed) && !setCpus(thread.tid, thread.allowed)) {
      console.warn(`[shelfmark:search] taskset could not give a thread back its CPUs (${thread.allowed}) after starting Pagefind on CPU ${cpu}: this thread stays on that CPU until the process ends, which slows the build. Fix: check that \`taskset -p -c ${thread.allowed} <pid>\` works here (util-linux), and report it if it does`);
    }
  }
}
