import type { EleventyConfig } from "./eleventy-types.ts";

export interface ThemePluginOptions {
  /** Folder of stylesheets, scripts and icons, copied to `/assets/`. */
  assetsDir?: string;
  /**
   * An icon copied to `/favicon.ico`: browsers and feed readers ask for it there whatever the page says,
   * and a missing one fills logs with 404s. Kept out of `assetsDir` so it is not copied twice.
   */
  faviconIco?: string;
}

/** The look of the site: assets copied as they are (theme.css holds every colour and size), templates live in `_includes/`. */
export function themePlugin(eleventyConfig: EleventyConfig, options: ThemePluginOptions = {}): void {
  const assetsDir = options.assetsDir ?? "_includes/assets";
  const faviconIco = options.faviconIco ?? "_includes/favicon.ico";
  eleventyConfig.addPassthroughCopy({ [assetsDir]: "assets", [faviconIco]: "favicon.ico" });
  eleventyConfig.addWatchTarget(assetsDir);
}
