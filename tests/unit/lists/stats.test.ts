import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { barChart, buildStats, describeBars, mentionBars, monthBars, shortLabel, statusBars, tagBars, type Bar } from "../../../src/lists/stats.ts";
import { statusPages, statusSummaries } from "../../../src/lists/status.ts";
import type { ListedPaper } from "../../../src/papers/library.ts";
import type { Status } from "../../../src/papers/schema.ts";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["rect", "text"].includes(name) });

interface SvgText {
  "#text": string | number;
  class: string;
  x: string;
  y: string;
}
interface ParsedSvg {
  svg: { role: string; "aria-labelledby": string; viewBox: string; title: { "#text": string; id: string }; desc: { "#text": string; id: string }; rect?: { width: string; y: string }[]; text: SvgText[] };
}

function parseSvg(svg: string): ParsedSvg["svg"] {
  expect(XMLValidator.validate(svg)).toBe(true);
  return (parser.parse(svg) as ParsedSvg).svg;
}

describe("barChart", () => {
  const bars: Bar[] = [
    { label: `<script>alert("x")</script> & co`, value: 10 },
    { label: "half", value: 5 },
    { label: "none", value: 0 },
  ];
  const svg = parseSvg(barChart({ id: "c1", title: `Papers "per" tag & more`, description: "Three bars <b>.", bars }));

  it("is well-formed XML with an accessible name and description", () => {
    expect(svg.role).toBe("img");
    expect(svg["aria-labelledby"]).toBe("c1-title c1-desc");
    expect(svg.title).toEqual({ "#text": `Papers "per" tag & more`, id: "c1-title" });
    expect(svg.desc).toEqual({ "#text": "Three bars <b>.", id: "c1-desc" });
  });

  it("escapes labels: hostile text stays text", () => {
    expect(svg.text.filter((t) => t.class === "chart-label").map((t) => t["#text"])).toEqual([`<script>alert("x")</script> & co`, "half", "none"]);
  });

  it("draws one bar per non-zero value, proportional to it, with every value written out", () => {
    const widths = svg.rect!.map((r) => Number(r.width));
    expect(widths).toHaveLength(2);
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.5, 2);
    expect(svg.text.filter((t) => t.class === "chart-value").map((t) => Number(t["#text"]))).toEqual([10, 5, 0]);
    const [, , width] = svg.viewBox.split(" ").map(Number);
    const labelX = Number(svg.text.find((t) => t.class === "chart-label")!.x);
    expect(labelX + widths[0]!).toBeLessThan(width!);
  });

  it("stacked (for a phone): each label above its bar, across the drawing's width, the same bars and values", () => {
    const stacked = parseSvg(barChart({ id: "c1-stacked", title: "T", description: "D", bars, layout: "stacked" }));
    expect(stacked["aria-labelledby"]).toBe("c1-stacked-title c1-stacked-desc");
    const labels = stacked.text.filter((t) => t.class === "chart-label");
    expect(labels.map((t) => t["#text"])).toEqual([`<script>alert("x")</script> & co`, "half", "none"]);
    expect(labels.every((t) => Number(t.x) === 0)).toBe(true);
    const rects = stacked.rect!;
    expect(Number(rects[1]!.width) / Number(rects[0]!.width)).toBeCloseTo(0.5, 2);
    // Each bar starts under its label, at the left edge, and the longest leaves room for its value.
    expect(rects.map((r, i) => Number(r.y) > Number(labels[i]!.y))).toEqual([true, true]);
    const [, , width] = stacked.viewBox.split(" ").map(Number);
    expect(width).toBeLessThan(400);
    expect(Number(rects[0]!.width) + 3 * 8).toBeLessThanOrEqual(width!);
    expect(stacked.text.filter((t) => t.class === "chart-value").map((t) => Number(t["#text"]))).toEqual([10, 5, 0]);
  });

  it("handles an empty chart", () => {
    const empty = parseSvg(barChart({ id: "e", title: "Nothing", description: "No data.", bars: [] }));
    expect(empty.rect).toBeUndefined();
  });

  it.each([
    ["short", "short"],
    ["a".repeat(34), "a".repeat(34)],
    ["a".repeat(35), "a".repeat(33) + "…"],
    ["日本語".repeat(20), "日本語".repeat(11) + "…"],
  ])("shortLabel(%s)", (label, short) => {
    expect(shortLabel(label)).toBe(short);
  });
});

describe("chart data", () => {
  it("fills months without papers with zero, across years", () => {
    const papers = ["2023-11-30", "2024-02-01", "2024-02-29", "2023-11-01"].map((added) => ({ added, status: "read" as Status }));
    expect(monthBars(papers)).toEqual([
      { label: "Nov 2023", value: 2 },
      { label: "Dec 2023", value: 0 },
      { label: "Jan 2024", value: 0 },
      { label: "Feb 2024", value: 2 },
    ]);
    expect(monthBars([])).toEqual([]);
  });

  it("counts every status in reading order, zeros included", () => {
    const papers = [{ added: "2024-01-01", status: "read" as Status }, { added: "2024-01-01", status: "read" as Status }];
    expect(statusBars(papers, (s) => `/status/${s}/`)).toEqual([
      { label: "To read", value: 0, href: "/status/to-read/" },
      { label: "Reading", value: 0, href: "/status/reading/" },
      { label: "Read", value: 2, href: "/status/read/" },
    ]);
  });

  it("orders tags by count, then name", () => {
    const bars = tagBars([
      { name: "b", url: "/tags/b/", count: 2 },
      { name: "c", url: "/tags/c/", count: 5 },
      { name: "a", url: "/tags/a/", count: 2 },
    ]);
    expect(bars.map((b) => b.label)).toEqual(["c", "a", "b"]);
  });

  it.each([
    [[{ label: "x", value: 3 }, { label: "y", value: 7 }], "2 tags; the largest is y with 7 papers."],
    [[{ label: "x", value: 1 }], "1 tag; the largest is x with 1 paper."],
    [[], "No papers yet, so no tags."],
  ])("describes %j", (bars, sentence) => {
    expect(describeBars(bars, "tags")).toBe(sentence);
  });

  it("draws the largest tags and says so when there are more than fit", () => {
    const tags = Array.from({ length: 12 }, (_, i) => ({ name: `t${String(i).padStart(2, "0")}`, url: `/tags/t${i}/`, count: i + 1 }));
    const stats = buildStats({ papers: [{ added: "2024-01-01", status: "to-read" }], tags, statusUrl: (s) => `/status/${s}/`, maxTagBars: 5 });
    const chart = stats.charts.find((c) => c.id === "chart-tags")!;
    expect(chart.rows).toHaveLength(12);
    expect(parseSvg(chart.svg).rect).toHaveLength(5);
    expect(chart.note).toBe("The chart shows the 5 largest of 12 tags; the table lists all.");
    expect(parseSvg(chart.svg).desc["#text"]).toContain(chart.note!);
  });

  it("lists the most mentioned papers, most first, then by title, only those mentioned", () => {
    const papers = [
      { title: "B", url: "/papers/b/", count: 2 },
      { title: "A", url: "/papers/a/", count: 2 },
      { title: "C", url: "/papers/c/", count: 5 },
      { title: "Z", url: "/papers/z/", count: 0 },
    ];
    expect(mentionBars(papers).map((b) => [b.label, b.value, b.href])).toEqual([
      ["C", 5, "/papers/c/"],
      ["A", 2, "/papers/a/"],
      ["B", 2, "/papers/b/"],
    ]);
    expect(mentionBars(papers, 1)).toHaveLength(1);
  });

  it("shows the most mentioned papers' chart only when a note links to a paper", () => {
    const base = { papers: [{ added: "2024-01-01", status: "read" as const }], tags: [], statusUrl: (s: string) => `/status/${s}/` };
    expect(buildStats({ ...base, mentions: [{ title: "A", url: "/papers/a/", count: 0 }] }).charts.map((c) => c.id)).toEqual(["chart-status", "chart-tags", "chart-months"]);
    const chart = buildStats({ ...base, mentions: [{ title: "A <b>", url: "/papers/a/", count: 3 }] }).charts.at(-1)!;
    expect([chart.id, chart.title, chart.valueHeading]).toEqual(["chart-mentions", "Most mentioned papers", "Mentioned in (papers)"]);
    expect(parseSvg(chart.svg).desc["#text"]).toBe("Bar chart. The 1 paper whose pages list the most notes that link to them; first A <b>, mentioned in 3 papers.");
  });
});

describe("status pages", () => {
  const paper = (slug: string, status: Status) => ({ slug, status }) as ListedPaper;
  const byStatus = { "to-read": [], reading: [paper("r1", "reading")], read: ["a", "b", "c", "d", "e"].map((s) => paper(s, "read")) } as Record<Status, ListedPaper[]>;

  it("summarises every status with its count and URL", () => {
    expect(statusSummaries(byStatus)).toEqual([
      { status: "to-read", label: "To read", url: "/status/to-read/", count: 0 },
      { status: "reading", label: "Reading", url: "/status/reading/", count: 1 },
      { status: "read", label: "Read", url: "/status/read/", count: 5 },
    ]);
  });

  it("paginates each status like the other lists, with one page even when empty", () => {
    const pages = statusPages(byStatus, 2);
    expect(pages.map((p) => [p.url, p.items.map((i) => i.slug), p.previousUrl, p.nextUrl])).toEqual([
      ["/status/to-read/", [], undefined, undefined],
      ["/status/reading/", ["r1"], undefined, undefined],
      ["/status/read/", ["a", "b"], undefined, "/status/read/page/2/"],
      ["/status/read/page/2/", ["c", "d"], "/status/read/", "/status/read/page/3/"],
      ["/status/read/page/3/", ["e"], "/status/read/page/2/", undefined],
    ]);
    expect(pages.every((p) => p.status.url === `/status/${p.status.status}/`)).toBe(true);
  });
});
