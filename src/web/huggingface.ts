import { isHttpUrl } from "../papers/schema.ts";
import type { PaperFields } from "../import/record.ts";
import { WebError, type WebClient } from "./http.ts";
import { arxivId } from "./refs.ts";
import { cleanArxivText } from "./text.ts";

/**
 * Hugging Face's paper pages (https://huggingface.co/papers): `GET {api}/daily_papers?date=YYYY-MM-DD`, an
 * array of `{paper: {...}}`, and `GET {api}/papers/<arXiv id>`, one paper. Its papers are arXiv papers; it
 * adds the code repository (`githubRepo`) and the project page (`projectPage`) authors link.
 */

export const DEFAULT_HF_API = "https://huggingface.co/api";

export interface HfPaper {
  id: string;
  title?: string;
  summary?: string;
  authors?: { name?: string }[];
  publishedAt?: string;
  upvotes?: number;
  githubRepo?: string;
  projectPage?: string;
}

/** The links Hugging Face knows: `code` from githubRepo, `url` from projectPage. */
export function hfLinks(paper: Pick<HfPaper, "githubRepo" | "projectPage">): Pick<PaperFields, "code" | "url"> {
  const links: Pick<PaperFields, "code" | "url"> = {};
  if (paper.githubRepo && isHttpUrl(paper.githubRepo)) links.code = paper.githubRepo;
  if (paper.projectPage && isHttpUrl(paper.projectPage)) links.url = paper.projectPage;
  return links;
}

/** A daily paper as the list's fields; undefined when it has no arXiv id or title. */
export function hfFields(paper: HfPaper): PaperFields | undefined {
  const id = typeof paper.id === "string" ? arxivId(paper.id) : undefined;
  const title = cleanArxivText(paper.title ?? "");
  if (!id || !title) return undefined;
  const fields: PaperFields = { title };
  const authors = (paper.authors ?? []).map((a) => cleanArxivText(a.name ?? "")).filter(Boolean);
  if (authors.length) fields.authors = authors;
  const published = /^\d{4}-\d{2}-\d{2}/.exec(paper.publishedAt ?? "");
  if (published) fields.published = published[0];
  fields.arxiv = id;
  const { code, url } = hfLinks(paper);
  if (url) fields.url = url;
  fields.pdf = `https://arxiv.org/pdf/${id}`;
  if (code) fields.code = code;
  const abstract = cleanArxivText(paper.summary ?? "");
  if (abstract) fields.abstract = abstract;
  return fields;
}

function isPaper(value: unknown): value is HfPaper {
  return !!value && typeof value === "object" && typeof (value as HfPaper).id === "string";
}

/** The daily list: its papers, in Hugging Face's order; throws on an answer of another shape. */
export function parseDaily(json: string, host: string): HfPaper[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new WebError(`malformed answer from ${host} (not JSON): try again later`);
  }
  if (!Array.isArray(data)) throw new WebError(`malformed answer from ${host} (expected a list of daily papers): try again later`);
  return data.map((item: unknown) => (item as { paper?: unknown })?.paper).filter(isPaper);
}

export class HfSource {
  readonly host: string;
  constructor(
    private readonly client: WebClient,
    readonly base = (process.env.SHELFMARK_HF_API || DEFAULT_HF_API).replace(/\/+$/, ""),
  ) {
    this.host = new URL(this.base).host;
  }

  async daily(date: string): Promise<HfPaper[]> {
    const answer = await this.client.get(`${this.base}/daily_papers?date=${date}`, { accept: "application/json" });
    if (answer.status !== 200) throw new WebError(`${this.host} answered HTTP ${answer.status} for the daily papers of ${date}: try again later`);
    return parseDaily(answer.text, this.host);
  }

  /** One paper page; undefined when Hugging Face has none for that id. */
  async paper(id: string): Promise<HfPaper | undefined> {
    const answer = await this.client.get(`${this.base}/papers/${id}`, { accept: "application/json" });
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw new WebError(`${this.host} answered HTTP ${answer.status} for paper ${id}: try again later`);
    let data: unknown;
    try {
      data = JSON.parse(answer.text);
    } catch {
      throw new WebError(`malformed answer from ${this.host} for paper ${id} (not JSON): try again later`);
    }
    if (!isPaper(data)) throw new WebError(`malformed answer from ${this.host} for paper ${id} (no paper id): try again later`);
    return data;
  }
}
