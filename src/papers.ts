import path from "node:path";
import type { EleventyConfig } from "./eleventy-types.ts";
import { InvalidContentError, ShelfmarkError } from "./errors.ts";
import { arxivUrl, doiUrl, excerpt, readableDate, shortAuthors, statusLabel } from "./format.ts";
import { buildLibrary, loadPapers, type Library, type ListedPaper } from "./library.ts";
import { renderNotes } from "./markdown.ts";
import { paginate, type ListPage } from "./paginate.ts";
import { loadSettings } from "./site.ts";
import { timeStage } from "./timings.ts";

export interface PapersPluginOptions {
  /** Folder of paper files, relative to the project root. */
  dir?: string;
  /** Site settings file, for the number of papers per page. */
  settingsFile?: string;
  /** Include `draft: true` papers; by default only the dev server (watch/serve) does. */
  includeDrafts?: boolean;
}

const PLUGIN = "papers";
const stores = new WeakMap<EleventyConfig, () => Promise<Library>>();

/**
 * The library of the build in progress, loaded once per build and shared by every plugin (tags, feeds,
 * search): papers are parsed and validated a single time however many plugins use them.
 */
export function libraryOf(eleventyConfig: EleventyConfig): () => Promise<Library> {
  const get = stores.get(eleventyConfig);
  if (!get) throw new Error(`[shelfmark:${PLUGIN}] add papersPlugin before the plugins that use the library`);
  return get;
}

function summary(error: InvalidContentError): string {
  const files = new Set(error.problems.map((p) => p.file)).size;
  return `${error.problems.length} problem${error.problems.length === 1 ? "" : "s"} in ${files} paper file${files === 1 ? "" : "s"}`;
}

/** Loads, validates and emits the papers: one page per paper and the paginated home list. */
export function papersPlugin(eleventyConfig: EleventyConfig, options: PapersPluginOptions = {}): void {
  const dir = options.dir ?? "content/papers";
  const settingsFile = options.settingsFile ?? "content/site.yaml";

  let current: Promise<Library> | undefined;
  const load = async (): Promise<Library> => {
    const includeDrafts = options.includeDrafts ?? (process.env.ELEVENTY_RUN_MODE ?? "build") !== "build";
    try {
      const papers = await timeStage("load and validate", () => loadPapers({ dir: path.resolve(dir), plugin: PLUGIN }));
      return await timeStage("library (order, tags, notes)", () => buildLibrary(papers, { includeDrafts, renderNotes, plugin: PLUGIN }));
    } catch (error) {
      if (!(error instanceof InvalidContentError)) throw error;
      // Eleventy repeats an error's message several times: print the list once, stop with a short line.
      console.error(error.message);
      throw new ShelfmarkError(PLUGIN, `the build stopped: ${summary(error)} (listed above).`);
    }
  };
  const get = () => (current ??= load());
  stores.set(eleventyConfig, get);
  eleventyConfig.on("eleventy.before", () => {
    current = undefined;
  });

  // Paper files are data, not templates: one schema reads them, one template renders them.
  eleventyConfig.ignores.add(`${dir}/**`);
  eleventyConfig.addWatchTarget(dir);

  eleventyConfig.addGlobalData("library", get);
  eleventyConfig.addGlobalData("homePages", async () => paginate((await get()).papers, loadSettings(settingsFile).perPage, "/"));

  eleventyConfig.addFilter("readableDate", readableDate);
  eleventyConfig.addFilter("excerpt", excerpt);
  eleventyConfig.addFilter("statusLabel", statusLabel);
  eleventyConfig.addFilter("shortAuthors", shortAuthors);
  eleventyConfig.addFilter("arxivUrl", arxivUrl);
  eleventyConfig.addFilter("doiUrl", doiUrl);

  eleventyConfig.addTemplate("shelfmark/paper.njk", "", {
    layout: "layouts/paper.njk",
    pagination: { data: "library.papers", size: 1, alias: "paper" },
    // A function, not a template string: rendering a string permalink costs a template render per paper.
    permalink: (data: { paper: ListedPaper }) => `/papers/${data.paper.slug}/`,
  });
  eleventyConfig.addTemplate("shelfmark/home.njk", "", {
    layout: "layouts/home.njk",
    pagination: { data: "homePages", size: 1, alias: "listPage" },
    permalink: (data: { listPage: ListPage<ListedPaper> }) => data.listPage.url,
    navSection: "papers",
  });
}
