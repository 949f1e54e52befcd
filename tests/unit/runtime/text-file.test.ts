import { statSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTextFile } from "../../../src/runtime/text-file.ts";

describe("writeTextFile", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-text-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("writes the pieces in order as UTF-8, creating the folder", async () => {
    const pieces = ["% head\n", ...Array.from({ length: 5000 }, (_, i) => `\n@article{k${i}, title = {Über ${i} — ∑}}\n`)];
    const file = path.join(dir, "a/b/papers.bib");
    await writeTextFile(file, pieces);
    expect(await readFile(file, "utf8")).toBe(pieces.join(""));
  });

  it("writes an empty file for no pieces", async () => {
    await writeTextFile(path.join(dir, "empty.json"), []);
    expect(await readFile(path.join(dir, "empty.json"), "utf8")).toBe("");
  });

  it("makes the pieces as the file takes them, not all before writing", async () => {
    const file = path.join(dir, "big.txt");
    let onDiskAtLast = -1;
    function* pieces() {
      for (let i = 0; i < 2000; i++) {
        // When the last piece is made, most of the others are already in the file: only a few are held at once.
        if (i === 1999) onDiskAtLast = statSync(file).size;
        yield "x".repeat(4096);
      }
    }
    await writeTextFile(file, pieces());
    expect((await readFile(file, "utf8")).length).toBe(2000 * 4096);
    expect(onDiskAtLast).toBeGreaterThan(1000 * 4096);
  });

  it("rejects with the error of making a piece, and of writing", async () => {
    function* failing() {
      yield "a";
      throw new Error("no key for paper x");
    }
    await expect(writeTextFile(path.join(dir, "f.bib"), failing())).rejects.toThrow("no key for paper x");
    await writeTextFile(path.join(dir, "file"), ["x"]);
    await expect(writeTextFile(path.join(dir, "file/inside.bib"), ["x"])).rejects.toThrow(/ENOTDIR|EEXIST/);
  });
});
