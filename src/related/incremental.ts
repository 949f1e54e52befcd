// The dev server's related papers after a save. Computing them for every paper takes seconds on a long list, and
// a save changes one paper: the index is made again of every paper (cheap), but only the papers whose lists the
// change can alter are answered for, and every other list is kept from the last build. Which those are:
// the changed papers, the papers in their old lists, their new lists, the papers whose old lists held them, and
// the papers they link to or linked to. What is not redone: a change of one paper's words shifts every word's
// weight a little (IDF), which can reorder near-ties in lists kept from the last build. A production build, and
// every first build, computes every list (src/related/index.ts).
import type { RelatedInput, RelatedPaper, RelatedScope } from "./related.ts";
import { sameStrings } from "../util/lists.ts";

export type UpdatePlan = { kind: "same" } | { kind: "all" } | { kind: "some"; scope: RelatedScope; removed: string[] };

/** Above this many changed or removed papers (a branch switched, a folder copied in), every list is computed. */
export const MAX_CHANGED = 25;

export function planUpdate(
  previous: readonly RelatedInput[],
  previousRelated: ReadonlyMap<string, readonly RelatedPaper[]>,
  next: readonly RelatedInput[],
  maxChanged = MAX_CHANGED,
): UpdatePlan {
  const before = new Map(previous.map((p) => [p.slug, p]));
  const after = new Map(next.map((p) => [p.slug, p]));
  const changed = next.filter((p) => !sameInput(before.get(p.slug), p)).map((p) => p.slug);
  const removed = previous.filter((p) => !after.has(p.slug)).map((p) => p.slug);
  if (changed.length === 0 && removed.length === 0) return { kind: "same" };
  if (changed.length + removed.length > maxChanged) return { kind: "all" };

  const touched = new Set([...changed, ...removed]);
  const affected = new Set(changed);
  for (const slug of touched) {
    for (const r of previousRelated.get(slug) ?? []) affected.add(r.slug);
    for (const target of before.get(slug)?.links ?? []) affected.add(target);
    for (const target of after.get(slug)?.links ?? []) affected.add(target);
  }
  for (const [slug, list] of previousRelated) if (list.some((r) => touched.has(r.slug))) affected.add(slug);
  const only = [...affected].filter((slug) => after.has(slug)).sort();
  return { kind: "some", scope: { only, expand: changed }, removed };
}

/** The last build's lists, less the removed papers', with the recomputed ones in place. */
export function applyUpdate(previousRelated: ReadonlyMap<string, RelatedPaper[]>, removed: readonly string[], computed: ReadonlyMap<string, RelatedPaper[]>): Map<string, RelatedPaper[]> {
  const result = new Map(previousRelated);
  for (const slug of removed) result.delete(slug);
  for (const [slug, list] of computed) result.set(slug, list);
  return result;
}

/** The same title, abstract, tags and note links (what related papers are made of). */
export function sameInput(a: RelatedInput | undefined, b: RelatedInput): boolean {
  return a !== undefined && a.slug === b.slug && a.title === b.title && a.abstract === b.abstract && sameStrings(a.tags, b.tags) && sameStrings(a.links, b.links);
}
