import { describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseFrontMatter } from "../../../src/papers/frontmatter.ts";
import { buildLibrary, comparePapers, findDuplicates, indexTags, loadPaperFiles, normaliseTitle, unfinishedPaper } from "../../../src/papers/library.ts";
import { LinkIndex } from "../../../src/links/resolve.ts";
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

describe("unfinishedPaper: a file with problems as note links know it", () => {
  const parsed = (yaml: string) => {
    const result = parseFrontMatter(`---\n${yaml}\n---\n`, "content/papers/k.md");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.file;
  };
  const base = { slug: "k", file: "content/papers/k.md", title: "k", added: "", authors: [], draft: false };

  // Each row: the front matter, and what a link may use of it (the rest is the slug's paper without it).
  it.each([
    ["nothing readable", undefined, {}],
    ["a field error elsewhere", 'title: Kernels\nadded: 2024-01-32\narxiv: "2301.00001v2"\ndoi: 10.1000/k\nauthors: [Ada Lovelace, 3]\npublished: 2023', { title: "Kernels", added: "2024-01-32", arxiv: "2301.00001v2", doi: "10.1000/k", authors: ["Ada Lovelace"], published: "2023" }],
    ["an arXiv id YAML made a number of: the id as written", "title: K\narxiv: 1901.01230", { title: "K", arxiv: "1901.01230" }],
    ["values that are not ids", "title: [a]\narxiv: nope\ndoi: doi.org/x\npublished: June\ndraft: yes", {}],
    ["a draft", "title: K\ndraft: true", { title: "K", draft: true }],
  ])("%s", (_name, yaml, expected) => {
    const { notes, notesLine, ...fields } = unfinishedPaper("k", "content/papers/k.md", yaml === undefined ? undefined : parsed(yaml));
    expect(fields).toEqual({ ...base, ...expected });
    // Its notes come along once the front matter is read (empty here), on the line after the closing ---.
    expect({ notes, notesLine }).toEqual(yaml === undefined ? { notes: undefined, notesLine: undefined } : { notes: "", notesLine: yaml.split("\n").length + 3 });
  });

  it("keeps the notes of a file with a field error, so their links are checked in the same run", () => {
    const result = parseFrontMatter("---\ntitle: K\nadded: 2024-01-32\n---\n\nSee [[other]].\n", "content/papers/k.md");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(unfinishedPaper("k", "content/papers/k.md", result.file)).toMatchObject({ notes: "See [[other]].", notesLine: 5 });
  });
});

describe("loadPaperFiles", () => {
  it("returns every problem, the papers, and the files with problems by their names, without throwing", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-load-"));
    try {
      await writeFile(path.join(dir, "good.md"), "---\ntitle: Good\nadded: 2024-01-01\n---\nSee [[bad]] and [[arxiv:2301.00001]] and [[gone]].\n");
      await writeFile(path.join(dir, "bad.md"), '---\ntitle: Bad\nadded: 2024-01-32\narxiv: "2301.00001"\n---\n');
      await writeFile(path.join(dir, "broken.md"), "---\ntitle: [\n---\n");
      const loaded = await loadPaperFiles({ dir, root: dir });
      expect(loaded.papers.map((p) => p.slug)).toEqual(["good"]);
      expect(loaded.problems.map((p) => p.file)).toEqual(["bad.md", "broken.md"]);
      expect(loaded.unfinished.map((p) => [p.slug, p.arxiv])).toEqual([
        ["bad", "2301.00001"],
        ["broken", undefined],
      ]);
      // A link to a file with problems resolves; one to no file does not.
      const index = new LinkIndex([...loaded.papers, ...loaded.unfinished], { includeDrafts: false });
      expect(index.resolve({ kind: "slug", id: "bad" }).ok).toBe(true);
      expect(index.resolve({ kind: "slug", id: "broken" }).ok).toBe(true);
      expect(index.resolve({ kind: "arxiv", id: "2301.00001v3" }).ok).toBe(true);
      expect(index.resolve({ kind: "slug", id: "gone" }).ok).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
