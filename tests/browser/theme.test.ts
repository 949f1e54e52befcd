import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeTabs, describeBrowser, watchPage, type BrowserSession, type PageProblems, type ServedSite } from "../helpers/browser.ts";
import type { Fixture } from "../helpers/site.ts";
import { pageKinds, startThemeSite, THEME_TARGETS, type PageKind } from "../helpers/theme-site.ts";

/**
 * The theme in Chromium: the light/dark toggle (a real button, only with JavaScript, remembered across pages
 * and reloads, applied before the first paint), the reading measure of abstracts, no sideways scrolling at
 * 320 px on any kind of page, and the print stylesheet of a paper page.
 */

const KINDS = pageKinds(THEME_TARGETS);
const PAPER = KINDS.find((k) => k.name === "paper")!;
const TAGS = KINDS.find((k) => k.name === "tags")!;

let fixture: Fixture;
let site: ServedSite;
let browser: BrowserSession;
const watched: PageProblems[] = [];

interface OpenOptions {
  scheme?: "light" | "dark";
  javaScript?: boolean;
  viewport?: { width: number; height: number };
  /** Code run in the page before any of its own (records what the page looked like early on). */
  initScript?: string;
}

async function open(kind: PageKind, options: OpenOptions = {}): Promise<Page> {
  const page = await browser.context.newPage();
  const problems = watchPage(page, site.origin);
  watched.push(problems);
  if (options.javaScript === false) {
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  }
  if (options.viewport) await page.setViewportSize(options.viewport);
  if (options.initScript) await page.addInitScript(options.initScript);
  await page.emulateMedia({ colorScheme: options.scheme ?? "light" });
  const url = site.url + kind.path;
  await page.goto(url);
  if (kind.status) {
    problems.failedRequests = problems.failedRequests.filter((p) => !p.startsWith(url + ":"));
    problems.consoleErrors = problems.consoleErrors.filter((p) => !p.endsWith(`(${url})`));
  }
  if (options.javaScript !== false) await kind.ready?.(page);
  return page;
}

/** What the page shows: the explicit choice on <html>, the used colour scheme, and the toggle's state. */
function state(page: Page) {
  return page.evaluate(() => ({
    theme: document.documentElement.dataset.theme ?? null,
    scheme: getComputedStyle(document.documentElement).colorScheme,
    pressed: document.querySelector(".theme-toggle")?.getAttribute("aria-pressed") ?? null,
    stored: localStorage.getItem("theme"),
  }));
}

/**
 * Runs before the page's own scripts: notes the theme on <html> the moment <body> is created (after the
 * blocking scripts in <head>, before any content can be painted) and at the first animation frame (just
 * before the first paint).
 */
const EARLY_PROBE = `
  new MutationObserver((_, observer) => {
    if (!document.body) return;
    window.__atBody = document.documentElement.dataset.theme ?? null;
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
  requestAnimationFrame(() => {
    window.__firstFrame = {
      theme: document.documentElement.dataset.theme ?? null,
      scheme: getComputedStyle(document.documentElement).colorScheme,
      background: document.body ? getComputedStyle(document.body).backgroundColor : null,
    };
  });
`;

describeBrowser("the theme in the browser", () => {
  beforeAll(async () => {
    ({ fixture, site, browser } = await startThemeSite());
  });

  afterEach(async () => {
    const problems = await closeTabs(browser, watched, { clearStorage: true });
    expect(problems, "console errors (CSP included), failed requests or requests to other origins").toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await fixture?.cleanup();
  });

  describe("light and dark", () => {
    it("follows the system's scheme when the reader has not chosen", async () => {
      for (const scheme of ["light", "dark"] as const) {
        const page = await open(PAPER, { scheme });
        expect(await state(page)).toEqual({ theme: null, scheme: "light dark", pressed: String(scheme === "dark"), stored: null });
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background).toBe(scheme === "light" ? "rgb(250, 248, 244)" : "rgb(19, 21, 25)");
      }
    });

    it("has a labelled toggle button in the header, pressed when the dark theme shows", async () => {
      const page = await open(PAPER);
      const toggle = page.getByRole("button", { name: "Dark theme" });
      await expect.poll(() => toggle.isVisible()).toBe(true);
      expect(await toggle.evaluate((b) => [b.tagName, b.getAttribute("type"), b.closest("header")?.className])).toEqual(["BUTTON", "button", "site-header"]);
      expect(await toggle.getAttribute("aria-pressed")).toBe("false");
      await toggle.press("Enter"); // the keyboard works as well as a click
      expect(await state(page)).toEqual({ theme: "dark", scheme: "dark", pressed: "true", stored: "dark" });
      await toggle.click();
      expect(await state(page)).toEqual({ theme: "light", scheme: "light", pressed: "false", stored: "light" });
    });

    it("shows no toggle without JavaScript, and the page still follows the system", async () => {
      const page = await open(PAPER, { scheme: "dark", javaScript: false });
      expect(await page.locator(".theme-toggle").count()).toBe(1);
      expect(await page.locator(".theme-toggle").isVisible()).toBe(false);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(19, 21, 25)");
    });

    it("remembers the choice across a reload and on other pages", async () => {
      const page = await open(PAPER, { scheme: "light" });
      await page.locator(".theme-toggle").click();
      expect((await state(page)).theme).toBe("dark");
      await page.reload();
      expect(await state(page)).toEqual({ theme: "dark", scheme: "dark", pressed: "true", stored: "dark" });
      await page.waitForLoadState("networkidle"); // leaving while the icon loads would abort it
      await page.goto(site.url + TAGS.path);
      expect(await state(page)).toEqual({ theme: "dark", scheme: "dark", pressed: "true", stored: "dark" });
    });

    for (const [system, chosen] of [["light", "dark"], ["dark", "light"]] as const) {
      it(`paints the chosen ${chosen} theme from the first frame when the system is ${system}`, async () => {
        const page = await open(PAPER, { scheme: system });
        await page.locator(".theme-toggle").click();
        expect((await state(page)).stored).toBe(chosen);
        await page.addInitScript(EARLY_PROBE);
        await page.reload();
        const early = await page.evaluate(() => {
          const w = window as unknown as { __atBody: string | null; __firstFrame: { theme: string | null; scheme: string; background: string | null } };
          return { atBody: w.__atBody, firstFrame: w.__firstFrame };
        });
        expect(early.atBody, "data-theme is set before <body> exists").toBe(chosen);
        expect(early.firstFrame.theme).toBe(chosen);
        expect(early.firstFrame.scheme).toBe(chosen);
        if (early.firstFrame.background) expect(early.firstFrame.background).toBe(chosen === "dark" ? "rgb(19, 21, 25)" : "rgb(250, 248, 244)");
      });
    }

    it("applies the choice with a blocking script file in <head>, not inline code (CSP script-src 'self')", async () => {
      const page = await open(PAPER);
      const scripts = await page.$$eval("script", (list) =>
        list.map((s) => ({ src: s.getAttribute("src"), inHead: s.parentElement === document.head, async: s.async, defer: s.defer, type: s.type, inline: !s.src && s.type !== "application/ld+json" && s.textContent!.trim() !== "" })),
      );
      const init = scripts.find((s) => s.src?.endsWith("/assets/theme-init.js"));
      expect(init).toMatchObject({ inHead: true, async: false, defer: false, type: "" });
      expect(scripts.filter((s) => s.inline)).toEqual([]);
    });
  });

  describe("reading", () => {
    it("sets abstracts at 60 to 75 characters a line on a wide screen", async () => {
      const page = await open(PAPER, { viewport: { width: 1280, height: 900 } });
      const lines = await page.$eval(".paper-abstract p", (p) => {
        const text = p.firstChild as Text;
        const range = document.createRange();
        const lengths: number[] = [];
        let top: number | undefined;
        for (let i = 0; i < text.length; i++) {
          range.setStart(text, i);
          range.setEnd(text, i + 1);
          const rect = range.getBoundingClientRect();
          if (rect.width === 0) continue;
          if (top === undefined || rect.top > top + 2) {
            lengths.push(0);
            top = rect.top;
          }
          lengths[lengths.length - 1]!++;
        }
        return lengths;
      });
      const full = lines.slice(0, -1); // the last line of a paragraph is short
      console.log(`[shelfmark:theme] abstract line lengths at 1280 px: ${full.join(" ")}`);
      expect(full.length).toBeGreaterThan(5);
      const average = full.reduce((a, b) => a + b, 0) / full.length;
      expect(average).toBeGreaterThanOrEqual(60);
      expect(average).toBeLessThanOrEqual(75);
    });
  });

  describe("small screens", () => {
    for (const kind of KINDS) {
      it(`${kind.name}: no sideways scrolling at 320 px`, async () => {
        const page = await open(kind, { viewport: { width: 320, height: 640 } });
        const overflow = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          wide: [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
            .slice(0, 5),
        }));
        expect(overflow).toEqual({ scrollWidth: 320, wide: [] });
      });
    }
  });

  describe("statistics charts", () => {
    const STATS = KINDS.find((k) => k.name === "stats")!;
    // What the reader sees of each chart: which drawing shows, and how tall its labels are on screen.
    const charts = (page: Page) =>
      page.$$eval("figure.chart-figure", (figures) =>
        figures.map((figure) => {
          const shown = [...figure.querySelectorAll("svg")].filter((svg) => getComputedStyle(svg).display !== "none");
          const label = shown[0]?.querySelector(".chart-label")?.getBoundingClientRect();
          return { shown: shown.map((svg) => svg.getAttribute("class")), labelHeight: Math.round(label?.height ?? 0) };
        }),
      );
    it("draws labels left of the bars on a wide screen, above them on a phone, at a readable size on both", async () => {
      for (const [width, kind] of [[1280, "chart chart-rows"], [390, "chart chart-stacked"], [320, "chart chart-stacked"]] as const) {
        const page = await open(STATS, { viewport: { width, height: 800 } });
        const seen = await charts(page);
        expect(seen.length, `${width} px`).toBeGreaterThanOrEqual(3);
        for (const chart of seen) {
          expect(chart.shown, `${width} px`).toEqual([kind]);
          // The text around the charts is 14-16 px; the wide drawing squeezed onto a phone made its labels 7 px.
          expect(chart.labelHeight, `${width} px`).toBeGreaterThanOrEqual(12);
        }
      }
    });
  });

  describe("print", () => {
    it("prints a paper without navigation, with link addresses written out", async () => {
      const page = await open(PAPER);
      await page.emulateMedia({ media: "print" });
      const printed = await page.evaluate(() => {
        const shown = (sel: string) => [...document.querySelectorAll(sel)].some((el) => el.checkVisibility());
        const after = (sel: string) => [...document.querySelectorAll<HTMLAnchorElement>(sel)].map((a) => getComputedStyle(a, "::after").content);
        return {
          header: shown(".site-header"),
          nav: shown("nav"),
          footer: shown(".site-footer"),
          title: shown("h1"),
          abstract: shown(".paper-abstract"),
          background: getComputedStyle(document.body).backgroundColor,
          links: after(".paper-links a"),
          notes: after('.paper-notes a[href^="http"]'),
        };
      });
      expect(printed).toMatchObject({ header: false, nav: false, footer: false, title: true, abstract: true, background: "rgb(255, 255, 255)" });
      expect(printed.links).toContain('" <https://arxiv.org/abs/2205.14135>"');
      expect(printed.links).toContain('" <https://github.com/Dao-AILab/flash-attention>"');
      expect(printed.notes).toContain('" <https://github.com/Dao-AILab/flash-attention>"');
    });

    it("prints in black on white even when the screen is dark", async () => {
      const page = await open(PAPER, { scheme: "dark" });
      await page.emulateMedia({ media: "print", colorScheme: "dark" });
      expect(await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color])).toEqual(["rgb(255, 255, 255)", "rgb(0, 0, 0)"]);
    });
  });
});
