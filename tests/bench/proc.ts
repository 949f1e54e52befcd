// Linux's /proc, read by the benchmark's scripts, and the timed child process every measurement runs in.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** USER_HZ: /proc reports CPU time in hundredths of a second. */
const TICKS_PER_SECOND = 100;

/** The fields of a `/proc/<pid>/stat` line after the command name, from the state on (`proc(5)`'s third field). */
function statFields(stat: string): string[] {
  // The command name, in parentheses, may hold spaces: the fields are counted after its closing parenthesis.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** From a `/proc/<pid>/stat` line: the parent's pid, and CPU seconds (user + system, with the children it has waited for). */
export function statCpu(stat: string): { ppid: number; cpuS: number } {
  const fields = statFields(stat);
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number) as [number, number, number, number];
  return { ppid: Number(fields[1]), cpuS: (utime + stime + cutime + cstime) / TICKS_PER_SECOND };
}

/**
 * From a `/proc/<pid>/stat` or `/proc/<pid>/task/<tid>/stat` line: CPU seconds of its own (user + system, no
 * children), or undefined once it has ended (a zombie: its threads, and what they would tell, are gone).
 */
export function ownCpu(stat: string): number | undefined {
  const fields = statFields(stat);
  return fields[0] === "Z" ? undefined : (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * Where a build's CPU time went: its main thread, its other threads (worker threads, V8's and libuv's; the time
 * of threads that have ended stays in the process's own), and its child processes (Pagefind; esbuild when the
 * compiled code is made again), those ended and waited for and those running.
 */
export interface CpuSplit {
  mainThreadS: number;
  otherThreadsS: number;
  childrenS: number;
}

/**
 * Resident memory and CPU time of a process and all its descendants (Pagefind and esbuild run as child
 * processes): RSS summed now, CPU seconds so far (user + system, with the children each one has waited for),
 * and that CPU time split (see CpuSplit) when the process could be read whole.
 */
export function treeUsage(root: number): { rss: number; cpuS: number; split?: CpuSplit } {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  // Read before the process's own line, so that the main thread never seems to have used more than the process.
  let mainThreadS: number | undefined;
  let rootOwn: number | undefined;
  try {
    mainThreadS = ownCpu(readFileSync(`/proc/${root}/task/${root}/stat`, "utf8"));
  } catch {}
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const { ppid, cpuS } = statCpu(stat);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      cpu.set(Number(entry), cpuS);
      if (Number(entry) === root) rootOwn = ownCpu(stat);
    } catch {}
  }
  let rss = 0;
  let cpuS = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) rss += Number(m[1]) * 1024;
    } catch {}
    cpuS += cpu.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  // The process's own time and its children's come from one line: the split adds up to cpuS. None while the
  // process is not there to be read whole (starting, or ended).
  const split = mainThreadS === undefined || rootOwn === undefined ? undefined : { mainThreadS, otherThreadsS: rootOwn - mainThreadS, childrenS: cpuS - rootOwn };
  return { rss, cpuS, split };
}

export interface Run {
  wallMs: number;
  peakRss: number;
  /** CPU seconds of the process tree, as last sampled (every 100 ms and at each line it writes). */
  cpuS: number;
  /** The same, split by thread and child process (see CpuSplit), as last sampled. */
  cpuSplit: CpuSplit;
  output: string;
  code: number;
}

/** Runs `command` (Node itself by default) in `cwd`, sampling its process tree's memory and CPU every 100 ms. */
export function run(args: string[], cwd: string, env: Record<string, string> = {}, command = process.execPath): Promise<Run> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let peakRss = 0;
    let cpuS = 0;
    let cpuSplit: CpuSplit = { mainThreadS: 0, otherThreadsS: 0, childrenS: 0 };
    const sample = () => {
      const usage = treeUsage(child.pid!);
      peakRss = Math.max(peakRss, usage.rss);
      // The CPU time and its split from one sample, the last one that read the process whole.
      if (usage.split && usage.cpuS >= cpuS) [cpuS, cpuSplit] = [usage.cpuS, usage.split];
    };
    // Also whenever it writes: a build's last line comes once its work is done (the search index written, its
    // Pagefind processes ended), so the last sample is not up to 100 ms short of the end on a short run.
    child.stdout.on("data", (d) => {
      output += d;
      sample();
    });
    child.stderr.on("data", (d) => {
      output += d;
      sample();
    });
    const poll = setInterval(sample, 100);
    const done = (code: number) => {
      clearInterval(poll);
      resolve({ wallMs: performance.now() - start, peakRss, cpuS, cpuSplit, output, code });
    };
    child.on("error", (error) => {
      output += String(error);
      done(127);
    });
    child.on("exit", (code) => done(code ?? 1));
  });
}
