import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { closeTabs, describeBrowser, launchBrowser, serveSite, type BrowserSession, type PageProblems, type ServedSite } from "../helpers/browser.ts";
import { DEFAULT_SITE, Fixture, paper } from "../helpers/site.ts";

/**
 * A long list's search index comes in parts (src/search/records.ts partCount) that the search page searches
 * together. The same papers built once as one part and once in parts of four must answer every search alike:
 * the same papers, the same order by date, the same counts.
 */

const TOPICS = ["cache", "attention", "decoding", "speech"];
const STATUSES = ["to-read", "reading", "read"];

function papers(): Record<string, string> {
  const list: Record<string, string> = {};
  for (let i = 0; i < 30; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    // Some papers share a day, so ties in the date order are covered too.
    const day = String(1 + Math.floor(i / 2)).padStart(2, "0");
    list[`paper-${String(i).padStart(2, "0")}`] = paper(
      {
        title: `Study ${i} of ${topic} in large models`,
        added: `2025-${i < 15 ? "03" : "07"}-${day}`,
        tags: `[${topic}${i % 3 === 0 ? ", shared" : ""}]`,
        status: STATUSES[i % STATUSES.length]!,
        ...(i % 5 === 0 ? { code: `https://example.org/${i}` } : {}),
        abstract: `We look at ${topic} ${i % 2 ? "and memory" : "and latency"} with ${"models ".repeat(1 + (i % 4))}.`,
      },
      i % 7 === 0 ? "Notes mention memory twice: memory." : "",
    );
  }
  // The clear best match for memory and for speech, in a middle part: title words weigh most.
  list["memory-walls"] = paper({ title: "Memory Walls in Speech Recognition", added: "2025-05-05", tags: "[speech]", status: "read" });
  return list;
}

interface Answer {
  status: string;
  hrefs: string[];
  counts: Record<string, string>;
}

let fixture: Fixture;
let single: Fixture;
let whole: ServedSite;
let parts: ServedSite;
let browser: BrowserSession;
const watched: PageProblems[] = [];

async function answer(site: ServedSite, query: string): Promise<Answer> {
  const opened = await browser.open(`${site.url}search/?${query}`, site);
  watched.push(opened.problems);
  const page: Page = opened.page;
  await page.locator("#search-status").filter({ hasText: /found/ }).waitFor();
  while (await page.getByRole("button", { name: "Show more results" }).isVisible()) {
    const before = await page.locator("#search-results li").count();
    await page.getByRole("button", { name: "Show more results" }).click();
    await expect.poll(() => page.locator("#search-results li").count()).toBeGreaterThan(before);
  }
  const hrefs = await page.$$eval("#search-results h2 a", (links) => links.map((a) => a.getAttribute("href")!.replace(/^.*\/papers\//, "")));
  const counts = Object.fromEntries(
    await page.$$eval("#search-filters input[type=checkbox]", (boxes) =>
      boxes.map((b) => [`${b.getAttribute("name")}=${b.getAttribute("value")}`, b.closest("label")!.querySelector(".search-count")!.textContent!]),
    ),
  );
  return { status: (await page.locator("#search-status").textContent())!, hrefs, counts };
}

describeBrowser("search over an index in parts", () => {
  beforeAll(async () => {
    // The same papers twice: in parts of four, and in one part.
    [fixture, single] = await Promise.all([Fixture.create({ papers: papers(), site: `${DEFAULT_SITE}searchPartSize: 4\n` }), Fixture.create({ papers: papers() })]);
    const location = { siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" };
    const [inParts, inOne] = await Promise.all([fixture.build(location), single.build(location)]);
    expect(inParts.code, inParts.stderr).toBe(0);
    expect(inOne.code, inOne.stderr).toBe(0);
    [parts, whole, browser] = await Promise.all([serveSite(inParts.out, { pathPrefix: "/reading-list/" }), serveSite(inOne.out, { pathPrefix: "/reading-list/" }), launchBrowser()]);
  });

  afterEach(async () => {
    expect(await closeTabs(browser, watched), "console errors or failed requests").toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([whole?.close(), parts?.close()]);
    await Promise.all([fixture?.cleanup(), single?.cleanup()]);
  });

  it("is really in parts: eight of them, each one fetched for a search", async () => {
    parts.requests.length = 0;
    await answer(parts, "q=memory");
    const entries = parts.requests.map((r) => r.path.split("?")[0]!).filter((p) => p.endsWith("pagefind-entry.json")).sort();
    expect(entries).toEqual(["/reading-list/pagefind/pagefind-entry.json", ...[2, 3, 4, 5, 6, 7, 8].map((n) => `/reading-list/pagefind/part-${n}/pagefind-entry.json`)].sort());
  });

  it.each([
    ["filters only: newest first", "tag=shared"],
    ["filters only, several groups", "status=read&status=reading&code=yes"],
    ["words, sorted by date", "q=models&sort=added"],
    ["words and a filter, sorted by date", "q=memory&tag=cache&sort=added"],
    ["a year: more than a page of results", "year=2025"],
  ])("answers alike, in the same order: %s", async (_name, query) => {
    const [a, b] = [await answer(whole, query), await answer(parts, query)];
    expect(a.hrefs.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it.each([
    ["one word", "q=memory", "memory-walls/"],
    ["two words", "q=speech+memory", undefined],
    ["two words, one of them in one part only", "q=walls+speech", "memory-walls/"],
    ["words and filters", "q=memory&status=read", "memory-walls/"],
  ])("finds the same papers with the same counts: %s", async (_name, query, best) => {
    const [a, b] = [await answer(whole, query), await answer(parts, query)];
    expect(a.hrefs.length).toBeGreaterThan(0);
    expect([...b.hrefs].sort()).toEqual([...a.hrefs].sort());
    expect(b.counts).toEqual(a.counts);
    expect(b.status).toBe(a.status);
    // Each part scores with its own word statistics (which words are rare), and parts of four papers differ
    // widely: only a clear best match is held to its place. Real parts hold thousands of papers.
    if (best) expect([a.hrefs[0], b.hrefs[0]]).toEqual([best, best]);
  });
});
