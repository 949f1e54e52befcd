// Math in titles, abstracts and notes (issue 18), the Eleventy wiring: the `math` filter the templates use on a
// title or an abstract, and the warnings for formulas the renderer rejects, printed once after each build.
// The delimiter rules and the renderer: src/math/tex.ts; notes: src/math/markdown.ts through src/site/markdown.ts.
import type { WithContext } from "../context.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import { latin1References } from "../runtime/latin1.ts";
import { formatMathWarning, paperMathWarnings } from "./warnings.ts";

export function mathPlugin(eleventyConfig: EleventyConfig, { ctx }: WithContext): void {
  // Plain text in, HTML out: every character the user wrote is escaped, formulas are the renderer's MathML (the
  // template marks the result safe). Text without a `$` comes out as the template's autoescape writes it.
  eleventyConfig.addFilter("math", (text: string | undefined) => (text ? ctx.math().renderer.textHtml(text) : ""));
  // The same for the excerpts of every list page, one byte a character as latin1Html writes them (src/runtime/latin1.ts).
  eleventyConfig.addFilter("mathLatin1", (text: string | undefined) => (text ? latin1References(ctx.math().renderer.textHtml(text)) : ""));

  eleventyConfig.on("eleventy.after", async () => {
    const { renderer, notesErrors } = ctx.math();
    let papers;
    try {
      ({ papers } = await ctx.library());
    } catch {
      return; // the build has already said what is wrong with the files
    }
    const lines = papers.flatMap((paper) => paperMathWarnings(paper, renderer, notesErrors.get(paper.slug))).map(formatMathWarning);
    for (const line of new Set(lines)) console.warn(line);
  });
}
