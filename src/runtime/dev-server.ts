import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, watch, type FSWatcher } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { EleventyConfig } from "../eleventy-types.ts";
import { checkLocation } from "../site/settings.ts";

/**
 * The dev server answers requests on the same thread, and Eleventy renders page after page without giving it a
 * turn: the edited page, written early (src/papers/index.ts renders changed papers first), could only be seen
 * once all the others were. Each page now lets waiting requests in before the next one. See docs/performance.md.
 */
export function devServerTurnPlugin(eleventyConfig: EleventyConfig): void {
  let serving = false;
  eleventyConfig.on("eleventy.before", ({ runMode }) => {
    serving = runMode === "serve";
  });
  eleventyConfig.addTransform("shelfmark-dev-server-turn", async (content: string) => {
    if (serving) await new Promise((resolve) => setImmediate(resolve));
    return content;
  });
}

/**
 * Where a problem that stops the first build can be fixed: the input folder, its papers and data, the layouts.
 * Each is watched by itself (not recursively: Node's recursive watcher on Linux walks every paper file).
 */
export const FIX_FOLDERS = ["content", "content/papers", "content/_data", "_includes", "_includes/layouts"];

/**
 * `npm start`: Eleventy's dev server, its command line run with these arguments, kept up through a build that
 * fails before it serves. Eleventy's command line ends on an error of its first build ("Eleventy Fatal Error"),
 * before it watches or serves anything: a list started with a problem (a date that is no date, a note link to no
 * paper) would print it and end. Here the problems are printed (by Eleventy, once), and Eleventy starts again at
 * the next save in one of FIX_FOLDERS (or at once, where one was saved while that build ran), until a build
 * succeeds; from then on Eleventy watches, and a failed rebuild keeps its server up (src/site/aside.ts). Ends with
 * Eleventy's exit status once Eleventy ends without an error or is stopped (SIGINT, SIGTERM: passed on to it).
 */
export function keepServing(args: string[], options: { cwd?: string; folders?: string[]; log?: (line: string) => void } = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const log = options.log ?? ((line: string) => console.log(line));
  const eleventy = path.join(path.dirname(createRequire(import.meta.url).resolve("@11ty/eleventy")), "..", "cmd.cjs");
  let child: ChildProcess | undefined;
  let stopping = false;
  /** A save in a watched folder since Eleventy last started. */
  let saved = false;
  let waiting: (() => void) | undefined;
  const watchers: FSWatcher[] = [];
  for (const folder of (options.folders ?? FIX_FOLDERS).map((f) => path.resolve(cwd, f))) {
    if (!existsSync(folder)) continue;
    try {
      const watcher = watch(folder, () => {
        saved = true;
        waiting?.();
      });
      watcher.on("error", () => {});
      watchers.push(watcher);
    } catch {
      // A folder that cannot be watched: a save elsewhere still starts the server again.
    }
  }
  return new Promise<number>((resolve) => {
    const end = (code: number) => {
      for (const watcher of watchers) watcher.close();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve(code);
    };
    const onSignal = (signal: NodeJS.Signals) => {
      stopping = true;
      if (child) child.kill(signal);
      else end(0);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    const start = () => {
      saved = false;
      waiting = undefined;
      // The same Node options (`--import tsx`): Eleventy runs as `npm start` ran it before.
      child = spawn(process.execPath, [...process.execArgv, eleventy, ...args], { cwd, stdio: "inherit" });
      child.on("exit", (code, signal) => {
        child = undefined;
        if (stopping || code === 0 || signal) return end(code ?? 0);
        if (saved) return start();
        log("[shelfmark] the dev server stopped on the problems above: fix them and save, and it starts again (Ctrl-C to quit)");
        // Editors write a file in several steps: wait until the folder has been quiet for a moment.
        let timer: NodeJS.Timeout | undefined;
        waiting = () => {
          clearTimeout(timer);
          timer = setTimeout(start, 100);
        };
      });
    };
    start();
  });
}

/**
 * What stops the dev server before it starts, as one line: a SITE_URL or path prefix that cannot be used. No save
 * can fix those (they come from the environment or the command line), so there is nothing to wait for.
 */
export function startProblem(args: string[], env: NodeJS.ProcessEnv): string | undefined {
  const given = args.find((a) => a.startsWith("--pathprefix="))?.slice("--pathprefix=".length);
  const checked = checkLocation(env, given);
  return checked.ok ? undefined : `[shelfmark:site] ${checked.message}`;
}

// `node --import tsx src/runtime/dev-server.ts <Eleventy's arguments>` (package.json "start").
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const problem = startProblem(args, process.env);
  if (problem) {
    console.error(problem);
    process.exitCode = 1;
  } else {
    void keepServing(args).then((code) => {
      process.exitCode = code;
    });
  }
}
