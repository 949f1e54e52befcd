import { describe, expect, it } from "vitest";
import { formulaSpans, hasMath, MathRenderer, splitMath } from "../../../src/math/tex.ts";
import { renderNotes, type NotesEnv } from "../../../src/site/markdown.ts";
import { bibtexAbstract, bibtexTitle } from "../../../src/cite/bibtex.ts";

const formulas = (text: string) => splitMath(text).flatMap((s) => (s.kind === "math" ? [s.tex] : []));

describe("the delimiter rules (Pandoc's tex_math_dollars) in plain text", () => {
  it("finds inline formulas", () => {
    expect(formulas("Sorting in $\\mathcal{O}(n \\log n)$ time with $10^6$ keys")).toEqual(["\\mathcal{O}(n \\log n)", "10^6"]);
  });
  it("leaves prices alone: a space after the opening $, or a digit after the closing one", () => {
    expect(formulas("costs $5 and $10")).toEqual([]);
    expect(formulas("from $ 5 to $ 10")).toEqual([]);
    expect(formulas("$x$5 and $y$")).toEqual(["y"]);
    expect(hasMath("It costs $20, or $30 with tax.")).toBe(false);
  });
  it("needs a non-space before the closing $", () => {
    expect(formulas("$x $ and")).toEqual([]);
  });
  it("reads \\$ as a dollar sign, outside and inside a formula", () => {
    expect(splitMath("price \\$5 and \\$6")).toEqual([{ kind: "text", text: "price $5 and $6" }]);
    expect(formulas("$a \\$ b$")).toEqual(["a \\$ b"]);
  });
  it("keeps nested braces", () => {
    expect(formulas("$\\frac{a^{b_{c}}}{\\sqrt{d}}$ done")).toEqual(["\\frac{a^{b_{c}}}{\\sqrt{d}}"]);
  });
  it("leaves a lone $, and a $ at the end of a line, as text", () => {
    expect(formulas("one $ only")).toEqual([]);
    expect(formulas("ends with $")).toEqual([]);
    expect(formulas("ends with $\nnext line")).toEqual([]);
    expect(formulas("$")).toEqual([]);
  });
  it("reads $$...$$ as display math, across lines", () => {
    expect(splitMath("a $$\\sum_i\n x_i$$ b").filter((s) => s.kind === "math")).toMatchObject([{ tex: "\\sum_i\n x_i", display: true }]);
    expect(formulas("$$ $$ empty")).toEqual([]);
  });
});

describe("where the formulas are, for excerpts", () => {
  it.each([
    ["no dollar", "plain text", []],
    ["prices", "costs $5 and $10", []],
    ["two formulas, dollars included", "a $x$ and $$y$$ b", [[2, 5], [10, 15]]],
    ["an escaped dollar before a formula keeps its offset", "\\$5 for $z$", [[8, 11]]],
  ])("%s", (_name, text, spans) => {
    expect(formulaSpans(text)).toEqual(spans);
    for (const [start, end] of formulaSpans(text)) expect(text.slice(start, end)).toMatch(/^\$.*\$$/s);
  });
});

describe("rendering plain text", () => {
  const renderer = new MathRenderer();
  it("writes MathML with the TeX in its annotation, and escapes the prose", () => {
    const html = renderer.textHtml("<b> & $x^2$ 'q'");
    expect(html).toMatch(/^&lt;b&gt; &amp; <math><semantics>.*<annotation encoding="application\/x-tex">x\^2<\/annotation><\/semantics><\/math> &#39;q&#39;$/);
    expect(html).not.toContain("style=");
  });
  it("escapes the TeX in the annotation", () => {
    expect(renderer.textHtml("$a<b$")).toContain('<annotation encoding="application/x-tex">a&lt;b</annotation>');
  });
  it("writes text without math exactly as autoescape does", () => {
    expect(renderer.textHtml(`Costs $5 & "more" \\ <i>`)).toBe("Costs $5 &amp; &quot;more&quot; &#92; &lt;i&gt;");
  });
  it("shows a formula the renderer rejects as its source in <code>, and says why", () => {
    const errors: string[] = [];
    const html = renderer.textHtml("bad $\\frac{a$ here", (message, source) => errors.push(`${source}: ${message}`));
    expect(html).toBe('bad <code class="math-error">$&#92;frac{a$</code> here');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\$\\frac\{a\$: .*expected '\}'/);
  });
  it("refuses commands that would link, load or style (Temml untrusted): they are shown as source", () => {
    for (const tex of ["\\href{javascript:alert(1)}{x}", "\\url{javascript:alert(1)}", "\\includegraphics{http://e.org/x.png}", "\\class{a}{x}", "\\htmlStyle{color:red}{x}"]) {
      expect(renderer.render(tex, false).ok, tex).toBe(false);
    }
    expect(renderer.textHtml("$\\text{<script>}$")).not.toContain("<script>");
  });
  it("caches each formula", () => {
    const r = new MathRenderer();
    expect(r.render("x", false)).toBe(r.render("x", false));
  });
});

describe("math in notes", () => {
  it("typesets $...$ and $$...$$, not in code spans or code blocks, and \\$ is a dollar sign", () => {
    const html = renderNotes("Inline $n^2$, code `$x$`, price $5 and $10, \\$ sign.\n\n$$\n\\sum_i\nx_i\n$$\n\n```\n$y$\n```\n\n    $z$\n");
    expect(html.match(/<math[ >]/g)).toHaveLength(2);
    expect(html).toContain('<math display="block"');
    expect(html).toContain("<code>$x$</code>");
    expect(html).toContain("price $5 and $10, $ sign.");
    expect(html).toContain("<pre><code>$y$\n</code></pre>");
    expect(html).toContain("<pre><code>$z$\n</code></pre>");
  });
  it("reports a rejected formula with its line in the notes", () => {
    const env: NotesEnv = {};
    const html = renderNotes("First line.\n\nSecond paragraph\nwith $\\frac{a$ on its second line.", env);
    expect(html).toContain('<code class="math-error">$&#92;frac{a$</code>');
    expect(env.mathErrors).toMatchObject([{ line: 4, source: "$\\frac{a$" }]);
  });
  it("leaves notes without math as they were", () => {
    expect(renderNotes("A *note* with $5.")).toBe("<p>A <em>note</em> with $5.</p>\n");
  });
});

describe("math in BibTeX", () => {
  it("keeps formulas as TeX in math mode", () => {
    expect(bibtexTitle("Sorting in $\\mathcal{O}(n \\log n)$ on GPUs")).toBe("Sorting in {$\\mathcal{O}(n \\log n)$} on {GPUs}");
    expect(bibtexAbstract("Costs $5, runs $10^6$ steps")).toBe("Costs \\$5, runs {$10^6$} steps");
  });
});

describe("formulas back to their source, for the search records", () => {
  it("replaces each MathML formula by its TeX between dollars", async () => {
    const { mathAsSource } = await import("../../../src/math/tex.ts");
    const html = renderNotes("See $a<b$ and\n\n$$\\sum_i x_i$$\n");
    expect(mathAsSource(html)).toBe("<p>See $a&lt;b$ and</p>\n<p>$$\\sum_i x_i$$</p>\n");
    expect(mathAsSource("<p>none</p>")).toBe("<p>none</p>");
  });
});
