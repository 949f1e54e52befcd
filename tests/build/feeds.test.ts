import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attr, parseHtml } from "../helpers/html.ts";
import {
  checkAtom,
  checkEntries,
  checkJsonFeed,
  checkOpml,
  checkRss,
  expectBuilt,
  readWithFeedParser,
  type CheckedFeed,
} from "../helpers/feed-spec.ts";
import { Fixture, listFiles, paper } from "../helpers/site.ts";

// 60 ordinary papers on distinct days, a hostile one (newest), one with nothing but a title, and a draft.
// Tags: every paper "Filler"; every third "LLM" (some spelt "llm"); every fifth "C++".
const ORDINARY = 60;
const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
// The schema rejects control characters in fields; notes (free markdown) may still carry one.
const HOSTILE_TITLE = `A & B <i>x</i> ]]> "q" 'a' end`;
const HOSTILE_TITLE_CLEAN = HOSTILE_TITLE;

function fixturePapers(): Record<string, string> {
  const papers: Record<string, string> = {};
  for (let i = 1; i <= ORDINARY; i++) {
    const tags = ["Filler", ...(i % 3 === 0 ? [i % 2 ? "LLM" : "llm"] : []), ...(i % 5 === 0 ? ["C++"] : [])];
    papers[`paper-${String(i).padStart(2, "0")}`] = paper(
      { title: `"Ordinary paper ${i}"`, added: day(i), tags: JSON.stringify(tags), authors: `["Author ${i}", "Second & Co"]`, abstract: `"Abstract ${i}: x < y"` },
      `Notes for ${i}.`,
    );
  }
  papers["hostile"] = paper(
    {
      title: JSON.stringify(HOSTILE_TITLE),
      added: "2026-01-02",
      tags: `["C++", "日本語", "R&D", "LLM"]`,
      authors: `["Ada <Lovelace> & Co", "Bob \\"B\\" ]]>"]`,
      abstract: `"x < y & z ]]> <b>not bold</b>"`,
    },
    "# Notes\n\n<script>alert(1)</script> ]]> \u0001 &amp; [first](/papers/paper-01/) [second](../paper-02/) [out](https://example.org/?a=1&b=2)\n",
  );
  papers["bare"] = paper({ title: "Nothing but a title", added: "2025-12-31" });
  papers["secret-draft"] = paper({ title: "A draft", added: "2026-02-01", draft: "true", tags: "[LLM]" });
  return papers;
}

/** Papers per tag in the fixture, for the expected entry counts. */
function expectedTagCounts(): Record<string, number> {
  const counts: Record<string, number> = { filler: ORDINARY, llm: 1, "c-plus-plus": 1, 日本語: 1, "r-and-d": 1 };
  for (let i = 1; i <= ORDINARY; i++) {
    if (i % 3 === 0) counts.llm! += 1;
    if (i % 5 === 0) counts["c-plus-plus"]! += 1;
  }
  return counts;
}

interface BuiltSite {
  out: string;
  base: string;
  files: string[];
}

const FEED_FILES = ["feed.xml", "rss.xml", "feed.json"];

function feedFilesOf(site: BuiltSite): string[] {
  return site.files.filter((f) => FEED_FILES.includes(path.basename(f)) && (f === path.basename(f) || /^tags\/[^/]+\/[^/]+$/.test(f)));
}

async function readFeed(site: BuiltSite, file: string): Promise<{ source: string; feed: CheckedFeed }> {
  const source = await readFile(path.join(site.out, file), "utf8");
  const feed = file.endsWith(".json") ? checkJsonFeed(source) : file.endsWith("rss.xml") ? checkRss(source) : checkAtom(source);
  checkEntries(feed);
  return { source, feed };
}

describe("feeds", () => {
  let fixture: Fixture;
  let root: BuiltSite;
  let again: BuiltSite;
  let sub: BuiltSite;

  async function build(options: { siteUrl: string; pathPrefix?: string }, outDir: string): Promise<BuiltSite> {
    const result = await fixture.build(options, outDir);
    expect(result.code, result.stderr).toBe(0);
    return { out: result.out, base: options.siteUrl + (options.pathPrefix ?? "/"), files: await listFiles(result.out) };
  }

  beforeAll(async () => {
    fixture = await Fixture.create({ papers: fixturePapers() });
    root = await build({ siteUrl: "https://example.org" }, "_site");
    again = await build({ siteUrl: "https://example.org" }, "_site_again");
    sub = await build({ siteUrl: "https://user.github.io", pathPrefix: "/reading-list/" }, "_site_sub");
  });
  afterAll(() => fixture?.cleanup());

  it("writes Atom, RSS and JSON Feed for the site and for every tag, and an OPML", () => {
    const tagDirs = Object.keys(expectedTagCounts()).map((slug) => `tags/${slug}/`);
    const expected = ["", ...tagDirs].flatMap((dir) => FEED_FILES.map((f) => dir + f)).sort();
    expect(feedFilesOf(root).sort()).toEqual(expected);
    expect(root.files).toContain("feeds.opml");
    expect(root.files).toContain("feeds/index.html");
  });

  describe.each([
    ["at the root", () => root],
    ["under /reading-list/", () => sub],
  ])("%s", (_, site) => {
    it("every feed meets its specification, with absolute self and home links that resolve", async () => {
      for (const file of feedFilesOf(site())) {
        const { feed } = await readFeed(site(), file);
        expect(feed.self, file).toBe(site().base + file.split("/").map(encodeURIComponent).join("/"));
        expectBuilt(feed.self, site().base, site().out);
        expectBuilt(feed.home, site().base, site().out);
        for (const entry of feed.entries) expectBuilt(entry.url, site().base, site().out);
      }
    });

    it("the site feeds hold the newest 50 papers, drafts left out, newest first", async () => {
      for (const file of FEED_FILES) {
        const { feed } = await readFeed(site(), file);
        expect(feed.entries, file).toHaveLength(50);
        expect(feed.entries[0]!.id).toBe(`${site().base}papers/hostile/`);
        expect(feed.entries[1]!.id).toBe(`${site().base}papers/bare/`);
        expect(feed.entries[2]!.id).toBe(`${site().base}papers/paper-60/`);
        expect(feed.entries.some((e) => e.id.includes("secret-draft"))).toBe(false);
      }
    });

    it("a tag's feeds hold that tag's papers, up to 50", async () => {
      for (const [slug, count] of Object.entries(expectedTagCounts())) {
        for (const file of FEED_FILES) {
          const { feed } = await readFeed(site(), `tags/${slug}/${file}`);
          expect(feed.entries.length, `${slug}/${file}`).toBe(Math.min(50, count));
        }
      }
      const cpp = (await readFeed(site(), "tags/c-plus-plus/feed.xml")).feed;
      expect(cpp.entries.every((e) => e.categories.includes("C++"))).toBe(true);
    });

    it("ids are the papers' absolute URLs and agree across the three formats", async () => {
      const [atom, rss, json] = await Promise.all(FEED_FILES.map((f) => readFeed(site(), f)));
      const ids = atom!.feed.entries.map((e) => e.id);
      expect(rss!.feed.entries.map((e) => e.id)).toEqual(ids);
      expect(json!.feed.entries.map((e) => e.id)).toEqual(ids);
      expect(ids.every((id) => id.startsWith(`${site().base}papers/`))).toBe(true);
    });

    it("the updated date is the newest entry's, and entries carry their added date", async () => {
      const { feed } = await readFeed(site(), "feed.xml");
      expect(feed.updated).toBe("2026-01-02T00:00:00Z");
      expect(feed.entries[2]!.date).toBe(`${day(60)}T00:00:00Z`);
      const llm = (await readFeed(site(), "tags/llm/feed.xml")).feed;
      expect(llm.updated).toBe(llm.entries[0]!.date);
    });

    it("links in notes become absolute and resolve", async () => {
      const { feed } = await readFeed(site(), "feed.xml");
      const hrefs = parseHtml(feed.entries[0]!.content!).attrs("href");
      expect(hrefs).toEqual([`${site().base}papers/paper-01/`, `${site().base}papers/paper-02/`, "https://example.org/?a=1&b=2"]);
      for (const href of hrefs.slice(0, 2)) expectBuilt(href, site().base, site().out);
    });

    it("the OPML lists the site's feed and every tag's, all of which resolve", async () => {
      const opml = checkOpml(await readFile(path.join(site().out, "feeds.opml"), "utf8"));
      expect(opml.feeds).toHaveLength(1 + Object.keys(expectedTagCounts()).length);
      expect(opml.feeds[0]!.xmlUrl).toBe(`${site().base}feed.xml`);
      for (const f of opml.feeds) {
        expectBuilt(f.xmlUrl!, site().base, site().out);
        expectBuilt(f.htmlUrl!, site().base, site().out);
      }
    });

    it("pages advertise feeds: the home its site's, a tag page its own first", async () => {
      const prefix = new URL(site().base).pathname;
      const alternates = async (file: string) =>
        parseHtml(await readFile(path.join(site().out, file), "utf8"))
          .all("link", (el) => attr(el, "rel") === "alternate")
          .map((el) => [attr(el, "type"), attr(el, "href")]);
      const siteFeeds = [
        ["application/atom+xml", `${prefix}feed.xml`],
        ["application/rss+xml", `${prefix}rss.xml`],
        ["application/feed+json", `${prefix}feed.json`],
      ];
      expect(await alternates("index.html")).toEqual(siteFeeds);
      expect(await alternates("papers/bare/index.html")).toEqual(siteFeeds);
      expect(await alternates("tags/c-plus-plus/index.html")).toEqual([
        ["application/atom+xml", `${prefix}tags/c-plus-plus/feed.xml`],
        ["application/rss+xml", `${prefix}tags/c-plus-plus/rss.xml`],
        ["application/feed+json", `${prefix}tags/c-plus-plus/feed.json`],
        ...siteFeeds,
      ]);
    });

    it("the /feeds/ page links every feed and the OPML, with a note on subscribing", async () => {
      const page = parseHtml(await readFile(path.join(site().out, "feeds/index.html"), "utf8"));
      const hrefs = page.attrs("href").filter((h) => /\.(xml|json|opml)$/.test(h));
      const prefix = new URL(site().base).pathname;
      const expected = ["feed.xml", "rss.xml", "feed.json", "feeds.opml", ...Object.keys(expectedTagCounts()).flatMap((s) => FEED_FILES.map((f) => `tags/${s}/${f}`))];
      expect(new Set(hrefs)).toEqual(new Set(expected.map((f) => prefix + f)));
      for (const href of hrefs) expectBuilt(new URL(href, site().base).href, site().base, site().out);
      expect(page.all("h2").map((h) => h.childNodes.map((c) => ("value" in c ? c.value : "")).join(""))).toContain("How to subscribe");
    });
  });

  it("hostile titles, names and notes stay text, and control characters are dropped", async () => {
    for (const file of ["feed.xml", "rss.xml", "feed.json", "tags/日本語/feed.xml"]) {
      const { source, feed } = await readFeed(root, file);
      const hostile = feed.entries.find((e) => e.id.endsWith("/papers/hostile/"))!;
      expect(hostile.title, file).toBe(HOSTILE_TITLE_CLEAN);
      expect(hostile.authors, file).toEqual(["Ada <Lovelace> & Co", 'Bob "B" ]]>']);
      expect(hostile.categories, file).toEqual(["C++", "日本語", "R&D", "LLM"]);
      expect(source.includes("\u0001"), file).toBe(false);
      if (hostile.content) {
        const notes = parseHtml(hostile.content);
        expect(notes.all("script"), file).toEqual([]);
      }
    }
  });

  it("a feed-parsing library reads every XML feed as the XML parser does", async () => {
    for (const file of feedFilesOf(sub).filter((f) => f.endsWith(".xml"))) {
      const { source, feed } = await readFeed(sub, file);
      const parsed = readWithFeedParser(source);
      expect(parsed.title, file).toBe(feed.title);
      expect(parsed.self, file).toBe(feed.self);
      expect(parsed.items.map((i) => i.url), file).toEqual(feed.entries.map((e) => e.url));
      expect(parsed.items.map((i) => (i.published ?? i.updated)?.toISOString().replace(".000Z", "Z")), file).toEqual(feed.entries.map((e) => e.date));
    }
  });

  it("an unchanged list gives byte-identical feeds", async () => {
    const files = [...feedFilesOf(root), "feeds.opml"];
    expect(feedFilesOf(again).length).toBe(feedFilesOf(root).length);
    for (const file of files) {
      const [a, b] = await Promise.all([readFile(path.join(root.out, file)), readFile(path.join(again.out, file))]);
      expect(a.equals(b), file).toBe(true);
    }
  });

  describe("after a paper is added", () => {
    let next: BuiltSite;
    beforeAll(async () => {
      await fixture.writePaper("newcomer", paper({ title: "A newcomer", added: "2026-03-01", tags: "[LLM]" }));
      next = await build({ siteUrl: "https://example.org" }, "_site_next");
      await fixture.removePaper("newcomer");
    });

    it("existing entries keep their ids; the new one comes first and moves the updated date", async () => {
      for (const file of ["feed.xml", "rss.xml", "feed.json", "tags/llm/feed.xml"]) {
        const before = (await readFeed(root, file)).feed;
        const after = (await readFeed(next, file)).feed;
        expect(after.entries[0]!.id, file).toBe("https://example.org/papers/newcomer/");
        const kept = after.entries.slice(1).map((e) => e.id);
        expect(kept, file).toEqual(before.entries.slice(0, kept.length).map((e) => e.id));
      }
      expect((await readFeed(next, "feed.xml")).feed.updated).toBe("2026-03-01T00:00:00Z");
      // A tag the new paper does not have is unchanged, byte for byte.
      const [a, b] = await Promise.all([readFile(path.join(root.out, "tags/c-plus-plus/feed.xml")), readFile(path.join(next.out, "tags/c-plus-plus/feed.xml"))]);
      expect(a.equals(b)).toBe(true);
    });
  });
});
