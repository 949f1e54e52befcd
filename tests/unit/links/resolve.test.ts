import { describe, expect, it } from "vitest";
import { authorYear, LinkIndex, nearest, type LinkPaper } from "../../../src/links/resolve.ts";
import type { LinkRef } from "../../../src/links/syntax.ts";

function paper(slug: string, fields: Partial<LinkPaper> = {}): LinkPaper {
  return { slug, file: `content/papers/${slug}.md`, title: slug, authors: [], added: "2024-01-01", draft: false, ...fields };
}

const PAPERS = [
  paper("flash-attention", { title: "FlashAttention: Fast and Memory-Efficient Exact Attention", authors: ["Tri Dao", "Daniel Y. Fu", "Stefano Ermon"], arxiv: "2205.14135v2", added: "2024-03-01" }),
  paper("attention", { title: "Attention Is All You Need", authors: ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"], published: "2017-06-12", doi: "10.5555/3295222.3295349" }),
  paper("mamba", { title: "Mamba: Linear-Time Sequence Modeling", authors: ["Albert Gu", "Tri Dao"], arxiv: "2312.00752" }),
  paper("secret", { title: "A Secret Draft", authors: ["Ada Lovelace"], published: "2025", draft: true, arxiv: "2501.00001" }),
];

const resolve = (index: LinkIndex, ref: LinkRef) => index.resolve(ref);

describe("LinkIndex", () => {
  const production = new LinkIndex(PAPERS, { includeDrafts: false });
  const dev = new LinkIndex(PAPERS, { includeDrafts: true });

  it.each<[LinkRef, string]>([
    [{ kind: "slug", id: "flash-attention" }, "flash-attention"],
    [{ kind: "arxiv", id: "2205.14135" }, "flash-attention"],
    [{ kind: "arxiv", id: "2205.14135v1" }, "flash-attention"],
    [{ kind: "arxiv", id: "2312.00752v4" }, "mamba"],
    [{ kind: "doi", id: "10.5555/3295222.3295349" }, "attention"],
    [{ kind: "doi", id: "https://doi.org/10.5555/3295222.3295349" }, "attention"],
    // An arXiv DOI names the arXiv paper.
    [{ kind: "doi", id: "10.48550/arXiv.2205.14135" }, "flash-attention"],
    [{ kind: "key", id: "vaswani2017attention" }, "attention"],
    [{ kind: "key", id: "dao2022flashattention" }, "flash-attention"],
    [{ kind: "key", id: "gu2023mamba" }, "mamba"],
  ])("%j → %s", (ref, slug) => {
    const result = resolve(production, ref);
    expect(result.ok && result.target.slug).toBe(slug);
  });

  it("gives what a link shows: the title and the author–date citation", () => {
    expect(resolve(production, { kind: "slug", id: "attention" })).toEqual({ ok: true, target: { slug: "attention", title: "Attention Is All You Need", authorYear: "Vaswani et al. 2017" } });
  });

  it("says which file is a draft, in a production build only", () => {
    for (const ref of [{ kind: "slug", id: "secret" }, { kind: "arxiv", id: "2501.00001" }, { kind: "key", id: "lovelace2025secret" }] as LinkRef[]) {
      const result = resolve(production, ref);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain("links to a draft (content/papers/secret.md has draft: true)");
      expect(resolve(dev, ref).ok).toBe(true);
    }
  });

  it.each<[LinkRef, string, string]>([
    [{ kind: "slug", id: "flash-atention" }, "[[flash-atention]] links to no paper: no file content/papers/flash-atention.md", "did you mean [[flash-attention]] (FlashAttention: Fast and Memory-Efficient Exact Attention)? (a slug is a paper's file name without .md)"],
    [{ kind: "slug", id: "flash" }, "[[flash]] links to no paper: no file content/papers/flash.md", "did you mean [[flash-attention]] (FlashAttention: Fast and Memory-Efficient Exact Attention)? (a slug is a paper's file name without .md)"],
    [{ kind: "key", id: "vaswani2017atention" }, "[@vaswani2017atention] links to no paper: no paper has the citation key vaswani2017atention", "did you mean [@vaswani2017attention] (Attention Is All You Need)? (each paper's key is shown in its Cite section)"],
    [{ kind: "arxiv", id: "2205.14136" }, "[[arxiv:2205.14136]] links to no paper: no paper has the arXiv id 2205.14136", "did you mean [[arxiv:2205.14135]] (FlashAttention: Fast and Memory-Efficient Exact Attention)? To add the paper: npx shelfmark add 2205.14136"],
    [{ kind: "doi", id: "10.1/nothing" }, "[[doi:10.1/nothing]] links to no paper: no paper has the DOI 10.1/nothing", "did you mean [[doi:10.5555/3295222.3295349]] (Attention Is All You Need)? To add the paper: npx shelfmark add doi:10.1/nothing"],
  ])("%j: a message and the nearest name", (ref, message, fix) => {
    expect(resolve(production, ref)).toEqual({ ok: false, message, fix });
  });

  it("never suggests the paper whose notes link", () => {
    const result = production.resolve({ kind: "slug", id: "flash-attentio" }, "flash-attention");
    expect(!result.ok && result.fix).not.toContain("[[flash-attention]]");
    const key = production.resolve({ kind: "key", id: "vaswani2017" }, "attention");
    expect(!key.ok && key.fix).not.toContain("vaswani2017attention");
  });

  it("quotes an id as written, and ends the fix's sentences when there is nothing to suggest", () => {
    expect(new LinkIndex([], { includeDrafts: false }).resolve({ kind: "doi", id: "10.9999/Nothing" })).toEqual({
      ok: false,
      message: "[[doi:10.9999/Nothing]] links to no paper: no paper has the DOI 10.9999/Nothing",
      fix: "link to a paper of the list. To add the paper: npx shelfmark add doi:10.9999/Nothing",
    });
  });

  it("suggests only papers the build shows", () => {
    const result = resolve(production, { kind: "slug", id: "secrets" });
    expect(!result.ok && result.fix).not.toContain("[[secret]]");
    const devResult = resolve(dev, { kind: "slug", id: "secrets" });
    expect(!devResult.ok && devResult.fix).toContain("did you mean [[secret]]");
  });

  it("says how to link when the list is empty", () => {
    expect(resolve(new LinkIndex([], { includeDrafts: false }), { kind: "slug", id: "x" })).toEqual({
      ok: false,
      message: "[[x]] links to no paper: no file content/papers/x.md",
      fix: "link to a paper of the list (a slug is a paper's file name without .md).",
    });
  });

  it("keeps a draft's key out of the keys the published papers get", () => {
    // With the draft left out, a published paper whose base key collides keeps the plain key.
    const twins = [paper("a", { title: "Deep Things", authors: ["Jo Smith"], published: "2020", added: "2024-01-02" }), paper("b", { title: "Deep Stuff", authors: ["Jo Smith"], published: "2020", added: "2024-01-01", draft: true })];
    const index = new LinkIndex(twins, { includeDrafts: false });
    const plain = index.resolve({ kind: "key", id: "smith2020deep" });
    expect(plain.ok && plain.target.slug).toBe("a");
  });

  it("changes its signature when what a link shows changes, and only then", () => {
    const again = new LinkIndex(PAPERS.map((p) => ({ ...p })), { includeDrafts: false });
    expect(again.signature()).toBe(production.signature());
    const retitled = new LinkIndex(PAPERS.map((p) => (p.slug === "mamba" ? { ...p, title: "Mamba 2" } : p)), { includeDrafts: false });
    expect(retitled.signature()).not.toBe(production.signature());
    expect(dev.signature()).not.toBe(production.signature());
  });
});

describe("authorYear", () => {
  it.each([
    [["Geoffrey Hinton"], "2006", undefined, "Hinton 2006"],
    [["Albert Gu", "Tri Dao"], "2023-12", undefined, "Gu and Dao 2023"],
    [["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"], "2017-06-12", undefined, "Vaswani et al. 2017"],
    [["Laurens van der Maaten", "Geoffrey Hinton"], "2008", undefined, "van der Maaten and Hinton 2008"],
    [["Tri Dao"], undefined, "2205.14135", "Dao 2022"],
    [["Tri Dao"], undefined, undefined, "Dao n.d."],
    [[], "2020", undefined, "A Title 2020"],
  ])("%j, %s, %s → %s", (authors, published, arxiv, expected) => {
    expect(authorYear({ authors, title: "A Title", published, arxiv })).toBe(expected);
  });
});

describe("nearest", () => {
  it.each([
    ["flash-atention", ["flash-attention", "attention"], "flash-attention"],
    ["flash", ["mamba", "flash-attention-2", "flash-attention"], "flash-attention"],
    ["FLASH", ["flash-attention"], "flash-attention"],
    ["zzz", ["abc", "zza"], "zza"],
    ["x", [], undefined],
  ])("%s among %j → %s", (wanted, names, expected) => {
    expect(nearest(wanted, names)).toBe(expected);
  });
});
