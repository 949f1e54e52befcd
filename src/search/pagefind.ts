// Writing the search index: Pagefind's Node API, one part after another. Runs on a worker thread
// (src/search/worker.ts) or, should the worker not start, on the main thread: it only touches the files of
// the bundle and Pagefind's own process.
import { readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";
import { ShelfmarkError } from "../errors.ts";

const PLUGIN = "search";

/** One paper as Pagefind receives it: its page's URL and its search record (src/search/index.ts searchRecordHtml). */
export interface SearchRecord {
  url: string;
  html: string;
}

export interface IndexJob {
  /** The records, part by part (src/search/index.ts splitIntoParts), in the list's order. */
  parts: SearchRecord[][];
  /** The bundle's folder inside the output folder (`_site/pagefind`). */
  bundle: string;
}

export interface IndexResult {
  /** Pages in the written bundle, as its `pagefind-entry.json` files say. */
  indexed: number;
  /** Milliseconds spent giving Pagefind the records and writing the parts. */
  stages: { records: number; writing: number };
}

/** The folder of part `n` (from 1) inside the bundle: the first part is the bundle itself, with Pagefind's scripts. */
export function partDir(n: number): string {
  return n === 1 ? "" : `part-${n}/`;
}

/** Pages in the index, from the `pagefind-entry.json` Pagefind writes: one entry per language. */
export function indexedPageCount(entry: unknown): number {
  const languages = (entry as { languages?: Record<string, { page_count?: unknown }> } | null)?.languages;
  if (!languages || typeof languages !== "object") throw new Error("pagefind-entry.json has no languages");
  return Object.values(languages).reduce((sum, lang) => {
    if (typeof lang?.page_count !== "number") throw new Error("pagefind-entry.json has a language without page_count");
    return sum + lang.page_count;
  }, 0);
}

/** Pagefind reports problems as lists of strings rather than throwing: turn a non-empty list into an error. */
export function pagefindFailure(step: string, errors: readonly string[]): ShelfmarkError | undefined {
  if (errors.length === 0) return undefined;
  return new ShelfmarkError(PLUGIN, `Pagefind failed to ${step}:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
}

/**
 * Indexes and writes the parts one after the other, each in a Pagefind process of its own, so Pagefind only
 * ever holds one part. The parts go to a folder next to the bundle that replaces it once complete: the dev
 * server keeps serving the previous index while the next one is written, and no part of an earlier, longer
 * list survives. `parts` is emptied as it goes (each part's records are let go once Pagefind has them).
 */
export async function writeSearchIndex({ parts, bundle }: IndexJob): Promise<IndexResult> {
  const staging = path.join(path.dirname(bundle), `.${path.basename(bundle)}-next`);
  const previous = path.join(path.dirname(bundle), `.${path.basename(bundle)}-previous`);
  const stages = { records: 0, writing: 0 };
  let indexed = 0;
  try {
    await rm(staging, { recursive: true, force: true });
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      parts[i] = [];
      const index = await createIndex();
      let started = performance.now();
      const added = await Promise.all(part.map((record) => index.addHTMLFile({ url: record.url, content: record.html })));
      stages.records += performance.now() - started;
      const failure = pagefindFailure("index the papers", added.flatMap((r) => r.errors));
      if (failure) throw failure;
      const outputPath = path.join(staging, partDir(i + 1));
      started = performance.now();
      const written = await index.writeFiles({ outputPath });
      stages.writing += performance.now() - started;
      const writeFailure = pagefindFailure(`write ${outputPath}`, written.errors);
      if (writeFailure) throw writeFailure;
      // A fresh Pagefind process for the next part: one that indexed a part keeps most of its memory.
      await pagefind.close();
      indexed += indexedPageCount(JSON.parse(await readFile(path.join(outputPath, "pagefind-entry.json"), "utf8")));
    }
  } finally {
    await pagefind.close();
  }
  await rm(previous, { recursive: true, force: true });
  await rename(bundle, previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(staging, bundle);
  await rm(previous, { recursive: true, force: true });
  return { indexed, stages };
}

async function createIndex(): Promise<pagefind.PagefindIndex> {
  let created: pagefind.NewIndexResponse;
  try {
    created = await pagefind.createIndex({});
  } catch (error) {
    throw new ShelfmarkError(PLUGIN, `Pagefind could not start: ${(error as Error).message}. Fix: reinstall with npm ci (Pagefind's binary is an optional dependency: do not install with --omit=optional)`);
  }
  const failure = pagefindFailure("create an index", created.errors);
  if (failure || !created.index) throw failure ?? new ShelfmarkError(PLUGIN, "Pagefind created no index");
  return created.index;
}
