import { describe, expect, it } from "vitest";
import { prng, syntheticPapers } from "../../bench/related-bench.ts";
import { relatedOnWorker } from "../../../src/related/index.ts";
import { relatedPapers, topByScore, topK } from "../../../src/related/related.ts";

// The ways the related-papers step was made faster must not change a single answer.

describe("topByScore", () => {
  const random = prng(7);
  const cases = Array.from({ length: 40 }, (_, i) => {
    const n = 1 + Math.floor(random() * 200);
    // Few distinct scores, so ties (broken by rank) are common.
    const score = Float64Array.from({ length: n }, () => Math.round(random() * 10) / 10);
    const rank = Int32Array.from([...Array(n).keys()].sort(() => random() - 0.5));
    const items = Int32Array.from([...Array(n).keys()].filter(() => random() < 0.7));
    return { name: `case ${i}: ${items.length} items`, items, k: Math.floor(random() * 60), score, rank };
  });
  it.each(cases)("equals topK with the same order ($name)", ({ items, k, score, rank }) => {
    const better = (a: number, b: number) => score[a]! > score[b]! || (score[a] === score[b] && rank[a]! < rank[b]!);
    expect(topByScore(items, items.length, k, score, rank)).toEqual(topK(items, k, better));
  });

  it("reads only the first `length` items", () => {
    const score = Float64Array.from([1, 5, 3, 9]);
    const rank = Int32Array.from([0, 1, 2, 3]);
    expect(topByScore(Int32Array.from([0, 1, 2, 3]), 3, 2, score, rank)).toEqual([1, 2]);
  });
});

describe("relatedOnWorker", () => {
  it("gives exactly what relatedPapers gives on the main thread", async () => {
    const papers = syntheticPapers(400, 3);
    expect(await relatedOnWorker(papers)).toEqual(relatedPapers(papers));
  });
});
