import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attr, Html, text } from "../helpers/html.ts";
import { Fixture, paper } from "../helpers/site.ts";

/**
 * Pages of the person's own in content/ (README: "an about.md, say"): with no layout named they get the site's
 * frame and their title; a layout of their own, `layout: false` and files that are not HTML are left as written.
 */
describe("pages of your own", () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await Fixture.create({
      papers: { one: paper({ title: `"One"`, added: "2026-01-01", tags: "[llm]" }) },
      files: {
        "about.md": "---\ntitle: About <this> list\n---\nWe read **papers** & notes. <script>alert(1)</script>\n\n[All papers](/)\n",
        "notes.njk": "---\npermalink: /notes.txt\n---\nplain {{ 1 + 1 }}\n",
        "contact.md": "---\ntitle: Contact\n---\n# Write to us\n\nAt the address below.\n",
        "bare.njk": "---\nlayout: false\npermalink: /bare/\n---\n<p>bare</p>\n",
      },
    });
    const result = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" });
    expect(result.code, result.stderr).toBe(0);
  });
  afterAll(() => fixture?.cleanup());

  it("frames a markdown page that names no layout like the rest of the site, its title escaped", async () => {
    const html = await fixture.read("_site/about/index.html");
    const doc = new Html(html);
    const main = new Html(html.slice(html.indexOf("<main"), html.indexOf("</main>")));
    const inMain = (tag: string) => main.all(tag);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(text(doc.all("title")[0]!)).toBe("About <this> list · Test list");
    expect(inMain("h1").map(text)).toEqual(["About <this> list"]);
    expect(inMain("strong").map(text)).toEqual(["papers"]);
    expect(inMain("script")).toEqual([]);
    expect(text(inMain("p")[0]!)).toContain("<script>alert(1)</script>");
    expect(doc.all("link", (el) => attr(el, "rel") === "stylesheet").map((el) => attr(el, "href"))).toEqual(["/reading-list/assets/theme.css"]);
    expect(doc.all("nav", (el) => attr(el, "class") === "site-nav").length).toBe(1);
    expect(inMain("a").map((el) => attr(el, "href"))).toEqual(["/reading-list/"]);
  });

  it("keeps the page's own first heading rather than add a second one", async () => {
    const html = await fixture.read("_site/contact/index.html");
    const main = new Html(html.slice(html.indexOf("<main"), html.indexOf("</main>")));
    expect(main.all("h1").map(text)).toEqual(["Write to us"]);
    expect(text(new Html(html).all("title")[0]!)).toBe("Contact · Test list");
  });

  it("leaves a file that is not HTML, and a page with layout: false, as written", async () => {
    expect(await fixture.read("_site/notes.txt")).toBe("plain 2\n");
    expect(await fixture.read("_site/bare/index.html")).toBe("<p>bare</p>\n");
  });

  it("links the pages with a title from every page's footer, under the path prefix", async () => {
    for (const file of ["index.html", "papers/one/index.html", "about/index.html", "tags/index.html", "404.html"]) {
      const html = await fixture.read(`_site/${file}`);
      const footer = new Html(html.slice(html.indexOf('<p class="footer-links">'), html.indexOf("</footer>")));
      const links = footer.all("a").map((a) => [attr(a, "href"), text(a)]);
      expect(links.slice(-2), file).toEqual([
        ["/reading-list/about/", "About <this> list"],
        ["/reading-list/contact/", "Contact"],
      ]);
    }
  });

  it("lists the page in the sitemap", async () => {
    expect(await fixture.read("_site/sitemap.xml")).toContain("<loc>https://example.github.io/reading-list/about/</loc>");
  });
});
