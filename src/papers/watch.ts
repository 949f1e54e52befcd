// The dev server's watcher of the papers folder. Eleventy's watcher (chokidar) reads a watched folder again,
// with a stat of every file in it, whenever any file in it changes: on a long list that is tens of thousands of
// file system calls on the main thread for each save, while the rebuild it starts is running. Node's own
// watcher says which file changed, and nothing more; Eleventy is told through one small file that it watches
// instead of the folder (its name says what it is for, as Eleventy prints it), and the build asks this watcher
// which papers changed.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, statSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Whether the person asked Eleventy's watcher to poll (`CHOKIDAR_USEPOLLING`, as chokidar reads it): on a shared
 * folder of a virtual machine or a container, where file system events do not arrive, and Node's watcher would
 * miss every save. Eleventy then watches the papers folder itself, as it polls.
 */
export function pollingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CHOKIDAR_USEPOLLING?.toLowerCase();
  return value !== undefined && value !== "" && value !== "false" && value !== "0";
}

export class PapersWatcher {
  /** The file Eleventy watches: rewritten with the changed file names whenever a paper file changes. */
  readonly signal: string;
  #changed = new Set<string>();
  #watcher: FSWatcher | undefined;

  constructor(readonly dir: string) {
    const folder = path.resolve(dir);
    const id = createHash("sha256").update(folder).digest("hex").slice(0, 12);
    this.signal = path.join(os.tmpdir(), `shelfmark-${id}`, "papers-changed");
  }

  /** Starts watching (once), before Eleventy starts watching the signal file, which must then exist. */
  start(): void {
    if (this.#watcher) return;
    // Made only where missing: Eleventy would take a rewrite for a change, and build again (a watcher of the
    // configuration read again, or of an earlier server, made it already).
    if (!existsSync(this.signal)) {
      mkdirSync(path.dirname(this.signal), { recursive: true });
      writeFileSync(this.signal, "");
    }
    this.#watchFolder();
  }

  #watchFolder(): void {
    let watcher: FSWatcher;
    try {
      watcher = watch(this.dir, (_event, name) => {
        if (name && name.endsWith(".md")) this.#saw([name]);
        // The papers folder removed or renamed while the server runs (Linux tells it as an event named after the
        // folder), perhaps made again already: wait for it, or watch the new one.
        else if (statSync(this.dir, { throwIfNoEntry: false })?.ino !== folder) this.#awaitFolder();
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        console.warn(`[shelfmark:papers] not watching ${this.dir} for changes: ${(error as Error).message}`);
        return;
      }
      console.warn(`[shelfmark:papers] no folder ${this.dir} yet: its papers show once it is made`);
      this.#awaitFolder();
      return;
    }
    const folder = statSync(this.dir, { throwIfNoEntry: false })?.ino;
    this.#watcher = watcher;
    watcher.on("error", () => this.#awaitFolder());
    watcher.unref();
  }

  /**
   * No papers folder (a new project, or one whose folder was removed): its nearest folder that exists is watched
   * until the papers folder is made (by `shelfmark add`, say), then the folder itself, and every paper already in
   * it counts as changed, so the page being looked at shows them without a restart.
   */
  #awaitFolder(): void {
    this.#replace(undefined);
    const papers = path.resolve(this.dir);
    let parent = path.dirname(papers);
    while (!existsSync(parent) && path.dirname(parent) !== parent) parent = path.dirname(parent);
    const next = path.join(parent, path.relative(parent, papers).split(path.sep)[0]!);
    const arrived = () => {
      if (!existsSync(papers)) {
        // A folder on the way made (content/ before content/papers/): watch from there.
        if (next !== papers && existsSync(next)) this.#awaitFolder();
        return;
      }
      this.#replace(undefined);
      this.#watchFolder();
      const names = readdirSync(papers).filter((name) => name.endsWith(".md"));
      if (names.length) this.#saw(names);
    };
    try {
      const watcher = watch(parent, arrived);
      watcher.on("error", () => this.#replace(undefined));
      watcher.unref();
      this.#replace(watcher);
    } catch (error) {
      console.warn(`[shelfmark:papers] not watching ${this.dir} for changes: ${(error as Error).message}`);
      return;
    }
    // Made before the watcher above started: no event will say so.
    if (existsSync(next)) arrived();
  }

  #replace(watcher: FSWatcher | undefined): void {
    this.#watcher?.close();
    this.#watcher = watcher;
  }

  /** Files of the papers folder changed: noted for the build, and Eleventy told through the signal file. */
  #saw(names: string[]): void {
    for (const name of names) this.#changed.add(name);
    // Eleventy waits until this file has not changed for a moment, as it waited for the paper file itself.
    writeFileSync(this.signal, `${[...this.#changed].join("\n")}\n`);
  }

  /** Whether `file`, one of the files Eleventy saw change, is this watcher's signal. */
  isSignal(file: string): boolean {
    return path.resolve(file) === this.signal;
  }

  /** Whether a paper file changed since the last take(): a newer build is on its way. */
  get pending(): boolean {
    return this.#changed.size > 0;
  }

  /** Slugs of the papers whose files changed (added, saved, removed) since the last call. */
  take(): string[] {
    const names = [...this.#changed].map((name) => path.basename(name, ".md"));
    this.#changed.clear();
    return names;
  }

  close(): void {
    this.#replace(undefined);
  }
}
