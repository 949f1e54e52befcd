// The terms of each paper's title and abstract, kept from one computation of related papers to the next in the
// dev server's resident worker (src/related/index.ts): after a save, only the changed papers' texts are split
// into words and stemmed again, which was half the time of making the index of a long list.

/** A paper's terms in the order they first appear in its title, then its abstract, and their weighted counts. */
export interface PaperTerms {
  terms: readonly string[];
  counts: readonly number[];
}

/**
 * Kept by slug with the texts they were made from: a Map keyed by the texts themselves would hash every abstract
 * on each computation, while comparing a paper's texts with the kept ones costs little (the same strings, or
 * copies of them, mostly equal).
 */
export class TermCache {
  #kept = new Map<string, Kept>();
  #used = new Map<string, Kept>();

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
