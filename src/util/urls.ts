import slugify from "@sindresorhus/slugify";

// Symbols that carry meaning in tag names: without these, `C++`, `C#` and `C` share one URL.
const SYMBOLS: [string, string][] = [
  ["++", " plus plus "],
  ["+", " plus "],
  ["#", " sharp "],
  ["&", " and "],
  ["@", " at "],
];

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * A readable URL segment for a tag that is never empty. Latin, Greek and Cyrillic are transliterated
 * (`Über` → `ueber`); scripts without a transliteration (`日本語`) are kept as they are rather than dropped,
 * so `LLM 日本語` does not collide with `LLM`.
 */
export function tagSlug(name: string): string {
  const options = { customReplacements: SYMBOLS };
  const untransliterable = [...name].some((ch) => LETTER_OR_DIGIT.test(ch) && slugify(ch, options) === "");
  const slug = slugify(name, { ...options, transliterate: !untransliterable });
  if (slug) return slug;
  // Only punctuation: spell the code points so the slug stays stable and distinct.
  return "tag-" + [...name.trim()].map((ch) => ch.codePointAt(0)!.toString(16)).join("-");
}

// Where pages are: one place for the URLs of paper and tag pages, and for absolute URLs.

/** `attention-is-all-you-need` → `/papers/attention-is-all-you-need/`. */
export function paperUrl(slug: string): string {
  return `/papers/${slug}/`;
}

export const TAGS_URL = "/tags/";
export const TAGS_BY_COUNT_URL = "/tags/by-count/";

/** `kv-cache` → `/tags/kv-cache/`. */
export function tagUrl(slug: string): string {
  return `${TAGS_URL}${slug}/`;
}

/** Where a site is published: both as resolveLocation (src/site/settings.ts) gives them. */
export interface SiteLocation {
  /** `https://user.github.io`, no trailing slash. */
  origin: string;
  /** `/` or `/reading-list/`. */
  pathPrefix: string;
}

/**
 * `/papers/x/` → `https://user.github.io/reading-list/papers/x/`. The result is a parsed and serialised URL,
 * so a non-ASCII tag slug (`/tags/日本語/`) comes out percent-encoded, as RSS, Atom and sitemaps want URIs.
 */
export function absoluteUrl(site: SiteLocation, sitePath: string): string {
  return new URL(site.pathPrefix + sitePath.replace(/^\/+/, ""), site.origin + "/").href;
}
