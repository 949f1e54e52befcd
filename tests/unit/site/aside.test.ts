import path from "node:path";
import { describe, expect, it } from "vitest";
import { asideEntries, type AsidePage } from "../../../src/site/aside.ts";

describe("asideEntries", () => {
  const pages = (...urls: string[]): AsidePage[] => urls.map((url) => ({ url, data: { url } }));

  it.each([
    ["the home page", "/", "_site/index.html"],
    ["a later page of a tag", "/tags/llm/page/2/", "_site/tags/llm/page/2/index.html"],
    ["a paper", "/papers/flash-attention/", "_site/papers/flash-attention/index.html"],
  ])("writes %s where Eleventy would", (_what, url, file) => {
    expect([...asideEntries(pages(url), "_site", () => false)]).toEqual([{ url, outputPath: path.join(file), data: { url } }]);
  });

  it("stops before the next page once a newer build is on its way, without asking for it", () => {
    let made = 0;
    function* counted() {
      for (const page of pages("/a/", "/b/", "/c/", "/d/")) {
        made++;
        yield page;
      }
    }
    let newer = false;
    const written: string[] = [];
    for (const entry of asideEntries(counted(), "_site", () => newer)) {
      written.push(entry.url);
      // The person saves a paper again while the second page is written.
      if (entry.url === "/b/") newer = true;
    }
    expect(written).toEqual(["/a/", "/b/"]);
    expect(made).toBe(2);
  });

  it("writes nothing when the build was superseded before its first page", () => {
    expect([...asideEntries(pages("/a/"), "_site", () => true)]).toEqual([]);
  });
});
