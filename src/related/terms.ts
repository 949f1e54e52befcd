// Terms of a title or an abstract for related papers (src/related/related.ts): lower-case, accent-free words,
// stopwords left out, plurals folded.

const STOPWORDS = new Set(
  (
    "about above across after again against all almost along also although among an and another any are around as at " +
    "be because been before being below between both but by can could did do does doing done down during each either " +
    "enough especially even ever every few for from further furthermore had has have having here hence how however if " +
    "in into is it its itself just less like many may might more moreover most much must neither no nor not now of off " +
    "often on once one only onto or other others otherwise our ours out over own per rather same several shall she " +
    "should since so some such than that the their them then there thereby therefore these they this those though " +
    "through thus to too toward towards under until up upon us very via was we well were what when where whereas which " +
    "while who whom whose why will with within without would yet you your " +
    // Words every abstract uses: they say nothing about the topic.
    "paper propose proposed proposes present presents introduce introduces show shows shown demonstrate demonstrates " +
    "approach approaches method methods result results work novel new existing based using use used achieve achieves " +
    "significantly significant outperform outperforms state art first two three"
  ).split(" "),
);

/** Lower-case, accent-free words of a text, as they are before stopwords and stemming. */
export function words(text: string): string[] {
  // Most abstracts are plain ASCII: skip Unicode normalisation and property classes for them (2–3x faster).
  return /^[\x00-\x7f]*$/.test(text)
    ? text.toLowerCase().split(/[^a-z0-9]+/)
    : text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().split(/[^\p{L}\p{N}]+/u);
}

/** The term a word counts as, or undefined for stopwords, numbers and one- or two-letter words. */
export function term(word: string): string | undefined {
  if (word.length < 3 || STOPWORDS.has(word) || /^\d+$/.test(word)) return undefined;
  return stem(word);
}

/** Lower-case, accent-free word stems of a text: stopwords, numbers and one- or two-letter words left out. */
export function terms(text: string): string[] {
  return words(text)
    .map(term)
    .filter((t): t is string => t !== undefined);
}

/** Plural folding only (`models` → `model`, `queries` → `query`): cheap, and enough to match most variants. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return word.slice(0, -3) + "y";
  if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}
