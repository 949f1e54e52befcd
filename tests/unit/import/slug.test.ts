import { describe, expect, it } from "vitest";
import { MAX_SLUG_LENGTH, paperSlug, uniqueSlug } from "../../../src/import/slug.ts";

describe("paperSlug: readable lowercase ASCII words from the title", () => {
  it.each([
    ["FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness", "flashattention"],
    ["FlashAttention-2: Faster Attention with Better Parallelism and Work Partitioning", "flashattention-2"],
    ["SpecDec++: Boosting Speculative Decoding via Adaptive Candidate Lengths", "specdec"],
    ["MInference 1.0: Accelerating Pre-filling for Long-Context LLMs via Dynamic Sparse Attention", "minference-1-0"],
    ["Improving FIM Code Completions via Context & Curriculum Based Learning", "improving-fim-code-completions-via-context-and-curriculum"],
    ["Efficient Deep Neural Networks", "efficient-deep-neural-networks"],
    ["Über naïve Café", "ueber-naive-cafe"],
    ["Survey: Parameter-Efficient Methods", "survey-parameter-efficient-methods"],
    ["Position: Scaling Is Not Enough", "position-scaling-is-not-enough"],
    ["AI: A Short History", "ai-a-short-history"],
    [String.raw`Sorting in $\mathcal{O}(n \log n)$ with $\alpha$-Nets`, "sorting-in-o-n-log-n-with-alpha-nets"],
    [String.raw`Bounds for $\sum_{i=1}^n x_i \le \frac{1}{2}$`, "bounds-for-i-1-n-x-i-1-2"],
    [String.raw`$\varepsilon$-Greedy Exploration in $\mathbb{R}^d$`, "epsilon-greedy-exploration-in-r-d"],
    [String.raw`It costs $5 and $10, \$3 less`, "it-costs-5-and-10-3-less"],
    ["Scattered or Connected? An Optimized Parameter-efficient Tuning Approach for Information Retrieval", "scattered-or-connected-an-optimized-parameter-efficient"],
  ])("%s → %s", (title, slug) => {
    expect(paperSlug(title)).toBe(slug);
  });

  it("cuts long titles at a word boundary, at most 60 characters, without a dangling word", () => {
    const slug = paperSlug("When Neural Code Completion Models Size up the Situation: Attaining Cheaper and Faster Completion");
    expect(slug).toBe("when-neural-code-completion-models-size-up-the-situation");
    for (const title of ["A Little Goes a Long Way of the", "Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters"]) {
      const s = paperSlug(title);
      expect(s.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
      expect(s).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(s).not.toMatch(/-(a|an|and|of|the|for|to|with|via)$/);
    }
  });

  it("cuts a single enormous word rather than returning nothing", () => {
    expect(paperSlug("x".repeat(100))).toBe("x".repeat(60));
  });

  it("titles with nothing to transliterate get a stable hashed slug", () => {
    const slug = paperSlug("日本語のタイトル");
    expect(slug).toMatch(/^paper-[0-9a-f]{8}$/);
    expect(paperSlug("日本語のタイトル")).toBe(slug);
    expect(paperSlug("別のタイトル")).not.toBe(slug);
  });
});

describe("uniqueSlug: collisions get a numbered suffix", () => {
  it.each([
    ["free", ["other"], "free"],
    ["taken", ["taken"], "taken-2"],
    ["taken", ["taken", "taken-2", "taken-3"], "taken-4"],
    ["a".repeat(60), ["a".repeat(60)], `${"a".repeat(58)}-2`],
  ])("%s with %j → %s", (slug, taken, expected) => {
    const result = uniqueSlug(slug, new Set(taken));
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
  });
});
