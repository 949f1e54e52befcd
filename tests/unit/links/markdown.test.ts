import { describe, expect, it } from "vitest";
import { shorten } from "../../../src/links/markdown.ts";
import { mentionsOf, linkedSlugs } from "../../../src/links/mentions.ts";
import { LinkIndex, type LinkPaper } from "../../../src/links/resolve.ts";
import { MathRenderer } from "../../../src/math/tex.ts";
import { renderNotes, type NotesEnv } from "../../../src/site/markdown.ts";

function paper(slug: string, fields: Partial<LinkPaper> = {}): LinkPaper {
  return { slug, file: `content/papers/${slug}.md`, title: slug, authors: [], added: "2024-01-01", draft: false, ...fields };
}

const index = new LinkIndex(
  [
    paper("flash-attention", { title: "FlashAttention <fast> & exact", authors: ["Tri Dao", "Dan Fu", "Stefano Ermon"], arxiv: "2205.14135" }),
    paper("attention", { title: "Attention Is All You Need", authors: ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"], published: "2017" }),
    paper("sorting", { title: "Sorting in $O(n \\log n)$", authors: ["Ada Lovelace"], published: "1843" }),
  ],
  { includeDrafts: false },
);

function render(markdown: string, extra: NotesEnv = {}): { html: string; env: NotesEnv } {
  const env: NotesEnv = { linkResolver: index, ...extra };
  return { html: renderNotes(markdown, env), env };
}

const FA = `<a class="note-link" href="/papers/flash-attention/">FlashAttention &lt;fast&gt; &amp; exact</a>`;
const VASWANI = `<a class="note-cite" href="/papers/attention/" title="Attention Is All You Need">Vaswani et al. 2017</a>`;

describe("note links in rendered notes", () => {
  it.each([
    ["[[flash-attention]]", `<p>${FA}</p>\n`],
    ["[[attention|the <b>transformer</b>]]", `<p><a class="note-link" href="/papers/attention/">the &lt;b&gt;transformer&lt;/b&gt;</a></p>\n`],
    ["[[arxiv:2205.14135v3]].", `<p>${FA}.</p>\n`],
    ["See [@vaswani2017attention].", `<p>See (${VASWANI}).</p>\n`],
    ["([@vaswani2017attention])", `<p>((${VASWANI}))</p>\n`],
    [
      "[@vaswani2017attention, p. 3; @dao2022flashattention]",
      `<p>(<a class="note-cite" href="/papers/attention/" title="Attention Is All You Need">Vaswani et al. 2017, p. 3</a>; <a class="note-cite" href="/papers/flash-attention/" title="FlashAttention &lt;fast&gt; &amp; exact">Dao et al. 2022</a>)</p>\n`,
    ],
    // Nothing in code changes.
    ["`[[attention]]` and `[@vaswani2017attention]`", "<p><code>[[attention]]</code> and <code>[@vaswani2017attention]</code></p>\n"],
    ["```\n[[attention]]\n```", "<pre><code>[[attention]]\n</code></pre>\n"],
    ["    [[attention]]", "<pre><code>[[attention]]\n</code></pre>\n"],
    // Escaped brackets are text.
    ["\\[[attention]]", "<p>[[attention]]</p>\n"],
    ["\\[@vaswani2017attention]", "<p>[@vaswani2017attention]</p>\n"],
    // Mail addresses are not citations.
    ["Write to [me@example.org] or me@example.org.", `<p>Write to [me@example.org] or <a href="mailto:me@example.org">me@example.org</a>.</p>\n`],
    // Nested brackets: the inner pair is the link.
    ["[[[attention]]]", `<p>[<a class="note-link" href="/papers/attention/">Attention Is All You Need</a>]</p>\n`],
    // A markdown link holds no link: markdown-it leaves its brackets as text, the wiki link is still a link.
    ["[see [[attention]]](https://example.org)", `<p>[see <a class="note-link" href="/papers/attention/">Attention Is All You Need</a>](<a href="https://example.org">https://example.org</a>)</p>\n`],
    // Markdown links keep working beside them.
    ["[text](https://example.org) [[attention|A]]", `<p><a href="https://example.org">text</a> <a class="note-link" href="/papers/attention/">A</a></p>\n`],
  ])("%j", (markdown, html) => {
    expect(render(markdown).html).toBe(html);
  });

  it("takes `\\|` for the pipe in a table, where a bare pipe splits the cell", () => {
    const { html } = render("| paper | note |\n|---|---|\n| [[attention\\|AIAYN]] | x |\n");
    expect(html).toContain(`<td><a class="note-link" href="/papers/attention/">AIAYN</a></td>`);
    expect(html).toContain("<td>x</td>");
  });

  it("typesets a linked title's formulas with the renderer it is given, and escapes the rest", () => {
    const renderer = new MathRenderer();
    const { html } = render("[[sorting]]", { mathRenderer: renderer, titleHtml: (t) => renderer.textHtml(t) });
    expect(html).toMatch(/^<p><a class="note-link" href="\/papers\/sorting\/">Sorting in <math>.*<\/math><\/a><\/p>\n$/s);
    expect(html).toContain('<annotation encoding="application/x-tex">O(n \\log n)</annotation>');
  });

  it("leaves links as written when there is no list to resolve against", () => {
    expect(renderNotes("[[attention]] and [@vaswani2017attention]")).toBe("<p>[[attention]] and [@vaswani2017attention]</p>\n");
  });

  it("reports each link to nothing with its line in the notes, and writes it as written", () => {
    const { html, env } = render("First line.\n\nSecond paragraph,\nwith [[flash-atention]] and [@nobody2020] here.\n\n- item [[arxiv:9999.99999]]\n");
    expect(html).toContain("with [[flash-atention]] and [@nobody2020] here.");
    expect(env.linkProblems?.map((p) => [p.line, p.message])).toEqual([
      [4, "[[flash-atention]] links to no paper: no file content/papers/flash-atention.md"],
      [4, "[@nobody2020] links to no paper: no paper has the citation key nobody2020"],
      [6, "[[arxiv:9999.99999]] links to no paper: no paper has the arXiv id 9999.99999"],
    ]);
    expect(env.links).toBeUndefined();
  });

  it("reports a citation with one missing key once, and still finds the others", () => {
    const { env } = render("[@vaswani2017attention; @nobody2020]");
    expect(env.linkProblems).toHaveLength(1);
    expect(env.links?.map((l) => l.slug)).toEqual(["attention"]);
  });

  it("finds every link with its line and the text of that line", () => {
    const { env } = render("# Heading with [[attention|AIAYN]]\n\nIntro *line* with `code` and $x^2$\nthen [[flash-attention]] and [@vaswani2017attention].\n\n> quoted [[attention]]\n");
    expect(env.links).toEqual([
      { line: 1, slug: "attention", context: "Heading with AIAYN" },
      { line: 4, slug: "flash-attention", context: "then FlashAttention <fast> & exact and (Vaswani et al. 2017)." },
      { line: 4, slug: "attention", context: "then FlashAttention <fast> & exact and (Vaswani et al. 2017)." },
      { line: 6, slug: "attention", context: "quoted Attention Is All You Need" },
    ]);
  });
});

describe("shorten", () => {
  const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
  it.each([
    ["short  text\twith   space", 0, 40, "short text with space"],
    // A third of the room before the link.
    [long, long.indexOf("word30"), 60, "…word28 word29 word30 word31 word32 word33 word34 word35…"],
    [long, long.indexOf("word30"), 20, "…word30 word31…"],
    [long, 0, 30, "word0 word1 word2 word3 word4…"],
    // Near the end, the room goes before the link.
    [long, long.length - 6, 30, "…word56 word57 word58 word59"],
    ["one-very-long-word-without-any-space-at-all", 10, 20, "…very-long-word-wit…"],
  ])("%#", (text, column, max, expected) => {
    const cut = shorten(text, column, max);
    expect(cut).toBe(expected);
    expect([...cut].length).toBeLessThanOrEqual(max);
  });
});

describe("mentions", () => {
  const link = (slug: string, context = `ctx ${slug}`) => ({ line: 1, slug, context });

  it("lists who links to each paper in the order given, once each, with the first line that links", () => {
    const mentions = mentionsOf([
      { slug: "newest", title: "Newest", links: [link("a", "first"), link("a", "second"), link("b")] },
      { slug: "older", title: "Older", links: [link("a", "older line")] },
      { slug: "a", title: "A", links: [link("a", "self"), link("b")] },
    ]);
    expect(mentions.get("a")).toEqual([
      { slug: "newest", title: "Newest", context: "first" },
      { slug: "older", title: "Older", context: "older line" },
    ]);
    expect(mentions.get("b")?.map((m) => m.slug)).toEqual(["newest", "a"]);
    expect(mentions.has("newest")).toBe(false);
  });

  it("gives the distinct papers a paper links to, itself left out", () => {
    expect(linkedSlugs("a", [link("b"), link("a"), link("c"), link("b")])).toEqual(["b", "c"]);
  });
});
