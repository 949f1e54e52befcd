import { existsSync } from "node:fs";
import type { EleventyConfig } from "../eleventy-types.ts";

export interface ThemePluginOptions {
  /** Folder of stylesheets, scripts and icons, copied to `/assets/`. */
  assetsDir?: string;
  /**
   * An icon copied to `/favicon.ico`: browsers and feed readers ask for it there whatever the page says,
   * and a missing one fills logs with 404s. Kept out of `assetsDir` so it is not copied twice.
   */
  faviconIco?: string;
  /**
   * The user's own stylesheet, loaded after the theme so that it can set the theme's variables. It lives in
   * content/, the user's side, so that taking a new shelfmark version never meets an edited theme.css.
   */
  customCss?: string;
}

/** The look of the site: assets copied as they are (theme.css holds every colour and size), templates live in `_includes/`. */
export function themePlugin(eleventyConfig: EleventyConfig, options: ThemePluginOptions = {}): void {
  const assetsDir = options.assetsDir ?? "_includes/assets";
  const faviconIco = options.faviconIco ?? "_includes/favicon.ico";
  eleventyConfig.addPassthroughCopy({ [assetsDir]: "assets", [faviconIco]: "favicon.ico" });
  eleventyConfig.addWatchTarget(assetsDir);
  const customCss = options.customCss ?? "content/custom.css";
  eleventyConfig.addPassthroughCopy({ [customCss]: "assets/custom.css" });
  // Asked at each build: the dev server picks up a stylesheet created while it runs.
  eleventyConfig.addGlobalData("customStylesheet", () => existsSync(customCss));
}
