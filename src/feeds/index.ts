import type { EleventyConfig } from "../eleventy-types.ts";
import { ConfigError } from "../errors.ts";
import { renderJsonFeed } from "./json.ts";
import { FEED_FORMAT_INFO, FEEDS_PAGE_URL, feedLinks, OPML_URL, tagFeedTitle, type FeedFormat, type FeedLink } from "./links.ts";
import { feedDoc, paperEntry, type FeedDoc, type FeedEntry } from "./model.ts";
import { renderAtom, renderOpml, renderRss, type EntryCache } from "./xml.ts";
import type { Library, ListedPaper } from "../papers/library.ts";
import type { Site } from "../site/settings.ts";
import { type TagSummary } from "../lists/tag-pages.ts";
import { tagUrl } from "../util/urls.ts";
import type { WithContext } from "../context.ts";

export interface FeedsPluginOptions {
  /** The one format per list that `/feeds.opml` subscribes to (OPML outlines of type "rss" mean RSS or Atom). */
  opmlFormat?: "atom" | "rss";
}

/** A file the feeds plugin writes: emitted through a virtual template, so it is an ordinary build output. */
export interface FeedFile {
  /** Site-relative output URL: `/feed.xml`, `/tags/llm/rss.xml`, `/feeds.opml`. */
  url: string;
  body: string;
}

/** What pages need to link to the feeds (the `feeds` global). */
export interface FeedsIndex {
  site: FeedLink[];
  opml: string;
  page: string;
  tags: TagSummary[];
}

const PLUGIN = "feeds";

const RENDER: Record<FeedFormat, (doc: FeedDoc, cache?: EntryCache) => string> = { atom: renderAtom, rss: renderRss, json: renderJsonFeed };

/** Renders each format of a feed with one entry cache per format: each entry is built once per format and build. */
export function cachedRender(): (format: FeedFormat, doc: FeedDoc) => string {
  const caches: Record<FeedFormat, EntryCache> = { atom: new Map(), rss: new Map(), json: new Map() };
  return (format, doc) => RENDER[format](doc, caches[format]);
}

export function tagFeedDescription(tag: TagSummary, siteTitle: string): string {
  return tag.description || `Papers tagged “${tag.name}” in ${siteTitle}.`;
}

/**
 * Every feed file of the site, from the library alone. Pure: the same library and settings give the same
 * bytes. A paper's entry is made once, however many tag feeds it is in, and its notes are the HTML the
 * library already rendered.
 */
export function buildFeedFiles(library: Library, site: Site, summaries: TagSummary[], opmlFormat: "atom" | "rss" = "atom", render: (format: FeedFormat, doc: FeedDoc) => string = cachedRender()): FeedFile[] {
  const entries = new Map<string, FeedEntry>();
  const entryOf = (paper: ListedPaper) => {
    let entry = entries.get(paper.slug);
    if (!entry) entries.set(paper.slug, (entry = paperEntry(paper, site)));
    return entry;
  };
  const newest = (papers: ListedPaper[]) => papers.slice(0, site.feedSize).map(entryOf);

  const lists: { dir: string; doc: FeedDoc }[] = [
    { dir: "/", doc: feedDoc({ site, title: site.title, description: site.description, dir: "/", entries: newest(library.papers) }) },
    ...library.tags.map((tag, i) => {
      const summary = summaries[i]!;
      return {
        dir: tagUrl(tag.slug),
        doc: feedDoc({ site, title: tagFeedTitle(site.title, tag.name), description: tagFeedDescription(summary, site.title), dir: tagUrl(tag.slug), entries: newest(tag.papers) }),
      };
    }),
  ];

  const files: FeedFile[] = lists.flatMap(({ dir, doc }) => (Object.keys(RENDER) as FeedFormat[]).map((format) => ({ url: dir + FEED_FORMAT_INFO[format].file, body: render(format, doc) })));
  const [siteList, ...tagLists] = lists;
  files.push({
    url: OPML_URL,
    body: renderOpml({
      title: `${site.title}: all feeds`,
      ownerName: site.author || undefined,
      modified: siteList!.doc.updated,
      language: site.language,
      site: { text: site.title, description: site.description || undefined, xmlUrl: siteList!.doc.selfUrls[opmlFormat], htmlUrl: siteList!.doc.homeUrl },
      tagsFolder: `${site.title}: tags`,
      tags: tagLists.map(({ doc }, i) => ({ text: doc.title, description: summaries[i]!.description || undefined, xmlUrl: doc.selfUrls[opmlFormat], htmlUrl: doc.homeUrl })),
    }),
  });
  return files;
}

/**
 * Atom, RSS and JSON Feed for the site and for every tag, the OPML of them all, and the `/feeds/` page.
 * Feeds are virtual templates (not files written after the build): Eleventy knows them as outputs, so
 * permalink clashes are caught, the dev server serves and reloads them, and every file comes from the
 * same per-build library as the pages.
 */
export function feedsPlugin(eleventyConfig: EleventyConfig, options: FeedsPluginOptions & WithContext): void {
  const { ctx } = options;
  const opmlFormat = options.opmlFormat ?? "atom";
  if (opmlFormat !== "atom" && opmlFormat !== "rss") throw new ConfigError(PLUGIN, `the option opmlFormat must be "atom" or "rss", not "${String(opmlFormat)}"`);

  let current: Promise<{ index: FeedsIndex; files: FeedFile[] }> | undefined;
  // The dev server rebuilds on every save, and a save changes a few feeds at most: it renders again only the
  // feeds whose content changed, keeping the last build's feeds (so the cache never outgrows the site).
  let rendered = new Map<string, { doc: string; body: string }>();
  let reuse = false;
  const load = async () => {
    const lib = await ctx.library();
    const summaries = await ctx.tagSummaries();
    return ctx.timings.time("feeds (entries and rendering)", () => {
      const site = ctx.site();
      const index: FeedsIndex = { site: feedLinks("/", site.title), opml: OPML_URL, page: FEEDS_PAGE_URL, tags: summaries };
      if (!reuse) return { index, files: buildFeedFiles(lib, site, summaries, opmlFormat) };
      const previous = rendered;
      rendered = new Map();
      const renderAnew = cachedRender();
      const render = (format: FeedFormat, doc: FeedDoc) => {
        const url = doc.selfUrls[format];
        const json = JSON.stringify(doc);
        const last = previous.get(url);
        const body = last?.doc === json ? last.body : renderAnew(format, doc);
        rendered.set(url, { doc: json, body });
        return body;
      };
      return { index, files: buildFeedFiles(lib, site, summaries, opmlFormat, render) };
    });
  };
  const get = () => (current ??= load());
  eleventyConfig.on("eleventy.before", ({ runMode }) => {
    current = undefined;
    reuse = runMode !== "build";
  });
  eleventyConfig.addWatchTarget(ctx.taxonomyFile);

  eleventyConfig.addGlobalData("feeds", async () => Object.freeze((await get()).index));
  eleventyConfig.addGlobalData("feedFiles", async () => (await get()).files);

  // A JavaScript template hands each feed on as written (a Nunjucks one would copy it).
  eleventyConfig.addTemplate("shelfmark/feed-file.11ty.js", (data: { feedFile: FeedFile }) => data.feedFile.body, {
    pagination: { data: "feedFiles", size: 1, alias: "feedFile" },
    permalink: (data: { feedFile: FeedFile }) => data.feedFile.url,
    eleventyExcludeFromCollections: true,
  });
  eleventyConfig.addTemplate("shelfmark/feeds.njk", "", {
    layout: "layouts/feeds.njk",
    permalink: FEEDS_PAGE_URL,
    navSection: "feeds",
    pageTitle: "Feeds",
    pageDescription: "Follow the list, or one of its tags, in a feed reader: Atom, RSS and JSON Feed.",
  });
}
