import { HtmlBasePlugin } from "@11ty/eleventy";
import { cleanPlugin } from "./src/clean.ts";
import type { EleventyConfig } from "./src/eleventy-types.ts";
import { markdownPlugin } from "./src/markdown.ts";
import { pagesPlugin } from "./src/pages.ts";
import { papersPlugin } from "./src/papers.ts";
import { resolveLocation, sitePlugin } from "./src/site.ts";
import { searchPlugin } from "./src/search.ts";
import { tagsPlugin } from "./src/tags.ts";
import { feedsPlugin } from "./src/feeds.ts";
import { themePlugin } from "./src/theme.ts";
import { timingsPlugin } from "./src/timings.ts";

/** shelfmark: each concern is one plugin in src/; their order is the order of the build's stages. */
export default function shelfmark(eleventyConfig: EleventyConfig): void {
  eleventyConfig.addPlugin(timingsPlugin);
  eleventyConfig.addPlugin(cleanPlugin);
  eleventyConfig.addPlugin(sitePlugin, { settingsFile: "content/site.yaml" });
  eleventyConfig.addPlugin(markdownPlugin);
  eleventyConfig.addPlugin(papersPlugin, { dir: "content/papers" });
  eleventyConfig.addPlugin(themePlugin);
  eleventyConfig.addPlugin(pagesPlugin);
  eleventyConfig.addPlugin(tagsPlugin);
  eleventyConfig.addPlugin(feedsPlugin);
  eleventyConfig.addPlugin(searchPlugin);
  eleventyConfig.addPlugin(HtmlBasePlugin);
}

export const config = {
  dir: { input: "content", includes: "../_includes", data: "_data", output: "_site" },
  templateFormats: ["njk", "md", "html"],
  markdownTemplateEngine: "njk",
  htmlTemplateEngine: "njk",
  pathPrefix: resolveLocation(process.env).pathPrefix,
};
