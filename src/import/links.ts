import { isHttpUrl } from "../papers/schema.ts";

/**
 * Hosts whose pages are code (or model) repositories. A link to one becomes the paper's `code`;
 * any other link becomes its `url`. Subdomains count (`www.github.com`), Pages sites do not
 * (`user.github.io` is a project page, not a repository).
 */
export const CODE_HOSTS = ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sourceforge.net", "sr.ht", "gitee.com", "huggingface.co"];

export function isCodeLink(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  if (!CODE_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) return false;
  // Hugging Face also hosts paper pages: only its model, dataset and space repositories are code.
  if (host.endsWith("huggingface.co") && /^\/papers(\/|$)/.test(parsed.pathname)) return false;
  return true;
}

const PAIRS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/**
 * A link as written in running text ends before the sentence's punctuation: `…/TabPFN.` → `…/TabPFN`.
 * A closing bracket stays when the link opened it (`…/Fold_(higher-order_function)`).
 */
export function trimLink(raw: string): string {
  let url = raw;
  for (;;) {
    const last = url.at(-1);
    if (last === undefined) return url;
    if (/[.,;:!?'"*>]/.test(last)) {
      url = url.slice(0, -1);
      continue;
    }
    const open = PAIRS[last];
    if (open !== undefined) {
      const opens = url.split(open).length - 1;
      const closes = url.split(last).length - 1;
      if (closes > opens) {
        url = url.slice(0, -1);
        continue;
      }
    }
    return url;
  }
}

export interface AbstractLinks {
  /** First link to a code host. */
  code?: string;
  /** First other link. */
  url?: string;
  /** Links beyond the first of each kind: kept in the abstract's text, reported. */
  others: string[];
}

/** The http(s) links in a text; the text itself is not changed. Addresses without a scheme are not links. */
export function extractLinks(text: string): AbstractLinks {
  const result: AbstractLinks = { others: [] };
  for (const match of text.matchAll(/https?:\/\/[^\s<>"]+/gi)) {
    const url = trimLink(match[0]);
    if (!isHttpUrl(url)) continue;
    const kind = isCodeLink(url) ? "code" : "url";
    if (result[kind] === undefined) result[kind] = url;
    else if (result[kind] !== url && !result.others.includes(url)) result.others.push(url);
  }
  return result;
}
