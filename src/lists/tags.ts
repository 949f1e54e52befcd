import type { EleventyConfig } from "../eleventy-types.ts";
import { InvalidContentError } from "../errors.ts";
import { addPagesAside } from "../site/aside.ts";
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
  // Written by shelfmark's own step (src/site/aside.ts): Eleventy would hold every page of every tag until the end.
  addPagesAside<{ tagPages: TagPage[] }>(eleventyConfig, ctx, {
    plugin: PLUGIN,
    template: "shelfmark/tag.njk",
    layout: "layouts/tag.njk",
    // Lists write their links with the path prefix (src/site/path-prefix.ts): the transform skips their pages.
    data: { ...prefixedLinks(ctx, "shelfmark/tag.njk"), navSection: "tags" },
    noun: "tag page",
    *pages({ tagPages }) {
      for (const listPage of tagPages) {
        const { tag, number } = listPage;
        yield {
          url: listPage.url,
          data: {
            listPage,
            pageTitle: `Tag: ${tag.name}${number > 1 ? ` (page ${number})` : ""}`,
            pageDescription: tag.description || `Papers tagged ${tag.name}.`,
            // head-extra's feed links put a page's own feeds before the site's.
            ownFeeds: tag.feeds,
          },
        };
      }
    },
  });
}
