import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixture, paper } from "../helpers/site.ts";

/**
 * Math in a paper's title, abstract and notes (issue 18): MathML on the paper page and in the lists, the TeX
 * source as plain text wherever markup cannot go, BibTeX in math mode, and a warning for a formula the renderer
 * rejects, in the build and in `shelfmark check`.
 */
const TITLE = String.raw`Sorting in $\mathcal{O}(n \log n)$ with $10^6$ keys`;
const ABSTRACT = String.raw`We sort $10^6$ keys for $5 and $10 a run, \$3 less. A bad one: $\frac{a$.`;
const NOTES = String.raw`Why it matters: $\sum_i x_i$ is linear.

$$
\int_0^1 f(x)\,dx
$$

Code stays code: ` + "`$x$`" + String.raw`, and this is broken: $\begin{foo}$ here.
`;

// Long enough to be cut in the lists (240 characters), the cut falling inside the second formula.
const LONG_ABSTRACT = String.raw`Attention costs $\operatorname{softmax}(QK^\top/\sqrt{d})V$ per layer. ` + "We measure it on long inputs. ".repeat(4) + String.raw`Our kernel brings it to $\mathcal{O}(n \log n \cdot d)$ and keeps the rest as it was, on every input we tried.`;

const validator = new HtmlValidate({ extends: ["html-validate:standard"] });

describe("math in a paper's title, abstract and notes", () => {
  let fixture: Fixture;
  let stderr = "";
  let page = "";

  beforeAll(async () => {
    fixture = await Fixture.create({
      papers: {
        sorting: paper({ title: JSON.stringify(TITLE), added: "2024-02-01", tags: "[algorithms]", authors: "[Ada Lovelace]", abstract: JSON.stringify(ABSTRACT), arxiv: `"2401.00001"` }, NOTES),
        long: paper({ title: `"A Long Abstract"`, added: "2024-01-15", tags: "[algorithms]", abstract: JSON.stringify(LONG_ABSTRACT) }),
        plain: paper({ title: `"A Paper Without Math"`, added: "2024-01-01", tags: "[algorithms]", abstract: `"It costs $5."` }),
      },
    });
    const result = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" });
    expect(result.code, result.stderr).toBe(0);
    stderr = result.stderr;
    page = await fixture.read("_site/papers/sorting/index.html");
  });
  afterAll(() => fixture?.cleanup());

  it("typesets the title, the abstract and the notes as MathML, with the TeX in each annotation", () => {
    const h1 = /<h1>(.*?)<\/h1>/s.exec(page)![1]!;
    expect(h1).toMatch(/^Sorting in <math><semantics>.*<annotation encoding="application\/x-tex">\\mathcal\{O\}\(n \\log n\)<\/annotation><\/semantics><\/math> with <math>/s);
    const abstract = /<section class="paper-abstract".*?<\/section>/s.exec(page)![0];
    expect(abstract).toContain('<annotation encoding="application/x-tex">10^6</annotation>');
    expect(abstract).toContain("for $5 and $10 a run, $3 less.");
    const notes = /<section class="paper-notes".*?<\/section>/s.exec(page)![0];
    expect(notes).toContain('<annotation encoding="application/x-tex">\\sum_i x_i</annotation>');
    expect(notes).toMatch(/<math display="block"[^>]*><semantics>.*\\int_0\^1 f\(x\)\\,dx<\/annotation>/s);
    expect(notes).toContain("<code>$x$</code>");
    expect(page).not.toMatch(/<math[^>]* style=/);
  });

  it("shows a rejected formula as its source in <code>", () => {
    expect(page).toContain('<code class="math-error">$&#92;frac{a$</code>');
    expect(page).toMatch(/<code class="math-error">\$(\\|&#92;)begin\{foo\}\$<\/code>/);
  });

  it("prints one warning per rejected formula, naming the file, the line and the field", () => {
    const warnings = stderr.split("\n").filter((l) => l.startsWith("[shelfmark:math]"));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^\[shelfmark:math\] content\/papers\/sorting\.md:6 field "abstract": .+ in \$\\frac\{a\$/);
    // Line 9 of the file is the notes' first line; the broken formula is on their seventh.
    expect(warnings[1]).toMatch(/^\[shelfmark:math\] content\/papers\/sorting\.md:15 field "notes": .+ in \$\\begin\{foo\}\$/);
  });

  it("keeps the TeX as plain text where markup cannot go", async () => {
    const escaped = TITLE.replace(/\\/g, "&#92;");
    expect(page).toContain(`<title>${escaped}`);
    expect(page).toContain(`<meta property="og:title" content="${escaped}">`);
    expect(page).toContain(`<meta name="citation_title" content="${escaped}">`);
    expect(page).not.toMatch(/<(title|script)[^>]*>[^<]*<math/);
    const atom = await fixture.read("_site/feed.xml");
    expect(atom).toContain("<title>Sorting in $\\mathcal{O}(n \\log n)$ with $10^6$ keys</title>");
    const csl = JSON.parse(await fixture.read("_site/papers.json")) as { id: string; title: string; abstract?: string }[];
    expect(csl.find((p) => p.title.startsWith("Sorting"))!.title).toBe(TITLE);
  });

  it("keeps the TeX in math mode in BibTeX", async () => {
    const bib = await fixture.read("_site/papers.bib");
    expect(bib).toContain("title         = {Sorting in {$\\mathcal{O}(n \\log n)$} with {$10^6$} keys}");
    expect(page).toContain("{$&#92;mathcal{O}(n &#92;log n)$}");
  });

  it("typesets the titles in the lists", async () => {
    for (const list of ["index.html", "tags/algorithms/index.html", "status/to-read/index.html"]) {
      const html = await fixture.read(`_site/${list}`);
      expect(html, list).toMatch(/<h2 class="paper-item-title"><a [^>]*>Sorting in <math>/);
    }
  });

  it("typesets the excerpts in the lists, never cutting a formula in two", async () => {
    expect(LONG_ABSTRACT.indexOf("$\\mathcal")).toBeLessThan(240);
    expect(LONG_ABSTRACT.indexOf("d)$")).toBeGreaterThan(240);
    for (const list of ["index.html", "tags/algorithms/index.html", "status/to-read/index.html"]) {
      const html = await fixture.read(`_site/${list}`);
      const excerpts = [...html.matchAll(/<p class="paper-item-excerpt">(.*?)<\/p>/gs)].map((m) => m[1]!);
      const long = excerpts.find((e) => e.startsWith("Attention costs"))!;
      expect(long, list).toMatch(/^Attention costs <math><semantics>.*<annotation encoding="application\/x-tex">\\operatorname\{softmax\}\(QK\^\\top\/\\sqrt\{d\}\)V<\/annotation><\/semantics><\/math> per layer\./s);
      // The formula the cut fell in is left out whole, prose is cut before it.
      expect(long, list).toMatch(/on long inputs\. Our kernel brings it to&#x2026;$/);
      expect(long.replace(/<math>.*?<\/math>/gs, ""), list).not.toContain("$");
      const sorting = excerpts.find((e) => e.startsWith("We sort"))!;
      expect(sorting, list).toMatch(/^We sort <math><semantics>.*10\^6<\/annotation><\/semantics><\/math> keys for \$5 and \$10 a run, \$3 less\./s);
      expect(sorting, list).toContain('<code class="math-error">$&#92;frac{a$</code>');
      const report = await validator.validateString(html, list);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`)), list).toEqual([]);
    }
    // Where markup cannot go, the TeX stays as written, and is not cut in two either.
    const longPage = await fixture.read("_site/papers/long/index.html");
    const description = /<meta property="og:description" content="([^"]*)">/.exec(longPage)![1]!;
    expect(description).toMatch(/^Attention costs \$&#92;operatorname\{softmax\}\(QK\^&#92;top\/&#92;sqrt\{d\}\)V\$ per layer\./);
    expect(description.split("$").length % 2).toBe(1);
  });

  it("keeps the page within the paper page budget (60 KB with what it loads; math loads nothing)", () => {
    expect(Buffer.byteLength(page)).toBeLessThan(20 * 1024);
    expect(page).not.toMatch(/<link[^>]+(katex|temml|mathjax)|<script[^>]+(katex|temml|mathjax)/i);
  });

  it("is valid HTML", async () => {
    const report = await validator.validateString(page, "sorting.html");
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`))).toEqual([]);
  });

  it("leaves a paper without math as it was", async () => {
    const plain = await fixture.read("_site/papers/plain/index.html");
    expect(/<h1>(.*?)<\/h1>/s.exec(plain)![1]).toBe("A Paper Without Math");
    expect(plain).toContain("<p>It costs $5.</p>");
  });

  it("shelfmark check lists the same warnings, and --strict makes them errors", async () => {
    const check = await fixture.cli(["check"]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr.split("\n").filter((l) => l.startsWith("[shelfmark:math]"))).toEqual(stderr.split("\n").filter((l) => l.startsWith("[shelfmark:math]")));
    expect(check.stdout).toContain("2 formulas shown as source");
    const strict = await fixture.cli(["check", "--strict"]);
    expect(strict.code).toBe(1);
  });
});
