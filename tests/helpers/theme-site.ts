/**
 * What the theme tests and `npm run screenshots` look at: one page of every kind the site has, and a small
 * fixture list that puts every piece of the theme on screen (all three statuses, tag descriptions, notes
 * with code and quotes, a long unbreakable word, several list pages).
 */
import type { Page } from "playwright-core";
import { startFixtureSite, STRICT_CSP, type BrowserSession, type ServedSite } from "./browser.ts";
import { paper, type Fixture } from "./site.ts";

export interface PageKind {
  /** Short name used in test titles and screenshot file names: `home`, `paper`... */
  name: string;
  /** Path relative to the site's home (no leading slash): `papers/x/`, `search/?q=kv`. */
  path: string;
  /** Which item of the main navigation carries `aria-current`, if any. */
  nav?: "Papers" | "Tags" | "Search" | "Feeds";
  /** The HTTP status the page is served with, when not 200 (the 404 page). */
  status?: number;
  /** Waits until the page shows what it is for (search results), after the load event. */
  ready?: (page: Page) => Promise<void>;
}

export interface KindTargets {
  /** A paper's slug (ideally one with notes and links). */
  paper: string;
  /** A tag's slug. */
  tag: string;
  /** A word the search finds. */
  query: string;
}

/** One page of every kind, for a site whose paper, tag and search word are `targets`. */
export function pageKinds(targets: KindTargets): PageKind[] {
  return [
    { name: "home", path: "", nav: "Papers" },
    { name: "paper", path: `papers/${targets.paper}/`, nav: "Papers" },
    { name: "tags", path: "tags/", nav: "Tags" },
    { name: "tag", path: `tags/${targets.tag}/`, nav: "Tags" },
    {
      name: "search",
      path: `search/?q=${encodeURIComponent(targets.query)}`,
      nav: "Search",
      ready: async (page) => {
        await page.locator("#search-status").filter({ hasText: /found/ }).waitFor();
        await page.locator("#search-results li").first().waitFor();
      },
    },
    { name: "404", path: "no/such/page/", status: 404 },
    { name: "feeds", path: "feeds/", nav: "Feeds" },
    { name: "status", path: "status/reading/", nav: "Papers" },
    { name: "stats", path: "stats/" },
  ];
}

const LONG_ABSTRACT = [
  "Transformers are slow and memory-hungry on long sequences, since the time and memory complexity of self-attention are quadratic in sequence length.",
  "We argue that a missing principle is making attention algorithms IO-aware, accounting for reads and writes between levels of GPU memory.",
  "We propose an exact attention algorithm that uses tiling to reduce the number of memory reads and writes between high bandwidth memory and on-chip SRAM,",
  "analyse its IO complexity, and show that it is optimal for a range of SRAM sizes. It trains Transformers 15% faster end to end on BERT-large (seq. length 512),",
  "3× faster on GPT-2 (seq. length 1K) and 2.4× faster on long-range arena (seq. length 1K–4K), and enables longer context: 0.7 better perplexity on GPT-2.",
].join(" ");

const NOTES = `The key idea is **tiling**: attention is computed block by block in on-chip memory, so the
full attention matrix is never written out. See [the paper](https://arxiv.org/abs/2205.14135) and
[the code](https://github.com/Dao-AILab/flash-attention).

# What to remember

- Exact, not approximate: same output as standard attention.
- The backward pass *recomputes* attention instead of storing it.
- Works well up to sequence length 16K, e.g. \`seq_len = 16384\`.

> IO-awareness matters more than FLOPs on modern accelerators.

\`\`\`
for block in blocks(Q): out[block] = softmax(block @ K.T / sqrt(d)) @ V  # a long line of code that must scroll, not widen the page
\`\`\`

HBM accesses drop from $\\Theta(Nd + N^2)$ to $\\Theta(N^2 d^2 M^{-1})$ for an SRAM of size $M$:

$$
\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}
$$
`;

/** Papers for the theme's fixture site: every status, tag descriptions, 9 papers over 2 pages of 5. */
export function themePapers(): Record<string, string> {
  const list: Record<string, string> = {
    "flash-attention": paper(
      {
        title: `"FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"`,
        added: "2026-03-14",
        status: "read",
        tags: "[attention kernels, long context, efficient training]",
        authors: "[Tri Dao, Daniel Y. Fu, Stefano Ermon, Atri Rudra, Christopher Ré]",
        published: "2022-05-27",
        arxiv: `"2205.14135"`,
        doi: "10.48550/arXiv.2205.14135",
        url: "https://arxiv.org/abs/2205.14135",
        pdf: "https://arxiv.org/pdf/2205.14135",
        code: "https://github.com/Dao-AILab/flash-attention",
        abstract: JSON.stringify(LONG_ABSTRACT),
      },
      NOTES,
    ),
    "snapkv": paper({
      title: `"SnapKV: LLM Knows What You are Looking for Before Generation"`,
      added: "2026-03-10",
      status: "reading",
      tags: "[KV cache, long context]",
      authors: "[Yuhong Li, Yingbing Huang, Bowen Yang, Bharat Venkitesh, Acyr Locatelli, Hanchen Ye, Tianle Cai, Patrick Lewis, Deming Chen]",
      published: "2024",
      arxiv: `"2404.14469"`,
      abstract: `"SnapKV compresses the key-value cache by selecting clustered important positions for each attention head, observed from a window at the end of the prompt."`,
    }),
    "unbreakable": paper({
      title: `"Pneumonoultramicroscopicsilicovolcanoconiosis-style identifiers: TheExtraordinarilyLongUnbrokenModelNameThatMustWrap"`,
      added: "2026-02-01",
      status: "to-read",
      tags: "[benchmarks and evaluation, a-very-long-tag-name-without-any-spaces-at-all-anywhere]",
      authors: "[A. Researcher]",
      url: "https://example.org/a/very/long/path/that/goes/on/and/on/without/any/break/at/all/index.html",
      abstract: `"https://example.org/AnAbstractThatIsOnlyOneVeryLongUnbrokenTokenOfCharactersWithoutAnySpacesInIt/and/more"`,
    }),
    "no-abstract": paper({ title: "A Paper With Nothing But A Title", added: "2026-01-20" }),
  };
  const statuses = ["read", "reading", "to-read"];
  for (let i = 1; i <= 5; i++) {
    list[`filler-${i}`] = paper({
      title: `"Efficient Attention Study Number ${i}"`,
      added: `2025-12-${String(10 + i).padStart(2, "0")}`,
      status: statuses[i % 3]!,
      tags: i % 2 ? "[attention kernels]" : "[KV cache]",
      abstract: `"A study of attention and caching, number ${i}, with enough words to fill a line or two of the list."`,
    });
  }
  return list;
}

/** The taxonomy of the theme's fixture: descriptions shown on tag pages. */
export const THEME_TAXONOMY = `- name: attention kernels
  description: "Fast exact implementations of attention on GPUs and accelerators."
  match: [FlashAttention]
- name: KV cache
  description: "Storing, compressing and reusing the key-value cache that attention keeps for every token."
  match: [KV cache]
- name: long context
  description: "Models and systems for inputs of many thousands of tokens."
  match: [long context]
`;

export const THEME_SITE = `title: Theme test list\ndescription: Papers to check the theme with, in both colour schemes.\nauthor: Tester\nlanguage: en\nperPage: 5\nfeedSize: 50\n`;

/** Targets in the theme fixture. */
export const THEME_TARGETS: KindTargets = { paper: "flash-attention", tag: "attention-kernels", query: "attention" };

/** The policy the browser tests serve pages under (the theme's pages need no inline script either). */
export const THEME_CSP = STRICT_CSP;

/** Builds the theme fixture under /reading-list/, serves it with THEME_CSP, and starts Chromium. */
export function startThemeSite(): Promise<{ fixture: Fixture; site: ServedSite; browser: BrowserSession }> {
  return startFixtureSite({ papers: themePapers(), site: THEME_SITE, files: { "_data/taxonomy.yaml": THEME_TAXONOMY } });
}
