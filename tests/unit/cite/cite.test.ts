import { parse as parseBibtex } from "@retorquere/bibtex-parser";
import { Transform } from "unicode2latex";
import { describe, expect, it } from "vitest";
import { asciiFold, invertedName, parseName, type PersonName } from "../../../src/cite/names.ts";
import { baseKey, citationKeys, firstSignificantWord, letterSuffix } from "../../../src/cite/keys.ts";
import { bibtexEntry, bibtexName, bibtexText, bibtexTitle, keepsCase } from "../../../src/cite/bibtex.ts";
import { cslItem } from "../../../src/cite/csl.ts";
import { highwireMeta, jsonForScript, scholarlyArticle } from "../../../src/cite/meta.ts";
import type { Paper } from "../../../src/papers/schema.ts";

function makePaper(fields: Partial<Paper> & { slug?: string }): Paper {
  return { slug: "p", file: "content/papers/p.md", title: "A Paper", added: "2024-01-01", tags: [], status: "to-read", authors: [], draft: false, notes: "", notesLine: 1, ...fields };
}

/** Parses BibTeX with a real parser (no sentence-casing, so titles come back as typed). */
function readBibtex(text: string) {
  const lib = parseBibtex(text, { sentenceCase: false });
  expect(lib.errors).toEqual([]);
  return lib.entries;
}

describe("parseName", () => {
  const cases: [string, PersonName][] = [
    ["Ashish Vaswani", { given: "Ashish", family: "Vaswani" }],
    ["Daniel Y. Fu", { given: "Daniel Y.", family: "Fu" }],
    ["Christopher Ré", { given: "Christopher", family: "Ré" }],
    ["Laurens van der Maaten", { given: "Laurens", particle: "van der", family: "Maaten" }],
    ["Charles de Gaulle", { given: "Charles", particle: "de", family: "Gaulle" }],
    // A capitalised "Van" is part of the given names, as BibTeX reads it.
    ["Ludwig Van Beethoven", { given: "Ludwig Van", family: "Beethoven" }],
    ["Martin Luther King Jr.", { given: "Martin Luther", family: "King", suffix: "Jr." }],
    ["Martin Luther King, Jr.", { given: "Martin Luther", family: "King", suffix: "Jr." }],
    // BibTeX's own orders, should a name be stored that way.
    ["Vaswani, Ashish", { given: "Ashish", family: "Vaswani" }],
    ["van der Maaten, Laurens", { given: "Laurens", particle: "van der", family: "Maaten" }],
    ["King, Jr., Martin Luther", { given: "Martin Luther", family: "King", suffix: "Jr." }],
    ["Plato", { literal: "Plato" }],
    ["  Tri   Dao ", { given: "Tri", family: "Dao" }],
    ["Sharan Ranjit S", { given: "Sharan Ranjit", family: "S" }],
  ];
  it.each(cases)("%s", (full, expected) => {
    expect(parseName(full)).toEqual(expected);
  });

  it.each([
    ["Laurens van der Maaten", "van der Maaten, Laurens"],
    ["Martin Luther King Jr.", "King, Martin Luther Jr."],
    ["Plato", "Plato"],
  ])("inverts %s for meta tags", (full, inverted) => {
    expect(invertedName(parseName(full))).toBe(inverted);
  });
});

describe("citation keys", () => {
  it.each([
    [{ authors: ["Ashish Vaswani", "Noam Shazeer"], title: "Attention Is All You Need", published: "2017-06-12" }, "vaswani2017attention"],
    [{ authors: ["Tri Dao"], title: "FlashAttention: Fast and Memory-Efficient Exact Attention", published: "2022" }, "dao2022flashattention"],
    // Accents and letters without a decomposition fold to ASCII.
    [{ authors: ["Christopher Ré"], title: "Hungry Hungry Hippos", published: "2023" }, "re2023hungry"],
    [{ authors: ["Łukasz Kaiser"], title: "Ütopia Über Alles", published: "2019" }, "kaiser2019utopia"],
    [{ authors: ["Jürgen Schmidhuber"], title: "Øresund Æther", published: "2015" }, "schmidhuber2015oresund"],
    // The particle belongs to the family name.
    [{ authors: ["Laurens van der Maaten"], title: "Visualizing Data using t-SNE", published: "2008" }, "vandermaaten2008visualizing"],
    [{ authors: ["van der Maaten, Laurens"], title: "Visualizing Data using t-SNE", published: "2008" }, "vandermaaten2008visualizing"],
    [{ authors: ["Martin Luther King Jr."], title: "Why We Can't Wait", published: "1964" }, "king1964cant"],
    // Stopwords are skipped; punctuation inside a word disappears.
    [{ authors: ["A B"], title: "On the Self-Attention of the Things", published: "2020" }, "b2020selfattention"],
    [{ authors: ["A B"], title: "The", published: "2020" }, "b2020the"],
    // No published date: the year comes from a new-style arXiv id, else there is none.
    [{ authors: ["Tri Dao"], title: "FlashAttention", arxiv: "2205.14135" }, "dao2022flashattention"],
    [{ authors: ["Tri Dao"], title: "FlashAttention", arxiv: "hep-th/9901001" }, "daoflashattention"],
    [{ authors: [], title: "Anonymous Work", published: "2021" }, "anon2021anonymous"],
    [{ authors: ["山田 太郎"], title: "日本語の題名", published: "2021" }, "anon2021"],
  ])("%j → %s", (fields, key) => {
    expect(baseKey(makePaper(fields))).toBe(key);
  });

  it.each([
    [0, "a"],
    [1, "b"],
    [25, "z"],
    [26, "aa"],
    [27, "ab"],
    [701, "zz"],
    [702, "aaa"],
  ])("suffix %i is %s", (n, suffix) => {
    expect(letterSuffix(n)).toBe(suffix);
  });

  const same = { authors: ["Ashish Vaswani"], title: "Attention Is All You Need", published: "2017" };

  it("keeps keys unique: the earliest added keeps the plain key, later ones get a, b", () => {
    const keys = citationKeys([
      makePaper({ ...same, slug: "third", added: "2024-03-01" }),
      makePaper({ ...same, slug: "first", added: "2024-01-01" }),
      makePaper({ ...same, slug: "second", added: "2024-02-01" }),
      makePaper({ ...same, slug: "also-first-day", added: "2024-01-01" }),
    ]);
    expect(Object.fromEntries(keys)).toEqual({ "also-first-day": "vaswani2017attention", first: "vaswani2017attentiona", second: "vaswani2017attentionb", third: "vaswani2017attentionc" });
  });

  it("does not rename existing keys when a newer paper collides", () => {
    const before = citationKeys([makePaper({ ...same, slug: "a", added: "2024-01-01" }), makePaper({ ...same, slug: "b", added: "2024-02-01" })]);
    const after = citationKeys([makePaper({ ...same, slug: "a", added: "2024-01-01" }), makePaper({ ...same, slug: "b", added: "2024-02-01" }), makePaper({ ...same, slug: "c", added: "2024-03-01" })]);
    expect(after.get("a")).toBe(before.get("a"));
    expect(after.get("b")).toBe(before.get("b"));
    expect(after.get("c")).toBe("vaswani2017attentionb");
  });

  it("never gives a suffixed key that is another paper's plain key", () => {
    const keys = citationKeys([
      makePaper({ slug: "deep-1", added: "2024-01-01", authors: ["Jo Smith"], title: "Deep", published: "2020" }),
      makePaper({ slug: "deep-2", added: "2024-02-01", authors: ["Jo Smith"], title: "Deep", published: "2020" }),
      // Its plain key is what deep-2 would get with the suffix "a".
      makePaper({ slug: "deepa", added: "2024-03-01", authors: ["Jo Smith"], title: "Deepa", published: "2020" }),
    ]);
    expect(keys.get("deepa")).toBe("smith2020deepa");
    expect(keys.get("deep-2")).toBe("smith2020deepb");
    expect(new Set(keys.values()).size).toBe(3);
  });

  it.each([
    ["Attention Is All You Need", "attention"],
    ["A Little Goes a Long Way", "little"],
    ["On the Opportunities and Risks", "opportunities"],
    ["of the", "of"],
  ])("first significant word of %s is %s", (title, word) => {
    expect(firstSignificantWord(title)).toBe(word);
  });

  it.each([
    ["Christopher Ré", "christopherre"],
    ["Straße", "strasse"],
    ["Łódź", "lodz"],
    ["日本", ""],
    // Plain ASCII takes a shorter way: the same answers.
    ["Attention", "attention"],
    ["GPT-4o's", "gpt4os"],
    ["", ""],
    ["Ré-Attention", "reattention"],
  ])("asciiFold(%s) = %s", (text, folded) => {
    expect(asciiFold(text)).toBe(folded);
  });
});

describe("BibTeX text", () => {
  it.each([
    ["plain words", "plain words"],
    ["50% & $5 #1 a_b", "50\\% \\& \\$5 \\#1 a\\_b"],
    ["Ré", "R{\\'e}"],
    ["a--b", "a-{}-b"],
    ["{x}", "{\\textbraceleft}x{\\textbraceright}"],
    ["a\\b", "a{\\textbackslash}b"],
    ["multi\n\nline  text", "multi line text"],
    // Text with single spaces and no would-be ligature takes a shorter path: the same result.
    [" plain ", "plain"],
    ["tab\there", "tab here"],
    ["x\u00a0y", "x y"],
    ["''quoted''", "'{}'quoted'{}'"],
    ["wow!`", "wow!{}`"],
  ])("%j → %j", (text, latex) => {
    expect(bibtexText(text)).toBe(latex);
  });

  // bibtexText converts character by character with a cache: it must give what converting the whole text gives.
  it.each([["Łukasz Kaiser and Jürgen Schmidhuber"], ["ε ≤ 3 × 4 → ∞, 日本語, “quoted” — ½ ©"], ["x < y > z & 50% of $5 #1 a_b ^ ~ | \\ {}"], ["naïve café Ǆ 𝔸 👍🏽"]])(
    "converts %j as unicode2latex does",
    (input) => {
      expect(bibtexText(input)).toBe(new Transform("bibtex-creator").tolatex(input, { bracemath: true }));
    },
  );

  it.each([
    ["GPUs", true],
    ["IO-Awareness", true],
    ["3D", true],
    ["(LLMs)", true],
    ["Memory-Efficient", false],
    ["(Attention", false],
    ["Attention", false],
    ["a", false],
  ])("case of %s is protected: %s", (word, kept) => {
    expect(keepsCase(word)).toBe(kept);
  });

  it("protects only the words whose case matters in titles", () => {
    expect(bibtexTitle("FlashAttention: Fast and Memory-Efficient Attention with IO-Awareness")).toBe("{FlashAttention:} Fast and Memory-Efficient Attention with {IO-Awareness}");
  });

  it.each([
    ["Ashish Vaswani", "Vaswani, Ashish"],
    ["Laurens van der Maaten", "van der Maaten, Laurens"],
    ["Martin Luther King Jr.", "King, Jr., Martin Luther"],
    ["Plato", "{Plato}"],
    ["Christopher Ré", "R{\\'e}, Christopher"],
    ["Research and Development Team", "Team, {Research and Development}"],
  ])("author %s → %s", (name, bib) => {
    expect(bibtexName(name)).toBe(bib);
  });

  const hostile = makePaper({
    slug: "hostile",
    title: `FlashAttention: </script> & "quotes" 50% {x} $y_1 costs $5 # ~ ^ \\ back Ré ε ≤ 日本語 a--b`,
    authors: ["Christopher Ré", "Laurens van der Maaten", "Plato", "Martin Luther King Jr.", "Research and Development Team", "Łukasz Kaiser"],
    published: "2022-05-27",
    abstract: "First } line {\n\nsecond <!-- c --> @misc{x, title={y}} \\end{document} 100% & done",
    arxiv: "2205.14135",
    doi: "10.1000/a_b-c",
    tags: ["C++", "a&b", "long context"],
  });

  it("reads back exactly through a real BibTeX parser, whatever the text holds", () => {
    const [entry, ...rest] = readBibtex(bibtexEntry(hostile, "re2022flashattention", { full: true }));
    expect(rest).toEqual([]);
    expect(entry!.type).toBe("misc");
    expect(entry!.key).toBe("re2022flashattention");
    // The parser turns R{\'e} into e + combining accent: compare in NFC, as our text is.
    expect(entry!.fields.title!.normalize("NFC")).toBe(hostile.title);
    expect(entry!.fields.abstract).toBe(hostile.abstract!.replace(/\s+/g, " "));
    expect(entry!.fields.author).toEqual([
      { lastName: "Ré".normalize("NFD"), firstName: "Christopher" },
      { lastName: "Maaten", firstName: "Laurens", prefix: "van der" },
      { name: "Plato" },
      { lastName: "King", firstName: "Martin Luther", suffix: "Jr." },
      { lastName: "Team", firstName: "Research and Development" },
      { lastName: "Kaiser", firstName: "Łukasz" },
    ]);
    expect(entry!.fields.doi).toBe("10.1000/a_b-c");
    expect([...entry!.fields.keywords!].sort()).toEqual(["C++", "a&b", "long context"]);
  });

  it.each([
    ["2205.14135", { eprint: "2205.14135", archiveprefix: "arXiv", url: "https://arxiv.org/abs/2205.14135" }, undefined],
    ["2205.14135v2", { eprint: "2205.14135v2", archiveprefix: "arXiv" }, undefined],
    ["hep-th/9901001", { eprint: "hep-th/9901001", archiveprefix: "arXiv", primaryclass: "hep-th" }, "hep-th"],
    ["math.AG/0501001", { eprint: "math.AG/0501001", archiveprefix: "arXiv", primaryclass: "math.AG" }, "math.AG"],
  ])("arXiv %s is @misc with eprint fields", (arxiv, fields, primary) => {
    const text = bibtexEntry(makePaper({ title: "T", authors: ["A B"], arxiv }), "k");
    expect(text.startsWith("@misc{k,\n")).toBe(true);
    const [entry] = readBibtex(text);
    expect(entry!.fields).toMatchObject(fields);
    expect(entry!.fields.primaryclass).toBe(primary);
  });

  it.each([
    [{ published: "2017-06-12" }, { year: "2017", month: "6" }],
    [{ published: "2017-06" }, { year: "2017", month: "6" }],
    [{ published: "2017" }, { year: "2017" }],
    [{ arxiv: "2205.14135" }, { year: "2022", month: "5" }],
  ])("dates %j → %j", (fields, expected) => {
    const [entry] = readBibtex(bibtexEntry(makePaper({ title: "T", ...fields }), "k"));
    expect(entry!.fields).toMatchObject(expected);
    if (!("month" in expected)) expect(entry!.fields.month).toBeUndefined();
  });

  it("puts the paper's own URL before the arXiv one, and keeps the page entry short", () => {
    const paper = makePaper({ title: "T", arxiv: "2205.14135", url: "https://example.org/p?a=1&b=%20", abstract: "An abstract.", tags: ["x"] });
    const [entry] = readBibtex(bibtexEntry(paper, "k"));
    expect(entry!.fields.url).toBe("https://example.org/p?a=1&b=%20");
    expect(entry!.fields.abstract).toBeUndefined();
    expect(entry!.fields.keywords).toBeUndefined();
  });
});

describe("CSL-JSON items", () => {
  it("splits names and dates the way CSL wants them", () => {
    const item = cslItem(makePaper({ title: "T", authors: ["Laurens van der Maaten", "Plato", "Martin Luther King Jr."], published: "2008-11", arxiv: "0811.0001", doi: "10.1/x", tags: ["a", "b"] }), "k");
    expect(item).toEqual({
      id: "k",
      type: "article",
      title: "T",
      author: [{ family: "Maaten", given: "Laurens", "non-dropping-particle": "van der" }, { literal: "Plato" }, { family: "King", given: "Martin Luther", suffix: "Jr." }],
      issued: { "date-parts": [[2008, 11]] },
      DOI: "10.1/x",
      URL: "https://arxiv.org/abs/0811.0001",
      publisher: "arXiv",
      number: "arXiv:0811.0001",
      keyword: "a, b",
    });
  });
});

describe("Highwire Press meta", () => {
  it.each([
    [{ published: "2022-05-27" }, "2022/05/27"],
    [{ published: "2022-05" }, "2022/05"],
    [{ published: "2022" }, "2022"],
    [{ arxiv: "2205.14135" }, "2022/05"],
    [{}, undefined],
  ])("publication date of %j is %s", (fields, date) => {
    const meta = highwireMeta(makePaper(fields));
    expect(meta.find((m) => m.name === "citation_publication_date")?.content).toBe(date);
  });

  it("has one citation_author per author, in order, and the PDF from arXiv when no pdf is given", () => {
    const meta = highwireMeta(makePaper({ title: "T", authors: ["Tri Dao", "Christopher Ré"], arxiv: "2205.14135", doi: "10.1/x" }));
    expect(meta.filter((m) => m.name === "citation_author").map((m) => m.content)).toEqual(["Dao, Tri", "Ré, Christopher"]);
    expect(Object.fromEntries(meta.filter((m) => m.name !== "citation_author").map((m) => [m.name, m.content]))).toEqual({
      citation_title: "T",
      citation_publication_date: "2022/05",
      citation_arxiv_id: "2205.14135",
      citation_doi: "10.1/x",
      citation_pdf_url: "https://arxiv.org/pdf/2205.14135",
    });
    expect(highwireMeta(makePaper({ arxiv: "2205.14135", pdf: "https://x.org/a.pdf" })).find((m) => m.name === "citation_pdf_url")?.content).toBe("https://x.org/a.pdf");
  });
});

describe("JSON-LD", () => {
  it.each([
    ["</script><script>alert(1)</script>"],
    ["<!-- comment --> and <![CDATA[ x ]]>"],
    ["a & b > c"],
    ["line\u2028separator\u2029paragraph"],
    ['quote " and backslash \\ and </SCRIPT >'],
  ])("keeps %j inside the string", (abstract) => {
    const json = jsonForScript(scholarlyArticle(makePaper({ title: "T", abstract }), "https://e.org/papers/p/"));
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect((JSON.parse(json) as { abstract: string }).abstract).toBe(abstract);
  });

  it("describes a ScholarlyArticle with authors, identifiers and keywords", () => {
    const article = scholarlyArticle(makePaper({ title: "T", authors: ["Tri Dao"], published: "2022-05-27", arxiv: "2205.14135", doi: "10.1/x", tags: ["a"], abstract: "Abs." }), "https://e.org/r/papers/p/");
    expect(article).toMatchObject({
      "@context": "https://schema.org",
      "@type": "ScholarlyArticle",
      url: "https://e.org/r/papers/p/",
      headline: "T",
      author: [{ "@type": "Person", name: "Tri Dao" }],
      datePublished: "2022-05-27",
      abstract: "Abs.",
      keywords: ["a"],
      sameAs: ["https://arxiv.org/abs/2205.14135", "https://doi.org/10.1/x"],
    });
    expect(scholarlyArticle(makePaper({ title: "T" }), "https://e.org/")).not.toHaveProperty("author");
  });
});
