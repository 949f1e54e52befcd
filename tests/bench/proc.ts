// Linux's /proc, read by the benchmark's scripts.

/** USER_HZ: /proc reports CPU time in hundredths of a second. */
const TICKS_PER_SECOND = 100;

/** From a `/proc/<pid>/stat` line: the parent's pid, and CPU seconds (user + system, with the children it has waited for). */
export function statCpu(stat: string): { ppid: number; cpuS: number } {
  // The command name, in parentheses, may hold spaces: the fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number) as [number, number, number, number];
  return { ppid: Number(fields[1]), cpuS: (utime + stime + cutime + cstime) / TICKS_PER_SECOND };
}
