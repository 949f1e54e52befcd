import { describe, expect, it } from "vitest";
import { buildLibrary, comparePapers, findDuplicates, indexTags, normaliseTitle } from "../../../src/papers/library.ts";
import type { Paper } from "../../../src/papers/schema.ts";

function paper(slug: string, fields: Partial<Paper> = {}): Paper {
  return { slug, file: `content/papers/${slug}.md`, title: slug, added: "2024-01-01", tags: [], status: "to-read", authors: [], draft: false, notes: "", notesLine: 4, ...fields };
}

describe("normaliseTitle", () => {
  it.each([
    ["Attention Is All You Need", "attention is all you need"],
    ["Attention is all you need!", "attention is all you need"],
    ["  FlashAttention-2:  Faster ", "flashattention 2 faster"],
    ["Über Café", "uber cafe"],
  ])("%j → %j", (title, key) => expect(normaliseTitle(title)).toBe(key));
});

describe("comparePapers", () => {
  it("orders newest added first, then by title, then slug", () => {
    const papers = [paper("b", { added: "2024-01-01", title: "B" }), paper("a", { added: "2024-02-01", title: "Z" }), paper("c", { added: "2024-01-01", title: "A" })];
    expect(papers.sort(comparePapers).map((p) => p.slug)).toEqual(["a", "c", "b"]);
  });
});

describe("findDuplicates", () => {
  it.each([
    ["same title in another case and punctuation", [paper("a", { title: "Attention Is All You Need" }), paper("b", { title: "attention is all you need." })], "title", "same title"],
    ["same arXiv id, different version", [paper("a", { arxiv: "2205.14135" }), paper("b", { arxiv: "2205.14135v2" })], "arxiv", "same arXiv id"],
    ["same DOI in another case", [paper("a", { doi: "10.1/ABC" }), paper("b", { doi: "10.1/abc" })], "doi", "same DOI"],
  ])("%s names both files", (_name, papers, field, kind) => {
    const problems = findDuplicates(papers);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "content/papers/b.md", field });
    expect(problems[0]!.message).toContain("content/papers/a.md");
    expect(problems[0]!.message).toContain(kind);
  });

  it("distinct papers are fine", () => {
    expect(findDuplicates([paper("a", { arxiv: "2205.14135" }), paper("b", { arxiv: "2205.14136" })])).toEqual([]);
  });
});

describe("indexTags", () => {
  it("merges case variants under the most common spelling", () => {
    const { tags, problems } = indexTags([paper("a", { tags: ["LLM"] }), paper("b", { tags: ["LLM"] }), paper("c", { tags: ["llm"] })]);
    expect(problems).toEqual([]);
    expect([...tags.values()].map((t) => [t.name, t.slug])).toEqual([["LLM", "llm"]]);
  });

  it("reports two different tags that would share a URL, naming both and their files", () => {
    const { problems } = indexTags([paper("a", { tags: ["kv cache"] }), paper("b", { tags: ["kv-cache"] })]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/"kv-cache".*content\/papers\/b\.md.*"kv cache".*content\/papers\/a\.md.*\/tags\/kv-cache\//);
  });
});

describe("buildLibrary", () => {
  const all = [
    paper("old", { added: "2024-01-01", tags: ["x"] }),
    paper("mid", { added: "2024-02-01", tags: ["X", "y"], status: "read" }),
    paper("new", { added: "2024-03-01", draft: true }),
  ];

  it("drops drafts from a production build only", () => {
    expect(buildLibrary(all, { includeDrafts: false, renderNotes: (s: string) => ({ html: s, links: [] }) }).papers.map((p) => p.slug)).toEqual(["mid", "old"]);
    expect(buildLibrary(all, { includeDrafts: true, renderNotes: (s: string) => ({ html: s, links: [] }) }).papers.map((p) => p.slug)).toEqual(["new", "mid", "old"]);
  });

  it("links neighbours, tags and statuses", () => {
    const lib = buildLibrary(all, { includeDrafts: false, renderNotes: (s: string) => ({ html: s, links: [] }) });
    const [mid, old] = lib.papers;
    expect(mid!.previous).toEqual({ slug: "old", title: "old" });
    expect(mid!.next).toBeUndefined();
    expect(old!.next).toEqual({ slug: "mid", title: "mid" });
    expect(lib.tags.map((t) => [t.name, t.papers.map((p) => p.slug)])).toEqual([
      ["X", ["mid", "old"]], // a tie between spellings goes to the first in code-point order
      ["y", ["mid"]],
    ]);
    expect(mid!.tagLinks).toEqual([
      { name: "X", slug: "x" },
      { name: "y", slug: "y" },
    ]);
    expect(lib.byStatus.read.map((p) => p.slug)).toEqual(["mid"]);
    expect(lib.byStatus["to-read"].map((p) => p.slug)).toEqual(["old"]);
  });
});
