import { parse } from "parse5";
import { familyName, parseName } from "../cite/names.ts";
import { collapseWhitespace } from "../util/format.ts";
import type { PaperFields } from "../import/record.ts";
import { isHttpUrl, isRealDate } from "../papers/schema.ts";
import { WebError, type WebClient } from "./http.ts";
import { arxivId, bareDoi } from "./refs.ts";
import { htmlToText } from "./text.ts";

/**
 * Any other page: the Highwire Press `citation_*` meta tags that Google Scholar indexes and Zotero's
 * connector reads (https://scholar.google.com/intl/en/scholar/inclusion.html#indexing). Most publishers,
 * OpenReview, the ACL Anthology, PMLR and shelfmark's own paper pages carry them.
 */

interface Node {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  content?: Node;
}

/** Every `<meta name="citation_…" content="…">` in document order, names lower-cased. */
export function citationMeta(html: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (node: Node) => {
    if (node.nodeName === "meta") {
      const attr = (n: string) => node.attrs?.find((a) => a.name === n)?.value;
      const name = (attr("name") ?? attr("property"))?.trim().toLowerCase();
      const content = attr("content");
      if (name?.startsWith("citation_") && content !== undefined && content.trim()) out.push([name, content.trim()]);
    }
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(parse(html) as unknown as Node);
  return out;
}

/** `2022/05/27`, `2022-05-27`, `2022/05`, `2022` → the list's form; undefined otherwise. */
export function highwireDate(text: string): string | undefined {
  const m = /^(\d{4})(?:[/-](\d{1,2}))?(?:[/-](\d{1,2}))?/.exec(text.trim());
  if (!m) return undefined;
  const pad = (s: string) => s.padStart(2, "0");
  if (m[3]) {
    const date = `${m[1]}-${pad(m[2]!)}-${pad(m[3])}`;
    return isRealDate(date) ? date : `${m[1]}`;
  }
  if (m[2] && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${pad(m[2])}`;
  return m[1];
}

/** `Dao, Tri` → `Tri Dao`; `Tri Dao` stays. */
function displayName(text: string): string {
  const name = parseName(collapseWhitespace(text));
  if (name.literal) return name.literal;
  return [name.given, familyName(name), name.suffix].filter(Boolean).join(" ");
}

/** The paper a page describes, or undefined when it has no `citation_title`. */
export function highwireFields(meta: [string, string][], pageUrl: string): PaperFields | undefined {
  const first = (name: string) => meta.find(([n]) => n === name)?.[1];
  const title = first("citation_title");
  if (!title) return undefined;
  const fields: PaperFields = { title: htmlToText(title) };
  let authors = meta.filter(([n]) => n === "citation_author").map(([, v]) => v);
  // Some sites put all names in one `citation_authors`, separated by semicolons.
  if (!authors.length && first("citation_authors")) authors = first("citation_authors")!.split(";");
  authors = authors.map(displayName).filter(Boolean);
  if (authors.length) fields.authors = authors;
  const date = first("citation_publication_date") ?? first("citation_date") ?? first("citation_online_date") ?? first("citation_cover_date");
  const published = date ? highwireDate(date) : undefined;
  if (published) fields.published = published;
  const arxiv = first("citation_arxiv_id");
  if (arxiv && arxivId(arxiv)) fields.arxiv = arxivId(arxiv);
  const doi = first("citation_doi");
  if (doi && bareDoi(doi)) fields.doi = bareDoi(doi);
  fields.url = first("citation_abstract_html_url") && isHttpUrl(first("citation_abstract_html_url")!) ? first("citation_abstract_html_url") : pageUrl;
  const pdf = first("citation_pdf_url");
  if (pdf) {
    const absolute = new URL(pdf, pageUrl).href;
    if (isHttpUrl(absolute)) fields.pdf = absolute;
  }
  const abstract = first("citation_abstract");
  if (abstract && htmlToText(abstract)) fields.abstract = htmlToText(abstract);
  return fields;
}

export type PageResult = { ok: true; fields: PaperFields } | { ok: false; reason: string };

export async function fetchPage(client: WebClient, url: string): Promise<PageResult> {
  try {
    const answer = await client.get(url, { accept: "text/html,application/xhtml+xml" });
    const host = new URL(answer.url).host;
    if (answer.status === 404 || answer.status === 410) return { ok: false, reason: `${host}: no page at ${url} (HTTP ${answer.status})` };
    if (answer.status !== 200) return { ok: false, reason: `${host} answered HTTP ${answer.status} for ${url}` };
    if (!/html/i.test(answer.contentType)) {
      return { ok: false, reason: `${url} is not a web page (${answer.contentType.split(";")[0] || "no content type"}): give the paper's arXiv id or DOI instead` };
    }
    const fields = highwireFields(citationMeta(answer.text), answer.url);
    if (!fields) {
      return { ok: false, reason: `${url} has no citation metadata (citation_* meta tags): give the paper's arXiv id or DOI, or add it with shelfmark new "<title>"` };
    }
    return { ok: true, fields };
  } catch (error) {
    if (error instanceof WebError) return { ok: false, reason: error.reason };
    throw error;
  }
}
