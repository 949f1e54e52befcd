import type { Problem } from "../errors.ts";
import { feedLinks, tagFeedTitle, type FeedLink } from "../feeds/links.ts";
import type { ListedPaper, Tag } from "../papers/library.ts";
import { paginate, type ListPage } from "./paginate.ts";
import { TAGS_BY_COUNT_URL, TAGS_URL, tagUrl } from "../util/urls.ts";

/** A tag as the index, its pages and the feeds page show it. */
export interface TagSummary {
  key: string;
  name: string;
  slug: string;
  /** `/tags/<slug>/` */
  url: string;
  count: number;
  /** From the taxonomy file; empty when it has none for this tag. */
  description: string;
  /** Its own Atom, RSS and JSON feeds. */
  feeds: FeedLink[];
}

/** One page of a tag's list: what `pager.njk` expects, plus the tag. */
export interface TagPage extends ListPage<ListedPaper> {
  tag: TagSummary;
}

/** One ordering of the tag index, each at its own URL so it works without JavaScript. */
export interface TagIndexView {
  sort: "name" | "count";
  url: string;
  label: string;
  tags: TagSummary[];
}


/** Index rows in the library's order (by name), with descriptions and feed links. */
export function summariseTags(tags: Tag[], descriptions: Map<string, string>, siteTitle: string): TagSummary[] {
  return tags.map((tag) => ({
    key: tag.key,
    name: tag.name,
    slug: tag.slug,
    url: tagUrl(tag.slug),
    count: tag.papers.length,
    description: descriptions.get(tag.key) ?? "",
    feeds: feedLinks(tagUrl(tag.slug), tagFeedTitle(siteTitle, tag.name)),
  }));
}

/** Most papers first; equal counts keep the by-name order (the sort is stable). */
export function byCount(tags: TagSummary[]): TagSummary[] {
  return [...tags].sort((a, b) => b.count - a.count);
}

export function tagIndexViews(byName: TagSummary[]): TagIndexView[] {
  return [
    { sort: "name", url: TAGS_URL, label: "by name", tags: byName },
    { sort: "count", url: TAGS_BY_COUNT_URL, label: "by number of papers", tags: byCount(byName) },
  ];
}

/**
 * Every page of every tag, 50 (perPage) a page, newest first. Each tag already holds its own papers, so this
 * is linear in tag memberships: no tag scans the whole list.
 */
export function tagPages(tags: Tag[], summaries: TagSummary[], perPage: number): TagPage[] {
  return tags.flatMap((tag, i) => paginate(tag.papers, perPage, tagUrl(tag.slug)).map((page) => ({ ...page, tag: summaries[i]! })));
}

/** The by-count index lives under /tags/ too: a tag whose slug is `by-count` would take its URL. */
export function reservedSlugProblems(tags: Tag[]): Problem[] {
  const reserved = TAGS_BY_COUNT_URL.split("/").filter(Boolean).pop()!;
  return tags
    .filter((tag) => tag.slug === reserved)
    .map((tag) => {
      const files = [...new Set(tag.papers.map((p) => p.file))];
      return {
        file: files[0] ?? "(no file)",
        field: "tags",
        message: `the tag "${tag.name}" (in ${files.join(", ")}) would take the URL ${TAGS_BY_COUNT_URL}, where the tag index sorted by count lives`,
        fix: "rename the tag in those files",
      };
    });
}
