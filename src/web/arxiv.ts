import { XMLParser, XMLValidator } from "fast-xml-parser";
import { DOI_RE } from "../papers/schema.ts";
import type { PaperFields } from "../import/record.ts";
import { Pace, WebError, type WebClient } from "./http.ts";
import { arxivBase } from "./refs.ts";
import { cleanArxivText } from "./text.ts";

/**
 * arXiv's API (https://info.arxiv.org/help/api/): `GET {base}?id_list=a,b&max_results=n`, an Atom feed.
 * At most 100 ids a request, one request at a time, three seconds apart, as its terms of use ask.
 */

export const DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query";
export const ARXIV_BATCH = 100;

/** What arXiv said about one id: the paper, or why there is none. */
export type ArxivResult = { ok: true; fields: PaperFields } | { ok: false; reason: string; askAgain?: boolean };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Ids such as 2205.14130 must stay text: a number would lose the final 0.
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (name) => ["entry", "author", "link"].includes(name),
});

type XmlValue = string | { "#text"?: string; [key: string]: unknown } | undefined;
const text = (value: unknown): string => (typeof value === "string" ? value : typeof value === "object" && value ? String((value as { "#text"?: unknown })["#text"] ?? "") : "");

interface AtomEntry {
  id?: XmlValue;
  title?: XmlValue;
  summary?: XmlValue;
  published?: XmlValue;
  author?: { name?: XmlValue }[];
  "arxiv:doi"?: XmlValue;
}

const ERROR_ID = /^https?:\/\/arxiv\.org\/api\/errors#?(.*)$/i;

/** `http://arxiv.org/abs/2205.14135v2` → `2205.14135` */
function entryId(id: string): string | undefined {
  const m = /^https?:\/\/(?:www\.)?arxiv\.org\/abs\/(.+)$/i.exec(id.trim());
  return m ? arxivBase(m[1]!) : undefined;
}

/**
 * Reads one answer for the ids asked. An unknown id is either missing from the feed or answered by an
 * entry whose `<id>` is under `http://arxiv.org/api/errors`: both mean arXiv has no such paper.
 */
export function parseArxivFeed(xml: string, requested: string[], host = "export.arxiv.org"): Map<string, ArxivResult> {
  const malformed = () => new WebError(`malformed answer from ${host} (not an Atom feed): try again later`);
  if (XMLValidator.validate(xml) !== true) throw malformed();
  const doc = parser.parse(xml) as { feed?: { entry?: AtomEntry[] } };
  if (!doc.feed || typeof doc.feed !== "object") throw malformed();

  const found = new Map<string, AtomEntry>();
  const errors: string[] = [];
  for (const entry of doc.feed.entry ?? []) {
    const id = text(entry.id);
    const error = ERROR_ID.exec(id);
    if (error) {
      errors.push(cleanArxivText(text(entry.summary)) || error[1]!);
      continue;
    }
    const base = entryId(id);
    // Very old answers list an unknown id as an entry with no title.
    if (base && text(entry.title).trim()) found.set(base.toLowerCase(), entry);
  }

  const results = new Map<string, ArxivResult>();
  for (const asked of requested) {
    const entry = found.get(arxivBase(asked).toLowerCase());
    if (!entry) {
      const said = errors.find((e) => e.includes(asked));
      // An error about another id of the same request stopped arXiv before this one: worth asking alone.
      const askAgain = errors.length > 0 && !said;
      results.set(asked, { ok: false, reason: `arXiv has no paper ${asked}${said ? ` (${said})` : ""}`, ...(askAgain ? { askAgain } : {}) });
      continue;
    }
    results.set(asked, { ok: true, fields: entryFields(entry, asked) });
  }
  return results;
}

function entryFields(entry: AtomEntry, asked: string): PaperFields {
  const fields: PaperFields = { title: cleanArxivText(text(entry.title)) };
  const authors = (entry.author ?? []).map((a) => cleanArxivText(text(a.name))).filter(Boolean);
  if (authors.length) fields.authors = authors;
  const published = /^\d{4}-\d{2}-\d{2}/.exec(text(entry.published));
  if (published) fields.published = published[0];
  fields.arxiv = asked;
  const doi = text(entry["arxiv:doi"]).trim();
  if (DOI_RE.test(doi)) fields.doi = doi;
  fields.pdf = `https://arxiv.org/pdf/${asked}`;
  const abstract = cleanArxivText(text(entry.summary));
  if (abstract) fields.abstract = abstract;
  return fields;
}

export interface ArxivProgress {
  (done: number, total: number): void;
}

/** Asks arXiv about many ids, 100 a request, spaced by `pace`; ids it cannot answer are in the map too. */
export class ArxivSource {
  readonly pace: Pace;
  constructor(
    private readonly client: WebClient,
    readonly base = process.env.SHELFMARK_ARXIV_API || DEFAULT_ARXIV_API,
    gapMs = Number(process.env.SHELFMARK_ARXIV_DELAY_MS || 3000),
  ) {
    this.pace = new Pace(gapMs);
  }

  async fetch(ids: string[], progress?: ArxivProgress, again = true): Promise<Map<string, ArxivResult>> {
    const results = new Map<string, ArxivResult>();
    const unique = [...new Set(ids)];
    const host = new URL(this.base).host;
    for (let i = 0; i < unique.length; i += ARXIV_BATCH) {
      const batch = unique.slice(i, i + ARXIV_BATCH);
      const url = `${this.base}?id_list=${batch.join(",")}&max_results=${batch.length}`;
      try {
        const answer = await this.client.get(url, { accept: "application/atom+xml", pace: this.pace });
        if (answer.status !== 200) throw new WebError(`${host} answered HTTP ${answer.status} for ${url}: try again later`);
        for (const [id, result] of parseArxivFeed(answer.text, batch, host)) results.set(id, result);
      } catch (error) {
        if (!(error instanceof WebError)) throw error;
        for (const id of batch) results.set(id, { ok: false, reason: error.reason });
      }
      progress?.(Math.min(i + ARXIV_BATCH, unique.length), unique.length);
    }
    const retry = [...results].filter(([, r]) => !r.ok && r.askAgain).map(([id]) => id);
    if (again && retry.length) for (const [id, result] of await this.fetch(retry, undefined, false)) results.set(id, result);
    return results;
  }
}
