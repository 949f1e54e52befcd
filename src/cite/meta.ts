// What a paper page tells machines: Highwire Press meta tags (Google Scholar, Zotero) and schema.org JSON-LD.
import type { Paper } from "../papers/schema.ts";
import { clean, invertedName, parseName } from "./names.ts";
import { issuedParts } from "./csl.ts";

export interface MetaTag {
  name: string;
  content: string;
}

/** `2022-05-27` → `2022/05/27`, the form Google Scholar's inclusion guide asks for. */
export function highwireDate(paper: Pick<Paper, "published" | "arxiv">): string | undefined {
  return issuedParts(paper)
    ?.map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, "0")))
    .join("/");
}

/** `citation_*` meta tags, one per author and per keyword; values are raw text (the template escapes them). */
export function highwireMeta(paper: Paper): MetaTag[] {
  const tags: MetaTag[] = [{ name: "citation_title", content: paper.title }];
  for (const author of paper.authors) tags.push({ name: "citation_author", content: invertedName(parseName(author)) });
  const date = highwireDate(paper);
  if (date) tags.push({ name: "citation_publication_date", content: date });
  if (paper.arxiv) tags.push({ name: "citation_arxiv_id", content: paper.arxiv });
  if (paper.doi) tags.push({ name: "citation_doi", content: paper.doi });
  const pdf = paper.pdf ?? (paper.arxiv ? `https://arxiv.org/pdf/${paper.arxiv}` : undefined);
  if (pdf) tags.push({ name: "citation_pdf_url", content: pdf });
  if (paper.abstract) tags.push({ name: "citation_abstract", content: paper.abstract });
  for (const tag of paper.tags) tags.push({ name: "citation_keywords", content: tag });
  return tags;
}

// ---- schema.org JSON-LD ----------------------------------------------------------------------------

/** schema.org `ScholarlyArticle` for a paper page at `pageUrl` (absolute). */
export function scholarlyArticle(paper: Paper, pageUrl: string): Record<string, unknown> {
  const sameAs = [paper.arxiv ? `https://arxiv.org/abs/${paper.arxiv}` : undefined, paper.doi ? `https://doi.org/${paper.doi}` : undefined, paper.url].filter((u): u is string => !!u);
  const identifiers = [
    paper.arxiv ? { "@type": "PropertyValue", propertyID: "arXiv", value: paper.arxiv } : undefined,
    paper.doi ? { "@type": "PropertyValue", propertyID: "DOI", value: paper.doi } : undefined,
  ].filter(Boolean);
  return clean({
    "@context": "https://schema.org",
    "@type": "ScholarlyArticle",
    "@id": pageUrl,
    url: pageUrl,
    headline: paper.title,
    name: paper.title,
    author: paper.authors.length ? paper.authors.map((name) => ({ "@type": "Person", name })) : undefined,
    datePublished: paper.published,
    abstract: paper.abstract,
    keywords: paper.tags.length ? paper.tags : undefined,
    sameAs: sameAs.length ? [...new Set(sameAs)] : undefined,
    identifier: identifiers.length ? identifiers : undefined,
    encoding: paper.pdf ? { "@type": "MediaObject", contentUrl: paper.pdf, encodingFormat: "application/pdf" } : undefined,
  });
}

/**
 * JSON for inside `<script type="application/ld+json">`: `<`, `>` and `&` become `\u003c`... so no value
 * can close the element or open a comment, and U+2028/2029 are escaped for old JavaScript parsers.
 * The result is still exactly the same JSON value.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  return SCRIPT_UNSAFE.test(json) ? json.replace(SCRIPT_UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
}
const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/;
const SCRIPT_UNSAFE_ALL = /[<>&\u2028\u2029]/g;
