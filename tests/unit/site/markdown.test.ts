import { describe, expect, it } from "vitest";
import { isSafeLink, renderNotes } from "../../../src/site/markdown.ts";

describe("isSafeLink", () => {
  it.each([
    ["https://example.org", true],
    ["http://example.org", true],
    ["mailto:a@b.org", true],
    ["/papers/x/", true],
    ["#section", true],
    ["../x", true],
    ["javascript:alert(1)", false],
    ["JaVaScRiPt:alert(1)", false],
    [" javascript:alert(1)", false],
    ["java\tscript:alert(1)", false],
    ["vbscript:x", false],
    ["data:text/html,<script>", false],
    ["file:///etc/passwd", false],
    ["ftp://example.org", false],
  ])("%j → %s", (href, safe) => expect(isSafeLink(href)).toBe(safe));
});

describe("renderNotes", () => {
  it.each([
    ["raw HTML is escaped", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["inline HTML is escaped", "a <b onclick=x>b</b>", "a &lt;b onclick=x&gt;b&lt;/b&gt;"],
    ["javascript: links are not links", "[x](javascript:alert(1))", "[x](javascript:alert(1))"],
    ["web links are links", "[x](https://example.org)", '<a href="https://example.org">x</a>'],
    ["bare URLs are linked", "see https://example.org", '<a href="https://example.org">https://example.org</a>'],
    ["headings sit under the Notes heading", "# Top\n## Sub", "<h3>Top</h3>\n<h4>Sub</h4>"],
    ["deep headings stop at h6", "# One\n##### Five", "<h6>Five</h6>"],
    ["a note that starts at ### still gets an h3", "### Three\n#### Four", "<h3>Three</h3>\n<h4>Four</h4>"],
  ])("%s", (_name, source, expected) => {
    expect(renderNotes(source)).toContain(expected);
  });

  it("never emits an <h1> or <h2>", () => {
    expect(renderNotes("# a\n\n## b\n\nSetext\n===")).not.toMatch(/<h[12]>/);
  });
});
