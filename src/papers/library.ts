import { readFileSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { InvalidContentError, type Problem } from "../errors.ts";
import { parseFrontMatter, parseFrontMatterFast } from "./frontmatter.ts";
import { latin1CopiesFrom } from "../runtime/latin1.ts";
import { ARXIV_RE, DOI_RE, tagKey, toPaper, type Paper, type Status, STATUSES } from "./schema.ts";
import type { ParsedFile } from "./frontmatter.ts";
import type { LinkPaper } from "../links/resolve.ts";
import { tagSlug } from "../util/urls.ts";
import type { FoundLink } from "../links/markdown.ts";
import { linkedSlugs, mentionsOf, type Mention } from "../links/mentions.ts";

export interface TagLink {
  name: string;
  slug: string;
}

/** A paper placed in the list: its neighbours, its tags' URLs and its rendered notes. */
export interface ListedPaper extends Paper {
  tagLinks: TagLink[];
  /** Notes rendered by shelfmark's own markdown settings (raw HTML escaped, only safe links). */
  notesHtml: string;
  /** The papers its notes link to (slugs, in the order first linked; src/links/). */
  linksTo: readonly string[];
  /** The papers whose notes link to it, newest added first, each with the line that links. */
  mentionedIn: readonly Mention[];
  /** The paper added just before this one (older), and just after (newer). */
  previous?: { slug: string; title: string };
  next?: { slug: string; title: string };
}

export interface Tag {
  /** Case-folded name: the identity of the tag. */
  key: string;
  /** Most common spelling among the papers (ties: the alphabetically first). */
  name: string;
  slug: string;
  /** Papers with the tag, newest added first. */
  papers: ListedPaper[];
}

export interface Library {
  /** Newest added first. */
  papers: ListedPaper[];
  /** Sorted by name. */
  tags: Tag[];
  byStatus: Record<Status, ListedPaper[]>;
}

/** Notes as HTML, and the papers they link to (src/links/markdown.ts). */
export interface RenderedNotes {
  html: string;
  links: readonly FoundLink[];
}

// Most papers link to none and are mentioned in none: they share one empty list.
const NONE: readonly never[] = Object.freeze([]);

export interface LoadOptions {
  /** Folder of paper files. */
  dir: string;
  /** Root that file names in messages are relative to. */
  root?: string;
  includeDrafts: boolean;
  renderNotes: (markdown: string, paper: Paper) => RenderedNotes;
  /** Plugin name for error messages. */
  plugin?: string;
}

/** Newest added first; equal days by title, then slug, so the order never depends on the file system. */
export function comparePapers(a: Paper, b: Paper): number {
  if (a.added !== b.added) return a.added < b.added ? 1 : -1;
  const byTitle = a.title.localeCompare(b.title, "en");
  return byTitle !== 0 ? byTitle : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/** Keys under which two files describe the same paper. */
export function identityKeys(paper: Paper): string[] {
  const keys = [`title:${normaliseTitle(paper.title)}`];
  if (paper.arxiv) keys.push(`arXiv id:${paper.arxiv.replace(/v\d+$/, "").toLowerCase()}`);
  if (paper.doi) keys.push(`DOI:${paper.doi.toLowerCase()}`);
  return keys;
}

export function normaliseTitle(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A file that did not become a paper: its problems, and what a note link may still know it by. */
type FileResult = ReturnType<typeof toPaper> | { ok: false; problems: Problem[]; unfinished?: UnfinishedPaper };

interface CacheEntry {
  mtimeMs: number;
  size: number;
  result: FileResult;
}
// The dev server rebuilds on every save: only re-parse the files that changed.
const parseCache = new Map<string, CacheEntry>();

/** Every paper file read and checked: the papers, every problem, and the files with problems as links know them. */
export interface LoadedFiles {
  papers: Paper[];
  problems: Problem[];
  /**
   * The files that did not become papers, by slug and whatever else of theirs could be read (title, ids, authors,
   * draft): a note's link to one is no link to nothing, so the links of the other files can be checked in the same run.
   */
  unfinished: UnfinishedPaper[];
}

/** A file with problems, as note links see it; its notes too when its front matter could be read. */
export type UnfinishedPaper = LinkPaper & Partial<Pick<Paper, "notes" | "notesLine">>;

/** The files with problems whose notes could be read: their links are checked with the other files'. */
export function withNotes(unfinished: readonly UnfinishedPaper[]): Array<UnfinishedPaper & Pick<Paper, "notes" | "notesLine">> {
  return unfinished.filter((u): u is UnfinishedPaper & Pick<Paper, "notes" | "notesLine"> => u.notes !== undefined && u.notesLine !== undefined);
}

/** Stage 1, load and validate: every file is read and checked, and all problems are thrown together. */
export async function loadPapers(options: Pick<LoadOptions, "dir" | "root" | "plugin">): Promise<Paper[]> {
  const loaded = await loadPaperFiles(options);
  if (loaded.problems.length > 0) throw new InvalidContentError(options.plugin ?? "papers", loaded.problems);
  return loaded.papers;
}

/** Stage 1 without the throw: for the build and `shelfmark check`, which add the notes' problems to the files'. */
export async function loadPaperFiles(options: Pick<LoadOptions, "dir" | "root">): Promise<LoadedFiles> {
  const root = options.root ?? process.cwd();
  let names: string[];
  try {
    names = (await readdir(options.dir)).filter((n) => n.endsWith(".md")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { papers: [], problems: [], unfinished: [] };
    throw error;
  }

  // Synchronous reads: ten thousand small files in flight at once cost more in promises, thread-pool
  // round trips and garbage than the reads themselves (docs/performance.md).
  const results = names.map((name): FileResult => {
    const full = path.join(options.dir, name);
    const file = path.relative(root, full) || full;
    const slug = name.slice(0, -3);
    let info: ReturnType<typeof statSync>;
    let text: string;
    try {
      info = statSync(full);
      const cached = parseCache.get(full);
      if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.result;
      text = readFileSync(full, "utf8");
    } catch (error) {
      // A folder named like a paper, a dangling link, a file without read permission: a problem, not a crash.
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return { ok: false, problems: [{ file, message: `the file cannot be read (${code})`, fix: "make it a readable text file, or remove it from the papers folder" }], unfinished: unfinishedPaper(slug, file) };
    }
    const fast = parseFrontMatterFast(text);
    let result: FileResult | undefined = fast ? toPaper(fast, file, slug) : undefined;
    if (!result?.ok) {
      // Something is wrong: parse again, slower, for messages with line numbers.
      const parsed = parseFrontMatter(text, file);
      result = parsed.ok ? toPaper(parsed.file, file, slug) : parsed;
      if (!result.ok) result = { ...result, unfinished: unfinishedPaper(slug, file, parsed.ok ? parsed.file : undefined) };
    }
    // One `ł` in a file makes every string cut from it two bytes a character, and every page that shows one.
    if (result.ok) result = { ...result, paper: latin1CopiesFrom(text, result.paper) };
    parseCache.set(full, { mtimeMs: info.mtimeMs, size: info.size, result });
    return result;
  });

  const problems: Problem[] = [];
  const papers: Paper[] = [];
  const unfinished: UnfinishedPaper[] = [];
  for (const result of results) {
    if (result.ok) papers.push(result.paper);
    else {
      problems.push(...result.problems);
      if ("unfinished" in result && result.unfinished) unfinished.push(result.unfinished);
    }
  }
  problems.push(...findDuplicates(papers), ...indexTags(papers).problems);
  return { papers, problems, unfinished };
}

/**
 * A file with problems as note links see it: its slug always, and each field that can be read as it is meant (the
 * arXiv id as written where YAML made a number of it); the rest as a paper without them.
 */
export function unfinishedPaper(slug: string, file: string, parsed?: Pick<ParsedFile, "data" | "fieldSources"> & Partial<Pick<ParsedFile, "body" | "bodyLine">>): UnfinishedPaper {
  const data = parsed?.data ?? {};
  const text = (key: string): string | undefined => {
    const value = Object.hasOwn(data, key) ? data[key] : undefined;
    return typeof value === "string" && value.trim() ? value.trim() : undefined;
  };
  const arxivSource = parsed && Object.hasOwn(parsed.fieldSources, "arxiv") ? parsed.fieldSources.arxiv!.trim().replace(/^["']|["']$/g, "") : undefined;
  const arxiv = [text("arxiv"), arxivSource].find((id) => id !== undefined && ARXIV_RE.test(id));
  const doi = text("doi");
  const published = typeof data.published === "number" ? String(data.published) : text("published");
  const authors = Array.isArray(data.authors) ? data.authors.filter((a): a is string => typeof a === "string" && a.trim() !== "").map((a) => a.trim()) : [];
  return {
    slug,
    file,
    title: text("title") ?? slug,
    added: text("added") ?? "",
    authors,
    draft: data.draft === true,
    ...(published && /^\d{4}/.test(published) ? { published } : {}),
    ...(arxiv ? { arxiv } : {}),
    ...(doi && DOI_RE.test(doi) ? { doi } : {}),
    // Its notes, as a paper's: their links can be checked in the same run as its fields.
    ...(parsed?.body !== undefined && parsed.bodyLine !== undefined ? { notes: parsed.body.trim(), notesLine: parsed.bodyLine } : {}),
  };
}

/** Two files for one paper are an error naming both: never merge or drop one silently. */
export function findDuplicates(papers: Paper[]): Problem[] {
  const seen = new Map<string, Paper>();
  const problems: Problem[] = [];
  for (const paper of papers) {
    for (const key of identityKeys(paper)) {
      const first = seen.get(key);
      if (!first) {
        seen.set(key, paper);
        continue;
      }
      const [kind] = key.split(":");
      problems.push({
        file: paper.file,
        field: kind === "title" ? "title" : kind === "DOI" ? "doi" : "arxiv",
        message: `describes the same paper as ${first.file} (same ${kind})`,
        fix: `keep one of the two files (move the notes you want to keep into it) and delete the other`,
      });
      break;
    }
  }
  return problems;
}

/**
 * Tags are one tag whatever their case; the display name is the most common spelling (ties: the
 * alphabetically first). Two different tags whose slugs coincide would share a URL: a problem naming both.
 */
export function indexTags(papers: Paper[]): { tags: Map<string, Tag>; problems: Problem[] } {
  const spellings = new Map<string, Map<string, number>>();
  const files = new Map<string, Set<string>>();
  for (const paper of papers) {
    for (const tag of paper.tags) {
      const key = tagKey(tag);
      const counts = spellings.get(key) ?? new Map<string, number>();
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
      spellings.set(key, counts);
      files.set(key, (files.get(key) ?? new Set()).add(paper.file));
    }
  }

  const tags = new Map<string, Tag>();
  const keyBySlug = new Map<string, string>();
  const problems: Problem[] = [];
  for (const key of [...spellings.keys()].sort()) {
    const name = [...spellings.get(key)!.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
    const slug = tagSlug(name);
    const clash = keyBySlug.get(slug);
    if (clash !== undefined) {
      const other = tags.get(clash)!;
      problems.push({
        file: [...files.get(key)!][0]!,
        field: "tags",
        message: `the tag "${name}" (in ${[...files.get(key)!].join(", ")}) and the tag "${other.name}" (in ${[...files.get(clash)!].join(", ")}) would share the URL /tags/${slug}/`,
        fix: "rename one of the two tags in those files",
      });
      continue;
    }
    keyBySlug.set(slug, key);
    tags.set(key, { key, name, slug, papers: [] });
  }
  return { tags, problems };
}

/** Stage 2 and 3: filter drafts, then place papers in order, resolve tags and neighbours. */
export function buildLibrary(allPapers: Paper[], options: Pick<LoadOptions, "includeDrafts" | "renderNotes" | "plugin">): Library {
  const plugin = options.plugin ?? "papers";
  const papers = allPapers.filter((p) => options.includeDrafts || !p.draft).sort(comparePapers);

  const index = indexTags(papers);
  if (index.problems.length > 0) throw new InvalidContentError(plugin, index.problems);
  const tagsByKey = index.tags;

  const links = new Map<string, readonly FoundLink[]>();
  const listed: ListedPaper[] = papers.map((paper) => {
    const notes = paper.notes ? options.renderNotes(paper.notes, paper) : undefined;
    if (notes && notes.links.length > 0) links.set(paper.slug, notes.links);
    return {
      ...paper,
      tagLinks: paper.tags.map((t) => {
        const tag = tagsByKey.get(tagKey(t))!;
        return { name: tag.name, slug: tag.slug };
      }),
      notesHtml: notes?.html ?? "",
      linksTo: notes && notes.links.length > 0 ? linkedSlugs(paper.slug, notes.links) : NONE,
      mentionedIn: NONE,
    };
  });
  if (links.size > 0) {
    const mentions = mentionsOf(listed.flatMap((p) => (links.has(p.slug) ? [{ slug: p.slug, title: p.title, links: links.get(p.slug)! }] : [])));
    for (const paper of listed) paper.mentionedIn = mentions.get(paper.slug) ?? NONE;
  }
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, [] as ListedPaper[]])) as Record<Status, ListedPaper[]>;
  listed.forEach((paper, i) => {
    const newer = listed[i - 1];
    const older = listed[i + 1];
    if (older) paper.previous = { slug: older.slug, title: older.title };
    if (newer) paper.next = { slug: newer.slug, title: newer.title };
    for (const t of paper.tags) tagsByKey.get(tagKey(t))!.papers.push(paper);
    byStatus[paper.status].push(paper);
  });

  const tags = [...tagsByKey.values()].sort((a, b) => a.name.localeCompare(b.name, "en") || (a.key < b.key ? -1 : 1));
  return { papers: listed, tags, byStatus };
}
