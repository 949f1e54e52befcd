import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadPapers } from "../../src/papers/library.ts";
import type { Paper } from "../../src/papers/schema.ts";
import { describeBrowser, launchBrowser, serveSite, type BrowserSession, type ServedSite } from "../helpers/browser.ts";
import { distinctiveQueries, type TitleQuery } from "../helpers/search-words.ts";
import { Fixture, SEED_CONTENT } from "../helpers/site.ts";

/**
 * Search quality over the repository's own list (the seed papers): for every paper, two or three of its
 * title's most distinctive words (method: tests/helpers/search-words.ts) find it among the first 3 results.
 */

let fixture: Fixture;
let site: ServedSite;
let browser: BrowserSession;
let papers: Paper[];
let queries: TitleQuery[];

describeBrowser("search quality on the repository's papers", () => {
  beforeAll(async () => {
    papers = (await loadPapers({ dir: path.join(SEED_CONTENT, "papers") })).filter((p) => !p.draft);
    queries = distinctiveQueries(papers.map((p) => p.title));
    fixture = await Fixture.create({ seedContent: true });
    const built = await fixture.build({ pathPrefix: "/reading-list/" });
    expect(built.code, built.stderr).toBe(0);
    [site, browser] = await Promise.all([serveSite(built.out, { pathPrefix: "/reading-list/" }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await fixture?.cleanup();
  });

  it("finds every paper in the top 3 from a few distinctive title words", async () => {
    const { page, problems } = await browser.open(site.url + "search/", site);
    // Pagefind's own API, as search.js calls it (passed as a string: Vite would rewrite a real import()).
    const top3: string[][] = await page.evaluate(`(async () => {
      const pagefind = await import(${JSON.stringify(site.pathPrefix + "pagefind/pagefind.js")});
      // The ranking settings the build wrote into the search page, as search.js reads them.
      const ranking = JSON.parse(document.getElementById("search").dataset.ranking);
      await pagefind.options({ baseUrl: ${JSON.stringify(site.pathPrefix)}, ranking });
      await pagefind.init();
      const out = [];
      for (const query of ${JSON.stringify(queries.map((q) => q.query))}) {
        const search = await pagefind.search(query);
        out.push((await Promise.all(search.results.slice(0, 3).map((r) => r.data()))).map((d) => d.url));
      }
      return out;
    })()`);

    const titleOf = new Map(papers.map((p) => [`${site.pathPrefix}papers/${p.slug}/`, p.title]));
    const misses = papers.flatMap((paper, i) => {
      const url = `${site.pathPrefix}papers/${paper.slug}/`;
      if (top3[i]!.includes(url)) return [];
      return [`"${queries[i]!.query}" for "${paper.title}" gave: ${top3[i]!.map((u) => titleOf.get(u) ?? u).join(" | ") || "nothing"}`];
    });
    const first = papers.filter((p, i) => top3[i]![0] === `${site.pathPrefix}papers/${p.slug}/`).length;
    process.stdout.write(`[search quality] ${papers.length - misses.length} of ${papers.length} papers in the top 3, ${first} first\n`);
    expect(misses).toEqual([]);
    expect(problems.list()).toEqual([]);
  });

  it("ranks the same through the search page a reader uses", async () => {
    // A few papers spread over the list, typed into the page rather than asked of the API.
    const picks = [0, Math.floor(papers.length / 2), papers.length - 1].filter((i, at, all) => all.indexOf(i) === at);
    for (const i of picks) {
      const { page, problems } = await browser.open(`${site.url}search/?q=${encodeURIComponent(queries[i]!.query)}`, site);
      await page.locator("#search-status").filter({ hasText: /found/ }).waitFor();
      const hrefs = await page.$$eval("#search-results a", (links) => links.slice(0, 3).map((a) => a.getAttribute("href")));
      expect(hrefs, queries[i]!.query).toContain(`${site.pathPrefix}papers/${papers[i]!.slug}/`);
      expect(problems.list()).toEqual([]);
      await page.close();
    }
  });
});
