import { FEED_FORMAT_INFO, FEED_FORMATS, type FeedFormat } from "./links.ts";
import type { ListedPaper } from "../papers/library.ts";
import { escapeHtml } from "../util/html.ts";
import { absoluteUrl, paperUrl, type SiteLocation } from "../util/urls.ts";

/**
 * One feed, independent of its format: the Atom, RSS and JSON Feed writers render the same document, so
 * the three never disagree on entries, ids or dates. Every URL in it is absolute.
 */
export interface FeedDoc {
  title: string;
  /** Never empty: RSS requires a channel description. */
  description: string;
  /** BCP 47 tag, from the site settings. */
  language: string;
  /** Feed-level author: Atom requires one when an entry has none (a paper without authors). */
  author: string;
  /** The HTML page this feed mirrors (home page, tag page). */
  homeUrl: string;
  /** The feed's own address in each format (self links, Atom id, JSON `feed_url`). */
  selfUrls: Record<FeedFormat, string>;
  /** `YYYY-MM-DD` of the newest entry; undefined for an empty feed. Never the build time. */
  updated?: string;
  /** Newest first. */
  entries: FeedEntry[];
}

export interface FeedEntry {
  /** Stable id: the paper's absolute URL, the same in every feed and every build. */
  id: string;
  url: string;
  /** Plain text. */
  title: string;
  /** `YYYY-MM-DD`: the day the paper was added. */
  date: string;
  authors: string[];
  /** Tag display names. */
  categories: string[];
  /** The abstract, plain text. */
  summary?: string;
  /** The notes, HTML rendered by shelfmark's safe markdown, links made absolute. */
  contentHtml?: string;
}


/** The day, as the start of that day in UTC: `2024-03-14` → `2024-03-14T00:00:00Z` (RFC 3339). */
export function rfc3339(day: string): string {
  return `${day}T00:00:00Z`;
}

/** `2024-03-14` → `Thu, 14 Mar 2024 00:00:00 GMT` (RFC 822 as RSS 2.0 asks, with a four-digit year). */
export function rfc822(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).toUTCString();
}

/** The newest of the entries' dates: a feed changes only when its content does. */
export function newestDate(entries: { date: string }[]): string | undefined {
  let newest: string | undefined;
  for (const entry of entries) if (newest === undefined || entry.date > newest) newest = entry.date;
  return newest;
}

const HTML_UNESCAPES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"' };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// markdown-it with `html: false` (src/site/markdown.ts) writes every attribute as name="value" and escapes every
// `"` of the user's text as &quot;, so ` href="` and ` src="` occur in its output only as attributes it wrote:
// matching them here cannot be fooled by what a note says. Raw HTML would need a real HTML parser.
const URL_ATTRIBUTE = / (href|src)="([^"]*)"/g;

/**
 * Links in notes are written for the paper's page (`/papers/other/`, `../other/`, `#part`); a feed reader
 * shows them far from it. Each becomes absolute: root-relative ones gain the sub-path (as HtmlBasePlugin
 * does on the pages), relative ones resolve against the paper's URL. Absolute links stay as they are.
 */
export function absoluteLinksInNotes(html: string, pageUrl: string, site: SiteLocation): string {
  if (!html.includes(' href="') && !html.includes(' src="')) return html;
  return html.replace(URL_ATTRIBUTE, (whole, name: string, escaped: string) => {
    const value = escaped.replace(/&(amp|lt|gt|quot);/g, (entity) => HTML_UNESCAPES[entity]!);
    if (SCHEME.test(value) || value === "") return whole;
    let resolved: string;
    try {
      resolved = value.startsWith("/") && !value.startsWith("//") ? absoluteUrl(site, value) : new URL(value, pageUrl).href;
    } catch {
      return whole;
    }
    return ` ${name}="${escapeHtml(resolved)}"`;
  });
}

/** The entry for a paper. Pure: the feeds plugin makes it once per paper and per build, whatever the number of feeds it is in. */
export function paperEntry(paper: ListedPaper, site: SiteLocation): FeedEntry {
  const url = absoluteUrl(site, paperUrl(paper.slug));
  return {
    id: url,
    url,
    title: paper.title,
    date: paper.added,
    authors: paper.authors,
    categories: paper.tagLinks.map((t) => t.name),
    summary: paper.abstract,
    contentHtml: paper.notesHtml ? absoluteLinksInNotes(paper.notesHtml, url, site) : undefined,
  };
}

export interface FeedDocInput {
  site: SiteLocation & { title: string; description: string; author: string; language: string };
  /** Title of the feed. */
  title: string;
  description: string;
  /** Folder of the list and its feeds: `/` or `/tags/<slug>/`. */
  dir: string;
  entries: FeedEntry[];
}

export function feedDoc(input: FeedDocInput): FeedDoc {
  const { site } = input;
  const selfUrls = Object.fromEntries(FEED_FORMATS.map((f) => [f, absoluteUrl(site, input.dir + FEED_FORMAT_INFO[f].file)])) as Record<FeedFormat, string>;
  return {
    title: input.title,
    description: input.description || input.title,
    language: site.language,
    author: site.author || site.title,
    homeUrl: absoluteUrl(site, input.dir),
    selfUrls,
    updated: newestDate(input.entries),
    entries: input.entries,
  };
}
