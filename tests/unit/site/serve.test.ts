import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentType, resolveRequest, type Resolution } from "../../../src/site/serve.ts";

describe("resolveRequest: GitHub Pages' rules for a site under a prefix", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "shelfmark-serve-"));
    for (const rel of ["index.html", "404.html", "papers/x/index.html", "feed.xml", "tags/llm-日本語/index.html", "empty/readme.txt"]) {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await writeFile(path.join(root, rel), rel);
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const rel = (r: Resolution) => (r.kind === "file" ? { file: path.relative(root, r.file), status: r.status } : r);

  it.each([
    ["/reading-list/", { file: "index.html", status: 200 }],
    ["/reading-list/papers/x/", { file: "papers/x/index.html", status: 200 }],
    ["/reading-list/feed.xml", { file: "feed.xml", status: 200 }],
    ["/reading-list/tags/llm-%E6%97%A5%E6%9C%AC%E8%AA%9E/", { file: "tags/llm-日本語/index.html", status: 200 }],
    ["/reading-list", { kind: "redirect", location: "/reading-list/" }],
    ["/reading-list/papers/x", { kind: "redirect", location: "/reading-list/papers/x/" }],
    ["/reading-list/papers/missing/", { file: "404.html", status: 404 }],
    ["/reading-list/empty/", { file: "404.html", status: 404 }],
    ["/", { file: "404.html", status: 404 }],
    ["/papers/x/", { file: "404.html", status: 404 }],
    ["/reading-list/../reading-list/index.html", { file: "404.html", status: 404 }],
    ["/reading-list/%2e%2e/%2e%2e/etc/passwd", { file: "404.html", status: 404 }],
    ["/reading-list/%E0%A4%A", { file: "404.html", status: 404 }],
  ])("%s", async (request, expected) => {
    expect(rel(await resolveRequest(root, "/reading-list/", request))).toEqual(expected);
  });

  it("at the root, serves every path", async () => {
    expect(rel(await resolveRequest(root, "/", "/papers/x/"))).toEqual({ file: "papers/x/index.html", status: 200 });
  });

  it("without a 404.html, a missing path is just missing", async () => {
    const bare = await mkdtemp(path.join(os.tmpdir(), "shelfmark-serve-"));
    expect(await resolveRequest(bare, "/", "/nope/")).toEqual({ kind: "missing" });
    await rm(bare, { recursive: true });
  });
});

describe("contentType", () => {
  it.each([
    ["a/index.html", "text/html; charset=utf-8"],
    ["pagefind/pagefind.js", "text/javascript; charset=utf-8"],
    ["pagefind/wasm.en.pagefind", "application/octet-stream"],
    ["x.WASM", "application/wasm"],
    ["feed.xml", "application/xml; charset=utf-8"],
    ["feed.json", "application/json; charset=utf-8"],
    ["favicon.svg", "image/svg+xml"],
  ])("%s → %s", (file, type) => {
    expect(contentType(file)).toBe(type);
  });
});
