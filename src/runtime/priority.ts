// This thread's priority while other threads do work it waits for (the search index): see docs/performance.md.
import os from "node:os";

/**
 * Lowers this thread's priority (Linux applies a nice value to one thread: the worker threads and Pagefind's
 * process keep theirs) and returns what puts it back. Systems that refuse either are left as they are: raising a
 * priority back needs a privilege most users lack, and the process ends with the build anyway.
 */
export function stepBack(nice: number): () => void {
  let before: number;
  try {
    before = os.getPriority();
    // From the priority the thread had the first time: a process that builds again, and could not raise its
    // priority back after the last build, does not sink further with each build.
    ownPriority ??= before;
    os.setPriority(Math.min(19, ownPriority + nice));
  } catch {
    return () => {};
  }
  return () => {
    try {
      os.setPriority(before);
    } catch {
      // Not allowed to raise it again: see above.
    }
  };
}

let ownPriority: number | undefined;
