import { rmSync } from "node:fs";
import path from "node:path";
import type { EleventyConfig } from "../eleventy-types.ts";
import { ShelfmarkError, WorkerJobError } from "../errors.ts";
import { STATUS_LABELS } from "../util/format.ts";
import type { Library, ListedPaper } from "../papers/library.ts";
import { STATUSES } from "../papers/schema.ts";
import type { WithContext } from "../context.ts";
import { abandonParts, giveTurnBack, heldTurn, publishIndex, stagingDir, unclaimedFromTheEnd, writeParts, writePartsAsSecond, type IndexResult } from "./pagefind.ts";
import { addedYear, indexJob, partCount, recordPaper, type PapersJob } from "./records.ts";
import { stepBack } from "../runtime/priority.ts";
import { startWorker, type EarlyWorker } from "../runtime/worker.ts";
import { plural } from "../util/plural.ts";

const PLUGIN = "search";

export interface SearchPluginOptions {
  /** Folder of the index and of Pagefind's scripts, inside the output folder. */
  bundleDir?: string;
  /** URL of the search page. */
  permalink?: string;
  /**
   * Pagefind's ranking settings (https://pagefind.app/docs/ranking/), passed to the browser by the search page.
   * The default `pageLength: 0.1` (Pagefind's is 0.75) keeps long notes from pushing a paper down, so the
   * field weights decide: a word in a title beats tags and authors, which beat the abstract, which beats notes.
   */
  ranking?: SearchRanking;
  /** Papers per part of the index (see partCount); defaults to the site setting `searchPartSize`. */
  partSize?: number;
  /**
   * How much the main thread steps back while a production build writes the index: its nice value (0–19) for
   * the rendering, during which the index is the longer of the two jobs. Pagefind then has a core to itself
   * more often and finishes with the pages instead of seconds after them, while the pages take longer by less
   * than that (docs/performance.md has the measurements). Only for an index of more than one part: a list of one
   * part renders for longer than its index is written (see stepBackBy). Default 5; 0 leaves the priority alone.
   */
  renderNice?: number;
  /**
   * Bytes of memory (this process and its Pagefind processes) that a second Pagefind process may not take the
   * build past: started for the parts left once a production build's pages are written, and with the dev
   * server's index (see secondWriter). Default 1,450 MiB: the benchmark's target for 30,000 papers, 1,500 MiB,
   * less what this process still takes after the decision (the sitemap, the check of the output folder)
   * (docs/performance.md, "Two writers after the pages").
   */
  memoryBudget?: number;
}

export interface SearchRanking {
  pageLength?: number;
  termFrequency?: number;
  termSaturation?: number;
  termSimilarity?: number;
}

// ---- pure parts ----------------------------------------------------------------------------------

/** One value of a search filter, as the search page lists it before any query. */
export interface FilterOption {
  value: string;
  label: string;
  /** Papers with this value. */
  count: number;
}

/** Filter names are the ones the paper layout gives Pagefind (`data-pagefind-filter`). */
export interface SearchFilters {
  tag: FilterOption[];
  status: FilterOption[];
  year: FilterOption[];
  code: FilterOption[];
}

/**
 * The filters of the search page, from the same library the paper pages are rendered from, so that their
 * values are exactly those in the index: tag names, status keys, years added (newest first), has code.
 */
export function searchFilters(library: Pick<Library, "papers" | "tags">): SearchFilters {
  const years = new Map<string, number>();
  let withCode = 0;
  for (const paper of library.papers) {
    const year = addedYear(paper.added);
    years.set(year, (years.get(year) ?? 0) + 1);
    if (paper.code) withCode++;
  }
  const statusCounts = new Map<string, number>();
  for (const paper of library.papers) statusCounts.set(paper.status, (statusCounts.get(paper.status) ?? 0) + 1);
  return {
    tag: library.tags.map((t) => ({ value: t.name, label: t.name, count: t.papers.length })),
    status: STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s], count: statusCounts.get(s) ?? 0 })),
    year: [...years.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([y, count]) => ({ value: y, label: y, count })),
    code: [{ value: "yes", label: "Has code", count: withCode }],
  };
}

/**
 * The main thread's nice value while the index of `parts` parts is written (see SearchPluginOptions.renderNice):
 * `renderNice` when the index is the longer job, which it is from two parts on; 0 for an index of one part, one
 * Pagefind process that ends well before the pages, so the rendering is the longer job and stepping back only
 * delays it (docs/performance.md).
 */
export function stepBackBy(renderNice: number, parts: number): number {
  return parts > 1 ? renderNice : 0;
}

/** The error for an index that does not hold exactly one page per paper, with what to look at. */
export function countMismatch(indexed: number, papers: number, bundle: string): ShelfmarkError | undefined {
  if (indexed === papers) return undefined;
  const why =
    indexed < papers
      ? "Pagefind dropped some papers' records: run the build with a clean output folder, and report it with the list if it happens again"
      : "Pagefind indexed some papers twice: report it with the list";
  return new ShelfmarkError(PLUGIN, `the search index (${bundle}) holds ${plural(indexed, "page")} but the list has ${plural(papers, "paper")}: ${why}.`);
}

/**
 * What one Pagefind process holds, per paper of the part it writes: while it writes the part's files (its peak)
 * and before, while it holds the records; measured on parts of 2,000 synthetic papers (docs/performance.md,
 * "Two writers after the pages"), with a margin.
 */
export const PAGEFIND_BYTES_PER_PAPER = { writing: 170 * 1024, records: 40 * 1024 };

/**
 * Whether a second Pagefind process fits beside the first, given this process's memory now (`rss`, its worker
 * threads included) and parts of `partPapers` papers, within `budget` bytes: `alongside` when both can be at
 * their peak at once, `in turns` when only one may write its files at a time (the other holds its records
 * meanwhile), undefined when not even that fits.
 */
export function secondWriter(rss: number, partPapers: number, budget: number): "alongside" | "in turns" | undefined {
  const { writing, records } = PAGEFIND_BYTES_PER_PAPER;
  if (rss + 2 * writing * partPapers <= budget) return "alongside";
  if (rss + (writing + records) * partPapers <= budget) return "in turns";
  return undefined;
}

// ---- the plugin ------------------------------------------------------------------------------------


/**
 * Offline search. Each paper becomes one search record (searchRecordHtml); Pagefind's Node API indexes the
 * records in parts on a worker thread (src/search/pagefind.ts): in a production build from its start, while
 * Eleventy renders the pages; in the dev server once the pages are written. The new index replaces the old
 * one in the output folder when complete; the search page searches all its parts.
 */
export function searchPlugin(eleventyConfig: EleventyConfig, options: SearchPluginOptions & WithContext): void {
  const bundleDir = options.bundleDir ?? "pagefind";
  const permalink = options.permalink ?? "/search/";
  const { ctx } = options;
  const renderNice = options.renderNice ?? 5;
  const memoryBudget = options.memoryBudget ?? 1450 * 2 ** 20;
  const ranking: SearchRanking = options.ranking ?? { pageLength: 0.1 };
  const library = () => ctx.library();
  const settings = () => {
    const { language, searchPartSize } = ctx.settings();
    return { language, partSize: options.partSize ?? searchPartSize };
  };

  eleventyConfig.addGlobalData("searchFilters", async () => Object.freeze(searchFilters(await library())));
  eleventyConfig.addGlobalData("searchBundle", `/${bundleDir}/`);
  eleventyConfig.addGlobalData("searchParts", async () => partCount((await library()).papers.length, settings().partSize));
  eleventyConfig.addGlobalData("searchRanking", JSON.stringify(ranking));
  eleventyConfig.addTemplate("shelfmark/search.njk", "", {
    layout: "layouts/search.njk",
    permalink,
    navSection: "search",
    pageTitle: "Search",
    searchPage: true,
  });

  /** This build's index: started in eleventy.before, awaited (and its failure reported) in eleventy.after. */
  let indexing: Promise<Written> | undefined;
  /** In the dev server, the index waits for the pages: the page being edited shows sooner. */
  let startLater: (() => Promise<Written>) | undefined;
  /** In a production build, called once the pages are written: a second writer for the parts not yet started. */
  let helpWithTheRest: (() => void) | undefined;
  /**
   * The dev server's indexes, written one after another behind the builds: a save made while the index of a long
   * list is written (seconds after its pages) is built at once instead of after it. A build whose index has not
   * started when a later build begins leaves the writing to that one.
   */
  let behind: Promise<void> = Promise.resolve();
  let builds = 0;

  eleventyConfig.on("eleventy.before", ({ directories, outputMode, runMode }) => {
    builds++;
    indexing = startLater = helpWithTheRest = undefined;
    if (outputMode && outputMode !== "fs") return;
    const bundle = path.join(path.resolve(directories.output), bundleDir);
    const emptied = ctx.outputEmptied();
    const production = runMode === "build";
    // A production build starts the worker now: it loads its modules while this thread loads the papers.
    const early = production ? startWorker<IndexResult>(WORKER, PLUGIN) : undefined;
    const start = async (): Promise<Written> => {
      const staging = stagingDir(bundle);
      // The job goes to the worker in the same turn as the papers arrive: any wait here would put it behind the
      // other plugins' work on the papers, which keeps this thread busy for a second and more on a long list
      // (docs/performance.md). The writers wait for the turn to write into the staging folder (see takeTurn),
      // which this thread holds until the output folder is emptied and the staging folder with it: removed
      // synchronously, as an asynchronous removal would end only once this thread is idle again, after that work.
      const turn = heldTurn();
      const clearing = emptied.then(() => rmSync(staging, { recursive: true, force: true })).finally(() => giveTurnBack(new Int32Array(turn)));
      clearing.catch(() => {});
      const { papers } = await library();
      const { language, partSize } = settings();
      const parts = partCount(papers.length, partSize);
      // Who writes which part, shared by the two writers (see help).
      const claims = parts > 1 ? new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * parts) : undefined;
      // The first writer, a worker, is sent the papers' record fields and makes each part's records when it takes
      // the part; the second, on this thread, reads this thread's papers.
      const job = (indexes: readonly number[], writer: number, inTurns?: boolean): PapersJob => ({
        papers: writer === 1 ? papers.map(recordPaper) : papers,
        partSize,
        site: { language },
        indexes,
        staging,
        turn,
        claims: claims && { parts: claims, writer, inTurns },
      });
      let second: Promise<IndexResult> | undefined;
      let notHelped = 0;
      let inTurns = false;
      let firstOnThisThread = false;
      /** A second writer, on this thread, for the parts the first (a worker, in order) has not started, from the end. */
      const help = () => {
        if (helpWithTheRest === help) helpWithTheRest = undefined;
        const rest = claims && !firstOnThisThread ? unclaimedFromTheEnd(new Int32Array(claims)) : [];
        if (rest.length === 0) return;
        const how = secondWriter(process.memoryUsage.rss(), Math.min(partSize, papers.length), memoryBudget);
        if (!how) {
          notHelped = rest.length;
          return;
        }
        inTurns = how === "in turns";
        // This thread is idle by then: a worker thread would hold a heap of its own at the build's fullest moment.
        second = writePartsAsSecond(indexJob(job(rest, 2, inTurns)));
        second.catch(() => {});
      };
      const all = Array.from({ length: parts }, (_, index) => index);
      // Should the first writer's worker not start, it writes on this thread: after the second writer (both would
      // share this thread's Pagefind process), and no second writer starts after that.
      const firstHere = async () => {
        firstOnThisThread = true;
        await second?.catch(() => {});
      };
      const writing = indexOffThread(early ?? startWorker<IndexResult>(WORKER, PLUGIN), () => job(all, 1), early ? stepBackBy(renderNice, parts) : 0, firstHere);
      // A production build's pages take a core until they are written (eleventy.after calls it then); the dev
      // server writes its index once the pages are written.
      if (production) helpWithTheRest = help;
      else help();
      let first: IndexResult;
      try {
        // The turn is given back even when the staging folder could not be emptied: the build fails here, and a
        // writer waiting for the turn must not hang.
        await clearing;
        first = await writing;
      } catch (error) {
        // The second writer takes no further part and waits for no turn: the build has failed.
        if (claims) abandonParts(new Int32Array(claims), new Int32Array(turn));
        writing.catch(() => {});
        throw error;
      } finally {
        if (helpWithTheRest === help) helpWithTheRest = undefined;
      }
      const helped = second ? await second : undefined;
      await publishIndex(bundle);
      for (const result of [first, helped]) {
        if (!result) continue;
        ctx.timings.record("search index (records)", result.stages.records);
        ctx.timings.record("search index (writing)", result.stages.writing);
      }
      return { indexed: first.indexed + (helped?.indexed ?? 0), parts, helped: helped?.written ?? 0, inTurns, notHelped };
    };
    if (!production) {
      startLater = start;
      return;
    }
    indexing = start();
    // Awaited in eleventy.after; a build that fails before it must not also report an unhandled rejection.
    indexing.catch(() => {});
  });

  eleventyConfig.on("eleventy.after", async ({ directories, outputMode }) => {
    if (outputMode && outputMode !== "fs") return;
    const bundle = path.join(path.resolve(directories.output), bundleDir);
    const finish = async (index: () => Promise<Written>) => {
      const started = performance.now();
      const { papers } = await library();
      const { indexed, parts, helped, inTurns, notHelped } = await index();
      ctx.timings.record("search index (after the pages)", performance.now() - started);
      const mismatch = countMismatch(indexed, papers.length, path.relative(process.cwd(), bundle) || bundle);
      if (mismatch) throw mismatch;
      const second = helped
        ? ` (a second Pagefind process wrote ${helped} of its ${parts} parts${inTurns ? ", the two writing their files in turns to stay within the memory budget" : ""})`
        : notHelped
          ? ` (its last ${plural(notHelped, "part")} by one Pagefind process: a second would have taken the build past ${Math.round(memoryBudget / 2 ** 20)} MB)`
          : "";
      console.log(`[shelfmark:${PLUGIN}] indexed ${plural(papers.length, "paper")}; the index was finished ${Math.round(performance.now() - started)} ms after the pages${second}`);
    };
    // The pages are written and this thread is idle: parts of the index not yet started get a writer of their own.
    helpWithTheRest?.();
    const production = indexing;
    const later = startLater;
    indexing = startLater = undefined;
    if (production || !later) return finish(() => production ?? Promise.reject(new ShelfmarkError(PLUGIN, "the search index was never started")));
    const build = builds;
    behind = behind.then(() => {
      if (build !== builds) return;
      // The build has ended: Eleventy no longer reports this one's failure, so it is printed here.
      return finish(later).catch((error: Error) => console.error(error instanceof ShelfmarkError ? error.message : `[shelfmark:${PLUGIN}] ${error.stack ?? error.message}`));
    });
  });
}

/** What a build's index amounts to: pages indexed, parts, and parts the second writer wrote. */
interface Written {
  indexed: number;
  parts: number;
  helped: number;
  /** Whether the two wrote their files in turns (see secondWriter). */
  inTurns: boolean;
  /** Parts left when the pages were written that a second writer did not take, as memory did not allow it. */
  notHelped: number;
}

const WORKER = new URL("./worker.ts", import.meta.url);

/**
 * Writes the index on a worker thread, so that Pagefind's answers are not left waiting while Eleventy renders
 * (its rendering keeps the main thread busy for seconds at a time); on the main thread should the worker not
 * start (another TypeScript loader than tsx, say). With `nice` above 0, this thread runs at that nice value
 * until the index is written (see SearchPluginOptions.renderNice).
 */
async function indexOffThread(worker: EarlyWorker<IndexResult>, job: () => PapersJob, nice: number, beforeHere: () => Promise<void> = async () => {}): Promise<IndexResult> {
  // The job is made for the worker and not kept here: the worker gets a copy, and this thread's would stay
  // in memory until the index is written (tens of megabytes for a long list).
  const answering = worker.run(job());
  const restore = nice > 0 ? stepBack(nice) : () => {};
  try {
    const result = await answering;
    restore();
    return result;
  } catch (error) {
    restore();
    // The job failed on the worker (a WorkerJobError, the worker's error its cause): it would fail here too.
    if (error instanceof WorkerJobError) throw error;
    await beforeHere();
    return writeParts(indexJob(job()));
  }
}
