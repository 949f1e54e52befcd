import path from "node:path";
import type { WithContext } from "../context.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import type { ListedPaper } from "./library.ts";
import { paperUrl } from "../util/urls.ts";
import { arxivUrl, doiUrl, excerpt, readableDate, shortAuthors, statusLabel } from "../util/format.ts";
import { latin1Html } from "../runtime/latin1.ts";
import { paginate, type ListPage } from "../lists/paginate.ts";
import { prefixedLinks } from "../site/path-prefix.ts";
import { pagesWrittenAside } from "../site/pages.ts";
import { ShelfmarkError } from "../errors.ts";
import { plural } from "../util/plural.ts";
import { writePages, type Nunjucks } from "./pages.ts";
import { PapersWatcher, pollingRequested } from "./watch.ts";

/** Paper pages and the paginated home list; the library itself is the build context's (src/context.ts). */
export function papersPlugin(eleventyConfig: EleventyConfig, options: WithContext): void {
  const { ctx } = options;
  const dir = ctx.papersDir;
  const get = () => ctx.library();
  // The home, tag and status lists and the paper's own meta tags cut the same abstracts again and again:
  // each one is cut once per build and length.
  const excerpts = new Map<number, Map<string, string>>();
  eleventyConfig.on("eleventy.before", () => {
    excerpts.clear();
  });

  // Paper files are data, not templates: one schema reads them, one template renders them. The dev server learns
  // of their changes from shelfmark's own watcher of the folder (src/papers/watch.ts).
  eleventyConfig.ignores.add(`${dir}/**`);
  const watcher = new PapersWatcher(dir);
  const polling = pollingRequested();
  if (polling) {
    eleventyConfig.addWatchTarget(dir);
  } else {
    // Eleventy's watcher would otherwise watch the folder as part of the templates' glob.
    eleventyConfig.watchIgnores.add(`${dir}/**`);
    eleventyConfig.addWatchTarget(watcher.signal);
    eleventyConfig.on("eleventy.before", ({ runMode }: { runMode?: string }) => {
      if (runMode === "watch" || runMode === "serve") watcher.start();
    });
  }
  // Eleventy waits until a saved file has not changed for 150 ms before it rebuilds; editors write a paper file
  // in one go, so waiting 50 ms gives a tenth of a second back to the dev loop.
  eleventyConfig.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } });

  // Frozen: Eleventy shares a frozen object with every page instead of copying it and proxying each lookup.
  eleventyConfig.addGlobalData("library", async () => Object.freeze(await get()));
  eleventyConfig.addGlobalData("homePages", async () => paginate((await get()).papers, ctx.settings().perPage, "/"));

  // The dev server rebuilds every page on each save: it renders the papers whose files just changed first, so
  // the page being edited shows its change without waiting for a thousand others (a production build, and any
  // build without changed paper files, renders them in the list's order).
  let changed = new Set<string>();
  eleventyConfig.on("eleventy.beforeWatch", (files: string[]) => {
    const papersDir = path.resolve(dir);
    const seen = files.map((f) => path.resolve(f)).filter((f) => path.dirname(f) === papersDir && f.endsWith(".md"));
    changed = new Set([...seen.map((f) => path.basename(f, ".md")), ...(files.some((f) => watcher.isSignal(f)) ? watcher.take() : [])]);
    // Eleventy names the signal file it saw change; the person wants the papers.
    if (changed.size > 0) console.log(`[shelfmark:papers] changed: ${[...changed].map((slug) => `${dir}/${slug}.md`).join(", ")}`);
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

  // Paper pages are written by shelfmark's own step (src/papers/pages.ts), in Eleventy's Nunjucks environment,
  // from the render of one virtual template that Eleventy itself writes nowhere: its data is every page's data.
  let nunjucks: Nunjucks | undefined;
  eleventyConfig.on("eleventy.engine.njk", ({ nunjucks: library, environment }: { nunjucks: { Template: Nunjucks["Template"] }; environment: unknown }) => {
    nunjucks = { environment, Template: library.Template };
  });
  let outputMode = "fs";
  eleventyConfig.on("eleventy.before", (args: { outputMode?: string }) => {
    outputMode = args.outputMode ?? "fs";
  });
  const paperTemplate = "shelfmark/paper.njk";
  // The paper layout writes its links with the path prefix (src/site/path-prefix.ts): the transform skips every paper page.
  const paperData = { layout: "layouts/paper.njk", ...prefixedLinks(ctx, paperTemplate), eleventyExcludeFromCollections: true };
  eleventyConfig.addTemplate(
    "shelfmark/paper-pages.11ty.js",
    async (data: Record<string, unknown> & { paperPages: ListedPaper[] }) => {
      // --to=json or ndjson: Eleventy writes no page, and this step writes none either.
      if (outputMode !== "fs") return "";
      if (!nunjucks) throw new ShelfmarkError("papers", "Eleventy's Nunjucks environment was never announced (eleventy.engine.njk): paper pages cannot be rendered");
      const { input, includes, output } = eleventyConfig.directories;
      const { permalink: _permalink, page: _page, ...shared } = data;
      const aside = pagesWrittenAside(ctx);
      const written = await writePages({
        nunjucks,
        layoutFile: path.join(includes, paperData.layout),
        shared: { ...shared, ...paperData },
        inputPath: `./${path.join(input, paperTemplate)}`,
        transforms: eleventyConfig.transforms as Parameters<typeof writePages>[0]["transforms"],
        entries: (function* () {
          for (const paper of data.paperPages) {
            // In the dev server, a paper saved again while this build writes the pages of a long list makes the
            // rest of them moot: the next build, already on its way, writes every page again.
            if (watcher.pending) return;
            const url = paperUrl(paper.slug);
            yield { url, outputPath: path.join(output, url, "index.html"), data: { paper } };
          }
        })(),
        onWritten: (page) => aside.push(page),
      });
      // Eleventy's own "Wrote N files" counts only what it wrote: say how many more there are.
      if (written > 0) console.log(`[shelfmark:papers] wrote ${plural(written, "paper page")} (not in Eleventy's count of files written)`);
      return "";
    },
    // Lists come from the library, never from Eleventy's collections (docs/performance.md).
    { permalink: false, eleventyExcludeFromCollections: true },
  );
  eleventyConfig.addTemplate("shelfmark/home.njk", "", {
    layout: "layouts/home.njk",
    ...prefixedLinks(ctx, "shelfmark/home.njk"),
    pagination: { data: "homePages", size: 1, alias: "listPage" },
    permalink: (data: { listPage: ListPage<ListedPaper> }) => data.listPage.url,
    navSection: "papers",
  });
}
