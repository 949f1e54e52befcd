/**
 * Browser tests: a built site served over HTTP on 127.0.0.1 under its path prefix, and Debian's Chromium
 * driven by playwright-core (never a downloaded browser).
 *
 *   describeBrowser("search", () => {
 *     let site: ServedSite, browser: BrowserSession;
 *     beforeAll(async () => {
 *       site = await serveSite(build.out, { pathPrefix: "/reading-list/" });
 *       browser = await launchBrowser();
 *     });
 *     afterAll(async () => { await browser?.close(); await site?.close(); });
 *     it("...", async () => {
 *       const { page, problems } = await browser.open(site.url + "search/", site);
 *       ...
 *       expect(problems.list()).toEqual([]);   // no console errors, failed requests or other origins
 *     });
 *   });
 *
 * Without /usr/bin/chromium the tests are skipped with a message on stderr; with SHELFMARK_REQUIRE_BROWSER=1
 * (as in CI) they fail instead.
 */
import { createReadStream, existsSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { describe, it } from "vitest";
import { contentType, resolveRequest } from "../../src/site/serve.ts";
import { normalisePathPrefix } from "../../src/site/settings.ts";
import { Fixture, type FixtureOptions } from "./site.ts";

/** Debian's Chromium; SHELFMARK_CHROMIUM points elsewhere (another system's Chromium, or a missing path to try the skip). */
export const CHROMIUM_PATH = process.env.SHELFMARK_CHROMIUM || "/usr/bin/chromium";

/** Flags that keep Chromium quiet, offline and working as root in a container. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Why the browser tests cannot run on this machine, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found (install it with: apt-get install chromium)`;
}

/**
 * `describe` for tests that need Chromium: runs them when it is installed; otherwise skips them with a
 * visible message, or fails when SHELFMARK_REQUIRE_BROWSER=1 (CI), so a missing browser never passes silently.
 */
export function describeBrowser(name: string, fn: () => void): void {
  const missing = chromiumMissing();
  if (!missing) {
    describe(name, fn);
  } else if (process.env.SHELFMARK_REQUIRE_BROWSER === "1") {
    describe(name, () => {
      it("needs Chromium", () => {
        throw new Error(`browser tests required (SHELFMARK_REQUIRE_BROWSER=1) but ${missing}`);
      });
    });
  } else {
    process.stderr.write(`\n[shelfmark:browser-tests] SKIPPED "${name}": ${missing}. Set SHELFMARK_REQUIRE_BROWSER=1 to fail instead.\n`);
    describe.skip(name, fn);
  }
}

// ---- serving a built site ----------------------------------------------------------------------------

export interface ServedRequest {
  /** Request path with query: `/reading-list/pagefind/pagefind.js`. */
  path: string;
  status: number;
  /** Bytes of the body sent. */
  bytes: number;
}

export interface ServedSite {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The site's home: origin plus path prefix, ending in `/`. */
  url: string;
  pathPrefix: string;
  /** Every request answered so far, in order (clear it with `requests.length = 0`). */
  requests: ServedRequest[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Where the site lives: `/` (default) or `/reading-list/`. Requests outside it get the site's 404. */
  pathPrefix?: string;
  /** Headers added to every response, e.g. a Content-Security-Policy. */
  headers?: Record<string, string>;
}

/**
 * Serves a built folder as GitHub Pages would (src/site/serve.ts decides what each path answers: index.html for
 * folders, redirects for missing slashes, 404.html), with the right types (`text/javascript` for the search
 * worker, `application/wasm`), extra headers, and a log of requests and bytes.
 */
export async function serveSite(root: string, options: ServeOptions = {}): Promise<ServedSite> {
  const pathPrefix = normalisePathPrefix(options.pathPrefix);
  const requests: ServedRequest[] = [];
  const extra = options.headers ?? {};
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const log = (status: number, bytes: number) => requests.push({ path: url.pathname + url.search, status, bytes });
    try {
      const found = await resolveRequest(root, pathPrefix, url.pathname);
      if (found.kind === "redirect") {
        res.writeHead(301, { ...extra, location: found.location }).end();
        log(301, 0);
      } else if (found.kind === "missing") {
        res.writeHead(404, { ...extra, "content-type": "text/plain; charset=utf-8" }).end("404 Not Found\n");
        log(404, 14);
      } else {
        const { size } = await stat(found.file);
        res.writeHead(found.status, { ...extra, "content-type": contentType(found.file), "content-length": size, "cache-control": "no-store" });
        if (req.method === "HEAD") res.end();
        else createReadStream(found.file).pipe(res);
        log(found.status, req.method === "HEAD" ? 0 : size);
      }
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(String(error));
      log(500, 0);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: origin + pathPrefix,
    pathPrefix,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- the browser --------------------------------------------------------------------------------------

/** What went wrong on a page: each entry is a readable line for a test failure message. */
export interface PageProblems {
  consoleErrors: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** Requests that failed (network, blocked) or answered 400 or more. */
  failedRequests: string[];
  /** Requests to any origin other than the served site's (the site must work offline). */
  otherOrigins: string[];
  /** `alert`, `confirm`, `prompt` dialogs opened (a sign of injected script). */
  dialogs: string[];
  /** All of the above, one line each: `expect(problems.list()).toEqual([])`. */
  list(): string[];
}

/** Records a page's console errors, failed requests, requests to other origins and dialogs from now on. */
export function watchPage(page: Page, origin: string): PageProblems {
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    otherOrigins: [],
    dialogs: [],
    list: () => [
      ...problems.consoleErrors.map((e) => `console error: ${e}`),
      ...problems.pageErrors.map((e) => `page error: ${e}`),
      ...problems.failedRequests.map((e) => `failed request: ${e}`),
      ...problems.otherOrigins.map((e) => `request to another origin: ${e}`),
      ...problems.dialogs.map((e) => `dialog: ${e}`),
    ],
  };
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.pageErrors.push(error.message));
  page.on("request", (request) => {
    const url = request.url();
    if (/^(data|blob|about):/.test(url)) return;
    if (new URL(url).origin !== origin) problems.otherOrigins.push(url);
  });
  page.on("requestfailed", (request) => problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
  });
  page.on("dialog", (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

export interface OpenOptions {
  /** Run the page with JavaScript off (to check <noscript> fallbacks). */
  javaScript?: boolean;
}

export interface BrowserSession {
  context: BrowserContext;
  /** A new tab, watched from its first request, navigated to `url` (waits for the load event). */
  open(url: string, site: Pick<ServedSite, "origin">, options?: OpenOptions): Promise<{ page: Page; problems: PageProblems }>;
  close(): Promise<void>;
}

/**
 * After a test: closes every tab of the session (first forgetting what its pages kept in localStorage, when
 * asked) and returns the problems of the watched pages, one line each; `watched` is emptied for the next test.
 */
export async function closeTabs(session: BrowserSession, watched: PageProblems[], options: { clearStorage?: boolean } = {}): Promise<string[]> {
  const problems = watched.flatMap((w) => w.list());
  watched.length = 0;
  for (const page of session.context.pages()) {
    if (options.clearStorage) await page.evaluate(() => localStorage.clear()).catch(() => undefined);
    await page.close();
  }
  return problems;
}

/** Starts Debian's Chromium with a throwaway profile. One per test file: starting it costs about a second. */
export async function launchBrowser(): Promise<BrowserSession> {
  const profile = await mkdtemp(path.join(os.tmpdir(), "shelfmark-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
  });
  // Persistent contexts start with one blank tab: close it so every test opens its own.
  await Promise.all(context.pages().map((p) => p.close()));
  return {
    context,
    async open(url, site, options = {}) {
      const page = await context.newPage();
      const problems = watchPage(page, site.origin);
      if (options.javaScript === false) {
        const cdp = await context.newCDPSession(page);
        await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
      }
      await page.goto(url);
      return { page, problems };
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The policy the browser tests serve pages under: no inline script may be needed anywhere. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";

/** A fixture of `options`, built under /reading-list/ as GitHub Pages serves a project site, served with STRICT_CSP, and Chromium started. */
export async function startFixtureSite(options: FixtureOptions): Promise<{ fixture: Fixture; site: ServedSite; browser: BrowserSession }> {
  const fixture = await Fixture.create(options);
  const build = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" });
  if (build.code !== 0) throw new Error(`the fixture did not build:\n${build.stderr}`);
  const [site, browser] = await Promise.all([serveSite(build.out, { pathPrefix: "/reading-list/", headers: { "content-security-policy": STRICT_CSP } }), launchBrowser()]);
  return { fixture, site, browser };
}
