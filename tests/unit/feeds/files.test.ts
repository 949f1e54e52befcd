import { describe, expect, it } from "vitest";
import { buildFeedFiles, tagFeedDescription } from "../../../src/feeds/index.ts";
import { buildLibrary } from "../../../src/papers/library.ts";
import { renderNotes } from "../../../src/site/markdown.ts";
import type { Paper } from "../../../src/papers/schema.ts";
import type { Site } from "../../../src/site/settings.ts";
import { summariseTags } from "../../../src/lists/tag-pages.ts";
import { checkAtom, checkJsonFeed, checkOpml, checkRss } from "../../helpers/feed-spec.ts";

function paper(slug: string, added: string, tags: string[]): Paper {
  return { slug, file: `content/papers/${slug}.md`, title: `Paper ${slug}`, added, tags, status: "read", authors: [], draft: false, notes: `Notes of ${slug}.`, notesLine: 4 };
}

const site: Site = {
  title: "List",
  description: "",
  author: "",
  language: "en",
  perPage: 50,
  feedSize: 2,
  origin: "https://user.github.io",
  pathPrefix: "/reading-list/",
  baseUrl: "https://user.github.io/reading-list/",
};
const library = buildLibrary([paper("a", "2024-01-01", ["C++", "LLM"]), paper("b", "2024-02-01", ["llm"]), paper("c", "2024-03-01", ["LLM"])], { includeDrafts: false, renderNotes: (markdown) => ({ html: renderNotes(markdown), links: [] }) });
const summaries = summariseTags(library.tags, new Map([["llm", "Large language models."]]), site.title);

describe("buildFeedFiles", () => {
  const files = buildFeedFiles(library, site, summaries);
  const byUrl = new Map(files.map((f) => [f.url, f.body]));

  it("writes three feeds for the site and for each tag, then the OPML", () => {
    expect(files.map((f) => f.url)).toEqual([
      "/feed.xml",
      "/rss.xml",
      "/feed.json",
      "/tags/c-plus-plus/feed.xml",
      "/tags/c-plus-plus/rss.xml",
      "/tags/c-plus-plus/feed.json",
      "/tags/llm/feed.xml",
      "/tags/llm/rss.xml",
      "/tags/llm/feed.json",
      "/feeds.opml",
    ]);
  });

  it.each([
    ["/feed.xml", ["c", "b"]],
    ["/tags/llm/rss.xml", ["c", "b"]],
    ["/tags/c-plus-plus/feed.json", ["a"]],
  ])("%s holds the newest feedSize papers: %j", (url, slugs) => {
    const body = byUrl.get(url)!;
    const feed = url.endsWith(".json") ? checkJsonFeed(body) : url.endsWith("rss.xml") ? checkRss(body) : checkAtom(body);
    expect(feed.entries.map((e) => e.id)).toEqual(slugs.map((s) => `https://user.github.io/reading-list/papers/${s}/`));
  });

  it("names tag feeds after the site and the tag, described by the taxonomy or a default", () => {
    expect(checkAtom(byUrl.get("/tags/llm/feed.xml")!).title).toBe("List: LLM");
    expect(JSON.parse(byUrl.get("/tags/llm/feed.json")!).description).toBe("Large language models.");
    expect(JSON.parse(byUrl.get("/tags/c-plus-plus/feed.json")!).description).toBe(tagFeedDescription(summaries[0]!, "List"));
  });

  it.each([
    ["atom", "feed.xml"],
    ["rss", "rss.xml"],
  ] as const)("the OPML subscribes to each list once, in the %s format", (format, file) => {
    const opml = checkOpml(buildFeedFiles(library, site, summaries, format).at(-1)!.body);
    expect(opml.feeds.map((f) => f.xmlUrl)).toEqual(["", "tags/c-plus-plus/", "tags/llm/"].map((dir) => `https://user.github.io/reading-list/${dir}${file}`));
  });

  it("is deterministic", () => {
    expect(buildFeedFiles(library, site, summaries)).toEqual(files);
  });
});
