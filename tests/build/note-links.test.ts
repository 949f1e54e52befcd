import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DefaultTreeAdapterMap } from "parse5";
import { checkAtom, checkJsonFeed, checkRss, type CheckedFeed } from "../helpers/feed-spec.ts";
import { attr, elements, parseHtml, text, type Html } from "../helpers/html.ts";
import { Fixture, paper, SERVE_START_MS, type BuildResult } from "../helpers/site.ts";
import { DEV_SERVER_DEADLINE_MS, saveUntilSeen, untilServed } from "../helpers/wait.ts";

/**
 * Note links (issue 19): `[[slug]]`, `[[slug|text]]`, `[[arxiv:ID]]`, `[[doi:...]]` and `[@key]` in a paper's notes
 * link to the papers they name, under the path prefix, in the pages and the feeds; every paper linked to lists the
 * papers that link to it ("Mentioned in"); a link counts for related papers and the stats. A link to no paper, or
 * from a published paper to a draft, stops the production build and `shelfmark check`, once per link.
 */

type Element = DefaultTreeAdapterMap["element"];

const PREFIX = "/reading-list/";
const SITE_URL = "https://example.github.io";
const ABS = `${SITE_URL}${PREFIX}papers/`;

const FLASH_TITLE = "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness";
const MAMBA_TITLE = String.raw`Transformers are SSMs with $\mathcal{O}(n)$ state`;
const HINTON_TITLE = "Reducing the Dimensionality of Data with Neural Networks";

// The notes of the newest paper: every kind of link once, and what must stay as written.
const SURVEY_NOTES = [
  "Start with [[flash-attention]] and **its** follow-ups.", // notes line 1
  "",
  "Same paper again: [[flash-attention|the IO-aware kernel]], [[arxiv:2205.14135v2]], [[ARXIV:2205.14135]].",
  "",
  "By DOI: [[doi:10.5555/MAMBA.2024]], [[doi:https://doi.org/10.5555/mamba.2024]] and [[mamba2]].",
  "",
  "Citations: [@vaswani2017attention] and [@vaswani2017attention; @dao2024transformers] and [@hintonreducing, p. 3].",
  "",
  "The year from the arXiv id: [@dao2022flashattention].",
  "",
  "Untouched: `[[no-such-paper]]` and `[@nokey]` in code, \\[[no-such-paper]] escaped.",
  "",
  "```",
  "[[no-such-paper]] [@nokey]",
  "```",
  "",
].join("\n");

// Newest `added` first: survey (2024-06-01), review (2024-03-01), hostile (2024-02-01).
const REVIEW_NOTES = [
  "I reread [[flash-attention]] twice; this paper is [[review|my own review]].",
  "",
  `A long line: ${"padding words ".repeat(15)}then [[transformer|the kernel]] and ${"more trailing words ".repeat(10)}end.`,
].join("\n");

const HOSTILE_NOTES = "Beware <script>alert(1)</script> and <b>bold</b> near [[flash-attention|FA]].\n\nA title to escape: [[amp]].\n\nCited: [@anonless].\n";
const AMP_TITLE = "Less <i>is</i> More & Then Some";
/** Papers mentioned once each by the card, for the chart's top 10. */
const MINOR = Array.from({ length: 11 }, (_, i) => `minor-${String(i + 1).padStart(2, "0")}`);

function positivePapers(): Record<string, string> {
  return {
    "flash-attention": paper(
      {
        title: JSON.stringify(FLASH_TITLE),
        added: "2024-01-10",
        tags: "[attention, gpu]",
        authors: `["Tri Dao", "Daniel Y. Fu", "Stefano Ermon"]`,
        arxiv: `"2205.14135"`,
        abstract: `"Tiling the softmax so that reads and writes to high bandwidth memory drop."`,
      },
      "No links here.",
    ),
    transformer: paper({ title: `"Attention Is All You Need"`, added: "2024-01-05", tags: "[attention]", authors: `["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"]`, published: "2017-06-12" }),
    mamba2: paper({ title: JSON.stringify(MAMBA_TITLE), added: "2024-01-04", tags: "[ssm]", authors: `["Tri Dao", "Albert Gu"]`, published: "2024-05-31", doi: "10.5555/Mamba.2024" }),
    // No shared tag and no shared word with the survey: related only through the link.
    hinton: paper({ title: JSON.stringify(HINTON_TITLE), added: "2024-01-03", tags: "[autoencoders]", authors: `["Geoffrey Hinton"]`, abstract: `"Autoencoders reduce dimensionality."` }),
    survey: paper({ title: `"A Survey of Efficient Sequence Models"`, added: "2024-06-01", tags: "[attention]", authors: `["Ada Lovelace"]` }, SURVEY_NOTES),
    review: paper({ title: `"My Review of Kernels"`, added: "2024-03-01", tags: "[kernels]" }, REVIEW_NOTES),
    hostile: paper({ title: `"Hostile Notes"`, added: "2024-02-01", tags: "[misc]" }, HOSTILE_NOTES),
    quiet: paper({ title: `"Nobody Links Here"`, added: "2024-01-01", tags: "[misc]" }, "Just words."),
    amp: paper({ title: JSON.stringify(AMP_TITLE), added: "2023-12-01", tags: "[misc]" }),
    card: paper({ title: `"Index Card"`, added: "2023-11-01", tags: "[cards]" }, MINOR.map((slug) => `- [[${slug}]]`).join("\n")),
    ...Object.fromEntries(MINOR.map((slug, i) => [slug, paper({ title: `"Minor Paper ${i + 1}"`, added: `2023-10-${String(i + 1).padStart(2, "0")}`, tags: "[minor]" })])),
  };
}

/** How many times `needle` occurs in `haystack`. */
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

function byClass(page: Html, tag: string, cls: string): Element[] {
  return page.all(tag, (el) => (attr(el, "class") ?? "").split(/\s+/).includes(cls));
}

function notesSection(page: Html): Element {
  const found = byClass(page, "section", "paper-notes");
  expect(found).toHaveLength(1);
  return found[0]!;
}

function within(root: Element, tag: string, cls?: string): Element[] {
  return elements(root).filter((el) => el.tagName === tag && (cls === undefined || (attr(el, "class") ?? "").split(/\s+/).includes(cls)));
}

/** The section's mentions: [href, title text, context text] per `<li>`. */
function mentions(page: Html): [string, string, string][] | undefined {
  const sections = byClass(page, "section", "paper-mentions");
  if (sections.length === 0) return undefined;
  expect(sections).toHaveLength(1);
  return within(sections[0]!, "li").map((li) => {
    const a = within(li, "a")[0]!;
    const q = within(li, "q", "mention-context");
    expect(q).toHaveLength(1);
    return [attr(a, "href")!, text(a), text(q[0]!)];
  });
}

function expectReportedOnce(result: BuildResult, messages: string[]): void {
  expect(result.code, result.stderr).toBe(1);
  for (const message of messages) expect(count(result.stderr, message), `${message}\n---\n${result.stderr}`).toBe(1);
  expect(result.stderr).not.toContain("Original error stack trace");
  expect(result.stderr).not.toMatch(/^(\[11ty\])?\s+at /m);
}

describe("note links in a production build under a path prefix", () => {
  let fixture: Fixture;
  let stderr = "";
  const pages: Record<string, Html> = {};

  beforeAll(async () => {
    fixture = await Fixture.create({ papers: positivePapers() });
    const result = await fixture.build({ siteUrl: SITE_URL, pathPrefix: PREFIX });
    expect(result.code, result.stderr).toBe(0);
    stderr = result.stderr;
    for (const slug of Object.keys(positivePapers())) pages[slug] = parseHtml(await fixture.read(`_site/papers/${slug}/index.html`));
  });
  afterAll(() => fixture?.cleanup());

  it("builds without a word about links", () => {
    expect(stderr).not.toMatch(/shelfmark:links|links to no paper/);
  });

  it("[[slug]] shows the paper's title, [[slug|text]] the text, both linking to the page under the prefix", () => {
    const links = within(notesSection(pages.survey!), "a", "note-link");
    expect(links.map((a) => [attr(a, "href"), text(a)]).slice(0, 2)).toEqual([
      [`${PREFIX}papers/flash-attention/`, FLASH_TITLE],
      [`${PREFIX}papers/flash-attention/`, "the IO-aware kernel"],
    ]);
    // The raw HTML: exactly the class and the href, the title as the link's text.
    expect(pages.survey!.source).toContain(`<a class="note-link" href="${PREFIX}papers/flash-attention/">${FLASH_TITLE}</a>`);
  });

  it("[[arxiv:ID]] matches any version and any case of the prefix; [[doi:...]] any case and the doi.org form", () => {
    const links = within(notesSection(pages.survey!), "a", "note-link").map((a) => [attr(a, "href"), text(a)]);
    expect(links.slice(2, 6)).toEqual([
      [`${PREFIX}papers/flash-attention/`, FLASH_TITLE],
      [`${PREFIX}papers/flash-attention/`, FLASH_TITLE],
      [`${PREFIX}papers/mamba2/`, expect.stringContaining("Transformers are SSMs with")],
      [`${PREFIX}papers/mamba2/`, expect.stringContaining("Transformers are SSMs with")],
    ]);
    expect(links).toHaveLength(7);
    expect(links[6]![0]).toBe(`${PREFIX}papers/mamba2/`);
  });

  it("typesets a title's formula in the link text as MathML", () => {
    const mamba = within(notesSection(pages.survey!), "a", "note-link").filter((a) => attr(a, "href") === `${PREFIX}papers/mamba2/`);
    expect(mamba).toHaveLength(3);
    for (const a of mamba) {
      const math = within(a, "math");
      expect(math).toHaveLength(1);
      expect(text(within(a, "annotation")[0]!)).toBe(String.raw`\mathcal{O}(n)`);
      expect(text(a)).not.toContain("$");
    }
  });

  it("[@key] and [@key1; @key2] become author–date citations with the title, [@key, p. 3] keeps the locator", () => {
    const notes = notesSection(pages.survey!);
    const cites = within(notes, "a", "note-cite").map((a) => [attr(a, "href"), attr(a, "title"), text(a)]);
    expect(cites).toEqual([
      [`${PREFIX}papers/transformer/`, "Attention Is All You Need", "Vaswani et al. 2017"],
      [`${PREFIX}papers/transformer/`, "Attention Is All You Need", "Vaswani et al. 2017"],
      [`${PREFIX}papers/mamba2/`, MAMBA_TITLE, "Dao and Gu 2024"],
      [`${PREFIX}papers/hinton/`, HINTON_TITLE, "Hinton n.d., p. 3"],
      [`${PREFIX}papers/flash-attention/`, FLASH_TITLE, "Dao et al. 2022"],
    ]);
    const paragraph = within(notes, "p").find((p) => text(p).startsWith("Citations:"))!;
    expect(text(paragraph)).toBe("Citations: (Vaswani et al. 2017) and (Vaswani et al. 2017; Dao and Gu 2024) and (Hinton n.d., p. 3).");
    expect(pages.survey!.source).toContain(
      `(<a class="note-cite" href="${PREFIX}papers/transformer/" title="Attention Is All You Need">Vaswani et al. 2017</a>; <a class="note-cite" href="${PREFIX}papers/mamba2/"`,
    );
  });

  it("the keys are the ones each paper's Cite section shows", () => {
    const keys: [string, string][] = [
      ["transformer", "vaswani2017attention"],
      ["mamba2", "dao2024transformers"],
      ["hinton", "hintonreducing"],
      ["flash-attention", "dao2022flashattention"],
    ];
    for (const [slug, key] of keys) {
      expect(pages[slug]!.source, slug).toContain(`aria-label="BibTeX entry ${key}"`);
      expect(pages[slug]!.source, slug).toMatch(new RegExp(`<code>@\\w+\\{${key},`));
    }
  });

  it("leaves code spans, fenced code and \\[[...]] as written", () => {
    const notes = notesSection(pages.survey!);
    const codes = within(notes, "code").map(text);
    expect(codes).toEqual(["[[no-such-paper]]", "[@nokey]", "[[no-such-paper]] [@nokey]\n"]);
    const untouched = within(notes, "p").find((p) => text(p).startsWith("Untouched:"))!;
    expect(text(untouched)).toBe("Untouched: [[no-such-paper]] and [@nokey] in code, [[no-such-paper]] escaped.");
    expect(within(untouched, "a")).toEqual([]);
  });

  it("lists the papers that link to a paper under Mentioned in, newest added first, each once, with the line that links", () => {
    const list = mentions(pages["flash-attention"]!)!;
    expect(list.map(([href, title]) => [href, title])).toEqual([
      [`${PREFIX}papers/survey/`, "A Survey of Efficient Sequence Models"],
      [`${PREFIX}papers/review/`, "My Review of Kernels"],
      [`${PREFIX}papers/hostile/`, "Hostile Notes"],
    ]);
    // The first line that links, as plain text: markdown stripped, the link as the paper's title.
    expect(list[0]![2]).toBe(`Start with ${FLASH_TITLE} and its follow-ups.`);
    expect(list[1]![2]).toBe("I reread FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness twice; this paper is my own review.");
    const heading = pages["flash-attention"]!.all("h2", (el) => attr(el, "id") === "mentions-heading");
    expect(heading.map(text)).toEqual(["Mentioned in"]);
  });

  it("shows a citation in the context as it reads, and shortens a long line around the link with an ellipsis", () => {
    const list = mentions(pages.transformer!)!;
    expect(list.map(([href]) => href)).toEqual([`${PREFIX}papers/survey/`, `${PREFIX}papers/review/`]);
    expect(list[0]![2]).toBe("Citations: (Vaswani et al. 2017) and (Vaswani et al. 2017; Dao and Gu 2024) and (Hinton n.d., p. 3).");
    const long = list[1]![2];
    expect(long).toContain("then the kernel and");
    expect(long.startsWith("…")).toBe(true);
    expect(long.endsWith("…")).toBe(true);
    expect([...long].length).toBeLessThanOrEqual(160);
    expect(long).not.toContain("[[");
    expect(mentions(pages.hinton!)!.map(([href]) => href)).toEqual([`${PREFIX}papers/survey/`]);
  });

  it("keeps a short line whole, as text", () => {
    expect(mentions(pages["flash-attention"]!)![2]![2]).toBe("Beware <script>alert(1)</script> and <b>bold</b> near FA.");
  });

  it("escapes the note's text in the context: no tag from a note reaches the page", () => {
    const section = byClass(pages["flash-attention"]!, "section", "paper-mentions")[0]!;
    expect(within(section, "script")).toEqual([]);
    expect(within(section, "b")).toEqual([]);
    expect(pages["flash-attention"]!.source).toContain("Beware &lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt; near FA.");
  });

  it("leaves a paper that links to itself off its own page, and pages nobody links to without the section", () => {
    expect(mentions(pages.review!)).toBeUndefined();
    expect(within(notesSection(pages.review!), "a", "note-link").map((a) => attr(a, "href"))).toContain(`${PREFIX}papers/review/`);
    for (const slug of ["quiet", "survey", "hostile"]) {
      expect(mentions(pages[slug]!), slug).toBeUndefined();
      expect(pages[slug]!.source, slug).not.toContain("mentions-heading");
    }
  });

  it("escapes a title with markup in the link text, the Mentioned in list and the citation's title", () => {
    const hostile = notesSection(pages.hostile!);
    const amp = within(hostile, "a", "note-link").filter((a) => attr(a, "href") === `${PREFIX}papers/amp/`);
    expect(amp).toHaveLength(1);
    expect(text(amp[0]!)).toBe(AMP_TITLE);
    expect(within(amp[0]!, "i")).toEqual([]);
    expect(mentions(pages.amp!)).toEqual([[`${PREFIX}papers/hostile/`, "Hostile Notes", `A title to escape: ${AMP_TITLE}.`]]);
    expect(within(byClass(pages.amp!, "section", "paper-mentions")[0]!, "i")).toEqual([]);
    // Without authors a citation shows the title (and no year: n.d.), escaped in its text and its title attribute.
    expect(pages.amp!.source).toContain('aria-label="BibTeX entry anonless"');
    const cite = within(hostile, "a", "note-cite");
    expect(cite.map((a) => [attr(a, "href"), attr(a, "title"), text(a)])).toEqual([[`${PREFIX}papers/amp/`, AMP_TITLE, `${AMP_TITLE} n.d.`]]);
    expect(within(cite[0]!, "i")).toEqual([]);
  });

  it("carries the note links into the Atom, RSS and JSON feeds as absolute URLs", async () => {
    const feeds: [string, CheckedFeed][] = [
      ["feed.xml", checkAtom(await fixture.read("_site/feed.xml"))],
      ["rss.xml", checkRss(await fixture.read("_site/rss.xml"))],
      ["feed.json", checkJsonFeed(await fixture.read("_site/feed.json"))],
    ];
    for (const [file, feed] of feeds) {
      const entry = feed.entries.find((e) => e.url === `${ABS}survey/`);
      expect(entry?.content, file).toBeDefined();
      const html = parseHtml(entry!.content!);
      const links = html.all("a", (a) => attr(a, "class") === "note-link").map((a) => attr(a, "href"));
      expect(links, file).toEqual([...Array(4).fill(`${ABS}flash-attention/`), ...Array(3).fill(`${ABS}mamba2/`)]);
      const cites = html.all("a", (a) => attr(a, "class") === "note-cite").map((a) => attr(a, "href"));
      expect(cites, file).toEqual([`${ABS}transformer/`, `${ABS}transformer/`, `${ABS}mamba2/`, `${ABS}hinton/`, `${ABS}flash-attention/`]);
    }
  });

  it("lists a linked paper under Related papers, either way, even with no shared tag or word", () => {
    const related = (slug: string) =>
      byClass(pages[slug]!, "section", "paper-related").flatMap((s) =>
        within(s, "li").map((li): [string | undefined, string] => [attr(within(li, "a")[0]!, "href"), within(li, "span", "related-why").map(text).join("")]),
      );
    expect(related("survey")).toContainEqual([`${PREFIX}papers/hinton/`, "linked in notes"]);
    expect(related("hinton")).toContainEqual([`${PREFIX}papers/survey/`, "linked in notes"]);
    expect(related("survey")).toContainEqual([`${PREFIX}papers/flash-attention/`, "linked in notes; also tagged attention"]);
    expect(related("quiet").filter(([, why]) => why.includes("linked"))).toEqual([]);
  });

  it("the pages with note links and mentions are valid HTML", async () => {
    const validator = new HtmlValidate({ extends: ["html-validate:standard"] });
    for (const slug of ["survey", "flash-attention", "hostile", "amp"]) {
      const report = await validator.validateString(pages[slug]!.source, `${slug}.html`);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`)), slug).toEqual([]);
    }
  });

  it("adds the Most mentioned papers chart to /stats/", async () => {
    const stats = parseHtml(await fixture.read("_site/stats/index.html"));
    const sections = stats.all("section", (el) => attr(el, "aria-labelledby") === "chart-mentions-heading");
    expect(sections).toHaveLength(1);
    expect(within(sections[0]!, "h2").map((h) => [attr(h, "id"), text(h)])).toEqual([["chart-mentions-heading", "Most mentioned papers"]]);
    expect(within(sections[0]!, "svg").map((svg) => attr(svg, "class"))).toEqual(["chart chart-rows", "chart chart-stacked"]);
    const table = within(sections[0]!, "table")[0]!;
    expect(within(table, "th").slice(0, 2).map(text)).toEqual(["Paper", "Mentioned in (papers)"]);
    const rows = within(table, "tr")
      .slice(1)
      .map((tr) => [text(within(tr, "th")[0]!).trim(), text(within(tr, "td")[0]!).trim()]);
    // flash-attention (3 papers), transformer (2), then 15 papers mentioned once: the top 10.
    expect(rows).toHaveLength(10);
    expect(rows.slice(0, 2)).toEqual([
      [FLASH_TITLE, "3"],
      ["Attention Is All You Need", "2"],
    ]);
    expect(rows.slice(2).every(([, n]) => n === "1")).toBe(true);
    expect(rows.map(([title]) => title)).not.toContain("Nobody Links Here");
  });
});

describe("links to no paper stop the build and shelfmark check, each reported once", () => {
  let fixture: Fixture;
  let build: BuildResult;
  let check: BuildResult;

  // Lines 1–4 of each file are the front matter (two fields), so the notes start on line 5.
  const B_NOTES = ["Intro.", "", "Second paragraph.", "", "See [[flash-atention]] here.", "", "Cited as [@nokey].", "", "Preprint [[arxiv:2301.99999]].", "", "Published [[doi:10.9999/Nothing]]."].join("\n");

  beforeAll(async () => {
    fixture = await Fixture.create({
      papers: {
        "flash-attention": paper({ title: JSON.stringify(FLASH_TITLE), added: "2024-01-10", arxiv: `"2205.14135"`, authors: `["Tri Dao"]` }),
        b: paper({ title: `"Links Gone Wrong"`, added: "2024-02-01" }, B_NOTES),
        c: paper({ title: `"Another One"`, added: "2024-02-02" }, "Fine line.\n\nAnd [[nope]] here."),
      },
    });
    [build, check] = await Promise.all([fixture.build({ siteUrl: SITE_URL, pathPrefix: PREFIX }), fixture.cli(["check"])]);
  });
  afterAll(() => fixture?.cleanup());

  const SLUG_HINT = "(a slug is a paper's file name without .md)";
  const MESSAGES = [
    `content/papers/b.md:9 field "notes": [[flash-atention]] links to no paper: no file content/papers/flash-atention.md. Fix: did you mean [[flash-attention]] (${FLASH_TITLE})? ${SLUG_HINT}`,
    'content/papers/b.md:11 field "notes": [@nokey] links to no paper: no paper has the citation key nokey. Fix: did you mean [@',
    'content/papers/b.md:13 field "notes": [[arxiv:2301.99999]] links to no paper: no paper has the arXiv id 2301.99999. Fix: ',
    "To add the paper: npx shelfmark add 2301.99999",
    'content/papers/b.md:15 field "notes": [[doi:10.9999/Nothing]] links to no paper: no paper has the DOI 10.9999/Nothing. Fix: ',
    "To add the paper: npx shelfmark add doi:10.9999/Nothing",
    'content/papers/c.md:7 field "notes": [[nope]] links to no paper: no file content/papers/nope.md. Fix: ',
  ];

  /** The problem lines of the report, without Eleventy's mark. */
  const problemLines = (stderr: string) =>
    stderr
      .split("\n")
      // Eleventy ends its report with the error's class: not part of the problem.
      .map((l) => l.replace(/^\[11ty\] /, "").replace(/ \(via InvalidContentError\)$/, ""))
      .filter((l) => l.startsWith("  - content/papers/"));

  it("the build exits 1, names the file and the file's line, and suggests the nearest name", () => {
    expectReportedOnce(build, MESSAGES);
    expect(build.stderr).toMatch(/\[shelfmark:links\] 5 problems in 2 files:/);
    expect(problemLines(build.stderr)).toHaveLength(5);
    expect(fixture.exists("_site/papers/flash-attention/index.html")).toBe(false);
  });

  it("writes each Fix as sentences: the nearest name or the fallback ends before \"To add the paper\"", () => {
    // With no DOI in the list there is no nearest DOI, and the fallback runs into the next sentence.
    for (const line of [...problemLines(build.stderr), ...problemLines(check.stderr)].filter((l) => l.includes("To add the paper"))) {
      expect(line).toMatch(/[.?!] To add the paper: /);
    }
  });

  it("shelfmark check exits 1 with the same problems, once each", () => {
    expectReportedOnce(check, MESSAGES);
    expect(check.stderr).toMatch(/\[shelfmark:check\] 5 problems in 2 files:/);
    expect(check.stderr).not.toContain("[shelfmark:links]");
    expect(problemLines(check.stderr).sort()).toEqual(problemLines(build.stderr).sort());
  });
});

describe("links to drafts", () => {
  let linked: Fixture;
  let draftsOnly: Fixture;
  let build: BuildResult;
  let check: BuildResult;
  let draftsBuild: BuildResult;
  let draftsCheck: BuildResult;

  const DRAFT_MESSAGE = 'content/papers/pub.md:5 field "notes": [[the-draft]] links to a draft (content/papers/the-draft.md has draft: true), which a production build leaves out';

  beforeAll(async () => {
    [linked, draftsOnly] = await Promise.all([
      Fixture.create({
        papers: {
          pub: paper({ title: `"Published Paper"`, added: "2024-01-02" }, "Builds on [[the-draft]]."),
          "the-draft": paper({ title: `"The Draft"`, added: "2024-01-01", draft: "true" }),
        },
      }),
      Fixture.create({
        papers: {
          alone: paper({ title: `"Alone"`, added: "2024-01-03" }, "No links at all."),
          "draft-a": paper({ title: `"Draft A"`, added: "2024-01-02", draft: "true" }, "See [[draft-b]] and [[alone]]."),
          "draft-b": paper({ title: `"Draft B"`, added: "2024-01-01", draft: "true" }),
        },
      }),
    ]);
    [build, check, draftsBuild, draftsCheck] = await Promise.all([linked.build(), linked.cli(["check"]), draftsOnly.build({ siteUrl: SITE_URL, pathPrefix: PREFIX }), draftsOnly.cli(["check"])]);
  });
  afterAll(() => Promise.all([linked?.cleanup(), draftsOnly?.cleanup()]));

  it("a published paper's link to a draft stops the production build and shelfmark check", () => {
    expectReportedOnce(build, [DRAFT_MESSAGE]);
    expect(build.stderr).toContain("[shelfmark:links] 1 problem in 1 file:");
    expectReportedOnce(check, [DRAFT_MESSAGE]);
    expect(check.stderr).toContain("[shelfmark:check] 1 problem in 1 file:");
  });

  it("a draft may link to a draft: shelfmark check passes and the production build leaves both out", async () => {
    expect(draftsCheck.code, draftsCheck.stderr).toBe(0);
    expect(draftsCheck.stdout).toMatch(/3 papers, 0 tags, no problems \(2 drafts\)/);
    expect(draftsBuild.code, draftsBuild.stderr).toBe(0);
    expect(draftsOnly.exists("_site/papers/draft-a/index.html")).toBe(false);
    // A draft's link is no mention in a build that leaves the draft out.
    const alone = parseHtml(await draftsOnly.read("_site/papers/alone/index.html"));
    expect(mentions(alone)).toBeUndefined();
  });

  it("without any mention, /stats/ has no Most mentioned papers chart", async () => {
    const stats = await draftsOnly.read("_site/stats/index.html");
    expect(stats).not.toContain("chart-mentions");
    expect(stats).not.toContain("Most mentioned papers");
  });

  it("the dev server includes drafts, so there the link resolves, and follows the linked paper's new title", { timeout: SERVE_START_MS + 2 * DEV_SERVER_DEADLINE_MS + 60_000 }, async () => {
    const server = linked.serve(18000 + Math.floor(Math.random() * 2000), "_dev");
    try {
      const origin = await server.ready;
      const body = await untilServed(`${origin}/papers/pub/`, (b) => b.includes("note-link"));
      const links = parseHtml(body).all("a", (a) => attr(a, "class") === "note-link");
      expect(links.map((a) => [attr(a, "href"), text(a)])).toEqual([["/papers/the-draft/", "The Draft"]]);
      expect(server.output()).not.toContain("links to a draft");
      // Only the linked paper's file changes: the linking paper's notes, kept from the last build, must show the new title.
      const retitled = paper({ title: `"The Draft, Retitled"`, added: "2024-01-01", draft: "true" });
      await saveUntilSeen(
        () => linked.writePaper("the-draft", retitled),
        // The link's own text: the page names the draft elsewhere too (previous and next).
        async () => text(parseHtml(await fetch(`${origin}/papers/pub/`).then((r) => r.text())).all("a", (a) => attr(a, "class") === "note-link")[0]!) === "The Draft, Retitled",
        "the linking page shows the linked paper's new title",
      );
    } finally {
      server.stop();
    }
  });
});
