import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attr, elements, parseHtml, text } from "../helpers/html.ts";
import { Fixture, listFiles } from "../helpers/site.ts";

/**
 * Page weight budgets of the theme, on a production build of the repository's own papers under a sub-path:
 * what each page loads (stylesheets, scripts, icons, and what the CSS pulls in) is read from the built HTML
 * and CSS, and its size taken from the files. Sizes are bytes as served, before any compression.
 *
 * - JavaScript: none but the theme/site scripts (theme-init.js and site.js, together ≤ 2 KB), except on the
 *   search page; no inline scripts (JSON-LD is data).
 * - CSS: everything a page loads ≤ 20 KB.
 * - A paper page with everything it loads ≤ 60 KB.
 * - Nothing is loaded from another origin, and everything loaded exists; every page names an icon and
 *   /favicon.ico exists (browsers and feed readers ask for it regardless).
 */

const PREFIX = "/reading-list/";
const KB = 1024;
const BUDGET = { siteJs: 2 * KB, css: 20 * KB, paperPage: 60 * KB };
const SITE_SCRIPTS = ["assets/theme-init.js", "assets/site.js"];
/** The one page allowed more JavaScript (search.js and the Pagefind bundle it imports). */
const SEARCH_PAGE = "search/index.html";

/** `rel` values whose `<link href>` the browser fetches as part of the page. */
const LOADED_RELS = new Set(["stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch", "manifest", "mask-icon"]);
/** Elements and attributes whose URL the browser fetches as part of the page (not links to follow). */
const LOADED_ATTRS: Record<string, string[]> = {
  script: ["src"],
  img: ["src", "srcset"],
  source: ["src", "srcset"],
  video: ["src", "poster"],
  audio: ["src"],
  track: ["src"],
  iframe: ["src"],
  embed: ["src"],
  object: ["data"],
  image: ["href", "xlink:href"],
  use: ["href", "xlink:href"],
  input: ["src"],
};

interface Loaded {
  kind: "css" | "js" | "other";
  url: string;
  /** Where it was found: `link[rel=stylesheet]`, `script[src]`, `css url()`. */
  via: string;
}

/** What a built HTML page makes the browser load, from its markup alone (inline `style` included). */
function loadedByHtml(html: string): { loaded: Loaded[]; inlineScripts: string[] } {
  const doc = parseHtml(html);
  const loaded: Loaded[] = [];
  const inlineScripts: string[] = [];
  for (const el of elements(doc.root)) {
    if (el.tagName === "link") {
      const rels = (attr(el, "rel") ?? "").toLowerCase().split(/\s+/);
      const href = attr(el, "href");
      if (href && rels.some((r) => LOADED_RELS.has(r))) {
        const kind = rels.includes("stylesheet") ? "css" : rels.includes("modulepreload") ? "js" : "other";
        loaded.push({ kind, url: href, via: `link[rel=${rels.join(" ")}]` });
      }
    }
    for (const name of LOADED_ATTRS[el.tagName] ?? []) {
      const value = attr(el, name);
      if (!value) continue;
      const urls = name === "srcset" ? value.split(",").map((s) => s.trim().split(/\s+/)[0]!) : [value];
      for (const url of urls) loaded.push({ kind: el.tagName === "script" ? "js" : "other", url, via: `${el.tagName}[${name}]` });
    }
    if (el.tagName === "script" && !attr(el, "src") && text(el).trim() && attr(el, "type") !== "application/ld+json") inlineScripts.push(text(el).trim().slice(0, 80));
    if (el.tagName === "style") loaded.push(...cssUrls(text(el)).map((url) => ({ kind: "other" as const, url, via: "style url()" })));
    const style = attr(el, "style");
    if (style) loaded.push(...cssUrls(style).map((url) => ({ kind: "other" as const, url, via: "style attribute url()" })));
  }
  return { loaded, inlineScripts };
}

/** The URLs a stylesheet loads: `url(...)` and `@import "..."`. */
function cssUrls(css: string): string[] {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const urls = [...withoutComments.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)].map((m) => m[2]!.trim());
  const imports = [...withoutComments.matchAll(/@import\s+(['"])([^'"]+)\1/g)].map((m) => m[2]!);
  return [...urls, ...imports];
}

/** Another origin: a scheme other than data:, or protocol-relative `//host`. */
function isOtherOrigin(url: string): boolean {
  return /^\/\//.test(url) || (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^data:/i.test(url));
}

let fixture: Fixture;
let out: string;
let pages: string[];
let stylesheets: string[];
const figures: string[] = [];

/** The built file a URL found in `fromFile` points to (relative to the output folder), or undefined. */
function fileOf(url: string, fromFile: string): string | undefined {
  if (/^data:/i.test(url) || isOtherOrigin(url)) return undefined;
  const base = `http://site${PREFIX}${fromFile}`;
  const resolved = new URL(url, base).pathname;
  if (!resolved.startsWith(PREFIX)) return `(outside the site) ${resolved}`;
  let rel = decodeURIComponent(resolved.slice(PREFIX.length));
  if (rel === "" || rel.endsWith("/")) rel += "index.html";
  return rel;
}

function size(rel: string): number {
  return statSync(path.join(out, rel)).size;
}

/** Everything one page loads, CSS imports and CSS url()s followed, as built files with their kind. */
function pageLoad(page: string): { files: Map<string, Loaded>; missing: string[]; foreign: string[]; inlineScripts: string[] } {
  const { loaded, inlineScripts } = loadedByHtml(readFileSync(path.join(out, page), "utf8"));
  const files = new Map<string, Loaded>();
  const missing: string[] = [];
  const foreign: string[] = [];
  const visit = (item: Loaded, from: string) => {
    if (isOtherOrigin(item.url)) return void foreign.push(`${page}: ${item.via} ${item.url}`);
    const file = fileOf(item.url, from);
    if (!file) return;
    if (file.startsWith("(outside") || !safeIsFile(path.join(out, file))) return void missing.push(`${page}: ${item.via} ${item.url} → ${file}`);
    if (files.has(file)) return;
    files.set(file, item);
    if (item.kind === "css") {
      for (const url of cssUrls(readFileSync(path.join(out, file), "utf8"))) {
        visit({ kind: /\.css($|\?)/.test(url) ? "css" : "other", url, via: `${file} url()` }, file);
      }
    }
  };
  for (const item of loaded) visit(item, page);
  return { files, missing, foreign, inlineScripts };
}

function safeIsFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function total(files: Map<string, Loaded>, kind?: Loaded["kind"]): number {
  let sum = 0;
  for (const [file, item] of files) if (!kind || item.kind === kind) sum += size(file);
  return sum;
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

describe("page weight budgets (the repository's papers, built under a sub-path)", () => {
  beforeAll(async () => {
    fixture = await Fixture.create({ seedContent: true });
    const build = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: PREFIX });
    expect(build.code, build.stderr).toBe(0);
    out = build.out;
    const all = await listFiles(out);
    pages = all.filter((f) => f.endsWith(".html"));
    stylesheets = all.filter((f) => f.endsWith(".css"));
  });

  afterAll(async () => {
    if (figures.length) process.stdout.write(`\n[shelfmark:budgets]\n  ${figures.join("\n  ")}\n`);
    await fixture?.cleanup();
  });

  it("builds pages of every kind to measure", () => {
    for (const kind of ["index.html", "search/index.html", "tags/index.html", "feeds/index.html", "stats/index.html", "404.html"]) expect(pages).toContain(kind);
    expect(pages.filter((p) => p.startsWith("papers/")).length).toBeGreaterThan(10);
    expect(pages.filter((p) => p.startsWith("status/")).length).toBeGreaterThan(0);
  });

  it("loads nothing from another origin, and everything a page loads exists", () => {
    const foreign = pages.flatMap((p) => pageLoad(p).foreign);
    const missing = pages.flatMap((p) => pageLoad(p).missing);
    // Every stylesheet in the build, loaded or not, keeps to the site's origin too.
    const css = stylesheets.flatMap((file) => cssUrls(readFileSync(path.join(out, file), "utf8")).filter(isOtherOrigin).map((u) => `${file}: ${u}`));
    expect(foreign).toEqual([]);
    expect(missing).toEqual([]);
    expect(css).toEqual([]);
  });

  it(`keeps the theme's scripts (theme-init.js + site.js) within ${kb(BUDGET.siteJs)}, and loads no other JavaScript outside search`, () => {
    const siteJs = SITE_SCRIPTS.reduce((sum, file) => sum + size(file), 0);
    figures.push(`theme/site JavaScript: ${SITE_SCRIPTS.map((f) => `${path.basename(f)} ${size(f)} B`).join(" + ")} = ${siteJs} B (budget ${BUDGET.siteJs} B)`);
    expect(siteJs).toBeLessThanOrEqual(BUDGET.siteJs);
    const extra: string[] = [];
    const inline: string[] = [];
    for (const page of pages) {
      const load = pageLoad(page);
      inline.push(...load.inlineScripts.map((s) => `${page}: ${s}`));
      const scripts = [...load.files].filter(([, item]) => item.kind === "js").map(([file]) => file);
      expect(scripts, page).toEqual(expect.arrayContaining(SITE_SCRIPTS));
      if (page !== SEARCH_PAGE) extra.push(...scripts.filter((s) => !SITE_SCRIPTS.includes(s)).map((s) => `${page}: ${s}`));
    }
    expect(inline, "inline scripts (a CSP of script-src 'self' forbids them)").toEqual([]);
    expect(extra).toEqual([]);
  });

  it(`keeps the CSS each page loads within ${kb(BUDGET.css)}`, () => {
    let largest = { page: "", bytes: 0 };
    for (const page of pages) {
      const bytes = total(pageLoad(page).files, "css");
      expect(bytes, page).toBeGreaterThan(0);
      if (bytes > largest.bytes) largest = { page, bytes };
    }
    figures.push(`CSS: theme.css ${size("assets/theme.css")} B; the most any page loads: ${largest.bytes} B (${largest.page}) (budget ${BUDGET.css} B)`);
    expect(largest.bytes).toBeLessThanOrEqual(BUDGET.css);
  });

  it(`keeps every paper page with everything it loads within ${kb(BUDGET.paperPage)}`, () => {
    const sizes = pages
      .filter((p) => /^papers\/[^/]+\/index\.html$/.test(p))
      .map((page) => ({ page, bytes: size(page) + total(pageLoad(page).files) }))
      .sort((a, b) => b.bytes - a.bytes);
    const largest = sizes[0]!;
    const files = [...pageLoad(largest.page).files.keys()].map((f) => `${f} ${size(f)} B`).join(", ");
    figures.push(`paper page: largest ${largest.bytes} B = ${largest.page} ${size(largest.page)} B + ${files} (budget ${BUDGET.paperPage} B)`);
    expect(sizes.filter((s) => s.bytes > BUDGET.paperPage)).toEqual([]);
  });

  it("names an icon on every page, and serves /favicon.ico", () => {
    const without = pages.filter((p) => ![...pageLoad(p).files.values()].some((item) => /^link\[rel=.*icon/.test(item.via)));
    expect(without).toEqual([]);
    const ico = readFileSync(path.join(out, "favicon.ico"));
    expect([...ico.subarray(0, 4)], "an ICO file header").toEqual([0, 0, 1, 0]);
  });
});

describe("the scanner these budgets rely on", () => {
  it.each([
    ['<link rel="stylesheet" href="https://cdn.example/x.css">', ["css https://cdn.example/x.css"]],
    ['<link rel="icon" href="/assets/favicon.svg"><link rel="alternate" href="https://example.org/feed.xml">', ["other /assets/favicon.svg"]],
    ['<script src="//cdn.example/a.js"></script><a href="https://arxiv.org/abs/1">paper</a>', ["js //cdn.example/a.js"]],
    ['<img srcset="a.png 1x, https://img.example/b.png 2x"><iframe src="https://video.example/"></iframe>', ["other a.png", "other https://img.example/b.png", "other https://video.example/"]],
    ['<p style="background: url(\'https://img.example/bg.png\')">x</p>', ["other https://img.example/bg.png"]],
    ['<svg><image href="https://img.example/c.svg"/></svg>', ["other https://img.example/c.svg"]],
  ])("finds what %s loads", (html, expected) => {
    expect(loadedByHtml(html).loaded.map((l) => `${l.kind} ${l.url}`)).toEqual(expected);
  });

  it("tells inline scripts from JSON-LD data", () => {
    const html = '<script>alert(1)</script><script type="application/ld+json">{"a":1}</script><script src="/x.js"></script>';
    expect(loadedByHtml(html).inlineScripts).toEqual(["alert(1)"]);
  });

  it("finds url() and @import in CSS, not in comments", () => {
    const css = '@import "other.css"; /* url(https://no.example/) */ .a { background: url( "img/a.svg" ) } .b { background: url(https://fonts.example/f.woff2) }';
    expect(cssUrls(css)).toEqual(["img/a.svg", "https://fonts.example/f.woff2", "other.css"]);
  });
});
