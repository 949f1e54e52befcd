/**
 * Memory for the pages Eleventy keeps. V8 stores a string in one byte per character when every character is
 * Latin-1, else in two; a string cut from a two-byte string stays two-byte even when what was cut is plain ASCII,
 * and so does anything joined from it. One paper file with a `ł` or a `—` would thus make two-byte every title,
 * author or tag cut from it, every cache that keeps them (tag names, parsed author names are shared across papers),
 * and every page that shows one: and Eleventy keeps each written page in memory until the build ends. The helpers
 * below give one-byte copies where the text allows; they are applied where text enters the build (reading paper
 * files, the settings and the taxonomy) and where conversions make new text (citation keys, LaTeX). What this
 * saves: docs/performance.md.
 */
import { escapeLikeNunjucks } from "../util/html.ts";

const BEYOND_LATIN1 = /[^\x00-\xff]/;
const BEYOND_LATIN1_ALL = /[^\x00-\xff]/gu;

/** Whether a text has characters outside Latin-1 (and so is stored two bytes a character, with its pieces). */
export function hasBeyondLatin1(text: string): boolean {
  return BEYOND_LATIN1.test(text);
}

/**
 * The value with each string that is all Latin-1 replaced by a one-byte copy; plain objects and arrays are copied
 * through, anything else is kept as it is. Only worth calling on values cut from a text with characters beyond
 * Latin-1 (see hasBeyondLatin1): elsewhere every string is one-byte already.
 */
export function latin1Copies<T>(value: T): T {
  if (typeof value === "string") return (BEYOND_LATIN1.test(value) ? value : oneByte(value)) as T;
  if (Array.isArray(value)) return value.map(latin1Copies) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, latin1Copies(v)])) as T;
  }
  return value;
}

/**
 * A value parsed from `source` (a file's text), with latin1Copies applied when the source has characters beyond
 * Latin-1, the only case in which its Latin-1 strings are two-byte. Otherwise the value itself.
 */
export function latin1CopiesFrom<T>(source: string, value: T): T {
  return BEYOND_LATIN1.test(source) ? latin1Copies(value) : value;
}

/**
 * Text for an HTML attribute or element, escaped, with every character beyond Latin-1 as a numeric character
 * reference (`…` → `&#x2026;`): the same text to any HTML parser, and the page stays one byte a character.
 */
export function latin1Html(text: string): string {
  // As Nunjucks' autoescape writes it, so text escaped here reads the same as text it escaped.
  return latin1References(escapeLikeNunjucks(text));
}

/** HTML (already escaped) with every character beyond Latin-1 as a numeric character reference, one byte a character. */
export function latin1References(html: string): string {
  if (!BEYOND_LATIN1.test(html)) return html;
  // What replace() builds from a two-byte string is two-byte, whatever is left in it: copied into one byte.
  return oneByte(html.replace(BEYOND_LATIN1_ALL, (c) => `&#x${c.codePointAt(0)!.toString(16)};`));
}

/** A one-byte copy of a string whose characters are all Latin-1. */
function oneByte(latin1: string): string {
  return Buffer.from(latin1, "latin1").toString("latin1");
}
