import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixture, paper, type BuildResult } from "../helpers/site.ts";

// What a user audit found passing or said unhelpfully (commit 52cb1b0), seen through the real build and the real
// `shelfmark check` on one fixture: every problem of every file in one run, each once, with its file, line, field and fix.

const OK = { added: "2024-01-01" };

// Each row: slug, file, and the line the output must hold for it (as `formatProblem` writes it).
const CASES: [string, string, string][] = [
  [
    "tex-theta",
    paper({ title: '"Gradients: $\\theta$ and $\\nabla f$ and $\\rho$"', ...OK }),
    "content/papers/tex-theta.md:2 field \"title\": TeX in double quotes: YAML reads `\\t` in double quotes as a tab, so \\theta does not reach the page. Fix: quote it with single quotes, in which a backslash is just a backslash: title: 'Gradients: $\\theta$ and $\\nabla f$ and $\\rho$' (or write each backslash twice: \\\\theta)",
  ],
  [
    "tex-alpha",
    paper({ title: '"Attention $\\alpha$ it\'s"', ...OK }),
    "content/papers/tex-alpha.md:2 field \"title\": TeX in double quotes: YAML reads `\\a` in double quotes as a bell character (U+0007), so \\alpha does not reach the page. Fix: quote it with single quotes, in which a backslash is just a backslash: title: 'Attention $\\alpha$ it''s'",
  ],
  [
    "tex-lambda",
    paper({ title: "Decay", ...OK, abstract: '"Weight decay $\\lambda$ matters."' }),
    "content/papers/tex-lambda.md:4 field \"abstract\": TeX in double quotes: YAML reads a backslash in double quotes as an escape, and `\\l` (of \\lambda) is none it knows. Fix: quote it with single quotes, in which a backslash is just a backslash: abstract: 'Weight decay $\\lambda$ matters.'",
  ],
  ["month-13", paper({ title: "Month 13", ...OK, published: "2024-13" }), 'content/papers/month-13.md:4 field "published": is not a real month: 2024-13 has no month 13 (months run from 01 to 12). Fix: write a month that exists (01 to 12), or the year alone: published: 2024'],
  ["month-00", paper({ title: "Month 0", ...OK, published: "2024-00" }), 'content/papers/month-00.md:4 field "published": is not a real month: 2024-00 has no month 00'],
  ["feb-30", paper({ title: "February 30", ...OK, published: "2024-02-30" }), 'content/papers/feb-30.md:4 field "published": is not a real calendar date. Fix: write a day that exists, e.g. published: 2024-02-29 (the last day of that month)'],
  ["arxiv-number", paper({ title: "Unquoted id", ...OK, arxiv: "1901.01230" }), 'content/papers/arxiv-number.md:4 field "arxiv": must be an arXiv id in quotes, not the number 1901.0123 (YAML reads 2205.14130 as a number and drops the final 0). Fix: quote it: arxiv: "1901.01230"'],
  // A file with a field error, and one whose YAML does not parse: other files' links to them are no problem.
  ["bad2", paper({ title: "Kernels", added: "2024-01-32", arxiv: '"2301.00001"', doi: "10.1000/kernels" }, "See [[no-such-paper]].\n"), 'content/papers/bad2.md:3 field "added": is not a real calendar date'],
  ["broken", '---\ntitle: "Broken\nadded: 2024-01-01\n---\n', "content/papers/broken.md:"],
  // A valid file whose link names no paper: listed in the same run as the files' problems.
  [
    "pub",
    paper({ title: "Published", ...OK }, "See [[bad2]], [[arxiv:2301.00001]], [[doi:10.1000/kernels]] and [[broken]].\n\nAnd [[kernel-method]].\n"),
    'content/papers/pub.md:7 field "notes": [[kernel-method]] links to no paper: no file content/papers/kernel-method.md.',
  ],
];

/** The file with a field error has a link to no paper in its notes too: listed in the same run. */
const LINK_IN_BAD_FILE = 'content/papers/bad2.md:7 field "notes": [[no-such-paper]] links to no paper';

/** How many times `needle` occurs in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe("problems the audit found, in one run of the build and of `shelfmark check`", () => {
  let fixture: Fixture;
  let build: BuildResult;
  let check: BuildResult;

  beforeAll(async () => {
    fixture = await Fixture.create({
      papers: {
        ...Object.fromEntries(CASES.map(([slug, text]) => [slug, text])),
        // Legit escapes and TeX that YAML leaves alone: no problem.
        fine: paper({ title: '"Caf\\u00e9 at\\tnight"', ...OK, abstract: "'Gradients $\\theta$ in single quotes'", arxiv: '"2205.14135"' }),
        "fine-too": paper({ title: '"Costs $5: caf\\u00e9 and $\\\\theta$"', ...OK, published: "2024-12" }),
      },
    });
    [build, check] = await Promise.all([fixture.build(), fixture.cli(["check"])]);
  });
  afterAll(() => fixture?.cleanup());

  it("both stop, with every problem of every file in one list, each once and with a fix", () => {
    for (const result of [build, check]) {
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`\\[shelfmark:(papers|check)\\] ${CASES.length + 1} problems in ${CASES.length} files:`));
      const lines = result.stderr.split("\n").map((l) => l.replace(/^\[11ty\] /, "")).filter((l) => l.startsWith("  - content/"));
      expect(lines, result.stderr).toHaveLength(CASES.length + 1);
      expect(count(result.stderr, LINK_IN_BAD_FILE), result.stderr).toBe(1);
      for (const line of lines) expect(line).toMatch(/ Fix: \S/);
      expect(result.stderr).not.toContain("Original error stack trace");
    }
    expect(fixture.exists("_site/papers/fine/index.html")).toBe(false);
  });

  it.each(CASES)("names the file, the line, the field and the fix: %s", (_slug, _text, line) => {
    expect(count(build.stderr, line), build.stderr).toBe(1);
    expect(count(check.stderr, line), check.stderr).toBe(1);
  });

  it("TeX in double quotes replaces the control-character and invalid-escape messages", () => {
    for (const result of [build, check]) expect(result.stderr).not.toMatch(/control character|Invalid escape sequence|write it as title: "Attention Is All You Need"/);
  });

  it("a link to a file with problems is not a link to no paper", () => {
    for (const result of [build, check]) {
      expect(result.stderr).not.toMatch(/\[\[bad2\]\] links|\[\[arxiv:2301\.00001\]\] links|\[\[doi:10\.1000\/kernels\]\] links|\[\[broken\]\] links/);
      expect(count(result.stderr, "content/papers/pub.md")).toBe(1);
    }
  });

  it("legit escapes, TeX written with two backslashes and TeX in single quotes are no problem", () => {
    for (const result of [build, check]) expect(result.stderr).not.toMatch(/content\/papers\/fine(-too)?\.md/);
  });
});

describe("`shelfmark check` reads the settings and the taxonomy as the build does", () => {
  let fixture: Fixture;
  let check: BuildResult;

  beforeAll(async () => {
    fixture = await Fixture.create({
      site: "title: Test list\nperPage: 0\n",
      files: { "_data/taxonomy.yaml": "- name: KV cache\n  description: Making the cache smaller.\n- name: Decoding\n  match: [decoding]\n" },
      papers: { good: paper({ title: "Good", ...OK }), bad: paper({ title: "Bad", added: "2024-02-30" }) },
    });
    check = await fixture.cli(["check"]);
  });
  afterAll(() => fixture?.cleanup());

  it("lists their problems with the papers', in one message, and exits 1", () => {
    expect(check.code, check.stderr).toBe(1);
    expect(check.stderr).toContain("[shelfmark:check] 3 problems in 3 files:");
    expect(count(check.stderr, 'content/site.yaml:2 field "perPage"')).toBe(1);
    expect(count(check.stderr, 'content/_data/taxonomy.yaml:3 field "entry 2 description"')).toBe(1);
    expect(count(check.stderr, 'content/papers/bad.md:3 field "added": is not a real calendar date')).toBe(1);
    expect(check.stderr).not.toContain("Original error stack trace");
  });

  it("a project without settings yet is told the build needs them", async () => {
    const bare = await Fixture.create({ papers: { good: paper({ title: "Good", ...OK }) } });
    try {
      // As `shelfmark new` leaves a project that installed shelfmark: a package.json, papers, no settings yet.
      await rm(bare.path("content/site.yaml"));
      await bare.write("package.json", JSON.stringify({ name: "list", private: true, dependencies: { shelfmark: "*" } }));
      const result = await bare.cli(["check"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain("no content/site.yaml, which the build needs");
    } finally {
      await bare.cleanup();
    }
  });
});
