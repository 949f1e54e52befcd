// What the dev server's resident related-papers worker (src/related/index.ts) keeps from one computation to the
// next: the term ids and counts of each paper's title and abstract, with the dictionary that gave the ids. After
// a save only the changed papers' texts are split into words and stemmed again; that and looking every term up
// again were most of the time of making the index of a long list.
//
// Term ids then follow the order terms were first met over the whole session rather than in this list: sums over
// a paper's terms run in another order than a fresh computation's, which could move a score in its last bit, far
// below the rounding of scores (six decimals). The tests compare the lists with and without the cache.

/** Feature ids for strings, and how many papers have each. */
export class Dictionary {
  readonly ids = new Map<string, number>();
  readonly df: number[] = [];
  readonly names: string[] = [];
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.df.push(0);
    }
    return id;
  }
}

/** A paper's distinct terms (sorted ids) and their weighted counts; title words count twice. */
export interface PaperTerms {
  ids: Uint32Array;
  counts: Float64Array;
}

/**
 * Kept by slug with the texts they were made from: a Map keyed by the texts themselves would hash every abstract
 * on each computation, while comparing a paper's texts with the kept ones costs little.
 */
export class TermCache {
  #kept = new Map<string, Kept>();
  #used = new Map<string, Kept>();
  readonly #dictionary = new Dictionary();
  #rank: Int32Array | undefined;

  /** The dictionary of every term seen so far, its counts of papers set to zero for a new computation. */
  dictionary(): Dictionary {
    this.#dictionary.df.fill(0);
    return this.#dictionary;
  }

  /** `rank(names)` of the dictionary's names, made again only when it has new names (names are never removed). */
  rank(rank: (names: readonly string[]) => Int32Array): Int32Array {
    const { names } = this.#dictionary;
    if (this.#rank?.length !== names.length) this.#rank = rank(names);
    return this.#rank;
  }

  /** The terms of this paper's title and abstract, if they are the texts seen before. */
  get(slug: string, title: string, abstract: string | undefined): PaperTerms | undefined {
    const kept = this.#used.get(slug) ?? this.#kept.get(slug);
    if (!kept || kept.title !== title || kept.abstract !== abstract) return undefined;
    this.#used.set(slug, kept);
    return kept.terms;
  }

  set(slug: string, title: string, abstract: string | undefined, terms: PaperTerms): void {
    this.#used.set(slug, { title, abstract, terms });
  }

  /** Ends a computation: what it did not use (texts since edited, papers removed) is let go. */
  sweep(): void {
    this.#kept = this.#used;
    this.#used = new Map();
  }

  get size(): number {
    return this.#kept.size;
  }
}

interface Kept {
  title: string;
  abstract: string | undefined;
  terms: PaperTerms;
}
