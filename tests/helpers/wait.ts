/**
 * Waiting on a dev server (or any process) by its own signals: a file rewritten, a page served with new text,
 * a line in its output. Never a fixed sleep: the probe runs every quarter second until it answers or a generous
 * deadline passes, so a loaded machine (the whole suite on two cores) only makes the wait longer.
 */

/** Long enough for a rebuild on a machine busy with the rest of the suite; a real failure still ends. */
export const DEV_SERVER_DEADLINE_MS = 120_000;

/** Calls `probe` until it returns something other than undefined; its errors count as "not yet". */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = DEV_SERVER_DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The page at `url` once it answers 200 and its text passes `test` (the dev server shows the change). */
export function untilServed(url: string, test: (body: string) => boolean, timeoutMs = DEV_SERVER_DEADLINE_MS): Promise<string> {
  return until(
    `${url} to show the change`,
    async () => {
      const response = await fetch(url);
      const body = await response.text();
      return response.ok && test(body) ? body : undefined;
    },
    timeoutMs,
  );
}

/**
 * Saves a file as a person would, and saves it again until `seen` says the server noticed: the dev server
 * prints "Watching…" and starts serving before its file watcher has finished scanning the folders, and a
 * save in that moment is missed (a person saves again; so does the test). Each save waits `patienceMs` for
 * the server's own signal before the next; the whole wait has the generous deadline.
 */
export async function saveUntilSeen(save: () => Promise<void>, seen: () => Promise<boolean> | boolean, what: string, timeoutMs = DEV_SERVER_DEADLINE_MS, patienceMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await save();
    const next = Math.min(deadline, Date.now() + patienceMs);
    while (Date.now() < next) {
      if (await seen()) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
  }
}
