import { createHash } from "node:crypto";
import slugify from "@sindresorhus/slugify";
import { formulaSpans } from "../math/tex.ts";

export const MAX_SLUG_LENGTH = 60;

// A slug cut at 60 characters should not end on a word that needs the next one.
const DANGLING = new Set(["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or", "the", "to", "via", "vs", "with", "without"]);

// "Survey: …", "Position: …": a prefix that names a kind of paper, not the paper.
const GENERIC_PREFIXES = new Set([
  "abstract", "book-review", "comment", "commentary", "correction", "editorial", "erratum", "extended-abstract", "introduction",
  "invited-talk", "keynote", "letter", "note", "overview", "perspective", "position", "preprint", "reply", "response", "review",
  "short-paper", "survey", "technical-report", "tutorial", "vision",
]);

// Commands that stand for a word a reader would say: Greek letters and named functions. Any other command
// (`\mathcal`, `\frac`, `\operatorname`) is markup: its name goes, its arguments stay (`\mathcal{O}` → `O`).
const SPOKEN = new Set([
  ..."alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi omega".split(" "),
  ..."Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split(" "),
  ..."log ln exp sin cos tan max min sup inf lim det dim ker arg deg gcd".split(" "),
]);

/** A title whose formulas (`$\mathcal{O}(n \log n)$`) are read as the words they say (`O n log n`). */
export function withFormulasAsWords(title: string): string {
  const spans = formulaSpans(title);
  if (spans.length === 0) return title;
  let out = "";
  let at = 0;
  for (const [start, end] of spans) {
    const tex = title.slice(start, end).replace(/^\$+|\$+$/g, "");
    const words = tex.replace(/\\(var)?([A-Za-z]+)/g, (_all, _var, name: string) => (SPOKEN.has(name) ? ` ${name} ` : " "));
    out += `${title.slice(at, start)} ${words} `;
    at = end;
  }
  return out + title.slice(at);
}

/**
 * The file name (and URL) for a new paper: lowercase ASCII words of its title, transliterated
 * (`Über` → `ueber`), names kept whole (`FlashAttention` → `flashattention`, not `flash-attention`),
 * cut at a word boundary to at most 60 characters. A title of the form "Name: what it does" is
 * known by its name, so the name alone is the slug (`FlashAttention: Fast…` → `flashattention`),
 * unless it is generic ("Survey: …"). Formulas count by the words they say. A title with no letters that transliterate gets `paper-` and
 * a short hash of the title, so the slug is still stable.
 */
export function paperSlug(title: string, max = MAX_SLUG_LENGTH): string {
  title = withFormulasAsWords(title);
  const colon = title.indexOf(": ");
  const name = colon > 0 ? slugify(title.slice(0, colon), { decamelize: false }) : "";
  const full = name.length >= 3 && !GENERIC_PREFIXES.has(name) ? name : slugify(title, { decamelize: false });
  if (!full) return `paper-${createHash("sha256").update(title.normalize("NFC")).digest("hex").slice(0, 8)}`;
  let words = full.split("-");
  if (full.length > max) {
    const kept: string[] = [];
    let length = 0;
    for (const word of words) {
      const next = length + (kept.length ? 1 : 0) + word.length;
      if (next > max) break;
      kept.push(word);
      length = next;
    }
    // One enormous word: cut it rather than return nothing.
    words = kept.length ? kept : [words[0]!.slice(0, max)];
  }
  while (words.length > 1 && DANGLING.has(words.at(-1)!)) words.pop();
  return words.join("-");
}

/**
 * `slug` if it is free, else `slug-2`, `slug-3`…; the suffix stays within the length limit.
 * `taken` holds slugs of existing files and of files this run will write.
 */
export function uniqueSlug(slug: string, taken: ReadonlySet<string>, max = MAX_SLUG_LENGTH): string {
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    let base = slug;
    if (base.length + suffix.length > max) base = base.slice(0, max - suffix.length).replace(/-+$/, "");
    const candidate = base + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}
