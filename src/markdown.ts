import MarkdownItFactory, { type MarkdownIt } from "markdown-it";
import type { EleventyConfig } from "./eleventy-types.ts";

export interface MarkdownOptions {
  /** Turn bare URLs in notes into links. */
  linkify?: boolean;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const ALLOWED_SCHEMES = new Set(["http", "https", "mailto"]);

/**
 * Only web, mail and same-site links become links: `javascript:`, `data:`, `file:` and custom schemes
 * stay plain text, whatever a note (or an imported abstract) contains.
 */
export function isSafeLink(href: string): boolean {
  const trimmed = href.trim().replace(/[\u0000-\u001f\u007f\s]+/g, "");
  const match = SCHEME.exec(trimmed);
  return match ? ALLOWED_SCHEMES.has(match[1]!.toLowerCase()) : true;
}

/** One markdown-it for notes and pages: raw HTML is escaped, never passed through. */
export function createMarkdown(options: MarkdownOptions = {}): MarkdownIt {
  const md = new MarkdownItFactory({ html: false, linkify: options.linkify ?? true, typographer: false });
  md.validateLink = isSafeLink;
  return md;
}

export const markdown = createMarkdown();

/**
 * Notes sit under the paper's "Notes" heading (an h2), and the title is the page's only h1: a note's
 * `#` becomes an h3, `##` an h4, and so on down to h6.
 */
export function shiftHeadings(md: MarkdownIt, by: number): MarkdownIt {
  md.core.ruler.push("shelfmark_shift_headings", (state) => {
    for (const token of state.tokens) {
      if (token.type === "heading_open" || token.type === "heading_close") {
        token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + by)}`;
      }
    }
  });
  return md;
}

const notesMarkdown = shiftHeadings(createMarkdown(), 2);

export function renderNotes(source: string): string {
  return notesMarkdown.render(source);
}

/** Eleventy turns markdown-it's `html` option on by default: replace its library with ours. */
export function markdownPlugin(eleventyConfig: EleventyConfig, options: MarkdownOptions = {}): void {
  eleventyConfig.setLibrary("md", options.linkify === undefined ? markdown : createMarkdown(options));
}
