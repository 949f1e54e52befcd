/**
 * Queries for the search-quality test: for each title, two or three of its most distinctive words.
 *
 * Method (deterministic, documented in the README's search section):
 * 1. A title's words: Unicode-normalised, accents removed, lower case, split on anything that is not a
 *    letter or digit; words shorter than 3 characters, numbers and common English words are dropped.
 * 2. Document frequency: in how many titles of the list each word occurs.
 * 3. The title's words are ranked rarest first (ties: the longer word, then the earlier in the title), and
 *    taken in that order until no other title has all the words taken, with at least 2 and at most 3.
 */

const STOPWORDS = new Set(
  `a an and are as at be by can for from how in into is it its of on or over than that the their this to
  towards toward via vs what when where which with without using use your you we our new more all any not
  do does via beyond`.split(/\s+/),
);

export function titleWords(title: string): string[] {
  const words = title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !STOPWORDS.has(w));
  return [...new Set(words)];
}

export interface TitleQuery {
  title: string;
  words: string[];
  /** The words joined by spaces: what a reader would type. */
  query: string;
}

export function distinctiveQueries(titles: readonly string[]): TitleQuery[] {
  const wordSets = titles.map(titleWords);
  const frequency = new Map<string, number>();
  for (const words of wordSets) for (const w of words) frequency.set(w, (frequency.get(w) ?? 0) + 1);

  return titles.map((title, i) => {
    const words = wordSets[i]!;
    const ranked = words
      .map((word, position) => ({ word, position, df: frequency.get(word)! }))
      .sort((a, b) => a.df - b.df || b.word.length - a.word.length || a.position - b.position)
      .map((r) => r.word);
    const chosen: string[] = [];
    for (const word of ranked) {
      chosen.push(word);
      const others = wordSets.filter((set, j) => j !== i && chosen.every((w) => set.includes(w))).length;
      if (chosen.length >= 3 || (chosen.length >= 2 && others === 0)) break;
    }
    return { title, words: chosen, query: chosen.join(" ") };
  });
}
