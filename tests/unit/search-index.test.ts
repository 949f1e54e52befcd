import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Library, ListedPaper } from "../../src/library.ts";
import { addedYear, countMismatch, indexedPageCount, OrderedFeed, outputFileOf, pagefindFailure, paperUrl, searchFilters } from "../../src/search.ts";

function listed(slug: string, fields: Partial<ListedPaper> = {}): ListedPaper {
  return { slug, file: `content/papers/${slug}.md`, title: slug, added: "2026-01-01", tags: [], status: "to-read", authors: [], draft: false, notes: "", notesLine: 1, tagLinks: [], notesHtml: "", ...fields };
}

describe("searchFilters", () => {
  const a = listed("a", { added: "2026-03-01", status: "read", code: "https://example.org/a" });
  const b = listed("b", { added: "2025-12-31", status: "read" });
  const c = listed("c", { added: "2026-01-05", status: "reading", code: "https://example.org/c" });
  const library: Pick<Library, "papers" | "tags"> = {
    papers: [a, c, b],
    tags: [
      { key: "kv cache", name: "KV cache", slug: "kv-cache", papers: [a, b] },
      { key: "llm", name: "LLM", slug: "llm", papers: [c] },
    ],
  };
  const filters = searchFilters(library);

  it.each([
    ["tag: the tags' display names, as the paper pages write them", "tag", [["KV cache", "KV cache", 2], ["LLM", "LLM", 1]]],
    ["status: every status, with its label, in the schema's order", "status", [["to-read", "To read", 0], ["reading", "Reading", 1], ["read", "Read", 2]]],
    ["year: years added, newest first", "year", [["2026", "2026", 2], ["2025", "2025", 1]]],
    ["code: one value for papers with a code link", "code", [["yes", "Has code", 2]]],
  ] as const)("%s", (_name, group, expected) => {
    expect(filters[group].map((o) => [o.value, o.label, o.count])).toEqual(expected);
  });

  it("is empty but complete for an empty list", () => {
    expect(searchFilters({ papers: [], tags: [] })).toEqual({
      tag: [],
      status: [
        { value: "to-read", label: "To read", count: 0 },
        { value: "reading", label: "Reading", count: 0 },
        { value: "read", label: "Read", count: 0 },
      ],
      year: [],
      code: [{ value: "yes", label: "Has code", count: 0 }],
    });
  });
});

describe("small helpers", () => {
  it.each([
    ["2026-03-14", "2026"],
    ["1999-12-31", "1999"],
  ])("addedYear(%s) = %s", (added, year) => expect(addedYear(added)).toBe(year));

  it.each([
    ["/papers/x/", "papers/x/index.html"],
    ["/", "index.html"],
    ["/papers/caf%C3%A9/", "papers/café/index.html"],
    ["/feed.xml", "feed.xml"],
  ])("outputFileOf(%s) = <out>/%s", (url, rel) => expect(outputFileOf("/out", url)).toBe(path.join("/out", rel)));

  it("paperUrl follows the paper permalink", () => expect(paperUrl("flash-attention")).toBe("/papers/flash-attention/"));
});

describe("indexedPageCount", () => {
  it.each([
    ["one language", { languages: { en: { page_count: 83 } } }, 83],
    ["several languages add up", { languages: { en: { page_count: 3 }, de: { page_count: 2 } } }, 5],
    ["an empty index", { languages: {} }, 0],
  ])("%s", (_name, entry, count) => expect(indexedPageCount(entry)).toBe(count));

  it.each([
    ["no languages", {}],
    ["not an object", null],
    ["a language without a count", { languages: { en: { hash: "x" } } }],
  ])("rejects %s", (_name, entry) => expect(() => indexedPageCount(entry)).toThrow(/pagefind-entry.json/));
});

describe("countMismatch", () => {
  it("accepts one page per paper", () => expect(countMismatch(83, 83, "_site/pagefind")).toBeUndefined());

  it.each([
    [80, 83, /holds 80 pages but the list has 83 papers: some paper pages were not indexed: each paper page must carry data-pagefind-body/],
    [1, 2, /holds 1 page but the list has 2 papers/],
    [5, 3, /pages other than paper pages were indexed/],
  ])("%i indexed for %i papers", (indexed, papers, message) => {
    const error = countMismatch(indexed, papers, "_site/pagefind");
    expect(error?.message).toMatch(/^\[shelfmark:search\] the search index \(_site\/pagefind\)/);
    expect(error?.message).toMatch(message);
  });
});

describe("pagefindFailure", () => {
  it("is nothing without errors", () => expect(pagefindFailure("write", [])).toBeUndefined());
  it("lists every error under the step", () => {
    expect(pagefindFailure("index the paper pages", ["bad html in /a/", "bad html in /b/"])?.message).toBe(
      "[shelfmark:search] Pagefind failed to index the paper pages:\n  - bad html in /a/\n  - bad html in /b/",
    );
  });
});

describe("OrderedFeed", () => {
  function run(order: string[], arrivals: string[]) {
    const sent: string[] = [];
    const feed = new OrderedFeed<string>(order, (key, value) => sent.push(`${key}=${value}`));
    const accepted = arrivals.map((k) => feed.offer(k, k.toUpperCase()));
    return { sent, accepted, missing: feed.missing() };
  }

  it.each([
    ["in order: each page goes on at once", ["a", "b", "c"], ["a", "b", "c"], ["a=A", "b=B", "c=C"], []],
    ["reversed: held until the first arrives", ["a", "b", "c"], ["c", "b", "a"], ["a=A", "b=B", "c=C"], []],
    ["a gap: pages after it wait", ["a", "b", "c", "d"], ["a", "c", "d"], ["a=A"], ["b"]],
    ["nothing yet", ["a", "b"], [], [], ["a", "b"]],
  ])("%s", (_name, order, arrivals, sent, missing) => {
    const result = run(order, arrivals);
    expect(result.sent).toEqual(sent);
    expect(result.missing).toEqual(missing);
  });

  it("refuses pages outside the order and pages offered twice", () => {
    const result = run(["a", "b"], ["x", "b", "b", "a", "a"]);
    expect(result.accepted).toEqual([false, true, false, true, false]);
    expect(result.sent).toEqual(["a=A", "b=B"]);
  });

  it("sends the same order whatever the arrival order (Pagefind's index depends on it)", () => {
    const order = Array.from({ length: 50 }, (_, i) => `p${i}`);
    const shuffled = [...order].sort((x, y) => ((x.length * 7 + Number(x.slice(1)) * 13) % 17) - ((y.length * 7 + Number(y.slice(1)) * 13) % 17));
    expect(run(order, shuffled).sent).toEqual(run(order, order).sent);
  });
});
