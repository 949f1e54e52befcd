// Pages that shelfmark writes itself, inside Eleventy's build: the paper pages and the paginated lists (home, tags,
// statuses). Eleventy keeps every page it renders until the build ends and makes a copy of the data and a template
// for each paginated page before it renders the first one: for a long list, most of the build's memory and much
// of its time (docs/performance.md). Each kind of page is one virtual template that Eleventy renders once and that
// writes nothing of its own: its render writes the pages one after another (src/site/write-pages.ts), with
// Eleventy's Nunjucks environment, layouts, global data and transforms, and holds none of them once written.
import path from "node:path";
import type { BuildContext } from "../context.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import { ShelfmarkError } from "../errors.ts";
import { startFileWriter, type FileWriter } from "../runtime/file-writer.ts";
import { pagesWrittenAside } from "./pages.ts";
import { writePages, type Nunjucks, type PageEntry } from "./write-pages.ts";

/** One page to write: its URL (`/tags/llm/page/2/`) and the data it has besides the shared data. */
export interface AsidePage {
  url: string;
  data: Record<string, unknown>;
}

export interface PagesAside<Data> {
  /** Whose pages they are, for messages: `papers` gives `[shelfmark:papers]`. */
  plugin: string;
  /** The virtual template the pages stand for, `shelfmark/home.njk`: their `page.inputPath` (see prefixedLinks). */
  template: string;
  /** The layout, in the includes folder: `layouts/home.njk`. */
  layout: string;
  /** What every one of these pages has besides the global data: `navSection`, `prefixedLinks`. */
  data: Record<string, unknown>;
  /** What the log calls one page: `paper page`. */
  noun: string;
  /** The pages in the order they are written, from the global data; the writing stops where the iterable ends, or once a newer build is on its way (ctx.superseded). */
  pages: (data: Data) => Iterable<AsidePage>;
}

/** Adds a kind of page that shelfmark writes itself (see above); written only when Eleventy writes files. */
export function addPagesAside<Data extends Record<string, unknown>>(eleventyConfig: EleventyConfig, ctx: BuildContext, aside: PagesAside<Data>): void {
  ctx.acrossBuilds("aside: content checked first", () => checkContentFirst(eleventyConfig, ctx));
  let nunjucks: Nunjucks | undefined;
  eleventyConfig.on("eleventy.engine.njk", ({ nunjucks: library, environment }: { nunjucks: { Template: Nunjucks["Template"] }; environment: unknown }) => {
    nunjucks = { environment, Template: library.Template };
  });
  let outputMode = "fs";
  eleventyConfig.on("eleventy.before", (args: { outputMode?: string }) => {
    outputMode = args.outputMode ?? "fs";
  });
  eleventyConfig.addTemplate(
    aside.template.replace(/\.[^./]+$/, "-pages.11ty.js"),
    async (globalData: Data) => {
      // --to=json or ndjson: Eleventy writes no page, and this step writes none either.
      if (outputMode !== "fs") return "";
      if (!nunjucks) throw new ShelfmarkError(aside.plugin, "Eleventy's Nunjucks environment was never announced (eleventy.engine.njk): pages cannot be rendered");
      const { input, includes, output } = eleventyConfig.directories;
      const { permalink: _permalink, page: _page, ...shared } = globalData;
      const written = pagesWrittenAside(ctx);
      await writePages({
        plugin: aside.plugin,
        nunjucks,
        layoutFile: path.join(includes, aside.layout),
        shared: { ...shared, layout: aside.layout, ...aside.data, eleventyExcludeFromCollections: true },
        inputPath: `./${path.join(input, aside.template)}`,
        transforms: eleventyConfig.transforms as Parameters<typeof writePages>[0]["transforms"],
        entries: asideEntries(aside.pages(globalData), output, () => ctx.superseded()),
        writer: pageWriter(ctx),
        onWritten: (page) => written.push({ ...page, noun: aside.noun }),
      });
      return "";
    },
    // Lists come from the library, never from Eleventy's collections (docs/performance.md).
    { permalink: false, eleventyExcludeFromCollections: true },
  );
}

/**
 * In the dev server, the content every page's data comes from (settings, taxonomy, papers and their note links) is
 * loaded and checked before Eleventy starts on its templates, and its problems stop the build there. Eleventy's
 * `--incremental` (`npm start`) cannot come back from a build that failed in the global data: a rebuild forgets
 * each template's renderer (TemplateWriter `_addToTemplateMapIncrementalBuild`, `resetCaches`), which is made again
 * only after the global data (Template `#getData`), so a template whose global data failed keeps none, and every
 * later rebuild stops at it ("`templateRender` has not yet initialized on ./content/shelfmark/paper-pages.11ty.js")
 * until a restart. Failing before the templates leaves them as the last good build left them. The content is
 * loaded at that point anyway (the related papers start from it, src/related/index.ts); a production build, which
 * has no next build, is left as it was.
 */
function checkContentFirst(eleventyConfig: EleventyConfig, ctx: BuildContext): true {
  eleventyConfig.on("eleventy.before", async ({ runMode, outputMode }) => {
    if (runMode === "build" || (outputMode && outputMode !== "fs")) return;
    ctx.site();
    ctx.taxonomy();
    await ctx.library();
  });
  return true;
}

/**
 * The thread that writes the pages of every kind (src/runtime/file-writer.ts), kept from one build to the next
 * (the dev server's); a new one once it has stopped (a file it could not write ends it).
 */
function pageWriter(ctx: BuildContext): FileWriter {
  const kept = ctx.acrossBuilds("pages: file writer", (): { writer?: FileWriter } => ({}));
  if (!kept.writer || kept.writer.stopped) kept.writer = startFileWriter();
  return kept.writer;
}

/**
 * Each page where Eleventy would write it (`/tags/llm/` → `<output>/tags/llm/index.html`), made only when the
 * writer is ready for it; none once `superseded()` says a newer build is on its way (the dev server), which
 * writes every page again.
 */
export function* asideEntries(pages: Iterable<AsidePage>, output: string, superseded: () => boolean): Generator<PageEntry> {
  const iterator = pages[Symbol.iterator]();
  while (!superseded()) {
    const next = iterator.next();
    if (next.done) return;
    const { url, data } = next.value;
    yield { url, outputPath: path.join(output, url, "index.html"), data };
  }
}
