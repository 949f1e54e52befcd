import { describe, expect, it } from "vitest";
import { syntheticPapers } from "../../bench/related-bench.ts";
import { relatedPapers, type RelatedInput } from "../../../src/related/related.ts";
import { TermCache } from "../../../src/related/term-cache.ts";

// The dev server's resident worker keeps each text's terms between saves: its lists must be exactly those of a
// computation without the cache, after any edit, in any order.

const papers = syntheticPapers(400, 5);

describe("related papers with terms kept between computations", () => {
  const edits: [string, (list: RelatedInput[]) => RelatedInput[]][] = [
    ["nothing changed", (list) => list],
    ["a new title with words no paper had", (list) => list.map((p, i) => (i === 7 ? { ...p, title: "Zymurgy quixotic lattices for attention" } : p))],
    ["an abstract taken away", (list) => list.map((p, i) => (i === 3 ? { ...p, abstract: undefined } : p))],
    ["a paper added first", (list) => [{ slug: "aaa-new", title: "Sparse attention models", abstract: "Models of sparse attention for long sequences.", tags: ["attention"] }, ...list]],
    ["a paper removed", (list) => list.filter((_, i) => i !== 11)],
    ["the list reversed", (list) => [...list].reverse()],
    ["two papers with the same text", (list) => list.map((p, i) => (i === 20 ? { ...p, title: list[21]!.title, abstract: list[21]!.abstract } : p))],
  ];

  it("gives the same lists as a computation without it, edit after edit", () => {
    const cache = new TermCache();
    let list = papers;
    expect(relatedPapers(list, {}, undefined, cache)).toEqual(relatedPapers(list));
    for (const [, edit] of edits) {
      list = edit(list);
      expect(relatedPapers(list, {}, undefined, cache)).toEqual(relatedPapers(list));
    }
  });

  it.each(edits)("%s: a scoped update with the cache agrees with one without", (_, edit) => {
    const cache = new TermCache();
    relatedPapers(papers, {}, undefined, cache);
    const after = edit(papers);
    const scope = { only: after.slice(0, 12).map((p) => p.slug), expand: [after[0]!.slug] };
    expect(relatedPapers(after, {}, scope, cache)).toEqual(relatedPapers(after, {}, scope));
  });

  it("keeps only the papers of the last computation, and a paper's terms only for the texts they were made from", () => {
    const cache = new TermCache();
    relatedPapers(papers, {}, undefined, cache);
    expect(cache.size).toBe(papers.length);
    const first = papers[0]!;
    expect(cache.get(first.slug, first.title, first.abstract)).toBeDefined();
    const fewer = papers.slice(0, 50).map((p, i) => (i === 0 ? { ...p, title: "Edited" } : p));
    relatedPapers(fewer, {}, undefined, cache);
    expect(cache.size).toBe(50);
    expect(cache.get(first.slug, "Edited", first.abstract)?.ids.length).toBeGreaterThan(0);
    expect(cache.get(first.slug, first.title, first.abstract)).toBeUndefined();
    expect(cache.get(first.slug, "Edited", `${first.abstract} more`)).toBeUndefined();
    expect(cache.get(papers[60]!.slug, papers[60]!.title, papers[60]!.abstract)).toBeUndefined();
  });
});
