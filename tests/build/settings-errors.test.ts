import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixture, paper, SERVE_START_MS, type BuildResult } from "../helpers/site.ts";

// content/site.yaml, SITE_URL and PATH_PREFIX as a person gets them wrong: each problem is said once, with the
// file, the line where there is one and a fix of its own, and the build stops (exit 1) without a stack trace or
// Eleventy's report about its configuration file.

const GOOD = { good: paper({ title: "A good paper", added: "2024-01-01" }) };

/** The lines shelfmark printed, without Eleventy's "[11ty] " mark. */
const lines = (stderr: string) => stderr.split("\n").map((l) => l.replace(/^\[11ty\] /, ""));
const count = (text: string, needle: string) => text.split(needle).length - 1;

function expectClean(result: BuildResult) {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).not.toContain("Original error stack trace");
  expect(result.stderr).not.toMatch(/^(\[11ty\])?\s+at /m);
  expect(result.stderr).not.toContain("Eleventy config file");
  expect(result.stderr).not.toContain("problem importing");
}

describe("content/site.yaml: every problem in one run, in line order, each with its own fix", () => {
  let fixture: Fixture;
  let build: BuildResult;

  beforeAll(async () => {
    fixture = await Fixture.create({ papers: GOOD, site: "feedsize: 20\ncontact: me at example\nperPage: 0\ncolour: blue\n" });
    build = await fixture.build();
  });
  afterAll(() => fixture?.cleanup());

  it("stops the build, without a stack", () => {
    expectClean(build);
    expect(fixture.exists("_site/papers/good/index.html")).toBe(false);
  });

  it("says each problem once, the absent title first and the rest by line", () => {
    const expected = [
      '[shelfmark:site] 5 problems in 1 file:',
      '  - content/site.yaml field "title": the required setting "title" is missing. Fix: add a line title: My reading list',
      '  - content/site.yaml:1 field "feedsize": "feedsize" is not a known setting (did you mean "feedSize"?). Fix: rename it to "feedSize"',
      '  - content/site.yaml:2 field "contact": must be an e-mail address, not the text "me at example". Fix: write it as contact: you@example.org',
      '  - content/site.yaml:3 field "perPage": must be a whole number from 1 to 1000, not the number 0. Fix: write it as perPage: 50',
      '  - content/site.yaml:4 field "colour": "colour" is not a known setting. Fix: remove it, or use one of: title, description, author, language, perPage, feedSize, searchPartSize, contact',
    ];
    const printed = lines(build.stderr).map((l) => l.replace(/ \(via InvalidContentError\)$/, ""));
    const start = printed.indexOf(expected[0]!);
    expect(start, build.stderr).toBeGreaterThanOrEqual(0);
    expect(printed.slice(start, start + expected.length)).toEqual(expected);
    for (const line of expected) expect(count(build.stderr, line.trim()), line).toBe(1);
  });
});

describe("SITE_URL and PATH_PREFIX that cannot be used: one message with its fix, exit 1", () => {
  const CASES: [string, { siteUrl?: string; pathPrefix?: string }, string][] = [
    ["SITE_URL without https://", { siteUrl: "user.github.io" }, '[shelfmark:site] SITE_URL "user.github.io" is not a URL. Fix: SITE_URL=https://user.github.io'],
    [
      "a URL as PATH_PREFIX",
      { siteUrl: "https://user.github.io", pathPrefix: "https://user.github.io/reading-list" },
      '[shelfmark:site] PATH_PREFIX "https://user.github.io/reading-list" is a URL, not a path. Fix: PATH_PREFIX=/reading-list/',
    ],
  ];
  let fixture: Fixture;
  const builds: BuildResult[] = [];

  beforeAll(async () => {
    fixture = await Fixture.create({ papers: GOOD });
    builds.push(...(await Promise.all(CASES.map(([, options], i) => fixture.build(options, `_site${i}`)))));
  });
  afterAll(() => fixture?.cleanup());

  it.each(CASES.map((c, i) => [c[0], i, c[2]] as const))("%s (npm run build)", (_name, i, message) => {
    const build = builds[i]!;
    expectClean(build);
    expect(count(build.stderr, message), build.stderr).toBe(1);
    // The message is the whole report: no other shelfmark or numbered Eleventy error.
    expect(lines(build.stderr).filter((l) => /^\[shelfmark:|^\d+\. /.test(l)), build.stderr).toHaveLength(1);
  });

  it("the dev server (npm start) says the same and stops", { timeout: SERVE_START_MS + 60_000 }, async () => {
    const server = fixture.serve(18000 + Math.floor(Math.random() * 2000), "_dev", { env: { SITE_URL: "user.github.io" } });
    const error = await server.ready.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/dev server exited with 1/);
    const output = server.output();
    expect(count(output, CASES[0]![2]), output).toBe(1);
    expect(output).not.toContain("Eleventy config file");
    expect(output).not.toMatch(/^(\[11ty\])?\s+at /m);
  });
});
