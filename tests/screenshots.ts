/**
 * `npm run screenshots`: builds the site, serves it, and saves a PNG of every kind of page in the light and
 * dark schemes at desktop and phone widths into `screenshots/` (ignored by git), to look at before
 * changing the theme and after.
 *
 *   npm run screenshots                       # the repository's own papers (a copy, with varied statuses)
 *   npm run screenshots -- --fixture          # the small theme fixture of the tests (long words, notes)
 *   npm run screenshots -- --only paper,home  # some page kinds only
 *   npm run screenshots -- --height 900       # only the top of each page (default 2600 px)
 *
 * The repository's papers are copied to a temporary folder and every third one gets another status, so all
 * the status badges show; the copy of the first paper with links gets sample notes and math in its title and
 * notes. Nothing in content/ changes.
 */
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchBrowser, serveSite } from "./helpers/browser.ts";
import { Fixture, REPO, SEED_CONTENT } from "./helpers/site.ts";
import { pageKinds, THEME_SITE, THEME_TARGETS, THEME_TAXONOMY, themePapers, type KindTargets } from "./helpers/theme-site.ts";

const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 780 } } as const;
const SCHEMES = ["light", "dark"] as const;
/** Long lists are cut: the top of a page is what the review needs. */
const MAX_HEIGHT = "2600";

const SAMPLE_NOTES = `
Why it matters: attention is **memory-bound**, not compute-bound, on current GPUs. The
[reference implementation](https://github.com/Dao-AILab/flash-attention) is worth reading.

# Takeaways

- Tiling keeps blocks of Q, K and V in on-chip SRAM.
- The backward pass recomputes attention instead of storing it.

> Exact attention, faster: no approximation needed.

\`\`\`
out = softmax(Q @ K.T / sqrt(d)) @ V
\`\`\`

Memory traffic: $\\Theta(N^2 d^2 M^{-1})$ accesses for an SRAM of size $M$, against $\\Theta(Nd + N^2)$.

$$
\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}
$$
`;

async function repoCopy(): Promise<{ fixture: Fixture; targets: KindTargets }> {
  const dir = path.join(SEED_CONTENT, "papers");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".md")).sort();
  const papers: Record<string, string> = {};
  let withNotes: string | undefined;
  for (const [i, file] of files.entries()) {
    let text = await readFile(path.join(dir, file), "utf8");
    const slug = file.slice(0, -3);
    const status = i % 3 === 1 ? "reading" : i % 3 === 2 ? "read" : undefined;
    if (status) text = text.replace(/^status: .*$/m, `status: ${status}`);
    if (!withNotes && /^arxiv:/m.test(text) && /^tags:/m.test(text)) {
      withNotes = slug;
      text = text.trimEnd() + "\n" + SAMPLE_NOTES;
      // And math in its title (src/math/): `$O(\sqrt{n})$` inside the quotes, or after the unquoted title.
      text = text.replace(/^title: (.*?)(["']?)$/m, (_line, title: string, quote: string) => `title: ${title} in $O(${quote === '"' ? "\\\\" : "\\"}sqrt{n})$ Memory${quote}`);
    }
    papers[slug] = text;
  }
  const taxonomyFile = path.join(SEED_CONTENT, "_data/taxonomy.yaml");
  const fixture = await Fixture.create({
    papers,
    site: await readFile(path.join(SEED_CONTENT, "site.yaml"), "utf8"),
    files: { "_data/taxonomy.yaml": await readFile(taxonomyFile, "utf8") },
  });
  return { fixture, targets: { paper: withNotes ?? files[0]!.slice(0, -3), tag: "long-context", query: "attention" } };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { fixture: { type: "boolean", default: false }, only: { type: "string" }, out: { type: "string", default: "screenshots" }, height: { type: "string", default: MAX_HEIGHT } },
  });
  const { fixture, targets } = values.fixture
    ? { fixture: await Fixture.create({ papers: themePapers(), site: THEME_SITE, files: { "_data/taxonomy.yaml": THEME_TAXONOMY } }), targets: THEME_TARGETS }
    : await repoCopy();
  const out = path.resolve(REPO, values.out!);
  const only = values.only ? new Set(values.only.split(",")) : undefined;
  try {
    console.log("[shelfmark:screenshots] building the site...");
    const build = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" });
    if (build.code !== 0) throw new Error(`build failed:\n${build.stderr}`);
    const site = await serveSite(build.out, { pathPrefix: "/reading-list/" });
    const browser = await launchBrowser();
    await mkdir(out, { recursive: true });
    try {
      for (const kind of pageKinds(targets)) {
        if (only && !only.has(kind.name)) continue;
        for (const scheme of SCHEMES) {
          for (const [device, viewport] of Object.entries(VIEWPORTS)) {
            const page = await browser.context.newPage();
            await page.setViewportSize(viewport);
            await page.emulateMedia({ colorScheme: scheme });
            await page.goto(site.url + kind.path);
            await kind.ready?.(page);
            const height = Math.min(Number(values.height), await page.evaluate(() => document.documentElement.scrollHeight));
            const file = path.join(out, `${kind.name}-${scheme}-${device}.png`);
            await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height } });
            await page.close();
            console.log(`[shelfmark:screenshots] ${path.relative(REPO, file)}`);
          }
        }
      }
    } finally {
      await browser.close();
      await site.close();
    }
  } finally {
    await fixture.cleanup();
  }
}

main().catch((error) => {
  console.error(`[shelfmark:screenshots] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
