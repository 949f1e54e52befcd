import path from "node:path";
import type { BuildContext, WithContext } from "../context.ts";
import type { EleventyConfig } from "../eleventy-types.ts";

/*
 * Sites under a sub-path (https://user.github.io/repo/): templates write links root-relative (`/tags/x/`) and
 * every HTML page gets the path prefix added to its URL attributes. Eleventy's HtmlBasePlugin does this by
 * parsing each page into a tree with posthtml, calling `new URL()` (which throws for every relative URL) three
 * times per link, and serialising the tree again: for a long list that pass was a large share of the build's
 * CPU (docs/performance.md).
 * This module does the same rewrite in one scan of the page, with the same rules, and leaves everything else
 * byte for byte as the templates wrote it; `htmlBaseUrl` below replaces HtmlBasePlugin's filter of that name.
 */

type UrlKind = "url" | "list" | "srcset" | "refresh";

/** The tags and attributes HtmlBasePlugin rewrites (the table of @11ty/posthtml-urls 1.x, which it uses). */
export const URL_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, UrlKind>>>> = {
  a: { href: "url", ping: "list" },
  area: { href: "url", ping: "list" },
  audio: { src: "url" },
  base: { href: "url" },
  blockquote: { cite: "url" },
  button: { formaction: "url" },
  del: { cite: "url" },
  embed: { src: "url" },
  form: { action: "url" },
  iframe: { src: "url" },
  img: { src: "url", srcset: "srcset" },
  input: { formaction: "url", src: "url" },
  ins: { cite: "url" },
  link: { href: "url" },
  meta: { content: "refresh" },
  object: { data: "url" },
  q: { cite: "url" },
  script: { src: "url" },
  source: { src: "url", srcset: "srcset" },
  track: { src: "url" },
  video: { poster: "url", src: "url" },
};

/** A root-relative path with no `//`, no `.` or `..` segment and no spaces: one that joining leaves as it is. */
const SIMPLE_PATH = /^(?=\/)(?:\/[^\s/.][^\s/]*)*\/?$/;

/**
 * One URL as HtmlBasePlugin (Eleventy 3.1, a path prefix as base) writes it: absolute URLs (`https:`,
 * `mailto:`...) and protocol-relative ones stay; root-relative paths get the prefix (`/` → `/repo/`, a URL
 * already equal to the prefix is left alone); relative ones are only normalised (`./x` → `x`, `` → `.`).
 */
export function prefixUrl(raw: string, pathPrefix: string): string {
  // Nearly every link on a page is a plain root-relative path (`/tags/x/`): joining adds nothing to those.
  if (SIMPLE_PATH.test(raw) && SIMPLE_PATH.test(pathPrefix) && pathPrefix.endsWith("/") && !(raw + "/").startsWith(pathPrefix)) return pathPrefix + raw.slice(1);
  return urlFilter(raw.trim(), pathPrefix);
}

/** Eleventy's `url` filter with a path prefix: what HtmlBasePlugin applies to each URL when its base is a path. */
function urlFilter(url: string, pathPrefix: string): string {
  const value = url || "";
  // URL.canParse gives what Eleventy's `isValidUrl` (a try/catch around new URL) gives, without the exceptions.
  if (URL.canParse(value) || (value.startsWith("//") && value !== "//")) return value;
  const normal = path.posix.join(value).replace(/\/+$/, "/");
  const root = path.posix.join("/", pathPrefix).replace(/\/+$/, "/");
  if (normal === "/" || normal === root) return root.endsWith("/") ? root : root + "/";
  if (normal.startsWith("/")) return path.posix.join("/", pathPrefix, value).replace(/\/+$/, "/");
  return normal;
}

/** `a.png 1x, /b.png 2x`: each candidate's URL prefixed, descriptors kept. */
function prefixSrcset(value: string, pathPrefix: string): string {
  return value
    .split(",")
    .map((candidate) => {
      const [url = "", ...descriptors] = candidate.trim().split(/\s+/);
      return [prefixUrl(url, pathPrefix), ...descriptors].join(" ");
    })
    .join(", ");
}

/** `<meta http-equiv="refresh" content="5; url=/x/">`: the URL after the delay. */
function prefixRefresh(value: string, pathPrefix: string): string {
  const m = /^\s*(\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?(['"]?)(.*?)\2\s*)?$/i.exec(value);
  if (!m) return value;
  return `${m[1]}; url=${prefixUrl(m[3] ?? "", pathPrefix)}`;
}

function rewrite(kind: UrlKind, value: string, pathPrefix: string): string {
  switch (kind) {
    case "url":
      return prefixUrl(value, pathPrefix);
    case "list":
      return value
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean)
        .map((u) => prefixUrl(u, pathPrefix))
        .join(", ");
    case "srcset":
      return prefixSrcset(value, pathPrefix);
    case "refresh":
      return prefixRefresh(value, pathPrefix);
  }
}

// A comment, or the start tag of an element that has URL attributes or raw-text content, with its attributes
// (quoted values may hold `>`). Other tags, end tags, doctype and text are skipped by the search itself: what
// shelfmark renders escapes `<` in text and attribute values, so a `<` always starts markup.
const TAG_NAMES = [...Object.keys(URL_ATTRIBUTES), "style", "textarea", "title"].sort((a, b) => b.length - a.length).join("|");
const TOKEN = new RegExp(`<!--[\\s\\S]*?-->|<(${TAG_NAMES})(?=[\\s/>])((?:\\s+[^\\s"'>/=]+(?:\\s*=\\s*(?:"[^"]*"|'[^']*'|[^\\s"'=<>\`]+))?)*)\\s*\\/?>`, "g");
const ATTRIBUTE = /(\s+)([^\s"'>/=]+)(?:(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
/** Elements whose content is text to an HTML parser, not markup: nothing inside them is a link. */
const RAW_TEXT_END = new Map(["script", "style", "textarea", "title"].map((tag) => [tag, new RegExp(`</${tag}`, "gi")]));
// Maps, not the objects: a tag or attribute named `constructor` must find nothing.
const ATTRIBUTES_BY_TAG = new Map(Object.entries(URL_ATTRIBUTES).map(([tag, attrs]) => [tag, new Map(Object.entries(attrs))]));

/**
 * Adds the path prefix to every URL attribute of an HTML page, as HtmlBasePlugin would, in one scan: tags
 * are matched with their attributes, comments and the content of script, style, textarea and title are
 * skipped. Attribute names and tags are matched in lower case, as posthtml (which HtmlBasePlugin uses) does.
 */
export function prefixHtml(html: string, pathPrefix: string): string {
  // Pieces joined once at the end into a flat string, rather than a rope of slices of the original page.
  const out: string[] = [];
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    const tag = m[1];
    if (tag === undefined) continue; // a comment
    const attributes = ATTRIBUTES_BY_TAG.get(tag);
    // Most meta tags (citation, Open Graph) are not refreshes: skip them without reading their attributes.
    if (attributes && m[2] && (tag !== "meta" || /http-equiv/i.test(m[2]))) {
      const attrText = m[2];
      const start = m.index + 1 + tag.length;
      let changed = "";
      let copied = 0;
      ATTRIBUTE.lastIndex = 0;
      for (let a = ATTRIBUTE.exec(attrText); a; a = ATTRIBUTE.exec(attrText)) {
        const kind = attributes.get(a[2]!);
        if (kind === undefined || a[3] === undefined) continue;
        if (kind === "refresh" && !/\shttp-equiv\s*=\s*(["']?)refresh\1(?=[\s/>]|$)/i.test(attrText)) continue;
        const value = a[4] ?? a[5] ?? a[6]!;
        const next = rewrite(kind, value, pathPrefix);
        if (next === value) continue;
        const quote = a[4] !== undefined ? '"' : a[5] !== undefined ? "'" : "";
        changed += attrText.slice(copied, a.index) + a[1] + a[2] + a[3] + quote + next + quote;
        copied = a.index + a[0].length;
      }
      if (copied > 0) {
        out.push(html.slice(last, start), changed, attrText.slice(copied));
        last = start + attrText.length;
      }
    }
    const rawEnd = RAW_TEXT_END.get(tag);
    if (rawEnd) {
      rawEnd.lastIndex = TOKEN.lastIndex;
      TOKEN.lastIndex = rawEnd.exec(html)?.index ?? html.length;
    }
  }
  if (last === 0) return html;
  out.push(html.slice(last));
  return out.join("");
}

/**
 * The `htmlBaseUrl` filter of HtmlBasePlugin (Eleventy 3.1), same arguments and results: `/papers/x/` with
 * the site's origin as base → `https://user.github.io/repo/papers/x/`; without a base, the path prefix alone
 * is the base. Its own version throws and catches an exception in `new URL()` for every relative URL, which
 * is costly over thousands of canonical links.
 */
export function htmlBaseUrl(url: string, base: string, pathPrefix: string, pageUrl?: string): string {
  if (base === "/") return url;
  if (URL.canParse(url)) return url;
  if (!URL.canParse(base)) return urlFilter(url, base);
  let target = url;
  // Relative to the page it is on: `../x/` on /papers/a/ is /papers/x/.
  if (pageUrl && !url.startsWith("/")) {
    const resolved = new URL(url, `http://example.com${pageUrl}`);
    target = resolved.pathname + (resolved.hash || "");
  }
  const full = new URL(target, base);
  if (pathPrefix) full.pathname = path.posix.join(pathPrefix, full.pathname);
  return full.toString();
}

/**
 * The sub-path for HTML pages: prefixes URL attributes of every `.html` output when the site has a path
 * prefix (a site at the root is left exactly as rendered), and the `htmlBaseUrl` filter for absolute URLs
 * (canonical links, Open Graph, JSON-LD). Together they replace Eleventy's HtmlBasePlugin.
 */
export function pathPrefixPlugin(eleventyConfig: EleventyConfig, { ctx }: WithContext): void {
  const prefix = () => eleventyConfig.pathPrefix ?? "/";
  const prefixed = ctx.prefixedTemplates;
  eleventyConfig.addFilter("htmlBaseUrl", function (this: { page?: { url?: string } }, url: string, baseOverride?: string, pageUrlOverride?: string) {
    return htmlBaseUrl(url, baseOverride || prefix(), prefix(), pageUrlOverride || this.page?.url);
  });
  // For layouts that write their links with the prefix themselves (see prefixedLinks): a URL from the data
  // (`/feed.xml`), or a fragment of HTML shelfmark rendered (notes), given the prefix as the transform would.
  eleventyConfig.addFilter("withBase", (url: string, base: string) => (base === "/" ? url : prefixUrl(url, base)));
  eleventyConfig.addFilter("linksWithBase", (html: string, base: string) => (base === "/" ? html : prefixHtml(html, base)));
  eleventyConfig.addTransform("shelfmark-path-prefix", function (content: string) {
    const pathPrefix = prefix();
    const outputPath = this.page.outputPath;
    if (pathPrefix === "/" || typeof outputPath !== "string" || !outputPath.endsWith(".html")) return content;
    if (prefixed.size && prefixed.has(inputRelative(eleventyConfig, this.page.inputPath))) return content;
    return prefixHtml(content, pathPrefix);
  });
}

/** A page's input path relative to the input folder, `/`-separated: how virtual templates are named. */
function inputRelative(eleventyConfig: EleventyConfig, inputPath: string): string {
  return path.relative(eleventyConfig.directories.input, inputPath).split(path.sep).join("/");
}

/**
 * Declares that a virtual template's pages write every link with the path prefix already, so the transform
 * leaves them alone: its scan of every page was the largest single cost of writing paper pages. Returns
 * the data the template adds, `prefixedLinks: true`, from which layouts/base.njk sets `base` (the prefix, else
 * `/`); the layout writes `{{ base }}tags/`, URLs from the data with `withBase(base)`, and shelfmark's own
 * HTML (notes) with `linksWithBase(base)`. A page is only left alone if its layout does all three.
 */
export function prefixedLinks(ctx: BuildContext, virtualPath: string): { prefixedLinks: true } {
  ctx.prefixedTemplates.add(virtualPath);
  return { prefixedLinks: true };
}
