import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { closeTabs, describeBrowser, startFixtureSite, type BrowserSession, type PageProblems, type ServedSite } from "../helpers/browser.ts";
import { paper, type Fixture } from "../helpers/site.ts";

/**
 * Note links (issue 19) in Chromium, on a site built under /reading-list/ and served with a strict CSP: the search
 * finds a paper by the title of a paper its notes link to (the link's text is indexed as text), and a reader
 * follows the note link to that paper and its "Mentioned in" back.
 */
const papers = {
  // "Dimensionality" is in this title only; the other papers name it through links.
  hinton: paper({ title: "Reducing the Dimensionality of Data with Neural Networks", added: "2024-01-01", authors: "[Geoffrey Hinton]" }),
  survey: paper({ title: "A Survey of Sequence Models", added: "2024-03-01" }, "Autoencoders came first: see [[hinton]] for the idea."),
  // A link with its own text shows that text, not the title: this paper has no such word.
  aside: paper({ title: "An Aside on Autoencoders", added: "2024-02-01" }, "Compare [[hinton|that older paper]]."),
  quiet: paper({ title: "Nothing Linked Here", added: "2024-01-02" }, "No links."),
};

let fixture: Fixture;
let site: ServedSite;
let browser: BrowserSession;
const watched: PageProblems[] = [];

describeBrowser("note links in Chromium", () => {
  beforeAll(async () => {
    ({ fixture, site, browser } = await startFixtureSite({ papers }));
  });
  afterEach(async () => {
    expect(await closeTabs(browser, watched), "console errors, failed requests or requests to other origins").toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await fixture?.cleanup();
  });

  it("search finds the linking paper by the linked paper's title, and the note link and Mentioned in lead between the two", async () => {
    const { page, problems } = await browser.open(site.url + "search/?q=dimensionality", site);
    watched.push(problems);
    await page.locator("#search-status").filter({ hasText: /found/ }).waitFor();
    const found = await page.$$eval("#search-results a", (links) => links.map((a) => a.getAttribute("href") ?? ""));
    expect([...new Set(found)].sort()).toEqual(["/reading-list/papers/hinton/", "/reading-list/papers/survey/"]);

    // Follow the survey's note link to the paper it names.
    await page.goto(site.url + "papers/survey/");
    const link = page.locator(".paper-notes a.note-link");
    expect(await link.textContent()).toBe("Reducing the Dimensionality of Data with Neural Networks");
    await Promise.all([page.waitForURL(site.url + "papers/hinton/"), link.click()]);
    expect(await page.locator("h1").textContent()).toBe("Reducing the Dimensionality of Data with Neural Networks");

    // Its "Mentioned in" lists both linking papers, newest first, and leads back.
    const mentions = page.getByRole("region", { name: "Mentioned in" });
    const items = await mentions.locator("li").evaluateAll((lis) => lis.map((li) => [li.querySelector("a")?.textContent, li.querySelector("q")?.textContent]));
    expect(items).toEqual([
      ["A Survey of Sequence Models", "Autoencoders came first: see Reducing the Dimensionality of Data with Neural Networks for the idea."],
      ["An Aside on Autoencoders", "Compare that older paper."],
    ]);
    await Promise.all([page.waitForURL(site.url + "papers/survey/"), mentions.getByRole("link", { name: "A Survey of Sequence Models" }).click()]);
  });
});
