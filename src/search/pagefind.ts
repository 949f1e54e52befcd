// Writing the search index: Pagefind's Node API, one part after another. Runs on a worker thread
// (src/search/worker.ts) or, should the worker not start, on the main thread: it only touches the files of
// the bundle and Pagefind's own process.
import { readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";
import { ShelfmarkError } from "../errors.ts";
import { startedOnOneCpu } from "../runtime/affinity.ts";

const PLUGIN = "search";

/** One paper as Pagefind receives it: its page's URL and its search record (src/search/records.ts searchRecordHtml). */
export interface SearchRecord {
  url: string;
  html: string;
}

/**
 * One part of the index: its place among the parts (from 0) and its records, in the list's order; or, for a
 * writer on the thread that holds the list, what makes them when the part is taken (none held before).
 */
export interface IndexPart {
  index: number;
  records: SearchRecord[] | (() => SearchRecord[]);
}

export interface IndexJob {
  /** The parts this writer may write, in the order it takes them (src/search/records.ts indexJob). */
  parts: IndexPart[];
  /** The folder the parts are written into (see stagingDir), made whole by publishIndex. */
  staging: string;
  /**
   * Whose turn it is to write files into the staging folder (one Int32 slot, 1 while taken; see takeTurn). The
   * thread that hands out the job holds it while it empties the folder (see heldTurn), so that the job can start
   * before that is done; two writers in turns pass it between them. The first writer always takes it before
   * writing a part's files; the second only with `claims.inTurns`.
   */
  turn?: SharedArrayBuffer;
  /**
   * Shared with a second writer: who took which part (`parts`, see claimPart; without it every part is written).
   * `writer` names this one (1 or 2). The second writes its files in turns with the first (`inTurns`) when memory
   * is short (a Pagefind process holds the most while it writes: src/search/index.ts secondWriter).
   */
  claims?: { parts: SharedArrayBuffer; writer: number; inTurns?: boolean };
}

export interface IndexResult {
  /** Pages in the parts this writer wrote, as their `pagefind-entry.json` files say. */
  indexed: number;
  /** Parts this writer wrote. */
  written: number;
  /** Milliseconds spent giving Pagefind the records and writing the parts. */
  stages: { records: number; writing: number };
}

/** The folder of part `n` (from 1) inside the bundle: the first part is the bundle itself, with Pagefind's scripts. */
export function partDir(n: number): string {
  return n === 1 ? "" : `part-${n}/`;
}

/** Where the parts of the next index are written: next to the bundle, which it replaces once complete. */
export function stagingDir(bundle: string): string {
  return path.join(path.dirname(bundle), `.${path.basename(bundle)}-next`);
}

/**
 * Takes part `index` for `writer` unless the other writer has: one slot per part, 0 while nobody has it. A
 * writer that took it before (the same writer, run again on this thread after its worker died) keeps it.
 */
export function claimPart(claims: Int32Array, index: number, writer: number): boolean {
  const before = Atomics.compareExchange(claims, index, 0, writer);
  return before === 0 || before === writer;
}

/**
 * Waits until nobody else writes into the staging folder (a writer a part's files, or the thread that empties it),
 * then takes the turn (one Int32 slot: 1 while taken); resolves with the function that gives it back.
 * Asynchronous: the main thread may not block.
 */
export async function takeTurn(turn: Int32Array): Promise<() => void> {
  while (Atomics.compareExchange(turn, 0, 0, 1) !== 0) {
    const waiting = Atomics.waitAsync(turn, 0, 1);
    if (!waiting.async) continue;
    // A pending waitAsync does not keep the event loop alive: a worker with nothing else to do would exit.
    const keepAlive = setInterval(() => {}, 60_000);
    try {
      await waiting.value;
    } finally {
      clearInterval(keepAlive);
    }
  }
  return () => giveTurnBack(turn);
}

/** A turn (see takeTurn) that this thread holds from the start: it gives it back with giveTurnBack. */
export function heldTurn(): SharedArrayBuffer {
  const turn = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  Atomics.store(new Int32Array(turn), 0, 1);
  return turn;
}

/** Frees the turn and wakes a writer waiting for it (see takeTurn). */
export function giveTurnBack(turn: Int32Array): void {
  Atomics.store(turn, 0, 0);
  Atomics.notify(turn, 0);
}

/**
 * Every part not yet taken is taken by nobody (-1): the other writer stops after its current part. What a writer
 * that has failed leaves behind, as the build fails anyway.
 */
export function refuseParts(claims: Int32Array): void {
  for (let i = 0; i < claims.length; i++) Atomics.compareExchange(claims, i, 0, -1);
}

/**
 * Once the first writer has failed (a worker that may have died holding the turn): no part is left for the second
 * (refuseParts), and the turn is given back, as a writer that died holding it never will.
 */
export function abandonParts(claims: Int32Array, turn: Int32Array): void {
  refuseParts(claims);
  giveTurnBack(turn);
}

/** The parts nobody has taken yet, last first: what a second writer can still take off the first one. */
export function unclaimedFromTheEnd(claims: Int32Array): number[] {
  const free: number[] = [];
  for (let i = claims.length - 1; i >= 0; i--) if (Atomics.load(claims, i) === 0) free.push(i);
  return free;
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
 * ever holds one part; a part the other writer took is skipped. Parts are independent folders, so two writers
 * (two threads, two Pagefind processes) can fill one staging folder. `parts` is emptied as it goes (each
 * part's records are let go once Pagefind has them).
 */
export async function writeParts({ parts, staging, turn: shared, claims }: IndexJob): Promise<IndexResult> {
  const taken = claims && new Int32Array(claims.parts);
  const turn = shared && (!claims || claims.writer === 1 || claims.inTurns) ? new Int32Array(shared) : undefined;
  const stages = { records: 0, writing: 0 };
  let indexed = 0;
  let written = 0;
  try {
    for (let i = 0; i < parts.length; i++) {
      const { index: n, records: given } = parts[i]!;
      parts[i] = { index: n, records: [] };
      if (taken && !claimPart(taken, n, claims.writer)) continue;
      const records = typeof given === "function" ? given() : given;
      const index = await createIndex(claims?.writer ?? 1);
      let started = performance.now();
      const added = await Promise.all(records.map((record) => index.addHTMLFile({ url: record.url, content: record.html })));
      stages.records += performance.now() - started;
      const failure = pagefindFailure("index the papers", added.flatMap((r) => r.errors));
      if (failure) throw failure;
      const outputPath = path.join(staging, partDir(n + 1));
      const giveBack = turn ? await takeTurn(turn) : () => {};
      started = performance.now();
      let result: Awaited<ReturnType<typeof index.writeFiles>>;
      try {
        result = await index.writeFiles({ outputPath });
        // A fresh Pagefind process for the next part: one that indexed a part keeps most of its memory, so the
        // turn is given back once this one is closed.
        await pagefind.close();
      } finally {
        giveBack();
      }
      stages.writing += performance.now() - started;
      const writeFailure = pagefindFailure(`write ${outputPath}`, result.errors);
      if (writeFailure) throw writeFailure;
      indexed += indexedPageCount(JSON.parse(await readFile(path.join(outputPath, "pagefind-entry.json"), "utf8")));
      written++;
    }
  } finally {
    await pagefind.close();
  }
  return { indexed, written, stages };
}

/**
 * The second writer (see IndexJob.claims): writeParts, and should it fail, the first takes no further part, as the
 * build fails with this writer's error. The turn stays as it is: this writer gave it back on its way out, and the
 * first may hold it.
 */
export function writePartsAsSecond(job: IndexJob): Promise<IndexResult> {
  const writing = writeParts(job);
  writing.catch(() => {
    if (job.claims) refuseParts(new Int32Array(job.claims.parts));
  });
  return writing;
}

/**
 * Makes the staging folder the bundle: the dev server keeps serving the previous index while the next one is
 * written, and no part of an earlier, longer list survives.
 */
export async function publishIndex(bundle: string): Promise<void> {
  const previous = path.join(path.dirname(bundle), `.${path.basename(bundle)}-previous`);
  await rm(previous, { recursive: true, force: true });
  await rename(bundle, previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(stagingDir(bundle), bundle);
  await rm(previous, { recursive: true, force: true });
}

/** The whole index by one writer, on this thread: an empty staging folder, every part, then published. */
export async function writeSearchIndex(parts: SearchRecord[][], bundle: string): Promise<IndexResult> {
  const staging = stagingDir(bundle);
  await rm(staging, { recursive: true, force: true });
  const result = await writeParts({ parts: parts.map((records, index) => ({ index, records })), staging });
  await publishIndex(bundle);
  return result;
}

/** A Pagefind process for `writer`'s next part, bound to a CPU of its own (src/runtime/affinity.ts). */
async function createIndex(writer: number): Promise<pagefind.PagefindIndex> {
  let created: pagefind.NewIndexResponse;
  try {
    // Pagefind's Node API starts its process within this call, before its first await.
    created = await startedOnOneCpu(writer, () => pagefind.createIndex({}));
  } catch (error) {
    throw new ShelfmarkError(PLUGIN, `Pagefind could not start: ${(error as Error).message}. Fix: reinstall with npm ci (Pagefind's binary is an optional dependency: do not install with --omit=optional)`);
  }
  const failure = pagefindFailure("create an index", created.errors);
  if (failure || !created.index) throw failure ?? new ShelfmarkError(PLUGIN, "Pagefind created no index");
  return created.index;
}
