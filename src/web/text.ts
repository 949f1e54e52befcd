import { parseFragment } from "parse5";
import { collapseWhitespace } from "../util/format.ts";

/**
 * Text as the sources send it, made into the plain text a paper file holds. arXiv hard-wraps titles and
 * abstracts and writes accents in TeX (`Schr\"odinger`); publishers send abstracts as JATS or HTML. Math
 * (`$O(n^2)$`) is kept exactly as written: the site typesets it.
 */

const ACCENTS: Record<string, string> = {
  '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307",
  u: "\u0306", v: "\u030c", H: "\u030b", c: "\u0327", k: "\u0328", r: "\u030a",
};
const LETTERS: Record<string, string> = { ss: "ß", o: "ø", O: "Ø", aa: "å", AA: "Å", ae: "æ", AE: "Æ", oe: "œ", OE: "Œ", l: "ł", L: "Ł", i: "ı", j: "ȷ" };

// `{\"o}`, `\"{o}`, `\"o`, `\'{\i}`, `\c c`; letter commands `{\ss}`, `\o{}`.
const ACCENT_RE = /\{?\\(["'`^~=.]|[uvHckr](?= |\{))\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))\}?/g;
const LETTER_RE = /\{?\\(ss|aa|AA|ae|AE|oe|OE|[oOlLij])(?![A-Za-z])(?:\{\})?\}?/g;

/** Accent commands outside math become letters (`Schr\"odinger` → Schrödinger); everything else stays. */
export function decodeTexAccents(text: string): string {
  if (!text.includes("\\")) return text;
  // Split out `$…$` and `$$…$$`: inside math, `\'` and `\=` are not accents.
  return text
    .split(/(\$\$[\s\S]*?\$\$|\$[^$]*\$)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      const accented = part.replace(ACCENT_RE, (whole, accent: string, braced?: string, bare?: string) => {
        const base = braced ?? bare ?? "";
        // A dotless i under an accent is how TeX writes í: the letter is a plain i.
        const letter = base.startsWith("\\") ? base.slice(1) : base;
        const mark = ACCENTS[accent];
        return mark ? (letter + mark).normalize("NFC") : whole;
      });
      return accented.replace(LETTER_RE, (_m, name: string) => LETTERS[name]!);
    })
    .join("");
}

/** arXiv's title, summary or author name: one line, accents decoded, math untouched. */
export function cleanArxivText(text: string): string {
  return collapseWhitespace(decodeTexAccents(text)).normalize("NFC");
}

interface Node {
  nodeName: string;
  value?: string;
  childNodes?: Node[];
}

function textOf(node: Node, out: string[]): void {
  if (node.nodeName === "#text") out.push(node.value ?? "");
  // Block elements end a sentence: keep a space between `</jats:p><jats:p>`.
  for (const child of node.childNodes ?? []) textOf(child, out);
  if (/^(?:jats:)?(?:p|title|sec|div|br|li)$/i.test(node.nodeName)) out.push(" ");
}

/**
 * HTML or JATS (`<jats:p>…</jats:p>`) as plain text: tags dropped, entities decoded, whitespace collapsed.
 * A leading "Abstract" heading, which Crossref often includes, goes too.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  const fragment = parseFragment(html.replace(/<(jats:)?title>\s*Abstract\s*<\/(jats:)?title>/i, "")) as unknown as Node;
  textOf(fragment, out);
  return collapseWhitespace(out.join("")).normalize("NFC");
}
