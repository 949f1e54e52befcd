/**
 * Micro-benchmark of the related-papers step on a synthetic list, for `npm run bench` and by hand:
 *
 *   node --import tsx tests/bench/related-bench.ts 1000,10000
 *
 * `benchmarkRelated(count)` is what a larger benchmark calls; it builds its own deterministic papers
 * (topic vocabularies, skewed tags, ~1,200-character abstracts) so the figure does not depend on content.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { computeRelated, relatedPapersExhaustive, type RelatedInput } from "../../src/related/related.ts";

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = "ka lo mi ne ra su ti vo ze ba de fi gu ha jo ku li mo nu pa qui re sa to ve wa xi yo zu".split(" ");

/** `count` distinct pseudo-words, the same for the same seed. */
function vocabulary(count: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < count) {
    const length = 2 + Math.floor(random() * 3);
    words.add(Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(""));
  }
  return [...words];
}

/** Zipf-like pick: low indices are far more frequent. */
const zipf = (random: () => number, n: number) => Math.min(n - 1, Math.floor(Math.pow(n, random()) - 1));

/** A synthetic list: 40 tags with a skewed distribution, each with its own topic words. */
export function syntheticPapers(count: number, seed = 1): RelatedInput[] {
  const random = prng(seed);
  const common = vocabulary(4000, random);
  const tags = Array.from({ length: 40 }, (_, i) => `topic ${i}`);
  const topicWords = tags.map(() => vocabulary(60, random));
  const papers: RelatedInput[] = [];
  for (let i = 0; i < count; i++) {
    const own = [...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => zipf(random, tags.length)))];
    const word = () => (random() < 0.3 ? topicWords[own[Math.floor(random() * own.length)]!]![Math.floor(random() * 60)]! : common[zipf(random, common.length)]!);
    const sentence = (n: number) => Array.from({ length: n }, word).join(" ");
    let abstract = "";
    while (abstract.length < 1200) abstract += sentence(12) + ". ";
    papers.push({ slug: `paper-${String(i).padStart(5, "0")}`, title: sentence(12), abstract, tags: own.map((t) => tags[t]!) });
  }
  return papers;
}

export interface RelatedBenchResult {
  papers: number;
  /** Median of the runs, milliseconds of wall time. */
  ms: number;
  /** Median CPU time of the runs (user + system), less distorted than wall time on a busy machine. */
  cpuMs: number;
  msPerPaper: number;
  /** Posting-list entries read per paper while gathering candidates (the all-pairs scan would read N). */
  postingsPerPaper: number;
  /** All-pairs reference, when measured (only for small lists: it is N²). */
  exhaustiveMs?: number;
  /** Share of the all-pairs top related papers that the pruned index also finds (when measured). */
  recall?: number;
}

export function benchmarkRelated(count: number, options: { runs?: number; exhaustive?: boolean } = {}): RelatedBenchResult {
  const papers = syntheticPapers(count);
  const times: number[] = [];
  const cpu: number[] = [];
  let last = computeRelated(papers);
  for (let run = 0; run < (options.runs ?? 3); run++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    last = computeRelated(papers);
    times.push(performance.now() - start);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ms = median(times);
  const out: RelatedBenchResult = {
    papers: count,
    ms: Math.round(ms),
    cpuMs: Math.round(median(cpu)),
    msPerPaper: Number((ms / count).toFixed(3)),
    postingsPerPaper: Math.round(last.stats.postingsRead / count),
  };
  if (options.exhaustive) {
    const start = performance.now();
    const exact = relatedPapersExhaustive(papers);
    out.exhaustiveMs = Math.round(performance.now() - start);
    let found = 0;
    let total = 0;
    for (const p of papers) {
      const mine = new Set(last.related.get(p.slug)!.map((r) => r.slug));
      const want = exact.get(p.slug)!;
      total += want.length;
      found += want.filter((r) => mine.has(r.slug)).length;
    }
    out.recall = Number((found / Math.max(1, total)).toFixed(3));
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const sizes = (process.argv[2] ?? "1000,10000").split(",").map(Number);
  for (const size of sizes) console.log(JSON.stringify(benchmarkRelated(size, { exhaustive: size <= 2000 })));
}
