// Linux's /proc, read by the benchmark's scripts, and the timed child process every measurement runs in.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** USER_HZ: /proc reports CPU time in hundredths of a second. */
const TICKS_PER_SECOND = 100;

/** From a `/proc/<pid>/stat` line: the parent's pid, and CPU seconds (user + system, with the children it has waited for). */
export function statCpu(stat: string): { ppid: number; cpuS: number } {
  // The command name, in parentheses, may hold spaces: the fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number) as [number, number, number, number];
  return { ppid: Number(fields[1]), cpuS: (utime + stime + cutime + cstime) / TICKS_PER_SECOND };
}

/**
 * Resident memory and CPU time of a process and all its descendants (Pagefind and esbuild run as child
 * processes): RSS summed now, CPU seconds so far (user + system, with the children each one has waited for).
 */
export function treeUsage(root: number): { rss: number; cpuS: number } {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { ppid, cpuS } = statCpu(readFileSync(`/proc/${entry}/stat`, "utf8"));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      cpu.set(Number(entry), cpuS);
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
  return { rss, cpuS };
}

export interface Run {
  wallMs: number;
  peakRss: number;
  /** CPU seconds of the process tree, as last sampled (up to 100 ms before its end). */
  cpuS: number;
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
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const poll = setInterval(() => {
      const usage = treeUsage(child.pid!);
      peakRss = Math.max(peakRss, usage.rss);
      cpuS = Math.max(cpuS, usage.cpuS);
    }, 100);
    const done = (code: number) => {
      clearInterval(poll);
      resolve({ wallMs: performance.now() - start, peakRss, cpuS, output, code });
    };
    child.on("error", (error) => {
      output += String(error);
      done(127);
    });
    child.on("exit", (code) => done(code ?? 1));
  });
}
