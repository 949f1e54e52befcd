import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, InvalidContentError, type Problem } from "../../../src/errors.ts";
import { checkLocation, configPathPrefix, loadSettings, nearestSetting, normalisePathPrefix, resolveLocation } from "../../../src/site/settings.ts";

describe("normalisePathPrefix", () => {
  it.each([
    [undefined, "/"],
    ["", "/"],
    ["/", "/"],
    ["reading-list", "/reading-list/"],
    ["/reading-list", "/reading-list/"],
    ["/reading-list/", "/reading-list/"],
    ["//a//b/", "/a/b/"],
  ])("%j → %j", (input, output) => expect(normalisePathPrefix(input)).toBe(output));
});

describe("resolveLocation", () => {
  it.each([
    ["defaults", {}, undefined, { origin: "http://localhost:8080", pathPrefix: "/" }],
    ["origin only", { SITE_URL: "https://user.github.io" }, undefined, { origin: "https://user.github.io", pathPrefix: "/" }],
    ["trailing slash", { SITE_URL: "https://user.github.io/" }, undefined, { origin: "https://user.github.io", pathPrefix: "/" }],
    ["prefix from PATH_PREFIX", { SITE_URL: "https://user.github.io", PATH_PREFIX: "/reading-list/" }, undefined, { origin: "https://user.github.io", pathPrefix: "/reading-list/" }],
    ["configure-pages base_url carries the path", { SITE_URL: "https://user.github.io/repo" }, undefined, { origin: "https://user.github.io", pathPrefix: "/repo/" }],
    ["base_url and base_path together", { SITE_URL: "https://user.github.io/repo", PATH_PREFIX: "/repo" }, undefined, { origin: "https://user.github.io", pathPrefix: "/repo/" }],
    ["custom domain: empty base_path", { SITE_URL: "https://papers.example.org", PATH_PREFIX: "" }, undefined, { origin: "https://papers.example.org", pathPrefix: "/" }],
    ["--pathprefix wins", { SITE_URL: "https://u.github.io", PATH_PREFIX: "/a/" }, "/b/", { origin: "https://u.github.io", pathPrefix: "/b/" }],
  ])("%s", (_name, env, cli, expected) => expect(resolveLocation(env, cli)).toEqual(expected));

  it.each([["not a url"], ["ftp://example.org"]])("rejects SITE_URL %j with a clear error", (url) => {
    expect(() => resolveLocation({ SITE_URL: url })).toThrow(/SITE_URL/);
  });
});

describe("checkLocation: a SITE_URL or path prefix that cannot be used, said in one line with its fix", () => {
  it.each([
    ["an address without its scheme", { SITE_URL: "user.github.io" }, undefined, 'SITE_URL "user.github.io" is not a URL. Fix: SITE_URL=https://user.github.io'],
    ["a project address without its scheme", { SITE_URL: "user.github.io/repo" }, undefined, 'SITE_URL "user.github.io/repo" is not a URL. Fix: SITE_URL=https://user.github.io/repo'],
    ["localhost without its scheme (parsed as the scheme localhost:)", { SITE_URL: "localhost:8080" }, undefined, 'SITE_URL "localhost:8080" is not a URL. Fix: SITE_URL=http://localhost:8080'],
    ["not an address at all", { SITE_URL: "not a url" }, undefined, 'SITE_URL "not a url" is not a URL. Fix: set it to the site\'s address, e.g. SITE_URL=https://user.github.io'],
    ["another scheme", { SITE_URL: "ftp://example.org/list" }, undefined, 'SITE_URL "ftp://example.org/list" must start with http:// or https://. Fix: SITE_URL=https://example.org/list'],
    ["a URL as PATH_PREFIX", { SITE_URL: "https://user.github.io", PATH_PREFIX: "https://user.github.io/repo" }, undefined, 'PATH_PREFIX "https://user.github.io/repo" is a URL, not a path. Fix: PATH_PREFIX=/repo/ (or give the whole address as SITE_URL=https://user.github.io/repo: its path becomes the prefix)'],
    ["Git Bash's Windows path", { PATH_PREFIX: "C:/Program Files/Git/reading-list/" }, undefined, 'PATH_PREFIX "C:/Program Files/Git/reading-list/" is a Windows path, not a path on the site. Fix: PATH_PREFIX=/reading-list/; in Git Bash write MSYS_NO_PATHCONV=1 before the command, or Git Bash rewrites the value again'],
    ["spaces", { PATH_PREFIX: "/my list/" }, undefined, 'PATH_PREFIX "/my list/" is not a path on the site: only letters, digits and - _ . ~ between slashes (no spaces, ?, #, \\ or ..). Fix: PATH_PREFIX=/my-list/'],
    ["a query", { PATH_PREFIX: "/list?x=1" }, undefined, 'PATH_PREFIX "/list?x=1" is not a path on the site: only letters, digits and - _ . ~ between slashes (no spaces, ?, #, \\ or ..). Fix: PATH_PREFIX=/list-x=1/'],
    ["a parent folder", { PATH_PREFIX: "/../list/" }, undefined, 'PATH_PREFIX "/../list/" is not a path on the site: only letters, digits and - _ . ~ between slashes (no spaces, ?, #, \\ or ..). Fix: PATH_PREFIX=/list/'],
    ["--pathprefix is named as such", { SITE_URL: "https://u.github.io" }, "/a b/", '--pathprefix "/a b/" is not a path on the site: only letters, digits and - _ . ~ between slashes (no spaces, ?, #, \\ or ..). Fix: --pathprefix=/a-b/'],
  ])("%s", (_name, env, cli, message) => {
    expect(checkLocation(env, cli)).toEqual({ ok: false, message });
    expect(() => resolveLocation(env, cli)).toThrow(new ConfigError("site", message));
  });

  it.each([
    ["a plain folder", "/reading-list/"],
    ["nested folders", "/a/b.c/d_e~f/"],
    ["escapes", "/caf%C3%A9/"],
    ["empty (a custom domain)", ""],
  ])("accepts PATH_PREFIX: %s", (_name, prefix) => {
    expect(checkLocation({ SITE_URL: "https://u.github.io", PATH_PREFIX: prefix }).ok).toBe(true);
  });
});

describe("configPathPrefix: what Eleventy's configuration reads while it is imported, never throwing", () => {
  it.each([
    [{}, "/"],
    [{ SITE_URL: "https://user.github.io/repo" }, "/repo/"],
    [{ SITE_URL: "https://user.github.io", PATH_PREFIX: "reading-list" }, "/reading-list/"],
    // Unusable: the build reports it (BuildContext.site()); the configuration must still load.
    [{ SITE_URL: "user.github.io" }, "/"],
    [{ SITE_URL: "https://user.github.io", PATH_PREFIX: "https://user.github.io/repo" }, "/"],
    [{ PATH_PREFIX: "/my list/" }, "/"],
  ])("%j → %j", (env, prefix) => expect(configPathPrefix(env)).toBe(prefix));
});

describe("nearestSetting", () => {
  it.each([
    ["feedsize", "feedSize"],
    ["FEEDSIZE", "feedSize"],
    ["perpage", "perPage"],
    ["per_page", "perPage"],
    ["titel", "title"],
    ["lang", undefined],
    ["colour", undefined],
    ["baseurl", undefined],
  ])("%j → %j", (name, nearest) => expect(nearestSetting(name)).toBe(nearest));
});

describe("loadSettings: every problem of content/site.yaml, in line order, each with its own fix", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "shelfmark-settings-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function problemsOf(text: string): Omit<Problem, "file">[] {
    const file = path.join(dir, `site-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, text);
    try {
      loadSettings(file);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidContentError);
      return (error as InvalidContentError).problems.map(({ file: _file, ...rest }) => rest);
    }
    throw new Error("no problem reported");
  }

  it.each<[string, string, Omit<Problem, "file">[]]>([
    ["an absent title: no line is about it", "description: Mine\n", [{ field: "title", message: 'the required setting "title" is missing', fix: "add a line title: My reading list" }]],
    ["an empty file", "", [{ field: "title", message: 'the required setting "title" is missing', fix: "add a line title: My reading list" }]],
    ["an empty title", "title:\n", [{ field: "title", line: 1, message: 'the required setting "title" is empty', fix: "write it as title: My reading list" }]],
    ["a title of empty text", 'title: ""\n', [{ field: "title", line: 1, message: 'the required setting "title" is empty', fix: "write it as title: My reading list" }]],
    ["a title that is a list", "title: [a, b]\n", [{ field: "title", line: 1, message: "must be text, not a list", fix: "write it as title: My reading list" }]],
    ["a bad contact", "title: T\ncontact: me at example\n", [{ field: "contact", line: 2, message: 'must be an e-mail address, not the text "me at example"', fix: "write it as contact: you@example.org" }]],
    ["a bad language", "title: T\nlanguage: English\n", [{ field: "language", line: 2, message: 'must be a language tag like en or en-GB, not the text "English"', fix: "write it as language: en" }]],
    ["perPage too small", "title: T\nperPage: 0\n", [{ field: "perPage", line: 2, message: "must be a whole number from 1 to 1000, not the number 0", fix: "write it as perPage: 50" }]],
    ["feedSize too big", "title: T\nfeedSize: 20000\n", [{ field: "feedSize", line: 2, message: "must be a whole number from 1 to 10000, not the number 20000", fix: "write it as feedSize: 50" }]],
    ["perPage as words", "title: T\nperPage: fifty\n", [{ field: "perPage", line: 2, message: 'must be a whole number from 1 to 1000, not the text "fifty"', fix: "write it as perPage: 50" }]],
    ["searchPartSize not whole", "title: T\nsearchPartSize: 1.5\n", [{ field: "searchPartSize", line: 2, message: "must be a whole number, 1 or more, not the number 1.5", fix: "write it as searchPartSize: 2000" }]],
    ["an optional setting with no value", "title: T\nauthor:\n", [{ field: "author", line: 2, message: "has no value", fix: "remove the line, or write it as author: Ada Lovelace" }]],
    ["a misspelt setting", "title: T\nfeedsize: 20\n", [{ field: "feedsize", line: 2, message: '"feedsize" is not a known setting (did you mean "feedSize"?)', fix: 'rename it to "feedSize"' }]],
    [
      "an unknown setting",
      "title: T\ncolour: blue\n",
      [{ field: "colour", line: 2, message: '"colour" is not a known setting', fix: "remove it, or use one of: title, description, author, language, perPage, feedSize, searchPartSize, contact" }],
    ],
    ["not settings at all", "- title: T\n", [{ line: 1, message: "the settings must be `setting: value` lines, not a list", fix: "write one setting per line, e.g. `title: My reading list`" }]],
  ])("%s", (_name, text, expected) => expect(problemsOf(text)).toEqual(expected));

  it("reports them all at once, in the order of their lines, an absent setting first", () => {
    const problems = problemsOf("feedsize: 3\ncontact: nope\nperPage: 0\ncolour: blue\n");
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [undefined, "title"],
      [1, "feedsize"],
      [2, "contact"],
      [3, "perPage"],
      [4, "colour"],
    ]);
  });
});
