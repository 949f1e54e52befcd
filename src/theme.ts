import type { EleventyConfig } from "./eleventy-types.ts";

export interface ThemePluginOptions {
  /** Folder of stylesheets, scripts and icons, copied to `/assets/`. */
  assetsDir?: string;
}

/** The look of the site: assets copied as they are, templates live in `_includes/`. */
export function themePlugin(eleventyConfig: EleventyConfig, options: ThemePluginOptions = {}): void {
  const assetsDir = options.assetsDir ?? "_includes/assets";
  eleventyConfig.addPassthroughCopy({ [assetsDir]: "assets" });
  eleventyConfig.addWatchTarget(assetsDir);
}
