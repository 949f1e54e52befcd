import { describe, expect, it } from "vitest";
import { extractLinks, isCodeLink, trimLink } from "../../../src/import/links.ts";

describe("trimLink: a link ends before the sentence's punctuation", () => {
  it.each([
    ["https://github.com/automl/TabPFN.", "https://github.com/automl/TabPFN"],
    ["https://brightbenchmark.github.io.", "https://brightbenchmark.github.io"],
    ["https://example.org/x),", "https://example.org/x"],
    ["https://example.org/x).", "https://example.org/x"],
    ["https://en.wikipedia.org/wiki/Fold_(higher-order_function)", "https://en.wikipedia.org/wiki/Fold_(higher-order_function)"],
    ["https://en.wikipedia.org/wiki/Fold_(higher-order_function)).", "https://en.wikipedia.org/wiki/Fold_(higher-order_function)"],
    ["https://example.org/a?b=1;", "https://example.org/a?b=1"],
    ["https://example.org/'", "https://example.org/"],
    ["https://github.com/NX-AI/flashrnn", "https://github.com/NX-AI/flashrnn"],
  ])("%s → %s", (raw, expected) => {
    expect(trimLink(raw)).toBe(expected);
  });
});

describe("isCodeLink: code hosts become `code`, anything else `url`", () => {
  it.each([
    ["https://github.com/sp-uhh/sgmse", true],
    ["https://www.github.com/a/b", true],
    ["https://gitlab.com/group/project", true],
    ["https://codeberg.org/a/b", true],
    ["https://huggingface.co/NexaAIDev/Dolphin", true],
    ["https://huggingface.co/papers/2408.03314", false],
    ["https://brightbenchmark.github.io", false],
    ["https://aka.ms/MInference", false],
    ["https://notgithub.com/a", false],
    ["https://github.com.evil.example/a", false],
  ])("%s → %s", (url, expected) => {
    expect(isCodeLink(url)).toBe(expected);
  });
});

describe("extractLinks: the links in an abstract", () => {
  it("takes a code link and a page link, trimmed, and leaves the text alone", () => {
    const text = "Code at https://github.com/a/b. Project page: https://example.org/p, see it.";
    expect(extractLinks(text)).toEqual({ code: "https://github.com/a/b", url: "https://example.org/p", others: [] });
  });

  it("keeps the first link of each kind and reports the others", () => {
    const text = "See https://github.com/a/one and https://github.com/a/two and https://x.org/ and https://github.com/a/one again.";
    expect(extractLinks(text)).toEqual({ code: "https://github.com/a/one", url: "https://x.org/", others: ["https://github.com/a/two"] });
  });

  it("a link followed by a space and a full stop keeps its path", () => {
    expect(extractLinks("We release our code at https://github.com/apple/corenet/tree/main/projects/kv-prediction .").code).toBe(
      "https://github.com/apple/corenet/tree/main/projects/kv-prediction",
    );
  });

  it("addresses without a scheme are not links (the text keeps them)", () => {
    expect(extractLinks("please visit the project site at www.powerinfer.ai/v2.")).toEqual({ others: [] });
  });

  it("finds nothing in text without links", () => {
    expect(extractLinks("An abstract about http and https protocols.")).toEqual({ others: [] });
  });
});
