// Math in titles, abstracts and notes: where a formula starts and ends (Pandoc's `tex_math_dollars` rules), and
// TeX to MathML with Temml, cached per build. Pure: no Eleventy; the wiring is src/math/index.ts.
import temml from "temml";
import { escapeLikeNunjucks } from "../util/html.ts";

/** A piece of plain text: prose, or one formula (its TeX without the dollars). */
export type Segment = { kind: "text"; text: string } | { kind: "math"; tex: string; display: boolean; source: string; offset: number };

const SPACE = /\s/;
const DIGIT = /[0-9]/;

/**
 * The formula that starts at `pos` (a `$` that is not escaped), or undefined when it is a dollar sign.
 * Inline `$...$`: a non-space right after the opening `$`, a non-space right before the closing one and no digit
 * right after it ("costs $5 and $10" stays text), and no unescaped `$` between. Display `$$...$$`: anything but empty between. A backslash
 * escapes the next character inside a formula, and a formula never runs over a blank line.
 */
export function mathAt(src: string, pos: number, end = src.length): { tex: string; display: boolean; end: number } | undefined {
  if (src[pos] !== "$") return undefined;
  if (src[pos + 1] === "$") {
    for (let j = pos + 2; j < end; j++) {
      const ch = src[j];
      if (ch === "\\") j++;
      else if (ch === "\n" && /^\n[ \t]*\n/.test(src.slice(j, j + 80))) return undefined;
      else if (ch === "$" && src[j + 1] === "$") {
        const tex = src.slice(pos + 2, j);
        return tex.trim() ? { tex: tex.trim(), display: true, end: j + 2 } : undefined;
      }
    }
    return undefined;
  }
  const first = src[pos + 1];
  if (first === undefined || pos + 1 >= end || SPACE.test(first)) return undefined;
  for (let j = pos + 1; j < end; j++) {
    const ch = src[j];
    if (ch === "\\") j++;
    else if (ch === "\n" && /^\n[ \t]*\n/.test(src.slice(j, j + 80))) return undefined;
    else if (ch === "$") {
      // An inline formula holds no unescaped `$`: the first one closes it, or there is no formula here.
      if (SPACE.test(src[j - 1]!) || (j + 1 < end && DIGIT.test(src[j + 1]!))) return undefined;
      return { tex: src.slice(pos + 1, j), display: false, end: j + 1 };
    }
  }
  return undefined;
}

/** Plain text (a title, an abstract) cut into prose and formulas; `\$` in prose is a dollar sign. */
export function splitMath(text: string): Segment[] {
  const segments: Segment[] = [];
  let prose = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "\\" && text[i + 1] === "$") {
      prose += "$";
      i += 2;
      continue;
    }
    if (ch === "$") {
      const found = mathAt(text, i);
      if (found) {
        if (prose) segments.push({ kind: "text", text: prose });
        prose = "";
        segments.push({ kind: "math", tex: found.tex, display: found.display, source: text.slice(i, found.end), offset: i });
        i = found.end;
        continue;
      }
      // `$$` that opens nothing is two dollar signs, not an inline formula starting at the second one.
      if (text[i + 1] === "$") {
        prose += "$$";
        i += 2;
        continue;
      }
    }
    prose += ch;
    i++;
  }
  if (prose) segments.push({ kind: "text", text: prose });
  return segments;
}

/** Where each formula of plain text starts and ends, its dollars included, in order: what an excerpt keeps whole. */
export function formulaSpans(text: string): Array<readonly [number, number]> {
  if (!text.includes("$")) return [];
  return splitMath(text).flatMap((s) => (s.kind === "math" ? [[s.offset, s.offset + s.source.length] as const] : []));
}

/** Whether plain text holds at least one formula. */
export function hasMath(text: string): boolean {
  return text.includes("$") && splitMath(text).some((s) => s.kind === "math");
}

export type Rendered = { ok: true; html: string } | { ok: false; message: string };

/**
 * TeX to MathML, each formula once per build. MathML Core: the browser lays it out, no script or web font; the
 * TeX stays in `<annotation encoding="application/x-tex">`. Style attributes are dropped (a strict
 * Content-Security-Policy refuses them, and MathML Core's own rules already display `display="block"` as a block).
 */
export class MathRenderer {
  private readonly cache = new Map<string, Rendered>();

  render(tex: string, display: boolean): Rendered {
    const key = (display ? "D" : "I") + tex;
    let result = this.cache.get(key);
    if (!result) {
      try {
        const html = temml.renderToString(tex, { displayMode: display, annotate: true, throwOnError: true, xml: false, trust: false });
        result = { ok: true, html: html.replace(/ style="[^"]*"/g, "") };
      } catch (error) {
        result = { ok: false, message: rendererMessage(error) };
      }
      this.cache.set(key, result);
    }
    return result;
  }

  /**
   * Plain text as HTML with its formulas typeset. Text without a formula is escaped exactly as a template's
   * autoescape would write it. A formula the renderer rejects is shown as its source in `<code>`, and `onError`
   * hears of it.
   */
  textHtml(text: string, onError?: (message: string, source: string) => void): string {
    if (!text.includes("$")) return escapeLikeNunjucks(text);
    return splitMath(text)
      .map((s) => {
        if (s.kind === "text") return escapeLikeNunjucks(s.text);
        const rendered = this.render(s.tex, false);
        if (rendered.ok) return rendered.html;
        onError?.(rendered.message, s.source);
        return failedHtml(s.source);
      })
      .join("");
  }
}

/** A rejected formula: its source, as code. */
export function failedHtml(source: string): string {
  return `<code class="math-error">${escapeLikeNunjucks(source)}</code>`;
}

/** The renderer's message on one line, without the source it quotes after "at position n:". */
export function rendererMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^ParseError:\s*/, "").split("\n")[0]!.replace(/:\s*$/, "").trim();
}

const MATHML = /<math( display="block")?[^>]*><semantics>.*?<annotation encoding="application\/x-tex">(.*?)<\/annotation><\/semantics><\/math>/gs;

/**
 * HTML with each formula turned back into its TeX source between dollars (escaped, as the annotation holds it):
 * for the search records, where the index wants words, not the glyphs of a layout.
 */
export function mathAsSource(html: string): string {
  if (!html.includes("<math")) return html;
  return html.replace(MATHML, (_all, display: string | undefined, tex: string) => (display ? `$$${tex}$$` : `$${tex}$`));
}
