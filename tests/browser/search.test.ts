import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { closeTabs, describeBrowser, launchBrowser, serveSite, type BrowserSession, type PageProblems, type ServedSite } from "../helpers/browser.ts";
import { parseHtml, text } from "../helpers/html.ts";
import { Fixture, paper } from "../helpers/site.ts";

/**
 * The search page in Chromium, as a reader uses it: one build under /reading-list/ (served with a strict
 * Content-Security-Policy) and one at the root, one browser, many checks.
 */

/** About 120 words of notes: enough for Pagefind's length normalisation to matter. */
const FILLER = Array.from({ length: 60 }, (_, i) => `ipsum${i % 30} dolor`).join(" ");

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";

function papers(): Record<string, string> {
  const list: Record<string, string> = {
    "kv-compress": paper(
      {
        title: "Compressing the KV Cache for Long-Context Inference",
        added: "2025-11-02",
        tags: "[KV cache, long context]",
        status: "reading",
        authors: "[Ada Lovelace, Grace Hopper]",
        code: "https://example.org/kv",
        abstract: "We study eviction policies for the key-value cache of large language models.",
      },
      "A clear baseline for cache eviction.",
    ),
    "paged-attention": paper({
      title: "Efficient Memory Management for Large Language Model Serving with PagedAttention",
      added: "2024-06-01",
      tags: "[serving, attention]",
      status: "read",
      code: "https://example.org/vllm",
      abstract: "PagedAttention stores the KV cache in non-contiguous blocks, like virtual memory pages.",
    }),
    "speculative": paper({
      title: "Fast Inference from Transformers via Speculative Decoding",
      added: "2025-01-15",
      tags: "[decoding]",
      status: "to-read",
      abstract: "A small draft model proposes tokens that the large model verifies in parallel.",
    }),
    "speech": paper({
      title: "Speech Enhancement with Diffusion-based Generative Models",
      added: "2023-03-03",
      tags: "[speech, diffusion]",
      status: "read",
    }),
    // Ranking: the same rare word in each pair, in a heavier field of a paper with long notes against a
    // lighter field of a short paper. Title > tags and authors > abstract > notes.
    "quasar-title": paper({ title: "Quasar Scheduling for Batched Inference", added: "2022-01-01", status: "read" }, FILLER),
    "quasar-notes": paper({ title: "Notes on Batch Schedulers", added: "2022-01-02", status: "read" }, "This reminded me of quasar scheduling."),
    "quokka-tag": paper({ title: "Marsupial Routing Networks", added: "2022-02-01", tags: "[quokka]", status: "read" }, FILLER),
    "quokka-abstract": paper({ title: "Routing in Sparse Mixtures", added: "2022-02-02", status: "read", abstract: "Unlike a quokka, experts are routed." }),
    "okapi-author": paper({ title: "Forest Giraffes", added: "2022-04-01", status: "read", authors: "[Olga Okapi]" }, FILLER),
    "okapi-abstract": paper({ title: "Striped Legs", added: "2022-04-02", status: "read", abstract: "The okapi is shy." }),
    "narwhal-abstract": paper({ title: "Tusk Detection", added: "2022-03-01", status: "read", abstract: "A narwhal dataset." }, FILLER),
    "narwhal-notes": paper({ title: "Arctic Survey", added: "2022-03-02", status: "read" }, "Saw a narwhal."),
    "hostile": paper(
      {
        title: `"<img src=x onerror=alert('title')> Hostile & Brave Paper"`,
        added: "2024-02-02",
        tags: `["<b>bold</b>"]`,
        abstract: `"hostilemarker <script>alert('abstract')</script> x < y & z"`,
      },
      "<img src=x onerror=alert('notes')> hostilemarker in notes",
    ),
  };
  // Enough papers on one word to need "Show more".
  for (let i = 1; i <= 24; i++) {
    list[`filler-${i}`] = paper({ title: `Filler Study Number ${i}`, added: `2021-01-${String(i).padStart(2, "0")}`, tags: "[filler]", status: "to-read" });
  }
  return list;
}

let fixture: Fixture;
let sub: ServedSite;
let root: ServedSite;
let browser: BrowserSession;
const watched: PageProblems[] = [];

async function open(url: string, site: ServedSite = sub, options?: { javaScript?: boolean }): Promise<Page> {
  const opened = await browser.open(url, site, options);
  watched.push(opened.problems);
  return opened.page;
}

/** The result links of the search page once it has answered: [path, title] pairs. */
async function results(page: Page): Promise<[string, string][]> {
  await page.locator("#search-status").filter({ hasText: /found/ }).waitFor();
  return page.$$eval("#search-results a", (links) => links.map((a) => [a.getAttribute("href") ?? "", a.textContent ?? ""] as [string, string]));
}

/** Types into the page's search box like a person, then waits for the count to mention the words. */
async function typeQuery(page: Page, words: string): Promise<[string, string][]> {
  const box = page.getByLabel(/^Search \d+ papers$/);
  await box.click();
  await box.fill("");
  await page.keyboard.type(words, { delay: 20 });
  await page.locator("#search-status").filter({ hasText: `“${words}”` }).waitFor();
  return results(page);
}

describeBrowser("search in the browser", () => {
  beforeAll(async () => {
    fixture = await Fixture.create({ papers: papers() });
    const [atSub, atRoot] = await Promise.all([
      fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" }, "_sub"),
      fixture.build({ siteUrl: "https://example.github.io" }, "_root"),
    ]);
    expect(atSub.code, atSub.stderr).toBe(0);
    expect(atRoot.code, atRoot.stderr).toBe(0);
    [sub, root, browser] = await Promise.all([
      serveSite(atSub.out, { pathPrefix: "/reading-list/", headers: { "content-security-policy": CSP } }),
      serveSite(atRoot.out),
      launchBrowser(),
    ]);
  });

  afterEach(async () => {
    expect(await closeTabs(browser, watched), "console errors, failed requests or requests to other origins").toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([sub?.close(), root?.close()]);
    await fixture?.cleanup();
  });

  it("finds papers as a reader types, with links, highlighted excerpts and a count, under the CSP", async () => {
    const page = await open(sub.url + "search/");
    const response = await page.request.get(sub.url + "search/");
    expect(response.headers()["content-security-policy"]).toBe(CSP);
    const entries = await page.evaluate(() => history.length);

    const found = await typeQuery(page, "kv cache");
    expect(found.map(([href]) => href).sort()).toEqual(["/reading-list/papers/kv-compress/", "/reading-list/papers/paged-attention/"]);
    expect(found[0]![1]).toBe("Compressing the KV Cache for Long-Context Inference");
    await expect.poll(() => page.locator("#search-status").textContent()).toBe("2 papers found for “kv cache”.");
    const marks = await page.$$eval("#search-results mark", (els) => els.map((m) => m.textContent?.toLowerCase()));
    expect(marks).toEqual(expect.arrayContaining(["kv", "cache"]));
    // Typing keeps the URL shareable, without adding history entries.
    expect(new URL(page.url()).search).toBe("?q=kv+cache");
    expect(await page.evaluate(() => history.length)).toBe(entries);
  });

  it("narrows results with filters that show counts, and keeps them in the URL", async () => {
    const page = await open(sub.url + "search/");
    await typeQuery(page, "kv cache");
    const tag = page.getByRole("checkbox", { name: /^KV cache/ });
    expect(await page.locator("label", { has: tag }).textContent()).toMatch(/KV cache\s+\(1\)/);
    await tag.check();
    await expect.poll(() => page.locator("#search-status").textContent()).toBe("1 paper found for “kv cache” with these filters.");
    expect((await results(page)).map(([href]) => href)).toEqual(["/reading-list/papers/kv-compress/"]);
    expect(new URL(page.url()).search).toBe("?q=kv+cache&tag=KV+cache");

    // Status and "has code" narrow too; the counts follow the query and the other filters.
    await tag.uncheck();
    await page.getByRole("checkbox", { name: /^Read\b/ }).check();
    await expect.poll(async () => (await results(page)).map(([href]) => href)).toEqual(["/reading-list/papers/paged-attention/"]);
    expect(await page.locator("label", { has: page.getByRole("checkbox", { name: /^Reading\b/ }) }).textContent()).toMatch(/\(1\)/);
    await page.getByRole("checkbox", { name: /^Has code/ }).check();
    expect(new URL(page.url()).search).toBe("?q=kv+cache&status=read&code=yes");
    await expect.poll(async () => (await results(page)).map(([href]) => href)).toEqual(["/reading-list/papers/paged-attention/"]);
  });

  it("runs the search in a shared URL: words, filters and order", async () => {
    const page = await open(sub.url + "search/?q=speculative+decoding&status=to-read");
    expect(await page.getByLabel(/^Search \d+ papers$/).inputValue()).toBe("speculative decoding");
    expect(await page.getByRole("checkbox", { name: /^To read/ }).isChecked()).toBe(true);
    expect((await results(page)).map(([href]) => href)).toEqual(["/reading-list/papers/speculative/"]);

    // Filters alone list the papers newest first; a tag in another case still matches.
    const filtered = await open(sub.url + "search/?status=read&year=2022&tag=QUOKKA");
    expect(await filtered.getByRole("checkbox", { name: /^quokka/ }).isChecked()).toBe(true);
    expect((await results(filtered)).map(([href]) => href)).toEqual(["/reading-list/papers/quokka-tag/"]);
    const byYear = await open(sub.url + "search/?year=2022&sort=added");
    expect((await results(byYear)).map(([href]) => href)).toEqual(
      ["okapi-abstract", "okapi-author", "narwhal-notes", "narwhal-abstract", "quokka-abstract", "quokka-tag", "quasar-notes", "quasar-title"].map((s) => `/reading-list/papers/${s}/`),
    );
    expect(await byYear.locator("#search-sort").inputValue()).toBe("added");
  });

  it("ranks by field: title, then tags and authors, then abstract, then notes", async () => {
    for (const [word, first, second] of [
      ["quasar", "quasar-title", "quasar-notes"],
      ["quokka", "quokka-tag", "quokka-abstract"],
      ["okapi", "okapi-author", "okapi-abstract"],
      ["narwhal", "narwhal-abstract", "narwhal-notes"],
    ]) {
      const page = await open(sub.url + `search/?q=${word}`);
      expect((await results(page)).map(([href]) => href), word).toEqual([`/reading-list/papers/${first}/`, `/reading-list/papers/${second}/`]);
    }
  });

  it("shows 20 results, then more on request; every result link opens its paper", async () => {
    const page = await open(sub.url + "search/?q=filler");
    expect(await results(page)).toHaveLength(20);
    await expect.poll(() => page.locator("#search-status").textContent()).toBe("24 papers found for “filler”.");
    await page.getByRole("button", { name: "Show more results" }).click();
    await expect.poll(async () => (await results(page)).length).toBe(24);
    expect(await page.getByRole("button", { name: "Show more results" }).isHidden()).toBe(true);

    const all = await open(sub.url + "search/?year=2025&year=2024&year=2023&year=2022");
    const links = await results(all);
    expect(links.length).toBe(13);
    for (const [href, title] of links) {
      const response = await all.request.get(sub.origin + href);
      expect(response.status(), href).toBe(200);
      // The result's title is the one its page shows.
      expect(parseHtml(await response.text()).all("h1").map(text), href).toEqual([title]);
    }
    // And a real click lands on the paper page.
    await all.getByRole("link", { name: "Fast Inference from Transformers via Speculative Decoding" }).click();
    await all.waitForURL(sub.url + "papers/speculative/");
    expect(await all.locator("h1").textContent()).toBe("Fast Inference from Transformers via Speculative Decoding");
  });

  it("keeps hostile titles and notes as text in results", async () => {
    const page = await open(sub.url + "search/?q=hostilemarker");
    const found = await results(page);
    expect(found).toEqual([["/reading-list/papers/hostile/", "<img src=x onerror=alert('title')> Hostile & Brave Paper"]]);
    const excerpt = await page.locator("#search-results .paper-item-excerpt").textContent();
    expect(excerpt).toContain("<script>alert('abstract')</script>");
    expect(await page.locator("#search-results img, #search-results script, #search-results b").count()).toBe(0);
    expect(await page.locator("#search-results .tag").allTextContents()).toEqual(["<b>bold</b>"]);
  });

  it("focuses the search box with /, from any page's header and on the search page", async () => {
    const paperPage = await open(sub.url + "papers/speculative/");
    await paperPage.keyboard.press("/");
    expect(await paperPage.evaluate(() => document.activeElement?.id)).toBe("header-q");
    await paperPage.keyboard.type("speculative");
    await paperPage.keyboard.press("Enter");
    await paperPage.waitForURL(sub.url + "search/?q=speculative");
    expect((await results(paperPage)).map(([href]) => href)).toEqual(["/reading-list/papers/speculative/"]);

    await paperPage.locator("h1").click();
    await paperPage.keyboard.press("/");
    expect(await paperPage.evaluate(() => document.activeElement?.id)).toBe("search-q");
  });

  it("folds the filters on a phone, unless the address uses them", async () => {
    const page = await open(sub.url + "search/?q=speech");
    await results(page);
    expect(await page.locator("#search-filters").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await page.setViewportSize({ width: 390, height: 800 });
    await page.reload();
    await results(page);
    await page.waitForLoadState("networkidle");
    expect(await page.locator("#search-filters").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.goto(sub.url + "search/?q=speech&status=read");
    expect((await results(page)).map(([href]) => href)).toEqual(["/reading-list/papers/speech/"]);
    expect(await page.locator("#search-filters").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
  });

  it("says search needs JavaScript when it is off, and links to the tag index", async () => {
    const page = await open(sub.url + "search/", sub, { javaScript: false });
    const note = page.locator(".search-noscript");
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain("needs JavaScript");
    expect(await note.getByRole("link", { name: "by tag" }).getAttribute("href")).toBe("/reading-list/tags/");
    expect(await page.locator("#search").isHidden()).toBe(true);
  });

  it("fetches little for a first query, all from the site itself", async () => {
    sub.requests.length = 0;
    const page = await open(sub.url + "search/?q=diffusion");
    expect((await results(page)).map(([href]) => href)).toEqual(["/reading-list/papers/speech/"]);
    const fetched = sub.requests.filter((r) => r.path.includes("/pagefind/"));
    const bytes = fetched.reduce((sum, r) => sum + r.bytes, 0);
    const total = sub.requests.reduce((sum, r) => sum + r.bytes, 0);
    process.stdout.write(`[search] first query: ${sub.requests.length} requests, ${total} bytes in all, ${bytes} from /pagefind/\n`);
    // The UI bundles Pagefind ships (pagefind-ui.js and friends) are never loaded.
    expect(fetched.map((r) => r.path).filter((p) => /pagefind-(component-|modular-)?ui|highlight/.test(p))).toEqual([]);
    expect(total).toBeLessThan(400_000);
  });

  it("works at the root too", async () => {
    const page = await open(root.url + "search/", root);
    const found = await typeQuery(page, "speech enhancement");
    expect(found).toEqual([["/papers/speech/", "Speech Enhancement with Diffusion-based Generative Models"]]);
    await page.getByRole("link", { name: found[0]![1] }).click();
    await page.waitForURL(root.url + "papers/speech/");
  });
});
