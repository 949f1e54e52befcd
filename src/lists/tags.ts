import type { EleventyConfig } from "../eleventy-types.ts";
import { InvalidContentError } from "../errors.ts";
import { libraryOf } from "../papers/index.ts";
import { prefixedLinks } from "../site/path-prefix.ts";
import { siteFor } from "../site/settings.ts";
import { reservedSlugProblems, summariseTags, tagIndexViews, tagPages, type TagIndexView, type TagPage, type TagSummary } from "./tag-pages.ts";
import { timeStage } from "../runtime/timings.ts";
import { DEFAULT_TAXONOMY_FILE, descriptionsByKey, loadTaxonomy } from "../papers/taxonomy.ts";

export interface TagsPluginOptions {
  /** Site settings file: papers per page and the site title (for feed titles). */
  settingsFile?: string;
  /** Tag descriptions; a missing file means tags without descriptions. */
  taxonomyFile?: string;
}

export interface TagsData {
  /** By name, as the library sorts them. */
  tags: TagSummary[];
  /** `/tags/` (by name) and `/tags/by-count/`. */
  views: TagIndexView[];
  pages: TagPage[];
}

const PLUGIN = "tags";

/** The tag index (`/tags/`, `/tags/by-count/`) and every tag's paginated list (`/tags/<slug>/page/2/`). */
export function tagsPlugin(eleventyConfig: EleventyConfig, options: TagsPluginOptions = {}): void {
  const settingsFile = options.settingsFile ?? "content/site.yaml";
  const taxonomyFile = options.taxonomyFile ?? DEFAULT_TAXONOMY_FILE;
  const library = libraryOf(eleventyConfig);

  let current: Promise<TagsData> | undefined;
  const load = async (): Promise<TagsData> => {
    const { tags } = await library();
    const problems = reservedSlugProblems(tags);
    // Printed once by Eleventy (src/errors.ts).
    if (problems.length) throw new InvalidContentError(PLUGIN, problems);
    return timeStage("tags (index and pages)", () => {
      const site = siteFor(eleventyConfig, settingsFile);
      const summaries = summariseTags(tags, descriptionsByKey(loadTaxonomy(taxonomyFile)), site.title);
      return { tags: summaries, views: tagIndexViews(summaries), pages: tagPages(tags, summaries, site.perPage) };
    });
  };
  const get = () => (current ??= load());
  eleventyConfig.on("eleventy.before", () => {
    current = undefined;
  });
  eleventyConfig.addWatchTarget(taxonomyFile);

  eleventyConfig.addGlobalData("tagIndex", async () => (await get()).views);
  eleventyConfig.addGlobalData("tagPages", async () => (await get()).pages);

  eleventyConfig.addTemplate("shelfmark/tags.njk", "", {
    layout: "layouts/tags.njk",
    pagination: { data: "tagIndex", size: 1, alias: "tagView" },
    permalink: (data: { tagView: TagIndexView }) => data.tagView.url,
    navSection: "tags",
    eleventyComputed: {
      pageTitle: (data: { tagView: TagIndexView }) => (data.tagView.sort === "name" ? "Tags" : "Tags by number of papers"),
    },
  });
  eleventyConfig.addTemplate("shelfmark/tag.njk", "", {
    layout: "layouts/tag.njk",
    // Lists write their links with the path prefix (src/site/path-prefix.ts): the transform skips their pages.
    ...prefixedLinks(eleventyConfig, "shelfmark/tag.njk"),
    pagination: { data: "tagPages", size: 1, alias: "listPage" },
    permalink: (data: { listPage: TagPage }) => data.listPage.url,
    navSection: "tags",
    eleventyComputed: {
      pageTitle: (data: { listPage: TagPage }) => `Tag: ${data.listPage.tag.name}${data.listPage.number > 1 ? ` (page ${data.listPage.number})` : ""}`,
      pageDescription: (data: { listPage: TagPage }) => data.listPage.tag.description || `Papers tagged ${data.listPage.tag.name}.`,
      // head-extra's feed links put a page's own feeds before the site's.
      ownFeeds: (data: { listPage: TagPage }) => data.listPage.tag.feeds,
    },
  });
}
