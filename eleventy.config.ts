import { citationsPlugin, exportsPlugin } from "./src/cite/index.ts";
import { BuildContext } from "./src/context.ts";
import type { EleventyConfig } from "./src/eleventy-types.ts";
import { errorsPlugin } from "./src/errors.ts";
import { feedsPlugin } from "./src/feeds/index.ts";
import { statsPlugin, statusPlugin, tagsPlugin } from "./src/lists/index.ts";
import { papersPlugin } from "./src/papers/index.ts";
import { mathPlugin } from "./src/math/index.ts";
import { relatedPlugin } from "./src/related/index.ts";
import { devServerTurnPlugin } from "./src/runtime/dev-server.ts";
import { timingsPlugin } from "./src/runtime/timings.ts";
import { searchPlugin } from "./src/search/index.ts";
import { cleanPlugin, configPathPrefix, markdownPlugin, pagesPlugin, pathPrefixPlugin, sitePlugin, themePlugin } from "./src/site/index.ts";

/**
 * shelfmark: each concern is one plugin of a feature folder in src/, and every plugin gets the one build context
 * (src/context.ts): the settings, the library, the taxonomy and the tag summaries, made once per build whichever
 * plugin asks first. Plugins never look each other up, so they may come in any order but one: transforms run
 * in the order they are added (see docs/architecture.md).
 */
export default function shelfmark(eleventyConfig: EleventyConfig): void {
  const ctx = new BuildContext(eleventyConfig, {
    papersDir: "content/papers",
    settingsFile: "content/site.yaml",
    taxonomyFile: "content/_data/taxonomy.yaml",
  });
  // First: content errors are printed once, without a stack trace, whichever plugin finds them.
  eleventyConfig.addPlugin(errorsPlugin);
  // Its transform runs first on each page: the time of the first and last page rendered.
  eleventyConfig.addPlugin(timingsPlugin, { ctx });
  eleventyConfig.addPlugin(cleanPlugin, { ctx });
  eleventyConfig.addPlugin(sitePlugin, { ctx });
  // Before the plugins whose transforms read finished pages (search): they see the URLs as published.
  eleventyConfig.addPlugin(pathPrefixPlugin, { ctx });
  eleventyConfig.addPlugin(markdownPlugin);
  eleventyConfig.addPlugin(papersPlugin, { ctx });
  eleventyConfig.addPlugin(mathPlugin, { ctx });
  // Its transform where papersPlugin's was: in the dev server, each page gives waiting requests their turn.
  eleventyConfig.addPlugin(devServerTurnPlugin);
  eleventyConfig.addPlugin(themePlugin);
  eleventyConfig.addPlugin(pagesPlugin, { ctx });
  eleventyConfig.addPlugin(tagsPlugin, { ctx });
  eleventyConfig.addPlugin(feedsPlugin, { ctx });
  eleventyConfig.addPlugin(statusPlugin, { ctx });
  eleventyConfig.addPlugin(citationsPlugin, { ctx });
  eleventyConfig.addPlugin(exportsPlugin, { ctx });
  eleventyConfig.addPlugin(relatedPlugin, { ctx });
  eleventyConfig.addPlugin(statsPlugin, { ctx });
  eleventyConfig.addPlugin(searchPlugin, { ctx });
}

export const config = {
  dir: { input: "content", includes: "../_includes", data: "_data", output: "_site" },
  // 11ty.js: the virtual templates that hand on exports and feeds as they are (src/cite/exports.ts, src/feeds/index.ts).
  templateFormats: ["njk", "md", "html", "11ty.js"],
  markdownTemplateEngine: "njk",
  htmlTemplateEngine: "njk",
  // Never throws: a SITE_URL or PATH_PREFIX that cannot be used stops the build with a message of its own (src/site/settings.ts).
  pathPrefix: configPathPrefix(process.env),
};
