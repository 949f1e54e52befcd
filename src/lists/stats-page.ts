import type { EleventyConfig } from "../eleventy-types.ts";
import { buildStats, type Stats } from "./stats.ts";
import { statusUrl } from "./status.ts";
import { paperUrl, tagUrl } from "../util/urls.ts";
import type { WithContext } from "../context.ts";

export interface StatsPluginOptions {
  /** Where the page is written. */
  url?: string;
  /** Most bars in the tag chart (the table under it lists every tag). */
  maxTagBars?: number;
}

/** `/stats/`: papers per status, per tag and per month added, as SVG charts drawn at build time. */
export function statsPlugin(eleventyConfig: EleventyConfig, options: StatsPluginOptions & WithContext): void {
  const { ctx } = options;
  eleventyConfig.addTemplate("shelfmark/stats.njk", "", {
    layout: "layouts/stats.njk",
    permalink: options.url ?? "/stats/",
    pageTitle: "Statistics",
    pageDescription: "Papers per reading status, per tag and per month added.",
    eleventyComputed: {
      stats: async (): Promise<Stats> => {
        const { papers, tags } = await ctx.library();
        return ctx.timings.time("stats page", () =>
          buildStats({
            papers,
            tags: tags.map((t) => ({ name: t.name, url: tagUrl(t.slug), count: t.papers.length })),
            statusUrl,
            maxTagBars: options.maxTagBars,
            mentions: papers.map((p) => ({ title: p.title, url: paperUrl(p.slug), count: p.mentionedIn.length })),
          }),
        );
      },
    },
  });
}
