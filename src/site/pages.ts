import { existsSync, readFileSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { XMLBuilder } from "fast-xml-parser";
import type { EleventyConfig, EleventyEventArgs } from "../eleventy-types.ts";
import { ConfigError, ShelfmarkError } from "../errors.ts";
import { resolveLocation, type Location } from "./settings.ts";
import { absoluteUrl } from "../util/urls.ts";
import { defaultLayout, ownPageLinks } from "./own-pages.ts";
import { plural } from "../util/plural.ts";
import type { BuildContext, WithContext } from "../context.ts";

const PLUGIN = "pages";

/** The sitemap protocol's limit per file; beyond it, `sitemap.xml` becomes an index of numbered files. */
export const SITEMAP_LIMIT = 50_000;
const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";

export interface PagesPluginOptions {
  /** Emit `/404.html` (GitHub Pages serves it for every missing path, at any depth). Default true. */
  notFound?: boolean;
  /** Emit `sitemap.xml` listing every HTML page. Default true. */
  sitemap?: boolean;
  /** Emit `robots.txt` pointing to the sitemap. Default true. */
  robots?: boolean;
  /** Page URLs as Eleventy writes them (`/404.html`, without the path prefix) kept out of the sitemap. */
  sitemapExclude?: string[];
  /** A custom-domain file copied to the output root when it exists. Default `content/CNAME`. */
  cnameFile?: string;
}

/** A page written by this build, as Eleventy reports it. */
export interface BuiltPage {
  url: string;
  outputPath: string;
  inputPath?: string;
  /** For pages written aside: what the log calls one (`paper page`). */
  noun?: string;
}

/**
 * Pages this build wrote without Eleventy (paper and list pages: src/site/aside.ts), which Eleventy's results of the
 * build therefore lack: whoever writes such pages adds them here, and the sitemap and the check of hidden paths
 * read them with Eleventy's. Emptied with the build context's cache at the start of each build.
 */
export function pagesWrittenAside(ctx: BuildContext): BuiltPage[] {
  return ctx.once("pages written aside", () => [] as BuiltPage[]);
}

/** `30000 paper pages, 601 home pages and 3 status pages`: how many of each kind, in the order they came. */
export function asideSummary(pages: Iterable<BuiltPage>): string {
  const counts = new Map<string, number>();
  for (const page of pages) counts.set(page.noun ?? "page", (counts.get(page.noun ?? "page") ?? 0) + 1);
  const parts = [...counts].map(([noun, n]) => plural(n, noun));
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "no pages");
}

/**
 * Files that Eleventy wrote and shelfmark also wrote aside (a template of the person's whose permalink is a paper's
 * or a list's URL): Eleventy checks its own outputs for such clashes, not those it never saw. One line each.
 */
export function asideClashes(results: Iterable<{ url?: string; outputPath?: unknown; inputPath?: string }>, aside: Iterable<BuiltPage>, cwd: string): string[] {
  const ours = new Map<string, BuiltPage>();
  for (const page of aside) ours.set(path.resolve(cwd, page.outputPath), page);
  const clashes: string[] = [];
  for (const r of results) {
    if (typeof r.outputPath !== "string") continue;
    const page = ours.get(path.resolve(cwd, r.outputPath));
    if (!page) continue;
    const from = (p?: string) => (p ?? "?").replace(/^\.\//, "");
    clashes.push(`${path.relative(cwd, path.resolve(cwd, r.outputPath))}: from ${from(r.inputPath)} and shelfmark's ${page.noun ?? "page"} ${page.url}`);
  }
  return clashes;
}

/** The pages a sitemap lists: HTML only (no feeds, no JSON), minus exclusions, in a stable order. */
export function sitemapUrls(pages: Iterable<BuiltPage>, location: Location, exclude: Iterable<string>): string[] {
  const skip = new Set(exclude);
  const urls = new Set<string>();
  for (const page of pages) {
    if (!page.outputPath.endsWith(".html") || skip.has(page.url)) continue;
    urls.add(absoluteUrl(location, page.url));
  }
  // Code-unit order, not locale order: the same pages give the same file on every machine.
  return [...urls].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const builder = new XMLBuilder({ ignoreAttributes: false, format: true });
const declaration = { "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" } };

/**
 * The sitemap files for a list of absolute URLs: one `sitemap.xml` up to `limit` URLs; above it,
 * `sitemap-1.xml`, `sitemap-2.xml`... and `sitemap.xml` as their index. The XML builder escapes
 * every value.
 */
export function sitemapFiles(urls: string[], sitemapBase: string, limit = SITEMAP_LIMIT): { file: string; xml: string }[] {
  const urlset = (chunk: string[]) =>
    builder.build({ ...declaration, urlset: { "@_xmlns": SITEMAP_NS, url: chunk.map((loc) => ({ loc })) } }) as string;
  if (urls.length <= limit) return [{ file: "sitemap.xml", xml: urlset(urls) }];
  const parts: { file: string; xml: string }[] = [];
  for (let i = 0; i < urls.length; i += limit) {
    parts.push({ file: `sitemap-${parts.length + 1}.xml`, xml: urlset(urls.slice(i, i + limit)) });
  }
  const index = builder.build({
    ...declaration,
    sitemapindex: { "@_xmlns": SITEMAP_NS, sitemap: parts.map((p) => ({ loc: new URL(p.file, sitemapBase).href })) },
  }) as string;
  return [{ file: "sitemap.xml", xml: index }, ...parts];
}

/** Every crawler may read everything; the sitemap says where the pages are. */
export function robotsTxt(sitemapUrl: string | undefined): string {
  return ["User-agent: *", "Disallow:", ...(sitemapUrl ? ["", `Sitemap: ${sitemapUrl}`] : [])].join("\n") + "\n";
}

/**
 * Output paths (relative, `/`-separated) that GitHub Pages' Jekyll step would drop: a file or folder
 * whose name starts with `_`. Deploys from Actions skip Jekyll, branch deploys get `.nojekyll`, but a
 * site that anyone can publish either way must not depend on which.
 */
export function hiddenPaths(paths: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const p of paths) {
    if (p.split("/").some((segment) => segment.startsWith("_"))) found.add(p);
  }
  return [...found].sort();
}

/** A CNAME file holds exactly one host name (`papers.example.org`), no scheme, no path. */
export function parseCname(text: string, file: string): string {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const host = lines[0] ?? "";
  const valid = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(host);
  if (lines.length !== 1 || !valid) {
    throw new ConfigError(
      PLUGIN,
      `${file}: expected one host name such as papers.example.org, found ${lines.length === 0 ? "nothing" : JSON.stringify(lines.join(" "))}. Fix: write only the domain, without https:// or a path.`,
    );
  }
  return host.toLowerCase();
}

/** Every file under `dir`, relative and `/`-separated. Other plugins write concurrently: a folder may vanish mid-walk. */
async function walk(dir: string, rel = ""): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const out: string[] = [];
  for (const entry of entries) {
    const p = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await walk(dir, p)));
    else out.push(p);
  }
  return out;
}

function relativeOutput(outputDir: string, outputPath: string): string {
  return path.relative(outputDir, path.resolve(outputPath)).split(path.sep).join("/");
}

/**
 * What GitHub Pages needs beyond the pages themselves: a 404 page, a sitemap and robots.txt with
 * absolute URLs, `.nojekyll`, the custom-domain file, and a check that nothing would be hidden.
 */
export function pagesPlugin(eleventyConfig: EleventyConfig, options: PagesPluginOptions & Partial<WithContext> = {}): void {
  const notFound = options.notFound ?? true;
  const sitemap = options.sitemap ?? true;
  const robots = options.robots ?? true;
  const exclude = options.sitemapExclude ?? ["/404.html"];
  const cnameFile = options.cnameFile ?? "content/CNAME";

  if (notFound) {
    eleventyConfig.addTemplate("shelfmark/404.njk", "", {
      layout: "layouts/404.njk",
      permalink: "/404.html",
      eleventyExcludeFromCollections: true,
      pageTitle: "Page not found",
      noindex: true,
    });
  }

  // A page of the person's own that names no layout gets the site's frame (src/site/own-pages.ts).
  eleventyConfig.addPreprocessor("own-page-layout", "md,njk,html,liquid", (data) => {
    // shelfmark's virtual templates are named shelfmark/… inside the input folder.
    const layout = defaultLayout(data, path.join(eleventyConfig.directories.input, "shelfmark") + "/");
    if (layout) data.layout = layout;
  });
  // Those pages, linked from every page's footer: a reader finds the About page without the theme edited.
  eleventyConfig.addCollection("ownPages", (api) => ownPageLinks(api.getAll()));

  if (existsSync(cnameFile)) {
    parseCname(readFileSync(cnameFile, "utf8"), cnameFile);
    eleventyConfig.addPassthroughCopy({ [cnameFile]: "CNAME" });
  }
  eleventyConfig.addWatchTarget(cnameFile);

  // The dev server rebuilds only changed templates: keep what earlier runs wrote so its sitemap stays whole.
  const pages = new Map<string, BuiltPage>();

  eleventyConfig.on("eleventy.after", async ({ directories, results, runMode, incremental }: EleventyEventArgs) => {
    const outputDir = path.resolve(directories.output);
    if (!incremental) pages.clear();
    for (const r of results ?? []) {
      if (typeof r.outputPath === "string") pages.set(r.url, { url: r.url, outputPath: r.outputPath, inputPath: r.inputPath });
    }
    if (options.ctx) {
      const aside = pagesWrittenAside(options.ctx);
      const clashes = asideClashes(results ?? [], aside, process.cwd());
      if (clashes.length) {
        // Printed once, as the hidden paths below: Eleventy repeats an error's message.
        console.error(`[shelfmark:${PLUGIN}] ${plural(clashes.length, "file")} of this build came from two sources, one overwriting the other:\n${clashes.map((c) => `  - ${c}`).join("\n")}\nFix: change the permalink of your template, or rename the paper or tag whose page it takes.`);
        if (runMode === "build") throw new ShelfmarkError(PLUGIN, `the build stopped: ${plural(clashes.length, "file")} written twice (listed above).`);
      }
      // Eleventy's own "Wrote N files" counts only what it wrote: say how many more there are.
      if (aside.length) console.log(`[shelfmark:${PLUGIN}] wrote ${asideSummary(aside)} (not in Eleventy's count of files written)`);
      for (const page of aside) pages.set(page.url, page);
    }

    const location = resolveLocation(process.env, eleventyConfig.pathPrefix);
    const written: Promise<void>[] = [writeFile(path.join(outputDir, ".nojekyll"), "")];
    const sitemapUrl = sitemap ? absoluteUrl(location, "/sitemap.xml") : undefined;
    if (sitemap) {
      const files = sitemapFiles(sitemapUrls(pages.values(), location, exclude), absoluteUrl(location, "/"));
      for (const { file, xml } of files) written.push(writeFile(path.join(outputDir, file), xml));
    }
    if (robots) written.push(writeFile(path.join(outputDir, "robots.txt"), robotsTxt(sitemapUrl)));
    await Promise.all(written);

    const sources = new Map<string, string>();
    for (const page of pages.values()) if (page.inputPath) sources.set(relativeOutput(outputDir, page.outputPath), page.inputPath);
    const hidden = hiddenPaths([...sources.keys(), ...(await walk(outputDir))]);
    if (hidden.length === 0) return;
    const list = hidden.map((p) => `  - ${p}${sources.has(p) ? ` (from ${sources.get(p)!.replace(/^\.\//, "")})` : ""}`).join("\n");
    const count = plural(hidden.length, "output path");
    // Eleventy repeats an error's message several times: print the list once, stop with a short line.
    console.error(
      `[shelfmark:${PLUGIN}] GitHub Pages does not publish files or folders whose name starts with "_" (Jekyll drops them); this build wrote ${count} like that:\n${list}\nFix: change the permalink or file name so that no part of the path starts with "_".`,
    );
    // A production build must not publish a site with holes; the dev server only warns.
    if (runMode === "build") throw new ShelfmarkError(PLUGIN, `the build stopped: ${count} would be hidden by GitHub Pages (listed above).`);
  });
}
