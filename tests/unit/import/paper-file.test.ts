import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseFrontMatter } from "../../../src/papers/frontmatter.ts";
import { frontMatterLayout, readTagRecord, renderPaperFile, serializeField, serializeTags, setFields } from "../../../src/import/paper-file.ts";
import { toPaper } from "../../../src/papers/schema.ts";

const read = (text: string, name: string) => (parse(text, { schema: "core" }) as Record<string, unknown>)[name];

describe("serializeField: one field as YAML, read back exactly", () => {
  it.each([
    ["title", "FlashAttention: Fast and Memory-Efficient", 'title: "FlashAttention: Fast and Memory-Efficient"'],
    ["title", "Plain title", "title: Plain title"],
    ["title", "# not a comment", 'title: "# not a comment"'],
    ["arxiv", "2205.14130", 'arxiv: "2205.14130"'],
    ["arxiv", "hep-th/9901001", 'arxiv: "hep-th/9901001"'],
    ["published", "2022", "published: 2022"],
    ["published", "2022-05-27", "published: 2022-05-27"],
    ["added", "2026-03-14", "added: 2026-03-14"],
    ["tags", ["KV cache", "C++", "a, b"], 'tags: [KV cache, C++, "a, b"]'],
    ["authors", ["Christopher Ré", "Łukasz Kaiser"], "authors: [Christopher Ré, Łukasz Kaiser]"],
    ["code", "https://github.com/a/b", "code: https://github.com/a/b"],
  ])("%s: %j", (name, value, expected) => {
    expect(serializeField(name, value)).toBe(expected);
  });

  it("writes a long title on one line", () => {
    const title = "The Impact of Hyperparameters on Large Language Model Inference Performance: An Evaluation of vLLM and HuggingFace Pipelines";
    const text = serializeField("title", title);
    expect(text.split("\n")).toHaveLength(1);
    expect(read(text, "title")).toBe(title);
  });

  it("writes a long list one item per line", () => {
    const authors = Array.from({ length: 12 }, (_, i) => `Author Number ${i}`);
    const text = serializeField("authors", authors);
    expect(text.split("\n")).toEqual(["authors:", ...authors.map((a) => `  - ${a}`)]);
  });

  it.each([
    "A plain abstract. ".repeat(30).trim(),
    "Symbols: a*b*c, x < y & z, `code`, #hash, 'single' and \"double\" quotes, key: value, - dash, > folded, | pipe.",
    "Two  spaces  kept, a trailing space kept ",
    "  leading spaces",
    "line one\nline two",
  ])("abstracts read back exactly: %j", (abstract) => {
    const text = serializeField("abstract", abstract);
    expect(read(text, "abstract")).toBe(abstract);
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(102);
  });

  // TeX math from an import: a backslash is an escape in a double-quoted YAML string (`\t` is a tab), so a title
  // that needs quotes must have its backslashes escaped or be single-quoted; a folded abstract holds them as they are.
  it.each([
    ["title", String.raw`Sorting in $\mathcal{O}(n \log n)$ with $\alpha$-Nets`],
    ["title", String.raw`$\tau$-Nets: a "quoted" \t, \n and \\ # hash`],
    ["title", String.raw`{$\theta$}: \frac 'single'`],
    ["abstract", String.raw`We show $\sum_{i=1}^n x_i \le \frac{1}{2}$ and \$5, \t \n \\. ` + "More words. ".repeat(12).trim()],
    ["abstract", String.raw`"$\rho$": a quoted start`],
  ])("TeX backslashes read back exactly: %s %j", (name, value) => {
    const text = serializeField(name, value);
    expect(read(text, name)).toBe(value);
    const file = renderPaperFile({ fields: { title: name === "title" ? value : "T", added: "2026-03-14", status: "to-read", ...(name === "abstract" ? { abstract: value } : {}) } });
    const parsed = parseFrontMatter(file, "x.md");
    expect(parsed.ok && parsed.file.data[name]).toBe(value);
  });

  it("folds a long abstract at 100 columns as a >- block", () => {
    const text = serializeField("abstract", "word ".repeat(60).trim());
    expect(text.split("\n")[0]).toBe("abstract: >-");
    expect(text.split("\n").length).toBeGreaterThan(2);
  });
});

describe("serializeTags and readTagRecord", () => {
  it("records the taxonomy's part of the tags in a comment", () => {
    const text = serializeTags(["KV cache", "mine"], ["KV cache"]);
    expect(text).toBe("tags: [KV cache, mine] # from taxonomy: [KV cache]");
    expect(read(text, "tags")).toEqual(["KV cache", "mine"]);
  });

  it("puts the comment on the tags: line of a long list", () => {
    const tags = ["attention kernels", "sparse and approximate attention", "long context", "efficient training"];
    const text = serializeTags(tags, tags);
    expect(text.split("\n")[0]).toBe(`tags: # from taxonomy: [${tags.join(", ")}]`);
    expect(read(text, "tags")).toEqual(tags);
  });

  it.each([
    ["---\ntitle: T\ntags: [a, b] # from taxonomy: [a]\n---\n", ["a"]],
    ["---\ntitle: T\ntags: [a, b] # from taxonomy: []\n---\n", []],
    ['---\ntitle: T\ntags: [a] # from taxonomy: ["x, y", z]\n---\n', ["x, y", "z"]],
    ["---\ntitle: T\ntags: # from taxonomy: [a]\n  - a\n  - b\n---\n", ["a"]],
    ["---\ntitle: T\ntags: [a, b]\n---\n", undefined],
    ["---\ntitle: T\ntags: [a, b] # my own comment\n---\n", undefined],
    ["---\ntitle: T # from taxonomy: [a]\n---\n", undefined],
  ])("%j → %j", (text, record) => {
    expect(readTagRecord(frontMatterLayout(text)!)).toEqual(record);
  });
});

describe("renderPaperFile: a new paper in a stable, readable order", () => {
  it("writes fields in order and passes the schema", () => {
    const text = renderPaperFile({
      fields: { abstract: "An abstract.", code: "https://github.com/a/b", arxiv: "2205.14130", tags: ["KV cache"], status: "to-read", added: "2026-03-14", title: "T: a title", authors: ["A B"], published: "2022" },
      tagRecord: ["KV cache"],
    });
    expect(text).toBe(
      [
        "---",
        'title: "T: a title"',
        "added: 2026-03-14",
        "status: to-read",
        "tags: [KV cache] # from taxonomy: [KV cache]",
        "authors: [A B]",
        "published: 2022",
        'arxiv: "2205.14130"',
        "code: https://github.com/a/b",
        "abstract: >-",
        "  An abstract.",
        "---",
        "",
      ].join("\n"),
    );
    const parsed = parseFrontMatter(text, "t.md");
    expect(parsed.ok && toPaper(parsed.file, "t.md", "t").ok).toBe(true);
  });
});

describe("setFields: adds fields and leaves every other byte alone", () => {
  const original = [
    "---",
    "title: Hand Written   # a comment the person wrote",
    "added: 2026-03-01",
    "status: read",
    "tags: [mine]",
    "abstract: |",
    "  Kept exactly,",
    "    with its odd indentation.",
    "",
    "# a note between fields",
    "code: https://github.com/a/b",
    "---",
    "My notes, *exactly* as written.",
    "",
    "- with a list",
    "",
  ].join("\n");

  it("inserts new fields where the field order puts them, nothing else changes", () => {
    const out = setFields(original, { authors: { text: serializeField("authors", ["A B"]) }, arxiv: { text: serializeField("arxiv", "2205.14130") }, url: { text: "url: https://x.org/" } });
    const expected = original.replace("tags: [mine]\n", 'tags: [mine]\nauthors: [A B]\narxiv: "2205.14130"\nurl: https://x.org/\n');
    expect(out).toBe(expected);
  });

  it("a field the order puts first goes before the first known field", () => {
    expect(setFields("---\nadded: 2026-01-01\n---\n", { title: { text: "title: T" } })).toBe("---\ntitle: T\nadded: 2026-01-01\n---\n");
  });

  it("an empty front matter gains the field before its closing line", () => {
    expect(setFields("---\n---\nnotes", { title: { text: "title: T" } })).toBe("---\ntitle: T\n---\nnotes");
  });

  it("replaces a field in place, with the comment on its last line", () => {
    const text = "---\ntitle: T\ntags: # from taxonomy: [a]\n  - a\n  - b\nstatus: read\n---\nnotes\n";
    expect(setFields(text, { tags: { text: "tags: [a, c] # from taxonomy: [a, c]" } })).toBe("---\ntitle: T\ntags: [a, c] # from taxonomy: [a, c]\nstatus: read\n---\nnotes\n");
  });

  it("replaces an empty list written as []", () => {
    expect(setFields("---\ntitle: T\nauthors: []\n---\n", { authors: { text: "authors: [A B]" } })).toBe("---\ntitle: T\nauthors: [A B]\n---\n");
  });

  it("keeps CRLF line endings and a byte-order mark", () => {
    const crlf = "\uFEFF---\r\ntitle: T\r\nadded: 2026-01-01\r\n---\r\nNotes\r\n";
    expect(setFields(crlf, { authors: { text: "authors: [A B]" }, arxiv: { text: 'arxiv: "1706.03762"' } })).toBe(
      '\uFEFF---\r\ntitle: T\r\nadded: 2026-01-01\r\nauthors: [A B]\r\narxiv: "1706.03762"\r\n---\r\nNotes\r\n',
    );
  });

  it("refuses a file without readable front matter", () => {
    expect(() => setFields("no front matter", { title: { text: "title: T" } })).toThrow(/no readable front matter/);
  });
});
