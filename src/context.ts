// The build context: made once in eleventy.config.ts and handed to every plugin as its `ctx` option. It holds
// what several plugins need from one build (the settings, the library, the taxonomy, the tag summaries), made
// once per build on first use and forgotten when the next build starts; the stage timings; and the few things
// one plugin tells another (which templates write their own path prefix, when the output folder is emptied,
// whether a newer build is on its way).
// No plugin finds another through a registry, and none depends on being added after another.
// Modelled on Quartz's BuildCtx. See docs/architecture.md, "The build context".
import path from "node:path";
import type { EleventyConfig } from "./eleventy-types.ts";
import { buildLibrary, loadPaperFiles, withNotes, type Library } from "./papers/library.ts";
import { DEFAULT_TAXONOMY_FILE, descriptionsByKey, loadTaxonomy, type TaxonomyTag } from "./papers/taxonomy.ts";
import { summariseTags, type TagSummary } from "./lists/tag-pages.ts";
import { Timings } from "./runtime/timings.ts";
import { renderNotes, type NotesEnv } from "./site/markdown.ts";
import { InvalidContentError, type Problem } from "./errors.ts";
import { checkNotes, LinkIndex, linkProblems, mayHoldLinks, type FoundLink, type LinkProblem } from "./links/index.ts";
import { MathRenderer } from "./math/tex.ts";
import type { NotesErrors } from "./math/warnings.ts";
import type { Paper } from "./papers/schema.ts";
import { loadSettings, resolveLocation, type Site, type SiteSettings } from "./site/settings.ts";

export interface BuildContextOptions {
  /** Folder of paper files, relative to the project root. */
  papersDir?: string;
  /** The site settings file. */
  settingsFile?: string;
  /** The taxonomy (tag descriptions and match phrases). */
  taxonomyFile?: string;
  /** Include `draft: true` papers; by default only the dev server (watch/serve) does. */
  includeDrafts?: boolean;
}

export class BuildContext {
  readonly papersDir: string;
  readonly settingsFile: string;
  readonly taxonomyFile: string;
  readonly timings = new Timings();
  /**
   * Virtual templates whose pages write every link with the path prefix already (src/site/path-prefix.ts
   * `prefixedLinks`): the path-prefix transform leaves their pages alone.
   */
  readonly prefixedTemplates = new Set<string>();

  private readonly options: BuildContextOptions;
  private readonly cache = new Map<string, unknown>();
  private readonly lasting = new Map<string, unknown>();
  /** Notes rendered by the last build, by their markdown: the dev server renders only the notes that changed. */
  private notesCache = new Map<string, RenderedNotes>();
  private emptied = deferred();
  private cleaning = false;
  private newerBuild: () => boolean = () => false;

  constructor(
    private readonly eleventyConfig: EleventyConfig,
    options: BuildContextOptions = {},
  ) {
    this.options = options;
    this.papersDir = options.papersDir ?? "content/papers";
    this.settingsFile = options.settingsFile ?? "content/site.yaml";
    this.taxonomyFile = options.taxonomyFile ?? DEFAULT_TAXONOMY_FILE;
    // Added before any plugin's handler (plugins run after the configuration function): each build starts afresh.
    eleventyConfig.on("eleventy.before", () => {
      this.cache.clear();
      this.emptied = deferred();
      if (!this.cleaning) this.emptied.resolve();
    });
  }

  /**
   * `make()`'s value, made once and kept for every later build of this process (the dev server's rebuilds): what a
   * plugin keeps from one build to the next (src/cite/memo.ts), which it must check against the build in hand.
   */
  acrossBuilds<T>(key: string, make: () => T): T {
    if (!this.lasting.has(key)) this.lasting.set(key, make());
    return this.lasting.get(key) as T;
  }

  /**
   * `make()`'s value, made once per build. When `make` throws nothing is kept, and the next caller tries again;
   * a promise is kept as it is, so a rejected one gives every caller in this build the same error.
   */
  once<T>(key: string, make: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = make();
    this.cache.set(key, value);
    return value;
  }

  /** The settings file, read and checked once per build. */
  settings(): SiteSettings {
    return this.once("settings", () => loadSettings(this.settingsFile));
  }

  /** The settings plus where the site is published (`SITE_URL`, `PATH_PREFIX`, `--pathprefix`). */
  site(): Site {
    return this.once("site", () => {
      const { origin, pathPrefix } = resolveLocation(process.env, this.eleventyConfig.pathPrefix);
      return { ...this.settings(), origin, pathPrefix, baseUrl: origin + pathPrefix };
    });
  }

  /** The taxonomy, read and checked once per build. */
  taxonomy(): TaxonomyTag[] {
    return this.once("taxonomy", () => loadTaxonomy(this.taxonomyFile));
  }

  /** The papers, loaded, validated and ordered once per build (src/papers/library.ts). */
  library(): Promise<Library> {
    return this.once("library", () => this.loadLibrary());
  }

  /**
   * Math (src/math/): the build's renderer, whose cache every page shares, and the formulas of each paper's notes
   * that it rejected (by slug), for the warnings printed after the build.
   */
  math(): { renderer: MathRenderer; notesErrors: Map<string, NotesErrors> } {
    return this.once("math", () => ({ renderer: new MathRenderer(), notesErrors: new Map<string, NotesErrors>() }));
  }

  /** Every tag with its description and feed titles, in the order of `library().tags`: the tag pages and the feeds. */
  tagSummaries(): Promise<TagSummary[]> {
    return this.once("tagSummaries", async () => summariseTags((await this.library()).tags, descriptionsByKey(this.taxonomy()), this.site().title));
  }

  /**
   * Settles once this build's output folder has been emptied (at once where nothing empties it): a plugin that
   * writes into the output folder from an `eleventy.before` handler of its own (the search index) waits for it.
   */
  outputEmptied(): Promise<void> {
    return this.emptied.promise;
  }

  /**
   * Whether a newer build is already on its way (the dev server saw a paper saved again while this one runs): the
   * pages this build has still to write are moot, as the next one writes them all (src/site/aside.ts stops).
   */
  superseded(): boolean {
    return this.newerBuild();
  }

  /** For the plugin that learns of saves (src/papers/index.ts, its watcher of the papers folder). */
  supersededWhen(check: () => boolean): void {
    this.newerBuild = check;
  }

  /** For the plugin that empties the output folder (src/site/clean.ts): it will say when, each build. */
  willEmptyOutput(): (emptied: Promise<void>) => void {
    this.cleaning = true;
    return (emptied) => emptied.then(this.emptied.resolve, this.emptied.resolve);
  }

  private async loadLibrary(): Promise<Library> {
    const plugin = "papers";
    const includeDrafts = this.options.includeDrafts ?? (process.env.ELEVENTY_RUN_MODE ?? "build") !== "build";
    const loaded = await this.timings.time("load and validate", () => loadPaperFiles({ dir: path.resolve(this.papersDir) }));
    const papers = loaded.papers;
    if (loaded.problems.length > 0) {
      // Problems in the files stop the build as one InvalidContentError, which Eleventy prints once (src/errors.ts).
      // It lists the other files' links to no paper too, so that one run shows every problem; a link to a file with
      // problems is none of them (the file is there, and the link names it).
      // The files with problems too: the links of their notes are checked in the same run.
      const index = new LinkIndex([...papers, ...loaded.unfinished], { includeDrafts });
      const { renderer } = this.math();
      const linksToNothing = [...papers, ...withNotes(loaded.unfinished)].flatMap((paper) => (!includeDrafts && paper.draft ? [] : checkNotes(paper, index, renderer).problems));
      throw new InvalidContentError(plugin, [...loaded.problems, ...linksToNothing]);
    }
    const previous = this.notesCache;
    this.notesCache = new Map();
    const math = this.math();
    // Notes that link to papers depend on the whole list: made only when some note may hold a link.
    let index: LinkIndex | undefined;
    const links = () => (index ??= new LinkIndex(papers, { includeDrafts }));
    const problems: Problem[] = [];
    const cachedNotes = (markdown: string, paper: Paper) => {
      const linking = mayHoldLinks(markdown);
      // A note with links is rendered again when any paper's title, authors, ids or key could have changed (and
      // its messages name its own paper).
      const key = linking ? `${paper.slug}\u0000${markdown}\u0000${links().signature()}` : markdown;
      let notes = previous.get(key);
      if (!notes) {
        const env: NotesEnv = { mathRenderer: math.renderer, linkResolver: linking ? links() : undefined, from: paper.slug, titleHtml: (title) => math.renderer.textHtml(title) };
        const html = renderNotes(markdown, env);
        notes = { html, links: env.links ?? [], mathErrors: env.mathErrors ?? [], linkProblems: env.linkProblems ?? [] };
      }
      this.notesCache.set(key, notes);
      if (notes.mathErrors.length > 0) math.notesErrors.set(paper.slug, notes.mathErrors);
      problems.push(...linkProblems(paper, notes.linkProblems));
      return notes;
    };
    const library = await this.timings.time("library (order, tags, notes)", () => buildLibrary(papers, { includeDrafts, renderNotes: cachedNotes, plugin }));
    // Every link to no paper, of every file, in one message (printed once, src/errors.ts).
    if (problems.length > 0) throw new InvalidContentError("links", problems);
    return library;
  }
}

/** A render of one paper's notes, kept for the next build of the dev server. */
interface RenderedNotes {
  html: string;
  links: FoundLink[];
  mathErrors: NotesErrors;
  linkProblems: LinkProblem[];
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The option every shelfmark plugin takes. */
export interface WithContext {
  ctx: BuildContext;
}
