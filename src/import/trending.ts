import { normaliseText } from "../papers/frontmatter.ts";
import { isRealDate } from "../papers/schema.ts";
import { cleanLatex } from "./latex.ts";
import { extractLinks } from "./links.ts";
import type { ImportRecord, InputProblem, ParsedInput } from "./record.ts";
import { plural } from "../util/plural.ts";

/**
 * The "trending papers" text format: a copy of a web page.
 *
 *     new                                   ← header: five non-blank lines,
 *     Get trending papers in your email inbox!
 *     Subscribe
 *     byAK and the research community
 *     Mar 14                                ← the fifth is the page's date
 *     <title>
 *     <abstract, one line>
 *     <title>
 *     <abstract>
 *     …
 *
 * Blank lines between lines are optional and ignored.
 */

export const HEADER_LINES = 5;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DATE_LINE = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?$/i;

export interface PageDate {
  month: number;
  day: number;
  year?: number;
  line: number;
}

export interface TrendingInput extends ParsedInput {
  /** The page's date from the header, when there is one. */
  pageDate?: PageDate;
  /** A problem that stops the whole file (no date for the papers). */
  fatal?: InputProblem;
  /** Things that did not stop the import but a person should know. */
  warnings: InputProblem[];
}

/** `Mar 14` → {month: 3, day: 14}; `March 14, 2026` keeps the year. */
export function parsePageDate(text: string, line = 0): PageDate | undefined {
  const m = DATE_LINE.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
  const day = Number(m[2]);
  const year = m[3] ? Number(m[3]) : undefined;
  // Day and month must exist in some year (Feb 29 does; Feb 30 does not).
  if (!isRealDate(`${year ?? 2000}-${pad(month)}-${pad(day)}`)) return undefined;
  return { month, day, year, line };
}

/**
 * The day the papers were added: the page's date in the latest year where it is not in the future
 * (`Mar 14` read on 2026-11-26 is 2026-03-14; read on 2026-02-01 it is 2025-03-14; `Feb 29` goes back
 * to the latest leap year).
 */
export function resolvePageDate(date: Pick<PageDate, "month" | "day" | "year">, today: string): string {
  if (date.year !== undefined) return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
  let year = Number(today.slice(0, 4));
  for (;;) {
    const candidate = `${year}-${pad(date.month)}-${pad(date.day)}`;
    if (candidate <= today && isRealDate(candidate)) return candidate;
    year--;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * Whether a line reads as an abstract rather than a title: long, or several words with a sentence
 * break and final punctuation. Titles in practice are under 25 words and have no sentence break
 * followed by more text ending in a full stop.
 */
export function looksLikeAbstract(line: string): boolean {
  const words = line.split(/\s+/).filter(Boolean).length;
  const sentenceBreak = /[.!?]\s+[\p{Lu}(\d]/u.test(line);
  return line.length >= 300 || words >= 40 || (words >= 20 && sentenceBreak && /[.!?)]$/.test(line));
}

interface Line {
  text: string;
  line: number;
}

/** Reads the text into records; every malformed part is a problem naming its line, the rest still import. */
export function parseTrending(raw: string, file: string): TrendingInput {
  const lines: Line[] = normaliseText(raw)
    .split("\n")
    .map((text, i) => ({ text: text.trim(), line: i + 1 }))
    .filter((l) => l.text.length > 0);
  const problems: InputProblem[] = [];
  const warnings: InputProblem[] = [];
  const at = (line: number) => ({ file, line });

  // The header ends at the date line; the format says it is the fifth, but a page copied with one
  // line more or less is still readable.
  let headerEnd = lines.slice(0, HEADER_LINES + 3).findIndex((l) => parsePageDate(l.text) !== undefined);
  let pageDate: PageDate | undefined;
  let fatal: InputProblem | undefined;
  if (headerEnd === -1) {
    headerEnd = Math.min(HEADER_LINES, lines.length) - 1;
    const where = lines[headerEnd]?.line ?? 1;
    fatal = {
      source: at(where),
      message: `no page date in the header: the ${ordinal(HEADER_LINES)} non-blank line should be the page's date, like "Mar 14", but it is ${lines[headerEnd] ? `"${short(lines[headerEnd]!.text)}"` : "missing"}`,
      fix: "add the date line, or give the date with --date YYYY-MM-DD",
    };
  } else {
    pageDate = parsePageDate(lines[headerEnd]!.text, lines[headerEnd]!.line);
    if (headerEnd !== HEADER_LINES - 1) {
      warnings.push({ source: at(lines[headerEnd]!.line), message: `the header has ${plural(headerEnd + 1, "line")} instead of ${HEADER_LINES}; the page date was read from this line` });
    }
  }

  const body = lines.slice(headerEnd + 1);
  const records: ImportRecord[] = [];
  let i = 0;
  while (i < body.length) {
    const title = body[i]!;
    const next = body[i + 1];
    if (looksLikeAbstract(title.text)) {
      problems.push({
        source: at(title.line),
        message: `this line reads as an abstract, but a title was expected here ("${short(title.text)}"): its title line is empty or missing`,
        fix: "add the paper's title on its own line just before its abstract",
      });
      i += 1;
      continue;
    }
    if (!next) {
      problems.push({ source: at(title.line), message: `the title "${short(title.text)}" has no abstract: the file ends after it`, fix: "add the abstract on the line after the title, or remove the title" });
      break;
    }
    const afterNext = body[i + 2];
    if (!looksLikeAbstract(next.text) && afterNext && looksLikeAbstract(afterNext.text)) {
      // Two title-like lines then an abstract: the first title lost its abstract.
      problems.push({
        source: at(title.line),
        message: `the title "${short(title.text)}" has no abstract: the next line (${next.line}) reads as the next paper's title`,
        fix: "add the abstract on the line after the title, or remove the title",
      });
      i += 1;
      continue;
    }
    records.push(toRecord(title, next, file));
    i += 2;
  }
  return { records, problems, warnings, pageDate, fatal };
}

function toRecord(title: Line, abstractLine: Line, file: string): ImportRecord {
  const abstract = cleanLatex(abstractLine.text);
  const links = extractLinks(abstract);
  const notes = links.others.map((url) => `the abstract has another link, ${url}, kept in its text only`);
  return {
    source: { file, line: title.line },
    fields: {
      title: title.text,
      abstract,
      ...(links.code ? { code: links.code } : {}),
      ...(links.url ? { url: links.url } : {}),
    },
    notes,
  };
}

function short(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function ordinal(n: number): string {
  return ["first", "second", "third", "fourth", "fifth", "sixth"][n - 1] ?? `${n}th`;
}
