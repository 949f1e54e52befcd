import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prefixHtml } from "../../src/site/path-prefix.ts";
import { attr, elements, parseHtml, text } from "../helpers/html.ts";
import { Fixture, listFiles, paper, SERVE_START_MS } from "../helpers/site.ts";
import { DEV_SERVER_DEADLINE_MS, untilServed } from "../helpers/wait.ts";

// 53 ordinary papers (two home pages), plus the awkward ones every build must survive.
function fixturePapers(): Record<string, string> {
  const papers: Record<string, string> = {};
  for (let i = 1; i <= 53; i++) {
    const day = String((i % 28) + 1).padStart(2, "0");
    const month = String((i % 12) + 1).padStart(2, "0");
    papers[`paper-${i}`] = paper({ title: `"Ordinary paper number ${i}"`, added: `2025-${month}-${day}`, tags: "[Filler]" });
  }
  papers["hostile"] = paper(
    {
      title: `"<script>alert('t')</script> & \\"quotes\\" <b>bold</b>"`,
      added: "2026-01-02",
      tags: `["<img src=x onerror=alert(1)>", "LLM"]`,
      authors: `["Ada <Lovelace>"]`,
      abstract: `"a*b*c and x < y & z, with <em>tags</em> and [a link](javascript:alert(1))"`,
      url: `"https://example.org/?a=1&b=\\"2\\""`,
    },
    "# Notes heading\n\n<script>alert('notes')</script>\n\n<img src=x onerror=alert(2)>\n\n[bad](javascript:alert(3)) [data](data:text/html,x) [good](https://example.org/ok)\n",
  );
  papers["windows"] = "\uFEFF---\r\ntitle: Written on Windows\r\nadded: 2026-01-01\r\ntags: [llm]\r\n---\r\nLine one\r\n\r\nLine two\r\n";
  papers["secret-draft"] = paper({ title: "A draft", added: "2026-02-01", draft: "true" });
  return papers;
}

describe("a production build of a valid list", () => {
  let fixture: Fixture;
  let files: string[];

  beforeAll(async () => {
    fixture = await Fixture.create({ papers: fixturePapers() });
    const result = await fixture.build();
    expect(result.code, result.stderr).toBe(0);
    files = await listFiles(fixture.path("_site"));
  });
  afterAll(() => fixture?.cleanup());

  it("writes one page per non-draft paper at /papers/<slug>/", () => {
    const pages = files.filter((f) => /^papers\/[^/]+\/index\.html$/.test(f));
    expect(pages).toHaveLength(55);
    expect(files).toContain("papers/hostile/index.html");
    expect(files).toContain("papers/windows/index.html");
    expect(files.some((f) => f.includes("secret-draft"))).toBe(false);
  });

  it("lists papers newest first, 50 a page, with status, date, tags and an excerpt", async () => {
    const home = parseHtml(await fixture.read("_site/index.html"));
    const items = home.all("li", (el) => attr(el, "class") === "paper-item");
    expect(items).toHaveLength(50);
    const titles = items.map((li) => text(elements(li).find((e) => e.tagName === "a")!));
    expect(titles[0]).toContain("<script>alert('t')</script>");
    expect(titles[1]).toBe("Written on Windows");
    const dates = home.all("time").map((t) => attr(t, "datetime")!);
    expect([...dates].sort().reverse()).toEqual(dates);
    const badges = items.filter((li) => elements(li).some((el) => (attr(el, "class") ?? "").startsWith("status ")));
    expect(badges).toHaveLength(50);
    expect(files).toContain("page/2/index.html");
    const second = parseHtml(await fixture.read("_site/page/2/index.html"));
    expect(second.all("li", (el) => attr(el, "class") === "paper-item")).toHaveLength(5);
    expect(second.all("a", (el) => attr(el, "rel") === "prev").map((a) => attr(a, "href"))).toEqual(["/"]);
  });

  it("gives a paper page one <h1>, the exact title, authors, tags linking to tag pages and links", async () => {
    const page = parseHtml(await fixture.read("_site/papers/hostile/index.html"));
    const h1 = page.all("h1");
    expect(h1).toHaveLength(1);
    expect(text(h1[0]!)).toBe(`<script>alert('t')</script> & "quotes" <b>bold</b>`);
    expect(page.all("a").map((a) => attr(a, "href"))).toEqual(expect.arrayContaining(["/tags/llm/", "https://example.org/?a=1&b=\"2\""]));
    expect(text(page.all("p", (el) => attr(el, "class") === "paper-authors")[0]!)).toBe("Ada <Lovelace>");
    expect(attr(page.all("html")[0]!, "lang")).toBe("en");
  });

  it("keeps hostile content inert: no script, handler or javascript: link comes from user text", async () => {
    const source = await fixture.read("_site/papers/hostile/index.html");
    const page = parseHtml(source);
    // Scripts may only be the site's own files or JSON-LD built by shelfmark; none may come from user text.
    for (const script of page.all("script")) {
      const src = attr(script, "src");
      if (src) expect(src).toMatch(/^\/(assets|pagefind)\//);
      else expect(attr(script, "type")).toBe("application/ld+json");
    }
    expect(source).not.toContain("<script>alert");
    expect(page.all("img")).toHaveLength(0);
    expect(page.all("b")).toHaveLength(0);
    for (const el of elements(page.root)) {
      for (const a of el.attrs) {
        expect(a.name.startsWith("on"), `${el.tagName} has ${a.name}`).toBe(false);
        expect(a.value.trim().toLowerCase().startsWith("javascript:")).toBe(false);
        expect(a.value.trim().toLowerCase().startsWith("data:")).toBe(false);
      }
    }
    const notes = page.all("section", (el) => attr(el, "class") === "paper-notes")[0]!;
    expect(text(notes)).toContain("<script>alert('notes')</script>");
    expect(elements(notes).filter((e) => e.tagName === "a").map((a) => attr(a, "href"))).toEqual(["https://example.org/ok"]);
    expect(elements(notes).some((e) => e.tagName === "h1" || e.tagName === "h2" && text(e) !== "Notes")).toBe(false);
  });

  it("renders abstracts as plain text, never markdown", async () => {
    const page = parseHtml(await fixture.read("_site/papers/hostile/index.html"));
    const abstract = page.all("section", (el) => attr(el, "class") === "paper-abstract")[0]!;
    expect(text(abstract)).toContain("a*b*c and x < y & z, with <em>tags</em> and [a link](javascript:alert(1))");
    expect(elements(abstract).map((e) => e.tagName)).toEqual(["section", "h2", "p"]);
  });

  it("reads CRLF + BOM files like LF files", async () => {
    const page = parseHtml(await fixture.read("_site/papers/windows/index.html"));
    expect(text(page.all("h1")[0]!)).toBe("Written on Windows");
    const notes = page.all("section", (el) => attr(el, "class") === "paper-notes")[0]!;
    expect(elements(notes).filter((e) => e.tagName === "p").map(text)).toEqual(["Line one", "Line two"]);
  });

  it("merges tag spellings: `LLM` and `llm` are one tag", async () => {
    const windows = parseHtml(await fixture.read("_site/papers/windows/index.html"));
    const tags = windows.all("a", (el) => attr(el, "class") === "tag");
    expect(tags.map((a) => [text(a), attr(a, "href")])).toEqual([["LLM", "/tags/llm/"]]);
  });

  it("does not leave output of deleted papers behind", async () => {
    await fixture.removePaper("paper-1");
    const result = await fixture.build();
    expect(result.code, result.stderr).toBe(0);
    expect(fixture.exists("_site/papers/paper-1/index.html")).toBe(false);
    expect(fixture.exists("_site/papers/paper-2/index.html")).toBe(true);
  });
});

describe("a build under a sub-path", () => {
  let fixture: Fixture;
  // Notes with every kind of link the transform treats differently.
  const linkNotes = paper(
    { title: "Links in notes", added: "2026-01-03" },
    "See [a paper](/papers/windows/), [relatively](../windows/), [a heading](/papers/windows/#notes), [here](#notes-heading), " +
      "[the root](/), [a search](/search/?q=kv%20cache&x=1), [./dot](./x/), [outside](https://example.org/?a=1&b=2) and ![an image](/assets/favicon.svg).\n",
  );

  beforeAll(async () => {
    fixture = await Fixture.create({ papers: { ...fixturePapers(), "link-notes": linkNotes } });
    const result = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" });
    expect(result.code, result.stderr).toBe(0);
  });
  afterAll(() => fixture?.cleanup());

  it("prefixes every internal link and asset with /reading-list/", async () => {
    const files = (await listFiles(fixture.path("_site"))).filter((f) => f.endsWith(".html"));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const page = parseHtml(await fixture.read(`_site/${file}`));
      const urls = [...page.attrs("href"), ...page.attrs("src"), ...page.attrs("action")];
      for (const url of urls) {
        // Relative links (in the link notes) stay under the prefix by themselves.
        if (/^(https?:|mailto:|#)/.test(url) || !url.startsWith("/")) continue;
        expect(url, `${file}: ${url}`).toMatch(/^\/reading-list\//);
      }
    }
  });

  it("writes paper and list pages with the prefix itself, exactly as the path-prefix transform would have", async () => {
    // Paper, home, tag and status pages skip the transform (src/site/path-prefix.ts prefixedLinks): their layouts add
    // the prefix to each link themselves, notes included. The same list built at the root, then rewritten by the
    // transform, must give the same pages byte for byte, once the absolute URLs (which carry the prefix) are put
    // back: every page of the site, so that the pages the transform still rewrites are checked the same way.
    const root = await fixture.build({ siteUrl: "https://example.github.io" }, "_site-root");
    expect(root.code, root.stderr).toBe(0);
    const pages = (await listFiles(fixture.path("_site"))).filter((f) => f.endsWith(".html"));
    expect(pages.filter((f) => f.startsWith("papers/")).length).toBe(Object.keys(fixturePapers()).length); // the draft left out, the link notes added
    expect(pages).toEqual(expect.arrayContaining(["index.html", "page/2/index.html", "tags/filler/index.html", "status/to-read/index.html"]));
    expect(await fixture.read("_site/papers/link-notes/index.html")).toContain('<a href="/reading-list/papers/windows/#notes">a heading</a>');
    // The search page also names the index and the site's base in data attributes, which the transform leaves.
    for (const file of pages.filter((f) => f !== "search/index.html")) {
      const prefixed = (await fixture.read(`_site/${file}`)).replaceAll("https://example.github.io/reading-list/", "https://example.github.io/");
      expect(prefixed, file).toBe(prefixHtml(await fixture.read(`_site-root/${file}`), "/reading-list/"));
    }
  });

  it("makes canonical URLs absolute with the sub-path", async () => {
    const page = parseHtml(await fixture.read("_site/papers/windows/index.html"));
    const canonical = page.all("link", (el) => attr(el, "rel") === "canonical")[0]!;
    expect(attr(canonical, "href")).toBe("https://example.github.io/reading-list/papers/windows/");
  });
});

describe("drafts and the dev server", () => {
  // The dev server is waited on by its own signals (its "Server at" line, then the page served), each with a
  // generous limit: alongside the whole suite on two cores its start takes many times longer than alone.
  it("drafts never reach a production build, but the dev server shows them", { timeout: SERVE_START_MS + DEV_SERVER_DEADLINE_MS + 120_000 }, async () => {
    const fixture = await Fixture.create({ papers: { live: paper({ title: "Live", added: "2024-01-01" }), wip: paper({ title: "WIP", added: "2024-01-02", draft: "true" }) } });
    const port = 18000 + Math.floor(Math.random() * 2000);
    const server = fixture.serve(port, "_dev");
    try {
      const prod = await fixture.build();
      expect(prod.code, prod.stderr).toBe(0);
      expect(fixture.exists("_site/papers/wip/index.html")).toBe(false);
      expect(fixture.exists("_site/papers/live/index.html")).toBe(true);

      const origin = await server.ready;
      const draft = await untilServed(`${origin}/papers/wip/`, (body) => parseHtml(body).all("h1").length > 0);
      expect(text(parseHtml(draft).all("h1")[0]!)).toBe("WIP");
    } finally {
      server.stop();
      await fixture.cleanup();
    }
  });
});
