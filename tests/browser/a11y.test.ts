import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeTabs, describeBrowser, watchPage, type BrowserSession, type PageProblems, type ServedSite } from "../helpers/browser.ts";
import type { Fixture } from "../helpers/site.ts";
import { pageKinds, startThemeSite, THEME_TARGETS, type PageKind } from "../helpers/theme-site.ts";

/**
 * Accessibility of every kind of page, in Chromium, in both colour schemes (chosen by the system and by the
 * header's toggle): zero axe-core violations (WCAG 2.2 A/AA and best practices), plus what axe cannot see
 * on its own: the skip link moves focus to the content, headings never skip a level, the main navigation
 * marks where the reader is, every control has a name, and every focusable element shows a focus ring
 * that stands out (3:1) from what is behind it. The site is built under /reading-list/ and served with a
 * Content-Security-Policy that forbids inline scripts.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

interface Scheme {
  name: string;
  /** What the system asks for (prefers-color-scheme). */
  system: "light" | "dark";
  /** Press the header's toggle once after loading (so the page shows the other scheme). */
  toggle?: boolean;
  /** The scheme the page must end up in. */
  expected: "light" | "dark";
}

const SCHEMES: Scheme[] = [
  { name: "light (system)", system: "light", expected: "light" },
  { name: "dark (system)", system: "dark", expected: "dark" },
  { name: "dark (toggle)", system: "light", toggle: true, expected: "dark" },
  { name: "light (toggle)", system: "dark", toggle: true, expected: "light" },
];

const KINDS = pageKinds(THEME_TARGETS);

let fixture: Fixture;
let site: ServedSite;
let browser: BrowserSession;
const watched: PageProblems[] = [];
/** Violations found, per page kind and scheme, printed as a table at the end. */
const tally = new Map<string, Map<string, number>>();

async function open(kind: PageKind, scheme: Scheme): Promise<Page> {
  const page = await browser.context.newPage();
  const problems = watchPage(page, site.origin);
  watched.push(problems);
  await page.emulateMedia({ colorScheme: scheme.system });
  const url = site.url + kind.path;
  const response = await page.goto(url);
  expect(response?.status()).toBe(kind.status ?? 200);
  if (kind.status) {
    // The 404 page's own status is the point, not a problem.
    problems.failedRequests = problems.failedRequests.filter((p) => !p.startsWith(url + ":"));
    problems.consoleErrors = problems.consoleErrors.filter((p) => !p.endsWith(`(${url})`));
  }
  await kind.ready?.(page);
  if (scheme.toggle) {
    const toggle = page.locator(".theme-toggle");
    await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe(String(scheme.expected === "dark"));
  }
  // The page really is in the scheme the test claims: the page background is dark or light.
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(luminance(parseColor(background)) < 0.2 ? "dark" : "light", `${kind.name}: body background ${background}`).toBe(scheme.expected);
  return page;
}

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, so the page's CSP does not apply to axe itself. Strings, not
  // functions: Vite would rewrite code inside a function passed to evaluate.
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ["violations"] }).then((r) => r.violations)`,
  )) as AxeViolation[];
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`));
}

describeBrowser("accessibility of every kind of page", () => {
  beforeAll(async () => {
    ({ fixture, site, browser } = await startThemeSite());
  });

  afterEach(async () => {
    // The toggle's choice lives in localStorage: forget it so the next test starts from the system scheme.
    const problems = await closeTabs(browser, watched, { clearStorage: true });
    expect(problems, "console errors, failed requests or requests to other origins").toEqual([]);
  });

  afterAll(async () => {
    if (tally.size) {
      const rows = [...tally].map(([kind, bySchemes]) => `  ${kind.padEnd(8)} ${SCHEMES.map((s) => String(bySchemes.get(s.name) ?? "-").padStart(s.name.length)).join("  ")}`);
      process.stdout.write(`\n[shelfmark:a11y] axe-core violations per page kind and scheme:\n  ${"".padEnd(8)} ${SCHEMES.map((s) => s.name).join("  ")}\n${rows.join("\n")}\n`);
    }
    await browser?.close();
    await site?.close();
    await fixture?.cleanup();
  });

  for (const kind of KINDS) {
    describe(`${kind.name} page`, () => {
      for (const scheme of SCHEMES) {
        it(`has no axe-core violations in ${scheme.name}`, async () => {
          const page = await open(kind, scheme);
          const violations = await axeViolations(page);
          if (!tally.has(kind.name)) tally.set(kind.name, new Map());
          tally.get(kind.name)!.set(scheme.name, violations.length);
          expect(violations).toEqual([]);
        });
      }

      it("has a skip link that moves focus to the content", async () => {
        const page = await open(kind, SCHEMES[0]!);
        await page.keyboard.press("Tab");
        // Polled: the link may slide into view.
        await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement).getBoundingClientRect().top >= 0)).toBe(true);
        const skip = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const box = el.getBoundingClientRect();
          return { text: el.textContent, href: el.getAttribute("href"), onScreen: box.top >= 0 && box.left >= 0 && box.width > 20 && box.height > 10 };
        });
        expect(skip).toEqual({ text: "Skip to content", href: "#main", onScreen: true });
        await page.keyboard.press("Enter");
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");
        expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("MAIN");
      });

      it("has one h1 and headings that never skip a level", async () => {
        const page = await open(kind, SCHEMES[0]!);
        const levels = await page.$$eval("h1, h2, h3, h4, h5, h6", (hs) =>
          hs.filter((h) => h.getClientRects().length > 0).map((h) => Number(h.tagName[1])),
        );
        expect(levels[0], "the first heading is the h1").toBe(1);
        expect(levels.filter((l) => l === 1)).toHaveLength(1);
        const skips = levels.flatMap((level, i) => (i > 0 && level > levels[i - 1]! + 1 ? [`h${levels[i - 1]} → h${level}`] : []));
        expect(skips).toEqual([]);
      });

      it(`marks ${kind.nav ?? "no item"} as current in the main navigation`, async () => {
        const page = await open(kind, SCHEMES[0]!);
        const current = await page.$$eval('nav[aria-label="Main"] a[aria-current]', (links) =>
          links.map((a) => ({ text: a.textContent, value: a.getAttribute("aria-current"), isThisPage: new URL((a as HTMLAnchorElement).href).pathname === location.pathname })),
        );
        expect(current.map((c) => c.text)).toEqual(kind.nav ? [kind.nav] : []);
        // "page" only on the page the link points to, "true" elsewhere in its section.
        for (const c of current) expect(c.value).toBe(c.isThisPage ? "page" : "true");
      });

      it("gives every control a name", async () => {
        const page = await open(kind, SCHEMES[0]!);
        const unnamed = await page.$$eval("input, select, textarea, button", (controls) =>
          controls
            .filter((c) => c.getClientRects().length > 0 && (c as HTMLInputElement).type !== "hidden")
            .filter((c) => {
              const byIds = (c.getAttribute("aria-labelledby") ?? "").split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? "").join("");
              const byLabels = [...((c as HTMLInputElement).labels ?? [])].map((l) => l.textContent).join("");
              const own = c.tagName === "BUTTON" ? c.textContent : "";
              return !`${c.getAttribute("aria-label") ?? ""}${byIds}${byLabels}${own}`.trim();
            })
            .map((c) => c.outerHTML.slice(0, 120)),
        );
        expect(unnamed).toEqual([]);
      });

      for (const scheme of SCHEMES.slice(0, 2)) {
        it(`shows a clear focus ring on everything the keyboard reaches, in ${scheme.name}`, async () => {
          const page = await open(kind, scheme);
          const seen = new Set<string>();
          const weak: string[] = [];
          for (let i = 0; i < 80; i++) {
            await page.keyboard.press("Tab");
            const focus = (await page.evaluate(FOCUS_PROBE)) as { id: string; ok: boolean; why: string } | null;
            if (!focus) break; // back at the start, or left the page
            seen.add(focus.id);
            if (!focus.ok) weak.push(`${focus.id}: ${focus.why}`);
          }
          expect(seen.size, "the keyboard reaches the page's links and controls").toBeGreaterThan(5);
          expect(weak).toEqual([]);
        });
      }
    });
  }
});

/**
 * Runs in the page after each Tab: describes the focused element and whether its focus indicator is a
 * solid outline at least 2 px wide with 3:1 contrast against the background behind the element.
 */
const FOCUS_PROBE = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.hasAttribute("data-focus-probed")) return null;
  el.setAttribute("data-focus-probed", "");
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let node = el.parentElement, bg = [255, 255, 255, 1];
  while (node) { const c = parse(getComputedStyle(node).backgroundColor); if (c[3] > 0) { bg = c; break; } node = node.parentElement; }
  const style = getComputedStyle(el);
  const ring = parse(style.outlineColor);
  const [hi, lo] = [lum(ring), lum(bg)].sort((a, b) => b - a);
  const contrast = (hi + 0.05) / (lo + 0.05);
  const width = parseFloat(style.outlineWidth);
  const id = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.getAttribute("href") ? "[href=" + el.getAttribute("href") + "]" : "") + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "") + ":" + (el.textContent || "").trim().slice(0, 30);
  const ok = style.outlineStyle !== "none" && width >= 2 && contrast >= 3;
  return { id, ok, why: "outline " + style.outlineStyle + " " + width + "px " + style.outlineColor + ", contrast " + contrast.toFixed(2) + " on " + bg.join(",") };
})()`;

function parseColor(css: string): [number, number, number] {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? ["255", "255", "255"]).map(Number);
  return [r!, g!, b!];
}

function luminance([r, g, b]: [number, number, number]): number {
  const f = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
