import { readFile } from "node:fs/promises";
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixture, listFiles, paper } from "../helpers/site.ts";

// html-validate's "standard" preset checks conformance to the HTML standard only (content models,
// attributes, nesting, ids), not style preferences.
const validator = new HtmlValidate({ extends: ["html-validate:standard"] });

describe("every built page is valid HTML", () => {
  let fixture: Fixture;
  let pages: string[];

  beforeAll(async () => {
    fixture = await Fixture.create({ seedContent: true });
    // The repository's 83 papers, plus nothing else: every page kind the site has.
    const result = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" });
    expect(result.code, result.stderr).toBe(0);
    pages = (await listFiles(fixture.path("_site"))).filter((f) => f.endsWith(".html"));
  });
  afterAll(() => fixture?.cleanup());

  it("covers every kind of page", () => {
    for (const page of ["index.html", "404.html", "papers/flashattention/index.html", "tags/index.html", "search/index.html", "feeds/index.html", "stats/index.html", "status/read/index.html"]) {
      expect(pages).toContain(page);
    }
  });

  it("has no HTML standard violation on any page", async () => {
    const failures: string[] = [];
    for (const page of pages) {
      const report = await validator.validateString(await readFile(fixture.path(`_site/${page}`), "utf8"), page);
      for (const result of report.results) {
        for (const m of result.messages) failures.push(`${page}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("the validator does catch a broken page", async () => {
    const report = await validator.validateString("<!doctype html><html lang=en><head><title>x</title></head><body><p><div>x</div></p><a href=/a id=x></a><b id=x></b></body></html>", "broken.html");
    expect(report.valid).toBe(false);
  });
});

describe("hostile content stays valid HTML", () => {
  it("a paper full of markup characters still gives a valid page", async () => {
    const fixture = await Fixture.create({
      papers: {
        hostile: paper(
          { title: `"</title><p id=\\"x\\"><b>bold & \\"quoted\\""`, added: "2024-01-01", tags: `["<i>", "a&b"]`, abstract: `"</p><div>x</div>"` },
          "<div id=x>raw</div>\n\n[x](javascript:alert(1))\n",
        ),
      },
    });
    try {
      const result = await fixture.build();
      expect(result.code, result.stderr).toBe(0);
      const report = await validator.validateString(await fixture.read("_site/papers/hostile/index.html"), "hostile.html");
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    } finally {
      await fixture.cleanup();
    }
  });
});
