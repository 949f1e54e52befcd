import { describe, expect, it } from "vitest";
import { parseFrontMatter } from "../../../src/papers/frontmatter.ts";
import { ARXIV_RE, isHttpUrl, isRealDate, lastDayMeant, nearestField, tagKey, toPaper } from "../../../src/papers/schema.ts";

function check(fields: string) {
  const parsed = parseFrontMatter(`---\n${fields}\n---\nnotes`, "content/papers/p.md");
  if (!parsed.ok) throw new Error("front matter did not parse");
  return toPaper(parsed.file, "content/papers/p.md", "p");
}

const BASE = "title: A paper\nadded: 2024-01-02";

describe("isRealDate", () => {
  it.each([
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["2024-02-30", false],
    ["2024-13-01", false],
    ["2024-04-31", false],
    ["2024-12-31", true],
    ["2024-1-01", false],
    ["24-01-01", false],
  ])("%s → %s", (text, expected) => expect(isRealDate(text)).toBe(expected));
});

describe("ARXIV_RE", () => {
  it.each([
    ["2205.14135", true],
    ["2205.14135v2", true],
    ["0704.0001", true],
    ["hep-th/9901001", true],
    ["math.AG/0309136", true],
    ["hep-th/9901001v3", true],
    ["arXiv:2205.14135", false],
    ["2205.141", false],
    ["https://arxiv.org/abs/2205.14135", false],
  ])("%s → %s", (id, expected) => expect(ARXIV_RE.test(id)).toBe(expected));
});

describe("isHttpUrl", () => {
  it.each([
    ["https://github.com/a/b", true],
    ["http://example.org", true],
    ["javascript:alert(1)", false],
    ["ftp://example.org", false],
    ["//example.org", false],
    ["example.org", false],
    ["data:text/html,x", false],
  ])("%s → %s", (url, expected) => expect(isHttpUrl(url)).toBe(expected));
});

describe("nearestField", () => {
  it.each([
    ["tittle", "title"],
    ["tag", "tags"],
    ["author", "authors"],
    ["Status", "status"],
    ["arxiv_id", "arxiv"],
    ["zzzzzzzz", undefined],
  ])("%s → %s", (name, expected) => expect(nearestField(name)).toBe(expected));
});

describe("tagKey", () => {
  it.each([
    ["LLM", "llm"],
    [" llm ", "llm"],
    ["Cafe\u0301", "café"],
  ])("%j → %j", (tag, key) => expect(tagKey(tag)).toBe(key));
});

describe("toPaper", () => {
  it("fills defaults for optional fields", () => {
    const result = check(BASE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.paper).toMatchObject({ slug: "p", title: "A paper", added: "2024-01-02", tags: [], status: "to-read", authors: [], draft: false, notes: "notes" });
  });

  it("accepts every documented field", () => {
    const result = check(
      `${BASE}\ntags: [LLM, kv cache]\nstatus: read\nauthors: [Ada Lovelace]\npublished: 2017\nabstract: "x < y & z"\narxiv: "hep-th/9901001"\ndoi: 10.1145/1234.5678\nurl: https://example.org\npdf: https://example.org/p.pdf\ncode: https://github.com/a/b\ndraft: true`,
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.paper).toMatchObject({ published: "2017", abstract: "x < y & z", draft: true, status: "read" });
  });

  // Each row: front matter, the field the problem must name, and what the message must say.
  it.each([
    ["missing title", "added: 2024-01-02", "title", /required field "title" is missing/],
    ["missing added", "title: A", "added", /required field "added" is missing/],
    ["title as a number", "title: 2024\nadded: 2024-01-02", "title", /must be text, not the number 2024/],
    ["tags as one string", `${BASE}\ntags: "a, b"`, "tags", /must be a list, not the text "a, b"/],
    ["tag that is a number", `${BASE}\ntags: [a, 3]`, "tags[1]", /must be a tag name/],
    ["same tag twice", `${BASE}\ntags: [LLM, llm]`, "tags", /same tag twice/],
    ["impossible date", "title: A\nadded: 2024-02-30", "added", /not a real calendar date/],
    ["date written otherwise", "title: A\nadded: 14/03/2024", "added", /YYYY-MM-DD/],
    ["unknown field", `${BASE}\ntittle: x`, "tittle", /did you mean "title"/],
    ["status outside the list", `${BASE}\nstatus: done`, "status", /one of to-read, reading, read/],
    ["javascript: link", `${BASE}\nurl: "javascript:alert(1)"`, "url", /http:\/\/ or https:\/\//],
    ["arXiv id as a number", `${BASE}\narxiv: 2205.14130`, "arxiv", /in quotes/],
    ["bad DOI", `${BASE}\ndoi: doi.org/10.1/x`, "doi", /not a DOI/],
    ["draft as text", `${BASE}\ndraft: "yes"`, "draft", /true or false/],
    ["empty optional field", `${BASE}\nabstract:`, "abstract", /no value/],
    ["impossible published date", `${BASE}\npublished: 2023-02-29`, "published", /not a real calendar date/],
    ["published month 13", `${BASE}\npublished: 2024-13`, "published", /not a real month: 2024-13 has no month 13/],
    ["published month 00", `${BASE}\npublished: 2024-00`, "published", /not a real month/],
    ["published written otherwise", `${BASE}\npublished: June 2024`, "published", /a year \(2017\), a month \(2017-06\) or a real date/],
    ["control character in a title", `title: "A\\u0001B"\nadded: 2024-01-02`, "title", /control character \(U\+0001\)/],
    ["control character in a tag", `${BASE}\ntags: ["a\\u001fb"]`, "tags[0]", /control character \(U\+001F\)/],
  ])("%s", (_name, fields, field, message) => {
    const result = check(fields);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((p) => p.field === field);
    expect(problem, JSON.stringify(result.problems)).toBeDefined();
    expect(problem!.message).toMatch(message);
    expect(problem!.file).toBe("content/papers/p.md");
    expect(problem!.fix).toBeTruthy();
  });

  it("reports every problem of a file, with the line of each field", () => {
    const result = check("title: 2024\nadded: 2024-02-30\nstatus: done");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.field, p.line])).toEqual([
      ["title", 2],
      ["added", 3],
      ["status", 4],
    ]);
  });

  it.each([
    ["2024", true],
    ["2024-01", true],
    ["2024-12", true],
    ["2024-02-29", true],
    ["2024-13", false],
    ["2024-00", false],
    ["2024-02-30", false],
    ["2023-02-29", false],
    ["2024-1", false],
    ["June 2024", false],
  ])("published %s is accepted: %s", (published, ok) => {
    expect(check(`${BASE}\npublished: ${published}`).ok).toBe(ok);
  });

  // The fix shows the id as written: YAML reads 1901.01230 as the number 1901.0123.
  it.each([
    ["arxiv: 1901.01230", 'quote it: arxiv: "1901.01230"'],
    ["arxiv: 2205.14135", 'quote it: arxiv: "2205.14135"'],
    ["arxiv: 0704.0001", 'quote it: arxiv: "0704.0001"'],
    ["arxiv: 12345", 'write it as arxiv: "2205.14135"'],
  ])("%s → Fix: %s", (line, fix) => {
    const result = check(`${BASE}\n${line}`);
    expect(!result.ok && result.problems.find((p) => p.field === "arxiv")?.fix).toBe(fix);
  });

  it("TeX in double quotes: the problem the reading found, not the control character YAML made of it", () => {
    const result = check('title: "Energy $\\alpha$"\nadded: 2024-01-32\ntags: ["a $\\beta$", b]');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.field])).toEqual([
      [2, "title"],
      [3, "added"],
      [4, "tags[0]"],
    ]);
    expect(JSON.stringify(result.problems)).not.toMatch(/control character/);
  });

  it("rejects a file name that is not a slug", () => {
    const parsed = parseFrontMatter(`---\n${BASE}\n---\n`, "content/papers/My Paper.md");
    if (!parsed.ok) throw new Error();
    const result = toPaper(parsed.file, "content/papers/My Paper.md", "My Paper");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.message).toMatch(/not a valid slug/);
  });
});

describe("the day a date that does not exist most likely meant", () => {
  it.each([
    ["2024-02-30", "2024-02-29"],
    ["2023-02-29", "2023-02-28"],
    ["2024-01-32", "2024-01-31"],
    ["2024-04-31", "2024-04-30"],
    ["2024-13-01", undefined],
    ["2024-02-28", undefined],
    ["2024-02", undefined],
  ])("%s → %s", (text, meant) => expect(lastDayMeant(text)).toBe(meant));
});
