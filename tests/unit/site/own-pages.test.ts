import { describe, expect, it } from "vitest";
import { defaultLayout, OWN_PAGE_LAYOUT, ownPageLinks, type OwnPageData } from "../../../src/site/own-pages.ts";

const page = (inputPath: string, outputFileExtension = "html") => ({ inputPath, outputFileExtension });

describe("the layout a page of the person's own gets", () => {
  it.each<[string, OwnPageData, string | undefined]>([
    ["a markdown page with no layout", { page: page("./content/about.md") }, OWN_PAGE_LAYOUT],
    ["a permalink to a folder", { permalink: "/about-us/", page: page("./content/about.md") }, OWN_PAGE_LAYOUT],
    ["a permalink to an .html file", { permalink: "/about.html", page: page("./content/about.njk") }, OWN_PAGE_LAYOUT],
    ["a templated permalink to a folder", { permalink: "/{{ page.fileSlug }}/", page: page("./content/about.md") }, OWN_PAGE_LAYOUT],
    ["a layout of its own stays", { layout: "layouts/mine.njk", page: page("./content/about.md") }, undefined],
    ["layout: false is a choice", { layout: false, page: page("./content/about.md") }, undefined],
    ["a text file", { permalink: "/notes.txt", page: page("./content/notes.njk") }, undefined],
    ["an XML file", { permalink: "/feed-mine.xml", page: page("./content/feed.njk") }, undefined],
    ["a page not written", { permalink: false, page: page("./content/draft.md") }, undefined],
    ["a permalink function", { permalink: () => "/x/", page: page("./content/x.md") }, undefined],
    ["another output extension", { page: page("./content/x.njk", "json") }, undefined],
    ["shelfmark's own templates", { page: page("./content/shelfmark/search.njk") }, undefined],
  ])("%s", (_name, data, layout) => expect(defaultLayout(data, "content/shelfmark/")).toBe(layout));
});

describe("the footer's links to pages of your own", () => {
  it("lists those with the default layout and a title, by address", () => {
    const item = (url: string | false, data: { layout?: unknown; title?: unknown }) => ({ url, data });
    expect(
      ownPageLinks([
        item("/team/", { layout: OWN_PAGE_LAYOUT, title: " Team " }),
        item("/about/", { layout: OWN_PAGE_LAYOUT, title: "About" }),
        item("/untitled/", { layout: OWN_PAGE_LAYOUT }),
        item("/blank/", { layout: OWN_PAGE_LAYOUT, title: "  " }),
        item(false, { layout: OWN_PAGE_LAYOUT, title: "Not written" }),
        item("/mine/", { layout: "layouts/mine.njk", title: "Placed by hand" }),
        item("/search/", { layout: "layouts/search.njk", title: "Search" }),
      ]),
    ).toEqual([
      { url: "/about/", title: "About" },
      { url: "/team/", title: "Team" },
    ]);
  });
});
