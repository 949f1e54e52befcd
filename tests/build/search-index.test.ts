import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ListedPaper } from "../../src/papers/library.ts";
import { writeSearchIndex } from "../../src/search/pagefind.ts";
import { searchRecords } from "../../src/search/index.ts";
import { bundleEntries } from "../helpers/pagefind-bundle.ts";

/** Writing the index itself, with Pagefind's real binary, into a temporary folder. */

function papers(count: number): ListedPaper[] {
  return Array.from({ length: count }, (_, i) => ({
    slug: `p${i}`,
    file: `content/papers/p${i}.md`,
    title: `Paper number ${i} about zebras`,
    added: `2025-01-${String((i % 28) + 1).padStart(2, "0")}`,
    tags: [],
    status: "to-read" as const,
    authors: ["Ada Lovelace"],
    draft: false,
    notes: "",
    notesLine: 1,
    tagLinks: [{ name: "zoology", slug: "zoology" }],
    notesHtml: "",
    linksTo: [],
    mentionedIn: [],
    abstract: `Stripes and more stripes, number ${i}.`,
  }));
}

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = "";
});

describe("writeSearchIndex", () => {
  it("writes each part into its folder and counts the pages", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-index-"));
    const bundle = path.join(dir, "pagefind");
    const result = await writeSearchIndex({ parts: searchRecords(papers(5), 2, { language: "en" }), bundle });
    expect(result.indexed).toBe(5);
    expect(bundleEntries(bundle)).toEqual({ "pagefind-entry.json": 2, "part-2/pagefind-entry.json": 2, "part-3/pagefind-entry.json": 1 });
    expect(existsSync(path.join(bundle, "pagefind.js"))).toBe(true);
    // No staging folder is left next to the bundle.
    expect((await readdir(dir)).sort()).toEqual(["pagefind"]);
  });

  it("replaces an earlier index whole: parts of a longer list and stray files are gone", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-index-"));
    const bundle = path.join(dir, "pagefind");
    await writeSearchIndex({ parts: searchRecords(papers(5), 2, { language: "en" }), bundle });
    await writeFile(path.join(bundle, "stray.txt"), "left from before");
    const result = await writeSearchIndex({ parts: searchRecords(papers(3), 2, { language: "en" }), bundle });
    expect(result.indexed).toBe(3);
    expect(bundleEntries(bundle)).toEqual({ "pagefind-entry.json": 2, "part-2/pagefind-entry.json": 1 });
    expect(existsSync(path.join(bundle, "stray.txt"))).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(["pagefind"]);
  });

  it("writes an empty index for an empty list", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-index-"));
    const bundle = path.join(dir, "pagefind");
    const result = await writeSearchIndex({ parts: searchRecords([], 2, { language: "en" }), bundle });
    expect(result.indexed).toBe(0);
    expect(Object.keys(bundleEntries(bundle))).toEqual(["pagefind-entry.json"]);
  });
});
