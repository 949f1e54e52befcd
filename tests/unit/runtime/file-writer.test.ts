import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { SLOT_BYTES, SLOTS, slotOf } from "../../../src/runtime/file-writer-slots.ts";
import { FileWriteError, startFileWriter, type FileWriter } from "../../../src/runtime/file-writer.ts";

/** The file writer with its real thread, writing into a temporary folder. */

let dir = "";
const writers: FileWriter[] = [];
afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => w.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
});
function writer(): FileWriter {
  const w = startFileWriter();
  writers.push(w);
  return w;
}

describe("slotOf", () => {
  it.each([
    [0, 0],
    [1, 1],
    [SLOTS - 1, SLOTS - 1],
    [SLOTS, 0],
    [3 * SLOTS + 5, 5],
  ])("file %s goes to slot %s", (n, slot) => expect(slotOf(n)).toBe(slot));
});

describe("startFileWriter", () => {
  it("writes each file into its folder, in UTF-8, many more files than it has slots", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "shelfmark-writer-"));
    const w = writer();
    const count = SLOTS * 3 + 7;
    const text = (i: number) => `<p>page ${i}: Łukasz → naïve ✓ 𝔼</p>\n`.repeat(50 + (i % 13));
    for (let i = 0; i < count; i++) await w.write(path.join(dir, "papers", `p${i}`, "index.html"), text(i));
    await w.flush();
    for (let i = 0; i < count; i++) expect(readFileSync(path.join(dir, "papers", `p${i}`, "index.html"), "utf8"), `p${i}`).toBe(text(i));
    expect(w.stopped).toBe(false);
  });

  it("writes to a path beyond ASCII, as a slug or an output folder of the person's may be", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "shelfmark-writer-"));
    const w = writer();
    const file = path.join(dir, "Lesezeichen – Łódź", "papers", "naïve-bayes", "index.html");
    await w.write(file, "<p>ok</p>");
    await w.flush();
    expect(readFileSync(file, "utf8")).toBe("<p>ok</p>");
  });

  it.each([
    ["longer than a slot, in characters", "x".repeat(SLOT_BYTES + 1)],
    ["short enough in characters, too long in bytes", "€".repeat(Math.floor(SLOT_BYTES / 2))],
    ["an empty file", ""],
  ])("writes a text %s whole", async (_name, text) => {
    dir = mkdtempSync(path.join(os.tmpdir(), "shelfmark-writer-"));
    const w = writer();
    await w.write(path.join(dir, "before.html"), "before");
    await w.write(path.join(dir, "big", "index.html"), text);
    await w.write(path.join(dir, "after.html"), "after");
    await w.flush();
    expect(readFileSync(path.join(dir, "big", "index.html"), "utf8")).toBe(text);
    expect([readFileSync(path.join(dir, "before.html"), "utf8"), readFileSync(path.join(dir, "after.html"), "utf8")]).toEqual(["before", "after"]);
  });

  it("names the file it could not write, refuses further files, and stops; a new writer works", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "shelfmark-writer-"));
    writeFileSync(path.join(dir, "a-file"), "not a folder");
    const w = writer();
    const bad = path.join(dir, "a-file", "page", "index.html");
    await w.write(bad, "cannot be written");
    const flushed = await w.flush().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(flushed).toBeInstanceOf(FileWriteError);
    expect((flushed as FileWriteError).file).toBe(bad);
    expect((flushed as FileWriteError).reason.code).toBe("ENOTDIR");
    expect((flushed as Error).message).toContain(bad);
    expect(w.stopped).toBe(true);
    await expect(w.write(path.join(dir, "later.html"), "later")).rejects.toBeInstanceOf(FileWriteError);
    expect(existsSync(path.join(dir, "later.html"))).toBe(false);

    const next = writer();
    await next.write(path.join(dir, "later.html"), "later");
    await next.flush();
    expect(readFileSync(path.join(dir, "later.html"), "utf8")).toBe("later");
  });

  it("keeps no process alive once its files are written: a program that never closes it ends", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "shelfmark-writer-"));
    const repo = fileURLToPath(new URL("../../..", import.meta.url));
    const script = `
      import { startFileWriter } from ${JSON.stringify(path.join(repo, "src/runtime/file-writer.ts"))};
      const w = startFileWriter();
      await w.write(${JSON.stringify(path.join(dir, "one", "index.html"))}, "one");
      await w.flush();
      console.log("flushed");
    `;
    const child = spawn(process.execPath, ["--import", path.join(repo, "node_modules/tsx/dist/esm/index.mjs"), "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(out.trim()).toBe("flushed");
    expect(readFileSync(path.join(dir, "one", "index.html"), "utf8")).toBe("one");
  });
});
