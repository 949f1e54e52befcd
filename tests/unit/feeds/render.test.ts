import { describe, expect, it } from "vitest";
import { jsonFeed, renderJsonFeed } from "../../../src/feeds/json.ts";
import { feedDoc, paperEntry, type FeedDoc } from "../../../src/feeds/model.ts";
import { EMPTY_FEED_DATE, feedText, renderAtom, renderOpml, renderRss } from "../../../src/feeds/xml.ts";
import type { ListedPaper } from "../../../src/papers/library.ts";
import { renderNotes } from "../../../src/site/markdown.ts";
import { checkAtom, checkEntries, checkJsonFeed, checkOpml, checkRss, readWithFeedParser } from "../../helpers/feed-spec.ts";

const SITE = { origin: "https://user.github.io", pathPrefix: "/reading-list/", title: "List & <Co>", description: 'Papers "read" & <noted>', author: "", language: "en" };
const HOSTILE = "A & B <i>x</i> ]]> \u0001\u0008\u000B\u001F\u007F\u0085 \"q\" 'a' \uD800 end";
const HOSTILE_CLEAN = "A & B <i>x</i> ]]>  \"q\" 'a'  end";

function listed(fields: Partial<ListedPaper>): ListedPaper {
  return { slug: "p", file: "p.md", title: "P", added: "2024-03-14", tags: [], status: "read", authors: [], draft: false, notes: "", notesLine: 4, tagLinks: [], notesHtml: "", linksTo: [], mentionedIn: [], ...fields };
}

/** Every string of a parsed JSON Feed except HTML content, with its key. */
function plainStrings(value: unknown, key = "", out: [string, string][] = []): [string, string][] {
  if (typeof value === "string" && key !== "content_html") out.push([key, value]);
  else if (Array.isArray(value)) value.forEach((v) => plainStrings(v, key, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) plainStrings(v, k, out);
  return out;
}

const papers = [
  listed({
    slug: "hostile",
    title: HOSTILE,
    added: "2024-03-14",
    authors: ["Ann & <Bob>", 'Carl "C" ]]>'],
    tagLinks: [
      { name: "C++", slug: "c-plus-plus" },
      { name: "R&D <x>", slug: "r-and-d-x" },
      { name: "日本語", slug: "日本語" },
    ],
    abstract: "x < y & z ]]> \u0002",
    notesHtml: renderNotes("# Heading\n\n<script>alert(1)</script> ]]> and [link](/papers/plain/) \u0003 &amp; &lt;"),
  }),
  listed({ slug: "plain", title: "Plain", added: "2024-03-10" }),
  listed({ slug: "abstract-only", title: "Abstract only", added: "2023-12-31", abstract: "Only an abstract." }),
];
const doc: FeedDoc = feedDoc({ site: SITE, title: SITE.title, description: SITE.description, dir: "/", entries: papers.map((p) => paperEntry(p, SITE)) });

describe("feedText", () => {
  it.each([
    ["plain", "plain"],
    ["tab\tand\nnewline", "tab\tand\nnewline"],
    ["crlf\r\nand\rcr", "crlf\nand\ncr"],
    ["\u0000\u0001\u001F", ""],
    ["del\u007F c1\u0085\u009F", "del c1"],
    ["\uFFFE\uFFFF", ""],
    ["lone \uD800 high, lone \uDC00 low", "lone  high, lone  low"],
    ["emoji 🙂 kept", "emoji 🙂 kept"],
    ["]]> & < > \" '", "]]> & < > \" '"],
  ])("%j → %j", (text, clean) => expect(feedText(text)).toBe(clean));
});

describe("Atom", () => {
  const source = renderAtom(doc);
  const feed = checkAtom(source);

  it("meets RFC 4287: ids, titles, updated dates, self and alternate links, a feed author", () => {
    expect(feed.self).toBe("https://user.github.io/reading-list/feed.xml");
    expect(feed.home).toBe("https://user.github.io/reading-list/");
    expect(feed.updated).toBe("2024-03-14T00:00:00Z");
    checkEntries(feed);
  });

  it("carries hostile text exactly, less the characters XML cannot hold", () => {
    const [hostile] = feed.entries;
    expect(hostile!.title).toBe(HOSTILE_CLEAN);
    expect(hostile!.authors).toEqual(["Ann & <Bob>", 'Carl "C" ]]>']);
    expect(hostile!.categories).toEqual(["C++", "R&D <x>", "日本語"]);
    expect(hostile!.summary).toBe("x < y & z ]]> ");
    expect(hostile!.content).toContain("&lt;script&gt;");
    expect(hostile!.content).not.toContain("<script>");
    expect(hostile!.content).toContain('<a href="https://user.github.io/reading-list/papers/plain/">');
  });

  it("omits content without notes and summary without an abstract", () => {
    expect(feed.entries[1]).toMatchObject({ title: "Plain", summary: undefined, content: undefined });
  });

  it("reads the same through a feed-parsing library", () => {
    const parsed = readWithFeedParser(source);
    expect(parsed.meta.type).toBe("atom");
    expect(parsed.title).toBe("List & <Co>");
    expect(parsed.items.map((i) => i.id)).toEqual(feed.entries.map((e) => e.id));
    expect(parsed.items[0]!.title).toBe(HOSTILE_CLEAN);
    expect(parsed.items[0]!.authors.map((a) => a.name)).toEqual(["Ann & <Bob>", 'Carl "C" ]]>']);
    expect(parsed.items[0]!.published?.toISOString()).toBe("2024-03-14T00:00:00.000Z");
    expect(parsed.updated?.toISOString()).toBe("2024-03-14T00:00:00.000Z");
  });
});

describe("RSS 2.0", () => {
  const source = renderRss(doc);
  const feed = checkRss(source);

  it("meets RSS 2.0: channel title, link, description, RFC 822 dates, a self link, permalink guids", () => {
    expect(feed.self).toBe("https://user.github.io/reading-list/rss.xml");
    expect(feed.home).toBe("https://user.github.io/reading-list/");
    expect(feed.entries.map((e) => e.date)).toEqual(["2024-03-14T00:00:00Z", "2024-03-10T00:00:00Z", "2023-12-31T00:00:00Z"]);
    checkEntries(feed);
  });

  it("keeps a plain-text abstract as text inside the HTML description", () => {
    expect(feed.entries[0]!.summary).toBe("x &lt; y &amp; z ]]&gt; ");
    expect(feed.entries[0]!.title).toBe(HOSTILE_CLEAN);
    expect(feed.entries[0]!.authors).toEqual(["Ann & <Bob>", 'Carl "C" ]]>']);
  });

  it("reads the same through a feed-parsing library", () => {
    const parsed = readWithFeedParser(source);
    expect(parsed.meta.type).toBe("rss");
    expect(parsed.items.map((i) => i.url)).toEqual(feed.entries.map((e) => e.url));
    expect(parsed.items[0]!.title).toBe(HOSTILE_CLEAN);
    expect(parsed.items[0]!.categories.map((c) => c.label)).toEqual(["C++", "R&D <x>", "日本語"]);
  });
});

describe("JSON Feed 1.1", () => {
  const source = renderJsonFeed(doc);
  const feed = checkJsonFeed(source);

  it("has the 1.1 version, required fields and authors arrays", () => {
    const json = jsonFeed(doc);
    expect(json.authors).toEqual([{ name: "List & <Co>" }]);
    expect(json.items[0]!.authors).toEqual([{ name: "Ann & <Bob>" }, { name: 'Carl "C" ]]>' }]);
    expect(json.items[1]!.authors).toBeUndefined();
    checkEntries(feed);
  });

  it("carries plain strings, with no HTML entities, cleaned like the XML feeds", () => {
    expect(feed.title).toBe("List & <Co>");
    expect(feed.entries[0]!.title).toBe(HOSTILE_CLEAN);
    expect(feed.entries[0]!.categories).toEqual(["C++", "R&D <x>", "日本語"]);
    for (const [key, value] of plainStrings(JSON.parse(source))) expect(value, key).not.toMatch(/&(amp|lt|gt|quot|apos|#\d+);/);
    expect(JSON.parse(source).description).toBe('Papers "read" & <noted>');
  });

  it("always has content: notes as HTML, else the abstract as text", () => {
    const json = jsonFeed(doc);
    expect(json.items[0]!.content_html).toContain("&lt;script&gt;");
    expect(json.items[0]!.summary).toBe("x < y & z ]]> ");
    expect(json.items[1]!.content_text).toBe("");
    expect(json.items[2]!.content_text).toBe("Only an abstract.");
  });
});

describe("an empty list", () => {
  const empty = feedDoc({ site: SITE, title: "Empty", description: "", dir: "/", entries: [] });
  it("still gives valid feeds, with a fixed date rather than the build time", () => {
    const atom = checkAtom(renderAtom(empty));
    expect(atom.updated).toBe(`${EMPTY_FEED_DATE}T00:00:00Z`);
    expect(atom.entries).toEqual([]);
    expect(checkRss(renderRss(empty)).entries).toEqual([]);
    expect(checkJsonFeed(renderJsonFeed(empty)).entries).toEqual([]);
  });
});

describe("determinism", () => {
  it("the same document renders to the same bytes", () => {
    const again = feedDoc({ site: SITE, title: SITE.title, description: SITE.description, dir: "/", entries: papers.map((p) => paperEntry(p, SITE)) });
    expect(renderAtom(again)).toBe(renderAtom(doc));
    expect(renderRss(again)).toBe(renderRss(doc));
    expect(renderJsonFeed(again)).toBe(renderJsonFeed(doc));
  });
});

describe("entries built once per format (EntryCache)", () => {
  const entries = papers.map((p) => paperEntry(p, SITE));
  const all = feedDoc({ site: SITE, title: SITE.title, description: SITE.description, dir: "/", entries });
  // A tag's feed holds some of the site's entries, the same objects, as buildFeedFiles makes them.
  const tag = feedDoc({ site: SITE, title: "Tag", description: "A tag", dir: "/tags/t/", entries: [entries[2]!, entries[0]!] });

  it.each([
    ["Atom", renderAtom, checkAtom],
    ["RSS", renderRss, checkRss],
  ] as const)("%s: feeds rendered with one cache are the bytes each renders alone, and valid", (_, render, check) => {
    const cache = new Map();
    const [first, second] = [render(all, cache), render(tag, cache)];
    expect(cache.size).toBe(3);
    expect(first).toBe(render(all));
    expect(second).toBe(render(tag));
    expect(check(second).entries.map((e) => e.url)).toEqual([entries[2]!.url, entries[0]!.url]);
  });

  it("an entry sits in its feed with the indentation of the feed's other elements", () => {
    const one = feedDoc({ site: SITE, title: "T", description: "D", dir: "/", entries: [paperEntry(listed({ slug: "plain", title: "Plain", added: "2024-03-10", authors: ["Ann"], tagLinks: [{ name: "x", slug: "x" }] }), SITE)] });
    const url = "https://user.github.io/reading-list/papers/plain/";
    expect(renderAtom(one)).toContain(
      `  <generator>shelfmark</generator>\n  <entry>\n    <id>${url}</id>\n    <title>Plain</title>\n` +
        `    <link rel="alternate" type="text/html" href="${url}"/>\n    <published>2024-03-10T00:00:00Z</published>\n` +
        `    <updated>2024-03-10T00:00:00Z</updated>\n    <author>\n      <name>Ann</name>\n    </author>\n    <category term="x"/>\n  </entry>\n</feed>\n`,
    );
    expect(renderRss(one)).toContain(
      `    <item>\n      <title>Plain</title>\n      <link>${url}</link>\n      <guid isPermaLink="true">${url}</guid>\n` +
        `      <pubDate>Sun, 10 Mar 2024 00:00:00 GMT</pubDate>\n      <dc:creator>Ann</dc:creator>\n      <category>x</category>\n    </item>\n  </channel>\n</rss>\n`,
    );
  });
});

describe("OPML 2.0", () => {
  const source = renderOpml({
    title: "List & <Co>: all feeds",
    ownerName: "Ann & Bob",
    modified: "2024-03-14",
    language: "en",
    site: { text: "List & <Co>", description: 'All "papers"', xmlUrl: "https://user.github.io/reading-list/feed.xml", htmlUrl: "https://user.github.io/reading-list/" },
    tagsFolder: "Tags",
    tags: [
      { text: "List: C++", xmlUrl: "https://user.github.io/reading-list/tags/c-plus-plus/feed.xml", htmlUrl: "https://user.github.io/reading-list/tags/c-plus-plus/" },
      { text: "List: R&D \u0001<x>", xmlUrl: "https://user.github.io/reading-list/tags/r-and-d-x/feed.xml", htmlUrl: "https://user.github.io/reading-list/tags/r-and-d-x/" },
    ],
  });

  it("lists the site's feed, then a folder with one feed per tag", () => {
    const opml = checkOpml(source);
    expect(opml.title).toBe("List & <Co>: all feeds");
    expect(opml.outlines.map((o) => o.text)).toEqual(["List & <Co>", "Tags"]);
    expect(opml.feeds.map((f) => f.text)).toEqual(["List & <Co>", "List: C++", "List: R&D <x>"]);
    expect(opml.outlines[1]!.xmlUrl).toBeUndefined();
  });

  it("has no tags folder when there are no tags", () => {
    const bare = checkOpml(renderOpml({ title: "T", language: "en", site: { text: "T", xmlUrl: "https://a.example/feed.xml", htmlUrl: "https://a.example/" }, tagsFolder: "Tags", tags: [] }));
    expect(bare.outlines.map((o) => o.text)).toEqual(["T"]);
  });
});
