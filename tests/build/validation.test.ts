import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixture, paper, type BuildResult } from "../helpers/site.ts";

const OK = { title: "Fine", added: "2024-01-01" };

// One file per rule. Each row: slug, file content, and what the error output must say about it.
const CASES: [string, string, RegExp][] = [
  ["missing-title", paper({ added: "2024-01-01" }), /missing-title\.md field "title": the required field "title" is missing/],
  ["missing-added", paper({ title: "No date" }), /missing-added\.md field "added": the required field "added" is missing/],
  ["title-number", paper({ title: "2024", added: "2024-01-01" }), /title-number\.md:2 field "title": must be text, not the number 2024/],
  ["tags-string", paper({ ...OK, title: "Tags as text", tags: '"a, b"' }), /tags-string\.md:4 field "tags": must be a list/],
  ["impossible-date", paper({ title: "Feb 30", added: "2024-02-30" }), /impossible-date\.md:3 field "added": is not a real calendar date/],
  ["unknown-field", paper({ ...OK, title: "Typo", tittle: "x" }), /unknown-field\.md:4 field "tittle": "tittle" is not a known field \(did you mean "title"\?\)/],
  ["bad-status", paper({ ...OK, title: "Status", status: "done" }), /bad-status\.md:4 field "status": must be one of to-read, reading, read/],
  ["bad-link", paper({ ...OK, title: "Link", code: '"javascript:alert(1)"' }), /bad-link\.md:4 field "code": must be an http:\/\/ or https:\/\/ address/],
  ["bad-yaml", "---\ntitle: A: B: [\nadded: 2024-01-01\n---\n", /bad-yaml\.md:2: the front matter is not valid YAML/],
  ["unclosed", "---\ntitle: Unclosed\nadded: 2024-01-01\n", /unclosed\.md:1: the front matter opened on line 1 is never closed/],
  ["dup-title-a", paper({ title: "Same Paper", added: "2024-01-01" }), /dup-title-b\.md field "title": describes the same paper as content\/papers\/dup-title-a\.md \(same title\)/],
  ["dup-title-b", paper({ title: "same paper!", added: "2024-01-02" }), /dup-title-b\.md/],
  ["dup-arxiv-a", paper({ title: "One", added: "2024-01-01", arxiv: '"2205.14135"' }), /dup-arxiv-b\.md field "arxiv": describes the same paper as content\/papers\/dup-arxiv-a\.md \(same arXiv id\)/],
  ["dup-arxiv-b", paper({ title: "Two", added: "2024-01-01", arxiv: '"2205.14135v3"' }), /dup-arxiv-b\.md/],
  ["dup-doi-a", paper({ title: "Three", added: "2024-01-01", doi: "10.1145/ABC" }), /dup-doi-b\.md field "doi": describes the same paper as content\/papers\/dup-doi-a\.md \(same DOI\)/],
  ["dup-doi-b", paper({ title: "Four", added: "2024-01-01", doi: "10.1145/abc" }), /dup-doi-b\.md/],
  ["tag-clash-a", paper({ title: "Five", added: "2024-01-01", tags: "[kv cache]" }), /the tag "kv-cache" \(in content\/papers\/tag-clash-b\.md\) and the tag "kv cache" \(in content\/papers\/tag-clash-a\.md\) would share the URL \/tags\/kv-cache\//],
  ["tag-clash-b", paper({ title: "Six", added: "2024-01-01", tags: "[kv-cache]" }), /tag-clash-b\.md/],
  ["Bad Name", paper({ title: "Seven", added: "2024-01-01" }), /Bad Name\.md: the file name "Bad Name\.md" is not a valid slug/],
];

describe("invalid papers stop the build, all reported in one run", () => {
  let fixture: Fixture;
  let build: BuildResult;
  let check: BuildResult;

  beforeAll(async () => {
    fixture = await Fixture.create({ papers: { good: paper({ title: "A good paper", added: "2024-01-01" }), ...Object.fromEntries(CASES.map(([slug, text]) => [slug, text])) } });
    [build, check] = await Promise.all([fixture.build(), fixture.cli(["check"])]);
  });
  afterAll(() => fixture?.cleanup());

  it("the build exits with a failure and writes no pages", () => {
    expect(build.code).not.toBe(0);
    expect(fixture.exists("_site/papers/good/index.html")).toBe(false);
  });

  it.each(CASES)("names the file and the field: %s", (_slug, _text, message) => {
    expect(build.stderr).toMatch(message);
  });

  it("counts every problem in one summary, each with a fix", () => {
    expect(build.stderr).toMatch(/\[shelfmark:papers\] 15 problems in 15 files:/);
    const lines = build.stderr.split("\n").filter((l) => l.startsWith("  - content/papers/"));
    expect(lines).toHaveLength(15);
    for (const line of lines) expect(line).toMatch(/ Fix: \S/);
  });

  it("`shelfmark check` reports the same problems and exits 1, without building", () => {
    expect(check.code).toBe(1);
    for (const [, , message] of CASES) expect(check.stderr).toMatch(message);
  });
});

describe("shelfmark check on a valid list", () => {
  it("exits 0 and says how many papers it checked", async () => {
    const fixture = await Fixture.create({ papers: { a: paper({ title: "A", added: "2024-01-01" }), b: paper({ title: "B", added: "2024-01-02", draft: "true" }) } });
    try {
      const result = await fixture.cli(["check"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/2 papers, 0 tags, no problems \(1 drafts\)/);
    } finally {
      await fixture.cleanup();
    }
  });
});
