import { DOI_RE, isHttpUrl } from "../papers/schema.ts";
import { collapseWhitespace } from "../util/format.ts";
import type { PaperFields } from "../import/record.ts";
import { WebError, type WebClient } from "./http.ts";
import { htmlToText } from "./text.ts";

/**
 * DOIs through content negotiation (https://citation.crosscite.org/docs.html): `GET {resolver}/<doi>` with
 * `Accept: application/vnd.citationstyles.csl+json`; doi.org redirects to the registration agency
 * (Crossref, DataCite, mEDRA), which answers CSL-JSON.
 */

export const DEFAULT_DOI_RESOLVER = "https://doi.org";
export const CSL_JSON = "application/vnd.citationstyles.csl+json";

interface CslName {
  given?: string;
  family?: string;
  literal?: string;
  name?: string;
}
interface CslDate {
  "date-parts"?: (number | string)[][];
  raw?: string;
}
export interface CslItem {
  DOI?: string;
  title?: string | string[];
  author?: CslName[];
  issued?: CslDate;
  published?: CslDate;
  URL?: string;
  abstract?: string;
}

/** `{date-parts: [[2015, 5, 27]]}` → `2015-05-27` (or `2015-05`, `2015`). */
export function cslDate(date: CslDate | undefined): string | undefined {
  const parts = date?.["date-parts"]?.[0]?.map(Number);
  if (!parts?.length || !Number.isInteger(parts[0]) || parts[0]! < 1000) return undefined;
  return parts
    .slice(0, 3)
    .filter((n) => Number.isInteger(n))
    .map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, "0")))
    .join("-");
}

function personName(name: CslName): string {
  return collapseWhitespace(name.literal ?? name.name ?? [name.given, name.family].filter(Boolean).join(" "));
}

/** CSL-JSON → the list's fields. The URL is kept unless it is only the DOI's own doi.org link. */
export function cslFields(item: CslItem, asked: string): PaperFields | undefined {
  const title = collapseWhitespace(htmlToText(Array.isArray(item.title) ? (item.title[0] ?? "") : (item.title ?? "")));
  if (!title) return undefined;
  const fields: PaperFields = { title };
  const authors = (item.author ?? []).map(personName).filter(Boolean);
  if (authors.length) fields.authors = authors;
  const published = cslDate(item.issued) ?? cslDate(item.published);
  if (published) fields.published = published;
  const doi = item.DOI && DOI_RE.test(item.DOI) ? item.DOI : asked;
  fields.doi = doi;
  const url = item.URL?.trim();
  const doiLink = url ? /^https?:\/\/(?:dx\.)?doi\.org\//i.test(url) : false;
  if (url && isHttpUrl(url) && !doiLink) fields.url = url;
  const abstract = item.abstract ? htmlToText(item.abstract) : "";
  if (abstract) fields.abstract = abstract;
  return fields;
}

export type DoiResult = { ok: true; fields: PaperFields } | { ok: false; reason: string };

export class DoiSource {
  constructor(
    private readonly client: WebClient,
    readonly resolver = process.env.SHELFMARK_DOI_RESOLVER || DEFAULT_DOI_RESOLVER,
  ) {}

  async fetch(doi: string): Promise<DoiResult> {
    const host = new URL(this.resolver).host;
    const url = `${this.resolver.replace(/\/+$/, "")}/${doi.split("/").map(encodeURIComponent).join("/")}`;
    try {
      const answer = await this.client.get(url, { accept: CSL_JSON });
      if (answer.status === 404) return { ok: false, reason: `${host}: no DOI ${doi}` };
      if (answer.status !== 200) return { ok: false, reason: `${host} answered HTTP ${answer.status} for DOI ${doi}` };
      const answeredBy = new URL(answer.url).host;
      let item: unknown;
      try {
        item = JSON.parse(answer.text);
      } catch {
        return { ok: false, reason: `malformed answer from ${answeredBy} for DOI ${doi} (not CSL-JSON; its agency may not offer metadata): add it with shelfmark new` };
      }
      const fields = item && typeof item === "object" ? cslFields(item as CslItem, doi) : undefined;
      if (!fields) return { ok: false, reason: `malformed answer from ${answeredBy} for DOI ${doi} (no title)` };
      return { ok: true, fields };
    } catch (error) {
      if (error instanceof WebError) return { ok: false, reason: error.reason };
      throw error;
    }
  }
}
