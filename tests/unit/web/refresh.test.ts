import { describe, expect, it } from "vitest";
import type { Paper } from "../../../src/papers/schema.ts";
import { fillFor } from "../../../src/web/refresh.ts";
import { listedIndex } from "../../../src/web/write.ts";

const base: Paper = { slug: "a", file: "content/papers/a.md", title: "A", added: "2026-01-01", tags: [], status: "to-read", authors: [], draft: false, notes: "", notesLine: 1 };

describe("fillFor: only what a paper lacks, never what another paper holds", () => {
  it.each([
    ["fills every lacking field", { arxiv: "2205.14135" }, { doi: "10.1234/x", authors: ["T"], published: "2022-05-27", pdf: "https://arxiv.org/pdf/2205.14135", abstract: "x" }, ["authors", "doi", "published", "pdf", "abstract"]],
    ["never overwrites", { arxiv: "2205.14135", doi: "10.1234/mine", authors: ["Me"], published: "2022", abstract: "mine" }, { doi: "10.1234/x", authors: ["T"], published: "2022-05-27", abstract: "x" }, []],
    ["an empty author list counts as lacking", { arxiv: "2205.14135", authors: [] }, { authors: ["T"] }, ["authors"]],
    ["title and code are never touched", { arxiv: "2205.14135" }, { title: "Other", code: "https://github.com/o/r" }, []],
  ])("%s", (_name, have, fetched, added) => {
    const paper = { ...base, ...have } as Paper;
    const fill = fillFor(paper, { title: "A", ...fetched }, listedIndex([paper]));
    expect(Object.keys(fill.add).sort()).toEqual([...added].sort());
    expect(fill.notes).toEqual([]);
  });

  it("a DOI another file of the list holds is not added: the note says which file", () => {
    const preprint = { ...base, arxiv: "2205.14135" } as Paper;
    const journal = { ...base, slug: "b", file: "content/papers/b.md", title: "B", doi: "10.1234/x" } as Paper;
    const fill = fillFor(preprint, { title: "A", doi: "10.1234/X", published: "2022-05-27" }, listedIndex([preprint, journal]));
    expect(fill.add).toEqual({ published: "2022-05-27" });
    expect(fill.notes).toEqual(["DOI 10.1234/X not added: content/papers/b.md has it (two files for one paper? keep one)"]);
  });
});
