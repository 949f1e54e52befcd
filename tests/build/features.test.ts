import { readFile } from "node:fs/promises";
import path from "node:path";
import { Cite, plugins } from "@citation-js/core";
import "@citation-js/plugin-csl";
import { parse as parseBibtex, type Entry } from "@retorquere/bibtex-parser";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parse as parse5, type DefaultTreeAdapterMap } from "parse5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attr, parseHtml, text, type Html } from "../helpers/html.ts";
import { Fixture, paper, type BuildResult } from "../helpers/site.ts";

/**
 * Reading-list features on a built fixture: citations (page block, Highwire meta, JSON-LD, Open Graph),
 * whole-list exports read back by real parsers, status pages, related papers and the stats page, at the
 * root and under a sub-path.
 */

const HOSTILE_ABSTRACT = `We show that </script><script>alert("x")</script> and <!-- a comment --> stay text; also "quotes", 'single', a & b, 50% of {braces}, $5 or $math_1, back\\slash and a--b.`;
const HOSTILE_TITLE = `Quotes "and" <b>tags</b> & ampersands: a Hostile Title`;

const yaml = (value: unknown) => JSON.stringify(value);

const PAPERS: Record<string, string> = {
  hostile: paper({
    title: yaml(HOSTILE_TITLE),
    added: "2026-03-14",
    status: "read",
    authors: yaml(["Christopher Ré", "Laurens van der Maaten", "Plato"]),
    published: "2022-05-27",
    arxiv: yaml("2205.14135"),
    doi: "10.1000/xyz-123",
    pdf: "https://example.org/hostile.pdf",
    tags: yaml(["attention kernels", "R&D <x>"]),
    abstract: yaml(HOSTILE_ABSTRACT),
  }),
  "flash-two": paper({
    title: yaml("FlashAttention-2: Faster Attention with Better Parallelism and Work Partitioning"),
    added: "2026-03-10",
    status: "read",
    authors: yaml(["Tri Dao"]),
    published: "2023-07",
    arxiv: yaml("2307.08691"),
    tags: yaml(["attention kernels", "long context"]),
    abstract: yaml("Attention kernels on the GPU: better work partitioning between thread blocks and warps makes attention twice as fast."),
  }),
  "flash-one": paper({
    title: yaml("FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"),
    added: "2026-02-01",
    status: "read",
    authors: yaml(["Tri Dao", "Daniel Y. Fu"]),
    published: "2022",
    tags: yaml(["attention kernels", "long context"]),
    abstract: yaml("An IO-aware exact attention kernel that uses tiling to reduce GPU memory reads and writes."),
  }),
  // Same first author, year and first word as flash-one: its key needs a suffix.
  "flash-again": paper({
    title: yaml("FlashAttention Revisited"),
    added: "2026-02-15",
    status: "reading",
    authors: yaml(["Tri Dao"]),
    published: "2022",
    tags: yaml(["long context"]),
  }),
  "old-arxiv": paper({
    title: yaml("Strings on Branes"),
    added: "2025-11-02",
    authors: yaml(["Ludwig van Beethoven", "Martin Luther King Jr."]),
    arxiv: yaml("hep-th/9901001"),
    tags: yaml(["physics"]),
    abstract: yaml("Branes and strings in ten dimensions."),
  }),
  ctr: paper({
    title: yaml("Click-Through Rate Prediction with Feature Interactions"),
    added: "2025-09-20",
    authors: yaml(["Ann Lee"]),
    published: "2021",
    tags: yaml(["recommendation"]),
    abstract: yaml("Recommendation models predict clicks from sparse categorical features."),
  }),
  "ctr-bench": paper({
    title: yaml("Open Benchmarking for Click-Through Rate Prediction"),
    added: "2025-09-01",
    authors: yaml(["Bo Chen"]),
    published: "2021",
    tags: yaml(["recommendation", "benchmarks"]),
    abstract: yaml("An open benchmark of recommendation models for click prediction."),
  }),
};
const SITE = `title: Test & "list"\ndescription: A fixture site\nauthor: Tester\nlanguage: en\nperPage: 2\nfeedSize: 50\n`;
const PAPER_COUNT = Object.keys(PAPERS).length;

type Element = DefaultTreeAdapterMap["element"];

async function html(out: string, rel: string): Promise<Html> {
  return parseHtml(await readFile(path.join(out, rel), "utf8"));
}

const meta = (doc: Html, key: "name" | "property", name: string) => doc.all("meta", (m) => attr(m, key) === name).map((m) => attr(m, "content"));
const scripts = (doc: Html, type?: string) => doc.all("script", (s) => attr(s, "type") === type);

function readBib(source: string): Entry[] {
  const lib = parseBibtex(source, { sentenceCase: false });
  expect(lib.errors).toEqual([]);
  return lib.entries;
}

describe("reading-list features", () => {
  let fixture: Fixture;
  let root: BuildResult;
  let again: BuildResult;
  let sub: BuildResult;

  beforeAll(async () => {
    fixture = await Fixture.create({ papers: PAPERS, site: SITE });
    root = await fixture.build({ siteUrl: "https://example.org" }, "site-root");
    expect(root.code, root.stderr).toBe(0);
    again = await fixture.build({ siteUrl: "https://example.org", env: { TZ: "Asia/Kolkata", LC_ALL: "de_DE.UTF-8" } }, "site-again");
    expect(again.code, again.stderr).toBe(0);
    sub = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" }, "site-sub");
    expect(sub.code, sub.stderr).toBe(0);
  });
  afterAll(() => fixture?.cleanup());

  describe("/papers.bib", () => {
    let entries: Entry[];
    beforeAll(async () => {
      entries = readBib(await readFile(path.join(root.out, "papers.bib"), "utf8"));
    });

    it("holds every paper once, newest added first, with unique keys", () => {
      expect(entries).toHaveLength(PAPER_COUNT);
      expect(new Set(entries.map((e) => e.key)).size).toBe(PAPER_COUNT);
      expect(entries.map((e) => e.key)).toEqual(["re2022quotes", "dao2023flashattention2", "dao2022flashattentiona", "dao2022flashattention", "vanbeethovenstrings", "lee2021clickthrough", "chen2021open"]);
    });

    it("reads back the hostile paper exactly", () => {
      const entry = entries.find((e) => e.key === "re2022quotes")!;
      expect(entry.type).toBe("misc");
      expect(entry.fields.title!.normalize("NFC")).toBe(HOSTILE_TITLE);
      expect(entry.fields.abstract).toBe(HOSTILE_ABSTRACT);
      expect(entry.fields.author).toEqual([
        { lastName: "Ré".normalize("NFD"), firstName: "Christopher" },
        { lastName: "Maaten", firstName: "Laurens", prefix: "van der" },
        { name: "Plato" },
      ]);
      expect(entry.fields).toMatchObject({ year: "2022", month: "5", eprint: "2205.14135", archiveprefix: "arXiv", doi: "10.1000/xyz-123" });
      expect([...entry.fields.keywords!].sort()).toEqual(["R&D <x>", "attention kernels"]);
    });

    it("writes old-style arXiv papers with their primary class", () => {
      const entry = entries.find((e) => e.key === "vanbeethovenstrings")!;
      expect(entry.fields).toMatchObject({ eprint: "hep-th/9901001", archiveprefix: "arXiv", primaryclass: "hep-th" });
      expect(entry.fields.author).toEqual([
        { lastName: "Beethoven", firstName: "Ludwig", prefix: "van" },
        { lastName: "King", firstName: "Martin Luther", suffix: "Jr." },
      ]);
    });

    it("is byte-identical across builds", async () => {
      expect(await readFile(path.join(again.out, "papers.bib"), "utf8")).toBe(await readFile(path.join(root.out, "papers.bib"), "utf8"));
    });
  });

  describe("/papers.json (CSL-JSON)", () => {
    let items: Record<string, unknown>[];
    beforeAll(async () => {
      items = JSON.parse(await readFile(path.join(root.out, "papers.json"), "utf8"));
    });

    it("is CSL-JSON that citation.js's strict cleaner leaves untouched", () => {
      expect(plugins.input.type(items)).toBe("@csl/list+object");
      // clean(…, false) drops every field whose name or value type CSL does not allow, and makes no guesses.
      const cleaned = plugins.input.util.clean(structuredClone(items), false);
      expect(cleaned).toEqual(items);
    });

    it("uses the same ids as the BibTeX keys", async () => {
      const keys = readBib(await readFile(path.join(root.out, "papers.bib"), "utf8")).map((e) => e.key);
      expect(items.map((i) => i.id)).toEqual(keys);
    });

    it("renders as a bibliography through citeproc", () => {
      const bibliography = new Cite(items).format("bibliography", { format: "text", template: "apa", lang: "en-US" }) as string;
      // CSL titles are rich text: citeproc reads <b>…</b> as bold and curls the quotes, as it does for Zotero's data.
      expect(bibliography).toContain("Ré, C., van der Maaten, L., & Plato. (2022). Quotes “and” tags & ampersands: a Hostile Title (arXiv:2205.14135). arXiv. https://doi.org/10.1000/xyz-123");
      expect(bibliography).toContain("van Beethoven, L., & King, M. L., Jr. (n.d.). Strings on Branes");
      for (const item of items.filter((i) => i.id !== "re2022quotes")) expect(bibliography).toContain(item.title as string);
    });

    it("keeps the whole abstract as plain text", () => {
      expect(items.find((i) => i.id === "re2022quotes")!.abstract).toBe(HOSTILE_ABSTRACT);
    });
  });

  describe("a paper page", () => {
    let doc: Html;
    let source: string;
    beforeAll(async () => {
      source = await readFile(path.join(root.out, "papers/hostile/index.html"), "utf8");
      doc = parseHtml(source);
    });

    it("carries Highwire Press tags for Google Scholar and Zotero", () => {
      expect(meta(doc, "name", "citation_title")).toEqual([HOSTILE_TITLE]);
      expect(meta(doc, "name", "citation_author")).toEqual(["Ré, Christopher", "van der Maaten, Laurens", "Plato"]);
      expect(meta(doc, "name", "citation_publication_date")).toEqual(["2022/05/27"]);
      expect(meta(doc, "name", "citation_arxiv_id")).toEqual(["2205.14135"]);
      expect(meta(doc, "name", "citation_pdf_url")).toEqual(["https://example.org/hostile.pdf"]);
      expect(meta(doc, "name", "citation_doi")).toEqual(["10.1000/xyz-123"]);
      expect(meta(doc, "name", "citation_abstract")).toEqual([HOSTILE_ABSTRACT]);
    });

    it("carries Open Graph and Twitter card tags", () => {
      expect(meta(doc, "property", "og:type")).toEqual(["article"]);
      expect(meta(doc, "property", "og:title")).toEqual([HOSTILE_TITLE]);
      expect(meta(doc, "property", "og:url")).toEqual(["https://example.org/papers/hostile/"]);
      expect(meta(doc, "property", "og:site_name")).toEqual([`Test & "list"`]);
      expect(meta(doc, "property", "article:tag")).toEqual(["attention kernels", "R&D <x>"]);
      expect(meta(doc, "name", "twitter:card")).toEqual(["summary"]);
      expect(meta(doc, "name", "twitter:title")).toEqual([HOSTILE_TITLE]);
    });

    it("has schema.org JSON-LD that keeps the whole abstract inside its string", () => {
      const [ld, ...more] = scripts(doc, "application/ld+json");
      expect(more).toEqual([]);
      const raw = text(ld!);
      expect(raw).not.toMatch(/<\/script|<!--/i);
      const data = JSON.parse(raw);
      expect(data).toMatchObject({ "@type": "ScholarlyArticle", headline: HOSTILE_TITLE, abstract: HOSTILE_ABSTRACT, url: "https://example.org/papers/hostile/" });
      expect(data.author).toEqual([{ "@type": "Person", name: "Christopher Ré" }, { "@type": "Person", name: "Laurens van der Maaten" }, { "@type": "Person", name: "Plato" }]);
      // The abstract's "<script>" never became an element.
      expect(doc.all("script").every((s) => !text(s).includes("alert(") || attr(s, "type") === "application/ld+json")).toBe(true);
    });

    it("shows a BibTeX block with the key the export uses, and a copy button hidden until JavaScript shows it", async () => {
      const [pre] = doc.all("pre", (p) => attr(p, "id") === "cite-bibtex");
      const block = text(pre!);
      const [entry] = readBib(block);
      expect(entry!.key).toBe("re2022quotes");
      expect(entry!.fields.title!.normalize("NFC")).toBe(HOSTILE_TITLE);
      const [button] = doc.all("button", (b) => attr(b, "data-copy") === "cite-bibtex");
      expect(button!.attrs.some((a) => a.name === "hidden")).toBe(true);
      // The handler is a few lines of the one script every page already loads (deferred), not a script of its own.
      expect(await readFile(path.join(root.out, "assets/site.js"), "utf8")).toContain("[data-copy]");
      const home = await html(root.out, "index.html");
      expect(doc.all("script").map((s) => attr(s, "src")).filter(Boolean)).toEqual(home.all("script").map((s) => attr(s, "src")).filter(Boolean));
    });

    it("gives absolute URLs with the sub-path when the site lives under one", async () => {
      const subDoc = await html(sub.out, "papers/hostile/index.html");
      expect(meta(subDoc, "property", "og:url")).toEqual(["https://example.github.io/reading-list/papers/hostile/"]);
      expect(JSON.parse(text(scripts(subDoc, "application/ld+json")[0]!)).url).toBe("https://example.github.io/reading-list/papers/hostile/");
      expect(subDoc.all("a", (a) => attr(a, "href") === "/reading-list/papers.bib")).toHaveLength(1);
    });

    it("links the previous and next paper by date added", async () => {
      const nav = (await html(root.out, "papers/flash-again/index.html")).all("a", (a) => ["prev", "next"].includes(attr(a, "rel") ?? ""));
      expect(nav.map((a) => [attr(a, "rel"), attr(a, "href")])).toEqual([
        ["prev", "/papers/flash-one/"],
        ["next", "/papers/flash-two/"],
      ]);
    });

    it.each(["index.html", "status/read/index.html", "stats/index.html", "tags/index.html"])("is the only kind of page with citation meta (not %s)", async (rel) => {
      const other = await html(root.out, rel);
      expect(other.all("meta", (m) => (attr(m, "name") ?? "").startsWith("citation_"))).toEqual([]);
      expect(scripts(other, "application/ld+json")).toEqual([]);
      expect(meta(other, "property", "og:type")).toEqual([]);
    });
  });

  describe("related papers", () => {
    const relatedOf = async (out: string, slug: string) => {
      const doc = await html(out, `papers/${slug}/index.html`);
      const [section] = doc.all("section", (s) => attr(s, "class") === "paper-related");
      return section ? parseHtmlLinks(section) : [];
    };
    const parseHtmlLinks = (section: Element) => {
      const links: string[] = [];
      const walk = (node: DefaultTreeAdapterMap["node"]) => {
        if ("tagName" in node && node.tagName === "a") links.push(attr(node, "href")!);
        for (const child of "childNodes" in node ? node.childNodes : []) walk(child);
      };
      walk(section);
      return links;
    };

    it("lists papers with shared tags and similar text first, and nothing unrelated", async () => {
      const links = await relatedOf(root.out, "flash-two");
      expect(links[0]).toBe("/papers/flash-one/");
      expect(links).toEqual(expect.arrayContaining(["/papers/flash-again/", "/papers/hostile/"]));
      expect(links).not.toContain("/papers/ctr/");
      expect(await relatedOf(root.out, "ctr")).toEqual(["/papers/ctr-bench/"]);
      expect(await relatedOf(root.out, "old-arxiv")).toEqual([]);
    });

    it("shows each related paper's status badge", async () => {
      const doc = await html(root.out, "papers/ctr/index.html");
      const [section] = doc.all("section", (s) => attr(s, "class") === "paper-related");
      expect(doc.all("span", (s) => isInside(section!, s) && (attr(s, "class") ?? "").startsWith("status ")).map((s) => text(s))).toEqual(["To read"]);
    });

    it("is the same in every build, and prefixed under a sub-path", async () => {
      for (const slug of Object.keys(PAPERS)) {
        const first = await relatedOf(root.out, slug);
        expect(await relatedOf(again.out, slug)).toEqual(first);
        expect(await relatedOf(sub.out, slug)).toEqual(first.map((href) => `/reading-list${href}`));
      }
    });
  });

  describe("status pages", () => {
    it("paginate like the other lists", async () => {
      const first = await html(root.out, "status/read/index.html");
      expect(text(first.all("h1")[0]!)).toBe("Read");
      const items = (doc: Html) => doc.all("h2", (h) => attr(h, "class") === "paper-item-title").map((h) => text(h).trim());
      expect(items(first)).toEqual([HOSTILE_TITLE, "FlashAttention-2: Faster Attention with Better Parallelism and Work Partitioning"]);
      const second = await html(root.out, "status/read/page/2/index.html");
      expect(items(second)).toEqual(["FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"]);
      expect(first.all("a", (a) => attr(a, "rel") === "next").map((a) => attr(a, "href"))).toEqual(["/status/read/page/2/"]);
      expect(items(await html(root.out, "status/reading/index.html"))).toEqual(["FlashAttention Revisited"]);
      expect(items(await html(root.out, "status/to-read/index.html"))).toHaveLength(2);
    });

    it("show their counts on the home page, linked, with stats linked there and from the footer", async () => {
      const home = await html(sub.out, "index.html");
      const [nav] = home.all("nav", (n) => attr(n, "aria-label") === "Reading status");
      const statusLinks = home.all("a", (a) => (attr(a, "href") ?? "").includes("/status/") && !!nav && isInside(nav, a));
      expect(statusLinks.map((a) => [attr(a, "href"), text(a).replace(/\s+/g, " ").trim()])).toEqual([
        ["/reading-list/status/to-read/", "To read 3"],
        ["/reading-list/status/reading/", "Reading 1"],
        ["/reading-list/status/read/", "Read 3"],
      ]);
      const footer = home.all("footer")[0]!;
      expect(home.all("a", (a) => isInside(nav!, a) && attr(a, "href") === "/reading-list/stats/")).toHaveLength(1);
      expect(home.all("a", (a) => isInside(footer, a)).map((a) => attr(a, "href"))).toEqual(expect.arrayContaining(["/reading-list/stats/", "/reading-list/status/read/"]));
      const stats = await html(sub.out, "stats/index.html");
      expect(stats.attrs("href")).toEqual(expect.arrayContaining(["/reading-list/papers.bib", "/reading-list/papers.json"]));
    });
  });

  describe("/stats/", () => {
    let source: string;
    let doc: Html;
    beforeAll(async () => {
      source = await readFile(path.join(sub.out, "stats/index.html"), "utf8");
      doc = parseHtml(source);
    });

    /** Each inline <svg> exactly as written in the file, found by the HTML parser's source positions. */
    const svgSources = () => {
      const out: string[] = [];
      const walk = (node: DefaultTreeAdapterMap["node"]) => {
        if ("tagName" in node && node.tagName === "svg" && node.sourceCodeLocation) out.push(source.slice(node.sourceCodeLocation.startOffset, node.sourceCodeLocation.endOffset));
        else for (const child of "childNodes" in node ? node.childNodes : []) walk(child);
      };
      walk(parse5(source, { sourceCodeLocationInfo: true }));
      return out;
    };

    it("draws three charts as well-formed SVG, each named and described, each twice (wide and stacked for phones)", () => {
      const svgs = svgSources();
      expect(svgs).toHaveLength(6);
      const ids = svgs.map((svg) => /aria-labelledby="([^"]*)"/.exec(svg)![1]!.split(" ")).flat();
      expect(new Set(ids).size).toBe(ids.length);
      const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" });
      for (const svg of svgs) {
        expect(XMLValidator.validate(svg)).toBe(true);
        const root = xml.parse(svg).svg;
        expect(root.role).toBe("img");
        const [titleId, descId] = root["aria-labelledby"].split(" ");
        expect(root.title.id).toBe(titleId);
        expect(root.desc.id).toBe(descId);
        expect(root.desc["#text"]).toMatch(/^Bar chart\. /);
      }
      expect(svgs.join("")).toContain("R&amp;D &lt;x&gt;");
    });

    it("gives every chart's numbers as a table", () => {
      const tables = doc.all("table");
      expect(tables).toHaveLength(3);
      const rows = (table: Element) => parse5Rows(table);
      expect(rows(tables[0]!)).toEqual([
        ["To read", "3"],
        ["Reading", "1"],
        ["Read", "3"],
      ]);
      expect(rows(tables[1]!)).toEqual([
        ["attention kernels", "3"],
        ["long context", "3"],
        ["recommendation", "2"],
        ["benchmarks", "1"],
        ["physics", "1"],
        ["R&D <x>", "1"],
      ]);
      // Sep 2025 to Mar 2026, months without papers included.
      expect(rows(tables[2]!)).toEqual([
        ["Sep 2025", "2"],
        ["Oct 2025", "0"],
        ["Nov 2025", "1"],
        ["Dec 2025", "0"],
        ["Jan 2026", "0"],
        ["Feb 2026", "2"],
        ["Mar 2026", "2"],
      ]);
    });

    it("needs no JavaScript of its own: only the scripts every page loads", async () => {
      const home = await html(sub.out, "index.html");
      expect(doc.all("script").map((s) => attr(s, "src"))).toEqual(home.all("script").map((s) => attr(s, "src")));
      expect(doc.all("script").every((s) => attr(s, "src"))).toBe(true);
    });
  });
});

function isInside(container: Element, el: Element): boolean {
  for (let node: DefaultTreeAdapterMap["parentNode"] | null = el.parentNode; node; node = "parentNode" in node ? (node.parentNode as DefaultTreeAdapterMap["parentNode"] | null) : null) {
    if (node === container) return true;
  }
  return false;
}

function parse5Rows(table: Element): string[][] {
  const rows: string[][] = [];
  const walk = (node: DefaultTreeAdapterMap["node"]) => {
    if ("tagName" in node && node.tagName === "tr") {
      const cells = node.childNodes.filter((c): c is Element => "tagName" in c && (c.tagName === "th" || c.tagName === "td"));
      if (cells.every((c) => c.tagName === "th" && attr(c, "scope") === "col")) return;
      rows.push(cells.map((c) => text(c).trim()));
      return;
    }
    for (const child of "childNodes" in node ? node.childNodes : []) walk(child);
  };
  walk(table);
  return rows;
}
