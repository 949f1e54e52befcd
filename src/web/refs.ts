import { ARXIV_RE, DOI_RE } from "../papers/schema.ts";

/**
 * What a person pastes to add a paper: an arXiv id or link, a DOI or doi.org link, a Hugging Face paper
 * page, or any other web page. Pure: nothing here touches the network.
 */

export type Ref =
  | { kind: "arxiv"; id: string }
  | { kind: "doi"; doi: string }
  /** A Hugging Face paper page: the arXiv paper plus the code and project page Hugging Face knows. */
  | { kind: "hf"; id: string }
  | { kind: "url"; url: string };

export type ParsedRef = Ref | { kind: "invalid"; reason: string };

const ARXIV_HOSTS = /^(?:www\.|export\.)?arxiv\.org$/i;
const DOI_HOSTS = /^(?:dx\.)?doi\.org$/i;
const HF_HOSTS = /^(?:www\.)?huggingface\.co$/i;
/** `10.48550/arXiv.2205.14135`: the DOI arXiv gives every paper through DataCite. */
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;

/** An arXiv id as written in the list: `2205.14135`, `2205.14135v2`, `hep-th/9901001`; the `arXiv:` prefix goes. */
export function arxivId(text: string): string | undefined {
  const id = text.trim().replace(/^arxiv:\s*/i, "");
  return ARXIV_RE.test(id) ? id : undefined;
}

/** The id without its version: how the list compares papers. */
export function arxivBase(id: string): string {
  return id.replace(/v\d+$/, "");
}

/** A DOI from `10.x/y`, `doi:10.x/y` or a doi.org link; undefined if it is not one. */
export function bareDoi(text: string): string | undefined {
  let doi = text.trim().replace(/^doi:\s*/i, "");
  try {
    const url = new URL(doi);
    if (DOI_HOSTS.test(url.hostname)) doi = decodeURIComponent(url.pathname.slice(1));
  } catch {
    // not a link: the text itself
  }
  return DOI_RE.test(doi) ? doi : undefined;
}

function fromDoi(doi: string): Ref {
  const arxiv = ARXIV_DOI.exec(doi);
  const id = arxiv ? arxivId(arxiv[1]!) : undefined;
  return id ? { kind: "arxiv", id } : { kind: "doi", doi };
}

/** `/abs/2205.14135v2`, `/pdf/2205.14135.pdf`, `/abs/hep-th/9901001` → the id. */
function arxivFromPath(pathname: string): string | undefined {
  const m = /^\/(?:abs|pdf|html|format)\/(.+?)(?:\.pdf)?\/?$/.exec(pathname);
  return m ? arxivId(decodeURIComponent(m[1]!)) : undefined;
}

export function parseRef(input: string): ParsedRef {
  const text = input.trim();
  if (!text) return { kind: "invalid", reason: "empty ref" };
  const id = arxivId(text);
  if (id) return { kind: "arxiv", id };
  const doi = bareDoi(text);
  if (doi) return fromDoi(doi);

  // `arxiv.org/abs/…` without a scheme is still a link.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : /^[\w-]+(\.[\w-]+)+\//.test(text) ? `https://${text}` : undefined;
  let url: URL | undefined;
  try {
    url = withScheme ? new URL(withScheme) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    const looksArxiv = /^(arxiv:)?\d{4}\.\d+/i.test(text);
    return {
      kind: "invalid",
      reason: looksArxiv
        ? `"${text}" is not an arXiv id (new style 2205.14135 or 2205.14135v2, old style hep-th/9901001)`
        : `"${text}" is not an arXiv id, a DOI (10.1038/nature14539) or an http(s) address`,
    };
  }
  if (ARXIV_HOSTS.test(url.hostname)) {
    const fromPath = arxivFromPath(url.pathname);
    if (fromPath) return { kind: "arxiv", id: fromPath };
    return { kind: "invalid", reason: `${url.href} is an arXiv address without a paper id (expected /abs/<id> or /pdf/<id>)` };
  }
  if (HF_HOSTS.test(url.hostname)) {
    const m = /^\/papers\/([^/]+)\/?$/.exec(url.pathname);
    const hfId = m ? arxivId(decodeURIComponent(m[1]!)) : undefined;
    if (hfId) return { kind: "hf", id: hfId };
  }
  return { kind: "url", url: url.href };
}

/** The refs in a `--from` file: one a line, `#` starts a comment, blank lines ignored. */
export function readRefList(text: string): { ref: string; line: number }[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((raw, i) => ({ ref: raw.replace(/(^|\s)#.*$/, "").trim(), line: i + 1 }))
    .filter((r) => r.ref);
}
