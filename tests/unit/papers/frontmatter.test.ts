import { describe, expect, it } from "vitest";
import { normaliseText, parseFrontMatter, parseFrontMatterFast } from "../../../src/papers/frontmatter.ts";

describe("normaliseText", () => {
  it.each([
    ["LF stays", "a\nb", "a\nb"],
    ["CRLF becomes LF", "a\r\nb\r\n", "a\nb\n"],
    ["lone CR becomes LF", "a\rb", "a\nb"],
    ["BOM removed", "\uFEFF---\n", "---\n"],
    ["BOM only at start", "a\uFEFFb", "a\uFEFFb"],
  ])("%s", (_name, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });
});

describe("parseFrontMatter", () => {
  const ok = (text: string) => {
    const result = parseFrontMatter(text, "p.md");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.file;
  };

  it("splits fields and body, with field lines counted in the file", () => {
    const file = ok("---\ntitle: A\nadded: 2024-01-02\n---\nNotes here\n");
    expect(file.data).toEqual({ title: "A", added: "2024-01-02" });
    expect(file.fieldLines).toEqual({ title: 2, added: 3 });
    expect(file.body).toBe("Notes here\n");
    expect(file.bodyLine).toBe(5);
  });

  it("parses CRLF and BOM files exactly like LF files", () => {
    const lf = ok("---\ntitle: A\ntags: [x, y]\n---\nBody\nmore\n");
    const crlf = ok("\uFEFF---\r\ntitle: A\r\ntags: [x, y]\r\n---\r\nBody\r\nmore\r\n");
    expect(crlf).toEqual(lf);
  });

  it("keeps dates as strings so impossible dates can be rejected, not rolled over", () => {
    expect(ok("---\nadded: 2024-02-30\n---\n").data.added).toBe("2024-02-30");
  });

  it("does not coerce: numbers stay numbers", () => {
    expect(ok("---\ntitle: 2024\narxiv: 2205.14130\n---\n").data).toEqual({ title: 2024, arxiv: 2205.1413 });
  });

  it.each([
    ["no front matter", "title: A\n", 1, /does not start with front matter/],
    ["unclosed front matter", "---\ntitle: A\n", 1, /never closed/],
    ["malformed YAML", "---\ntitle: A\n  bad: [\n---\n", 2, /not valid YAML/],
    ["duplicate field", "---\ntitle: A\ntitle: B\n---\n", 3, /not valid YAML/],
    ["a list instead of fields", "---\n- a\n- b\n---\n", 2, /field: value/],
    ["a tab-indented line", "---\ntitle: A\n\tadded: 2024-01-01\n---\n", 3, /Tabs are not allowed/],
    ["an alias bomb", `---\na: &a [x, x, x, x, x, x, x, x, x]\n${"bcdefg".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefg"[i]}`).join(", ")}]`).join("\n")}\n---\n`, 3, /too many aliases/],
    ["an alias without its anchor", "---\ntitle: A\nadded: *nowhere\n---\n", 3, /alias \*nowhere has no anchor/],
    ["values nested too deeply", `---\ntitle: ${"[".repeat(5000)}${"]".repeat(5000)}\n---\n`, 2, /nested too deeply/],
  ])("%s is a problem with a line", (_name, text, line, message) => {
    const result = parseFrontMatter(text, "bad.md");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ file: "bad.md", line });
    expect(result.problems[0]!.message).toMatch(message);
    expect(result.problems[0]!.fix).toBeTruthy();
  });

  it("a `__proto__` field is a field like any other, with its line", () => {
    const file = ok("---\ntitle: A\n__proto__: {polluted: true}\n---\n");
    expect(Object.hasOwn(file.data, "__proto__")).toBe(true);
    expect(Object.hasOwn(file.fieldLines, "__proto__") && file.fieldLines["__proto__"]).toBe(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("an empty front matter is valid (the schema reports missing fields)", () => {
    expect(ok("---\n---\n").data).toEqual({});
  });
});

describe("parseFrontMatterFast agrees with parseFrontMatter", () => {
  it.each([
    ["plain", "---\ntitle: A\nadded: 2024-01-02\ntags: [x, y]\n---\nNotes\n"],
    ["CRLF and BOM", "\uFEFF---\r\ntitle: A\r\n---\r\nNotes\r\n"],
    ["empty front matter", "---\n---\n"],
    ["no newline after the closing fence", "---\ntitle: A\n---"],
    ["block scalar", "---\nabstract: >-\n  one\n  two\ntitle: 'x: y'\n---\n\n# Heading\n"],
    ["numbers stay numbers", "---\ntitle: 2024\narxiv: 2205.14130\npublished: 2017\n---\n"],
    ["dates stay text", "---\nadded: 2024-02-30\n---\n"],
    ["null value", "---\nabstract:\n---\n"],
  ])("%s", (_name, text) => {
    const precise = parseFrontMatter(text, "p.md");
    const fast = parseFrontMatterFast(text);
    expect(precise.ok).toBe(true);
    if (!precise.ok) return;
    expect(fast).toEqual({ ...precise.file, fieldLines: {} });
  });

  it.each([
    ["no front matter", "title: A\n"],
    ["unclosed", "---\ntitle: A\n"],
    ["malformed YAML", "---\ntitle: A: B: [\n---\n"],
    ["duplicate field", "---\ntitle: A\ntitle: B\n---\n"],
    ["a list", "---\n- a\n---\n"],
  ])("leaves %s to the precise parser", (_name, text) => {
    expect(parseFrontMatterFast(text)).toBeUndefined();
  });
});
