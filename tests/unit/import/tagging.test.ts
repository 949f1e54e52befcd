import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileTaxonomy, matchedPhrases, matchTags, updateTags } from "../../../src/import/tagging.ts";
import { parseTrending } from "../../../src/import/trending.ts";
import { tagKey } from "../../../src/papers/schema.ts";
import { loadTaxonomy, type TaxonomyTag } from "../../../src/papers/taxonomy.ts";
import { REPO, SEED_CONTENT } from "../../helpers/site.ts";

const TAXONOMY: TaxonomyTag[] = [
  { name: "KV cache", description: "d", match: ["KV cache", "KV caches", "key-value cache"] },
  { name: "retrieval and RAG", description: "d", match: ["RAG", "retrieval-augmented"] },
  { name: "long context", description: "d", match: ["long context"] },
  { name: "C++", description: "d", match: ["C++"] },
  { name: "no phrases", description: "d", match: [] },
];
const compiled = compileTaxonomy(TAXONOMY);

describe("matchTags: phrases in the title or abstract, any case, whole words", () => {
  it.each([
    ["A KV cache study", "", ["KV cache"]],
    ["", "we compress kv Caches", ["KV cache"]],
    ["", "the key-value cache", ["KV cache"]],
    ["", "the key value cache", ["KV cache"]],
    ["", "KV-cache reuse", ["KV cache"]],
    ["", "KV cached tensors", []],
    ["", "a fragment of RAG.", ["retrieval and RAG"]],
    ["", "a fragmentation", []],
    ["", "drag and drop", []],
    ["Long-Context Retrieval-Augmented Generation", "", ["retrieval and RAG", "long context"]],
    ["", "long\ncontext across lines", ["long context"]],
    ["", "written in C++ and C#", ["C++"]],
    ["", "nothing here", []],
  ])("%j %j → %j", (title, abstract, expected) => {
    expect(matchTags(compiled, title, abstract)).toEqual(expected);
  });

  it("matchedPhrases explains a match", () => {
    expect(matchedPhrases(TAXONOMY[0]!, "KV caches", "a KV cache")).toEqual(["KV cache", "KV caches"]);
  });
});

describe("updateTags: re-applying the taxonomy without undoing a person's edits", () => {
  const keys = new Set(TAXONOMY.map((t) => tagKey(t.name)));
  it.each([
    {
      name: "untouched file: follows the taxonomy both ways",
      current: ["KV cache", "long context"], computed: ["KV cache", "retrieval and RAG"], record: ["KV cache", "long context"], force: false,
      tags: ["KV cache", "retrieval and RAG"], added: ["retrieval and RAG"], removed: ["long context"], kept: [],
    },
    {
      name: "a tag added by hand stays, even a taxonomy tag the phrases no longer give",
      current: ["KV cache", "my favourite", "long context"], computed: ["KV cache"], record: ["KV cache"], force: false,
      tags: ["KV cache", "my favourite", "long context"], added: [], removed: [], kept: ["long context"],
    },
    {
      name: "a tag removed by hand is not added back",
      current: ["long context"], computed: ["KV cache", "long context"], record: ["KV cache", "long context"], force: false,
      tags: ["long context"], added: [], removed: [], kept: ["KV cache"],
    },
    {
      name: "case does not matter",
      current: ["kv cache"], computed: ["KV cache"], record: ["KV CACHE"], force: false,
      tags: ["kv cache"], added: [], removed: [], kept: [],
    },
    {
      name: "no record: treated as set by hand, nothing changes",
      current: ["long context"], computed: ["KV cache"], record: undefined, force: false,
      tags: ["long context"], added: [], removed: [], kept: ["KV cache", "long context"],
    },
    {
      name: "--write: taxonomy tags become exactly what it gives, other tags stay",
      current: ["long context", "my favourite"], computed: ["KV cache"], record: ["KV cache"], force: true,
      tags: ["my favourite", "KV cache"], added: ["KV cache"], removed: ["long context"], kept: [],
    },
    {
      name: "--write on a file without a record",
      current: ["my favourite"], computed: ["KV cache"], record: undefined, force: true,
      tags: ["my favourite", "KV cache"], added: ["KV cache"], removed: [], kept: [],
    },
  ])("$name", ({ current, computed, record, force, tags, added, removed, kept }) => {
    const update = updateTags(current, computed, record, keys, force);
    expect(update.tags).toEqual(tags);
    expect(update.added).toEqual(added);
    expect(update.removed).toEqual(removed);
    expect(update.kept.map((k) => k.tag)).toEqual(kept);
    expect(update.record).toEqual(record === undefined && !force ? undefined : computed);
  });
});

describe("the list's taxonomy (content/_data/taxonomy.yaml) on the 83 seed papers", () => {
  const taxonomy = loadTaxonomy(path.join(SEED_CONTENT, "_data/taxonomy.yaml"));
  const { records } = parseTrending(readFileSync(path.join(REPO, "tests/fixtures/seed/000_3eb6c93e1524ac77.txt"), "utf8"), "seed.txt");
  const tagged = records.map((r) => ({ title: r.fields.title, tags: matchTags(compileTaxonomy(taxonomy), r.fields.title, r.fields.abstract) }));

  it("has 12 to 30 tags, each with a one-sentence description and phrases", () => {
    expect(taxonomy.length).toBeGreaterThanOrEqual(12);
    expect(taxonomy.length).toBeLessThanOrEqual(30);
    for (const tag of taxonomy) {
      expect(tag.description, tag.name).toMatch(/^[A-Z][^]*\.$/);
      expect(tag.description.slice(0, -1), tag.name).not.toMatch(/[.!?]\s/);
      expect(tag.match.length, tag.name).toBeGreaterThan(0);
    }
  });

  it("gives every seed paper at least one tag", () => {
    expect(tagged.filter((p) => p.tags.length === 0).map((p) => p.title)).toEqual([]);
  });

  it("gives no tag to more than half of the papers, and every tag to some paper", () => {
    for (const tag of taxonomy) {
      const count = tagged.filter((p) => p.tags.includes(tag.name)).length;
      expect(count, tag.name).toBeGreaterThan(0);
      expect(count, tag.name).toBeLessThanOrEqual(records.length / 2);
    }
  });

  it.each([
    ["FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness", ["attention kernels", "long context"]],
    ["SpecDec++: Boosting Speculative Decoding via Adaptive Candidate Lengths", ["speculative and parallel decoding"]],
    ["SnapKV: LLM Knows What You are Looking for Before Generation", ["KV cache", "long context"]],
    ["BARS-CTR: Open Benchmarking for Click-Through Rate Prediction", ["recommendation and CTR", "benchmarks and evaluation"]],
    ["Speech Enhancement and Dereverberation with Diffusion-based Generative Models", ["speech", "diffusion"]],
    ["Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters", ["test-time compute"]],
    ["PowerInfer-2: Fast Large Language Model Inference on a Smartphone", ["on-device inference"]],
  ])("%s gets %j", (title, expected) => {
    expect(tagged.find((p) => p.title === title)!.tags).toEqual(expect.arrayContaining(expected));
  });
});
