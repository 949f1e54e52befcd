import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { bibtexEntry } from "../../../src/cite/bibtex.ts";
import { citationKeys } from "../../../src/cite/keys.ts";
import { hasBeyondLatin1, latin1Copies, latin1CopiesFrom, latin1Html } from "../../../src/runtime/latin1.ts";
import { loadPapers } from "../../../src/papers/library.ts";
import { attr, parseHtml, text } from "../../helpers/html.ts";

/** How V8 stores a string: the tag its serializer writes after the version header. */
const storage = (s: string) => (v8.serialize(s)[2] === 0x22 ? "one byte" : "two bytes");

/** A Latin-1 piece cut from a text with a character beyond Latin-1: stored two bytes a character. */
const cutFromTwoByte = (piece: string) => `Łł${piece}`.slice(2);

describe("hasBeyondLatin1", () => {
  it.each([
    ["plain ASCII", false],
    ["Léon Müller, Zoë, ß, ÿ", false],
    ["", false],
    ["Łukasz", true],
    ["attention…", true],
    ["a — b", true],
    ["日本", true],
    ["𝔸", true],
  ])("%j: %s", (value, expected) => {
    expect(hasBeyondLatin1(value)).toBe(expected);
  });
});

describe("latin1Copies", () => {
  it("checks its own premise: a Latin-1 piece cut from a two-byte string is stored two bytes a character", () => {
    expect(storage(cutFromTwoByte("Müller"))).toBe("two bytes");
    expect(storage("Müller")).toBe("one byte");
  });

  it.each([["Müller"], ["plain"], [""], ["a \\ \" ' < > &"]])("copies %j, cut from a two-byte string, into one byte a character", (piece) => {
    const copy = latin1Copies(cutFromTwoByte(piece));
    expect(copy).toBe(piece);
    expect(storage(copy)).toBe("one byte");
  });

  it("leaves strings with characters beyond Latin-1 as they are", () => {
    const value = cutFromTwoByte("Łukasz — 𝔸");
    expect(latin1Copies(value)).toBe("Łukasz — 𝔸");
  });

  it("copies plain objects and arrays through, deeply, and keeps everything else", () => {
    const when = new Date(0);
    const input = { title: cutFromTwoByte("Title"), authors: [cutFromTwoByte("Ada"), "Łukasz"], n: 3, ok: true, none: null, nested: { tags: [cutFromTwoByte("LLM")] }, when };
    const copy = latin1Copies(input);
    expect(copy).toEqual(input);
    expect(copy).not.toBe(input);
    expect(copy.when).toBe(when);
    expect([copy.title, copy.authors[0]!, copy.nested.tags[0]!].map(storage)).toEqual(["one byte", "one byte", "one byte"]);
    expect(storage(copy.authors[1]!)).toBe("two bytes");
  });
});

describe("latin1CopiesFrom", () => {
  it("copies what was cut from a source with characters beyond Latin-1, and leaves the rest as it is", () => {
    const fromTwoByte = { title: cutFromTwoByte("Title") };
    expect(storage(latin1CopiesFrom("— a dash", fromTwoByte).title)).toBe("one byte");
    const plain = { title: "Title" };
    expect(latin1CopiesFrom("no dash", plain)).toBe(plain);
  });
});

describe("latin1Html", () => {
  it.each([
    ["plain", "plain"],
    ["Léon & <b>", "Léon &amp; &lt;b&gt;"],
    [`"quoted" 'single' back\\slash`, "&quot;quoted&quot; &#39;single&#39; back&#92;slash"],
    ["attention…", "attention&#x2026;"],
    ["Łukasz — 日本", "&#x141;ukasz &#x2014; &#x65e5;&#x672c;"],
    ["math 𝔸", "math &#x1d538;"],
  ])("%j → %j, stored one byte a character", (input, expected) => {
    const out = latin1Html(input);
    expect(out).toBe(expected);
    expect(storage(out)).toBe("one byte");
  });

  it.each([["Łukasz <x> & “quotes” … 𝔸 é"], [`a"b'c\\d`]])("reads back as the same text to an HTML parser, in an attribute and in an element: %j", (input) => {
    const page = parseHtml(`<!doctype html><p title="${latin1Html(input)}">${latin1Html(input)}</p>`);
    const p = page.all("p")[0]!;
    expect(attr(p, "title")).toBe(input);
    expect(text(p)).toBe(input);
  });
});

describe("papers read from files with characters beyond Latin-1", () => {
  it("keep their Latin-1 fields, and the citation keys and entries made from them, one byte a character", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-latin1-"));
    try {
      const file = (title: string, author: string) => `---\ntitle: "${title}"\nadded: 2026-01-02\nauthors: ["${author}", "Jürgen Müller"]\ntags: [LLM]\n---\nNotes — with a dash.\n`;
      await writeFile(path.join(dir, "a.md"), file("Fast attention", "Łukasz Kaiser"));
      await writeFile(path.join(dir, "b.md"), file("Slow attention", "Léon Bottou"));
      const papers = await loadPapers({ dir, plugin: "test" });
      const [a, b] = papers;
      // Both files hold a `—`: every field of both, but the Polish name and the notes, is Latin-1.
      expect([a!.title, a!.authors[1]!, a!.tags[0]!, b!.title, b!.authors[0]!].map(storage)).toEqual(Array(5).fill("one byte"));
      expect(storage(a!.authors[0]!)).toBe("two bytes");
      const keys = citationKeys(papers);
      expect(storage(keys.get("b")!)).toBe("one byte");
      expect(storage(bibtexEntry(b!, keys.get("b")!))).toBe("one byte");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
