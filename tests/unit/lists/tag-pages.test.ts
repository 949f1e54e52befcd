import { describe, expect, it } from "vitest";
import { buildLibrary } from "../../../src/papers/library.ts";
import type { Paper } from "../../../src/papers/schema.ts";
import { byCount, reservedSlugProblems, summariseTags, tagIndexViews, tagPages } from "../../../src/lists/tag-pages.ts";
import { tagUrl } from "../../../src/util/urls.ts";

function paper(slug: string, fields: Partial<Paper> = {}): Paper {
  return { slug, file: `content/papers/${slug}.md`, title: slug, added: "2024-01-01", tags: [], status: "to-read", authors: [], draft: false, notes: "", notesLine: 4, ...fields };
}

function library(papers: Paper[]) {
  return buildLibrary(papers, { includeDrafts: false, renderNotes: (s) => ({ html: s, links: [] }) });
}

describe("summariseTags", () => {
  const lib = library([
    paper("a", { tags: ["LLM", "C++"], added: "2024-01-03" }),
    paper("b", { tags: ["llm", "C#"], added: "2024-01-02" }),
    paper("c", { tags: ["LLM", "C"], added: "2024-01-01" }),
  ]);
  const descriptions = new Map([
    ["llm", "Large language models."],
    ["c++", 'A language with "++" & <templates>.'],
  ]);
  const summaries = summariseTags(lib.tags, descriptions, "List");

  it("keeps the library's by-name order and counts every paper of a tag", () => {
    expect(summaries.map((t) => [t.name, t.count])).toEqual([
      ["C", 1],
      ["C#", 1],
      ["C++", 1],
      ["LLM", 3],
    ]);
  });

  it("adds descriptions by case-insensitive name, empty where the taxonomy has none", () => {
    expect(summaries.map((t) => t.description)).toEqual(["", "", 'A language with "++" & <templates>.', "Large language models."]);
  });

  it("gives each tag its URL and its three feeds", () => {
    const cpp = summaries.find((t) => t.name === "C++")!;
    expect(cpp.url).toBe("/tags/c-plus-plus/");
    expect(cpp.feeds.map((f) => f.url)).toEqual(["/tags/c-plus-plus/feed.xml", "/tags/c-plus-plus/rss.xml", "/tags/c-plus-plus/feed.json"]);
    expect(cpp.feeds[0]!.title).toBe("List: C++ (Atom)");
  });
});

describe("byCount and the index views", () => {
  const rows = [
    { name: "a", count: 2 },
    { name: "b", count: 5 },
    { name: "c", count: 2 },
    { name: "d", count: 9 },
  ].map((r) => ({ ...r, key: r.name, slug: r.name, url: tagUrl(r.name), description: "", feeds: [] }));

  it("sorts by count, most first, equal counts by name", () => {
    expect(byCount(rows).map((r) => r.name)).toEqual(["d", "b", "a", "c"]);
  });

  it("does not reorder its input", () => {
    byCount(rows);
    expect(rows.map((r) => r.name)).toEqual(["a", "b", "c", "d"]);
  });

  it("offers both orders at their own URLs", () => {
    const views = tagIndexViews(rows);
    expect(views.map((v) => [v.sort, v.url, v.tags.map((t) => t.name).join("")])).toEqual([
      ["name", "/tags/", "abcd"],
      ["count", "/tags/by-count/", "dbac"],
    ]);
  });
});

describe("tagPages", () => {
  const papers = Array.from({ length: 120 }, (_, i) =>
    paper(`p${String(i).padStart(3, "0")}`, { added: `2024-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`, tags: i % 2 ? ["Big"] : ["Big", "Half"] }),
  );
  const lib = library(papers);
  const pages = tagPages(lib.tags, summariseTags(lib.tags, new Map(), "List"), 50);

  it.each([
    ["Big", 120, ["/tags/big/", "/tags/big/page/2/", "/tags/big/page/3/"], [50, 50, 20]],
    ["Half", 60, ["/tags/half/", "/tags/half/page/2/"], [50, 10]],
  ])("%s: %i papers → pages %j with %j items", (name, count, urls, sizes) => {
    const own = pages.filter((p) => p.tag.name === name);
    expect(own.map((p) => p.url)).toEqual(urls);
    expect(own.map((p) => p.items.length)).toEqual(sizes);
    expect(own.every((p) => p.count === count && p.total === urls.length)).toBe(true);
    expect(own[1]!.previousUrl).toBe(urls[0]);
    expect(own[0]!.nextUrl).toBe(urls[1]);
  });

  it("lists each tag's papers newest first, across pages", () => {
    const big = pages.filter((p) => p.tag.name === "Big").flatMap((p) => p.items.map((i) => i.added));
    expect(big).toEqual([...big].sort().reverse());
  });

  it("reuses each tag's own papers instead of scanning the list", () => {
    const half = pages.filter((p) => p.tag.name === "Half").flatMap((p) => p.items);
    const tag = lib.tags.find((t) => t.name === "Half")!;
    expect(half.every((p, i) => p === tag.papers[i])).toBe(true);
  });
});

describe("reservedSlugProblems", () => {
  it("stops a tag that would take the by-count index's URL, naming the tag and its files", () => {
    const lib = library([paper("a", { tags: ["By count"] }), paper("b", { tags: ["by count"] }), paper("d", { tags: ["By count"] }), paper("c", { tags: ["count"] })]);
    const problems = reservedSlugProblems(lib.tags);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe("tags");
    expect(problems[0]!.message).toMatch(/"By count" \(in content\/papers\/a\.md, content\/papers\/b\.md, content\/papers\/d\.md\).*\/tags\/by-count\//);
  });

  it("has nothing to say about ordinary tags", () => {
    expect(reservedSlugProblems(library([paper("a", { tags: ["counting", "by", "page"] })]).tags)).toEqual([]);
  });
});
