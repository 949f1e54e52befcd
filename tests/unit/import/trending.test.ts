import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanLatex } from "../../../src/import/latex.ts";
import { looksLikeAbstract, parsePageDate, parseTrending, resolvePageDate } from "../../../src/import/trending.ts";
import { REPO } from "../../helpers/site.ts";

const SEED = path.join(REPO, "tests/fixtures/seed/000_3eb6c93e1524ac77.txt");
const seedText = readFileSync(SEED, "utf8");

const HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 14\n\n";
const ABSTRACT_A = "We study a thing in depth. Our method is fast and small, and it beats every baseline on four benchmarks while using half the memory of the best prior work.";
const ABSTRACT_B = "Another abstract follows here. It reports results on twelve datasets with a new training recipe that is simple to implement and cheap to run at scale.";

describe("the seed file (tests/fixtures/seed/000_3eb6c93e1524ac77.txt)", () => {
  const parsed = parseTrending(seedText, "seed.txt");

  it("has 83 records, no problems, and the page date Mar 14 on line 9", () => {
    expect(parsed.records).toHaveLength(83);
    expect(parsed.problems).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.fatal).toBeUndefined();
    expect(parsed.pageDate).toEqual({ month: 3, day: 14, year: undefined, line: 9 });
  });

  it("keeps titles exactly as written and points at their lines", () => {
    const first = parsed.records[0]!;
    expect(first.fields.title).toBe("Speech Enhancement and Dereverberation with Diffusion-based Generative Models");
    expect(first.source).toEqual({ file: "seed.txt", line: 11 });
    const last = parsed.records.at(-1)!;
    expect(last.fields.title).toBe("AdANNS: A Framework for Adaptive Semantic Search");
    expect(last.source.line).toBe(339);
    const titles = parsed.records.map((r) => r.fields.title);
    expect(titles).toContain("Scaling Laws for Data Filtering -- Data Curation cannot be Compute Agnostic");
    expect(titles).toContain("Improving FIM Code Completions via Context & Curriculum Based Learning");
    expect(new Set(titles).size).toBe(83);
  });

  it("keeps every abstract whole: the source line, LaTeX made readable, not a word lost", () => {
    const lines = seedText.split("\n");
    for (const record of parsed.records) {
      const raw = lines[record.source.line + 1]!; // abstract: two lines below the title (blank between)
      expect(record.fields.abstract).toBe(cleanLatex(raw.trim()));
      // Same number of words; `^{tiny TM}` (two tokens of one lost command) is the one sign that becomes one token.
      expect(record.fields.abstract!.split(/\s+/)).toHaveLength(raw.trim().replaceAll("^{tiny TM}", "™").split(/\s+/).length);
    }
    const flash = parsed.records.find((r) => r.fields.title.startsWith("FlashAttention:"))!;
    expect(flash.fields.abstract).toMatch(/^Transformers are slow and memory-hungry on long sequences/);
    expect(flash.fields.abstract).toMatch(/Path-256 \(seq\. length 64K, 63\.1% accuracy\)\.$/);
    expect(flash.fields.abstract).toContain("3× speedup on GPT-2");
    const kv = parsed.records.find((r) => r.fields.title === "KV Prediction for Improved Time to First Token")!;
    expect(kv.fields.abstract).toContain("(known as the “time to first token”, or TTFT)");
    const hyper = parsed.records.find((r) => r.fields.title.startsWith("HyperAttention"))!;
    expect(hyper.fields.abstract).toContain("ChatGLM2 50% faster");
  });

  it("turns the 19 links into code (code hosts) or url, trailing punctuation removed", () => {
    const withLinks = parsed.records.filter((r) => r.fields.code || r.fields.url);
    expect(withLinks).toHaveLength(19);
    expect(withLinks.filter((r) => r.fields.code)).toHaveLength(16);
    const byTitle = (start: string) => parsed.records.find((r) => r.fields.title.startsWith(start))!.fields;
    expect(byTitle("TabPFN").code).toBe("https://github.com/automl/TabPFN");
    expect(byTitle("KV Prediction").code).toBe("https://github.com/apple/corenet/tree/main/projects/kv-prediction");
    expect(byTitle("BRIGHT").url).toBe("https://brightbenchmark.github.io");
    expect(byTitle("MInference").url).toBe("https://aka.ms/MInference");
    expect(byTitle("Speech Enhancement").code).toBe("https://github.com/sp-uhh/sgmse");
    // A link written without a scheme stays text only.
    expect(byTitle("PowerInfer-2").url).toBeUndefined();
    // The abstract keeps the link's text.
    expect(byTitle("TabPFN").abstract).toMatch(/https:\/\/github\.com\/automl\/TabPFN\.$/);
  });

  it("reads CRLF line endings and a byte-order mark exactly like LF", () => {
    const crlf = parseTrending("\uFEFF" + seedText.replace(/\n/g, "\r\n"), "seed.txt");
    expect(crlf.records).toEqual(parsed.records);
  });
});

describe("the page date", () => {
  it.each([
    ["Mar 14", { month: 3, day: 14 }],
    ["March 14", { month: 3, day: 14 }],
    ["Sep. 3", { month: 9, day: 3 }],
    ["Feb 29", { month: 2, day: 29 }],
    ["Mar 14, 2025", { month: 3, day: 14, year: 2025 }],
  ])("%s", (text, expected) => {
    expect(parsePageDate(text)).toMatchObject(expected);
  });

  it.each(["Feb 30", "Subscribe", "14 March", "Mar 32", ""])("%s is not a page date", (text) => {
    expect(parsePageDate(text)).toBeUndefined();
  });

  it.each([
    [{ month: 3, day: 14 }, "2026-11-26", "2026-03-14"],
    [{ month: 3, day: 14 }, "2026-03-14", "2026-03-14"],
    [{ month: 3, day: 14 }, "2026-03-13", "2025-03-14"],
    [{ month: 12, day: 31 }, "2026-01-01", "2025-12-31"],
    [{ month: 2, day: 29 }, "2026-11-26", "2024-02-29"],
    [{ month: 3, day: 14, year: 2020 }, "2026-11-26", "2020-03-14"],
  ])("%j read on %s is %s", (date, today, expected) => {
    expect(resolvePageDate(date, today)).toBe(expected);
  });
});

describe("malformed input: each problem names its line, the good papers still import", () => {
  it("a title with no abstract at the end of the file (odd number of lines)", () => {
    const result = parseTrending(`${HEADER}Paper A\n\n${ABSTRACT_A}\n\nPaper B`, "t.txt");
    expect(result.records.map((r) => r.fields.title)).toEqual(["Paper A"]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.source).toEqual({ file: "t.txt", line: 15 });
    expect(result.problems[0]!.message).toContain('"Paper B" has no abstract');
  });

  it("a title with no abstract in the middle", () => {
    const result = parseTrending(`${HEADER}Paper A\n\nPaper B\n\n${ABSTRACT_B}\n\nPaper C\n\n${ABSTRACT_A}`, "t.txt");
    expect(result.records.map((r) => [r.fields.title, r.source.line])).toEqual([
      ["Paper B", 13],
      ["Paper C", 17],
    ]);
    expect(result.records[0]!.fields.abstract).toBe(ABSTRACT_B);
    expect(result.problems.map((p) => p.source.line)).toEqual([11]);
    expect(result.problems[0]!.message).toMatch(/"Paper A" has no abstract.*line \(13\)/);
  });

  it("an empty title: an abstract where a title was expected", () => {
    const result = parseTrending(`${HEADER}Paper A\n\n${ABSTRACT_A}\n\n   \n\n${ABSTRACT_B}\n\nPaper C\n\n${ABSTRACT_A}`, "t.txt");
    expect(result.records.map((r) => r.fields.title)).toEqual(["Paper A", "Paper C"]);
    expect(result.problems.map((p) => p.source.line)).toEqual([17]);
    expect(result.problems[0]!.message).toContain("title line is empty or missing");
  });

  it("no date in the header stops the file (a --date can stand in)", () => {
    const result = parseTrending(`new\n\nGet trending papers\n\nSubscribe\n\nbyAK\n\nYesterday\n\nPaper A\n\n${ABSTRACT_A}`, "t.txt");
    expect(result.fatal?.source.line).toBe(9);
    expect(result.fatal?.message).toContain('"Yesterday"');
    expect(result.pageDate).toBeUndefined();
    expect(result.records.map((r) => r.fields.title)).toEqual(["Paper A"]);
  });

  it("works without blank lines between lines, and warns about a header of another length", () => {
    const result = parseTrending(`Trending\nMar 14\nPaper A\n${ABSTRACT_A}\nPaper B\n${ABSTRACT_B}\n`, "t.txt");
    expect(result.records.map((r) => r.source.line)).toEqual([3, 5]);
    expect(result.warnings[0]!.message).toContain("the header has 2 lines instead of 5");
  });
});

describe("looksLikeAbstract", () => {
  it.each([
    ["When Neural Code Completion Models Size up the Situation: Attaining Cheaper and Faster Completion through Dynamic Model Inference", false],
    ["Teach Better or Show Smarter? On Instructions and Exemplars in Automatic Prompt Optimization", false],
    [ABSTRACT_A, true],
    ["x ".repeat(200), true],
  ])("%s → %s", (line, expected) => {
    expect(looksLikeAbstract(line)).toBe(expected);
  });

  it("no seed title reads as an abstract and every seed abstract does", () => {
    const { records } = parseTrending(seedText, "seed.txt");
    expect(records.filter((r) => looksLikeAbstract(r.fields.title))).toEqual([]);
    expect(records.filter((r) => !looksLikeAbstract(r.fields.abstract!))).toEqual([]);
  });
});
