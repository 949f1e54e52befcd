import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { htmlLinks } from "../helpers/crawl.ts";
import { attr, elements, parseHtml, text } from "../helpers/html.ts";
import { createRepoLikeFixture } from "../helpers/repo-like.ts";
import { Fixture, listFiles, paper, type BuildResult } from "../helpers/site.ts";

const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false });

interface Sitemap {
  xmlns: string;
  locs: string[];
}

async function readSitemap(out: string): Promise<Sitemap> {
  const doc = xml.parse(await readFile(path.join(out, "sitemap.xml"), "utf8"));
  const urls = doc.urlset?.url === undefined ? [] : [doc.urlset.url].flat();
  return { xmlns: doc.urlset?.["@_xmlns"], locs: urls.map((u: { loc: string }) => u.loc) };
}

/** `https://example.github.io/reading-list/papers/x/` → `papers/x/index.html` under a site at `base`. */
function fileOf(loc: string, base: string): string {
  const rel = decodeURIComponent(loc.slice(base.length));
  return rel === "" || rel.endsWith("/") ? `${rel}index.html` : rel;
}

/** The page URL a built HTML file is served at, as an absolute URL. */
function urlOf(file: string, base: string): string {
  return new URL(file.replace(/(^|\/)index\.html$/, "$1"), base).href;
}

async function hashes(out: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const file of await listFiles(out)) {
    result.set(file, createHash("sha256").update(await readFile(path.join(out, file))).digest("hex"));
  }
  return result;
}

function linksOf(html: string): string[] {
  return htmlLinks(html).urls.map((u) => u.url);
}

describe("GitHub Pages output", () => {
  let fixture: Fixture;
  let sub: BuildResult;
  let again: BuildResult;
  let root: BuildResult;
  let subFiles: string[];
  const SUB_BASE = "https://example.github.io/reading-list/";

  beforeAll(async () => {
    fixture = await createRepoLikeFixture({ CNAME: "papers.example.org\n" });
    // Exactly what the workflow passes: configure-pages' base_url (with the path) and base_path (no slash).
    sub = await fixture.build({ siteUrl: "https://example.github.io/reading-list", pathPrefix: "/reading-list" }, "site-sub");
    expect(sub.code, sub.stderr).toBe(0);
    // The second build differs in everything that must not matter: output folder, time zone, locale, time.
    again = await fixture.build(
      { siteUrl: "https://example.github.io/reading-list", pathPrefix: "/reading-list", env: { TZ: "Pacific/Kiritimati", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8" } },
      "site-again",
    );
    expect(again.code, again.stderr).toBe(0);
    // A custom domain: base_url is the domain, base_path is empty.
    root = await fixture.build({ siteUrl: "https://papers.example.org" }, "site-root");
    expect(root.code, root.stderr).toBe(0);
    subFiles = await listFiles(sub.out);
  });
  afterAll(() => fixture?.cleanup());

  describe("404.html", () => {
    it("is written at the output root, kept out of search engines", async () => {
      expect(subFiles).toContain("404.html");
      const doc = parseHtml(await readFile(path.join(sub.out, "404.html"), "utf8"));
      expect(text(doc.all("h1")[0]!)).toBe("Page not found");
      expect(doc.all("meta", (m) => attr(m, "name") === "robots").map((m) => attr(m, "content"))).toEqual(["noindex"]);
    });

    it("links only to absolute, prefixed URLs, since Pages serves it at any depth", async () => {
      const links = linksOf(await readFile(path.join(sub.out, "404.html"), "utf8"));
      expect(links.length).toBeGreaterThan(5);
      const relative = links.filter((u) => !u.startsWith("/reading-list/") && !u.startsWith("#") && !/^https?:\/\//.test(u));
      expect(relative).toEqual([]);
      const escaping = links.filter((u) => u.startsWith("https://example.github.io/") && !u.startsWith(SUB_BASE));
      expect(escaping).toEqual([]);
      expect(links).toContain("/reading-list/assets/theme.css");
      expect(links).toContain("/reading-list/");
    });

    it("offers a labelled search box that submits to the search page", async () => {
      const doc = parseHtml(await readFile(path.join(sub.out, "404.html"), "utf8"));
      const inMain = elements(doc.all("main")[0]!).filter((el) => el.tagName === "form" && attr(el, "role") === "search");
      expect(inMain).toHaveLength(1);
      const form = inMain[0]!;
      expect(attr(form, "action")).toBe("/reading-list/search/");
      expect((attr(form, "method") ?? "get").toLowerCase()).toBe("get");
      const input = doc.all("input", (i) => attr(i, "name") === "q" && attr(i, "type") === "search" && attr(i, "id") === "not-found-q");
      expect(input).toHaveLength(1);
      expect(doc.all("label", (l) => attr(l, "for") === "not-found-q")).toHaveLength(1);
    });
  });

  describe("sitemap.xml", () => {
    it("lists every built page, and only those, as absolute URLs under the prefix", async () => {
      const sitemap = await readSitemap(sub.out);
      expect(sitemap.xmlns).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
      for (const loc of sitemap.locs) {
        expect(loc.startsWith(SUB_BASE), loc).toBe(true);
        expect(subFiles, loc).toContain(fileOf(loc, SUB_BASE));
      }
      const pages = subFiles.filter((f) => f.endsWith(".html") && f !== "404.html");
      expect([...sitemap.locs].sort()).toEqual(pages.map((f) => urlOf(f, SUB_BASE)).sort());
      expect(new Set(sitemap.locs).size).toBe(sitemap.locs.length);
    });

    it("includes the home page, its second page and every published paper; never the 404 page or a draft", async () => {
      const { locs } = await readSitemap(sub.out);
      expect(locs).toContain(SUB_BASE);
      expect(locs).toContain(`${SUB_BASE}page/2/`);
      expect(locs).toContain(`${SUB_BASE}papers/zz-link-notes/`);
      for (const file of subFiles.filter((f) => /^papers\/[^/]+\/index\.html$/.test(f))) expect(locs).toContain(urlOf(file, SUB_BASE));
      expect(subFiles.filter((f) => f.startsWith("papers/")).length).toBeGreaterThan(3);
      expect(locs.some((l) => l.includes("404"))).toBe(false);
      expect(locs.some((l) => l.includes("zz-draft"))).toBe(false);
    });

    it("percent-encodes URLs with characters outside ASCII", async () => {
      const { locs } = await readSitemap(sub.out);
      const japanese = locs.find((l) => l.includes(encodeURIComponent("日本語")));
      if (subFiles.some((f) => f.startsWith("tags/") && f.includes("日本語"))) expect(japanese).toBeDefined();
      expect(locs.every((l) => /^[\x21-\x7e]+$/.test(l))).toBe(true);
    });

    it("at the root of a custom domain, lists URLs without any prefix", async () => {
      const { locs } = await readSitemap(root.out);
      expect(locs.length).toBeGreaterThan(5);
      expect(locs.every((l) => l.startsWith("https://papers.example.org/"))).toBe(true);
      expect(locs.some((l) => l.includes("/reading-list/"))).toBe(false);
      expect(locs).toContain("https://papers.example.org/papers/zz-link-notes/");
    });
  });

  it("robots.txt lets every crawler in and points to the sitemap's absolute URL", async () => {
    const lines = (await readFile(path.join(sub.out, "robots.txt"), "utf8")).split("\n");
    expect(lines).toContain("User-agent: *");
    expect(lines.filter((l) => l.startsWith("Sitemap:"))).toEqual([`Sitemap: ${SUB_BASE}sitemap.xml`]);
    expect(lines.some((l) => /^Disallow:\s*\S/.test(l))).toBe(false);
    const rootLines = (await readFile(path.join(root.out, "robots.txt"), "utf8")).split("\n");
    expect(rootLines.filter((l) => l.startsWith("Sitemap:"))).toEqual(["Sitemap: https://papers.example.org/sitemap.xml"]);
  });

  it("at the root, the 404 page links without a prefix", async () => {
    const links = linksOf(await readFile(path.join(root.out, "404.html"), "utf8"));
    expect(links.filter((u) => u.startsWith("/reading-list/"))).toEqual([]);
    expect(links.filter((u) => !u.startsWith("/") && !u.startsWith("#") && !/^https?:\/\//.test(u))).toEqual([]);
    expect(links).toContain("/search/");
  });

  it("publishes nothing that Pages would hide: .nojekyll, and no path part starting with _", () => {
    expect(subFiles).toContain(".nojekyll");
    expect(subFiles.filter((f) => f.split("/").some((part) => part.startsWith("_")))).toEqual([]);
  });

  it("copies content/CNAME to the output root", async () => {
    expect(await readFile(path.join(root.out, "CNAME"), "utf8")).toBe("papers.example.org\n");
  });

  it("is deterministic: two builds of the same content are byte-identical, file by file", async () => {
    const [first, second] = await Promise.all([hashes(sub.out), hashes(again.out)]);
    expect([...second.keys()]).toEqual([...first.keys()]);
    const differing = [...first].filter(([file, hash]) => second.get(file) !== hash).map(([file]) => file);
    expect(differing).toEqual([]);
    expect(first.size).toBeGreaterThan(10);
  });
});

describe("what GitHub Pages cannot publish stops the build", () => {
  const fixtures: Fixture[] = [];
  afterAll(() => Promise.all(fixtures.map((f) => f.cleanup())));

  it("names each output path that starts with _ and the file that made it", async () => {
    const fixture = await Fixture.create({
      papers: { one: paper({ title: "One", added: "2026-01-01" }) },
      files: { "notes.njk": "---\npermalink: /_private/notes/\n---\nhidden\n" },
    });
    fixtures.push(fixture);
    const result = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("[shelfmark:pages]");
    expect(result.stderr).toContain("_private/notes/index.html (from content/notes.njk)");
    expect(result.stderr).toContain('starts with "_"');
  });

  it("names a page of the person's that takes the URL of a page shelfmark writes itself, and stops", async () => {
    const fixture = await Fixture.create({
      papers: { one: paper({ title: "One", added: "2026-01-01", tags: "[llm]" }) },
      files: {
        "mine.njk": "---\npermalink: /tags/llm/\n---\nmine\n",
        "bib.njk": "---\npermalink: /papers.bib\n---\nmine\n",
        "about.njk": "---\npermalink: /about/\n---\nabout\n",
      },
    });
    fixtures.push(fixture);
    const result = await fixture.build();
    expect(result.code).not.toBe(0);
    const line = "_site/tags/llm/index.html: from content/mine.njk and shelfmark's tag page /tags/llm/";
    // Once, with the fix; the page that takes no one's URL is not named.
    expect(result.stderr.split(line)).toHaveLength(2);
    expect(result.stderr.split("_site/papers.bib: from content/bib.njk and shelfmark's export /papers.bib")).toHaveLength(2);
    expect(result.stderr).toContain("2 files of this build came from two sources");
    expect(result.stderr).toContain("Fix: change the permalink of your template");
    expect(result.stderr).not.toContain("about");
  });

  it("rejects a CNAME file that is not a bare host name, saying what to write", async () => {
    const fixture = await Fixture.create({
      papers: { one: paper({ title: "One", added: "2026-01-01" }) },
      files: { CNAME: "https://papers.example.org/\n" },
    });
    fixtures.push(fixture);
    const result = await fixture.build({ siteUrl: "https://papers.example.org" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("[shelfmark:pages] content/CNAME");
    expect(result.stderr).toContain("without https://");
  });
});
