import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixture, paper, type BuildResult } from "../helpers/site.ts";

/**
 * `shelfmark linkcheck`, run as a user runs it (the installed bin) on a small built site: under a sub-path
 * with the build's SITE_URL and PATH_PREFIX, and at the root of a custom domain with no settings at all (the
 * address then comes from the built home page). A clean site exits 0 with one line; a broken link exits 1
 * naming the target and every page that links to it.
 */

const papers = {
  alpha: paper({ title: "Alpha Paper", added: "2026-04-03", tags: "[attention]" }, "Read [beta](/papers/beta/) next, and [the source](https://example.org/alpha).\n"),
  beta: paper({ title: "Beta Paper", added: "2026-04-02", tags: "[attention]" }, "Back to [alpha](../alpha/).\n"),
  gamma: paper({ title: "Gamma Paper", added: "2026-04-01" }),
};

const layouts = [
  { name: "a project site under /reading-list/", siteUrl: "https://example.github.io", pathPrefix: "/reading-list/", out: "site-sub", env: { SITE_URL: "https://example.github.io/reading-list", PATH_PREFIX: "/reading-list" } },
  { name: "a custom domain at the root, address read from the build", siteUrl: "https://papers.example.org", pathPrefix: "/", out: "site-root", env: { SITE_URL: "", PATH_PREFIX: "" } },
];

const output = (r: BuildResult) => r.stdout + r.stderr;

let fixture: Fixture;
beforeAll(async () => {
  fixture = await Fixture.create({ papers });
});
afterAll(() => fixture?.cleanup());

describe.each(layouts)("shelfmark linkcheck: $name", ({ siteUrl, pathPrefix, out, env }) => {
  let built: BuildResult;
  beforeAll(async () => {
    built = await fixture.build({ siteUrl, pathPrefix: pathPrefix === "/" ? undefined : pathPrefix }, out);
    expect(built.code, built.stderr).toBe(0);
  });

  it("exits 0 with a one-line summary on a clean site; links to other sites are counted, not requested", async () => {
    const result = await fixture.cli(["linkcheck", out], env);
    expect(result.code, output(result)).toBe(0);
    expect(result.stderr).toBe("");
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^shelfmark linkcheck: ${out}: no broken links \\(\\d+ URLs checked under ${pathPrefix.replace(/\//g, "\\/")}, [1-9]\\d* links to other sites counted, not requested; [\\d.]+ s\\)\\.$`));
  });

  it("exits 1 when a page is missing, naming it and every page that links to it", async () => {
    await rm(path.join(built.out, "papers/beta/index.html"));
    const result = await fixture.cli(["linkcheck", out], env);
    expect(result.code, output(result)).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^shelfmark linkcheck: ${out}: 1 broken link, linked from \\d+ places`));
    expect(lines[1]).toBe(`  ${pathPrefix}papers/beta/ answers 404`);
    const from = lines.slice(2);
    // The paper whose notes link to it, the home page and the tag page that list it, the feeds.
    expect(from).toContain(`      ← ${pathPrefix}papers/alpha/ (a[href])`);
    expect(from).toContain(`      ← ${pathPrefix} (a[href])`);
    expect(from).toContain(`      ← ${pathPrefix}tags/attention/ (a[href])`);
    expect(from).toContain(`      ← ${pathPrefix}feed.xml (xml:link[href])`);
    expect(result.stdout).toBe("");
  });
});

describe("shelfmark linkcheck: a note that links to a page the site does not have", () => {
  it("exits 1 with the target and the paper that links to it", async () => {
    const broken = await Fixture.create({
      papers: { ...papers, delta: paper({ title: "Delta Paper", added: "2026-04-04" }, "See [the survey](/papers/no-such-survey/) and [alpha](/papers/alpha/#nowhere).\n") },
    });
    try {
      const built = await broken.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" });
      expect(built.code, built.stderr).toBe(0);
      const result = await broken.cli(["linkcheck"], { SITE_URL: "https://example.github.io", PATH_PREFIX: "/reading-list/" });
      expect(result.code, output(result)).toBe(1);
      expect(result.stderr.trim().split("\n").slice(1)).toEqual([
        `  /reading-list/papers/alpha/#nowhere has no element with id "nowhere"`,
        `      ← /reading-list/papers/delta/ (a[href])`,
        `  /reading-list/papers/no-such-survey/ answers 404`,
        `      ← /reading-list/papers/delta/ (a[href])`,
      ]);
    } finally {
      await broken.cleanup();
    }
  });
});

describe("shelfmark linkcheck: mistakes in the call", () => {
  it("says the folder has no built site, and how to make one", async () => {
    const result = await fixture.cli(["linkcheck", "no-such-folder"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no-such-folder/index.html does not exist. Fix: build the site first (npm run build)");
  });

  it("refuses a path prefix the site was not built for, instead of listing every link as broken", async () => {
    const result = await fixture.cli(["linkcheck", "site-sub", "--path-prefix", "/"], { SITE_URL: "", PATH_PREFIX: "" });
    expect(result.code, output(result)).toBe(1);
    expect(result.stderr).toContain("was built for https://example.github.io/reading-list/ (its home page's canonical link), not for https://example.github.io/");
  });
});
