import { describe, expect, it } from "vitest";
import { syntheticPapers } from "../../bench/related-bench.ts";
import { computeRelated, relatedPapers, stem, terms, topK, type RelatedInput } from "../../../src/related/related.ts";

describe("terms", () => {
  it.each([
    ["Attention Is All You Need", ["attention", "need"]],
    ["KV-cache compression for LLMs", ["cache", "compression", "llm"]],
    ["Queries, keys and values", ["query", "key", "value"]],
    ["Ré-ranking naïve 2024 models", ["ranking", "naive", "model"]],
    ["a an of to 12 345", []],
  ])("%s → %j", (text, expected) => {
    expect(terms(text)).toEqual(expected);
  });

  it.each([
    ["models", "model"],
    ["queries", "query"],
    ["class", "class"],
    ["corpus", "corpus"],
    ["analysis", "analysis"],
    ["gas", "gas"],
    ["llms", "llm"],
  ])("stem(%s) = %s", (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });
});

describe("topK", () => {
  const desc = (a: number, b: number) => a > b;
  it.each([
    [[5, 1, 4, 2, 3], 3, [5, 4, 3]],
    [[1, 2], 5, [2, 1]],
    [[], 3, []],
    [[3, 1, 2], 0, []],
    [[9, 8, 7, 6, 5, 4, 3, 2, 1, 10], 1, [10]],
  ])("top of %j by %i", (items, k, expected) => {
    expect(topK(items, k, desc)).toEqual(expected);
  });
});

const corpus: RelatedInput[] = [
  { slug: "flash", title: "FlashAttention: fast exact attention with IO-awareness", abstract: "Tiling attention kernels reduce memory reads between GPU high bandwidth memory and SRAM.", tags: ["attention kernels", "long context"] },
  { slug: "flash2", title: "FlashAttention-2: faster attention with better parallelism", abstract: "Attention kernels with better work partitioning between GPU thread blocks and warps.", tags: ["Attention Kernels"] },
  { slug: "ring", title: "Ring attention with blockwise transformers for near-infinite context", abstract: "Blockwise attention across devices extends the context length of transformers.", tags: ["long context"] },
  { slug: "ctr", title: "Click-through rate prediction with feature interactions", abstract: "Recommendation models predict clicks from sparse categorical features.", tags: ["recommendation"] },
  { slug: "ctr2", title: "Benchmarking click-through rate prediction models", abstract: "An open benchmark of recommendation models for click prediction.", tags: ["recommendation", "benchmarks"] },
  { slug: "lonely", title: "Zebra husbandry in volcanic climates", abstract: "Quarantine procedures for equids.", tags: [] },
];

describe("relatedPapers", () => {
  const related = relatedPapers(corpus);

  it("finds papers that share tags and words, never the paper itself", () => {
    expect(related.get("flash")!.map((r) => r.slug).slice(0, 2)).toEqual(["flash2", "ring"]);
    expect(related.get("ctr")!.map((r) => r.slug)).toEqual(["ctr2"]);
    for (const [slug, list] of related) expect(list.map((r) => r.slug)).not.toContain(slug);
  });

  it("names the shared tags in the related paper's spelling, compared without case", () => {
    expect(related.get("flash")!.find((r) => r.slug === "flash2")!.sharedTags).toEqual(["Attention Kernels"]);
    expect(related.get("ctr")!.find((r) => r.slug === "ctr2")!.sharedTags).toEqual(["recommendation"]);
  });

  it("shows nothing rather than an unrelated paper", () => {
    expect(related.get("lonely")).toEqual([]);
  });

  it("gives at most `count`, best first", () => {
    const papers = syntheticPapers(60, 3);
    for (const list of relatedPapers(papers, { count: 3 }).values()) {
      expect(list.length).toBeLessThanOrEqual(3);
      expect(list.map((r) => r.score)).toEqual([...list.map((r) => r.score)].sort((a, b) => b - a));
    }
  });

  it("is deterministic: the same papers in another order give the same answer", () => {
    const papers = syntheticPapers(300, 11);
    const shuffled = [...papers].reverse();
    shuffled.push(...shuffled.splice(17, 40)); // not just reversed
    const a = relatedPapers(papers);
    const b = relatedPapers(shuffled);
    expect(Object.fromEntries([...b].sort(([x], [y]) => (x < y ? -1 : 1)))).toEqual(Object.fromEntries([...a].sort(([x], [y]) => (x < y ? -1 : 1))));
  });

  it("breaks exact ties by slug", () => {
    const twins: RelatedInput[] = [
      { slug: "q", title: "alpha beta", tags: [] },
      { slug: "z-twin", title: "alpha beta", tags: [] },
      { slug: "a-twin", title: "alpha beta", tags: [] },
    ];
    expect(relatedPapers(twins).get("q")!.map((r) => r.slug)).toEqual(["a-twin", "z-twin"]);
  });
});

describe("note links in related papers", () => {
  it("adds the link bonus to a linked pair, either way, and lists a linked paper that shares nothing", () => {
    const papers: RelatedInput[] = [
      { slug: "a", title: "alpha beta gamma", tags: ["x"] },
      { slug: "b", title: "alpha beta delta", tags: ["x"] },
      { slug: "c", title: "entirely unrelated words", tags: [] },
    ];
    const plain = relatedPapers(papers);
    expect(plain.get("a")!.map((r) => r.slug)).toEqual(["b"]);
    const linked = relatedPapers(papers.map((p) => (p.slug === "c" ? { ...p, links: ["a"] } : p)));
    // `c` shares no word and no tag with `a`: its score is the bonus alone, listed from both sides.
    expect(linked.get("a")!.map((r) => [r.slug, r.score, r.linked])).toEqual([
      ["b", plain.get("a")![0]!.score, undefined],
      ["c", 0.5, true],
    ]);
    expect(linked.get("c")!.map((r) => [r.slug, r.score, r.linked])).toEqual([["a", 0.5, true]]);
    expect(linked.get("b")).toEqual(plain.get("b"));
  });

  it("caps a linked pair's score at 1, takes the bonus from the options, and ignores links to unknown or the same paper", () => {
    const papers: RelatedInput[] = [
      { slug: "a", title: "alpha beta", tags: ["x"], links: ["b", "a", "missing"] },
      { slug: "b", title: "alpha beta", tags: ["x"] },
    ];
    expect(relatedPapers(papers).get("a")![0]!.score).toBe(1);
    expect(relatedPapers(papers, { linkBonus: 0 }).get("a")![0]!.score).toBe(relatedPapers(papers.map((p) => ({ ...p, links: undefined }))).get("a")![0]!.score);
    expect(relatedPapers(papers).get("a")!.map((r) => r.slug)).toEqual(["b"]);
  });

  it("finds a linked paper the pruned index would never gather", () => {
    const papers = syntheticPapers(400, 5);
    const far = papers.find((p) => !relatedPapers(papers).get(papers[0]!.slug)!.some((r) => r.slug === p.slug) && p.slug !== papers[0]!.slug)!;
    const linked = relatedPapers(papers.map((p, i) => (i === 0 ? { ...p, links: [far.slug] } : p)), { postingCap: 2, candidates: 2 });
    expect(linked.get(papers[0]!.slug)![0]!.slug).toBe(far.slug);
  });
});

/** The definition, computed the slow obvious way over every pair: what the indexed version must agree with. */
function reference(papers: RelatedInput[], count = 5, tagWeight = 0.4, minScore = 0.05): Map<string, string[]> {
  const n = papers.length;
  const idf = (df: number) => Math.log((1 + n) / (1 + df)) + 1;
  const tf = papers.map((p) => {
    const c = new Map<string, number>();
    for (const t of terms(p.title)) c.set(t, (c.get(t) ?? 0) + 2);
    for (const t of terms(p.abstract ?? "")) c.set(t, (c.get(t) ?? 0) + 1);
    return c;
  });
  const df = new Map<string, number>();
  for (const c of tf) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const tagSets = papers.map((p) => new Set(p.tags.map((t) => t.toLowerCase())));
  const tagDf = new Map<string, number>();
  for (const s of tagSets) for (const t of s) tagDf.set(t, (tagDf.get(t) ?? 0) + 1);
  const unit = (m: Map<string, number>) => {
    const norm = Math.sqrt([...m.values()].reduce((s, w) => s + w * w, 0)) || 1;
    return new Map([...m].map(([k, w]) => [k, w / norm]));
  };
  const text = tf.map((c) => unit(new Map([...c].map(([t, f]) => [t, (1 + Math.log(f)) * idf(df.get(t)!)]))));
  const tags = tagSets.map((s) => unit(new Map([...s].map((t) => [t, idf(tagDf.get(t)!)]))));
  const dot = (a: Map<string, number>, b: Map<string, number>) => [...a].reduce((s, [k, w]) => s + w * (b.get(k) ?? 0), 0);
  return new Map(
    papers.map((p, i) => {
      const scored = papers
        .map((o, j) => ({ slug: o.slug, j, score: Math.round(((1 - tagWeight) * dot(text[i]!, text[j]!) + tagWeight * dot(tags[i]!, tags[j]!)) * 1e6) / 1e6 }))
        .filter((s) => s.j !== i && s.score >= minScore)
        .sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : 1));
      return [p.slug, scored.slice(0, count).map((s) => s.slug)];
    }),
  );
}

describe("pruning", () => {
  it("equals the all-pairs definition when the limits do not bind", () => {
    const papers = syntheticPapers(80, 5);
    const got = relatedPapers(papers, { indexTerms: 10_000, postingCap: 10_000, candidates: 10_000 });
    const want = reference(papers);
    for (const p of papers) expect(got.get(p.slug)!.map((r) => r.slug), p.slug).toEqual(want.get(p.slug));
  });

  it("with the default limits, finds most of what the all-pairs definition finds", () => {
    const papers = syntheticPapers(250, 9);
    const got = relatedPapers(papers);
    const want = reference(papers);
    let found = 0;
    let total = 0;
    for (const p of papers) {
      const mine = new Set(got.get(p.slug)!.map((r) => r.slug));
      total += want.get(p.slug)!.length;
      found += want.get(p.slug)!.filter((s) => mine.has(s)).length;
    }
    expect(found / total).toBeGreaterThan(0.9);
  });

  it("bounds the work per paper, however common a tag or a word is", () => {
    // Every paper shares one tag and a frequent word: unpruned, each would be compared with all others.
    const papers = syntheticPapers(1500, 2).map((p) => ({ ...p, tags: [...p.tags, "everything"], title: `common ${p.title}` }));
    const options = { indexTerms: 10, postingCap: 30, candidates: 20 };
    const { related, stats } = computeRelated(papers, options);
    const maxFeatures = options.indexTerms + 5; // at most 4 synthetic tags plus "everything"
    expect(stats.postingsRead).toBeLessThanOrEqual(papers.length * maxFeatures * options.postingCap);
    expect(stats.candidatesScored).toBeLessThanOrEqual(papers.length * options.candidates);
    // Far below the N² of comparing every pair.
    expect(stats.postingsRead).toBeLessThan((papers.length * papers.length) / 4);
    expect([...related.values()].every((list) => list.length === 5)).toBe(true);
  });
});
