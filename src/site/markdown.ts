import MarkdownItFactory, { type MarkdownIt } from "markdown-it";
import type { EleventyConfig } from "../eleventy-types.ts";
import { mathMarkdown, type MathEnv } from "../math/markdown.ts";
import { MathRenderer } from "../math/tex.ts";
import { noteLinksMarkdown, type LinksEnv } from "../links/markdown.ts";

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
 * highest heading becomes an h3 whatever level it was written at (`#` or `###`), the others keep their
 * distance below it, down to h6. Headings never skip a level because of the shift.
 */
export function shiftHeadings(md: MarkdownIt, top: number): MarkdownIt {
  md.core.ruler.push("shelfmark_shift_headings", (state) => {
    const headings = state.tokens.filter((t) => t.type === "heading_open" || t.type === "heading_close");
    if (headings.length === 0) return;
    const highest = Math.min(...headings.map((t) => Number(t.tag.slice(1))));
    for (const token of headings) token.tag = `h${Math.min(6, Number(token.tag.slice(1)) - highest + top)}`;
  });
  return md;
}

/**
 * What a render of notes is given and tells: the build's math renderer (src/math/) and the formulas it rejected;
 * the list to resolve note links against (src/links/), the papers they name and the links to nothing.
 */
export interface NotesEnv extends MathEnv, LinksEnv {
  mathRenderer?: MathRenderer;
}

const notesMarkdown = noteLinksMarkdown(mathMarkdown(shiftHeadings(createMarkdown(), 3), (env: NotesEnv) => (env.mathRenderer ??= new MathRenderer())));

/**
 * Notes as HTML: shelfmark's markdown, headings from h3, `$...$` and `$$...$$` typeset as MathML, `[[slug]]` and
 * `[@key]` linked to the papers they name (when `env.linkResolver` is given; else they stay as written).
 */
export function renderNotes(source: string, env: NotesEnv = {}): string {
  return notesMarkdown.render(source, env as never); // markdown-it types its env as an index signature
}

/** Eleventy turns markdown-it's `html` option on by default: replace its library with ours. */
export function markdownPlugin(eleventyConfig: EleventyConfig, options: MarkdownOptions = {}): void {
  eleventyConfig.setLibrary("md", options.linkify === undefined ? markdown : createMarkdown(options));
}
