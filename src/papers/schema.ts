import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import type { Problem } from "../errors.ts";
import type { ParsedFile } from "./frontmatter.ts";

export const STATUSES = ["to-read", "reading", "read"] as const;
export type Status = (typeof STATUSES)[number];

/** A paper as every template and feed sees it: validated, typed, nothing left to coerce. */
export interface Paper {
  /** File name without `.md`; also the URL: `/papers/<slug>/`. */
  slug: string;
  /** Source path relative to the project root, for messages. */
  file: string;
  title: string;
  /** `YYYY-MM-DD`: the day it joined the list. */
  added: string;
  tags: string[];
  status: Status;
  authors: string[];
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  published?: string;
  abstract?: string;
  arxiv?: string;
  doi?: string;
  url?: string;
  pdf?: string;
  code?: string;
  draft: boolean;
  /** The reader's notes as written (markdown). */
  notes: string;
  /** 1-based line where the notes start in the file. */
  notesLine: number;
}

// ---- field rules ---------------------------------------------------------------------------------

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date that exists: 2024-02-30 is rejected rather than rolled over to March. */
export function isRealDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;

/**
 * The date a person most likely meant by a date that does not exist, for a fix: the last day of its month
 * (2024-02-30 → 2024-02-29); undefined when its month does not exist either.
 */
export function lastDayMeant(text: string): string | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (mo < 1 || mo > 12) return undefined;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return Number(m[3]) > last ? `${m[1]}-${m[2]}-${String(last)}` : undefined;
}

/** A fix for a date field that names a day or month that does not exist, built from what was written. */
function realDateFix(field: string, value: unknown, yearAlone: boolean): string | undefined {
  if (typeof value !== "string") return undefined;
  const year = /^(\d{4})-/.exec(value)?.[1];
  if (!year) return undefined;
  const last = lastDayMeant(value);
  if (last) return `write a day that exists, e.g. ${field}: ${last} (the last day of that month)`;
  return yearAlone ? `write a month that exists (01 to 12), or the year alone: ${field}: ${year}` : `write a month that exists (01 to 12), e.g. ${field}: ${year}-12-31`;
}

/**
 * What is wrong with a `published` text, or undefined: a year, a month that exists (2024-13 and 2024-00 do not)
 * or a real date (not 2024-02-30). A year alone is a number to YAML and is checked as one.
 */
export function publishedProblem(text: string): string | undefined {
  if (/^\d{4}$/.test(text)) return undefined;
  const month = MONTH_RE.exec(text);
  if (month) return Number(month[2]) >= 1 && Number(month[2]) <= 12 ? undefined : `is not a real month: ${text} has no month ${month[2]} (months run from 01 to 12)`;
  if (DATE_RE.test(text)) return isRealDate(text) ? undefined : "is not a real calendar date";
  return "must be a year (2017), a month (2017-06) or a real date (2017-06-12)";
}

/** New-style (`2205.14135`, `2205.14135v2`) and old-style (`hep-th/9901001`) arXiv identifiers. */
export const ARXIV_RE = /^(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;
export const DOI_RE = /^10\.\d{4,9}\/\S+$/;

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

// Control characters cannot appear in XML feeds and are never meant: reject them rather than drop them.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/;

const text = (what: string) =>
  z
    .string({ error: (iss) => `must be ${what}, not ${describeValue(iss.input)}` })
    .refine((s) => s.trim().length > 0, "must not be empty")
    .superRefine((s, ctx) => {
      const found = CONTROL.exec(s);
      if (found) ctx.addIssue({ code: "custom", message: `contains an invisible control character (U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")})` });
    });

const isoDate = z
  .string({ error: (iss) => `must be a date written YYYY-MM-DD, not ${describeValue(iss.input)}` })
  .refine((s) => DATE_RE.test(s), "must be a date written YYYY-MM-DD")
  .refine((s) => !DATE_RE.test(s) || isRealDate(s), "is not a real calendar date");

const httpUrl = z
  .string({ error: (iss) => `must be a web address, not ${describeValue(iss.input)}` })
  .refine(isHttpUrl, "must be an http:// or https:// address");

const stringList = (what: string) =>
  z.array(text(what), { error: (iss) => `must be a list, not ${describeValue(iss.input)}` });

interface FieldRule {
  schema: z.ZodType;
  /** How to write it correctly, shown after a problem. */
  example: string;
  /** A fix made of the value itself (and its text as written in the file), where that says more than the example. */
  fix?: (value: unknown, source: string | undefined) => string | undefined;
}

const FIELDS: Record<string, FieldRule> = {
  title: { schema: text("text"), example: 'title: "Attention Is All You Need"' },
  added: { schema: isoDate, example: "added: 2024-03-14", fix: (value) => realDateFix("added", value, false) },
  tags: {
    schema: stringList("a tag name (text)").refine((tags) => new Set(tags.map(tagKey)).size === tags.length, "lists the same tag twice (tags are compared without case)"),
    example: "tags: [attention, long context]  (a YAML list, not one comma-separated string)",
  },
  status: {
    schema: z.enum(STATUSES, { error: (iss) => `must be one of ${STATUSES.join(", ")}, not ${describeValue(iss.input)}` }),
    example: "status: reading",
  },
  authors: { schema: stringList("a full name (text)"), example: "authors: [Ashish Vaswani, Noam Shazeer]" },
  published: {
    schema: z
      .union([z.int().min(1000).max(9999), z.string()], { error: (iss) => `must be a year or a date, not ${describeValue(iss.input)}` })
      .superRefine((v, ctx) => {
        const problem = typeof v === "string" ? publishedProblem(v) : undefined;
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    example: "published: 2017-06-12 (or just 2017)",
    fix: (value) => realDateFix("published", value, true),
  },
  abstract: { schema: text("text"), example: "abstract: >-  (then the abstract on indented lines)" },
  arxiv: {
    schema: z
      .string({ error: (iss) => `must be an arXiv id in quotes, not ${describeValue(iss.input)} (YAML reads 2205.14130 as a number and drops the final 0)` })
      .refine((s) => ARXIV_RE.test(s), "is not an arXiv id like 2205.14135, 2205.14135v2 or hep-th/9901001"),
    example: 'arxiv: "2205.14135"',
    // The id as written, not the number YAML made of it: 1901.01230 is the number 1901.0123.
    fix: (value, source) => (typeof value === "number" && source !== undefined && ARXIV_RE.test(source.trim()) ? `quote it: arxiv: "${source.trim()}"` : undefined),
  },
  doi: {
    schema: z.string({ error: (iss) => `must be a DOI, not ${describeValue(iss.input)}` }).refine((s) => DOI_RE.test(s), "is not a DOI like 10.1145/3292500.3330701"),
    example: "doi: 10.1145/3292500.3330701  (without https://doi.org/)",
  },
  url: { schema: httpUrl, example: "url: https://example.org/paper" },
  pdf: { schema: httpUrl, example: "pdf: https://arxiv.org/pdf/2205.14135" },
  code: { schema: httpUrl, example: "code: https://github.com/owner/repo" },
  draft: {
    schema: z.boolean({ error: (iss) => `must be true or false, not ${describeValue(iss.input)}` }),
    example: "draft: true",
  },
};

export const KNOWN_FIELDS = Object.keys(FIELDS);
const REQUIRED = ["title", "added"] as const;

/** A value as a message names it: `the text "fifty"`, `the number 0`, `a list`; a map is `group`. */
export function describeValue(value: unknown, group = "a group of fields"): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return group;
  if (typeof value === "string") return `the text "${value.length > 40 ? value.slice(0, 37) + "..." : value}"`;
  return `the ${typeof value} ${String(value)}`;
}

/** Tags are compared without case or surrounding space: `LLM` and ` llm` are one tag. */
export function tagKey(tag: string): string {
  return tag.normalize("NFC").trim().toLowerCase();
}

/** Nearest known field to a misspelt one, if it is plausibly a typo. */
export function nearestField(name: string): string | undefined {
  const lower = name.toLowerCase();
  // `arxiv_id`, `doi_url`: a known field with something appended.
  const prefixed = KNOWN_FIELDS.find((field) => lower.startsWith(field) && /^[_\- ]/.test(lower.slice(field.length)));
  if (prefixed) return prefixed;
  const candidate = closest(lower, KNOWN_FIELDS);
  return distance(lower, candidate) <= Math.max(2, Math.floor(candidate.length / 3)) ? candidate : undefined;
}

export type PaperResult = { ok: true; paper: Paper } | { ok: false; problems: Problem[] };

/** The one conversion from raw front matter to a typed Paper; every problem is collected, none thrown. */
export function toPaper(parsed: ParsedFile, file: string, slug: string): PaperResult {
  // Problems the reading found (TeX in double quotes) come first, and their fields are not judged again: the value
  // YAML made of them (a tab, a control character) is not what the person wrote.
  const problems: Problem[] = [...(parsed.problems ?? [])];
  const { data, fieldLines } = parsed;
  const judged = new Set(problems.map((p) => p.field?.replace(/[[.].*$/, "")));

  for (const field of REQUIRED) {
    if (!(field in data) || data[field] === null) {
      problems.push({ file, field, line: fieldLines[field], message: `the required field "${field}" is ${field in data ? "empty" : "missing"}`, fix: `add a line ${FIELDS[field]!.example}` });
    }
  }

  for (const [field, value] of Object.entries(data)) {
    // Own fields only: a key such as `constructor` or `__proto__` is an unknown field, not Object's.
    const rule = Object.hasOwn(FIELDS, field) ? FIELDS[field] : undefined;
    const line = Object.hasOwn(fieldLines, field) ? fieldLines[field] : undefined;
    if (!rule) {
      const near = nearestField(field);
      problems.push({
        file,
        field,
        line,
        message: `"${field}" is not a known field${near ? ` (did you mean "${near}"?)` : ""}`,
        fix: near ? `rename it to "${near}"` : `remove it, or use one of: ${KNOWN_FIELDS.join(", ")}`,
      });
      continue;
    }
    if (value === null && !(REQUIRED as readonly string[]).includes(field)) {
      problems.push({ file, field, line, message: "has no value", fix: `remove the line or write ${rule.example}` });
      continue;
    }
    if (value === null || judged.has(field)) continue; // null: reported above as a missing required field
    const result = rule.schema.safeParse(value, { reportInput: true });
    if (!result.success) {
      const fix = rule.fix?.(value, Object.hasOwn(parsed.fieldSources, field) ? parsed.fieldSources[field] : undefined) ?? `write it as ${rule.example}`;
      for (const issue of result.error.issues) {
        const sub = issue.path.length ? `${field}${issue.path.map((p) => `[${String(p)}]`).join("")}` : field;
        problems.push({ file, field: sub, line, message: issue.message, fix });
      }
    }
  }

  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
    problems.push({
      file,
      message: `the file name "${slug}.md" is not a valid slug (it becomes the page's URL)`,
      fix: "rename the file to lowercase letters, digits and single hyphens, e.g. flash-attention.md",
    });
  }
  // In the order of the file, as the fields' own problems are.
  if (parsed.problems?.length) problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (problems.length > 0) return { ok: false, problems };

  const str = (key: string) => (data[key] === undefined ? undefined : String(data[key]).trim());
  const paper: Paper = {
    slug,
    file,
    title: str("title")!,
    added: str("added")!,
    tags: ((data.tags as string[] | undefined) ?? []).map((t) => t.normalize("NFC").trim()),
    status: (data.status as Status | undefined) ?? "to-read",
    authors: ((data.authors as string[] | undefined) ?? []).map((a) => a.trim()),
    published: str("published"),
    abstract: str("abstract"),
    arxiv: str("arxiv"),
    doi: str("doi"),
    url: str("url"),
    pdf: str("pdf"),
    code: str("code"),
    draft: (data.draft as boolean | undefined) ?? false,
    notes: parsed.body.trim(),
    notesLine: parsed.bodyLine,
  };
  return { ok: true, paper };
}
