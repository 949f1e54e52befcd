import { cleanPlugin } from "./src/site/clean.ts";
import { errorsPlugin } from "./src/errors.ts";
import type { EleventyConfig } from "./src/eleventy-types.ts";
import { markdownPlugin } from "./src/site/markdown.ts";
import { pagesPlugin } from "./src/site/pages.ts";
import { pathPrefixPlugin } from "./src/site/path-prefix.ts";
import { papersPlugin } from "./src/papers/index.ts";
import { resolveLocation, sitePlugin } from "./src/site/settings.ts";
import { searchPlugin } from "./src/search/index.ts";
import { statusPlugin } from "./src/lists/status.ts";
import { citationsPlugin } from "./src/cite/index.ts";
import { exportsPlugin } from "./src/cite/exports.ts";
import { relatedPlugin } from "./src/related/index.ts";
import { statsPlugin } from "./src/lists/stats-page.ts";
import { tagsPlugin } from "./src/lists/tags.ts";
import { feedsPlugin } from "./src/feeds/index.ts";
import { themePlugin } from "./src/site/theme.ts";
import { timingsPlugin } from "./src/runtime/timings.ts";

/** shelfmark: each concern is one plugin in src/; their order is the order of the build's stages. */
export default function shelfmark(eleventyConfig: EleventyConfig): void {
  // First: content errors are printed once, without a stack trace, whichever plugin finds them.
  eleventyConfig.addPlugin(errorsPlugin);
  eleventyConfig.addPlugin(timingsPlugin);
  eleventyConfig.addPlugin(cleanPlugin);
  eleventyConfig.addPlugin(sitePlugin, { settingsFile: "content/site.yaml" });
  // Before the plugins whose transforms read finished pages (search): they see the URLs as published.
  eleventyConfig.addPlugin(pathPrefixPlugin);
  eleventyConfig.addPlugin(markdownPlugin);
  eleventyConfig.addPlugin(papersPlugin, { dir: "content/papers" });
  eleventyConfig.addPlugin(themePlugin);
  eleventyConfig.addPlugin(pagesPlugin);
  eleventyConfig.addPlugin(tagsPlugin);
  eleventyConfig.addPlugin(feedsPlugin);
  eleventyConfig.addPlugin(statusPlugin);
  eleventyConfig.addPlugin(citationsPlugin);
  eleventyConfig.addPlugin(exportsPlugin);
  eleventyConfig.addPlugin(relatedPlugin);
  eleventyConfig.addPlugin(statsPlugin);
  eleventyConfig.addPlugin(searchPlugin);
}

export const config = {
  dir: { input: "content", includes: "../_includes", data: "_data", output: "_site" },
  // 11ty.js: the virtual templates that hand on exports and feeds as they are (src/cite/exports.ts, src/feeds/index.ts).
  templateFormats: ["njk", "md", "html", "11ty.js"],
  markdownTemplateEngine: "njk",
  htmlTemplateEngine: "njk",
  pathPrefix: resolveLocation(process.env).pathPrefix,
};
