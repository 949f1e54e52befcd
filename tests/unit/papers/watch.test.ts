import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PapersWatcher, pollingRequested } from "../../../src/papers/watch.ts";
import { until } from "../../helpers/wait.ts";

// The dev server's own watcher of the papers folder, on a real folder: Eleventy watches its signal file, and the
// build asks it which papers changed.
describe("PapersWatcher", () => {
  let dir = "";
  let watcher: PapersWatcher;
  const seen = new Set<string>();
  /** Waits until the watcher has reported every slug in `slugs` (gathering what it reports). */
  const reported = (...slugs: string[]) =>
    until(`the watcher to report ${slugs.join(", ")}`, () => {
      for (const slug of watcher.take()) seen.add(slug);
      return slugs.every((s) => seen.has(s)) ? true : undefined;
    }, 20_000);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-watch-"));
    await writeFile(path.join(dir, "old.md"), "---\ntitle: Old\n---\n");
    watcher = new PapersWatcher(dir);
    seen.clear();
  });
  afterEach(async () => {
    watcher.close();
    await rm(path.dirname(watcher.signal), { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it("has a signal file of its own folder, outside it, that exists once started", async () => {
    expect(path.dirname(path.dirname(watcher.signal))).toBe(os.tmpdir());
    expect(new PapersWatcher(dir).signal).toBe(watcher.signal);
    expect(new PapersWatcher(`${dir}-other`).signal).not.toBe(watcher.signal);
    watcher.start();
    expect(await readFile(watcher.signal, "utf8")).toBe("");
    expect(watcher.isSignal(path.relative(process.cwd(), watcher.signal))).toBe(true);
    expect(watcher.isSignal(path.join(dir, "old.md"))).toBe(false);
  });

  it("reports saved, added, removed and renamed papers, each once, and rewrites the signal file", async () => {
    watcher.start();
    await writeFile(path.join(dir, "old.md"), "---\ntitle: Old, saved\n---\n");
    await reported("old");
    expect(await readFile(watcher.signal, "utf8")).toContain("old.md");
    await writeFile(path.join(dir, "new.md"), "---\ntitle: New\n---\n");
    await reported("new");
    await rm(path.join(dir, "new.md"));
    await rename(path.join(dir, "old.md"), path.join(dir, "renamed.md"));
    seen.clear();
    await reported("new", "old", "renamed");
    // Once taken, a change is not reported again.
    expect(watcher.take()).toEqual([]);
  });

  it("without a papers folder, says so once, then watches for the folder and reports the papers it comes with", async () => {
    const missing = new PapersWatcher(path.join(dir, "content/papers"));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      missing.start();
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^\[shelfmark:papers\] no folder .*content\/papers yet: its papers show once it is made$/)]);
      expect(missing.pending).toBe(false);
      // The next build's start neither warns again nor touches the signal file (Eleventy would build again, and again).
      const { mtimeMs } = await stat(missing.signal);
      missing.start();
      expect((await stat(missing.signal)).mtimeMs).toBe(mtimeMs);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(missing.take()).toEqual([]);

      // content/ first, then content/papers/ with a paper in it, as `shelfmark add` makes them in a new project.
      await mkdir(path.join(dir, "content"));
      await mkdir(path.join(dir, "content/papers"));
      await writeFile(path.join(dir, "content/papers/first.md"), "---\ntitle: First\n---\n");
      watcher = missing;
      await reported("first");
      expect(await readFile(missing.signal, "utf8")).toContain("first.md");

      // Removed, and made again at once, while the server runs: still watched.
      await rm(path.join(dir, "content/papers"), { recursive: true });
      await mkdir(path.join(dir, "content/papers"));
      await writeFile(path.join(dir, "content/papers/second.md"), "---\ntitle: Second\n---\n");
      await reported("first", "second");
      // And removed for a while, then made again.
      await rm(path.join(dir, "content/papers"), { recursive: true });
      seen.clear();
      await reported("second");
      await mkdir(path.join(dir, "content/papers"));
      await writeFile(path.join(dir, "content/papers/third.md"), "---\ntitle: Third\n---\n");
      await reported("third");
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
      missing.close();
      await rm(path.dirname(missing.signal), { recursive: true, force: true });
    }
  });

  it("ignores files that are not papers, and reports nothing before it starts", async () => {
    await writeFile(path.join(dir, "before.md"), "x");
    watcher.start();
    await writeFile(path.join(dir, "notes.txt"), "x");
    await writeFile(path.join(dir, "after.md"), "x");
    await reported("after");
    expect([...seen]).toEqual(["after"]);
  });
});

describe("pollingRequested (Eleventy then watches the papers folder itself)", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["0", false],
    ["false", false],
    ["FALSE", false],
    ["1", true],
    ["true", true],
    ["yes", true],
  ])("CHOKIDAR_USEPOLLING=%s: %s", (value, expected) => {
    expect(pollingRequested(value === undefined ? {} : { CHOKIDAR_USEPOLLING: value })).toBe(expected);
  });
});
