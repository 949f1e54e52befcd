import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileWriter } from "../../../src/runtime/file-writer.ts";

/** Files written by a thread of their own (src/runtime/file-writer.ts), into a temporary folder. */
describe("FileWriter", () => {
  let dir: string;
  let files: FileWriter;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-files-"));
    files = new FileWriter("test");
  });
  afterEach(async () => {
    await files.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes each file, its folders made, and resolves each write once its file is there: full batches and the rest", async () => {
    const names = Array.from({ length: 37 }, (_, i) => path.join(dir, "papers", `p${i}`, "index.html"));
    await Promise.all(
      names.map(async (file, i) => {
        await files.write(file, `page ${i} – ł → ✓`);
        expect(existsSync(file), file).toBe(true);
      }),
    );
    for (const [i, file] of names.entries()) expect(await readFile(file, "utf8")).toBe(`page ${i} – ł → ✓`);
    // Written by the thread, not by this one after it failed.
    expect(files.fallbacks).toBe(0);
  });

  it("writes a file written twice with the later content, in the order given", async () => {
    const file = path.join(dir, "a", "index.html");
    await Promise.all([files.write(file, "first"), files.write(file, "second")]);
    expect(await readFile(file, "utf8")).toBe("second");
  });

  it("rejects a write that cannot be done, with the system's error, and goes on writing others", async () => {
    await writeFile(path.join(dir, "out"), "a file where a folder should be");
    await expect(files.write(path.join(dir, "out", "x", "index.html"), "x")).rejects.toThrow(/ENOTDIR|EEXIST/);
    await files.write(path.join(dir, "fine", "index.html"), "ok");
    expect(await readFile(path.join(dir, "fine", "index.html"), "utf8")).toBe("ok");
  });

  it("starts a thread again after it was closed", async () => {
    await files.write(path.join(dir, "one.html"), "1");
    await files.close();
    await files.write(path.join(dir, "two.html"), "2");
    expect(await readFile(path.join(dir, "two.html"), "utf8")).toBe("2");
  });
});
