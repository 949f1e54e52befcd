import { describe, expect, it } from "vitest";
import { arxivUrl, collapseWhitespace, doiUrl, excerpt, readableDate, shortAuthors, statusLabel } from "../../../src/util/format.ts";
import { paginate } from "../../../src/lists/paginate.ts";

describe("readableDate", () => {
  it.each([
    ["2026-03-14", "14 Mar 2026"],
    ["2026-01-01", "1 Jan 2026"],
    ["2017-06", "Jun 2017"],
    ["2017", "2017"],
  ])("%s → %s", (input, output) => expect(readableDate(input)).toBe(output));
});

describe("collapseWhitespace", () => {
  it.each([
    ["plain words", "plain words"],
    ["  padded  ", "padded"],
    ["two  spaces", "two spaces"],
    ["a\tb", "a b"],
    ["line\nbreak", "line break"],
    ["a \r\n b", "a b"],
    ["no\u00a0break", "no break"],
    ["em\u2003space", "em space"],
    ["", ""],
    [" ", ""],
  ])("collapseWhitespace(%j) = %j, as replacing every run of whitespace would give", (text, collapsed) => {
    expect(collapseWhitespace(text)).toBe(collapsed);
    expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, " ").trim());
  });
});

describe("excerpt", () => {
  it.each([
    ["short text stays", "A short abstract.", 240, "A short abstract."],
    ["whitespace collapses", "a\n  b\tc", 240, "a b c"],
    ["single spaces kept, ends trimmed", " a b c ", 240, "a b c"],
    ["cut at a word with an ellipsis", "one two three four five six", 14, "one two three…"],
    ["trailing punctuation dropped before the ellipsis", "one two, three four five", 10, "one two…"],
    ["empty", "", 10, ""],
  ])("%s", (_name, text, max, expected) => expect(excerpt(text, max)).toBe(expected));

  // Spans as src/math/tex.ts formulaSpans gives them: [start, end) of each formula, in order.
  const dollars = (flat: string) => [...flat.matchAll(/\$[^$]*\$/g)].map((m) => [m.index, m.index + m[0].length] as const);
  it.each([
    ["a cut inside a formula falls before it", "one two $a + b$ three", 12, "one two…"],
    ["a cut after a formula keeps it", "one $a$ two three four", 12, "one $a$ two…"],
    ["a cut inside the second formula keeps the first", "$x$ one $a + b + c$ four", 16, "$x$ one…"],
    ["a formula that opens the text is kept whole, over the limit", "$a + b + c + d$ one two", 8, "$a + b + c + d$…"],
    ["text without formulas is cut as without spans", "one two three four five six", 14, "one two three…"],
  ])("%s", (_name, text, max, expected) => expect(excerpt(text, max, dollars)).toBe(expected));

  it("never exceeds the limit", () => {
    const long = "word ".repeat(200);
    expect(excerpt(long, 240).length).toBeLessThanOrEqual(240);
  });
});

describe("small formatters", () => {
  it.each([
    [shortAuthors(["A", "B", "C"]), "A, B, C"],
    [shortAuthors(["A", "B", "C", "D"]), "A, B, C et al."],
    [shortAuthors([]), ""],
    [statusLabel("to-read"), "To read"],
    [statusLabel("read"), "Read"],
    [arxivUrl("2205.14135"), "https://arxiv.org/abs/2205.14135"],
    [doiUrl("10.1145/1"), "https://doi.org/10.1145/1"],
  ])("%j is %j", (actual, expected) => expect(actual).toBe(expected));
});

describe("paginate", () => {
  const items = Array.from({ length: 120 }, (_, i) => i);

  it.each([
    [0, 1],
    [1, 1],
    [50, 1],
    [51, 2],
    [120, 3],
  ])("%i items → %i pages of 50", (n, pages) => {
    expect(paginate(items.slice(0, n), 50, "/").length).toBe(pages);
  });

  it("links pages: the first keeps the list URL", () => {
    const pages = paginate(items, 50, "/tags/x/");
    expect(pages.map((p) => [p.url, p.previousUrl, p.nextUrl, p.items.length])).toEqual([
      ["/tags/x/", undefined, "/tags/x/page/2/", 50],
      ["/tags/x/page/2/", "/tags/x/", "/tags/x/page/3/", 50],
      ["/tags/x/page/3/", "/tags/x/page/2/", undefined, 20],
    ]);
    expect(pages.every((p) => p.total === 3 && p.count === 120)).toBe(true);
  });
});
