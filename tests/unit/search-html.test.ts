import { describe, expect, it } from "vitest";
import { searchableHtml } from "../../src/search.ts";

const page = (head: string, body: string) => `<!doctype html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n<title>A &amp; B · Site</title>\n${head}</head>\n<body>\n${body}\n</body>\n</html>\n`;
const ARTICLE = `<article class="paper" data-pagefind-body data-pagefind-sort="added:2024-01-02"><h1 data-pagefind-meta="title">A &amp; B</h1><article><p>nested</p></article><p data-pagefind-weight="3">Text</p></article>`;

describe("searchableHtml", () => {
  it("keeps the html tag, the title and the data-pagefind-body element, nested tags of its name included", () => {
    const html = page(`<meta name="citation_abstract" content="long">\n<script type="application/ld+json">{}</script>\n`, `<header><a href="/">Site</a></header>\n${ARTICLE}\n<section><h2>Related</h2></section>\n<footer>f</footer>`);
    expect(searchableHtml(html)).toBe(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>A &amp; B · Site</title></head><body>${ARTICLE}</body></html>`);
  });

  it.each([
    ["pages without data-pagefind-body", page("", "<main><p>Tags</p></main>")],
    ["pages with two data-pagefind-body elements", page("", `${ARTICLE}<div data-pagefind-body>second</div>`)],
    ["pages with data-pagefind attributes outside the element", page(`<meta data-pagefind-meta="image:/x.png" content="">`, ARTICLE)],
    ["pages whose element never closes", page("", `<article data-pagefind-body><p>cut`)],
    ["pages without an html tag", `<article data-pagefind-body>x</article>`],
  ])("hands over %s whole", (_, html) => {
    expect(searchableHtml(html)).toBe(html);
  });

  it("hands over whole a page whose text mentions the attribute outside the element", () => {
    const html = page(`<meta name="description" content="About data-pagefind-body">`, ARTICLE);
    expect(searchableHtml(html)).toBe(html);
  });
});
