import { describe, expect, it } from "vitest";
import { indexTags } from "../../../src/papers/library.ts";
import type { Paper } from "../../../src/papers/schema.ts";
import { tagSlug } from "../../../src/util/urls.ts";

// Tag names people really write, and the ones that break naive slugging: symbols that carry meaning,
// scripts without transliteration, case variants, and characters that need escaping in HTML and XML.

function paper(slug: string, tags: string[]): Paper {
  return { slug, file: `content/papers/${slug}.md`, title: slug, added: "2024-01-01", tags, status: "to-read", authors: [], draft: false, notes: "", notesLine: 4 };
}

describe("tagSlug on awkward names", () => {
  it.each([
    ["C++", "c-plus-plus"],
    ["C#", "c-sharp"],
    ["C", "c"],
    ["F#", "f-sharp"],
    ["日本語", "日本語"],
    ["LLM", "llm"],
    ["llm", "llm"],
    ["R&D", "r-and-d"],
    ["Q & A", "q-and-a"],
    ["a < b", "a-b"],
    ['"quoted"', "quoted"],
    ["it's", "its"],
    ["<script>", "script"],
    ["Node.js", "node-js"],
    ["🙂", "tag-1f642"],
  ])("%j → %j", (name, slug) => expect(tagSlug(name)).toBe(slug));

  it("gives slugs that are safe as one URL path segment", () => {
    for (const name of ["C++", "C#", "a < b", '"quoted"', "x/y", "50%", "a?b", "#", "日本語"]) {
      const slug = tagSlug(name);
      expect(slug, name).not.toMatch(/[/?#%<>"'&\s]/);
      expect(slug.length, name).toBeGreaterThan(0);
    }
  });
});

describe("indexTags on awkward names", () => {
  it("keeps C, C++, C# and 日本語 as four tags with four URLs", () => {
    const { tags, problems } = indexTags([paper("a", ["C", "C++"]), paper("b", ["C#", "日本語"])]);
    expect(problems).toEqual([]);
    expect(new Set([...tags.values()].map((t) => t.slug))).toEqual(new Set(["c", "c-plus-plus", "c-sharp", "日本語"]));
  });

  it("makes LLM and llm one tag, shown in its most common spelling", () => {
    const { tags } = indexTags([paper("a", ["llm"]), paper("b", ["LLM"]), paper("c", ["LLM"])]);
    expect([...tags.values()].map((t) => [t.key, t.name, t.slug])).toEqual([["llm", "LLM", "llm"]]);
  });

  it("keeps names with &, < and quotes as written: escaping is the templates' job", () => {
    const { tags, problems } = indexTags([paper("a", ["R&D", "a < b", 'say "hi"'])]);
    expect(problems).toEqual([]);
    expect([...tags.values()].map((t) => t.name).sort()).toEqual(["R&D", "a < b", 'say "hi"']);
  });

  it.each([
    [["R&D"], ["R and D"], "r-and-d"],
    [['"quoted"'], ["quoted"], "quoted"],
    [["a < b"], ["a-b"], "a-b"],
  ])("stops %j and %j, which would share /tags/%s/, naming both tags and files", (one, two, slug) => {
    const { problems } = indexTags([paper("one", one), paper("two", two)]);
    expect(problems).toHaveLength(1);
    const message = problems[0]!.message;
    expect(message).toContain(`/tags/${slug}/`);
    expect(message).toContain(`"${one[0]}"`);
    expect(message).toContain(`"${two[0]}"`);
    expect(message).toContain("content/papers/one.md");
    expect(message).toContain("content/papers/two.md");
  });
});
