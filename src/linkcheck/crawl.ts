import { XMLParser } from "fast-xml-parser";
import { parse as parseHtml, type DefaultTreeAdapterMap } from "parse5";

/**
 * A link checker for a built site served over HTTP: starts at the home page, follows every internal
 * URL found in HTML attributes, XML (feeds, sitemap), JSON feeds and robots.txt, and reports each one
 * that does not answer 200, that redirects, that leaves the site's path prefix, or whose #fragment
 * names no element of the target page.
 */

/** Where a URL was found: the page and the attribute or field (`a[href]`, `img[srcset]`, `xml:loc`). */
export interface LinkSource {
  page: string;
  via: string;
}

export interface Failure {
  /** The link target as a site path (`/reading-list/tags/x/`), with query and fragment if it had them. */
  target: string;
  problem: string;
  from: LinkSource[];
}

export interface CrawlReport {
  /** Every internal URL requested (site paths, no fragment), with its HTTP status. */
  fetched: Map<string, number>;
  /** HTML pages reached from the home page through links in HTML pages alone. */
  reachableFromHome: Set<string>;
  failures: Failure[];
  /** Links to other sites: counted, never requested (a check must not depend on the network). */
  external: number;
}

export interface CrawlOptions {
  /** The site's home on the local server: `http://127.0.0.1:PORT/reading-list/`. */
  home: string;
  /** The origin the site was built for (SITE_URL): absolute links to it are internal. */
  siteOrigin: string;
  /** Further entry points, as site paths (`/reading-list/robots.txt`). */
  seeds?: string[];
  /**
   * Missing paths (`/reading-list/a/b/c/`) that must answer 404 with a page whose links work from there:
   * GitHub Pages serves 404.html at the requested address, so a relative link in it breaks at depth.
   */
  missing?: string[];
}

// Every attribute a browser fetches or navigates to (after posthtml-urls, which HtmlBasePlugin uses).
const URL_ATTRIBUTES: Record<string, string[]> = {
  a: ["href"],
  area: ["href"],
  link: ["href"],
  base: ["href"],
  img: ["src", "srcset"],
  source: ["src", "srcset"],
  script: ["src"],
  iframe: ["src"],
  embed: ["src"],
  audio: ["src"],
  video: ["src", "poster"],
  track: ["src"],
  input: ["src", "formaction"],
  button: ["formaction"],
  form: ["action"],
  object: ["data"],
};

export interface FoundUrl {
  url: string;
  via: string;
}

/** `a.png 1x, b.png 2x` → the URLs (the HTML spec's splitting: a comma ends a candidate, except inside parentheses). */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let i = 0;
  while (i < srcset.length) {
    while (i < srcset.length && /[\s,]/.test(srcset[i]!)) i++;
    let url = "";
    while (i < srcset.length && !/\s/.test(srcset[i]!)) url += srcset[i++];
    if (url.endsWith(",")) {
      urls.push(url.replace(/,+$/, ""));
      continue;
    }
    if (url) urls.push(url);
    for (let depth = 0; i < srcset.length; i++) {
      const c = srcset[i];
      if (c === "(") depth++;
      else if (c === ")") depth--;
      else if (c === "," && depth <= 0) break;
    }
  }
  return urls;
}

type HtmlNode = DefaultTreeAdapterMap["node"];
type HtmlElement = DefaultTreeAdapterMap["element"];

/** Every element of a parsed document (parse5: the HTML spec's own parser), in document order. */
function* htmlElements(node: HtmlNode): Generator<HtmlElement> {
  if ("tagName" in node) yield node;
  for (const child of "childNodes" in node ? node.childNodes : []) yield* htmlElements(child);
}

const attr = (el: HtmlElement, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value;

/** The URLs an HTML document refers to, and the ids a fragment can point at. */
export function htmlLinks(source: string): { urls: FoundUrl[]; ids: Set<string> } {
  const urls: FoundUrl[] = [];
  const ids = new Set<string>();
  for (const el of htmlElements(parseHtml(source))) {
    const id = attr(el, "id");
    if (id) ids.add(id);
    if (el.tagName === "a" && attr(el, "name")) ids.add(attr(el, "name")!);
    for (const name of URL_ATTRIBUTES[el.tagName] ?? []) {
      const value = attr(el, name);
      if (value === undefined) continue;
      const via = `${el.tagName}[${name}]`;
      if (name === "srcset") for (const url of srcsetUrls(value)) urls.push({ url, via });
      else if (value.trim() !== "" || name !== "action") urls.push({ url: value.trim(), via });
    }
    if (el.tagName === "meta" && attr(el, "http-equiv")?.toLowerCase() === "refresh") {
      const target = /url\s*=\s*['"]?([^'"]+)/i.exec(attr(el, "content") ?? "")?.[1];
      if (target) urls.push({ url: target, via: "meta[refresh]" });
    }
  }
  return { urls, ids };
}

const xmlParser = new XMLParser({ ignoreAttributes: false, ignoreDeclaration: true, ignorePiTags: false, parseTagValue: false });
// Elements whose text is a URL meant to be followed (RSS link/comments/image url, Atom icon/logo, sitemap loc).
const XML_URL_ELEMENTS = new Set(["link", "loc", "comments", "url", "icon", "logo", "docs"]);
// OPML outlines name a feed by xmlUrl and its site by htmlUrl.
const XML_URL_ATTRIBUTES = new Set(["@_href", "@_src", "@_url", "@_xmlUrl", "@_htmlUrl"]);

/** URLs in an XML document: `href`/`src`/`url` attributes (Atom links, enclosures, stylesheets) and URL elements. */
export function xmlLinks(source: string): FoundUrl[] {
  const found: FoundUrl[] = [];
  const doc = xmlParser.parse(source) as Record<string, unknown>;
  // In an XSLT stylesheet (a feed's look), `href="{link}"` is a template filled in by the browser, not a URL.
  const xslt = Object.keys(doc).some((k) => k.startsWith("xsl:"));
  const walk = (node: unknown, key: string) => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, key));
    const local = key.replace(/^.*:/, "");
    if (typeof node === "string") {
      if (XML_URL_ELEMENTS.has(local) && node.trim()) found.push({ url: node.trim(), via: `xml:${key}` });
      return;
    }
    if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (XML_URL_ATTRIBUTES.has(k) && typeof v === "string") {
          if (!(xslt && v.includes("{"))) found.push({ url: v, via: `xml:${key}[${k.slice(2)}]` });
        } else if (k === "#text" && XML_URL_ELEMENTS.has(local) && typeof v === "string") found.push({ url: v.trim(), via: `xml:${key}` });
        else walk(v, k);
      }
    }
  };
  walk(doc, "");
  return found;
}

const JSON_URL_KEYS = new Set(["url", "home_page_url", "feed_url", "next_url", "external_url", "icon", "favicon", "image", "banner_image", "avatar"]);

/** URLs in a JSON document (JSON Feed fields, wherever they appear). */
export function jsonLinks(source: string): FoundUrl[] {
  const found: FoundUrl[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (JSON_URL_KEYS.has(k) && typeof v === "string") found.push({ url: v, via: `json:${k}` });
        else walk(v);
      }
    }
  };
  walk(JSON.parse(source));
  return found;
}

/** `Sitemap:` lines of a robots.txt. */
export function robotsLinks(source: string): FoundUrl[] {
  return source
    .split(/\r?\n/)
    .map((line) => /^\s*sitemap\s*:\s*(\S+)/i.exec(line)?.[1])
    .filter((url): url is string => Boolean(url))
    .map((url) => ({ url, via: "robots:Sitemap" }));
}

function kindOf(contentType: string | null): "html" | "xml" | "json" | "text" | "other" {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "text/html") return "html";
  if (type.endsWith("/xml") || type.endsWith("+xml") || type === "text/x-opml") return type === "image/svg+xml" ? "other" : "xml";
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === "text/plain") return "text";
  return "other";
}

export async function crawl(options: CrawlOptions): Promise<CrawlReport> {
  const home = new URL(options.home);
  const prefix = home.pathname;
  const siteOrigin = new URL(options.siteOrigin).origin;
  const fetched = new Map<string, number>();
  const statusProblems = new Map<string, string>();
  const sources = new Map<string, LinkSource[]>();
  const failures = new Map<string, Failure>();
  const ids = new Map<string, Set<string>>();
  const fragments: { page: string; fragment: string; target: string; from: LinkSource }[] = [];
  const htmlEdges = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const queue: string[] = [];
  let external = 0;

  const fail = (target: string, problem: string, from: LinkSource | undefined) => {
    const key = `${target}\n${problem}`;
    const failure = failures.get(key) ?? { target, problem, from: [] };
    if (from) failure.from.push(from);
    failures.set(key, failure);
  };

  const enqueue = (raw: string, base: URL, from: LinkSource | undefined): void => {
    // Same document: nothing to fetch, only the fragment to check against the page itself.
    if (raw.startsWith("#") && from) {
      if (raw.length > 1 && raw !== "#top") fragments.push({ page: from.page, fragment: decodeURIComponent(raw.slice(1)), target: `${from.page}${raw}`, from });
      return;
    }
    let url: URL;
    try {
      url = new URL(raw, base);
    } catch {
      return fail(raw, "is not a valid URL", from);
    }
    if (url.protocol === "javascript:") return fail(raw, "is a javascript: URL", from);
    if (url.protocol !== "http:" && url.protocol !== "https:") return; // mailto:, data:...
    if (url.origin !== home.origin && url.origin !== siteOrigin) {
      external++;
      return;
    }
    if (!url.pathname.startsWith(prefix)) return fail(url.pathname + url.search + url.hash, `leaves the site's path prefix ${prefix}`, from);
    if (from) {
      if (url.hash.length > 1 && url.hash !== "#top") {
        fragments.push({ page: url.pathname, fragment: decodeURIComponent(url.hash.slice(1)), target: url.pathname + url.search + url.hash, from });
      }
      if (/^(a|area)\[/.test(from.via)) htmlEdges.set(from.page, (htmlEdges.get(from.page) ?? new Set()).add(url.pathname));
      sources.set(url.pathname, [...(sources.get(url.pathname) ?? []), from]);
    }
    if (seen.has(url.pathname)) return;
    seen.add(url.pathname);
    queue.push(url.pathname);
  };

  const visit = async (sitePath: string): Promise<void> => {
    const url = new URL(sitePath, home);
    const response = await fetch(url, { redirect: "manual" });
    fetched.set(sitePath, response.status);
    if (response.status !== 200) {
      const location = response.headers.get("location");
      statusProblems.set(sitePath, location ? `redirects (${response.status}) to ${location}: link to the final URL instead` : `answers ${response.status}`);
      await response.body?.cancel();
      return;
    }
    const kind = kindOf(response.headers.get("content-type"));
    if (kind === "other") {
      await response.body?.cancel();
      return;
    }
    const body = await response.text();
    let found: FoundUrl[] = [];
    try {
      if (kind === "html") {
        const parsed = htmlLinks(body);
        ids.set(sitePath, parsed.ids);
        found = parsed.urls;
      } else if (kind === "xml") found = xmlLinks(body);
      else if (kind === "json") found = jsonLinks(body);
      else if (sitePath.endsWith("/robots.txt")) found = robotsLinks(body);
    } catch (error) {
      fail(sitePath, `cannot be parsed as ${kind}: ${(error as Error).message}`, undefined);
    }
    for (const { url: raw, via } of found) enqueue(raw, url, { page: sitePath, via });
  };

  enqueue(home.href, home, undefined);
  for (const seed of options.seeds ?? []) enqueue(seed, home, undefined);
  for (const missing of options.missing ?? []) {
    const url = new URL(missing, home);
    const response = await fetch(url, { redirect: "manual" });
    const body = await response.text();
    if (response.status !== 404) fail(missing, `answers ${response.status} where a missing page should answer 404`, undefined);
    else {
      const page = `${missing} (the 404 page)`;
      const parsed = htmlLinks(body);
      ids.set(page, parsed.ids);
      for (const { url: raw, via } of parsed.urls) enqueue(raw, url, { page, via });
    }
  }
  // A few requests at a time: quick, and gentle on a machine shared with other builds.
  while (queue.length) await Promise.all(queue.splice(0, 8).map(visit));

  // Only now is every place that links to a broken target known.
  for (const [sitePath, problem] of statusProblems) {
    for (const from of sources.get(sitePath) ?? [undefined]) fail(sitePath, problem, from);
  }
  for (const { page, fragment, target, from } of fragments) {
    const targetIds = ids.get(page);
    if (targetIds && !targetIds.has(fragment)) fail(target, `has no element with id "${fragment}"`, from);
  }

  const reachableFromHome = new Set<string>([home.pathname]);
  const pending = [home.pathname];
  while (pending.length) {
    for (const next of htmlEdges.get(pending.pop()!) ?? []) {
      if (!reachableFromHome.has(next) && ids.has(next)) {
        reachableFromHome.add(next);
        pending.push(next);
      }
    }
  }

  return { fetched, reachableFromHome, failures: [...failures.values()], external };
}

/** One line per broken target: what is wrong and where it is linked from (the first few places). */
export function formatFailures(failures: Failure[]): string[] {
  return failures
    .map((f) => {
      const where = f.from.length
        ? ` ← ${f.from
            .slice(0, 3)
            .map((s) => `${s.page} (${s.via})`)
            .join(", ")}${f.from.length > 3 ? ` and ${f.from.length - 3} more` : ""}`
        : " (entry point)";
      return `${f.target} ${f.problem}${where}`;
    })
    .sort();
}
