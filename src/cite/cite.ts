import { Transform } from "unicode2latex";
import { collapseWhitespace } from "../util/format.ts";
import { latin1Copies } from "../runtime/latin1.ts";
import type { Paper } from "../papers/schema.ts";

/**
 * Citing a paper: BibTeX entries and keys, CSL-JSON items, Highwire Press meta tags and schema.org
 * JSON-LD. Pure functions of typed papers; the plugins in citations.ts and exports.ts call them once a build.
 */

// ---- names -----------------------------------------------------------------------------------------

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

function clean<T extends object>(value: T): T {
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

// ---- keys ------------------------------------------------------------------------------------------

const STOPWORDS = new Set(
  "a an the on of in for to and or with without via from by at as is are be do does can not into over under beyond between through towards toward we our your you how what why when which where its it this that these those using use".split(" "),
);

/** Year of publication: `published`, else the year a new-style arXiv id encodes (`2205.14135` → 2022). */
export function publicationYear(paper: Pick<Paper, "published" | "arxiv">): string | undefined {
  if (paper.published) return paper.published.slice(0, 4);
  const m = paper.arxiv ? /^(\d{2})(\d{2})\.\d{4,5}/.exec(paper.arxiv) : null;
  return m ? `20${m[1]}` : undefined;
}

/** Month of publication, 1–12, when known (from `published` or a new-style arXiv id). */
export function publicationMonth(paper: Pick<Paper, "published" | "arxiv">): number | undefined {
  if (paper.published) return paper.published.length >= 7 ? Number(paper.published.slice(5, 7)) : undefined;
  const m = paper.arxiv ? /^\d{2}(\d{2})\.\d{4,5}/.exec(paper.arxiv) : null;
  return m ? Number(m[1]) : undefined;
}

/** First title word that says something: `Attention Is All You Need` → `attention`. */
export function firstSignificantWord(title: string): string {
  // Folded one at a time: the first or second word is nearly always the one.
  let first = "";
  for (const raw of title.split(/\s+/)) {
    const word = asciiFold(raw);
    if (!word) continue;
    if (!STOPWORDS.has(word)) return word;
    first ||= word;
  }
  return first;
}

/**
 * The key before collisions are resolved: first author's family name + year + first significant title word,
 * lower-case ASCII (`vaswani2017attention`). No author: `anon`.
 */
export function baseKey(paper: Pick<Paper, "authors" | "title" | "published" | "arxiv">): string {
  const first = paper.authors[0];
  const family = first ? asciiFold(familyName(parseName(first))) : "";
  return `${family || "anon"}${publicationYear(paper) ?? ""}${firstSignificantWord(paper.title)}`;
}

/** `a`, `b`, ... `z`, `aa`, `ab`...: the suffixes that tell colliding keys apart. */
export function letterSuffix(n: number): string {
  let s = "";
  for (let i = n; i >= 0; i = Math.floor(i / 26) - 1) s = String.fromCharCode(97 + (i % 26)) + s;
  return s;
}

/**
 * One unique key per paper (by slug). Papers that share a base key are ordered by date added, then slug:
 * the first keeps the plain key, later ones get `a`, `b`...; so adding a paper never renames the key of
 * one already cited.
 */
export function citationKeys(papers: Pick<Paper, "slug" | "added" | "authors" | "title" | "published" | "arxiv">[]): Map<string, string> {
  const ordered = [...papers].sort((a, b) => (a.added !== b.added ? (a.added < b.added ? -1 : 1) : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const bases = new Map(ordered.map((p) => [p.slug, baseKey(p)]));
  const taken = new Set<string>();
  const keys = new Map<string, string>();
  // Plain keys first, so a suffixed key (`smith2020deepa`) can never take another paper's plain key.
  const plainOwner = new Map<string, string>();
  for (const p of ordered) if (!plainOwner.has(bases.get(p.slug)!)) plainOwner.set(bases.get(p.slug)!, p.slug);
  for (const [base] of plainOwner) taken.add(base);
  for (const p of ordered) {
    const base = bases.get(p.slug)!;
    if (plainOwner.get(base) === p.slug) {
      keys.set(p.slug, base);
      continue;
    }
    let n = 0;
    while (taken.has(base + letterSuffix(n))) n++;
    const key = base + letterSuffix(n);
    taken.add(key);
    keys.set(p.slug, key);
  }
  return keys;
}

// ---- BibTeX ----------------------------------------------------------------------------------------

// The `bibtex-creator` table braces every accent (`R{\'e}`), as BibTeX needs for sorting and labels.
const latex = new Transform("bibtex-creator");

/** Where TeX would join two typed characters into one glyph: `--` (en dash), `''`, two backquotes, `!`+backquote. */
const LIGATURE = /(?<=-)(?=-)|(?<=')(?=')|(?<=`)(?=`)|(?<=[!?])(?=`)/;

/**
 * Text for a braced BibTeX field: LaTeX specials escaped, accents as macros, braces always balanced, and
 * ligatures broken with `{}` so `<!-- x -->` or `a--b` come back as typed, not as dashes.
 */
export function bibtexText(text: string): string {
  // Most text is words with single spaces and no would-be ligature: skip the passes that would change nothing.
  const normal = collapseWhitespace(text).normalize("NFC");
  return LIGATURE_PAIR.test(normal) ? normal.split(LIGATURE).map(toLatex).join("{}") : toLatex(normal);
}
const LIGATURE_PAIR = /--|''|``|[!?]`/;

// unicode2latex costs about a microsecond a character, and a 10,000-paper export with abstracts spent most of
// its time there. Only non-ASCII characters (with their combining marks) and the ASCII characters it changes
// (`# $ % & < > \ ^ _ { | } ~`) are handed to it, one at a time, and each result is cached: the output is
// exactly what converting the whole string gives.
const latexCache = new Map<string, string>();
const NEEDS_LATEX = /[\x00-\x7f]\p{M}+|[^\x00-\x7f]\p{M}*|[#$%&<>\\^_{|}~]/gu;
function toLatex(text: string): string {
  return text.replace(NEEDS_LATEX, (cluster) => {
    let converted = latexCache.get(cluster);
    if (converted === undefined) {
      converted = latex.tolatex(cluster, { bracemath: true });
      // A macro left open (an accent with no letter to sit on) must not swallow the next character.
      if (/\\(?:[A-Za-z]+|['`^"~=.])$/.test(converted)) converted += "{}";
      // Cut from a two-byte string, it would make every entry that uses it two-byte (src/runtime/latin1.ts).
      converted = latin1Copies(converted);
      latexCache.set(cluster, converted);
    }
    return converted;
  });
}

/** Keywords are read verbatim by BibTeX readers (compared, not typeset): only braces and backslashes change. */
export function bibtexKeyword(tag: string): string {
  return tag.replace(/[{}\\]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** An acronym or a coined name: a capital after the first character of a part (`GPUs`, `IO-Aware`, `3D`), not `Memory-Efficient`. */
export function keepsCase(word: string): boolean {
  return word.split(/[-/]/).some((part) => /^.+\p{Lu}/su.test(part.replace(/^[^\p{L}\p{N}]+/u, "")));
}

/** Words with capitals after their first letter (`FlashAttention`, `GPU`, `IO-Aware`) keep their case in any style. */
export function bibtexTitle(title: string): string {
  return collapseWhitespace(title)
    .split(" ")
    .map((word) => (keepsCase(word) ? `{${bibtexText(word)}}` : bibtexText(word)))
    .join(" ");
}

/** A BibTeX author: `Family, Given`, `Family, Suffix, Given`, or the whole name braced when it is one unit. */
export function bibtexName(full: string): string {
  const name = parseName(full);
  if (name.literal !== undefined) return `{${bibtexText(name.literal)}}`;
  const family = bibtexText(familyName(name));
  // A family name containing "and" or a comma would be split by BibTeX: protect it.
  const safeFamily = /(^|\s)and(\s|$)|,/i.test(familyName(name)) ? `{${family}}` : family;
  const given = name.given ? bibtexText(name.given) : "";
  const guard = (s: string) => (/(^|\s)and(\s|$)/i.test(s) ? `{${s}}` : s);
  return [safeFamily, name.suffix ? bibtexText(name.suffix) : undefined, guard(given)].filter((p) => p !== undefined && p !== "").join(", ");
}

/** URLs and DOIs are read verbatim by BibTeX styles: only characters that would unbalance the field change. */
export function bibtexVerbatim(value: string): string {
  return value.replace(/[{}\\\s]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));
}

const MONTH_MACROS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** `hep-th/9901001` → `hep-th`; new-style ids do not carry their category. */
export function arxivPrimaryClass(id: string): string | undefined {
  const slash = id.indexOf("/");
  return slash > 0 ? id.slice(0, slash) : undefined;
}

export interface BibtexOptions {
  /** Add `abstract` and `keywords` (the tags): for the whole-list export, not the block on a page. */
  full?: boolean;
}

/**
 * One entry. Every paper is `@misc` (the list knows no journal or proceedings to name); arXiv papers
 * carry `eprint`, `archivePrefix` and, for old-style ids, `primaryClass`, as arXiv's own export does.
 */
export function bibtexEntry(paper: Paper, key: string, options: BibtexOptions = {}): string {
  const fields = [...bibtexFields(paper)];
  if (options.full) {
    if (paper.abstract) fields.push(["abstract", `{${bibtexText(paper.abstract)}}`]);
    if (paper.tags.length) fields.push(["keywords", `{${paper.tags.map(bibtexKeyword).join(", ")}}`]);
  }
  const width = Math.max(...fields.map(([name]) => name.length));
  return `@misc{${key},\n${fields.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join(",\n")}\n}\n`;
}

// A build writes each paper's entry twice (its page, and /papers.bib with the abstract): the fields both share
// are made once per paper object. Papers are immutable once loaded, and a WeakMap lets them go with the build.
const fieldsByPaper = new WeakMap<Paper, readonly (readonly [string, string])[]>();

function bibtexFields(paper: Paper): readonly (readonly [string, string])[] {
  let cached = fieldsByPaper.get(paper);
  if (!cached) {
    cached = baseFields(paper);
    fieldsByPaper.set(paper, cached);
  }
  return cached;
}

function baseFields(paper: Paper): [string, string][] {
  const fields: [string, string][] = [["title", `{${bibtexTitle(paper.title)}}`]];
  if (paper.authors.length) fields.push(["author", `{${paper.authors.map(bibtexName).join(" and ")}}`]);
  const year = publicationYear(paper);
  if (year) fields.push(["year", `{${year}}`]);
  const month = publicationMonth(paper);
  if (month) fields.push(["month", MONTH_MACROS[month - 1]!]);
  if (paper.arxiv) {
    fields.push(["eprint", `{${paper.arxiv}}`], ["archivePrefix", "{arXiv}"]);
    const primary = arxivPrimaryClass(paper.arxiv);
    if (primary) fields.push(["primaryClass", `{${primary}}`]);
  }
  if (paper.doi) fields.push(["doi", `{${bibtexVerbatim(paper.doi)}}`]);
  const url = paper.url ?? (paper.arxiv ? `https://arxiv.org/abs/${paper.arxiv}` : undefined);
  if (url) fields.push(["url", `{${bibtexVerbatim(url)}}`]);
  return fields;
}

// ---- CSL-JSON --------------------------------------------------------------------------------------

export interface CslName {
  family?: string;
  given?: string;
  "non-dropping-particle"?: string;
  suffix?: string;
  literal?: string;
}

export interface CslItem {
  id: string;
  type: "article";
  title: string;
  author?: CslName[];
  issued?: { "date-parts": [number[]] };
  abstract?: string;
  DOI?: string;
  URL?: string;
  publisher?: string;
  number?: string;
  keyword?: string;
}

export function cslName(full: string): CslName {
  const n = parseName(full);
  if (n.literal !== undefined) return { literal: n.literal };
  return clean({ family: n.family, given: n.given, "non-dropping-particle": n.particle, suffix: n.suffix });
}

/** Date parts of `published` (`2017`, `2017-06`, `2017-06-12`), else what the arXiv id says. */
export function issuedParts(paper: Pick<Paper, "published" | "arxiv">): number[] | undefined {
  if (paper.published) return paper.published.split("-").map(Number);
  const year = publicationYear(paper);
  const month = publicationMonth(paper);
  return year ? [Number(year), ...(month ? [month] : [])] : undefined;
}

/** A CSL-JSON item, type `article` (CSL's type for preprints and manuscripts); arXiv as Zotero writes it. */
export function cslItem(paper: Paper, key: string): CslItem {
  const issued = issuedParts(paper);
  const item: CslItem = { id: key, type: "article", title: paper.title };
  if (paper.authors.length) item.author = paper.authors.map(cslName);
  if (issued) item.issued = { "date-parts": [issued] };
  if (paper.abstract) item.abstract = paper.abstract;
  if (paper.doi) item.DOI = paper.doi;
  const url = paper.url ?? (paper.arxiv ? `https://arxiv.org/abs/${paper.arxiv}` : undefined);
  if (url) item.URL = url;
  if (paper.arxiv) {
    item.publisher = "arXiv";
    item.number = `arXiv:${paper.arxiv}`;
  }
  if (paper.tags.length) item.keyword = paper.tags.join(", ");
  return item;
}

// ---- Highwire Press meta (Google Scholar, Zotero) --------------------------------------------------

export interface MetaTag {
  name: string;
  content: string;
}

/** `2022-05-27` → `2022/05/27`, the form Google Scholar's inclusion guide asks for. */
export function highwireDate(paper: Pick<Paper, "published" | "arxiv">): string | undefined {
  return issuedParts(paper)
    ?.map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, "0")))
    .join("/");
}

/** `citation_*` meta tags, one per author and per keyword; values are raw text (the template escapes them). */
export function highwireMeta(paper: Paper): MetaTag[] {
  const tags: MetaTag[] = [{ name: "citation_title", content: paper.title }];
  for (const author of paper.authors) tags.push({ name: "citation_author", content: invertedName(parseName(author)) });
  const date = highwireDate(paper);
  if (date) tags.push({ name: "citation_publication_date", content: date });
  if (paper.arxiv) tags.push({ name: "citation_arxiv_id", content: paper.arxiv });
  if (paper.doi) tags.push({ name: "citation_doi", content: paper.doi });
  const pdf = paper.pdf ?? (paper.arxiv ? `https://arxiv.org/pdf/${paper.arxiv}` : undefined);
  if (pdf) tags.push({ name: "citation_pdf_url", content: pdf });
  if (paper.abstract) tags.push({ name: "citation_abstract", content: paper.abstract });
  for (const tag of paper.tags) tags.push({ name: "citation_keywords", content: tag });
  return tags;
}

// ---- schema.org JSON-LD ----------------------------------------------------------------------------

/** schema.org `ScholarlyArticle` for a paper page at `pageUrl` (absolute). */
export function scholarlyArticle(paper: Paper, pageUrl: string): Record<string, unknown> {
  const sameAs = [paper.arxiv ? `https://arxiv.org/abs/${paper.arxiv}` : undefined, paper.doi ? `https://doi.org/${paper.doi}` : undefined, paper.url].filter((u): u is string => !!u);
  const identifiers = [
    paper.arxiv ? { "@type": "PropertyValue", propertyID: "arXiv", value: paper.arxiv } : undefined,
    paper.doi ? { "@type": "PropertyValue", propertyID: "DOI", value: paper.doi } : undefined,
  ].filter(Boolean);
  return clean({
    "@context": "https://schema.org",
    "@type": "ScholarlyArticle",
    "@id": pageUrl,
    url: pageUrl,
    headline: paper.title,
    name: paper.title,
    author: paper.authors.length ? paper.authors.map((name) => ({ "@type": "Person", name })) : undefined,
    datePublished: paper.published,
    abstract: paper.abstract,
    keywords: paper.tags.length ? paper.tags : undefined,
    sameAs: sameAs.length ? [...new Set(sameAs)] : undefined,
    identifier: identifiers.length ? identifiers : undefined,
    encoding: paper.pdf ? { "@type": "MediaObject", contentUrl: paper.pdf, encodingFormat: "application/pdf" } : undefined,
  });
}

/**
 * JSON for inside `<script type="application/ld+json">`: `<`, `>` and `&` become `\u003c`... so no value
 * can close the element or open a comment, and U+2028/2029 are escaped for old JavaScript parsers.
 * The result is still exactly the same JSON value.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  return SCRIPT_UNSAFE.test(json) ? json.replace(SCRIPT_UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
}
const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/;
const SCRIPT_UNSAFE_ALL = /[<>&\u2028\u2029]/g;
