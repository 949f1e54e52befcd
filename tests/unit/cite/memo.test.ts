import { describe, expect, it } from "vitest";
import { cslItem } from "../../../src/cite/csl.ts";
import { cslJsonText, itemJson } from "../../../src/cite/exports.ts";
import { CitationMemo, sameCited } from "../../../src/cite/memo.ts";
import type { ListedPaper } from "../../../src/papers/library.ts";
import type { Paper } from "../../../src/papers/schema.ts";

function paper(slug: string, fields: Partial<Paper> = {}): ListedPaper {
  return { slug, file: `content/papers/${slug}.md`, title: `Title of ${slug}`, added: "2024-01-01", tags: ["a"], status: "read", authors: ["Ada Lovelace"], draft: false, notes: "", notesLine: 1, tagLinks: [], notesHtml: "", linksTo: [], mentionedIn: [], ...fields };
}

describe("CitationMemo", () => {
  it("makes an entry again only for a changed paper or key, and forgets papers no longer asked for", () => {
    const made: string[] = [];
    const memo = new CitationMemo((p, key) => (made.push(p.slug), `${key}:${p.title}`));
    const a = paper("a");
    const b = paper("b");
    expect([memo.get(a, "k1"), memo.get(b, "k2")]).toEqual(["k1:Title of a", "k2:Title of b"]);
    memo.done();
    // The next build: a is a new object with the same fields, b got a new title, and a's key is the same.
    expect([memo.get({ ...a, tags: [...a.tags] }, "k1"), memo.get({ ...b, title: "New" }, "k2")]).toEqual(["k1:Title of a", "k2:New"]);
    expect(made).toEqual(["a", "b", "b"]);
    memo.done();
    expect(memo.get(a, "other")).toBe("other:Title of a");
    memo.done();
    // b was not asked for in the last build: forgotten.
    memo.get(b, "k2");
    expect(made).toEqual(["a", "b", "b", "a", "b"]);
  });

  it.each<[string, Partial<Paper>]>([
    ["title", { title: "x" }],
    ["authors", { authors: ["Alan Turing"] }],
    ["published", { published: "2020" }],
    ["arxiv", { arxiv: "2001.00001" }],
    ["doi", { doi: "10.1/x" }],
    ["url", { url: "https://example.org" }],
    ["abstract", { abstract: "An abstract." }],
    ["tags", { tags: ["a", "b"] }],
  ])("sees a change of %s", (_, patch) => {
    expect(sameCited(paper("a"), paper("a"))).toBe(true);
    expect(sameCited(paper("a"), paper("a", patch))).toBe(false);
  });
});

describe("cslJsonText", () => {
  it("is JSON.stringify(items, null, 2) and a line break, item by item", () => {
    const papers = [paper("a", { abstract: 'Lines\nand "quotes" \u2028 and {braces}' }), paper("b", { authors: [], tags: [] }), paper("c", { arxiv: "2205.14135", published: "2022-05" })];
    const keys = new Map(papers.map((p) => [p.slug, { key: `key-${p.slug}` }]));
    const text = cslJsonText(papers, keys);
    expect(text).toBe(JSON.stringify(papers.map((p) => cslItem(p, `key-${p.slug}`)), null, 2) + "\n");
    expect(cslJsonText([], keys)).toBe(JSON.stringify([], null, 2) + "\n");
    expect(cslJsonText(papers, keys, (p, key) => itemJson(p, key))).toBe(text);
  });
});
