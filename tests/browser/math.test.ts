import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { closeTabs, describeBrowser, startFixtureSite, type BrowserSession, type PageProblems, type ServedSite } from "../helpers/browser.ts";
import { paper, type Fixture } from "../helpers/site.ts";

/**
 * Math typeset at build time (issue 18), in Chromium: every formula of a paper page and of the home list is laid
 * out by the browser's own MathML (a box of non-zero size, no script, no web font), under the strict
 * Content-Security-Policy of the other browser tests, with no axe-core violation in either colour scheme.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

const NOTES = String.raw`The bound is $\Theta(N^2 d^2 M^{-1})$ accesses.

$$
\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}
$$
`;

const WIDE_NOTES = String.raw`$$
\mathrm{Attention}(Q,K,V) = \operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V \quad \text{where } Q \in \mathbb{R}^{n \times d_k}, K \in \mathbb{R}^{n \times d_k}, V \in \mathbb{R}^{n \times d_v}
$$

| method | time | memory | reads of HBM | writes of HBM | notes on the kernel |
|---|---|---|---|---|---|
| standard attention | $O(n^2)$ | $O(n^2)$ | $\Theta(Nd + N^2)$ | $\Theta(Nd + N^2)$ | materialises the whole matrix |
`;

let fixture: Fixture;
let site: ServedSite;
let browser: BrowserSession;
const watched: PageProblems[] = [];

describeBrowser("math in Chromium", () => {
  beforeAll(async () => {
    ({ fixture, site, browser } = await startFixtureSite({
      papers: {
        sorting: paper(
          {
            title: JSON.stringify(String.raw`Sorting in $\mathcal{O}(n \log n)$ with $10^6$ keys`),
            added: "2024-02-01",
            tags: "[algorithms]",
            abstract: JSON.stringify(String.raw`We show $\sqrt{n}$ rounds suffice, for $5 a run.`),
          },
          NOTES,
        ),
        plain: paper({ title: `"A Paper Without Math"`, added: "2024-01-01", tags: "[algorithms]" }),
        wide: paper({ title: `"Wide Notes"`, added: "2023-01-01", tags: "[algorithms]" }, WIDE_NOTES),
      },
    }));
  });
  afterEach(async () => {
    expect(await closeTabs(browser, watched), "console errors, failed requests or requests to other origins").toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await fixture?.cleanup();
  });

  async function boxes(path: string, scheme: "light" | "dark" = "light") {
    const { page, problems } = await browser.open(site.url + path, site);
    watched.push(problems);
    await page.emulateMedia({ colorScheme: scheme });
    const found = await page.$$eval("main math", (all) =>
      all.map((m) => {
        const box = m.getBoundingClientRect();
        return { tex: m.querySelector("annotation")?.textContent ?? "", width: box.width, height: box.height, display: getComputedStyle(m).display };
      }),
    );
    return { page, found };
  }

  it("lays out every formula of a paper page: title, abstract and notes", async () => {
    const { found } = await boxes("papers/sorting/");
    expect(found.map((f) => f.tex)).toEqual(["\\mathcal{O}(n \\log n)", "10^6", "\\sqrt{n}", "\\Theta(N^2 d^2 M^{-1})", "\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}"]);
    for (const f of found) {
      expect(f.width, f.tex).toBeGreaterThan(4);
      expect(f.height, f.tex).toBeGreaterThan(4);
    }
    expect(found.at(-1)!.display).toBe("block math");
    // Its annotation is not shown: a fraction's layout is taller than a line of its source.
    expect(found.at(-1)!.height).toBeGreaterThan(found[0]!.height);
  });

  it("lays out the titles and the excerpts in the home list", async () => {
    const { found } = await boxes("");
    expect(found.map((f) => f.tex)).toEqual(["\\mathcal{O}(n \\log n)", "10^6", "\\sqrt{n}"]);
    for (const f of found) expect(f.width * f.height, f.tex).toBeGreaterThan(16);
  });

  it("scrolls a display formula or a table wider than a phone within the notes, not the page", async () => {
    const { page } = await boxes("papers/wide/");
    await page.setViewportSize({ width: 320, height: 640 });
    const layout = await page.evaluate(() => {
      const formula = document.querySelector('.paper-notes math[display="block"]')!;
      const table = document.querySelector(".paper-notes table")!;
      return {
        page: document.documentElement.scrollWidth,
        formula: [formula.scrollWidth > formula.clientWidth, formula.getBoundingClientRect().right <= 320],
        table: [table.scrollWidth > table.clientWidth, table.getBoundingClientRect().right <= 320],
      };
    });
    expect(layout).toEqual({ page: 320, formula: [true, true], table: [true, true] });
    // Each scroller is a tab stop (site.js), so the keyboard can scroll it: axe's scrollable-region-focusable.
    await page.reload();
    expect(await page.$$eval(".paper-notes :is(math[display=block], table)", (all) => all.map((el) => (el as HTMLElement).tabIndex))).toEqual([0, 0]);
    await page.evaluate(AXE_SOURCE);
    const violations = (await page.evaluate(
      `axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ["violations"] }).then((r) => r.violations.flatMap((v) => v.nodes.map((n) => v.id + " at " + n.target.join(" "))))`,
    )) as string[];
    expect(violations).toEqual([]);
    // One that fits stays out of the tab order.
    const { page: fits } = await boxes("papers/sorting/");
    expect(await fits.$$eval(".paper-notes math[display=block]", (all) => all.map((el) => (el as HTMLElement).tabIndex))).toEqual([-1]);
  });

  it("loads nothing more for a page with math than for one without", async () => {
    const load = async (path: string) => {
      site.requests.length = 0;
      await boxes(path);
      return site.requests.map((r) => r.path).filter((p) => !p.includes("/papers/")).sort();
    };
    expect(await load("papers/sorting/")).toEqual(await load("papers/plain/"));
  });

  for (const scheme of ["light", "dark"] as const) {
    it(`has no axe-core violations on a paper page with math (${scheme})`, async () => {
      const { page } = await boxes("papers/sorting/", scheme);
      await page.evaluate(AXE_SOURCE);
      const violations = (await page.evaluate(
        `axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ["violations"] }).then((r) => r.violations.flatMap((v) => v.nodes.map((n) => v.id + " at " + n.target.join(" "))))`,
      )) as string[];
      expect(violations).toEqual([]);
    });
  }
});
