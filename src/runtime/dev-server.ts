import type { EleventyConfig } from "../eleventy-types.ts";

/**
 * The dev server answers requests on the same thread, and Eleventy renders page after page without giving it a
 * turn: the edited page, written early (src/papers/index.ts renders changed papers first), could only be seen
 * once all the others were. Each page now lets waiting requests in before the next one. See docs/performance.md.
 */
export function devServerTurnPlugin(eleventyConfig: EleventyConfig): void {
  let serving = false;
  eleventyConfig.on("eleventy.before", ({ runMode }) => {
    serving = runMode === "serve";
  });
  eleventyConfig.addTransform("shelfmark-dev-server-turn", async (content: string) => {
    if (serving) await new Promise((resolve) => setImmediate(resolve));
    return content;
  });
}
