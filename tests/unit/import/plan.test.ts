import { describe, expect, it } from "vitest";
import { planImport, type Action, type MergeAction, type NewAction, type PlanOptions } from "../../../src/import/plan.ts";
import type { ImportRecord, PaperFields } from "../../../src/import/record.ts";
import { compileTaxonomy } from "../../../src/import/tagging.ts";
import type { Paper } from "../../../src/papers/schema.ts";

function record(fields: PaperFields, line = 1, key?: string): ImportRecord {
  return { source: { file: "in", line, ...(key ? { key } : {}) }, fields, notes: [] };
}

function existing(slug: string, fields: Partial<Paper> & { title: string }): Paper {
  return { slug, file: `content/papers/${slug}.md`, added: "2026-01-01", tags: [], status: "to-read", authors: [], draft: false, notes: "", notesLine: 1, ...fields };
}

const taxonomy = compileTaxonomy([{ name: "KV cache", description: "d", match: ["KV cache"] }]);
const options = (over: Partial<PlanOptions> = {}): PlanOptions => ({ format: "trending", added: "2026-03-14", existing: [], dir: "content/papers", taxonomy, ...over });
const kinds = (actions: Action[]) => actions.map((a) => a.kind);

describe("planImport from trending text", () => {
  it("creates new papers with added, status, taxonomy tags and a slug", () => {
    const [a] = planImport([record({ title: "SnapKV: Selecting the KV cache", abstract: "x", code: "https://github.com/a/b" })], options()) as NewAction[];
    expect(a).toMatchObject({
      kind: "new",
      slug: "snapkv",
      tagRecord: ["KV cache"],
      fields: { title: "SnapKV: Selecting the KV cache", added: "2026-03-14", status: "to-read", tags: ["KV cache"], abstract: "x", code: "https://github.com/a/b" },
    });
  });

  it("never touches a paper already in the list: same title (any case or punctuation), arXiv id or DOI", () => {
    const list = [existing("one", { title: "Attention Is All You Need" }), existing("two", { title: "Other", arxiv: "2205.14135v2", doi: "10.1/abc" })];
    const actions = planImport(
      [record({ title: "attention is all you need!" }, 1), record({ title: "Renamed", arxiv: "2205.14135" } as PaperFields, 3), record({ title: "X", doi: "10.1/ABC" } as PaperFields, 5)],
      options({ existing: list }),
    );
    expect(actions.map((a) => (a.kind === "skip" ? a.reason : a.kind))).toEqual([
      "already in the list as content/papers/one.md (same title)",
      "already in the list as content/papers/two.md (same arXiv id)",
      "already in the list as content/papers/two.md (same DOI)",
    ]);
  });

  it("a title repeated in the same file: skipped when it is the same paper, failed when the abstracts differ", () => {
    const actions = planImport(
      [record({ title: "Efficient Deep Neural Networks", abstract: "A" }, 11), record({ title: "Efficient deep neural networks.", abstract: "A" }, 15), record({ title: "EFFICIENT DEEP NEURAL NETWORKS", abstract: "B" }, 19)],
      options(),
    );
    expect(kinds(actions)).toEqual(["new", "skip", "fail"]);
    expect((actions[1] as { reason: string }).reason).toBe("repeats the paper on line 11");
    expect((actions[2] as { reason: string }).reason).toMatch(/same title as line 11 .* another abstract/);
  });

  it("slugs that collide get a suffix, with a note naming the file that holds the name", () => {
    const list = [existing("cats", { title: "CATS: Something Else Entirely" })];
    const actions = planImport([record({ title: "CATS: Contextually-Aware Thresholding" }), record({ title: "Cats: Yet Another Paper" })], options({ existing: list })) as NewAction[];
    expect(actions.map((a) => a.slug)).toEqual(["cats-2", "cats-3"]);
    expect(actions[0]!.notes).toEqual(["the file name cats.md is taken by content/papers/cats.md: written as cats-2.md"]);
    expect(actions[1]!.notes[0]).toMatch(/cats\.md is taken by content\/papers\/cats\.md: written as cats-3\.md/);
  });
});

describe("planImport from BibTeX", () => {
  const bib = (over: Partial<PlanOptions> = {}) => options({ format: "bibtex", ...over });

  it("merges only the fields a paper lacks", () => {
    const list = [existing("flash", { title: "FlashAttention", authors: [], url: "https://github.io/keep", published: "2022" })];
    const [a] = planImport(
      [record({ title: "FlashAttention", authors: ["Tri Dao"], arxiv: "2205.14135", url: "https://arxiv.org/abs/2205.14135", published: "2023", abstract: "not merged", tags: ["not merged"] })],
      bib({ existing: list }),
    ) as MergeAction[];
    expect(a).toMatchObject({ kind: "merge", file: "content/papers/flash.md", add: { authors: ["Tri Dao"], arxiv: "2205.14135" } });
    expect(Object.keys(a!.add)).toEqual(["authors", "arxiv"]);
  });

  it("a paper with nothing to gain is skipped", () => {
    const list = [existing("flash", { title: "FlashAttention", authors: ["Tri Dao"], arxiv: "2205.14135" })];
    const [a] = planImport([record({ title: "FlashAttention", authors: ["Someone Else"], arxiv: "2205.14135v3" })], bib({ existing: list }));
    expect(a).toMatchObject({ kind: "skip", reason: "already in the list as content/papers/flash.md, with nothing to add" });
  });

  it("matched by arXiv id under another title: merged, the difference noted", () => {
    const list = [existing("flash", { title: "FlashAttention (preprint)", arxiv: "2205.14135" })];
    const [a] = planImport([record({ title: "FlashAttention", arxiv: "2205.14135", authors: ["Tri Dao"] })], bib({ existing: list })) as MergeAction[];
    expect(a!.kind).toBe("merge");
    expect(a!.notes[0]).toContain("matched by arXiv id");
  });

  it("same title but a different arXiv id is not merged", () => {
    const list = [existing("x", { title: "Efficient Deep Neural Networks", arxiv: "1111.11111" })];
    const [a] = planImport([record({ title: "Efficient Deep Neural Networks", arxiv: "2222.22222", authors: ["A"] })], bib({ existing: list }));
    expect(a).toMatchObject({ kind: "skip" });
    expect((a as { reason: string }).reason).toContain("arXiv id 1111.11111 in the list, 2222.22222 in the entry: not merged");
  });

  it("an entry that matches two different papers is not merged", () => {
    const list = [existing("a", { title: "Paper A" }), existing("b", { title: "Paper B", arxiv: "2205.14135" })];
    const [a] = planImport([record({ title: "Paper A", arxiv: "2205.14135" })], bib({ existing: list }));
    expect(a).toMatchObject({ kind: "skip" });
    expect((a as { reason: string }).reason).toBe("matches more than one paper: content/papers/a.md (same title), content/papers/b.md (same arXiv id); not merged, to be safe");
  });

  it("a new paper takes keywords as tags plus the taxonomy's, and two entries for it become one file", () => {
    const actions = planImport(
      [record({ title: "New KV cache paper", tags: ["Mine", "kv CACHE"] }, 1, "a"), record({ title: "New KV Cache Paper", doi: "10.1/x", authors: ["A B"] }, 9, "b")],
      bib(),
    );
    expect(kinds(actions)).toEqual(["new", "skip"]);
    const created = actions[0] as NewAction;
    expect(created.fields).toMatchObject({ tags: ["Mine", "kv CACHE"], doi: "10.1/x", authors: ["A B"] });
    expect(created.tagRecord).toEqual(["KV cache"]);
    expect((actions[1] as { reason: string }).reason).toContain("went into that new paper");
  });
});
