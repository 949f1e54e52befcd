import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLibrary, loadPapers } from "../../src/papers/library.ts";
import { loadSettings } from "../../src/site/settings.ts";
import { checkAtom, checkEntries, checkJsonFeed, checkRss, expectBuilt } from "../helpers/feed-spec.ts";
import { attr, elements, parseHtml, text, type Html } from "../helpers/html.ts";
import { Fixture, listFiles, paper, SEED_CONTENT } from "../helpers/site.ts";

// Awkward tags: symbols (C, C++, C#), a script without transliteration, case variants of one tag, and
// names that need escaping. "Big" has 120 papers: three pages of 50.
const AWKWARD: Record<string, string[]> = {
  a: ["C", "LLM", "R&D"],
  b: ["C++", "llm", "a < b"],
  c: ["C#", "LLM", 'say "hi"'],
  d: ["日本語", "<script>alert(1)</script>"],
};
const TAXONOMY = `- name: llm
  description: Large language models & <their> "uses".
  match: [language model]
- name: C++
  description: Papers about C++.
- name: Not used by any paper
  description: Never shown.
`;

function fixturePapers(): Record<string, string> {
  const papers: Record<string, string> = {};
  Object.entries(AWKWARD).forEach(([slug, tags], i) => {
    papers[slug] = paper({ title: `"Awkward ${slug}"`, added: `2026-01-0${i + 1}`, tags: JSON.stringify(tags) });
  });
  for (let i = 1; i <= 120; i++) {
    const added = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    papers[`big-${String(i).padStart(3, "0")}`] = paper({ title: `"Big paper ${i}"`, added, tags: "[Big]" });
  }
  return papers;
}

const EXPECTED = [
  // name, slug, count (sorted by name as the index shows them)
  ["<script>alert(1)</script>", "script-alert-1-script", 1],
  ["a < b", "a-b", 1],
  ["Big", "big", 120],
  ["C", "c", 1],
  ["C#", "c-sharp", 1],
  ["C++", "c-plus-plus", 1],
  ["LLM", "llm", 3],
  ["R&D", "r-and-d", 1],
  ['say "hi"', "say-hi", 1],
  ["日本語", "日本語", 1],
] as const;

async function page(out: string, rel: string): Promise<Html> {
  return parseHtml(await readFile(path.join(out, rel), "utf8"));
}

const byClass = (html: Html, tag: string, cls: string) => html.all(tag, (el) => (attr(el, "class") ?? "").split(" ").includes(cls));

describe("tag pages for awkward tags", () => {
  let fixture: Fixture;
  let root: string;
  let sub: string;
  let files: string[];

  beforeAll(async () => {
    fixture = await Fixture.create({ papers: fixturePapers(), files: { "_data/taxonomy.yaml": TAXONOMY } });
    const a = await fixture.build({ siteUrl: "https://example.org" }, "_site");
    expect(a.code, a.stderr).toBe(0);
    const b = await fixture.build({ siteUrl: "https://user.github.io", pathPrefix: "/reading-list/" }, "_site_sub");
    expect(b.code, b.stderr).toBe(0);
    [root, sub] = [a.out, b.out];
    files = await listFiles(root);
  });
  afterAll(() => fixture?.cleanup());

  it("gives every tag its own page: C, C++ and C# apart, 日本語 readable, LLM and llm one tag", () => {
    for (const [, slug] of EXPECTED) expect(files, slug).toContain(`tags/${slug}/index.html`);
    expect(files.filter((f) => /^tags\/[^/]+\/index\.html$/.test(f))).toHaveLength(EXPECTED.length + 1); // + by-count
  });

  it("the index lists every tag by name, with its count, description and link", async () => {
    const index = await page(root, "tags/index.html");
    const items = byClass(index, "li", "tag-index-item");
    const rows = items.map((li) => {
      const link = elements(li).find((e) => e.tagName === "a")!;
      return [text(link), attr(link, "href")];
    });
    expect(rows.map((r) => r[0])).toEqual(EXPECTED.map((e) => e[0]));
    expect(rows.map((r) => r[1])).toEqual(EXPECTED.map((e) => `/tags/${e[1]}/`));
    const counts = items.map((li) => text(elements(li).find((e) => attr(e, "class") === "tag-count")!));
    expect(counts).toEqual(EXPECTED.map((e) => `${e[2]} paper${e[2] === 1 ? "" : "s"}`));
    const descriptions = items.map((li) => elements(li).find((e) => attr(e, "class") === "tag-description"));
    expect(text(descriptions[EXPECTED.findIndex((e) => e[0] === "LLM")]!)).toBe('Large language models & <their> "uses".');
    expect(text(descriptions[EXPECTED.findIndex((e) => e[0] === "C++")]!)).toBe("Papers about C++.");
    expect(descriptions.filter(Boolean)).toHaveLength(2);
    expect(index.source).not.toContain("Never shown");
    expect(index.all("script").map((s) => text(s))).not.toContain("alert(1)");
  });

  it("a second view sorts the index by count, and each view links the other", async () => {
    const view = await page(root, "tags/by-count/index.html");
    const names = byClass(view, "li", "tag-index-item").map((li) => text(elements(li).find((e) => e.tagName === "a")!));
    expect(names.slice(0, 2)).toEqual(["Big", "LLM"]);
    expect(names.slice(2)).toEqual(EXPECTED.filter((e) => e[2] === 1).map((e) => e[0]));
    for (const file of ["tags/index.html", "tags/by-count/index.html"]) {
      const nav = (await page(root, file)).all("nav", (el) => attr(el, "aria-label") === "Sort tags")[0]!;
      const links = elements(nav).filter((e) => e.tagName === "a");
      expect(links.map((a) => attr(a, "href"))).toEqual(["/tags/", "/tags/by-count/"]);
      expect(links.filter((a) => attr(a, "aria-current") === "page")).toHaveLength(1);
    }
  });

  it("a tag page shows the tag as its only h1, its description, its papers newest first, and its feeds", async () => {
    const llm = await page(root, "tags/llm/index.html");
    expect(llm.all("h1").map(text)).toEqual(["LLM"]);
    expect(text(byClass(llm, "p", "tag-description")[0]!)).toBe('Large language models & <their> "uses".');
    const titles = byClass(llm, "h2", "paper-item-title").map(text);
    expect(titles).toEqual(["Awkward c", "Awkward b", "Awkward a"]);
    const subscribe = byClass(llm, "aside", "subscribe")[0]!;
    expect(elements(subscribe).filter((e) => e.tagName === "a").map((a) => attr(a, "href"))).toEqual(["/tags/llm/feed.xml", "/tags/llm/rss.xml", "/tags/llm/feed.json", "/feeds/"]);
    expect(text(subscribe)).toMatch(/feed reader/);
  });

  it("escapes hostile tag names everywhere they appear", async () => {
    const hostile = await page(root, "tags/script-alert-1-script/index.html");
    expect(hostile.all("h1").map(text)).toEqual(["<script>alert(1)</script>"]);
    expect(hostile.all("script").some((s) => text(s).includes("alert(1)"))).toBe(false);
    const quoted = await page(root, "tags/say-hi/index.html");
    const alternates = quoted.all("link", (el) => attr(el, "rel") === "alternate").map((el) => attr(el, "title"));
    expect(alternates[0]).toBe('Test list: say "hi" (Atom)');
  });

  it("paginates 50 a page at /tags/<slug>/page/N/, newest first, with pager links", async () => {
    expect(files).toContain("tags/big/page/2/index.html");
    expect(files).toContain("tags/big/page/3/index.html");
    expect(files).not.toContain("tags/big/page/4/index.html");
    const dates: string[] = [];
    for (const [file, count] of [["tags/big/index.html", 50], ["tags/big/page/2/index.html", 50], ["tags/big/page/3/index.html", 20]] as const) {
      const html = await page(root, file);
      expect(byClass(html, "li", "paper-item"), file).toHaveLength(count);
      dates.push(...html.all("time").map((t) => attr(t, "datetime")!));
    }
    expect(dates).toHaveLength(120);
    expect([...dates].sort().reverse()).toEqual(dates);
    const second = await page(root, "tags/big/page/2/index.html");
    const pager = second.all("nav", (el) => attr(el, "class") === "pager")[0]!;
    expect(elements(pager).filter((e) => e.tagName === "a").map((a) => [attr(a, "rel"), attr(a, "href")])).toEqual([
      ["prev", "/tags/big/"],
      ["next", "/tags/big/page/3/"],
    ]);
  });

  it("paper pages link their tags to pages that exist", async () => {
    const paperPage = await page(root, "papers/b/index.html");
    const hrefs = paperPage.attrs("href").filter((h) => h.startsWith("/tags/") && h !== "/tags/");
    expect(hrefs.sort()).toEqual(["/tags/a-b/", "/tags/c-plus-plus/", "/tags/llm/"]);
    for (const href of hrefs) expectBuilt(`https://example.org${href}`, "https://example.org/", root);
  });

  it("under /reading-list/ every tag link, pager link and feed link carries the prefix and resolves", async () => {
    for (const file of ["tags/index.html", "tags/by-count/index.html", "tags/big/page/2/index.html", "tags/日本語/index.html"]) {
      const html = await page(sub, file);
      const internal = html.attrs("href").filter((h) => h.startsWith("/"));
      expect(internal.length, file).toBeGreaterThan(0);
      for (const href of internal) {
        expect(href, file).toMatch(/^\/reading-list\//);
        if (href.includes("?")) continue;
        expectBuilt(new URL(href, "https://user.github.io").href, "https://user.github.io/reading-list/", sub);
      }
    }
    const jp = await readFile(path.join(sub, "tags/日本語/feed.xml"), "utf8");
    expect(checkAtom(jp).self).toBe("https://user.github.io/reading-list/tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/feed.xml");
  });
});

describe("tags that cannot have their own URL", () => {
  let fixture: Fixture;
  afterAll(() => fixture?.cleanup());

  it("stops the build when two different tags would share a URL, naming both tags and their files", async () => {
    fixture = await Fixture.create({
      papers: {
        one: paper({ title: "One", added: "2024-01-01", tags: "[C++]" }),
        two: paper({ title: "Two", added: "2024-01-02", tags: '["c plus plus"]' }),
      },
    });
    const result = await fixture.build();
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('"C++"');
    expect(result.stderr).toContain('"c plus plus"');
    expect(result.stderr).toContain("content/papers/one.md");
    expect(result.stderr).toContain("content/papers/two.md");
    expect(result.stderr).toContain("/tags/c-plus-plus/");
  });

  it("stops the build when a tag would take the URL of the index by count", async () => {
    await fixture.removePaper("two");
    await fixture.writePaper("two", paper({ title: "Two", added: "2024-01-02", tags: '["By count"]' }));
    const result = await fixture.build();
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/\[shelfmark:tags\]/);
    expect(result.stderr).toContain('"By count"');
    expect(result.stderr).toContain("content/papers/two.md");
    expect(result.stderr).toContain("/tags/by-count/");
  });
});

describe("the repository's own list", () => {
  let fixture: Fixture;
  let out: string;
  afterAll(() => fixture?.cleanup());

  beforeAll(async () => {
    fixture = await Fixture.create({ seedContent: true });
    const result = await fixture.build({ siteUrl: "https://user.github.io", pathPrefix: "/reading-list/" });
    expect(result.code, result.stderr).toBe(0);
    out = result.out;
  });

  it("has a page and three valid feeds for every tag, with the right counts", async () => {
    const { feedSize } = loadSettings(path.join(SEED_CONTENT, "site.yaml"));
    const library = buildLibrary(await loadPapers({ dir: path.join(SEED_CONTENT, "papers") }), { includeDrafts: false, renderNotes: () => ({ html: "", links: [] }) });
    const index = await page(out, "tags/index.html");
    expect(byClass(index, "li", "tag-index-item")).toHaveLength(library.tags.length);
    const base = "https://user.github.io/reading-list/";
    for (const tag of library.tags) {
      const html = await page(out, `tags/${tag.slug}/index.html`);
      expect(html.all("h1").map(text), tag.name).toEqual([tag.name]);
      const dir = path.join(out, "tags", tag.slug);
      const feeds = [
        checkAtom(await readFile(path.join(dir, "feed.xml"), "utf8")),
        checkRss(await readFile(path.join(dir, "rss.xml"), "utf8")),
        checkJsonFeed(await readFile(path.join(dir, "feed.json"), "utf8")),
      ];
      for (const feed of feeds) {
        checkEntries(feed);
        expect(feed.entries.length, `${tag.name} ${feed.format}`).toBe(Math.min(feedSize, tag.papers.length));
        for (const entry of feed.entries) expectBuilt(entry.url, base, out);
      }
    }
    const site = checkAtom(await readFile(path.join(out, "feed.xml"), "utf8"));
    expect(site.entries.length).toBe(Math.min(feedSize, library.papers.length));
  });
});
