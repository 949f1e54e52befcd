import { describe, expect, it } from "vitest";
import { normalisePathPrefix, resolveLocation } from "../../../src/site/settings.ts";

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
