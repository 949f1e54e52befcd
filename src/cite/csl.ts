// CSL-JSON items for `/papers.json` (citeproc, Zotero).
import type { Paper } from "../papers/schema.ts";
import { clean, parseName } from "./names.ts";
import { publicationMonth, publicationYear } from "./keys.ts";

export interface CslName {
  family?: string;
  given?: string;
  "non-dropping-particle"?: string;
  suffix?: string;
  literal?: string;
}

export interface CslItem {
  id: string;
  type: "article";
  title: string;
  author?: CslName[];
  issued?: { "date-parts": [number[]] };
  abstract?: string;
  DOI?: string;
  URL?: string;
  publisher?: string;
  number?: string;
  keyword?: string;
}

export function cslName(full: string): CslName {
  const n = parseName(full);
  if (n.literal !== undefined) return { literal: n.literal };
  return clean({ family: n.family, given: n.given, "non-dropping-particle": n.particle, suffix: n.suffix });
}

/** Date parts of `published` (`2017`, `2017-06`, `2017-06-12`), else what the arXiv id says. */
export function issuedParts(paper: Pick<Paper, "published" | "arxiv">): number[] | undefined {
  if (paper.published) return paper.published.split("-").map(Number);
  const year = publicationYear(paper);
  const month = publicationMonth(paper);
  return year ? [Number(year), ...(month ? [month] : [])] : undefined;
}

/** A CSL-JSON item, type `article` (CSL's type for preprints and manuscripts); arXiv as Zotero writes it. */
export function cslItem(paper: Paper, key: string): CslItem {
  const issued = issuedParts(paper);
  const item: CslItem = { id: key, type: "article", title: paper.title };
  if (paper.authors.length) item.author = paper.authors.map(cslName);
  if (issued) item.issued = { "date-parts": [issued] };
  if (paper.abstract) item.abstract = paper.abstract;
  if (paper.doi) item.DOI = paper.doi;
  const url = paper.url ?? (paper.arxiv ? `https://arxiv.org/abs/${paper.arxiv}` : undefined);
  if (url) item.URL = url;
  if (paper.arxiv) {
    item.publisher = "arXiv";
    item.number = `arXiv:${paper.arxiv}`;
  }
  if (paper.tags.length) item.keyword = paper.tags.join(", ");
  return item;
}
