/**
 * Related papers: shared tags plus TF-IDF cosine over title and abstract, computed once per build; a note link
 * between two papers (either way) adds `linkBonus` to their score.
 *
 * Comparing every pair is N² (tens of millions of pairs for a long list), so candidates come from an inverted
 * index instead: each paper is indexed under its top terms only, each term's list keeps only the papers
 * where the term weighs most ("champion lists"), and only the best candidates by that partial score are
 * scored exactly. The work per paper is bounded by the options, so the whole step grows linearly.
 */
// How a text becomes terms (words, stopwords, stemming): src/related/terms.ts.
import { term, words } from "./terms.ts";
import { Dictionary, type PaperTerms, type TermCache } from "./term-cache.ts";
export { stem, term, terms, words } from "./terms.ts";

export interface RelatedInput {
  slug: string;
  title: string;
  abstract?: string;
  /** Display names; compared without case. */
  tags: string[];
  /** Slugs of the papers its notes link to (src/links/). */
  links?: readonly string[];
}

export interface RelatedPaper {
  slug: string;
  title: string;
  /** 0–1: `tagWeight` × tag cosine + (1 − `tagWeight`) × text cosine, rounded to 6 decimals. */
  score: number;
  /** Tags both papers have, in the related paper's spelling and order. */
  sharedTags: string[];
  /** Present when the notes of one of the two link to the other. */
  linked?: true;
}

export interface RelatedOptions {
  /** Related papers per paper. */
  count?: number;
  /** Terms per paper that go into the index and into its queries. */
  indexTerms?: number;
  /** Longest list kept per term or tag (the papers where it weighs most). */
  postingCap?: number;
  /** Candidates per paper that are scored exactly. */
  candidates?: number;
  /** Share of the score that comes from tags; the rest is text similarity. */
  tagWeight?: number;
  /** Below this score a paper is not shown as related. */
  minScore?: number;
  /**
   * Added to the score (at most 1 in all) of two papers when the notes of either link to the other: a link is the
   * reader saying the two belong together, which outweighs a share of words and tags, so a linked paper is nearly
   * always listed (how scores fall on a real list: docs/reference/papers.md, "Note links").
   */
  linkBonus?: number;
}

const DEFAULTS: Required<RelatedOptions> = { count: 5, indexTerms: 24, postingCap: 100, candidates: 48, tagWeight: 0.4, minScore: 0.05, linkBonus: 0.5 };

/** A sparse, L2-normalised vector: parallel arrays of feature ids and weights. */
interface Vector {
  ids: Uint32Array;
  weights: Float64Array;
}

function smoothIdf(n: number, df: number): number {
  return Math.log((1 + n) / (1 + df)) + 1;
}

/** A unit vector over sorted `ids`; `weight(id, position)` gives each raw weight. */
function vector(ids: Uint32Array, weight: (id: number, position: number) => number): Vector {
  const weights = new Float64Array(ids.length);
  let sum = 0;
  for (let i = 0; i < ids.length; i++) sum += (weights[i] = weight(ids[i]!, i)) ** 2;
  const norm = Math.sqrt(sum) || 1;
  for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! / norm;
  return { ids, weights };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const bySlug = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Counts terms for every paper in one pass. Each distinct word is stemmed and looked up once (a cache from
 * word to term id), and counts go into scratch arrays rather than a Map per paper. With a `cache` (the dev
 * server's), `dict` is the cache's own, kept between computations, and a text seen by an earlier one is not
 * split again: its term ids and counts are the ones kept.
 */
function countAllTerms(papers: readonly RelatedInput[], dict: Dictionary, cache?: TermCache): PaperTerms[] {
  const wordIds = new Map<string, number>(); // word → term id, or -1 for words that are not terms
  const count: number[] = [];
  const seenIn: number[] = [];
  const idOf = (word: string): number => {
    let id = wordIds.get(word);
    if (id === undefined) {
      const t = term(word);
      id = t === undefined ? -1 : dict.id(t);
      wordIds.set(word, id);
    }
    return id;
  };
  const counts = papers.map((paper, doc) => {
    const kept = cache?.get(paper.slug, paper.title, paper.abstract);
    if (kept) {
      for (const id of kept.ids) dict.df[id]!++;
      return kept;
    }
    const present: number[] = [];
    const add = (text: string | undefined, weight: number) => {
      if (!text) return;
      for (const word of words(text)) {
        const id = idOf(word);
        if (id < 0) continue;
        if (seenIn[id] !== doc + 1) {
          seenIn[id] = doc + 1;
          count[id] = 0;
          present.push(id);
        }
        count[id]! += weight;
      }
    };
    add(paper.title, 2);
    add(paper.abstract, 1);
    const ids = Uint32Array.from(present).sort();
    for (const id of ids) dict.df[id]!++;
    const terms = { ids, counts: Float64Array.from(ids, (id) => count[id]!) };
    cache?.set(paper.slug, paper.title, paper.abstract, terms);
    return terms;
  });
  cache?.sweep();
  return counts;
}

/** One feature's champion list: papers (by index) and their weights, heaviest first. */
interface Postings {
  docs: Int32Array;
  weights: Float64Array;
}

/** Champion lists by feature id: see championLists. */
interface PostingLists {
  get(feature: number): Postings | undefined;
}

/**
 * Champion lists: for each feature (ids below `features`), the papers indexed under it, highest weight first (ties
 * by slug), at most `cap` long. `pick(vector, doc)` says under which of a paper's features (positions) it is
 * indexed. Every paper's entries are laid out by feature in two typed arrays, and a feature's list is sorted and
 * cut when first asked for: an update for a few papers (the dev server's) reads a few hundred of the lists, and
 * holding an object per entry made the garbage collector the step's largest cost.
 */
function championLists(vectors: Vector[], rank: Int32Array, pick: (v: Vector, doc: number) => Iterable<number>, cap: number, features: number): PostingLists {
  const start = new Int32Array(features + 1);
  vectors.forEach((v, doc) => {
    for (const k of pick(v, doc)) start[v.ids[k]! + 1]!++;
  });
  for (let f = 0; f < features; f++) start[f + 1]! += start[f]!;
  const docs = new Int32Array(start[features]!);
  const weights = new Float64Array(start[features]!);
  const next = start.slice(0, features);
  // In the papers' order, as each list's ties beyond the slug rank would be.
  vectors.forEach((v, doc) => {
    for (const k of pick(v, doc)) {
      const at = next[v.ids[k]!]!++;
      docs[at] = doc;
      weights[at] = v.weights[k]!;
    }
  });
  const made = new Map<number, Postings>();
  return {
    get(feature) {
      const list = made.get(feature);
      if (list) return list;
      const from = start[feature]!;
      const to = start[feature + 1]!;
      if (from === to) return undefined;
      const order: number[] = [];
      for (let i = from; i < to; i++) order.push(i);
      order.sort((a, b) => weights[b]! - weights[a]! || rank[docs[a]!]! - rank[docs[b]!]!);
      const kept = order.length > cap ? order.slice(0, cap) : order;
      const postings = { docs: Int32Array.from(kept, (i) => docs[i]!), weights: Float64Array.from(kept, (i) => weights[i]!) };
      made.set(feature, postings);
      return postings;
    },
  };
}

/** Positions (into the vector) of its `k` heaviest features with df ≥ 2; a feature only one paper has matches nothing. */
function topFeatures(v: Vector, df: number[], termRank: Int32Array, k: number): number[] {
  const positions: number[] = [];
  for (let i = 0; i < v.ids.length; i++) if (df[v.ids[i]!]! >= 2) positions.push(i);
  return topK(positions, k, (a, b) => v.weights[a]! > v.weights[b]! || (v.weights[a] === v.weights[b] && termRank[v.ids[a]!]! < termRank[v.ids[b]!]!));
}

/**
 * The `k` best of `items` by `better` (a strict order), best first: a bounded heap, O(n log k), because
 * sorting thousands of touched papers for every paper was the step's largest cost on long lists.
 */
export function topK(items: ArrayLike<number>, k: number, better: (a: number, b: number) => boolean, length = items.length): number[] {
  if (k <= 0) return [];
  const heap: number[] = []; // the worst of the kept ones at the root
  for (let n = 0; n < length; n++) {
    const item = items[n]!;
    if (heap.length < k) {
      // Sift up: swaps with a temporary, since destructuring swaps allocate in this hot loop.
      let i = heap.push(item) - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!better(heap[parent]!, item)) break;
        heap[i] = heap[parent]!;
        i = parent;
      }
      heap[i] = item;
    } else if (better(item, heap[0]!)) {
      // Sift down from the root.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let worst = -1;
        let worstItem = item;
        if (l < heap.length && better(worstItem, heap[l]!)) {
          worst = l;
          worstItem = heap[l]!;
        }
        if (r < heap.length && better(worstItem, heap[r]!)) worst = r;
        if (worst < 0) break;
        heap[i] = heap[worst]!;
        i = worst;
      }
      heap[i] = item;
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}

/** How much work the index saved: what the tests and the benchmark check against the all-pairs N². */
export interface RelatedStats {
  papers: number;
  /** Posting-list entries read while gathering candidates, over all papers. */
  postingsRead: number;
  /** Candidates scored exactly, over all papers. */
  candidatesScored: number;
}

/**
 * Which papers to find related papers for, when not all (the dev server's update after a save,
 * src/related/incremental.ts): the index is still made of every paper.
 */
export interface RelatedScope {
  /** Slugs of the papers to answer for. */
  only: readonly string[];
  /** Slugs among `only` whose candidates (every paper scored against them, above `minScore`) are answered for too. */
  expand?: readonly string[];
}

/**
 * Up to `count` related papers for every paper (or those of `scope`), by slug. Deterministic: the same papers,
 * in any order, give the same result (scores are rounded, ties go to the alphabetically first slug).
 */
export function relatedPapers(papers: readonly RelatedInput[], options: RelatedOptions = {}, scope?: RelatedScope, cache?: TermCache): Map<string, RelatedPaper[]> {
  return computeRelated(papers, options, scope, cache).related;
}

/**
 * `relatedPapers` plus the counts of work done, for tests and the benchmark. `cache` keeps each text's terms for
 * the next computation (the dev server's resident worker): the same lists with or without it (term-cache.ts says
 * why a score could differ in its last bit, below the rounding).
 */
export function computeRelated(papers: readonly RelatedInput[], options: RelatedOptions = {}, scope?: RelatedScope, cache?: TermCache): { related: Map<string, RelatedPaper[]>; stats: RelatedStats } {
  const opt = { ...DEFAULTS, ...options };
  const n = papers.length;
  const slugs = papers.map((p) => p.slug);
  // Ties are broken by slug everywhere; comparing ranks is much cheaper than comparing strings.
  const rank = new Int32Array(n);
  slugs
    .map((_, i) => i)
    .sort((a, b) => bySlug(slugs[a]!, slugs[b]!))
    .forEach((doc, r) => (rank[doc] = r));

  // Text vectors: sublinear TF × smoothed IDF, L2-normalised.
  const vocabulary = cache ? cache.dictionary() : new Dictionary();
  const text = countAllTerms(papers, vocabulary, cache).map(({ ids, counts }) => vector(ids, (id, i) => (1 + Math.log(counts[i]!)) * smoothIdf(n, vocabulary.df[id]!)));
  // Ties between equally heavy terms go to the alphabetically first, whatever order the papers came in.
  const termRank = cache ? cache.rank(alphabetical) : alphabetical(vocabulary.names);

  // Tag vectors: a rare shared tag says more than a common one.
  const tags = new Dictionary();
  const tagIds = papers.map((p) => {
    const ids = [...new Set(p.tags.map((t) => tags.id(t.trim().toLowerCase())))];
    for (const id of ids) tags.df[id]!++;
    return ids;
  });
  const tagVectors = tagIds.map((ids) => vector(Uint32Array.from(ids).sort(), (id) => smoothIdf(n, tags.df[id]!)));

  const textTop = text.map((v) => topFeatures(v, vocabulary.df, termRank, opt.indexTerms));
  const textLists = championLists(text, rank, (_, doc) => textTop[doc]!, opt.postingCap, vocabulary.names.length);
  const tagLists = championLists(tagVectors, rank, (v) => v.ids.keys(), opt.postingCap, tags.names.length);

  const linked = linkedPairs(papers);

  const partial = new Float64Array(n);
  const seen = new Uint8Array(n);
  const dense = new Float64Array(vocabulary.names.length);
  const exact = new Float64Array(n);
  const result = new Map<string, RelatedPaper[]>();
  const stats: RelatedStats = { papers: n, postingsRead: 0, candidatesScored: 0 };
  const byExact = (a: number, b: number) => exact[a]! > exact[b]! || (exact[a] === exact[b] && rank[a]! < rank[b]!);

  // Candidates of the paper in hand: scratch space reused for every paper, so the loop allocates little.
  const scratch: Scratch = { partial, seen, touched: new Int32Array(n), count: 0, postingsRead: 0 };

  const docOf = scope ? new Map(slugs.map((slug, i) => [slug, i])) : undefined;
  const queue = scope ? scope.only.flatMap((slug) => (docOf!.has(slug) ? [docOf!.get(slug)!] : [])) : undefined;
  const queued = queue ? new Set(queue) : undefined;
  const expand = new Set(scope?.expand ?? []);
  for (let next = 0; next < (queue ? queue.length : n); next++) {
    const q = queue ? queue[next]! : next;
    // 1. Gather candidates from the champion lists of the paper's own top features.
    scratch.count = 0;
    accumulate(scratch, q, textLists, text[q]!, textTop[q]!, 1 - opt.tagWeight);
    accumulate(scratch, q, tagLists, tagVectors[q]!, undefined, opt.tagWeight);
    const touched = scratch.touched;
    const touchedCount = scratch.count;
    const candidates = topByScore(touched, touchedCount, opt.candidates, partial, rank);
    // A linked paper is always a candidate, whatever its words and tags.
    for (const doc of linked?.get(q) ?? []) if (!candidates.includes(doc)) candidates.push(doc);
    stats.candidatesScored += candidates.length;
    for (let i = 0; i < touchedCount; i++) partial[touched[i]!] = seen[touched[i]!] = 0;

    // 2. Score the candidates exactly: full text cosine (query scattered into a dense array) and tag cosine.
    const tq = text[q]!;
    for (let i = 0; i < tq.ids.length; i++) dense[tq.ids[i]!] = tq.weights[i]!;
    for (const doc of candidates) {
      const td = text[doc]!;
      let cos = 0;
      for (let i = 0; i < td.ids.length; i++) cos += dense[td.ids[i]!]! * td.weights[i]!;
      const score = (1 - opt.tagWeight) * cos + opt.tagWeight * sparseDot(tagVectors[q]!, tagVectors[doc]!);
      exact[doc] = round(linked?.get(q)?.has(doc) ? Math.min(1, score + opt.linkBonus) : score);
    }
    for (let i = 0; i < tq.ids.length; i++) dense[tq.ids[i]!] = 0;

    const own = new Set(tagIds[q]);
    const best = topK(
      candidates.filter((doc) => exact[doc]! >= opt.minScore),
      opt.count,
      byExact,
    );
    // Every candidate that scored, not just the best: a paper's list can gain this one without this one's list
    // holding it (the best few are not symmetric), and those are the papers most alike to it.
    if (queue && expand.has(slugs[q]!)) {
      for (const doc of candidates) if (exact[doc]! >= opt.minScore && !queued!.has(doc)) queue.push(doc), queued!.add(doc);
    }
    result.set(
      slugs[q]!,
      best.map((doc) => {
        const other = papers[doc]!;
        const sharedTags = other.tags.filter((t) => own.has(tags.ids.get(t.trim().toLowerCase())!));
        return linked?.get(q)?.has(doc) ? { slug: other.slug, title: other.title, score: exact[doc]!, sharedTags, linked: true as const } : { slug: other.slug, title: other.title, score: exact[doc]!, sharedTags };
      }),
    );
  }
  stats.postingsRead = scratch.postingsRead;
  return { related: result, stats };
}

/** For each paper (by index) the papers linked with it, either way; undefined when no paper links to another. */
function linkedPairs(papers: readonly RelatedInput[]): Map<number, Set<number>> | undefined {
  if (!papers.some((p) => p.links && p.links.length > 0)) return undefined;
  const index = new Map(papers.map((p, i) => [p.slug, i]));
  const pairs = new Map<number, Set<number>>();
  const add = (a: number, b: number) => {
    let set = pairs.get(a);
    if (!set) pairs.set(a, (set = new Set()));
    set.add(b);
  };
  papers.forEach((paper, i) => {
    for (const slug of paper.links ?? []) {
      const j = index.get(slug);
      if (j === undefined || j === i) continue;
      add(i, j);
      add(j, i);
    }
  });
  return pairs;
}

/** The candidates being gathered for one paper: partial scores by paper, and which papers were touched. */
interface Scratch {
  partial: Float64Array;
  seen: Uint8Array;
  touched: Int32Array;
  count: number;
  postingsRead: number;
}

/**
 * Adds `share` × the query's weight × each listed paper's weight to the partial scores, over the champion lists
 * of the query's features (all of them, or those at `positions`). A plain function over one scratch object:
 * as a closure over the loop's variables it was a third slower, the hottest loop of the build's related step.
 */
function accumulate(scratch: Scratch, q: number, lists: PostingLists, v: Vector, positions: ArrayLike<number> | undefined, share: number): void {
  const { partial, seen, touched } = scratch;
  let count = scratch.count;
  let read = 0;
  const features = positions ? positions.length : v.ids.length;
  for (let p = 0; p < features; p++) {
    const k = positions ? positions[p]! : p;
    const list = lists.get(v.ids[k]!);
    if (!list) continue;
    const wq = share * v.weights[k]!;
    const docs = list.docs;
    const weights = list.weights;
    read += docs.length;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      if (doc === q) continue;
      if (!seen[doc]) {
        seen[doc] = 1;
        touched[count++] = doc;
      }
      partial[doc] = partial[doc]! + wq * weights[i]!;
    }
  }
  scratch.count = count;
  scratch.postingsRead += read;
}

/**
 * The `k` best of the first `length` items by score, ties to the lower rank, best first: `topK` specialised
 * to typed arrays (no comparison callback), since it runs over thousands of touched papers for every paper.
 * The order is strict, so the result is exactly `topK`'s.
 */
export function topByScore(items: Int32Array, length: number, k: number, score: Float64Array, rank: Int32Array): number[] {
  if (k <= 0) return [];
  const heap = new Int32Array(Math.min(k, length)); // the worst kept item at the root
  let size = 0;
  for (let n = 0; n < length; n++) {
    const item = items[n]!;
    const s = score[item]!;
    const r = rank[item]!;
    if (size < heap.length) {
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const p = heap[parent]!;
        // Stop when the parent is worse than the item (the parent stays nearer the root).
        if (!(score[p]! > s || (score[p] === s && rank[p]! < r))) break;
        heap[i] = p;
        i = parent;
      }
      heap[i] = item;
    } else {
      const root = heap[0]!;
      if (!(s > score[root]! || (s === score[root] && r < rank[root]!))) continue;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        let worst = l;
        const rr = l + 1;
        if (rr < size) {
          const a = heap[l]!;
          const b = heap[rr]!;
          // The worse of the two children: lower score, or the same score and a higher rank.
          if (score[b]! < score[a]! || (score[b] === score[a] && rank[b]! > rank[a]!)) worst = rr;
        }
        const w = heap[worst]!;
        if (!(score[w]! < s || (score[w] === s && rank[w]! > r))) break;
        heap[i] = w;
        i = worst;
      }
      heap[i] = item;
    }
  }
  return Array.from(heap.subarray(0, size)).sort((a, b) => score[b]! - score[a]! || rank[a]! - rank[b]!);
}

/** Each name's place in alphabetical order, by id. */
function alphabetical(names: readonly string[]): Int32Array {
  const rank = new Int32Array(names.length);
  names
    .map((_, i) => i)
    .sort((a, b) => bySlug(names[a]!, names[b]!))
    .forEach((id, r) => (rank[id] = r));
  return rank;
}

function sparseDot(a: Vector, b: Vector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) sum += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/**
 * The exact answer by comparing every pair (N²): the reference the pruned index is tested against on small
 * lists, and the baseline the benchmark compares with. Never used in a build.
 */
export function relatedPapersExhaustive(papers: readonly RelatedInput[], options: RelatedOptions = {}): Map<string, RelatedPaper[]> {
  const n = papers.length;
  return relatedPapers(papers, { ...options, indexTerms: Number.MAX_SAFE_INTEGER, postingCap: n, candidates: n });
}
