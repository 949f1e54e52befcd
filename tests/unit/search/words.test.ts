import { describe, expect, it } from "vitest";
import { distinctiveQueries, titleWords } from "../../helpers/search-words.ts";

describe("titleWords", () => {
  it.each([
    ["Attention Is All You Need", ["attention", "need"]],
    ["FlashAttention-2: Faster Attention", ["flashattention", "faster", "attention"]],
    ["Élan vital of GPT-4 in 2023", ["elan", "vital", "gpt"]],
    ["A B C of the UI", []],
  ])("%s", (title, words) => expect(titleWords(title)).toEqual(words));
});

describe("distinctiveQueries", () => {
  it("takes the rarest words, at least two, until the title is the only one with all of them", () => {
    const queries = distinctiveQueries([
      "Efficient Attention for Long Sequences",
      "Efficient Training of Sparse Models",
      "Sparse Attention Kernels",
      "Sparse Attention Kernels Revisited",
    ]);
    expect(queries.map((q) => q.query)).toEqual([
      // "sequences" and "long" occur once: the longer first.
      "sequences long",
      "training models",
      // Every word is shared with the next title: three words, the most allowed (ties: the longer).
      "kernels attention sparse",
      "revisited kernels",
    ]);
  });

  it("is deterministic and keeps the input order", () => {
    const titles = ["Beta Gamma Delta", "Gamma Delta Epsilon", "Alpha Beta"];
    expect(distinctiveQueries(titles)).toEqual(distinctiveQueries([...titles]));
    expect(distinctiveQueries(titles).map((q) => q.title)).toEqual(titles);
  });

  it("uses what a short title has", () => {
    expect(distinctiveQueries(["Mamba", "Mamba Two"]).map((q) => q.words)).toEqual([["mamba"], ["two", "mamba"]]);
  });
});
