import { describe, expect, it } from "vitest";
import { cleanLatex } from "../../../src/import/latex.ts";

describe("cleanLatex: LaTeX leftovers in abstracts become readable", () => {
  it.each([
    ["escaped percent", "makes ChatGLM2 50\\% faster", "makes ChatGLM2 50% faster"],
    ["escaped ampersand, dollar, hash, underscore", "R\\&D costs \\$5 for run \\#1 of snake\\_case", "R&D costs $5 for run #1 of snake_case"],
    ["TeX double quotes", "the ``time to first token'', or TTFT", "the “time to first token”, or TTFT"],
    ["TeX single quotes", "from an `observation' window", "from an ‘observation’ window"],
    ["Greek letter in braces", "an ({\\epsilon}, {\\delta})-approximation", "an (ε, δ)-approximation"],
    ["Greek letter command", "with \\alpha = 0.5 and \\Omega(n)", "with α = 0.5 and Ω(n)"],
    ["symbol commands keep their spacing", "2 \\times 3 \\leq 7", "2 × 3 ≤ 7"],
    ["times after a number (lost backslash)", "up to 230times speedup and 2.44times faster", "up to 230× speedup and 2.44× faster"],
    ["times with a space is prose", "ran approximately four times as fast, 4 times faster", "ran approximately four times as fast, 4 times faster"],
    ["n times d is ambiguous and kept", "three n times d size matrices", "three n times d size matrices"],
    ["registered and trade mark signs", "8 Intel^circledR Gaudi^circledR 2 and Core^{tiny TM} Ultra", "8 Intel® Gaudi® 2 and Core™ Ultra"],
    ["sim before a number", "speeds up pre-training by sim3x.", "speeds up pre-training by ~3x."],
    ["sim inside a word is a word", "a simple simulation", "a simple simulation"],
    ["en dash between numbers", "only access 1--3% of data", "only access 1–3% of data"],
    ["spaced en dash", "IO-aware -- accounting for reads", "IO-aware – accounting for reads"],
    ["em dash", "accuracy---complexity", "accuracy—complexity"],
    ["command-line flags are not dashes", "run it with --date", "run it with --date"],
    ["an apostrophe stays an apostrophe", "Moore's Law and the model's outputs", "Moore's Law and the model's outputs"],
    ["links are never rewritten", "see https://example.org/a--b\\_c and 50\\%", "see https://example.org/a--b\\_c and 50%"],
    ["plain text is unchanged", "Nothing to do here.", "Nothing to do here."],
    ["formulas are TeX for the site and stay as written", "an $(\\epsilon, \\delta)$-bound in $O(n \\times d)$ with 50\\% and {\\epsilon}", "an $(\\epsilon, \\delta)$-bound in $O(n \\times d)$ with 50% and ε"],
    ["dashes and escapes inside a formula stay", "costs $a--b + \\$3$ and 1--3", "costs $a--b + \\$3$ and 1–3"],
    ["dollars that are not a formula are prose", "costs \\$5 and \\alpha $ x$", "costs $5 and α $ x$"],
  ])("%s", (_name, input, expected) => {
    expect(cleanLatex(input)).toBe(expected);
  });

  it("never adds or removes a word: the whitespace-separated tokens stay the same in number", () => {
    const text = "By sim3x with 50\\% of ``quoted text'' and {\\epsilon} -- then 230times faster, 1--3% here.";
    expect(cleanLatex(text).split(/\s+/)).toHaveLength(text.split(/\s+/).length);
  });
});
