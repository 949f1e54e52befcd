// Pages of the person's own in content/ (an about.md, say): they get the site's frame without having to name a
// layout. Eleventy's computed data cannot set `layout`, and a global `layout` would reach the templates that
// write feeds and exports too; so the layout is chosen for each page just before it renders. Pure.

/** The layout a page of the person's own gets when it names none. */
export const OWN_PAGE_LAYOUT = "layouts/page.njk";

/** What decides whether a page gets the default layout: its data, as Eleventy hands it to a preprocessor. */
export interface OwnPageData {
  layout?: unknown;
  permalink?: unknown;
  page?: { inputPath?: string; outputFileExtension?: string };
}

/**
 * The layout to give a page, or undefined to leave it as it is: only an HTML page that names no layout at all
 * (`layout: false` is a choice) and is not one of shelfmark's own templates, all of which name theirs.
 */
export function defaultLayout(data: OwnPageData, virtualDir: string): string | undefined {
  if (data.layout !== undefined || !writesHtml(data)) return undefined;
  const inputPath = data.page?.inputPath ?? "";
  if (inputPath.replace(/^\.\//, "").startsWith(virtualDir)) return undefined;
  return OWN_PAGE_LAYOUT;
}

/**
 * Whether the page is written as HTML. Before a page renders its URL is not known yet, only its permalink: none
 * (the file's own address), a folder, or a name ending in .html. A permalink of another kind (a template, a
 * function, `false`) is the person's own business.
 */
function writesHtml({ permalink, page }: OwnPageData): boolean {
  if (page?.outputFileExtension !== undefined && page.outputFileExtension !== "html") return false;
  if (permalink === undefined) return true;
  return typeof permalink === "string" && /(\/|\.html?)$/.test(permalink);
}

/** A page of the person's own as the footer links it. */
export interface OwnPageLink {
  url: string;
  title: string;
}

/**
 * The pages that got the default layout and have a title, in the order of their addresses: what every page's footer
 * links to. A page with a layout of its own is a page the person places themselves.
 */
export function ownPageLinks(items: ReadonlyArray<{ url: string | false; data: { layout?: unknown; title?: unknown } }>): OwnPageLink[] {
  return items
    .filter((item) => item.data.layout === OWN_PAGE_LAYOUT && typeof item.url === "string" && typeof item.data.title === "string" && item.data.title.trim() !== "")
    .map((item) => ({ url: item.url as string, title: (item.data.title as string).trim() }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
