import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "../../src/site/serve.ts";
import { crawl, formatFailures, htmlLinks, jsonLinks, robotsLinks, srcsetUrls, xmlLinks, type CrawlReport } from "../helpers/crawl.ts";
import { attr, parseHtml, text } from "../helpers/html.ts";
import { createRepoLikeFixture } from "../helpers/repo-like.ts";
import { listFiles, type Fixture } from "../helpers/site.ts";

/**
 * The link check: the repository-like site is built under a sub-path and at the root, served the way
 * GitHub Pages serves it, and crawled from its home page. Every internal href, src, srcset, form action,
 * feed and sitemap URL must answer 200 (no redirect), stay under the prefix, and every #fragment must
 * name an element of its page.
 */

const layouts = [
  { name: "a project site under /reading-list/", siteUrl: "https://example.github.io", pathPrefix: "/reading-list/", out: "site-sub" },
  { name: "a custom domain at the root", siteUrl: "https://papers.example.org", pathPrefix: "/", out: "site-root" },
];

let fixture: Fixture;
beforeAll(async () => {
  fixture = await createRepoLikeFixture();
});
afterAll(() => fixture?.cleanup());

describe.each(layouts)("link check: $name", ({ siteUrl, pathPrefix, out }) => {
  let server: StaticServer;
  let report: CrawlReport;
  let files: string[];

  beforeAll(async () => {
    const result = await fixture.build({ siteUrl, pathPrefix: pathPrefix === "/" ? undefined : pathPrefix }, out);
    expect(result.code, result.stderr).toBe(0);
    files = await listFiles(result.out);
    server = await startStaticServer({ root: result.out, pathPrefix });
    const seeds = [`${pathPrefix}robots.txt`];
    // The search bundle is loaded by script at run time, where no attribute names it: ask for it directly.
    if (existsSync(path.join(result.out, "pagefind"))) seeds.push(`${pathPrefix}pagefind/pagefind.js`);
    const missing = [`${pathPrefix}no-such-page`, `${pathPrefix}papers/no-such-paper/`, `${pathPrefix}a/b/c/d/`];
    report = await crawl({ home: server.url, siteOrigin: siteUrl, seeds, missing });
  });
  afterAll(() => server?.close());

  it("finds no broken internal link, asset, feed or fragment", () => {
    const broken = report.failures.filter((f) => !f.problem.startsWith("leaves"));
    expect(formatFailures(broken)).toEqual([]);
  });

  it("never links outside the site's path prefix", () => {
    const escaping = report.failures.filter((f) => f.problem.startsWith("leaves"));
    expect(formatFailures(escaping)).toEqual([]);
  });

  it("crawled the whole site: every page, the stylesheet, the sitemap and each paper", () => {
    const fetched = [...report.fetched.keys()];
    const papers = files.filter((f) => /^papers\/[^/]+\/index\.html$/.test(f)).map((f) => encodeURI(pathPrefix + f.slice(0, -"index.html".length)));
    expect(papers).toContain(`${pathPrefix}papers/zz-link-notes/`);
    for (const page of papers) expect(fetched).toContain(page);
    expect(fetched).toContain(`${pathPrefix}assets/theme.css`);
    expect(fetched).toContain(`${pathPrefix}sitemap.xml`);
    expect(fetched).toContain(`${pathPrefix}page/3/`);
    expect(fetched.some((u) => u.includes("zz-draft"))).toBe(false);
    expect(report.external).toBeGreaterThan(0);
  });

  it("reaches every built page from the home page by following links (no orphan pages)", () => {
    const pages = files
      .filter((f) => f.endsWith(".html") && f !== "404.html")
      .map((f) => encodeURI(pathPrefix + f.replace(/(^|\/)index\.html$/, "$1")));
    const orphans = pages.filter((p) => !report.reachableFromHome.has(p));
    expect(orphans).toEqual([]);
  });

  it("answers a missing path, at any depth, with the 404 page and status 404", async () => {
    for (const missing of ["no-such-page/", "papers/no-such-paper/", "a/b/c/d.html"]) {
      const response = await fetch(new URL(pathPrefix + missing, server.origin));
      expect(response.status).toBe(404);
      const doc = parseHtml(await response.text());
      expect(text(doc.all("h1")[0]!)).toBe("Page not found");
      expect(doc.all("link", (l) => attr(l, "rel") === "stylesheet").map((l) => attr(l, "href"))).toContain(`${pathPrefix}assets/theme.css`);
    }
  });
});

describe("the link checker itself", () => {
  let dir: string;
  let server: StaticServer;
  let report: CrawlReport;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-crawl-"));
    const page = (body: string) => `<!doctype html><html lang="en"><head><title>t</title><link rel="stylesheet" href="/sub/style.css"></head><body>${body}</body></html>`;
    const files: Record<string, string> = {
      "index.html": page(
        `<h1 id="top-heading">Home</h1>
         <a href="/sub/ok/">ok</a> <a href="ok/#here">fragment ok</a> <a href="/sub/ok/#nowhere">bad fragment</a>
         <a href="/sub/missing/">missing</a> <a href="/elsewhere/">escapes</a> <a href="/sub/ok">no slash</a>
         <a href="https://example.github.io/sub/feed.xml">own origin</a> <a href="https://other.example/">external</a>
         <a href="mailto:a@example.org">mail</a> <img src="/sub/pic.png" srcset="/sub/pic.png 1x, /sub/missing-2x.png 2x" alt="">
         <form action="/sub/search/"><input name="q"></form> <a href="#top-heading">self</a> <a href="#no-anchor">self, broken</a>`,
      ),
      "ok/index.html": page(`<p id="here">here</p><a href="../">home</a><a href="/sub/orphan-free/">x</a>`),
      "orphan-free/index.html": page("<p>linked</p>"),
      "orphan/index.html": page("<p>nobody links here</p>"),
      "404.html": page(`<a href="/sub/">home</a> <a href="ok/">relative, broken at depth</a>`),
      "style.css": "body{}",
      "pic.png": "png",
      "feed.xml": `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><link href="https://example.github.io/sub/" rel="alternate"/><link href="https://example.github.io/sub/gone.xml" rel="self"/><id>urn:x</id></feed>`,
    };
    for (const [rel, body] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), body);
    }
    server = await startStaticServer({ root: dir, pathPrefix: "/sub/" });
    report = await crawl({ home: server.url, siteOrigin: "https://example.github.io", missing: ["/sub/x/y/", "/sub/ok/"] });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reports each kind of broken link with where it was found", () => {
    const lines = formatFailures(report.failures);
    expect(lines).toEqual([
      "/elsewhere/ leaves the site's path prefix /sub/ ← /sub/ (a[href])",
      '/sub/#no-anchor has no element with id "no-anchor" ← /sub/ (a[href])',
      "/sub/gone.xml answers 404 ← /sub/feed.xml (xml:link[href])",
      "/sub/missing-2x.png answers 404 ← /sub/ (img[srcset])",
      "/sub/missing/ answers 404 ← /sub/ (a[href])",
      "/sub/ok redirects (301) to /sub/ok/: link to the final URL instead ← /sub/ (a[href])",
      "/sub/ok/ answers 200 where a missing page should answer 404 (entry point)",
      '/sub/ok/#nowhere has no element with id "nowhere" ← /sub/ (a[href])',
      "/sub/search/ answers 404 ← /sub/ (form[action])",
      "/sub/x/y/ok/ answers 404 ← /sub/x/y/ (the 404 page) (a[href])",
    ]);
  });

  it("follows pages reached by links only, and counts external links without requesting them", () => {
    expect(report.reachableFromHome.has("/sub/orphan-free/")).toBe(true);
    expect(report.reachableFromHome.has("/sub/orphan/")).toBe(false);
    expect(report.fetched.has("/sub/feed.xml")).toBe(true);
    expect(report.external).toBe(1);
  });

  it.each([
    ["srcset", () => srcsetUrls("a.png 1x, b.png 2x,c.png 3x"), ["a.png", "b.png", "c.png"]],
    ["robots.txt", () => robotsLinks("User-agent: *\nSitemap: https://x.org/s.xml\n").map((l) => l.url), ["https://x.org/s.xml"]],
    ["JSON Feed", () => jsonLinks(JSON.stringify({ home_page_url: "h", feed_url: "f", items: [{ id: "i", url: "u" }] })).map((l) => l.url), ["h", "f", "u"]],
    [
      "RSS with a stylesheet",
      () => xmlLinks(`<?xml version="1.0"?><?xml-stylesheet href="/s.xsl" type="text/xsl"?><rss><channel><link>https://x.org/</link><atom:link href="https://x.org/rss.xml"/><item><link>https://x.org/p/</link><guid>g</guid></item></channel></rss>`).map((l) => l.url),
      ["/s.xsl", "https://x.org/", "https://x.org/rss.xml", "https://x.org/p/"],
    ],
    ["XSLT templates are not URLs", () => xmlLinks(`<xsl:stylesheet><a href="{link}">x</a><a href="/home/">h</a></xsl:stylesheet>`).map((l) => l.url), ["/home/"]],
    ["HTML attributes", () => htmlLinks(`<a href="a">x</a><script src="s.js"></script><video poster="p.jpg"></video><button formaction="/f">b</button>`).urls.map((l) => l.url), ["a", "s.js", "p.jpg", "/f"]],
  ])("extracts URLs from %s", (_name, run, expected) => {
    expect(run()).toEqual(expected);
  });
});
