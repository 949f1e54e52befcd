import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Fixture, type BuildResult } from "../helpers/site.ts";

/**
 * TeX math through `shelfmark import` of a BibTeX file: the paper file keeps each formula between dollars as it was
 * written (the parser would otherwise turn `$\sum_{i=1}^n$` into `∑i=1ⁿ`), reads back to the same title and
 * abstract, and the built page typesets them as MathML with the TeX in the annotation.
 */
const BIB = String.raw`@article{sorting2024,
  title = {Sorting in $\mathcal{O}(n \log n)$ with $\alpha$-Nets for M{\"o}bius {Graphs}},
  author = {M{\"u}ller, J{\"o}rg},
  year = {2024},
  abstract = {We show that $\sum_{i=1}^n x_i \le \frac{1}{2}$ holds for caf\'e-style inputs of size 10--20,
    at a cost of \(O(n^{2})\) per step and \$5 a run.},
}
`;

const TITLE = String.raw`Sorting in $\mathcal{O}(n \log n)$ with $\alpha$-Nets for Möbius Graphs`;
const ABSTRACT = String.raw`We show that $\sum_{i=1}^n x_i \le \frac{1}{2}$ holds for café-style inputs of size 10–20, at a cost of $O(n^{2})$ per step and $5 a run.`;

describe("shelfmark import of BibTeX with TeX math, then a build", () => {
  let fixture: Fixture;
  let imported: BuildResult;
  let built: BuildResult;
  let files: string[];
  let fileText = "";
  let page = "";

  beforeAll(async () => {
    fixture = await Fixture.create();
    await fixture.write("math.bib", BIB);
    imported = await fixture.cli(["import", "math.bib", "--date", "2026-03-14"]);
    files = (await readdir(fixture.path("content/papers"))).filter((f) => f.endsWith(".md"));
    if (files.length === 1) fileText = await fixture.read(`content/papers/${files[0]}`);
    built = await fixture.build();
    if (files.length === 1) page = await fixture.read(`_site/papers/${files[0]!.replace(/\.md$/, "")}/index.html`);
  });
  afterAll(() => fixture?.cleanup());

  it("writes one paper whose title and abstract read back with their formulas as written", () => {
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(files).toHaveLength(1);
    const data = parse(fileText.split(/^---$/m)[1]!, { schema: "core" }) as Record<string, unknown>;
    expect(data.title).toBe(TITLE);
    expect(data.abstract).toBe(ABSTRACT);
    expect(data.authors).toEqual(["Jörg Müller"]);
    // Math commands are TeX for the renderer, not unknown LaTeX commands of the import.
    expect(imported.stdout).not.toContain("is unknown");
  });

  it("builds the page with each formula typeset as MathML, its TeX in the annotation", () => {
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toContain("[shelfmark:math]");
    const h1 = /<h1>(.*?)<\/h1>/s.exec(page)![1]!;
    expect(h1).toMatch(/^Sorting in <math><semantics>.*<annotation encoding="application\/x-tex">\\mathcal\{O\}\(n \\log n\)<\/annotation><\/semantics><\/math> with <math>/s);
    expect(h1).toContain('<annotation encoding="application/x-tex">\\alpha</annotation></semantics></math>-Nets for Möbius Graphs');
    const abstract = /<section class="paper-abstract".*?<\/section>/s.exec(page)![0];
    expect(abstract).toContain('<annotation encoding="application/x-tex">\\sum_{i=1}^n x_i \\le \\frac{1}{2}</annotation>');
    expect(abstract).toContain('<annotation encoding="application/x-tex">O(n^{2})</annotation>');
    expect(abstract).toContain("café-style inputs of size 10–20");
    expect(abstract).toContain("per step and $5 a run.");
    expect(page).not.toContain("math-error");
  });
});
