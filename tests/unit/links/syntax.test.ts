import { describe, expect, it } from "vitest";
import { formatRef, mayHoldLinks, normaliseArxiv, normaliseDoi, parseTarget, scanCitation, scanWikiLink } from "../../../src/links/syntax.ts";

describe("scanWikiLink", () => {
  it.each([
    ["[[flash-attention]]", { ref: { kind: "slug", id: "flash-attention" }, text: undefined, source: "[[flash-attention]]" }],
    ["[[flash-attention|the kernel]] after", { ref: { kind: "slug", id: "flash-attention" }, text: "the kernel", source: "[[flash-attention|the kernel]]" }],
    ["[[ flash-attention | spaced ]]", { ref: { kind: "slug", id: "flash-attention" }, text: "spaced", source: "[[ flash-attention | spaced ]]" }],
    // In a table a bare pipe splits the cell: `\|` is the separator there.
    ["[[flash-attention\\|in a table]]", { ref: { kind: "slug", id: "flash-attention" }, text: "in a table", source: "[[flash-attention\\|in a table]]" }],
    // Only the first pipe separates: the text may hold more.
    ["[[a|x | y]]", { ref: { kind: "slug", id: "a" }, text: "x | y", source: "[[a|x | y]]" }],
    ["[[a|]]", { ref: { kind: "slug", id: "a" }, text: undefined, source: "[[a|]]" }],
    ["[[arxiv:2205.14135]]", { ref: { kind: "arxiv", id: "2205.14135" }, text: undefined, source: "[[arxiv:2205.14135]]" }],
    ["[[arXiv:2205.14135v2|FA]]", { ref: { kind: "arxiv", id: "2205.14135v2" }, text: "FA", source: "[[arXiv:2205.14135v2|FA]]" }],
    ["[[arxiv:hep-th/9901001v1]]", { ref: { kind: "arxiv", id: "hep-th/9901001v1" }, text: undefined, source: "[[arxiv:hep-th/9901001v1]]" }],
    ["[[doi:10.1145/3295222.ABC]]", { ref: { kind: "doi", id: "10.1145/3295222.ABC" }, text: undefined, source: "[[doi:10.1145/3295222.ABC]]" }],
    ["[[doi:https://doi.org/10.1/x]]", { ref: { kind: "doi", id: "https://doi.org/10.1/x" }, text: undefined, source: "[[doi:https://doi.org/10.1/x]]" }],
    ["[[@vaswani2017attention]]", { ref: { kind: "key", id: "vaswani2017attention" }, text: undefined, source: "[[@vaswani2017attention]]" }],
  ])("%s", (src, expected) => {
    expect(scanWikiLink(src, 0)).toEqual({ ...expected, end: expected.source.length });
  });

  it.each([
    ["[single]", "one bracket is a markdown link or text"],
    ["[[]]", "empty"],
    ["[[ |text]]", "no target"],
    ["[[a]", "not closed"],
    ["[[a\nb]]", "across lines"],
    ["[[a[b]]]", "a bracket inside"],
    ["[[[a]]]", "three brackets: the link starts one later"],
    ["[[arxiv:]]", "a prefix without an id"],
    ["[[@]]", "a key without a name"],
    ["[[a] ]", "brackets apart"],
  ])("%s is not a wiki link (%s)", (src) => {
    expect(scanWikiLink(src, 0)).toBeUndefined();
  });

  it("finds a link at a position, and stops at the end it is given", () => {
    expect(scanWikiLink("see [[[a]]]", 5)?.source).toBe("[[a]]");
    expect(scanWikiLink("[[a]] tail", 0, 4)).toBeUndefined();
  });
});

describe("scanCitation", () => {
  it.each([
    ["[@vaswani2017attention]", [{ id: "vaswani2017attention" }]],
    ["[@vaswani2017attention].", [{ id: "vaswani2017attention" }]],
    ["[@vaswani2017attention],", [{ id: "vaswani2017attention" }]],
    ["[@a; @b]", [{ id: "a" }, { id: "b" }]],
    ["[@a;@b ;  @c]", [{ id: "a" }, { id: "b" }, { id: "c" }]],
    ["[@a, p. 3; @b, sec. 2]", [{ id: "a", locator: "p. 3" }, { id: "b", locator: "sec. 2" }]],
    ["[@a,\np. 3]", [{ id: "a", locator: "p. 3" }]],
    // Pandoc's keys: internal punctuation, Unicode letters.
    ["[@doe:2020.x-y]", [{ id: "doe:2020.x-y" }]],
    ["[@müller2021]", [{ id: "müller2021" }]],
    ["[@_key]", [{ id: "_key" }]],
  ])("%s", (src, items) => {
    const found = scanCitation(src, 0);
    expect(found?.items).toEqual(items.map((i) => ({ ref: { kind: "key", id: i.id }, locator: (i as { locator?: string }).locator })));
    expect(found?.source).toBe(src.slice(0, src.indexOf("]") + 1));
  });

  it.each([
    ["[see @key]", "a prefix before the key"],
    ["[me@example.org]", "an e-mail address in brackets"],
    ["me@example.org", "an e-mail address"],
    ["@key", "a bare key"],
    ["[@key](https://example.org)", "the text of a markdown link"],
    ["[@key][ref]", "a reference link"],
    ["[@key]: https://example.org", "a reference definition"],
    ["[@]", "no key"],
    ["[@key.]", "punctuation ends a key only inside it"],
    ["[@a; b]", "every item is a key"],
    ["[@a [x]]", "a bracket inside"],
    ["[@a\\]", "an escape inside"],
    ["[@a", "not closed"],
    ["[@-a]", "a key starts with a letter, digit or _"],
  ])("%s is not a citation (%s)", (src) => {
    expect(scanCitation(src, 0)).toBeUndefined();
  });
});

describe("targets and ids", () => {
  it.each([
    ["flash-attention", { kind: "slug", id: "flash-attention" }],
    ["  spaced  ", { kind: "slug", id: "spaced" }],
    // Ids as written: messages quote them so; they are compared normalised.
    ["ARXIV: 2205.14135V3", { kind: "arxiv", id: "2205.14135V3" }],
    ["doi:10.48550/arXiv.2205.14135", { kind: "doi", id: "10.48550/arXiv.2205.14135" }],
    ["@key", { kind: "key", id: "key" }],
    ["", undefined],
    ["@bad key", undefined],
  ])("parseTarget(%j)", (raw, expected) => {
    expect(parseTarget(raw)).toEqual(expected);
  });

  it.each([
    ["2205.14135v2", "2205.14135"],
    ["https://arxiv.org/abs/2205.14135v1", "2205.14135"],
    ["https://arxiv.org/pdf/2205.14135.pdf", "2205.14135"],
    ["Hep-Th/9901001", "hep-th/9901001"],
  ])("normaliseArxiv(%s) = %s", (id, expected) => {
    expect(normaliseArxiv(id)).toBe(expected);
  });

  it.each([
    ["10.1/ABC", "10.1/abc"],
    ["https://dx.doi.org/10.1/x", "10.1/x"],
    [" http://doi.org/10.1/x ", "10.1/x"],
  ])("normaliseDoi(%s) = %s", (doi, expected) => {
    expect(normaliseDoi(doi)).toBe(expected);
  });

  it("writes references the way a note writes them", () => {
    expect(["slug", "arxiv", "doi", "key"].map((kind) => formatRef({ kind, id: "x" } as never))).toEqual(["[[x]]", "[[arxiv:x]]", "[[doi:x]]", "[@x]"]);
  });

  it.each([
    ["plain notes", false],
    ["a [link](x) and [text]", false],
    ["[[a]]", true],
    ["[@a]", true],
  ])("mayHoldLinks(%j) = %s", (text, expected) => {
    expect(mayHoldLinks(text)).toBe(expected);
  });
});
