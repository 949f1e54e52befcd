import { describe, expect, it } from "vitest";
import { htmlBaseUrl, prefixHtml, prefixUrl } from "../../../src/site/path-prefix.ts";

const P = "/reading-list/";

// Expected values are what Eleventy 3.1's HtmlBasePlugin writes for the same input (checked against it).
describe("prefixUrl", () => {
  it.each([
    ["/", "/reading-list/"],
    ["/x/", "/reading-list/x/"],
    ["/papers.bib", "/reading-list/papers.bib"],
    [" /tags/x/ ", "/reading-list/tags/x/"],
    ["/a//b", "/reading-list/a/b"],
    ["/a/./b/../c", "/reading-list/a/c"],
    ["/x#y", "/reading-list/x#y"],
    ["/tags/日本語/", "/reading-list/tags/日本語/"],
    ["/reading-list/", "/reading-list/"],
    ["/reading-list", "/reading-list/reading-list"],
    ["/reading-list/x", "/reading-list/reading-list/x"],
    ["https://e.org/x", "https://e.org/x"],
    ["mailto:a@b.org", "mailto:a@b.org"],
    ["//cdn.example.org/y", "//cdn.example.org/y"],
    ["#part", "#part"],
    ["?q=1", "?q=1"],
    ["./x", "x"],
    ["../x/", "../x/"],
    ["", "."],
  ])("%j → %j", (url, expected) => {
    expect(prefixUrl(url, P)).toBe(expected);
  });

  it("works with a deeper prefix", () => {
    expect(prefixUrl("/x/", "/a/b/")).toBe("/a/b/x/");
    expect(prefixUrl("/", "/a/b/")).toBe("/a/b/");
  });
});

describe("prefixHtml", () => {
  it.each([
    ["a link", `<a href="/x/">x</a>`, `<a href="/reading-list/x/">x</a>`],
    ["single quotes kept", `<a href='/x/'>x</a>`, `<a href='/reading-list/x/'>x</a>`],
    ["unquoted value", `<a href=/x/>x</a>`, `<a href=/reading-list/x/>x</a>`],
    ["other attributes untouched, `>` inside a value", `<a class="c" href="/x/" title="a > b">x</a>`, `<a class="c" href="/reading-list/x/" title="a > b">x</a>`],
    ["stylesheet", `<link rel="stylesheet" href="/assets/theme.css">`, `<link rel="stylesheet" href="/reading-list/assets/theme.css">`],
    ["script src, boolean attribute kept as written", `<script src="/s.js" defer></script>`, `<script src="/reading-list/s.js" defer></script>`],
    ["form action", `<form action="/search/" method="get"></form>`, `<form action="/reading-list/search/" method="get"></form>`],
    ["img src and srcset", `<img src="/i.png" srcset="/a.png 1x, b.png 2x">`, `<img src="/reading-list/i.png" srcset="/reading-list/a.png 1x, b.png 2x">`],
    ["ping list", `<a ping="/p, /q" href="#top">x</a>`, `<a ping="/reading-list/p, /reading-list/q" href="#top">x</a>`],
    ["meta refresh", `<meta http-equiv="refresh" content="0; url=/x/">`, `<meta http-equiv="refresh" content="0; url=/reading-list/x/">`],
    [
      "a refresh among other meta tags",
      `<meta name="citation_pdf_url" content="/p.pdf"><meta http-equiv="refresh" content="0; url=/x/"><meta content="/y" name="z">`,
      `<meta name="citation_pdf_url" content="/p.pdf"><meta http-equiv="refresh" content="0; url=/reading-list/x/"><meta content="/y" name="z">`,
    ],
    ["tags whose names start like a wanted one", `<abbr href="/x">a</abbr><a href="/y">y</a>`, `<abbr href="/x">a</abbr><a href="/reading-list/y">y</a>`],
    ["media", `<iframe src="/f"></iframe><video poster="/p.png" src="/v.mp4"></video>`, `<iframe src="/reading-list/f"></iframe><video poster="/reading-list/p.png" src="/reading-list/v.mp4"></video>`],
    ["links inside SVG", `<svg><a href="/x/"><rect/></a></svg>`, `<svg><a href="/reading-list/x/"><rect/></a></svg>`],
    ["absolute and fragment links stay", `<a href="https://e.org/">e</a><a href="#top">t</a>`, `<a href="https://e.org/">e</a><a href="#top">t</a>`],
  ])("%s", (_, html, expected) => {
    expect(prefixHtml(html, P)).toBe(expected);
  });

  it.each([
    ["attributes that are not URLs", `<a data-href="/x/" href="#top">x</a>`],
    ["meta content that is not a refresh", `<meta content="/x/" name="y">`],
    ["text that looks like an attribute", `<p>href="/x/"</p>`],
    ["comments", `<!-- <a href="/x/"> -->`],
    ["script content", `<script>var a = '<a href="/x/">';</script>`],
    ["style content", `<style>a[href="/x"]{}</style>`],
    ["title content", `<title>a <a href="/x/"></title>`],
    ["upper-case names (posthtml does not match them either)", `<A HREF="/x/">x</A>`],
    ["an attribute named like an object property", `<a constructor="/x">x</a>`],
  ])("leaves %s alone", (_, html) => {
    expect(prefixHtml(html, P)).toBe(html);
  });

  it("rewrites links after skipped script and style content", () => {
    expect(prefixHtml(`<script>"<a href='/x'>"</script><style>p{}</style><a href="/y">y</a>`, P)).toBe(`<script>"<a href='/x'>"</script><style>p{}</style><a href="/reading-list/y">y</a>`);
  });

  it("returns the very same string when nothing changes", () => {
    const html = `<!doctype html><p>No links here.</p>`;
    expect(prefixHtml(html, P)).toBe(html);
  });
});

// The `htmlBaseUrl` filter, as HtmlBasePlugin's: absolute URLs for canonical links, Open Graph and JSON-LD.
describe("htmlBaseUrl", () => {
  const ORIGIN = "https://example.github.io";
  it.each([
    ["/papers/x/", ORIGIN, P, undefined, "https://example.github.io/reading-list/papers/x/"],
    ["/", ORIGIN, P, undefined, "https://example.github.io/reading-list/"],
    ["/papers/x/", ORIGIN, "/", undefined, "https://example.github.io/papers/x/"],
    ["/tags/日本語/", ORIGIN, P, undefined, "https://example.github.io/reading-list/tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/"],
    ["../y/", ORIGIN, P, "/papers/x/", "https://example.github.io/reading-list/papers/y/"],
    ["https://other.org/a", ORIGIN, P, undefined, "https://other.org/a"],
    ["/feed.xml", "https://e.org/sub/", P, undefined, "https://e.org/reading-list/feed.xml"],
    ["/x/", P, P, undefined, "/reading-list/x/"],
    ["/x/", "/", P, undefined, "/x/"],
  ])("%s with base %s and prefix %s", (url, base, prefix, pageUrl, expected) => {
    expect(htmlBaseUrl(url, base, prefix, pageUrl)).toBe(expected);
  });
});
