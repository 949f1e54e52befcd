// `$...$` and `$$...$$` in notes: a markdown-it inline rule with Pandoc's delimiter rules (src/math/tex.ts).
// Code spans and code blocks are markdown-it's own and never reach it; `\$` is markdown-it's escape, a dollar sign.
import type { MarkdownIt } from "markdown-it";
import { failedHtml, mathAt, type MathRenderer } from "./tex.ts";

/** What a render of notes hears about the formulas the renderer rejects: the line within the notes (1-based). */
export interface MathEnv {
  mathErrors?: { line: number; message: string; source: string }[];
}

/**
 * Adds math to a markdown-it. `renderer(env)` gives the build's renderer (its cache lives as long as the build).
 * A rejected formula is written as its source in `<code>` and reported in `env.mathErrors`.
 */
export function mathMarkdown<E extends MathEnv>(md: MarkdownIt, renderer: (env: E) => MathRenderer): MarkdownIt {
  md.inline.ruler.after("escape", "shelfmark_math", (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x24 /* $ */) return false;
    const found = mathAt(state.src, state.pos, state.posMax);
    if (!found) {
      // `$$` that opens nothing: both dollars are text, so the second cannot open an inline formula.
      if (state.src.charCodeAt(state.pos + 1) === 0x24) {
        if (!silent) state.pending += "$$";
        state.pos += 2;
        return true;
      }
      return false;
    }
    if (!silent) {
      const token = state.push(found.display ? "math_display" : "math_inline", "math", 0);
      token.content = found.tex;
      token.markup = state.src.slice(state.pos, found.end);
      token.meta = { offset: state.pos };
    }
    state.pos = found.end;
    return true;
  });

  // The line of each formula: its block's first line, plus the line breaks before it in the block's text.
  md.core.ruler.after("inline", "shelfmark_math_lines", (state) => {
    for (const block of state.tokens) {
      if (block.type !== "inline" || !block.children || !block.map) continue;
      for (const child of block.children) {
        if (child.type !== "math_inline" && child.type !== "math_display") continue;
        const before = block.content.slice(0, (child.meta as { offset: number }).offset);
        child.meta = { ...child.meta, line: block.map[0] + 1 + (before.match(/\n/g)?.length ?? 0) };
      }
    }
  });

  const render = (display: boolean) => (tokens: { content: string; markup: string; meta: { line: number } }[], idx: number, _options: unknown, env: E) => {
    const token = tokens[idx]!;
    const rendered = renderer(env).render(token.content, display);
    if (rendered.ok) return rendered.html;
    (env.mathErrors ??= []).push({ line: token.meta.line, message: rendered.message, source: token.markup });
    return failedHtml(token.markup);
  };
  md.renderer.rules.math_inline = render(false) as never;
  md.renderer.rules.math_display = render(true) as never;
  return md;
}
