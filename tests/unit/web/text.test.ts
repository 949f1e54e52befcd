import { describe, expect, it } from "vitest";
import { cleanArxivText, decodeTexAccents, htmlToText } from "../../../src/web/text.ts";

describe("decodeTexAccents: accents become letters, math stays as written", () => {
  it.each([
    ['Schr\\"odinger', "Schrödinger"],
    ['{\\"o}', "ö"],
    ['\\"{O}', "Ö"],
    ["P\\'{e}rez", "Pérez"],
    ["Garc\\'ia", "García"],
    ["Erd\\H{o}s", "Erdős"],
    ["\\c{c}", "ç"],
    ["Fran\\c cois", "François"],
    ["\\v{S}koda", "Škoda"],
    ['na\\"{\\i}ve', "naïve"],
    ["Gra{\\ss}mann", "Graßmann"],
    ["{\\O}ystein", "Øystein"],
    ["\\L{}ukasz", "Łukasz"],
    ["\\`a la", "à la"],
    ["from O($L^2$) to O($L\\log L$)", "from O($L^2$) to O($L\\log L$)"],
    ["$\\'a + \\\"b$ and Schr\\\"odinger", "$\\'a + \\\"b$ and Schrödinger"],
    ["$$\\hat{x} = \\'y$$ stays", "$$\\hat{x} = \\'y$$ stays"],
    ["3$\\times$ faster, \\emph{kept}", "3$\\times$ faster, \\emph{kept}"],
    ["no TeX at all", "no TeX at all"],
  ])("%s", (input, expected) => {
    expect(decodeTexAccents(input)).toBe(expected);
  });
});

describe("cleanArxivText: arXiv's hard-wrapped text on one line", () => {
  it("collapses line breaks and indentation, keeps TeX", () => {
    expect(cleanArxivText("FlashAttention: Fast and Memory-Efficient Exact Attention with\n  IO-Awareness")).toBe("FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness");
    expect(cleanArxivText("  speedup on GPT-2, 3$\\times$\nspeedup\n")).toBe("speedup on GPT-2, 3$\\times$ speedup");
  });
});

describe("htmlToText: JATS and HTML abstracts as plain text", () => {
  it.each([
    ["<jats:title>Abstract</jats:title>\n<jats:p>Deep learning allows &amp; more.</jats:p>", "Deep learning allows & more."],
    ["<jats:p>First.</jats:p><jats:p>Second &lt;3 &#233;t&eacute;.</jats:p>", "First. Second <3 été."],
    ["<p>A <i>sparse</i> <sub>2</sub>model</p>", "A sparse 2model"],
    ["plain text", "plain text"],
  ])("%s", (input, expected) => {
    expect(htmlToText(input)).toBe(expected);
  });
});
