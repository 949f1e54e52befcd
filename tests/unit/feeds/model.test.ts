import { describe, expect, it } from "vitest";
import { feedLinks, tagFeedTitle } from "../../../src/feeds/links.ts";
import { absoluteLinksInNotes, feedDoc, newestDate, paperEntry, rfc3339, rfc822 } from "../../../src/feeds/model.ts";
import { escapeHtml } from "../../../src/util/html.ts";
import { absoluteUrl } from "../../../src/util/urls.ts";
import type { ListedPaper } from "../../../src/papers/library.ts";
import { renderNotes } from "../../../src/site/markdown.ts";
import { isRfc3339, isRfc822 } from "../../helpers/feed-spec.ts";

const ROOT = { origin: "https://example.org", pathPrefix: "/" };
const SUB = { origin: "https://user.github.io", pathPrefix: "/reading-list/" };

function listed(fields: Partial<ListedPaper> = {}): ListedPaper {
  return {
    slug: "p",
    file: "content/papers/p.md",
    title: "P",
    added: "2024-03-14",
    tags: [],
    status: "to-read",
    authors: [],
    draft: false,
    notes: "",
    notesLine: 4,
    tagLinks: [],
    notesHtml: "",
    linksTo: [],
    mentionedIn: [],
    ...fields,
  };
}

describe("absoluteUrl", () => {
  it.each([
    [ROOT, "/", "https://example.org/"],
    [ROOT, "/feed.xml", "https://example.org/feed.xml"],
    [SUB, "/", "https://user.github.io/reading-list/"],
    [SUB, "/papers/x/", "https://user.github.io/reading-list/papers/x/"],
    [SUB, "tags/llm/feed.xml", "https://user.github.io/reading-list/tags/llm/feed.xml"],
    [SUB, "/tags/日本語/", "https://user.github.io/reading-list/tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/"],
    [{ origin: "http://localhost:8080", pathPrefix: "/a/b/" }, "/rss.xml", "http://localhost:8080/a/b/rss.xml"],
  ])("%j + %j → %j", (site, path, url) => expect(absoluteUrl(site, path)).toBe(url));

  it("adds the sub-path once: paths are site-relative, never already prefixed", () => {
    expect(absoluteUrl(SUB, "/x/").match(/reading-list/g)).toHaveLength(1);
  });
});

describe("dates", () => {
  it.each([
    ["2024-03-14", "2024-03-14T00:00:00Z", "Thu, 14 Mar 2024 00:00:00 GMT"],
    ["2024-02-29", "2024-02-29T00:00:00Z", "Thu, 29 Feb 2024 00:00:00 GMT"],
    ["1999-12-31", "1999-12-31T00:00:00Z", "Fri, 31 Dec 1999 00:00:00 GMT"],
    ["2026-01-01", "2026-01-01T00:00:00Z", "Thu, 01 Jan 2026 00:00:00 GMT"],
  ])("%s → RFC 3339 %s, RFC 822 %s", (day, atom, rss) => {
    expect(rfc3339(day)).toBe(atom);
    expect(rfc822(day)).toBe(rss);
    expect(isRfc3339(rfc3339(day))).toBe(true);
    expect(isRfc822(rfc822(day))).toBe(true);
  });

  it("the spec checkers reject what the validator rejects", () => {
    expect(isRfc822("Wed, 14 Mar 2024 00:00:00 GMT")).toBe(false); // wrong weekday
    expect(isRfc822("2024-03-14")).toBe(false);
    expect(isRfc3339("2024-03-14")).toBe(false);
    expect(isRfc3339("2024-03-14T00:00:00")).toBe(false); // no offset
  });

  it.each([
    [[], undefined],
    [[{ date: "2024-01-01" }], "2024-01-01"],
    [[{ date: "2024-01-01" }, { date: "2025-06-30" }, { date: "2024-12-31" }], "2025-06-30"],
  ])("newestDate(%j) = %j", (entries, newest) => expect(newestDate(entries)).toBe(newest));
});

describe("absoluteLinksInNotes", () => {
  const page = "https://user.github.io/reading-list/papers/this/";
  it.each([
    ["[a](/papers/other/)", 'href="https://user.github.io/reading-list/papers/other/"'],
    ["[a](../other/)", 'href="https://user.github.io/reading-list/papers/other/"'],
    ["[a](#part)", 'href="https://user.github.io/reading-list/papers/this/#part"'],
    ["[a](/x/?a=1&b=2)", 'href="https://user.github.io/reading-list/x/?a=1&amp;b=2"'],
    ["![img](/assets/x.png)", 'src="https://user.github.io/reading-list/assets/x.png"'],
    ["[a](https://example.org/a?b=1&c=2)", 'href="https://example.org/a?b=1&amp;c=2"'],
    ["[a](mailto:me@example.org)", 'href="mailto:me@example.org"'],
    ["<https://example.org/auto>", 'href="https://example.org/auto"'],
  ])("%s → %s", (markdown, expected) => {
    expect(absoluteLinksInNotes(renderNotes(markdown), page, SUB)).toContain(expected);
  });

  it("leaves text that merely looks like an attribute alone", () => {
    const html = renderNotes('Write `<a href="/x">` or <a href="/y"> in prose: neither is a link.');
    expect(absoluteLinksInNotes(html, page, SUB)).toBe(html);
  });

  it("returns notes without links unchanged", () => {
    const html = renderNotes("Just *text* & more.");
    expect(absoluteLinksInNotes(html, page, SUB)).toBe(html);
  });
});

describe("escapeHtml", () => {
  it.each([
    ["x < y & z", "x &lt; y &amp; z"],
    ['"q"', "&quot;q&quot;"],
    ["a > b", "a &gt; b"],
  ])("%j → %j", (text, html) => expect(escapeHtml(text)).toBe(html));
});

describe("paperEntry", () => {
  it("maps a paper to an entry with absolute id and link, its date, authors, tags, abstract and notes", () => {
    const entry = paperEntry(
      listed({
        slug: "flash",
        title: "Flash & <Fast>",
        added: "2022-05-27",
        authors: ["Tri Dao", "Dan Fu"],
        tagLinks: [
          { name: "C++", slug: "c-plus-plus" },
          { name: "日本語", slug: "日本語" },
        ],
        abstract: "x < y",
        notesHtml: renderNotes("See [other](/papers/other/)."),
      }),
      SUB,
    );
    expect(entry).toEqual({
      id: "https://user.github.io/reading-list/papers/flash/",
      url: "https://user.github.io/reading-list/papers/flash/",
      title: "Flash & <Fast>",
      date: "2022-05-27",
      authors: ["Tri Dao", "Dan Fu"],
      categories: ["C++", "日本語"],
      summary: "x < y",
      contentHtml: '<p>See <a href="https://user.github.io/reading-list/papers/other/">other</a>.</p>\n',
    });
  });

  it("has no content when there are no notes", () => {
    expect(paperEntry(listed(), ROOT).contentHtml).toBeUndefined();
  });
});

describe("feedDoc", () => {
  const site = { ...SUB, title: "List", description: "", author: "", language: "en-GB" };
  it("takes its updated date from the newest entry, never from the clock", () => {
    const entries = [paperEntry(listed({ slug: "b", added: "2023-01-02" }), SUB), paperEntry(listed({ slug: "a", added: "2023-05-01" }), SUB)];
    const doc = feedDoc({ site, title: "List", description: "", dir: "/tags/x/", entries });
    expect(doc.updated).toBe("2023-05-01");
    expect(doc.selfUrls).toEqual({
      atom: "https://user.github.io/reading-list/tags/x/feed.xml",
      rss: "https://user.github.io/reading-list/tags/x/rss.xml",
      json: "https://user.github.io/reading-list/tags/x/feed.json",
    });
    expect(doc.homeUrl).toBe("https://user.github.io/reading-list/tags/x/");
  });

  it("falls back to the title for an empty description and the site title for a missing author", () => {
    const doc = feedDoc({ site, title: "List", description: "", dir: "/", entries: [] });
    expect(doc.description).toBe("List");
    expect(doc.author).toBe("List");
    expect(doc.updated).toBeUndefined();
  });
});

describe("feedLinks", () => {
  it("gives the three formats of a list, site-relative, with MIME types and titles", () => {
    expect(feedLinks("/tags/c-plus-plus/", tagFeedTitle("List", "C++"))).toEqual([
      { format: "atom", url: "/tags/c-plus-plus/feed.xml", type: "application/atom+xml", label: "Atom", title: "List: C++ (Atom)" },
      { format: "rss", url: "/tags/c-plus-plus/rss.xml", type: "application/rss+xml", label: "RSS", title: "List: C++ (RSS)" },
      { format: "json", url: "/tags/c-plus-plus/feed.json", type: "application/feed+json", label: "JSON Feed", title: "List: C++ (JSON Feed)" },
    ]);
  });
});
