// The site as a whole: settings (`site`), the output folder emptied before a build, the theme's files, the
// GitHub Pages files, the path prefix, markdown for notes and pages. The preview server (preview.ts, serve.ts)
// is not a plugin: `npm run preview` and the tests use it.
export { cleanPlugin } from "./clean.ts";
export { markdownPlugin } from "./markdown.ts";
export { pagesPlugin } from "./pages.ts";
export { pathPrefixPlugin } from "./path-prefix.ts";
export { configPathPrefix, resolveLocation, sitePlugin } from "./settings.ts";
export { themePlugin } from "./theme.ts";
