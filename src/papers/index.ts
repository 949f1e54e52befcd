import path from "node:path";
import type { WithContext } from "../context.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import type { ListedPaper } from "./library.ts";
import { paperUrl } from "../util/urls.ts";
import { arxivUrl, doiUrl, excerpt, readableDate, shortAuthors, statusLabel } from "../util/format.ts";
import { latin1Html } from "../runtime/latin1.ts";
import { formulaSpans } from "../math/tex.ts";
import { paginate, type ListPage } from "../lists/paginate.ts";
import { prefixedLinks } from "../site/path-prefix.ts";
import { addPagesAside } from "../site/aside.ts";
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
  // In the dev server, a paper saved again while this build writes the pages of a long list makes the rest of them
  // moot: the next build, already on its way, writes every page again (src/site/aside.ts).
  ctx.supersededWhen(() => watcher.pending);
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
    // The configuration read again while the server runs: the new plugins watch with a watcher of their own.
    eleventyConfig.on("eleventy.reset", () => watcher.close());
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
    if (cut === undefined) byText.set(text, (cut = excerpt(text, max, formulaSpans)));
    return cut;
  });
  eleventyConfig.addFilter("statusLabel", statusLabel);
  eleventyConfig.addFilter("latin1Html", latin1Html);
  eleventyConfig.addFilter("shortAuthors", shortAuthors);
  eleventyConfig.addFilter("arxivUrl", arxivUrl);
  eleventyConfig.addFilter("doiUrl", doiUrl);

  // Paper pages and the home list's pages are written by shelfmark's own step (src/site/aside.ts), not by
  // Eleventy, which would hold every one of them until the build ends.
  addPagesAside<{ paperPages: ListedPaper[] }>(eleventyConfig, ctx, {
    plugin: "papers",
    template: "shelfmark/paper.njk",
    layout: "layouts/paper.njk",
    // The paper layout writes its links with the path prefix (src/site/path-prefix.ts): the transform skips every paper page.
    data: prefixedLinks(ctx, "shelfmark/paper.njk"),
    noun: "paper page",
    *pages({ paperPages }) {
      for (const paper of paperPages) yield { url: paperUrl(paper.slug), data: { paper } };
    },
  });
  addPagesAside<{ homePages: ListPage<ListedPaper>[] }>(eleventyConfig, ctx, {
    plugin: "papers",
    template: "shelfmark/home.njk",
    layout: "layouts/home.njk",
    data: { ...prefixedLinks(ctx, "shelfmark/home.njk"), navSection: "papers" },
    noun: "home page",
    *pages({ homePages }) {
      for (const listPage of homePages) yield { url: listPage.url, data: { listPage } };
    },
  });
}
