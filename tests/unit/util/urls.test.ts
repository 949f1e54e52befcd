import { describe, expect, it } from "vitest";
import { tagSlug } from "../../../src/util/urls.ts";

describe("tagSlug", () => {
  it.each([
    ["KV cache", "kv-cache"],
    ["LLM", "llm"],
    ["C++", "c-plus-plus"],
    ["C#", "c-sharp"],
    ["C", "c"],
    ["R&D", "r-and-d"],
    ["Über", "ueber"],
    ["Émile", "emile"],
    ["日本語", "日本語"],
    ["LLM 日本語", "llm-日本語"],
    ["Привет", "privet"],
    ["---", "tag-2d-2d-2d"],
    ["  spaced  out ", "spaced-out"],
  ])("%j → %j", (name, slug) => expect(tagSlug(name)).toBe(slug));

  it("never returns an empty slug", () => {
    for (const name of ["!", "...", "🙂", "—"]) expect(tagSlug(name).length).toBeGreaterThan(0);
  });

  it("keeps C, C++ and C# apart", () => {
    expect(new Set(["C", "C++", "C#"].map(tagSlug)).size).toBe(3);
  });
});
