import { describe, expect, it } from "vitest";
import { normaliseText, parseFrontMatter, parseFrontMatterFast, singleQuoted, texEscape } from "../../../src/papers/frontmatter.ts";

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
    // The fast parser knows no lines and no source text: the precise one is asked where a message needs them.
    expect(fast).toEqual({ ...precise.file, fieldLines: {}, fieldSources: {} });
  });

  it.each([
    ["no front matter", "title: A\n"],
    ["unclosed", "---\ntitle: A\n"],
    ["malformed YAML", "---\ntitle: A: B: [\n---\n"],
    ["duplicate field", "---\ntitle: A\ntitle: B\n---\n"],
    ["a list", "---\n- a\n---\n"],
    // js-yaml would read \theta as a tab and "heta" without a word (texEscape).
    ["TeX in double quotes", '---\ntitle: "Gradients: $\\theta$"\n---\n'],
  ])("leaves %s to the precise parser", (_name, text) => {
    expect(parseFrontMatterFast(text)).toBeUndefined();
  });
});

describe("texEscape: TeX in a double-quoted value, which YAML reads as escapes", () => {
  // Each row: the text between the quotes as written in the file, and the TeX command found (undefined: none).
  it.each([
    ["$\\theta$", "\\theta", "a tab"],
    ["Gradients: $\\theta$ and $\\nabla f$", "\\theta", "a tab"],
    ["$\\alpha$", "\\alpha", "a bell character (U+0007)"],
    ["$\\frac{a}{b}$", "\\frac", "a form feed"],
    ["$\\rho$", "\\rho", "a carriage return"],
    ["$\\lambda$", "\\lambda", undefined],
    ["$\\mathcal{O}(n)$", "\\mathcal", undefined],
    ["$x \\l y$", "\\l", undefined],
    ["$\\xi$", "\\xi", undefined],
    ["$\\uparrow$", "\\uparrow", undefined],
    // Not TeX: no `$`, or an escape YAML knows and means.
    ["caf\\u00e9", undefined, undefined],
    ["\\theta without math", undefined, undefined],
    ["costs $5, caf\\u00e9", undefined, undefined],
    ["$5 \\x41 \\U0001F600", undefined, undefined],
    ["$x$\\t$y$", undefined, undefined],
    ["$\\\\theta$", undefined, undefined],
    ['$x$ \\"quoted\\"', undefined, undefined],
    ["$\\\\\\\\$ then \\\\\\theta", "\\theta", "a tab"],
  ])("%s → %s", (quoted, command, readAs) => {
    const found = texEscape(quoted);
    expect(found?.command).toBe(command);
    expect(found?.readAs).toBe(readAs);
    if (found) expect(quoted.slice(found.offset, found.offset + found.command.length)).toBe(command);
  });
});

describe("singleQuoted: the value as written, single-quoted", () => {
  it.each([
    ["Gradients: $\\theta$", "'Gradients: $\\theta$'"],
    ["it's $\\alpha$", "'it''s $\\alpha$'"],
    ['say \\"hi\\" $\\beta$', `'say "hi" $\\beta$'`],
    ["a \\\\ b $\\gamma$", "'a \\ b $\\gamma$'"],
    ["first line $\\theta$\n  second", "'first line $\\theta$ second'"],
  ])("%s → %s", (quoted, expected) => expect(singleQuoted(quoted)).toBe(expected));
});

describe("parseFrontMatter: TeX in double quotes is a problem with its line, field and fix", () => {
  const problemsOf = (yaml: string) => {
    const result = parseFrontMatter(`---\n${yaml}\n---\n`, "p.md");
    return result.ok ? (result.file.problems ?? []) : result.problems;
  };

  it.each([
    ['title: "Gradients: $\\theta$ and $\\nabla f$ and $\\rho$"', 2, "title", /YAML reads `\\t` in double quotes as a tab/, "title: 'Gradients: $\\theta$ and $\\nabla f$ and $\\rho$'"],
    ['title: "A $\\alpha$ it\'s"', 2, "title", /as a bell character/, "title: 'A $\\alpha$ it''s'"],
    // `\l` is no YAML escape: the parser's "Invalid escape sequence" gives way to this problem.
    ['title: "Decay $\\lambda$"', 2, "title", /`\\l` \(of \\lambda\) is none it knows/, "title: 'Decay $\\lambda$'"],
    ['title: T\nauthors: [Ada, "B $\\beta$"]', 3, "authors[1]", /as a backspace/, "'B $\\beta$'"],
    ['title: T\nabstract: "We bound the error\n  by $\\epsilon$."', 4, "abstract", /as an escape character/, "abstract: 'We bound the error by $\\epsilon$.'"],
  ])("%s", (yaml, line, field, message, shown) => {
    const problems = problemsOf(yaml);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "p.md", line, field });
    expect(problems[0]!.message).toMatch(message);
    expect(problems[0]!.message).not.toMatch(/Invalid escape|control character/);
    expect(problems[0]!.fix).toContain(`single quotes, in which a backslash is just a backslash: ${shown}`);
    expect(problems[0]!.fix).toMatch(/or write each backslash twice: \\\\\w+/);
  });

  it("a long value is shown up to its first command", () => {
    const [problem] = problemsOf(`abstract: "${"Long text. ".repeat(20)}Then $\\theta$ and more."`);
    expect(problem!.fix).toMatch(/^quote it with single quotes instead of double quotes \(abstract: 'Long text\. .*Then \$\\theta…', with each ' in it doubled\), or write each backslash twice \(\\\\theta\)$/);
  });

  it.each([
    ["escapes without math", 'title: "caf\\u00e9\\tx"'],
    ["TeX written with two backslashes", 'title: "Gradients: $\\\\theta$"'],
    ["TeX in single quotes", "title: 'Gradients: $\\theta$'"],
    ["TeX unquoted", "title: Gradients $\\theta$"],
    ["TeX in a block", "abstract: >-\n  Gradients $\\theta$"],
  ])("no problem for %s", (_name, yaml) => {
    const result = parseFrontMatter(`---\n${yaml}\n---\n`, "p.md");
    expect(result.ok && result.file.problems).toBeFalsy();
  });

  it("a syntax error elsewhere is still reported, after the TeX", () => {
    const problems = problemsOf('title: "$\\lambda$"\nadded: [2024');
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
    expect(problems[1]!.message).toMatch(/not valid YAML/);
  });

  it("keeps each top-level scalar as written, for fixes that show it", () => {
    const result = parseFrontMatter("---\narxiv: 1901.01230\ntitle: 'A'\ntags: [a]\n---\n", "p.md");
    expect(result.ok && result.file.fieldSources).toEqual({ arxiv: "1901.01230", title: "'A'" });
  });
});

describe("what `shelfmark add` and `import` write holds TeX safely", () => {
  // serializeField (src/import/paper-file.ts) quotes with double quotes and doubles each backslash, or writes a block.
  it.each([
    ["title", "Gradients: $\\theta$ and $\\nabla f$, it's \"x\""],
    ["title", "Decay $\\lambda$ and $\\alpha$"],
    ["abstract", `We bound $\\mathcal{O}(n \\log n)$ and $\\frac{a}{b}$. ${"More text. ".repeat(12)}`],
  ])("%s: %s", async (name, value) => {
    const { serializeField } = await import("../../../src/import/paper-file.ts");
    const result = parseFrontMatter(`---\n${serializeField(name, value)}\n---\n`, "p.md");
    expect(result.ok && result.file.problems).toBeFalsy();
    expect(result.ok && result.file.data[name]).toBe(value);
  });
});
