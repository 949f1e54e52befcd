import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixture, paper, SERVE_START_MS, type BuildResult } from "../helpers/site.ts";
import { DEV_SERVER_DEADLINE_MS, saveUntilSeen, untilServed } from "../helpers/wait.ts";

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
    // Eleventy prints the list, each line after its "[11ty]" mark.
    const lines = build.stderr.split("\n").map((l) => l.replace(/^\[11ty\] /, "")).filter((l) => l.startsWith("  - content/papers/"));
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
      expect(result.stdout).toMatch(/2 papers, 0 tags, no problems \(1 draft\)/);
    } finally {
      await fixture.cleanup();
    }
  });
});

// Whatever the YAML parser throws and whatever the schema says, the person sees the file's name, the message once,
// and no stack trace: a content error is not a crash. Each row: slug, file content, the message's distinctive part.
const BOMB = ["a: &a [x, x, x, x, x, x, x, x, x]", ..."bcdefgh".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)].join("\n");
const BROKEN: [string, string, string][] = [
  ["tab-indent", "---\ntitle: Tabbed\n\tadded: 2024-01-01\n---\n", "tab-indent.md:3: the front matter is not valid YAML (Tabs are not allowed as indentation). Fix: indent with spaces"],
  ["unclosed-quote", '---\ntitle: "Unclosed\nadded: 2024-01-01\n---\n', 'unclosed-quote.md:3: the front matter is not valid YAML (Missing closing "quote)'],
  ["duplicate-key", "---\ntitle: Once\ntitle: Twice\nadded: 2024-01-01\n---\n", "duplicate-key.md:3: the front matter is not valid YAML (Map keys must be unique). Fix: keep one line per field"],
  ["alias-bomb", `---\ntitle: Laughs\nadded: 2024-01-01\n${BOMB}\n---\n`, "alias-bomb.md:5: the front matter is not valid YAML (too many aliases"],
  ["unknown-alias", "---\ntitle: *nowhere\nadded: 2024-01-01\n---\n", "unknown-alias.md:2: the front matter is not valid YAML (the alias *nowhere has no anchor &nowhere before it)"],
  ["too-deep", `---\ntitle: Deep\nadded: 2024-01-01\nnested: ${"[".repeat(5000)}${"]".repeat(5000)}\n---\n`, "too-deep.md:4: the front matter is not valid YAML (nested too deeply)"],
  ["never-closed", "---\ntitle: Open\nadded: 2024-01-01\n", "never-closed.md:1: the front matter opened on line 1 is never closed"],
  ["proto-key", "---\ntitle: Proto\nadded: 2024-01-01\n__proto__: {polluted: true}\n---\n", 'proto-key.md:4 field "__proto__": "__proto__" is not a known field'],
  ["schema-status", paper({ title: "Done", added: "2024-01-01", status: "done" }), 'schema-status.md:4 field "status": must be one of to-read, reading, read'],
];

/** How many times `needle` occurs in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

function expectReportedOnce(result: BuildResult, file: string, messages: string[]) {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toContain(file);
  for (const message of messages) expect(count(result.stderr, message), `${message}\n---\n${result.stderr}`).toBe(1);
  expect(result.stderr).not.toContain("Original error stack trace");
  expect(result.stderr).not.toMatch(/^(\[11ty\])?\s+at /m);
}

describe("every content error names its file and is printed once, without a stack trace", () => {
  const builds: Record<string, { fixture: Fixture; build: BuildResult; check?: BuildResult }> = {};
  const SETUPS: Record<string, Parameters<typeof Fixture.create>[0]> = {
    papers: { papers: { good: paper(OK), ...Object.fromEntries(BROKEN.map(([slug, text]) => [slug, text])) } },
    "site YAML": { papers: { good: paper(OK) }, site: "title: Test list\nperPage: [50\n" },
    "site schema": { papers: { good: paper(OK) }, site: "title: Test list\nperPage: 0\ncolour: blue\n" },
    "taxonomy YAML": { papers: { good: paper(OK) }, files: { "_data/taxonomy.yaml": "- name: KV cache\n\tdescription: tabbed\n" } },
    "taxonomy schema": { papers: { good: paper(OK) }, files: { "_data/taxonomy.yaml": "- name: KV cache\n  description: Making the cache smaller.\n  match: [kv cache]\n- name: Decoding\n  match: [decoding]\n" } },
    // A real crash: a data file that throws. Eleventy's report, stack trace included, must stay.
    crash: { papers: { good: paper(OK) }, files: { "_data/crash.js": 'module.exports = () => { throw new TypeError("kaboom from a data file"); };\n' } },
  };

  beforeAll(async () => {
    await Promise.all(
      Object.entries(SETUPS).map(async ([name, options]) => {
        const fixture = await Fixture.create(options);
        const [build, check] = await Promise.all([fixture.build(), name === "papers" ? fixture.cli(["check"]) : undefined]);
        builds[name] = { fixture, build, check };
      }),
    );
  });
  afterAll(() => Promise.all(Object.values(builds).map(({ fixture }) => fixture.cleanup())));

  it("a paper's broken YAML, whatever the parser refuses, and its schema errors: the file and line once each", () => {
    const { build } = builds.papers!;
    expectReportedOnce(build, "content/papers/", BROKEN.map(([, , message]) => message));
    expect(build.stderr).toContain(`${BROKEN.length} problems in ${BROKEN.length} files:`);
    for (const [slug] of BROKEN) expect(count(build.stderr, `content/papers/${slug}.md`), slug).toBe(1);
    expect(build.stderr).not.toMatch(/polluted|Maximum call stack|resource exhaustion/);
  });

  it("`shelfmark check` reports the same problems, once each, without a stack", () => {
    const { check } = builds.papers!;
    expectReportedOnce(check!, "content/papers/", BROKEN.map(([, , message]) => message));
  });

  it("the site settings: a YAML error and schema errors name content/site.yaml and the line", () => {
    expectReportedOnce(builds["site YAML"]!.build, "content/site.yaml", ["content/site.yaml:3: the site settings file is not valid YAML"]);
    expectReportedOnce(builds["site schema"]!.build, "content/site.yaml", [
      'content/site.yaml:2 field "perPage": must be a whole number from 1 to 1000, not the number 0',
      'content/site.yaml:3 field "colour": "colour" is not a known setting',
    ]);
  });

  it("the taxonomy: a YAML error and schema errors name content/_data/taxonomy.yaml and the line", () => {
    expectReportedOnce(builds["taxonomy YAML"]!.build, "content/_data/taxonomy.yaml", ["content/_data/taxonomy.yaml:2: the taxonomy is not valid YAML"]);
    expectReportedOnce(builds["taxonomy schema"]!.build, "content/_data/taxonomy.yaml", ['content/_data/taxonomy.yaml:4 field "entry 2 description"']);
  });

  it("a real crash keeps Eleventy's report and its stack trace", () => {
    const { build } = builds.crash!;
    expect(build.code).toBe(1);
    expect(build.stderr).toContain("kaboom from a data file");
    expect(build.stderr).toContain("Original error stack trace");
    expect(build.stderr).toMatch(/^(\[11ty\])?\s+at .*crash\.js/m);
  });
});

describe("content errors in the dev server", () => {
  it("are printed once per rebuild, and the server keeps running", { timeout: SERVE_START_MS + 3 * DEV_SERVER_DEADLINE_MS + 60_000 }, async () => {
    const fixture = await Fixture.create({ papers: { good: paper({ title: "Good", added: "2024-01-01" }) } });
    const server = fixture.serve(18000 + Math.floor(Math.random() * 2000), "_dev");
    const problem = 'content/papers/good.md:3: the front matter is not valid YAML (Missing closing "quote)';
    try {
      const origin = await server.ready;
      await saveUntilSeen(() => fixture.writePaper("good", '---\ntitle: "Good\nadded: 2024-01-01\n---\n'), () => server.output().includes(problem), "the dev server to report the broken file");
      // Fixed: the server is still there and shows the page again.
      await saveUntilSeen(
        () => fixture.writePaper("good", paper({ title: "Good again", added: "2024-01-01" })),
        async () => (await fetch(`${origin}/papers/good/`).then((r) => r.text()).catch(() => "")).includes("Good again"),
        "the fixed page",
      );
      await untilServed(`${origin}/papers/good/`, (body) => body.includes("Good again"));
      const output = server.output();
      // Each rebuild ends with "Watching…": the error appears at most once in each, and in one at least.
      const rebuilds = output.split("Watching…");
      for (const rebuild of rebuilds) expect(count(rebuild, problem), rebuild).toBeLessThanOrEqual(1);
      expect(count(output, problem)).toBeGreaterThanOrEqual(1);
      expect(output).not.toContain("Original error stack trace");
      expect(output).not.toMatch(/^(\[11ty\])?\s+at /m);
    } finally {
      server.stop();
      await fixture.cleanup();
    }
  });
});
