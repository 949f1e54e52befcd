import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
// Eleventy's own Nunjucks (a dependency of @11ty/eleventy): the step renders with whichever environment Eleventy announces.
import nunjucks from "nunjucks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ShelfmarkError } from "../../../src/errors.ts";
import { startFileWriter, type FileWriter } from "../../../src/runtime/file-writer.ts";
import { writePages, type PageEntry } from "../../../src/site/write-pages.ts";

describe("writePages", () => {
  let dir: string;
  let writer: FileWriter;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-pages-"));
    writer = startFileWriter();
  });
  afterEach(async () => {
    await writer.close();
    await rm(dir, { recursive: true, force: true });
  });

  const setup = async (layout: string) => {
    const layoutFile = path.join(dir, "layout.njk");
    await writeFile(layoutFile, layout);
    const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir));
    return { plugin: "papers", nunjucks: { environment, Template: nunjucks.Template }, layoutFile, inputPath: "./content/shelfmark/paper.njk", writer };
  };
  const entry = (slug: string): PageEntry => ({ url: `/papers/${slug}/`, outputPath: path.join(dir, "out/papers", slug, "index.html"), data: { paper: { title: slug } } });

  it("renders each page with the shared data, its own data and `page`, runs the transforms in order, and writes it", async () => {
    const seen: string[] = [];
    const written: string[] = [];
    const count = await writePages({
      ...(await setup("{{ site }}|{{ paper.title }}|{{ page.url }}|{{ content }}|")),
      shared: { site: "S", paper: { title: "shared" }, content: "not this" },
      transforms: {
        first(content) {
          seen.push(`${this.page.inputPath === "./content/shelfmark/paper.njk"} ${this.url}`);
          return `${content}1`;
        },
        second: (content) => `${content}2`,
      },
      entries: [entry("a"), entry("b")],
      onWritten: (page) => written.push(page.url),
    });
    expect(count).toBe(2);
    expect(await readFile(path.join(dir, "out/papers/a/index.html"), "utf8")).toBe("S|a|/papers/a/||12");
    expect(await readFile(path.join(dir, "out/papers/b/index.html"), "utf8")).toBe("S|b|/papers/b/||12");
    expect(seen).toEqual(["true /papers/a/", "true /papers/b/"]);
    expect(written).toEqual(["/papers/a/", "/papers/b/"]);
  });

  it("stops with an error that names the page when the layout fails", async () => {
    const failing = writePages({ ...(await setup("{{ paper.title | nosuchfilter }}")), shared: {}, transforms: {}, entries: [entry("a")] });
    await expect(failing).rejects.toThrow(ShelfmarkError);
    await expect(failing).rejects.toThrow(/could not render \/papers\/a\/ .*nosuchfilter/s);
  });

  it("stops with an error that names the transform and the page", async () => {
    const transforms = {
      broken: () => {
        throw new Error("boom");
      },
    };
    await expect(writePages({ ...(await setup("x")), shared: {}, transforms, entries: [entry("a")] })).rejects.toThrow("the transform broken failed on /papers/a/: boom");
  });

  it("fails when a page cannot be written, naming the file and what to look at, and tells of no page as written", async () => {
    await writeFile(path.join(dir, "out"), "a file where a folder should be");
    const written: string[] = [];
    const failing = writePages({ ...(await setup("x")), shared: {}, transforms: {}, entries: [entry("a"), entry("b")], onWritten: (page) => written.push(page.url) });
    await expect(failing).rejects.toThrow(ShelfmarkError);
    await expect(failing).rejects.toThrow(`could not write ${path.join(dir, "out/papers/a/index.html")}: ENOTDIR`);
    await expect(failing).rejects.toThrow("Fix: check that the output folder can be written to");
    expect(written).toEqual([]);
  });
});
