import { XMLBuilder } from "fast-xml-parser";
import { readableDate, STATUS_LABELS } from "../util/format.ts";
import { STATUSES, type Paper, type Status } from "../papers/schema.ts";
import { plural } from "../util/plural.ts";

/**
 * The statistics page's charts: horizontal SVG bar charts drawn at build time (no JavaScript), each with a
 * title and a description for assistive technology and a data table beside it. Pure functions.
 */

export interface Bar {
  label: string;
  value: number;
  /** Where the table row links (a tag or status page), site-relative. */
  href?: string;
}

export interface ChartOptions {
  /** Unique on the page: the ids of the SVG's title and description derive from it. */
  id: string;
  title: string;
  /** One or two sentences a screen reader announces instead of the picture. */
  description: string;
  bars: Bar[];
  /** Width of the drawing in SVG units; it scales to the column. */
  width?: number;
  /**
   * `rows`: each label left of its bar, for a wide column. `stacked`: each label above its bar, drawn narrow, so
   * that on a phone the labels keep the size of the text around them instead of shrinking with a wide drawing.
   */
  layout?: "rows" | "stacked";
}

const ROW = 24;
const BAR = 16;
const PAD = 8;
const CHAR = 8; // generous advance of a 13px system-ui character (digits, capitals), for the label column
const MAX_LABEL = 34;

// preserveOrder keeps bars and their labels in drawing order; the builder escapes every text and attribute.
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "", preserveOrder: true, suppressEmptyNode: true });

type XmlNode = Record<string, unknown>;
const el = (name: string, attrs: Record<string, string | number>, children: XmlNode[] = []): XmlNode => ({
  [name]: children,
  ":@": Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)])),
});
const textNode = (text: string): XmlNode => ({ "#text": text });

/** Long labels are cut with an ellipsis in the drawing; the table keeps them whole. */
export function shortLabel(label: string, max = MAX_LABEL): string {
  const chars = [...label];
  return chars.length <= max ? label : chars.slice(0, max - 1).join("").trimEnd() + "…";
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

/**
 * An accessible horizontal bar chart: `role="img"` named by its `<title>` and described by its `<desc>`.
 * Everything inside is presentational, so the page must also give the numbers as text (the table).
 */
export function barChart(options: ChartOptions): string {
  if (options.layout === "stacked") return chartSvg(options, options.width ?? STACKED_WIDTH, stackedRows(options.bars, options.width ?? STACKED_WIDTH));
  const width = options.width ?? 640;
  const labelWidth = Math.min(280, Math.max(72, Math.ceil(Math.max(0, ...options.bars.map((b) => [...shortLabel(b.label)].length)) * CHAR) + PAD));
  const max = Math.max(1, ...options.bars.map((b) => b.value));
  const valueWidth = String(max).length * CHAR + PAD;
  const scale = (width - labelWidth - PAD - valueWidth) / max;
  const height = Math.max(1, options.bars.length) * ROW + PAD;
  const rows = options.bars.flatMap((bar, i) => {
    const y = PAD / 2 + i * ROW;
    const mid = fmt(y + ROW / 2);
    const length = bar.value * scale;
    return [
      el("text", { class: "chart-label", x: labelWidth - PAD, y: mid, "text-anchor": "end", "dominant-baseline": "middle" }, [textNode(shortLabel(bar.label))]),
      ...(length > 0 ? [el("rect", { class: "chart-bar", x: labelWidth, y: fmt(y + (ROW - BAR) / 2), width: fmt(length), height: BAR, rx: 2 })] : []),
      el("text", { class: "chart-value", x: fmt(labelWidth + length + PAD / 2), y: mid, "dominant-baseline": "middle" }, [textNode(String(bar.value))]),
    ];
  });
  return chartSvg(options, width, { rows, height });
}

const STACKED_WIDTH = 360;
const STACKED_ROW = 40;
const LABEL_LINE = 15;

/** Each label on a line of its own, its bar below it, the value after the bar. */
function stackedRows(bars: Bar[], width: number): { rows: XmlNode[]; height: number } {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const valueWidth = String(max).length * CHAR + PAD;
  const scale = (width - PAD - valueWidth) / max;
  const barHeight = BAR - 4;
  const rows = bars.flatMap((bar, i) => {
    const y = PAD / 2 + i * STACKED_ROW;
    const length = bar.value * scale;
    const barY = y + LABEL_LINE + 4;
    const mid = fmt(barY + barHeight / 2);
    return [
      el("text", { class: "chart-label", x: 0, y: fmt(y + LABEL_LINE / 2), "dominant-baseline": "middle" }, [textNode(shortLabel(bar.label, MAX_STACKED_LABEL))]),
      ...(length > 0 ? [el("rect", { class: "chart-bar", x: 0, y: fmt(barY), width: fmt(length), height: barHeight, rx: 2 })] : []),
      el("text", { class: "chart-value", x: fmt(length + PAD / 2), y: mid, "dominant-baseline": "middle" }, [textNode(String(bar.value))]),
    ];
  });
  return { rows, height: Math.max(1, bars.length) * STACKED_ROW + PAD };
}

// A label of a stacked chart has the drawing's whole width: 44 generous characters of 8 units in 360.
const MAX_STACKED_LABEL = 44;

/** The `<svg>` around the rows: its accessible name and description, its size, the ids derived from `options.id`. */
function chartSvg(options: ChartOptions, width: number, { rows, height }: { rows: XmlNode[]; height: number }): string {
  const svg = el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      class: options.layout === "stacked" ? "chart chart-stacked" : "chart chart-rows",
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-labelledby": `${options.id}-title ${options.id}-desc`,
      "font-size": 13,
      fill: "currentColor",
    },
    [
      el("title", { id: `${options.id}-title` }, [textNode(options.title)]),
      el("desc", { id: `${options.id}-desc` }, [textNode(options.description)]),
      ...rows,
    ],
  );
  return builder.build([svg]) as string;
}

// ---- the data ------------------------------------------------------------------------------------

type StatsPaper = Pick<Paper, "added" | "status">;

export interface TagCount {
  name: string;
  url: string;
  count: number;
}

/** Most papers first, then by name. */
export function tagBars(tags: TagCount[]): Bar[] {
  return [...tags].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "en")).map((t) => ({ label: t.name, value: t.count, href: t.url }));
}

/** Every status in reading order, zeros included. */
export function statusBars(papers: StatsPaper[], urlOf: (s: Status) => string): Bar[] {
  const counts = new Map<Status, number>(STATUSES.map((s) => [s, 0]));
  for (const p of papers) counts.set(p.status, counts.get(p.status)! + 1);
  return STATUSES.map((s) => ({ label: STATUS_LABELS[s], value: counts.get(s)!, href: urlOf(s) }));
}

/** Papers added each month from the first to the last, oldest first; months with none show as 0. */
export function monthBars(papers: StatsPaper[]): Bar[] {
  if (papers.length === 0) return [];
  const counts = new Map<string, number>();
  for (const p of papers) counts.set(p.added.slice(0, 7), (counts.get(p.added.slice(0, 7)) ?? 0) + 1);
  const months = [...counts.keys()].sort();
  const [fy, fm] = months[0]!.split("-").map(Number) as [number, number];
  const [ly, lm] = months.at(-1)!.split("-").map(Number) as [number, number];
  const bars: Bar[] = [];
  let [y, m] = [fy, fm];
  while (y < ly || (y === ly && m <= lm)) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    bars.push({ label: readableDate(key), value: counts.get(key) ?? 0 });
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return bars;
}

/** A paper and how many papers' notes link to it (src/links/). */
export interface MentionCount {
  title: string;
  url: string;
  count: number;
}

/** The `max` papers mentioned in the most notes, most first, then by title; papers no note mentions are left out. */
export function mentionBars(papers: MentionCount[], max = 10): Bar[] {
  return papers
    .filter((p) => p.count > 0)
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title, "en"))
    .slice(0, max)
    .map((p) => ({ label: p.title, value: p.count, href: p.url }));
}

/** `largest: X (12)`: the sentence the chart's description ends with. */
export function describeBars(bars: Bar[], what: string): string {
  const total = bars.reduce((s, b) => s + b.value, 0);
  if (bars.length === 0 || total === 0) return `No papers yet, so no ${what}.`;
  const top = bars.reduce((best, b) => (b.value > best.value ? b : best), bars[0]!);
  return `${bars.length} ${bars.length === 1 ? what.replace(/e?s$/, "") : what}; the largest is ${top.label} with ${plural(top.value, "paper")}.`;
}

export interface Chart {
  id: string;
  title: string;
  /** Header of the table's first column. */
  labelHeading: string;
  /** Header of the table's second column. */
  valueHeading: string;
  /** The drawing for a wide column, labels left of the bars. */
  svg: string;
  /** The same drawing for a phone, each label above its bar (the page shows one of the two, by its width). */
  stackedSvg: string;
  /** Every row, even those the drawing leaves out. */
  rows: Bar[];
  /** Set when the drawing shows only the first rows. */
  note?: string;
}

export interface StatsInput {
  papers: StatsPaper[];
  tags: TagCount[];
  statusUrl: (s: Status) => string;
  /** Most bars drawn in the tag chart; the table lists all. */
  maxTagBars?: number;
  /** Every paper with the number of papers whose notes link to it; the chart appears when any has one. */
  mentions?: MentionCount[];
}

export interface Stats {
  total: number;
  tagCount: number;
  charts: Chart[];
}

export function buildStats(input: StatsInput): Stats {
  const maxTags = input.maxTagBars ?? 30;
  const tags = tagBars(input.tags);
  const drawnTags = tags.slice(0, maxTags);
  const status = statusBars(input.papers, input.statusUrl);
  const months = monthBars(input.papers);
  const chart = (id: string, title: string, labelHeading: string, rows: Bar[], drawn: Bar[], what: string, note?: string, description = describeBars(rows, what)): Chart => {
    const drawing = { title, description: `Bar chart. ${description}${note ? ` ${note}` : ""}`, bars: drawn };
    return {
      id,
      title,
      labelHeading,
      valueHeading: "Papers",
      rows,
      note,
      svg: barChart({ ...drawing, id }),
      stackedSvg: barChart({ ...drawing, id: `${id}-stacked`, layout: "stacked" }),
    };
  };
  const mentioned = mentionBars(input.mentions ?? []);
  const mentionChart = mentioned.length > 0 && {
    ...chart(
      "chart-mentions",
      "Most mentioned papers",
      "Paper",
      mentioned,
      mentioned,
      "papers",
      undefined,
      `The ${plural(mentioned.length, "paper")} whose pages list the most notes that link to them; first ${mentioned[0]!.label}, mentioned in ${plural(mentioned[0]!.value, "paper")}.`,
    ),
    valueHeading: "Mentioned in (papers)",
  };
  return {
    total: input.papers.length,
    tagCount: input.tags.length,
    charts: [
      chart("chart-status", "Papers per reading status", "Status", status, status, "statuses"),
      chart("chart-tags", "Papers per tag", "Tag", tags, drawnTags, "tags", tags.length > maxTags ? `The chart shows the ${maxTags} largest of ${tags.length} tags; the table lists all.` : undefined),
      chart("chart-months", "Papers added per month", "Month", months, months, "months"),
      ...(mentionChart ? [mentionChart] : []),
    ],
  };
}
