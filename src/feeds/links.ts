/** Where each feed format lives, for the site and for every tag: one place both pages and feeds agree on. */

export const FEED_FORMATS = ["atom", "rss", "json"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const FEED_FORMAT_INFO: Record<FeedFormat, { file: string; type: string; label: string }> = {
  atom: { file: "feed.xml", type: "application/atom+xml", label: "Atom" },
  rss: { file: "rss.xml", type: "application/rss+xml", label: "RSS" },
  json: { file: "feed.json", type: "application/feed+json", label: "JSON Feed" },
};

/** One feed as pages link to it. */
export interface FeedLink {
  format: FeedFormat;
  /** Site-relative (`/tags/llm/feed.xml`): templates write it root-relative, HtmlBasePlugin adds the sub-path. */
  url: string;
  /** MIME type for `<link rel="alternate" type>`. */
  type: string;
  /** `Atom`, `RSS`, `JSON Feed`. */
  label: string;
  /** What a feed reader shows for it: `Reading list: LLM (Atom)`. */
  title: string;
}

/** The three feeds of a list whose pages live at `dir` (`/` for the site, `/tags/<slug>/` for a tag). */
export function feedLinks(dir: string, title: string): FeedLink[] {
  return FEED_FORMATS.map((format) => {
    const info = FEED_FORMAT_INFO[format];
    return { format, url: `${dir}${info.file}`, type: info.type, label: info.label, title: `${title} (${info.label})` };
  });
}

/** Title of a tag's feeds, as readers list them next to other subscriptions. */
export function tagFeedTitle(siteTitle: string, tagName: string): string {
  return `${siteTitle}: ${tagName}`;
}

export const OPML_URL = "/feeds.opml";
export const FEEDS_PAGE_URL = "/feeds/";
