import { parse } from "parse5";
import { describe, expect, it } from "vitest";
import type { ListedPaper } from "../../../src/papers/library.ts";
import { indexJob, listSortKey, partRecords, recordPaper, searchRecordHtml, searchRecords } from "../../../src/search/records.ts";

type Node = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; value?: string };

function listed(fields: Partial<ListedPaper> = {}): ListedPaper {
  return { slug: "p", file: "content/papers/p.md", title: "A paper", added: "2025-06-01", tags: [], status: "to-read", authors: [], draft: false, notes: "", notesLine: 1, tagLinks: [], notesHtml: "", linksTo: [], mentionedIn: [], ...fields };
}

function all(node: Node, found: Node[] = []): Node[] {
  found.push(node);
  for (const child of node.childNodes ?? []) all(child, found);
  return found;
}
const attr = (node: Node, name: string) => node.attrs?.find((a) => a.name === name)?.value;
const text = (node: Node): string => (node.nodeName === "#text" ? node.value! : (node.childNodes ?? []).map(text).join(""));

/** What Pagefind reads of a record: each data-pagefind-* attribute with the text of its element. */
function pagefindView(html: string) {
  const nodes = all(parse(html) as unknown as Node);
  const withAttr = (name: string) => nodes.filter((n) => attr(n, name) !== undefined).map((n) => [attr(n, name)!, text(n)]);
  return {
    lang: attr(nodes.find((n) => n.nodeName === "html")!, "lang"),
    bodies: nodes.filter((n) => attr(n, "data-pagefind-body") !== undefined).length,
    sort: withAttr("data-pagefind-sort").map(([a]) => a),
    weights: withAttr("data-pagefind-weight"),
    filters: withAttr("data-pagefind-filter"),
    meta: withAttr("data-pagefind-meta"),
    scripts: nodes.filter((n) => n.nodeName === "script" || (n.attrs ?? []).some((a) => a.name.startsWith("on"))).length,
  };
}

describe("searchRecordHtml", () => {
  const full = listed({
    title: "Attention <script>alert(1)</script> & \"more\"",
    authors: ["Ada Lovelace", "Łukasz <b>"],
    tagLinks: [{ name: "KV cache", slug: "kv-cache" }, { name: "C++ & <C#>", slug: "c-and-c" }],
    abstract: "x < y & z",
    notesHtml: "<p>Read <em>twice</em></p>",
    status: "read",
    added: "2024-02-29",
    code: "https://github.com/x/y",
  });

  it("gives Pagefind the fields, weights, filters, metadata and sort of the paper, its text unescaped exactly once", () => {
    expect(pagefindView(searchRecordHtml(full, { language: "en-GB" }, 4))).toEqual({
      lang: "en-GB",
      bodies: 1,
      sort: ["added:9999995"],
      weights: [
        ["10", "Attention <script>alert(1)</script> & \"more\""],
        ["6", "Ada Lovelace, Łukasz <b>"],
        ["6", "KV cacheC++ & <C#>"],
        ["3", "x < y & z"],
      ],
      filters: [
        ["tag", "KV cache"],
        ["tag", "C++ & <C#>"],
        ["status:read", ""],
        ["year:2024", ""],
        ["code:yes", ""],
      ],
      meta: [
        ["title", "Attention <script>alert(1)</script> & \"more\""],
        ["status:read", ""],
        ["added:2024-02-29", ""],
        ["tags", "KV cache, C++ & <C#>"],
      ],
      scripts: 0,
    });
  });

  it("keeps the notes as shelfmark rendered them", () => {
    expect(searchRecordHtml(full, { language: "en" }, 0)).toContain("<div><p>Read <em>twice</em></p></div>");
  });

  it.each([
    ["no authors", { authors: [] }, "data-pagefind-weight=\"6\">Ada"],
    ["no tags", { tagLinks: [] }, "data-pagefind-filter=\"tag\""],
    ["no tags (no tags metadata)", { tagLinks: [] }, "data-pagefind-meta=\"tags\""],
    ["no abstract", { abstract: undefined }, "data-pagefind-weight=\"3\""],
    ["no notes", { notesHtml: "" }, "<div><p>"],
    ["no code link", { code: undefined }, "code:yes"],
  ] as const)("leaves out what a paper lacks: %s", (_name, fields, absent) => {
    const html = searchRecordHtml({ ...full, ...fields } as ListedPaper, { language: "en" }, 0);
    expect(html).not.toContain(absent);
    expect(pagefindView(html).bodies).toBe(1);
  });
});

describe("listSortKey", () => {
  it.each([
    [0, "9999999"],
    [1, "9999998"],
    [12, "9999987"],
    [9_999_999, "0000000"],
  ])("(%s) = %s", (position, key) => expect(listSortKey(position)).toBe(key));

  it("sorts descending into the list's order, as text and as numbers", () => {
    const keys = [0, 1, 2, 9, 10, 99, 100, 12345].map(listSortKey);
    expect([...keys].sort().reverse()).toEqual(keys);
    expect([...keys].sort((a, b) => Number(b) - Number(a))).toEqual(keys);
  });

  it.each([-1, 1.5, 10_000_000])("refuses the position %s", (position) => expect(() => listSortKey(position)).toThrow(RangeError));
});

describe("searchRecords", () => {
  it("gives each paper its page URL and its place in the whole list, across parts", () => {
    const papers = ["a", "b", "c", "d", "e"].map((slug) => listed({ slug, title: slug.toUpperCase() }));
    const parts = searchRecords(papers, 2, { language: "en" });
    expect(parts.map((part) => part.map((r) => r.url))).toEqual([["/papers/a/", "/papers/b/"], ["/papers/c/", "/papers/d/"], ["/papers/e/"]]);
    expect(parts.flat().map((r) => /data-pagefind-sort="added:(\d+)"/.exec(r.html)![1])).toEqual(["9999999", "9999998", "9999997", "9999996", "9999995"]);
    expect(parts.flat().map((r) => /<h1[^>]*>([^<]*)</.exec(r.html)![1])).toEqual(["A", "B", "C", "D", "E"]);
  });
});

describe("recordPaper", () => {
  const paper = listed({
    slug: "flash",
    title: "FlashAttention",
    authors: ["Tri Dao"],
    tagLinks: [{ name: "KV cache", slug: "kv-cache" }],
    abstract: "IO-aware attention",
    notes: "read twice",
    notesHtml: "<p>read <em>twice</em></p>",
    status: "read",
    code: "https://github.com/Dao-AILab/flash-attention",
    linksTo: ["other"],
    mentionedIn: [{ slug: "other", title: "Other", context: "see [[flash]]" }],
  });

  it("makes the same record as the whole paper", () => {
    expect(searchRecordHtml(recordPaper(paper), { language: "en" }, 3)).toBe(searchRecordHtml(paper, { language: "en" }, 3));
  });

  it("carries only what a record shows: what a worker is sent", () => {
    expect(recordPaper(paper)).toEqual({
      slug: "flash",
      title: "FlashAttention",
      authors: ["Tri Dao"],
      abstract: "IO-aware attention",
      notesHtml: "<p>read <em>twice</em></p>",
      status: "read",
      added: "2025-06-01",
      code: "https://github.com/Dao-AILab/flash-attention",
      tagLinks: [{ name: "KV cache" }],
    });
  });
});

describe("indexJob", () => {
  const papers = ["a", "b", "c", "d", "e"].map((slug) => listed({ slug, title: slug.toUpperCase() }));
  const site = { language: "en" };
  const turn = new SharedArrayBuffer(4);

  it("offers the parts in the job's order, each with the records partRecords makes, made only when asked", () => {
    const job = indexJob({ papers: papers.map(recordPaper), partSize: 2, site, indexes: [2, 0, 1], staging: "/tmp/x", turn });
    expect(job.parts.map((p) => p.index)).toEqual([2, 0, 1]);
    expect(job.parts.every((p) => typeof p.records === "function")).toBe(true);
    for (const part of job.parts) expect((part.records as () => unknown)()).toEqual(partRecords(papers, 2, site, part.index));
    expect(job).toMatchObject({ staging: "/tmp/x", turn });
  });

  it("keeps each part's papers, not the list: the list emptied afterwards changes no record", () => {
    const list = papers.map(recordPaper);
    const job = indexJob({ papers: list, partSize: 2, site, indexes: [0, 1, 2], staging: "/tmp/x" });
    list.length = 0;
    expect(job.parts.map((p) => (p.records as () => { url: string }[])().map((r) => r.url))).toEqual([["/papers/a/", "/papers/b/"], ["/papers/c/", "/papers/d/"], ["/papers/e/"]]);
  });
});
