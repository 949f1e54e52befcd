import { XMLBuilder } from "fast-xml-parser";
import { rfc3339, rfc822, type FeedDoc, type FeedEntry } from "./model.ts";
import { escapeHtml } from "../util/html.ts";

/*
 * Atom, RSS and OPML writers. The `feed` package (v6) was tried first and set aside: it writes `<` unescaped
 * in attributes and control characters as they are (both ill-formed XML), marks Atom titles as HTML (a title
 * `x <y>` would render as markup), puts names in RSS `<author>` (an email field), declares the Dublin Core
 * namespace only when an entry has content, and emits JSON Feed 1.0 with one author. fast-xml-parser's
 * XMLBuilder escapes text and attributes; this module decides structure, namespaces and what each field is.
 */

export const NS = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
} as const;

export const GENERATOR = "shelfmark";

// XML 1.0 allows tab, LF, CR and U+0020 upwards, less U+FFFE/U+FFFF and unpaired surrogates; C1 controls and
// DEL are allowed but "discouraged" (the W3C validator warns). None of them means anything in a title or a note.
const NOT_XML_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as every feed carries it: characters XML cannot hold are dropped (a stray `\u0001` in a title must not
 * make the whole feed unreadable), and line breaks are LF. Applied to every string of every format, so the
 * JSON Feed says exactly what the XML feeds say.
 */
export function feedText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(NOT_XML_TEXT, "");
}

const OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  format: true,
  indentBy: "  ",
  suppressEmptyNode: true,
  // `isPermaLink="true"` must keep its value: XML has no bare attributes.
  suppressBooleanAttributes: false,
  processEntities: true,
};
const builder = new XMLBuilder(OPTIONS);
// A paper is in the site's feed and in each of its tags' feeds: its entry is built once per format (see
// EntryCache) and written into each feed as it is, which is what XMLBuilder does with a stop node's text.
const feedBuilder = new XMLBuilder({ ...OPTIONS, stopNodes: ["feed.entry", "rss.channel.item"] });

type XmlNode = string | { [key: string]: XmlNode | XmlNode[] | undefined };

function xml(root: Record<string, XmlNode>, withEntries = builder): string {
  return withEntries.build({ "?xml": { "@_version": "1.0", "@_encoding": "utf-8" }, ...root }).trimEnd() + "\n";
}

/**
 * Entries already built, by entry, for one format: the feeds plugin makes one entry object per paper and build,
 * whatever the number of feeds it is in (see buildFeedFiles), and passes the same cache to every feed.
 */
export type EntryCache = Map<FeedEntry, string>;

/**
 * What goes between an entry's tags (`<entry>`, `<item>`) in a feed, built where the entry sits (`path`, its
 * parents from the root), so that its lines have the indentation they have in the feed.
 */
function entryXml(path: readonly string[], tag: string, entry: Record<string, XmlNode | XmlNode[] | undefined>): string {
  let node: Record<string, XmlNode> = { [tag]: entry as XmlNode };
  for (const parent of [...path].reverse()) node = { [parent]: node };
  const built = builder.build(node);
  const open = built.indexOf(`<${tag}>`) + tag.length + 2;
  return built.slice(open, built.lastIndexOf(`</${tag}>`));
}

function cachedEntries(entries: readonly FeedEntry[], cache: EntryCache, build: (entry: FeedEntry) => string): string[] {
  return entries.map((entry) => {
    let built = cache.get(entry);
    if (built === undefined) cache.set(entry, (built = build(entry)));
    return built;
  });
}

/** Atom 1.0 (RFC 4287): id, title, updated and an author on the feed; id, title, updated and a link on each entry. */
export function renderAtom(doc: FeedDoc, cache: EntryCache = new Map()): string {
  const t = feedText;
  return xml({
    feed: {
      "@_xmlns": NS.atom,
      "@_xml:lang": doc.language,
      id: doc.selfUrls.atom,
      title: t(doc.title),
      subtitle: t(doc.description),
      updated: rfc3339(doc.updated ?? EMPTY_FEED_DATE),
      author: { name: t(doc.author) },
      link: [
        { "@_rel": "self", "@_type": "application/atom+xml", "@_href": doc.selfUrls.atom },
        { "@_rel": "alternate", "@_type": "text/html", "@_href": doc.homeUrl },
      ],
      generator: GENERATOR,
      entry: cachedEntries(doc.entries, cache, (e) =>
        entryXml(["feed"], "entry", {
          id: e.id,
          title: t(e.title),
          link: { "@_rel": "alternate", "@_type": "text/html", "@_href": e.url },
          published: rfc3339(e.date),
          updated: rfc3339(e.date),
          author: e.authors.map((name) => ({ name: t(name) })),
          category: e.categories.map((term) => ({ "@_term": t(term) })),
          summary: e.summary === undefined ? undefined : t(e.summary),
          content: e.contentHtml === undefined ? undefined : { "@_type": "html", "#text": t(e.contentHtml) },
        }),
      ),
    },
  }, feedBuilder);
}

/**
 * RSS 2.0 with the three modules feed readers know: `atom:link` for the self link, `dc:creator` for authors
 * (RSS's own `<author>` must be an email address), `content:encoded` for the notes. All three namespaces are
 * declared on every feed, used or not, so no feed can use an undeclared prefix.
 */
export function renderRss(doc: FeedDoc, cache: EntryCache = new Map()): string {
  const t = feedText;
  return xml({
    rss: {
      "@_version": "2.0",
      "@_xmlns:atom": NS.atom,
      "@_xmlns:content": NS.content,
      "@_xmlns:dc": NS.dc,
      channel: {
        title: t(doc.title),
        link: doc.homeUrl,
        description: t(doc.description),
        language: doc.language,
        ...(doc.updated ? { pubDate: rfc822(doc.updated), lastBuildDate: rfc822(doc.updated) } : {}),
        generator: GENERATOR,
        docs: "https://www.rssboard.org/rss-specification",
        "atom:link": { "@_href": doc.selfUrls.rss, "@_rel": "self", "@_type": "application/rss+xml" },
        item: cachedEntries(doc.entries, cache, (e) =>
          entryXml(["rss", "channel"], "item", {
            title: t(e.title),
            link: e.url,
            guid: { "@_isPermaLink": "true", "#text": e.id },
            pubDate: rfc822(e.date),
            // RSS descriptions are HTML: the plain-text abstract is escaped so `x < y` stays text.
            description: e.summary === undefined ? undefined : t(escapeHtml(e.summary)),
            "content:encoded": e.contentHtml === undefined ? undefined : t(e.contentHtml),
            "dc:creator": e.authors.map(t),
            category: e.categories.map(t),
          }),
        ),
      },
    },
  }, feedBuilder);
}

/** Atom requires an `updated` even on a list with no papers yet: a fixed date keeps that feed byte-stable. */
export const EMPTY_FEED_DATE = "1970-01-01";

export interface OpmlFeed {
  /** Shown in the reader's subscription list. */
  text: string;
  description?: string;
  /** Absolute URL of the feed. */
  xmlUrl: string;
  /** Absolute URL of the page it mirrors. */
  htmlUrl: string;
}

export interface OpmlDoc {
  title: string;
  ownerName?: string;
  /** `YYYY-MM-DD` of the newest paper: not the build time. */
  modified?: string;
  language: string;
  site: OpmlFeed;
  /** Folder name for the tags' feeds. */
  tagsFolder: string;
  tags: OpmlFeed[];
}

/**
 * OPML 2.0 subscription list: the site's feed, then a folder with one feed per tag. Readers subscribe to
 * every outline that has an `xmlUrl`, so each list appears once (in one format), not three times.
 */
export function renderOpml(doc: OpmlDoc): string {
  const t = feedText;
  const outline = (f: OpmlFeed) => ({
    "@_type": "rss",
    "@_text": t(f.text),
    "@_title": t(f.text),
    ...(f.description ? { "@_description": t(f.description) } : {}),
    "@_xmlUrl": f.xmlUrl,
    "@_htmlUrl": f.htmlUrl,
    "@_language": doc.language,
  });
  return xml({
    opml: {
      "@_version": "2.0",
      head: {
        title: t(doc.title),
        ...(doc.modified ? { dateModified: rfc822(doc.modified) } : {}),
        ...(doc.ownerName ? { ownerName: t(doc.ownerName) } : {}),
        docs: "http://opml.org/spec2.opml",
      },
      body: {
        outline: [outline(doc.site), ...(doc.tags.length ? [{ "@_text": t(doc.tagsFolder), "@_title": t(doc.tagsFolder), outline: doc.tags.map(outline) }] : [])],
      },
    },
  });
}
