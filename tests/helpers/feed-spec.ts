import { existsSync } from "node:fs";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { expect } from "vitest";

/*
 * What the W3C feed validator checks, as assertions on parsed documents: RFC 4287 for Atom, the RSS 2.0
 * specification (RFC 822 dates), JSON Feed 1.1, OPML 2.0. Every document is parsed by a strict XML parser
 * and by a feed-parsing library; nothing here matches markup with regular expressions.
 */

const ATOM_NS = "http://www.w3.org/2005/Atom";
const KNOWN_NS: Record<string, string> = {
  atom: ATOM_NS,
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
};

type XmlObject = { [key: string]: XmlValue };
type XmlValue = string | XmlObject | XmlValue[];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ["entry", "item", "link", "author", "category", "outline", "dc:creator"].includes(name),
});

// Characters XML 1.0 does not allow (fast-xml-parser's validator does not check them).
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (GMT|[+-]\d{4})$/;

export function isRfc3339(value: string): boolean {
  return RFC3339.test(value) && !Number.isNaN(Date.parse(value));
}

/** RFC 822 with a four-digit year, and the weekday right for the date (the validator checks both). */
export function isRfc822(value: string): boolean {
  const m = RFC822.exec(value);
  if (!m) return false;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toUTCString().slice(0, 3) === m[1] && date.getUTCDate() === Number(m[2]);
}

export function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.href === value;
  } catch {
    return false;
  }
}

/** Text content of a parsed element (a string, or an object with `#text`). */
export function textOf(value: XmlValue | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(textOf).join("");
  const t = value["#text"];
  return typeof t === "string" ? t : "";
}

function list(value: XmlValue | undefined): XmlValue[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function attr(value: XmlValue | undefined, name: string): string | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const v = value[`@_${name}`];
  return typeof v === "string" ? v : undefined;
}

/** Every element and attribute name in the tree, to check namespace prefixes against declarations. */
function names(value: XmlValue, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => names(v, out));
  else if (typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "#text") continue;
      out.add(key.startsWith("@_") ? key.slice(2) : key);
      names(child, out);
    }
  }
  return out;
}

/** Well-formed (strict validator, legal characters), parsed, and every namespace prefix declared on the root. */
export function parseXml(source: string, rootName: string): XmlObject {
  const valid = XMLValidator.validate(source);
  expect(valid, JSON.stringify(valid)).toBe(true);
  expect(NOT_XML_CHAR.test(source), "a character XML 1.0 does not allow").toBe(false);
  const doc = parser.parse(source) as XmlObject;
  const root = doc[rootName] as XmlObject;
  expect(root, `root element <${rootName}>`).toBeTypeOf("object");
  for (const name of names(root)) {
    const prefix = name.includes(":") ? name.split(":")[0]! : undefined;
    if (!prefix || prefix === "xml" || prefix === "xmlns") continue;
    expect(attr(root, `xmlns:${prefix}`), `namespace prefix "${prefix}:" (in ${name}) is declared`).toBe(KNOWN_NS[prefix]);
  }
  return root;
}

export interface CheckedEntry {
  id: string;
  url: string;
  title: string;
  /** ISO date-time string as written (RFC 3339), or RSS date converted. */
  date: string;
  authors: string[];
  categories: string[];
  summary?: string;
  content?: string;
}

export interface CheckedFeed {
  format: "atom" | "rss" | "json";
  title: string;
  self: string;
  home: string;
  updated?: string;
  entries: CheckedEntry[];
}

/** RFC 4287 (Atom) as the W3C validator reads it. */
export function checkAtom(source: string): CheckedFeed {
  const feed = parseXml(source, "feed");
  expect(attr(feed, "xmlns")).toBe(ATOM_NS);
  const one = (parent: XmlObject, name: string) => {
    expect(list(parent[name]), `exactly one <${name}>`).toHaveLength(1);
    return textOf(parent[name]);
  };
  const id = one(feed, "id");
  expect(isAbsoluteHttpUrl(id), `feed id ${id} is an absolute URI`).toBe(true);
  const updated = one(feed, "updated");
  expect(isRfc3339(updated), `feed updated ${updated}`).toBe(true);
  const links = list(feed.link);
  const self = links.filter((l) => attr(l, "rel") === "self");
  expect(self, "one self link").toHaveLength(1);
  expect(attr(self[0], "type")).toBe("application/atom+xml");
  const alternate = links.filter((l) => (attr(l, "rel") ?? "alternate") === "alternate");
  expect(alternate, "at most one alternate link of a type").toHaveLength(1);

  const entries = list(feed.entry).map((value) => {
    const entry = value as XmlObject;
    const entryId = one(entry, "id");
    const entryUpdated = one(entry, "updated");
    expect(isRfc3339(entryUpdated), `entry updated ${entryUpdated}`).toBe(true);
    if (entry.published !== undefined) expect(isRfc3339(one(entry, "published"))).toBe(true);
    const alt = list(entry.link).filter((l) => (attr(l, "rel") ?? "alternate") === "alternate");
    expect(alt.length > 0 || entry.content !== undefined, "an entry has an alternate link or content").toBe(true);
    expect(alt.length, "at most one alternate link").toBeLessThanOrEqual(1);
    const authors = list(entry.author).map((a) => textOf((a as XmlObject).name));
    authors.forEach((name) => expect(name.length).toBeGreaterThan(0));
    const categories = list(entry.category).map((c) => attr(c, "term") ?? "");
    categories.forEach((term) => expect(term.length, "category term").toBeGreaterThan(0));
    if (entry.content !== undefined) expect(attr(entry.content, "type")).toBe("html");
    if (entry.title !== undefined) expect(attr(entry.title, "type") ?? "text").toBe("text");
    return {
      id: entryId,
      url: attr(alt[0], "href") ?? "",
      title: one(entry, "title"),
      date: entryUpdated,
      authors,
      categories,
      summary: entry.summary === undefined ? undefined : textOf(entry.summary),
      content: entry.content === undefined ? undefined : textOf(entry.content),
    };
  });
  // RFC 4287 4.1.1: a feed has an author unless every entry has one.
  const feedAuthors = list(feed.author).map((a) => textOf((a as XmlObject).name));
  expect(feedAuthors.length > 0 || entries.every((e) => e.authors.length > 0), "authors").toBe(true);
  return { format: "atom", title: one(feed, "title"), self: attr(self[0], "href")!, home: attr(alternate[0], "href")!, updated, entries };
}

/** RSS 2.0 as the W3C validator reads it: required channel elements, RFC 822 dates, a self link. */
export function checkRss(source: string): CheckedFeed {
  const rss = parseXml(source, "rss");
  expect(attr(rss, "version")).toBe("2.0");
  expect(list(rss.channel)).toHaveLength(1);
  const channel = rss.channel as XmlObject;
  for (const required of ["title", "link", "description"]) expect(channel[required], `channel <${required}>`).toBeDefined();
  const home = textOf(channel.link);
  expect(isAbsoluteHttpUrl(home)).toBe(true);
  for (const date of ["pubDate", "lastBuildDate"]) {
    if (channel[date] !== undefined) expect(isRfc822(textOf(channel[date])), `${date} ${textOf(channel[date])}`).toBe(true);
  }
  const selfLinks = list(channel["atom:link"]).filter((l) => attr(l, "rel") === "self");
  expect(selfLinks).toHaveLength(1);
  expect(attr(selfLinks[0], "type")).toBe("application/rss+xml");

  const entries = list(channel.item).map((value) => {
    const item = value as XmlObject;
    expect(item.title !== undefined || item.description !== undefined, "an item has a title or a description").toBe(true);
    const guid = item.guid as XmlObject;
    expect(guid, "guid").toBeDefined();
    const id = textOf(guid);
    if ((attr(guid, "isPermaLink") ?? "true") === "true") expect(isAbsoluteHttpUrl(id), `permalink guid ${id}`).toBe(true);
    const pubDate = textOf(item.pubDate);
    expect(isRfc822(pubDate), `item pubDate ${pubDate}`).toBe(true);
    expect(item.author, "RSS <author> must be an email address: names go in dc:creator").toBeUndefined();
    return {
      id,
      url: textOf(item.link),
      title: textOf(item.title),
      date: new Date(pubDate).toISOString().replace(".000Z", "Z"),
      authors: list(item["dc:creator"]).map(textOf),
      categories: list(item.category).map(textOf),
      summary: item.description === undefined ? undefined : textOf(item.description),
      content: item["content:encoded"] === undefined ? undefined : textOf(item["content:encoded"]),
    };
  });
  return { format: "rss", title: textOf(channel.title), self: attr(selfLinks[0], "href")!, home, entries };
}

/** JSON Feed 1.1: required fields, `authors` arrays, content in every item, RFC 3339 dates. */
export function checkJsonFeed(source: string): CheckedFeed {
  const feed = JSON.parse(source) as Record<string, unknown>;
  expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
  expect(feed.title).toBeTypeOf("string");
  expect(feed.author, "1.1 uses authors, not author").toBeUndefined();
  for (const key of ["home_page_url", "feed_url"]) expect(isAbsoluteHttpUrl(feed[key] as string), key).toBe(true);
  expect(Array.isArray(feed.items)).toBe(true);
  const entries = (feed.items as Record<string, unknown>[]).map((item) => {
    expect(item.id).toBeTypeOf("string");
    expect(typeof item.content_html === "string" || typeof item.content_text === "string", "content_html or content_text").toBe(true);
    expect(isRfc3339(item.date_published as string)).toBe(true);
    if (item.date_modified !== undefined) expect(isRfc3339(item.date_modified as string)).toBe(true);
    expect(item.author).toBeUndefined();
    const authors = (item.authors as { name: string }[] | undefined) ?? [];
    authors.forEach((a) => expect(a.name).toBeTypeOf("string"));
    return {
      id: item.id as string,
      url: item.url as string,
      title: item.title as string,
      date: item.date_published as string,
      authors: authors.map((a) => a.name),
      categories: (item.tags as string[] | undefined) ?? [],
      summary: (item.summary as string | undefined) ?? (item.content_text as string | undefined),
      content: item.content_html as string | undefined,
    };
  });
  return { format: "json", title: feed.title as string, self: feed.feed_url as string, home: feed.home_page_url as string, entries };
}

/** Common to every format: unique absolute ids, absolute links, newest first. */
export function checkEntries(feed: CheckedFeed): void {
  const ids = feed.entries.map((e) => e.id);
  expect(new Set(ids).size, "unique ids").toBe(ids.length);
  for (const e of feed.entries) {
    expect(isAbsoluteHttpUrl(e.id), `id ${e.id}`).toBe(true);
    expect(isAbsoluteHttpUrl(e.url), `link ${e.url}`).toBe(true);
  }
  const dates = feed.entries.map((e) => e.date);
  expect([...dates].sort().reverse(), "newest first").toEqual(dates);
}

/** A feed-parsing library reads the XML feed the same way (what real readers see). */
export function readWithFeedParser(source: string) {
  return parseFeed(source);
}

export interface OpmlOutline {
  text: string;
  type?: string;
  xmlUrl?: string;
  htmlUrl?: string;
  children: OpmlOutline[];
}

/** OPML 2.0: head with a title, a body of outlines; every subscription outline has text, type and xmlUrl. */
export function checkOpml(source: string): { title: string; outlines: OpmlOutline[]; feeds: OpmlOutline[] } {
  const opml = parseXml(source, "opml");
  expect(attr(opml, "version")).toBe("2.0");
  const head = opml.head as XmlObject;
  expect(head).toBeDefined();
  for (const date of ["dateCreated", "dateModified"]) if (head[date] !== undefined) expect(isRfc822(textOf(head[date]))).toBe(true);
  const read = (value: XmlValue): OpmlOutline => ({
    text: attr(value, "text") ?? "",
    type: attr(value, "type"),
    xmlUrl: attr(value, "xmlUrl"),
    htmlUrl: attr(value, "htmlUrl"),
    children: list((value as XmlObject).outline).map(read),
  });
  const outlines = list((opml.body as XmlObject).outline).map(read);
  const feeds: OpmlOutline[] = [];
  const walk = (o: OpmlOutline) => {
    expect(o.text.length, "every outline has text").toBeGreaterThan(0);
    if (o.xmlUrl !== undefined) {
      expect(o.type).toBe("rss");
      expect(isAbsoluteHttpUrl(o.xmlUrl)).toBe(true);
      feeds.push(o);
    }
    o.children.forEach(walk);
  };
  outlines.forEach(walk);
  return { title: textOf(head.title), outlines, feeds };
}

/** The built file an absolute URL of the site points to, or undefined if it is not under the site's base. */
export function fileForUrl(url: string, base: string, outDir: string): string | undefined {
  if (!url.startsWith(base)) return undefined;
  const rel = decodeURIComponent(new URL(url).pathname.slice(new URL(base).pathname.length));
  return path.join(outDir, rel.endsWith("/") || rel === "" ? `${rel}index.html` : rel);
}

export function expectBuilt(url: string, base: string, outDir: string): void {
  const file = fileForUrl(url, base, outDir);
  expect(file, `${url} is under ${base}`).toBeDefined();
  expect(existsSync(file!), `${url} → ${file} exists`).toBe(true);
}
