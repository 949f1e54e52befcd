import { tagKey } from "../papers/schema.ts";
import type { TaxonomyTag } from "../papers/taxonomy.ts";

/**
 * Taxonomy matching: a paper gets every tag one of whose phrases occurs in its title or abstract,
 * ignoring case, as whole words (`RAG` does not match `fragment`). Inside a phrase a space and a
 * hyphen are the same (`long context` matches `long-context`); plurals are listed as phrases of
 * their own, so a tag never matches more than its author wrote down.
 */

export interface CompiledTag {
  name: string;
  key: string;
  pattern: RegExp | undefined;
}

function phrasePattern(phrase: string): string {
  return phrase
    .trim()
    .split(/[\s-]+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[\\s\\-]+");
}

/** One regular expression per tag, built once per run. */
export function compileTaxonomy(taxonomy: TaxonomyTag[]): CompiledTag[] {
  return taxonomy.map((tag) => {
    const phrases = tag.match.map(phrasePattern).filter(Boolean);
    return {
      name: tag.name,
      key: tagKey(tag.name),
      pattern: phrases.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.join("|")})(?![\\p{L}\\p{N}])`, "iu") : undefined,
    };
  });
}

/** Tag names the taxonomy gives a paper, in the taxonomy's order. */
export function matchTags(compiled: CompiledTag[], title: string, abstract = ""): string[] {
  const text = `${title}\n${abstract}`;
  return compiled.filter((tag) => tag.pattern?.test(text)).map((tag) => tag.name);
}

/** The phrases of one tag that occur in a text, to show why a paper gets the tag. */
export function matchedPhrases(tag: TaxonomyTag, title: string, abstract = ""): string[] {
  const text = `${title}\n${abstract}`;
  return tag.match.filter((phrase) => new RegExp(`(?<![\\p{L}\\p{N}])${phrasePattern(phrase)}(?![\\p{L}\\p{N}])`, "iu").test(text));
}

export interface TagUpdate {
  /** The tags to write. */
  tags: string[];
  added: string[];
  removed: string[];
  /** Changes the taxonomy wanted but that would undo a person's edit: left alone (unless forced). */
  kept: { tag: string; reason: string }[];
  /** What to record as the taxonomy's own tags; undefined: leave the file without a record. */
  record: string[] | undefined;
}

/**
 * Re-applies the taxonomy to one paper's tags.
 *
 * `record` is what the taxonomy gave the last time shelfmark wrote the tags (kept in the file, see
 * `tagRecord`); a tag in the file but not in the record was added by a person, a tag in the record but
 * not in the file was removed by a person. Without `force`, those edits stand: only the difference
 * between the old and the new taxonomy result is applied. With `force`, the taxonomy's tags are
 * made exactly what it gives now; tags that are not taxonomy tags at all are always kept.
 * A file without a record is treated as entirely hand-edited: nothing changes unless forced.
 */
export function updateTags(current: string[], computed: string[], record: string[] | undefined, taxonomyKeys: ReadonlySet<string>, force: boolean): TagUpdate {
  const has = (list: string[], tag: string) => list.some((t) => tagKey(t) === tagKey(tag));
  const kept: TagUpdate["kept"] = [];
  let tags: string[];

  if (force) {
    tags = current.filter((t) => !taxonomyKeys.has(tagKey(t)) || has(computed, t));
    for (const tag of computed) if (!has(tags, tag)) tags.push(tag);
  } else if (record === undefined) {
    tags = [...current];
    for (const tag of computed) if (!has(current, tag)) kept.push({ tag, reason: "not added: this file's tags have no taxonomy record, so they are treated as set by hand" });
    for (const tag of current) {
      if (taxonomyKeys.has(tagKey(tag)) && !has(computed, tag)) kept.push({ tag, reason: "not removed: this file's tags have no taxonomy record, so they are treated as set by hand" });
    }
    return { tags, added: [], removed: [], kept, record: undefined };
  } else {
    tags = current.filter((t) => {
      const dropped = has(record, t) && !has(computed, t);
      return !dropped;
    });
    for (const tag of current) {
      if (!has(record, tag) && taxonomyKeys.has(tagKey(tag)) && !has(computed, tag)) kept.push({ tag, reason: "not removed: added by hand" });
    }
    for (const tag of computed) {
      if (has(record, tag) && !has(current, tag)) kept.push({ tag, reason: "not added back: removed by hand" });
      else if (!has(record, tag) && !has(tags, tag)) tags.push(tag);
    }
  }
  const added = tags.filter((t) => !has(current, t));
  const removed = current.filter((t) => !has(tags, t));
  return { tags, added, removed, kept, record: computed };
}
