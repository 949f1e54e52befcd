// The lists besides the home page: the tag index and each tag's pages, the reading-status pages, the stats page.
export { statsPlugin } from "./stats-page.ts";
export { statusPlugin } from "./status.ts";
export { tagsPlugin } from "./tags.ts";
