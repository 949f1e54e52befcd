// BibTeX entries: fields, LaTeX for accents and special characters, titles that keep their case.
import { Transform } from "unicode2latex";
import { collapseWhitespace } from "../util/format.ts";
import { splitMath } from "../math/tex.ts";
import { latin1Copies } from "../runtime/latin1.ts";
import type { Paper } from "../papers/schema.ts";
import { familyName, parseName } from "./names.ts";
import { publicationMonth, publicationYear } from "./keys.ts";

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

// unicode2latex is slow per character, and an export of a long list with abstracts spent most of its time
// there (docs/performance.md). Only non-ASCII characters (with their combining marks) and the ASCII characters it changes
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

/** An abstract: text as `bibtexText`, its formulas (src/math/) kept as TeX in math mode. */
export function bibtexAbstract(text: string): string {
  return text.includes("$") ? withMath(text, bibtexText) : bibtexText(text);
}

/**
 * Formulas stay TeX, in math mode and braced (`{$\mathcal{O}(n \log n)$}`), so BibTeX neither changes their case
 * nor escapes them; the prose around them goes through `plain`. A formula with unbalanced braces would break the
 * entry: it is escaped as text.
 */
function withMath(text: string, plain: (text: string) => string): string {
  const collapsed = collapseWhitespace(text);
  return splitMath(collapsed)
    .map((s) => {
      if (s.kind === "text") return keepSpaces(s.text, plain);
      const tex = s.tex.replace(/\s+/g, " ");
      return balancedBraces(tex) ? `{$${tex}$}` : keepSpaces(s.source, plain);
    })
    .join("");
}

/** `plain` trims: the spaces between prose and a formula are put back. */
function keepSpaces(text: string, plain: (text: string) => string): string {
  const lead = /^\s*/.exec(text)![0];
  const trail = text.trim() ? /\s*$/.exec(text)![0] : "";
  return lead + plain(text.trim()) + trail;
}

function balancedBraces(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const ch = tex[i];
    if (ch === "\\") i++;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth < 0) return false;
  }
  return depth === 0;
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
  return title.includes("$") ? withMath(title, plainTitle) : plainTitle(title);
}

function plainTitle(title: string): string {
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
    if (paper.abstract) fields.push(["abstract", `{${bibtexAbstract(paper.abstract)}}`]);
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
