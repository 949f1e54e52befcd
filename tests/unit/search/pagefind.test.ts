import { describe, expect, it } from "vitest";
import type { Library, ListedPaper } from "../../../src/papers/library.ts";
import { indexedPageCount, pagefindFailure, partDir } from "../../../src/search/pagefind.ts";
import { addedYear, countMismatch, searchFilters, splitIntoParts } from "../../../src/search/index.ts";
import { paperUrl } from "../../../src/util/urls.ts";

function listed(slug: string, fields: Partial<ListedPaper> = {}): ListedPaper {
  return { slug, file: `content/papers/${slug}.md`, title: slug, added: "2026-01-01", tags: [], status: "to-read", authors: [], draft: false, notes: "", notesLine: 1, tagLinks: [], notesHtml: "", linksTo: [], mentionedIn: [], ...fields };
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
    [80, 83, /holds 80 pages but the list has 83 papers: Pagefind dropped some papers. records/],
    [1, 2, /holds 1 page but the list has 2 papers/],
    [5, 3, /Pagefind indexed some papers twice/],
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

describe("splitIntoParts", () => {
  it.each([
    ["a list shorter than a part: one part", [1, 2, 3], 5, [[1, 2, 3]]],
    ["exactly one part", [1, 2, 3], 3, [[1, 2, 3]]],
    ["the last part takes the rest", [1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
    ["parts of one", [1, 2], 1, [[1], [2]]],
    ["an empty list: one empty part, so the search page still has an index", [], 3, [[]]],
  ])("%s", (_name, items, size, parts) => expect(splitIntoParts(items, size)).toEqual(parts));

  it.each([0, -1, 1.5, Number.NaN])("refuses a part size of %s", (size) => expect(() => splitIntoParts([1], size)).toThrow(RangeError));

  it("keeps the list's order across parts (the search page concatenates them when sorting by date)", () => {
    const list = Array.from({ length: 23 }, (_, i) => i);
    expect(splitIntoParts(list, 5).flat()).toEqual(list);
  });

  it.each([
    [1, ""],
    [2, "part-2/"],
    [10, "part-10/"],
  ])("part %s lives in the bundle's %j", (n, dir) => expect(partDir(n)).toBe(dir));
});
