import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFrontMatter } from "../../src/papers/frontmatter.ts";
import { parseTrending } from "../../src/import/trending.ts";
import { toPaper, type Paper } from "../../src/papers/schema.ts";
import { attr, elements, parseHtml, text, type Html } from "../helpers/html.ts";
import { Fixture, REPO, SEED_CONTENT, type BuildResult } from "../helpers/site.ts";

// The source of truth: the seed file as the importer reads it.
const seed = parseTrending(readFileSync(path.join(REPO, "tests/fixtures/seed/000_3eb6c93e1524ac77.txt"), "utf8"), "seed.txt");

describe("the site built from the repository's 83 seed papers", () => {
  let fixture: Fixture;
  let build: BuildResult;
  const papers = new Map<string, Paper>();
  const pages = new Map<string, Html>();

  beforeAll(async () => {
    const dir = path.join(SEED_CONTENT, "papers");
    for (const name of (await readdir(dir)).filter((n) => n.endsWith(".md"))) {
      const parsed = parseFrontMatter(await readFile(path.join(dir, name), "utf8"), name);
      const result = parsed.ok ? toPaper(parsed.file, name, name.slice(0, -3)) : parsed;
      if (!result.ok) throw new Error(`${name} is invalid: ${JSON.stringify(result.problems)}`);
      papers.set(result.paper.title, result.paper);
    }
    fixture = await Fixture.create({ seedContent: true });
    build = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" });
    const out = path.join(build.out, "papers");
    for (const slug of await readdir(out)) {
      const file = path.join(out, slug, "index.html");
      pages.set(slug, parseHtml(await readFile(file, "utf8")));
    }
  });
  afterAll(() => fixture?.cleanup());

  it("builds 83 paper pages, one per seed title", () => {
    expect(build.code, build.stderr).toBe(0);
    expect(pages.size).toBe(83);
    expect([...papers.keys()].sort()).toEqual(seed.records.map((r) => r.fields.title).sort());
  });

  it("shows each exact title as the page's only h1, and the whole abstract", () => {
    for (const record of seed.records) {
      const paper = papers.get(record.fields.title)!;
      const page = pages.get(paper.slug)!;
      expect(page.all("h1").map((h) => text(h)), paper.slug).toEqual([record.fields.title]);
      const abstract = page.all("section", (el) => attr(el, "class") === "paper-abstract")[0]!;
      expect(text(abstract.childNodes.find((n) => n.nodeName === "p")!), paper.slug).toBe(record.fields.abstract);
    }
  });

  it("gives every page at least one tag, linked to its tag page under the sub-path", () => {
    for (const [slug, page] of pages) {
      const tags = page.all("a", (el) => attr(el, "class") === "tag");
      expect(tags.length, slug).toBeGreaterThan(0);
      for (const tag of tags) expect(attr(tag, "href"), slug).toMatch(/^\/reading-list\/tags\/[a-z0-9-]+\/$/);
    }
  });

  it("links the 19 abstracts' links as code or paper page", () => {
    const withLinks = seed.records.filter((r) => r.fields.code || r.fields.url);
    expect(withLinks).toHaveLength(19);
    for (const record of withLinks) {
      const slug = papers.get(record.fields.title)!.slug;
      const links = pages.get(slug)!.all("ul", (el) => attr(el, "class") === "paper-links")[0]!;
      const anchors = new Map(elements(links).filter((el) => el.tagName === "a").map((a) => [text(a), attr(a, "href")]));
      if (record.fields.code) expect(anchors.get("Code"), slug).toBe(record.fields.code);
      if (record.fields.url) expect(anchors.get("Paper page"), slug).toBe(record.fields.url);
    }
  });

  it("shows what the BibTeX file added: authors and the arXiv link", () => {
    const page = pages.get("flashattention")!;
    expect(page.all("p", (el) => attr(el, "class") === "paper-authors").map((p) => text(p))).toEqual(["Tri Dao, Daniel Y. Fu, Stefano Ermon, Atri Rudra, Christopher Ré"]);
    expect(page.attrs("href")).toContain("https://arxiv.org/abs/2205.14135");
  });
});
