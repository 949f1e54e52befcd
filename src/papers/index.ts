import path from "node:path";
import type { EleventyConfig } from "../eleventy-types.ts";
import { arxivUrl, doiUrl, excerpt, readableDate, shortAuthors, statusLabel } from "../util/format.ts";
import { buildLibrary, loadPapers, type Library, type ListedPaper } from "./library.ts";
import { latin1Html } from "../runtime/latin1.ts";
import { renderNotes } from "../site/markdown.ts";
import { paginate, type ListPage } from "../lists/paginate.ts";
import { prefixedLinks } from "../site/path-prefix.ts";
import { loadSettings } from "../site/settings.ts";
import { timeStage } from "../runtime/timings.ts";

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

/** Loads, validates and emits the papers: one page per paper and the paginated home list. */
export function papersPlugin(eleventyConfig: EleventyConfig, options: PapersPluginOptions = {}): void {
  const dir = options.dir ?? "content/papers";
  const settingsFile = options.settingsFile ?? "content/site.yaml";

  let current: Promise<Library> | undefined;
  // The dev server rebuilds on every save: notes that did not change are not rendered again. Only the last
  // build's notes are kept, so the cache never outgrows the list.
  let notesCache = new Map<string, string>();
  const load = async (): Promise<Library> => {
    const includeDrafts = options.includeDrafts ?? (process.env.ELEVENTY_RUN_MODE ?? "build") !== "build";
    // Problems in the files stop the build as one InvalidContentError, which Eleventy prints once (src/errors.ts).
    const papers = await timeStage("load and validate", () => loadPapers({ dir: path.resolve(dir), plugin: PLUGIN }));
    const previous = notesCache;
    notesCache = new Map();
    const cachedNotes = (markdown: string) => {
      const html = previous.get(markdown) ?? renderNotes(markdown);
      notesCache.set(markdown, html);
      return html;
    };
    return await timeStage("library (order, tags, notes)", () => buildLibrary(papers, { includeDrafts, renderNotes: cachedNotes, plugin: PLUGIN }));
  };
  const get = () => (current ??= load());
  stores.set(eleventyConfig, get);
  // The home, tag and status lists and the paper's own meta tags cut the same abstracts again and again:
  // each one is cut once per build and length.
  const excerpts = new Map<number, Map<string, string>>();
  eleventyConfig.on("eleventy.before", () => {
    current = undefined;
    excerpts.clear();
  });

  // Paper files are data, not templates: one schema reads them, one template renders them.
  eleventyConfig.ignores.add(`${dir}/**`);
  eleventyConfig.addWatchTarget(dir);
  // Eleventy waits until a saved file has not changed for 150 ms before it rebuilds; editors write a paper file
  // in one go, so waiting 50 ms gives a tenth of a second back to the dev loop.
  eleventyConfig.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } });

  // Frozen: Eleventy shares a frozen object with every page instead of copying it and proxying each lookup.
  eleventyConfig.addGlobalData("library", async () => Object.freeze(await get()));
  eleventyConfig.addGlobalData("homePages", async () => paginate((await get()).papers, loadSettings(settingsFile).perPage, "/"));

  // The dev server rebuilds every page on each save: it renders the papers whose files just changed first, so
  // the page being edited shows its change without waiting for a thousand others (a production build, and any
  // build without changed paper files, renders them in the list's order).
  let changed = new Set<string>();
  eleventyConfig.on("eleventy.beforeWatch", (files: string[]) => {
    const papersDir = path.resolve(dir);
    changed = new Set(files.map((f) => path.resolve(f)).filter((f) => path.dirname(f) === papersDir && f.endsWith(".md")).map((f) => path.basename(f, ".md")));
  });
  // The dev server answers requests on the same thread, and Eleventy renders page after page without giving
  // it a turn: the edited page, written early, could only be seen once all the others were. Each page now lets
  // waiting requests in before the next one.
  let serving = false;
  eleventyConfig.on("eleventy.before", ({ runMode }) => {
    serving = runMode === "serve";
  });
  eleventyConfig.addTransform("shelfmark-dev-server-turn", async (content: string) => {
    if (serving) await new Promise((resolve) => setImmediate(resolve));
    return content;
  });
  eleventyConfig.addGlobalData("paperPages", async () => {
    const { papers } = await get();
    if (changed.size === 0) return papers;
    return [...papers.filter((p) => changed.has(p.slug)), ...papers.filter((p) => !changed.has(p.slug))];
  });

  eleventyConfig.addFilter("readableDate", readableDate);
  eleventyConfig.addFilter("excerpt", (text: string | undefined, max = 240) => {
    if (!text) return excerpt(text, max);
    let byText = excerpts.get(max);
    if (!byText) excerpts.set(max, (byText = new Map()));
    let cut = byText.get(text);
    if (cut === undefined) byText.set(text, (cut = excerpt(text, max)));
    return cut;
  });
  eleventyConfig.addFilter("statusLabel", statusLabel);
  eleventyConfig.addFilter("latin1Html", latin1Html);
  eleventyConfig.addFilter("shortAuthors", shortAuthors);
  eleventyConfig.addFilter("arxivUrl", arxivUrl);
  eleventyConfig.addFilter("doiUrl", doiUrl);

  eleventyConfig.addTemplate("shelfmark/paper.njk", "", {
    layout: "layouts/paper.njk",
    // The paper layout writes its links with the path prefix (src/site/path-prefix.ts): the transform skips 10,000 pages.
    ...prefixedLinks(eleventyConfig, "shelfmark/paper.njk"),
    pagination: { data: "paperPages", size: 1, alias: "paper" },
    // Lists come from the library, never from Eleventy's collections: 10,000 pages left out of `collections.all`
    // save Eleventy building and sorting it (about a second of CPU at 10,000 papers).
    eleventyExcludeFromCollections: true,
    // A function, not a template string: rendering a string permalink costs a template render per paper.
    permalink: (data: { paper: ListedPaper }) => `/papers/${data.paper.slug}/`,
  });
  eleventyConfig.addTemplate("shelfmark/home.njk", "", {
    layout: "layouts/home.njk",
    ...prefixedLinks(eleventyConfig, "shelfmark/home.njk"),
    pagination: { data: "homePages", size: 1, alias: "listPage" },
    permalink: (data: { listPage: ListPage<ListedPaper> }) => data.listPage.url,
    navSection: "papers",
  });
}
