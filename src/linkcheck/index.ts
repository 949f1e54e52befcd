import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ShelfmarkError, UsageError } from "../errors.ts";
import { inProject } from "../cli/project.ts";
import { startStaticServer } from "../site/serve.ts";
import { normalisePathPrefix, resolveLocation } from "../site/settings.ts";
import { crawl, type CrawlReport, type Failure } from "./crawl.ts";
import { plural } from "../util/plural.ts";

/**
 * `shelfmark linkcheck [<folder>]`: serves a built site on 127.0.0.1 under its path prefix, the way GitHub
 * Pages serves it (src/site/serve.ts), crawls it from the home page (./crawl.ts) and lists every broken link
 * with the pages that link to it. Links to other sites are counted, never requested: the check needs no
 * network and gives the same answer every time.
 */

/** How many linking pages to name per broken target before "and N more". */
const MAX_SOURCES = 10;

export interface LinkcheckTarget {
  /** The built folder. */
  root: string;
  /** Where the site lives: `/` or `/reading-list/`. */
  pathPrefix: string;
  /** The origin it was built for (SITE_URL): absolute links to it are internal. */
  siteOrigin: string;
}

export interface LinkcheckResult {
  report: CrawlReport;
  /** The failures worth acting on, each with every place that links to it. */
  broken: Failure[];
}

/** Crawls a built folder: entry points are the home page, robots.txt, the search bundle and a missing page. */
export async function linkcheck({ root, pathPrefix, siteOrigin }: LinkcheckTarget): Promise<LinkcheckResult> {
  const server = await startStaticServer({ root, pathPrefix });
  try {
    const seeds: string[] = [];
    if (existsSync(path.join(root, "robots.txt"))) seeds.push(`${pathPrefix}robots.txt`);
    // Pagefind's bundle is loaded by script at run time, where no attribute names it.
    if (existsSync(path.join(root, "pagefind/pagefind.js"))) seeds.push(`${pathPrefix}pagefind/pagefind.js`);
    // GitHub Pages serves 404.html at whatever address was asked for: its links must work at any depth.
    const missing = existsSync(path.join(root, "404.html")) ? [`${pathPrefix}shelfmark-linkcheck/no/such/page/`] : [];
    const report = await crawl({ home: server.url, siteOrigin, seeds, missing });
    return { report, broken: report.failures };
  } finally {
    await server.close();
  }
}

/** The address the home page says it lives at (its canonical link), if it has one. */
function builtFor(root: string): URL | undefined {
  const html = readFileSync(path.join(root, "index.html"), "utf8");
  const tag = /<link\b[^>]*\brel=["']?canonical\b[^>]*>/i.exec(html)?.[0];
  const href = tag && /\bhref=["']?([^"'\s>]+)/i.exec(tag)?.[1];
  try {
    return href ? new URL(href) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where to serve the folder: `--path-prefix`, else PATH_PREFIX / SITE_URL as the build reads them, else
 * the address the home page was built for. A prefix that disagrees with the built pages would only
 * produce a list of every link as broken: that is reported as the one problem it is.
 */
export function locate(root: string, env: { SITE_URL?: string; PATH_PREFIX?: string }, cliPathPrefix?: string): LinkcheckTarget {
  const canonical = builtFor(root);
  const configured = cliPathPrefix !== undefined || Boolean(env.SITE_URL?.trim() || env.PATH_PREFIX?.trim());
  const location = resolveLocation(env);
  const pathPrefix = cliPathPrefix !== undefined ? normalisePathPrefix(cliPathPrefix) : configured || !canonical ? location.pathPrefix : normalisePathPrefix(canonical.pathname);
  const siteOrigin = env.SITE_URL?.trim() || !canonical ? location.origin : canonical.origin;
  if (canonical && (canonical.origin !== siteOrigin || normalisePathPrefix(canonical.pathname) !== pathPrefix)) {
    throw new ShelfmarkError(
      "linkcheck",
      `${root} was built for ${canonical.href} (its home page's canonical link), not for ${siteOrigin}${pathPrefix}. Fix: run the check with the SITE_URL and PATH_PREFIX the build had, or with none of them (the address is then read from the built home page)`,
    );
  }
  return { root, pathPrefix, siteOrigin };
}

/** The places that link to a target, each once (a page may link to it twice in the same way). */
const linkingPlaces = (f: Failure): string[] => [...new Set(f.from.map((s) => `${s.page} (${s.via})`))];

/** One block per broken target: the target and what is wrong, then the pages that link to it. */
export function formatBroken(broken: Failure[]): string[] {
  return [...broken]
    .sort((a, b) => a.target.localeCompare(b.target) || a.problem.localeCompare(b.problem))
    .flatMap((f) => {
      const from = linkingPlaces(f);
      const lines = from.slice(0, MAX_SOURCES).map((s) => `      ← ${s}`);
      if (from.length > MAX_SOURCES) lines.push(`      ← and ${from.length - MAX_SOURCES} more`);
      return [`  ${f.target} ${f.problem}`, ...(lines.length ? lines : ["      (an entry point, not a link)"])];
    });
}

export async function linkcheckCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "path-prefix": { type: "string" } } });
  if (positionals.length > 1) throw new UsageError("linkcheck", `one folder at most, got ${positionals.length}: ${positionals.join(" ")}`);
  // A folder given is where the user typed it; the default is the project's _site, wherever in it they are.
  const root = path.resolve(positionals[0] ?? inProject("linkcheck", "_site", "run it in your reading list's folder (the one that holds content/), or name the built folder: shelfmark linkcheck <folder>"));
  const shown = positionals[0] ?? (path.relative(process.cwd(), root) || ".");
  if (!existsSync(path.join(root, "index.html"))) {
    throw new ShelfmarkError("linkcheck", `${shown}/index.html does not exist. Fix: build the site first (npm run build), or name the built folder: shelfmark linkcheck <folder>`);
  }
  const target = locate(root, process.env, values["path-prefix"]);
  const started = performance.now();
  const { report, broken } = await linkcheck(target);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const counts = `${plural(report.fetched.size, "URL")} checked under ${target.pathPrefix}, ${plural(report.external, "link")} to other sites counted, not requested; ${seconds} s`;
  if (broken.length === 0) {
    console.log(`shelfmark linkcheck: ${shown}: no broken links (${counts}).`);
    return 0;
  }
  const places = broken.reduce((n, f) => n + Math.max(1, linkingPlaces(f).length), 0);
  console.error(`shelfmark linkcheck: ${shown}: ${plural(broken.length, "broken link", "broken links")}, linked from ${plural(places, "place", "places")} (${counts}):`);
  for (const line of formatBroken(broken)) console.error(line);
  return 1;
}
