import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { creatorName, parseBibtex, setAsideMath } from "../../../src/import/bibtex.ts";
import { splitMath } from "../../../src/math/tex.ts";
import { REPO } from "../../helpers/site.ts";

const SEED_BIB = path.join(REPO, "tests/fixtures/seed/seed-papers.bib");

function one(entry: string) {
  const result = parseBibtex(entry, "x.bib");
  expect(result.problems).toEqual([]);
  expect(result.records).toHaveLength(1);
  return result.records[0]!;
}

describe("the seed BibTeX file", () => {
  const result = parseBibtex(readFileSync(SEED_BIB, "utf8"), "seed-papers.bib");

  it("reads all 82 entries without a problem", () => {
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.records).toHaveLength(82);
  });

  it("maps title, authors, year, arXiv eprint and url", () => {
    const flash = result.records.find((r) => r.source.key === "dao2022flashattention")!;
    expect(flash.fields).toEqual({
      title: "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
      authors: ["Tri Dao", "Daniel Y. Fu", "Stefano Ermon", "Atri Rudra", "Christopher Ré"],
      published: "2022",
      arxiv: "2205.14135",
      url: "https://arxiv.org/abs/2205.14135",
    });
    expect(flash.source.line).toBe(readFileSync(SEED_BIB, "utf8").split("\n").findIndex((l) => l.includes("{dao2022flashattention,")) + 1);
  });

  it("decodes \\& in a title and keeps UTF-8 names", () => {
    const fim = result.records.find((r) => r.fields.title.startsWith("Improving FIM"))!;
    expect(fim.fields.title).toBe("Improving FIM Code Completions via Context & Curriculum Based Learning");
    const tabpfn = result.records.find((r) => r.fields.title.startsWith("TabPFN"))!;
    expect(tabpfn.fields.authors).toContain("Samuel Müller");
  });

  it("leaves authors out where the entry has none", () => {
    expect(result.records.filter((r) => !r.fields.authors).map((r) => r.source.key)).toEqual(["anon2023cachegen", "anon2024impact"]);
  });
});

describe("BibTeX edge cases", () => {
  it("decodes braces and LaTeX accents", () => {
    const r = one(`@article{k, title = {Caf{\\'e} {\\"u}ber {BERT} and \\AA{}ngstr{\\"o}m \\& Co}, author = {M{\\"u}ller, J{\\"o}rg}, year = 2020}`);
    expect(r.fields.title).toBe("Café über BERT and Ångström & Co");
    expect(r.fields.authors).toEqual(["Jörg Müller"]);
  });

  it("puts an accent on a dotless i or j as on the letter a person types (ï, not ı̈)", () => {
    const r = one(`@article{k, title = {Na{\\"\\i}vet{\\'e} and {\\'\\i}ndices}, author = {Jos{\\'e} Mar{\\'\\i}a}, abstract = {A na{\\"\\i}ve $\\imath$ stays}}`);
    expect(r.fields.title).toBe("Naïveté and índices");
    expect(r.fields.title).toBe(r.fields.title!.normalize("NFC"));
    expect(r.fields.authors).toEqual(["José María"]);
    expect(r.fields.abstract).toBe("A naïve $\\imath$ stays");
  });

  it("reads names in both orders, with particles, suffixes and corporate names", () => {
    const r = one(`@inproceedings{k, title = {T}, author = {Vaswani, Ashish and Noam Shazeer and de la Fontaine, Jean and Smith, Jr., John and {The ABC Consortium} and others}}`);
    expect(r.fields.authors).toEqual(["Ashish Vaswani", "Noam Shazeer", "Jean de la Fontaine", "John Smith Jr.", "The ABC Consortium"]);
    expect(r.notes).toContain('"and others" in the author list was left out');
  });

  it.each([
    ["eprint with archivePrefix", "eprint = {2205.14135}, archivePrefix = {arXiv}", "2205.14135"],
    ["eprint with eprinttype (biblatex)", "eprint = {2205.14135v2}, eprinttype = {arxiv}", "2205.14135v2"],
    ["eprint written arXiv:id", "eprint = {arXiv:1706.03762}", "1706.03762"],
    ["old-style id", "eprint = {hep-th/9901001}, archivePrefix = {arXiv}", "hep-th/9901001"],
    ["no eprint: from an arXiv url", "url = {https://arxiv.org/abs/2401.04658}", "2401.04658"],
    ["no eprint: from the arXiv DOI", "doi = {10.48550/arXiv.2401.04658}", "2401.04658"],
    ["eprint of another archive is not arXiv", "eprint = {12345}, archivePrefix = {PubMed}", undefined],
  ])("arXiv: %s", (_name, fields, arxiv) => {
    expect(one(`@misc{k, title = {T}, ${fields}}`).fields.arxiv).toBe(arxiv);
  });

  it("normalises a DOI written as a link and rejects what is not a DOI", () => {
    expect(one(`@article{k, title = {T}, doi = {https://doi.org/10.1145/3292500.3330701}}`).fields.doi).toBe("10.1145/3292500.3330701");
    const bad = one(`@article{k, title = {T}, doi = {not a doi}, url = {ftp://example.org/x}}`);
    expect(bad.fields.doi).toBeUndefined();
    expect(bad.fields.url).toBeUndefined();
    expect(bad.notes.join(" ")).toMatch(/doi "not a doi".*url "ftp:\/\/example.org\/x"/);
  });

  it.each([
    ["year", "year = {2017}", "2017"],
    ["year and month", "year = {2017}, month = jun", "2017-06"],
    ["date", "date = {2017-06-12}", "2017-06-12"],
    ["date with a month", "date = {2017-06}", "2017-06"],
    ["date range keeps the start", "date = {2017-06-12/2017-06-14}", "2017-06-12"],
    ["date wins over year", "date = {2017-06-12}, year = {2016}", "2017-06-12"],
  ])("published from %s", (_name, fields, published) => {
    expect(one(`@misc{k, title = {T}, ${fields}}`).fields.published).toBe(published);
  });

  it("an impossible year is left out with a note", () => {
    const r = one(`@misc{k, title = {T}, year = {circa 2017}}`);
    expect(r.fields.published).toBeUndefined();
    expect(r.notes).toEqual(['year "circa 2017" is not a four-digit year and was left out']);
  });

  it("abstract and keywords: plain text and tags", () => {
    const r = one(`@article{k, title = {\\textit{Deep} Nets}, abstract = {We show x < y and y > z, with 50\\% less \\textbf{memory}.}, keywords = {speech, Diffusion; diffusion}}`);
    expect(r.fields.title).toBe("Deep Nets");
    expect(r.fields.abstract).toBe("We show x < y and y > z, with 50% less memory.");
    expect(r.fields.tags).toEqual(["Diffusion", "speech"]);
  });

  it("an unknown command is kept as written and noted", () => {
    const r = one(`@misc{k, title = {Has \\foo{} here}}`);
    expect(r.fields.title).toContain("\\foo");
    expect(r.notes[0]).toContain("\\foo");
  });

  it("a malformed entry is reported with its key and line; the others still import", () => {
    const text = [
      "% a comment line",
      "@misc{good1, title = {First}, year = {2020}}",
      "",
      "@article{broken,",
      "  title = {Missing its closing brace,",
      "  author = {X Y}",
      "",
      "@misc{good2,",
      "  title = {Second}",
      "}",
      "@misc{notitle, author = {A B}}",
      "@misc{good3, title = {Third}}",
    ].join("\n");
    const result = parseBibtex(text, "bad.bib");
    expect(result.records.map((r) => [r.source.key, r.source.line, r.fields.title])).toEqual([
      ["good1", 2, "First"],
      ["good2", 8, "Second"],
      ["good3", 12, "Third"],
    ]);
    expect(result.problems.map((p) => [p.source.key, p.source.line])).toEqual([
      ["broken", 4],
      ["notitle", 11],
    ]);
    expect(result.problems[0]!.message).toContain("cannot be read");
    expect(result.problems[1]!.message).toBe("the entry has no title");
  });

  it("two fields without a comma between them fail that entry only", () => {
    const result = parseBibtex("@misc{a, title = {A} year = {2020}}\n@misc{b, title = {B}}\n", "x.bib");
    expect(result.records.map((r) => r.source.key)).toEqual(["b"]);
    expect(result.problems.map((p) => [p.source.key, p.source.line])).toEqual([["a", 1]]);
  });

  it("warns about a key used twice but reads both entries", () => {
    const result = parseBibtex("@misc{a, title = {A}}\n@misc{a, title = {B}}\n", "x.bib");
    expect(result.records).toHaveLength(2);
    expect(result.warnings[0]!.message).toContain('"a" was already used on line 1');
  });

  it("CRLF files read like LF files", () => {
    const text = '@misc{k,\n  title = {T},\n  author = {A B}\n}\n';
    expect(parseBibtex(text.replace(/\n/g, "\r\n"), "x.bib")).toEqual(parseBibtex(text, "x.bib"));
  });
});

describe("TeX math in titles and abstracts (the site typesets it between dollars)", () => {
  const formulas = (text: string) => splitMath(text).flatMap((s) => (s.kind === "math" ? [s.tex] : []));

  it("keeps a title's formulas as written, braces and spaces included, and decodes the text around them", () => {
    const r = one(String.raw`@article{k, title = {Sorting in $\mathcal{O}(n \log n)$ with $\alpha$-Nets for M{\"o}bius {Graphs}}}`);
    expect(r.fields.title).toBe(String.raw`Sorting in $\mathcal{O}(n \log n)$ with $\alpha$-Nets for Möbius Graphs`);
    expect(formulas(r.fields.title)).toEqual([String.raw`\mathcal{O}(n \log n)`, String.raw`\alpha`]);
    // Commands inside a formula are TeX for the site's renderer, not unknown commands of the import.
    expect(r.notes).toEqual([]);
  });

  it("keeps an abstract's formulas as written", () => {
    const r = one(String.raw`@article{k, title = {T}, abstract = {We show $\sum_{i=1}^n x_i \le \frac{1}{2}$ for caf\'e inputs of size 10--20 and {Case Protection}.}}`);
    expect(r.fields.abstract).toBe(String.raw`We show $\sum_{i=1}^n x_i \le \frac{1}{2}$ for café inputs of size 10–20 and Case Protection.`);
    expect(formulas(r.fields.abstract as string)).toEqual([String.raw`\sum_{i=1}^n x_i \le \frac{1}{2}`]);
  });

  it("writes \\(...\\) and display math as inline dollars, without space at the edges or line breaks", () => {
    const r = one(String.raw`@misc{k, title = {At \(O(n^{2})\) cost}, abstract = {A $$x^2$$ B \[ y + 1 \] C $ a
      + b $ D \(\)}}`);
    expect(r.fields.title).toBe("At $O(n^{2})$ cost");
    expect(r.fields.abstract).toBe("A $x^2$ B $y + 1$ C $a + b$ D");
    expect(formulas(r.fields.abstract as string)).toEqual(["x^2", "y + 1", "a + b"]);
  });

  it("keeps < and > and an escaped dollar inside a formula", () => {
    const r = one(String.raw`@misc{k, title = {When $a < b > c$ and $\$3$}}`);
    expect(r.fields.title).toBe(String.raw`When $a < b > c$ and $\$3$`);
    expect(formulas(r.fields.title)).toEqual(["a < b > c", String.raw`\$3`]);
  });

  it("a dollar sign of the text stays bare unless the site would read a formula there", () => {
    expect(one(String.raw`@misc{k, title = {T}, abstract = {Costs \$5 and \$10 for $n$ runs}}`).fields.abstract).toBe("Costs $5 and $10 for $n$ runs");
    const r = one(String.raw`@misc{k, title = {T}, abstract = {Pay \$x\$ for $n$ runs}}`);
    expect(r.fields.abstract).toBe(String.raw`Pay \$x\$ for $n$ runs`);
    expect(formulas(r.fields.abstract as string)).toEqual(["n"]);
  });

  it("formulas inside formatting commands and groups stay whole; unknown commands of the text are still noted", () => {
    const r = one(String.raw`@misc{k, title = {\textit{$\epsilon$-greedy} {$k$-Means} \foo{} here}}`);
    expect(r.fields.title).toBe(String.raw`$\epsilon$-greedy $k$-Means \foo here`);
    expect(r.notes).toEqual(["the LaTeX command \\foo is unknown and was kept as written"]);
  });

  it("reads the same with many entries and many formulas: each field gets its own", () => {
    const bib = Array.from({ length: 30 }, (_v, i) => `@misc{k${i}, title = {T${i} $x_{${i}}$}, abstract = {${Array.from({ length: 5 }, (_w, j) => `$a_{${j}}$`).join(" ")} {\\"u}}}`).join("\n");
    const result = parseBibtex(bib, "x.bib");
    expect(result.problems).toEqual([]);
    expect(result.records.map((r) => r.fields.title)).toEqual(Array.from({ length: 30 }, (_v, i) => `T${i} $x_{${i}}$`));
    expect(result.records[29]!.fields.abstract).toBe("$a_{0}$ $a_{1}$ $a_{2}$ $a_{3}$ $a_{4}$ ü");
  });

  it("setAsideMath: a backslash escapes the next character, and an unclosed delimiter is text", () => {
    expect(setAsideMath(String.raw`\$5 and $x$ and \\$y$`)).toEqual({ text: "\\$5 and \ue100 and \\\\\ue101", formulas: ["x", "y"] });
    expect(setAsideMath("costs $5")).toEqual({ text: "costs $5", formulas: [] });
  });
});

describe("creatorName", () => {
  it.each([
    [{ firstName: "Ashish", lastName: "Vaswani" }, "Ashish Vaswani"],
    [{ firstName: "Jean", prefix: "de la", lastName: "Fontaine" }, "Jean de la Fontaine"],
    [{ lastName: "Plato" }, "Plato"],
    [{ name: "OpenAI" }, "OpenAI"],
    [{ lastName: "others" }, undefined],
  ])("%j → %s", (creator, name) => {
    expect(creatorName(creator)).toBe(name);
  });
});
