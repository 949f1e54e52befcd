import slugify from "@sindresorhus/slugify";

// Symbols that carry meaning in tag names: without these, `C++`, `C#` and `C` share one URL.
const SYMBOLS: [string, string][] = [
  ["++", " plus plus "],
  ["+", " plus "],
  ["#", " sharp "],
  ["&", " and "],
  ["@", " at "],
];

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * A readable URL segment for a tag that is never empty. Latin, Greek and Cyrillic are transliterated
 * (`Über` → `ueber`); scripts without a transliteration (`日本語`) are kept as they are rather than dropped,
 * so `LLM 日本語` does not collide with `LLM`.
 */
export function tagSlug(name: string): string {
  const options = { customReplacements: SYMBOLS };
  const untransliterable = [...name].some((ch) => LETTER_OR_DIGIT.test(ch) && slugify(ch, options) === "");
  const slug = slugify(name, { ...options, transliterate: !untransliterable });
  if (slug) return slug;
  // Only punctuation: spell the code points so the slug stays stable and distinct.
  return "tag-" + [...name.trim()].map((ch) => ch.codePointAt(0)!.toString(16)).join("-");
}
