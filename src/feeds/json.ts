import { rfc3339, type FeedDoc } from "./model.ts";
import { feedText } from "./xml.ts";

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

/** JSON Feed 1.1 as the specification names it; only the fields shelfmark fills. */
export interface JsonFeed {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  language: string;
  authors: { name: string }[];
  items: JsonFeedItem[];
}

export interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html?: string;
  content_text?: string;
  summary?: string;
  date_published: string;
  date_modified: string;
  authors?: { name: string }[];
  tags?: string[];
}

/**
 * JSON Feed 1.1. Strings are the plain text itself (JSON needs no entities: `A & B` stays `A & B`); only
 * `content_html` is HTML. An item must carry `content_html` or `content_text`: the notes when there are
 * some, the abstract otherwise.
 */
export function jsonFeed(doc: FeedDoc): JsonFeed {
  const t = feedText;
  return {
    version: JSON_FEED_VERSION,
    title: t(doc.title),
    home_page_url: doc.homeUrl,
    feed_url: doc.selfUrls.json,
    description: t(doc.description),
    language: doc.language,
    authors: [{ name: t(doc.author) }],
    items: doc.entries.map((e) => {
      const item: JsonFeedItem = { id: e.id, url: e.url, title: t(e.title), date_published: rfc3339(e.date), date_modified: rfc3339(e.date) };
      if (e.contentHtml !== undefined) {
        item.content_html = t(e.contentHtml);
        if (e.summary !== undefined) item.summary = t(e.summary);
      } else {
        item.content_text = e.summary === undefined ? "" : t(e.summary);
      }
      if (e.authors.length) item.authors = e.authors.map((name) => ({ name: t(name) }));
      if (e.categories.length) item.tags = e.categories.map(t);
      return item;
    }),
  };
}

export function renderJsonFeed(doc: FeedDoc): string {
  return JSON.stringify(jsonFeed(doc), null, 2) + "\n";
}
