import { describe, expect, it } from "vitest";
import type { Library, ListedPaper } from "../../../src/papers/library.ts";
import { abandonParts, claimPart, giveTurnBack, heldTurn, indexedPageCount, pagefindFailure, partDir, takeTurn, unclaimedFromTheEnd } from "../../../src/search/pagefind.ts";
import { countMismatch, PAGEFIND_BYTES_PER_PAPER, searchFilters, secondWriter, stepBackBy } from "../../../src/search/index.ts";
import { addedYear, partCount, partOf } from "../../../src/search/records.ts";
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

describe("partCount and partOf", () => {
  const split = <T>(items: T[], size: number) => Array.from({ length: partCount(items.length, size) }, (_, i) => partOf(items, size, i));

  it.each([
    ["a list shorter than a part: one part", [1, 2, 3], 5, [[1, 2, 3]]],
    ["exactly one part", [1, 2, 3], 3, [[1, 2, 3]]],
    ["the last part takes the rest", [1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
    ["parts of one", [1, 2], 1, [[1], [2]]],
    ["an empty list: one empty part, so the search page still has an index", [], 3, [[]]],
  ])("%s", (_name, items, size, parts) => expect(split(items, size)).toEqual(parts));

  it.each([0, -1, 1.5, Number.NaN])("refuses a part size of %s", (size) => expect(() => partCount(1, size)).toThrow(RangeError));

  it("keeps the list's order across parts (the search page concatenates them when sorting by date)", () => {
    const list = Array.from({ length: 23 }, (_, i) => i);
    expect(split(list, 5).flat()).toEqual(list);
  });

  it.each([
    [1, ""],
    [2, "part-2/"],
    [10, "part-10/"],
  ])("part %s lives in the bundle's %j", (n, dir) => expect(partDir(n)).toBe(dir));
});

describe("claimPart and unclaimedFromTheEnd", () => {

  it.each([
    ["a free part goes to whoever asks first", [0, 0], 1, 2, true, [0, 2]],
    ["a part the other writer took is skipped", [0, 1], 1, 2, false, [0, 1]],
    ["a part this writer took before is still its own (run again after its worker died)", [2, 0], 0, 2, true, [2, 0]],
  ])("%s", (_name, before, index, writer, mine, after) => {
    const claims = new Int32Array(new SharedArrayBuffer(4 * before.length));
    claims.set(before);
    expect(claimPart(claims, index, writer)).toBe(mine);
    expect([...claims]).toEqual(after);
  });

  it.each([
    ["nothing taken: every part, last first", [0, 0, 0], [2, 1, 0]],
    ["the first writer is on part 2: parts 3 to 5, last first", [1, 1, 0, 0, 0], [4, 3, 2]],
    ["everything taken", [1, 1, 2], []],
    ["a gap is offered too", [1, 0, 2], [1]],
  ])("%s", (_name, claims, rest) => {
    const shared = new Int32Array(new SharedArrayBuffer(4 * claims.length));
    shared.set(claims);
    expect(unclaimedFromTheEnd(shared)).toEqual(rest);
  });

  it("two writers taking parts from both ends share them out, each part once", () => {
    const claims = new Int32Array(new SharedArrayBuffer(4 * 9));
    const mine: Record<number, number[]> = { 1: [], 2: [] };
    // In turns, as two threads might: the first from the start, the second from the end.
    for (let i = 0, j = 8; i < 9 || j >= 0; i++, j--) {
      if (i < 9 && claimPart(claims, i, 1)) mine[1]!.push(i);
      if (j >= 0 && claimPart(claims, j, 2)) mine[2]!.push(j);
    }
    expect(mine).toEqual({ 1: [0, 1, 2, 3, 4], 2: [8, 7, 6, 5] });
  });
});

describe("stepBackBy", () => {
  // One part: one Pagefind process that ends before the pages, so the rendering keeps its priority.
  it.each([
    [5, 1, 0],
    [5, 2, 5],
    [5, 15, 5],
    [0, 3, 0],
    [12, 1, 0],
    [12, 2, 12],
  ])("renderNice %i with %i parts: nice %i", (renderNice, parts, nice) => {
    expect(stepBackBy(renderNice, parts)).toBe(nice);
  });
});

describe("secondWriter", () => {
  const MB = 2 ** 20;
  const { writing, records } = PAGEFIND_BYTES_PER_PAPER;
  it.each([
    ["a 10,000-paper build (0.6 GB), parts of 2,000, 1.5 GB: both writing at once", 600 * MB, 2000, 1536 * MB, "alongside"],
    ["a 30,000-paper build (1 GB), the same: one writes while the other holds its records", 1000 * MB, 2000, 1536 * MB, "in turns"],
    ["a build of 1.3 GB: no second writer", 1300 * MB, 2000, 1536 * MB, undefined],
    ["the 1.3 GB build with a larger budget", 1300 * MB, 2000, 4096 * MB, "alongside"],
    ["small parts fit where large ones do not", 1300 * MB, 500, 1536 * MB, "alongside"],
    ["exactly at the budget, both writing", 100 * MB, 100, 100 * MB + 2 * writing * 100, "alongside"],
    ["a byte short of that: in turns", 100 * MB, 100, 100 * MB + 2 * writing * 100 - 1, "in turns"],
    ["a byte short of turns: none", 100 * MB, 100, 100 * MB + (writing + records) * 100 - 1, undefined],
    ["no budget: never", 1, 1, 0, undefined],
  ])("%s", (_name, rss, papers, budget, how) => expect(secondWriter(rss, papers, budget)).toBe(how));
});

describe("abandonParts", () => {
  it("leaves no part for the other writer to take and gives the turn back", () => {
    const claims = new Int32Array(new SharedArrayBuffer(4 * 4));
    claims.set([1, 2, 0, 0]);
    const turn = new Int32Array(new SharedArrayBuffer(4));
    turn[0] = 1;
    abandonParts(claims, turn);
    expect([...claims]).toEqual([1, 2, -1, -1]);
    expect(unclaimedFromTheEnd(claims)).toEqual([]);
    expect(claimPart(claims, 2, 2)).toBe(false);
    expect(Atomics.load(turn, 0)).toBe(0);
  });
});

describe("takeTurn", () => {
  it("lets one writer write at a time, the next as soon as the turn is given back", async () => {
    const turn = new Int32Array(new SharedArrayBuffer(4));
    const events: string[] = [];
    const giveBackA = await takeTurn(turn);
    events.push("A writes");
    const b = takeTurn(turn).then((giveBack) => {
      events.push("B writes");
      return giveBack;
    });
    // B waits on the slot, not on a timer: nothing it does can happen before A gives the turn back.
    await Promise.resolve();
    expect(events).toEqual(["A writes"]);
    expect(Atomics.load(turn, 0)).toBe(1);
    events.push("A done");
    giveBackA();
    (await b)();
    expect(events).toEqual(["A writes", "A done", "B writes"]);
    expect(Atomics.load(turn, 0)).toBe(0);
  });

  it("is held from the start by the thread that empties the staging folder: a writer waits until it is given back", async () => {
    const turn = new Int32Array(heldTurn());
    const events: string[] = [];
    const writer = takeTurn(turn).then((giveBack) => {
      events.push("writer writes");
      return giveBack;
    });
    await Promise.resolve();
    expect(events).toEqual([]);
    events.push("staging folder emptied");
    giveTurnBack(turn);
    (await writer)();
    expect(events).toEqual(["staging folder emptied", "writer writes"]);
    expect(Atomics.load(turn, 0)).toBe(0);
  });
});
