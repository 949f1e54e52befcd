// "Mentioned in": the other side of note links. Pure: the library (src/papers/library.ts) gives every paper's
// links in the list's order, newest added first, so each list of mentions comes out newest first as well.
import type { FoundLink } from "./markdown.ts";

/** A paper whose notes link to this one. */
export interface Mention {
  slug: string;
  title: string;
  /** The line that links, plain text, shortened: the template escapes it. */
  context: string;
}

export interface Linking {
  slug: string;
  title: string;
  /** What its notes link to, in the order written. */
  links: readonly FoundLink[];
}

/** The distinct papers a paper's notes link to, in the order first linked, itself left out. */
export function linkedSlugs(from: string, links: readonly FoundLink[]): string[] {
  return [...new Set(links.map((l) => l.slug))].filter((slug) => slug !== from);
}

/**
 * For each linked paper (by slug), the papers linking to it in the order given, each once, with the first line
 * that links. A paper that links to itself is not its own mention.
 */
export function mentionsOf(papers: readonly Linking[]): Map<string, Mention[]> {
  const mentions = new Map<string, Mention[]>();
  for (const paper of papers) {
    const seen = new Set<string>();
    for (const link of paper.links) {
      if (link.slug === paper.slug || seen.has(link.slug)) continue;
      seen.add(link.slug);
      let list = mentions.get(link.slug);
      if (!list) mentions.set(link.slug, (list = []));
      list.push({ slug: paper.slug, title: paper.title, context: link.context });
    }
  }
  return mentions;
}
