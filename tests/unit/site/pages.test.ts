import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { asideClashes, asideSummary, hiddenPaths, parseCname, robotsTxt, sitemapFiles, sitemapUrls } from "../../../src/site/pages.ts";
import { absoluteUrl } from "../../../src/util/urls.ts";
import { resolveLocation } from "../../../src/site/settings.ts";

const project = { origin: "https://user.github.io", pathPrefix: "/reading-list/" };
const domain = { origin: "https://papers.example.org", pathPrefix: "/" };
const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false });

describe("what the workflow passes from actions/configure-pages", () => {
  it.each([
    ["a project site", { SITE_URL: "https://user.github.io/reading-list", PATH_PREFIX: "/reading-list" }, project],
    ["a user site", { SITE_URL: "https://user.github.io", PATH_PREFIX: "" }, { origin: "https://user.github.io", pathPrefix: "/" }],
    ["a custom domain", { SITE_URL: "https://papers.example.org", PATH_PREFIX: "" }, domain],
  ])("%s: base_url and base_path give origin and prefix", (_name, env, expected) => {
    expect(resolveLocation(env)).toEqual(expected);
  });
});

describe("absoluteUrl", () => {
  it.each([
    [project, "/", "https://user.github.io/reading-list/"],
    [project, "/papers/x/", "https://user.github.io/reading-list/papers/x/"],
    [project, "/404.html", "https://user.github.io/reading-list/404.html"],
    [domain, "/", "https://papers.example.org/"],
    [domain, "/tags/llm-日本語/", "https://papers.example.org/tags/llm-%E6%97%A5%E6%9C%AC%E8%AA%9E/"],
    [domain, "/tags/a b/", "https://papers.example.org/tags/a%20b/"],
  ])("%o + %s → %s", (location, url, expected) => {
    expect(absoluteUrl(location, url)).toBe(expected);
  });
});

describe("sitemapUrls", () => {
  const pages = [
    { url: "/tags/", outputPath: "_site/tags/index.html" },
    { url: "/", outputPath: "_site/index.html" },
    { url: "/feed.xml", outputPath: "_site/feed.xml" },
    { url: "/feed.json", outputPath: "_site/feed.json" },
    { url: "/404.html", outputPath: "_site/404.html" },
    { url: "/papers/b/", outputPath: "_site/papers/b/index.html" },
    { url: "/papers/a/", outputPath: "_site/papers/a/index.html" },
  ];

  it("keeps HTML pages only, drops exclusions, and sorts", () => {
    expect(sitemapUrls(pages, project, ["/404.html"])).toEqual([
      "https://user.github.io/reading-list/",
      "https://user.github.io/reading-list/papers/a/",
      "https://user.github.io/reading-list/papers/b/",
      "https://user.github.io/reading-list/tags/",
    ]);
  });

  it("gives the same list whatever order the pages come in", () => {
    expect(sitemapUrls([...pages].reverse(), domain, [])).toEqual(sitemapUrls(pages, domain, []));
  });
});

describe("sitemapFiles", () => {
  it("writes one urlset with every URL escaped", () => {
    const urls = ["https://x.org/a/", "https://x.org/q?a=1&b=<2>"];
    const files = sitemapFiles(urls, "https://x.org/");
    expect(files.map((f) => f.file)).toEqual(["sitemap.xml"]);
    const doc = xml.parse(files[0]!.xml);
    expect(doc.urlset["@_xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(doc.urlset.url.map((u: { loc: string }) => u.loc)).toEqual(urls);
    expect(files[0]!.xml).toContain("a=1&amp;b=&lt;2&gt;");
  });

  it("splits above the limit into numbered files and an index of them", () => {
    const urls = ["a", "b", "c", "d", "e"].map((p) => `https://user.github.io/reading-list/${p}/`);
    const files = sitemapFiles(urls, "https://user.github.io/reading-list/", 2);
    expect(files.map((f) => f.file)).toEqual(["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]);
    const index = xml.parse(files[0]!.xml);
    expect(index.sitemapindex.sitemap.map((s: { loc: string }) => s.loc)).toEqual([
      "https://user.github.io/reading-list/sitemap-1.xml",
      "https://user.github.io/reading-list/sitemap-2.xml",
      "https://user.github.io/reading-list/sitemap-3.xml",
    ]);
    const parts = files.slice(1).map((f) => [xml.parse(f.xml).urlset.url].flat().map((u: { loc: string }) => u.loc));
    expect(parts.flat()).toEqual(urls);
  });

  it("writes a valid, empty urlset for a site with no pages", () => {
    expect(xml.parse(sitemapFiles([], "https://x.org/")[0]!.xml).urlset).toBeDefined();
  });
});

describe("robotsTxt", () => {
  it.each([
    ["https://user.github.io/reading-list/sitemap.xml", "User-agent: *\nDisallow:\n\nSitemap: https://user.github.io/reading-list/sitemap.xml\n"],
    [undefined, "User-agent: *\nDisallow:\n"],
  ])("sitemap %s", (sitemap, expected) => {
    expect(robotsTxt(sitemap)).toBe(expected);
  });
});

describe("hiddenPaths", () => {
  it.each([
    [["index.html", "papers/x/index.html", "assets/a_b.css"], []],
    [["_drafts/x/index.html", "index.html"], ["_drafts/x/index.html"]],
    [["papers/_x/index.html", "_headers"], ["_headers", "papers/_x/index.html"]],
    [[".nojekyll", "tags/c_/index.html"], []],
  ])("%o → %o", (paths, expected) => {
    expect(hiddenPaths(paths)).toEqual(expected);
  });
});

describe("parseCname", () => {
  it.each([
    ["papers.example.org\n", "papers.example.org"],
    ["\uFEFFPapers.Example.ORG\r\n", "papers.example.org"],
    ["  www.example.co.uk  \n\n", "www.example.co.uk"],
  ])("%j → %s", (text, host) => {
    expect(parseCname(text, "content/CNAME")).toBe(host);
  });

  it.each(["https://papers.example.org/", "papers.example.org/path", "", "a.example.org\nb.example.org", "localhost", "bad_host.example.org"])(
    "rejects %j, naming the file and the fix",
    (text) => {
      expect(() => parseCname(text, "content/CNAME")).toThrow(/\[shelfmark:pages\] content\/CNAME: expected one host name.*Fix:/);
    },
  );
});

describe("asideSummary", () => {
  const page = (noun?: string) => ({ url: "/x/", outputPath: "_site/x/index.html", noun });
  it.each([
    ["nothing", [], "no pages"],
    ["one kind", [page("paper page")], "1 paper page"],
    ["two kinds, in the order they came", [page("paper page"), page("tag page"), page("paper page")], "2 paper pages and 1 tag page"],
    ["three kinds", [page("paper page"), page("home page"), page("home page"), page("status page")], "1 paper page, 2 home pages and 1 status page"],
    ["a page without a noun", [page()], "1 page"],
  ])("%s", (_what, pages, expected) => {
    expect(asideSummary(pages)).toBe(expected);
  });
});

describe("asideClashes", () => {
  const aside = [
    { url: "/tags/llm/", outputPath: "_site/tags/llm/index.html", noun: "tag page" },
    { url: "/papers/a/", outputPath: "/p/_site/papers/a/index.html", noun: "paper page" },
  ];
  it.each([
    ["no result takes an aside page's file", [{ url: "/about/", outputPath: "./_site/about/index.html", inputPath: "./content/about.njk" }], []],
    ["a relative path and a plain one are the same file", [{ url: "/tags/llm/", outputPath: "./_site/tags/llm/index.html", inputPath: "./content/mine.njk" }], ["_site/tags/llm/index.html: from content/mine.njk and shelfmark's tag page /tags/llm/"]],
    ["an absolute aside path", [{ url: "/papers/a/", outputPath: "_site/papers/a/index.html", inputPath: "./content/a.md" }], ["_site/papers/a/index.html: from content/a.md and shelfmark's paper page /papers/a/"]],
    ["a template that writes nothing", [{ url: "/x/", outputPath: false, inputPath: "./content/x.njk" }], []],
  ])("%s", (_what, results, expected) => {
    expect(asideClashes(results, aside, "/p")).toEqual(expected);
  });
});
