import type { EleventyConfig } from "../eleventy-types.ts";
import { InvalidContentError } from "../errors.ts";
import { prefixedLinks } from "../site/path-prefix.ts";
import { reservedSlugProblems, tagIndexViews, tagPages, type TagIndexView, type TagPage, type TagSummary } from "./tag-pages.ts";
import type { WithContext } from "../context.ts";

export interface TagsData {
  /** By name, as the library sorts them. */
  tags: TagSummary[];
  /** `/tags/` (by name) and `/tags/by-count/`. */
  views: TagIndexView[];
  pages: TagPage[];
}

const PLUGIN = "tags";

/** The tag index (`/tags/`, `/tags/by-count/`) and every tag's paginated list (`/tags/<slug>/page/2/`). */
export function tagsPlugin(eleventyConfig: EleventyConfig, options: WithContext): void {
  const { ctx } = options;

  let current: Promise<TagsData> | undefined;
  const load = async (): Promise<TagsData> => {
    const { tags } = await ctx.library();
    const problems = reservedSlugProblems(tags);
    // Printed once by Eleventy (src/errors.ts).
    if (problems.length) throw new InvalidContentError(PLUGIN, problems);
    const summaries = await ctx.tagSummaries();
    return ctx.timings.time("tags (index and pages)", () => {
      const site = ctx.site();
      return { tags: summaries, views: tagIndexViews(summaries), pages: tagPages(tags, summaries, site.perPage) };
    });
  };
  const get = () => (current ??= load());
  eleventyConfig.on("eleventy.before", () => {
    current = undefined;
  });
  eleventyConfig.addWatchTarget(ctx.taxonomyFile);

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
    ...prefixedLinks(ctx, "shelfmark/tag.njk"),
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
