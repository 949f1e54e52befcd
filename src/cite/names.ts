// People's names for citations: split into given, family, particle and suffix, as BibTeX and CSL want them;
// plain-ASCII folding for citation keys.
import { collapseWhitespace } from "../util/format.ts";
import { latin1Copies } from "../runtime/latin1.ts";

/** A person's name split the way BibTeX and CSL want it. `literal` when it cannot be split (one word). */
export interface PersonName {
  given?: string;
  /** Lower-case particle before the family name: `van der` in `Laurens van der Maaten`. */
  particle?: string;
  family?: string;
  suffix?: string;
  literal?: string;
}

const SUFFIXES = new Set(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "2nd", "3rd"]);
/** Particles count only when written in lower case, as BibTeX decides its "von" part. */
const PARTICLES = new Set(["van", "von", "der", "den", "de", "del", "della", "dello", "di", "da", "das", "dos", "du", "la", "le", "ten", "ter", "zu", "zum", "zur", "bin", "ibn", "al", "el", "y", "d'", "l'"]);

const isSuffix = (word: string) => SUFFIXES.has(word.toLowerCase());

/**
 * Splits a full name as stored (`First Last`, or `Last, First` / `Last, Jr, First` as BibTeX writes it).
 * The family name is the last word, together with the lower-case particles just before it; a trailing
 * `Jr.`/`III` is the suffix. A single word (a mononym, a group) stays whole.
 */
export function parseName(full: string): PersonName {
  // The same authors come back on every list and in every format (BibTeX twice, CSL, Highwire, keys).
  let parsed = parsedNames.get(full);
  if (!parsed) {
    parsed = Object.freeze(splitName(full));
    parsedNames.set(full, parsed);
  }
  return parsed;
}
const parsedNames = new Map<string, Readonly<PersonName>>();

function splitName(full: string): PersonName {
  const name = collapseWhitespace(full);
  const parts = name.split(",").map((p) => p.trim()).filter(Boolean);
  if (parts.length >= 2 && !(parts.length === 2 && isSuffix(parts[1]!))) {
    // `Last, First` or `Last, Jr, First`: the comma already says where the family name ends.
    const suffix = parts.length >= 3 ? parts[1] : undefined;
    const given = parts.length >= 3 ? parts.slice(2).join(", ") : parts[1];
    const { particle, family } = splitParticle(parts[0]!.split(" "));
    return clean({ given, particle, family, suffix });
  }
  let suffix: string | undefined;
  let words = parts[0]?.split(" ") ?? [];
  if (parts.length === 2) suffix = parts[1];
  else if (words.length > 2 && isSuffix(words.at(-1)!)) {
    suffix = words.at(-1);
    words = words.slice(0, -1);
  }
  if (words.length < 2) return { literal: name };
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!)) start--;
  return clean({ given: words.slice(0, start).join(" "), particle: words.slice(start, -1).join(" ") || undefined, family: words.at(-1), suffix });
}

function splitParticle(words: string[]): { particle?: string; family: string } {
  let i = 0;
  while (i < words.length - 1 && PARTICLES.has(words[i]!)) i++;
  return { particle: words.slice(0, i).join(" ") || undefined, family: words.slice(i).join(" ") };
}

export function clean<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined && v !== "") out[key] = v;
  return out as T;
}

/** `van der Maaten`: the family name with its particle, as a reader says it. */
export function familyName(name: PersonName): string {
  return name.literal ?? [name.particle, name.family].filter(Boolean).join(" ");
}

/** `van der Maaten, Laurens`: the order Google Scholar's and Zotero's meta readers split reliably. */
export function invertedName(name: PersonName): string {
  if (name.literal) return name.literal;
  return `${familyName(name)}, ${[name.given, name.suffix].filter(Boolean).join(" ")}`;
}

// ---- plain ASCII for keys --------------------------------------------------------------------------

const ASCII_LETTERS: Record<string, string> = { ß: "ss", æ: "ae", Æ: "AE", ø: "o", Ø: "O", œ: "oe", Œ: "OE", ł: "l", Ł: "L", đ: "d", Đ: "D", ð: "d", þ: "th", Þ: "TH", ı: "i" };

/** `Ré` → `re`, `Łukasz` → `lukasz`; anything without a Latin spelling disappears. */
export function asciiFold(text: string): string {
  // Plain ASCII (most words) has nothing to fold or strip of accents.
  if (ASCII.test(text)) return text.toLowerCase().replace(NOT_ALPHANUMERIC, "");
  // ASCII in the end, but built from the two-byte NFKD form: copied into one byte (src/runtime/latin1.ts).
  return latin1Copies(
    text
      .replace(/[ßæÆøØœŒłŁđĐðþÞı]/g, (c) => ASCII_LETTERS[c] ?? c)
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(NOT_ALPHANUMERIC, ""),
  );
}
const ASCII = /^[\x00-\x7f]*$/;
const NOT_ALPHANUMERIC = /[^a-z0-9]/g;
