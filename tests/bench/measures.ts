// The benchmark's two optional measurements, apart from bench.ts: what a first search downloads, and where a
// profiled build spends its CPU.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleEntries } from "../helpers/pagefind-bundle.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// ---- first query -----------------------------------------------------------------------------------

export interface FirstQuery {
  skipped?: string;
  query: string;
  papers: number;
  /** Parts of the search index, each fetched on its own. */
  parts: number;
  results: number;
  requests: number;
  bytes: number;
  searchPageBytes: number;
  pagefindRequests: number;
  pagefindBytes: number;
}

/** Serves a built site under /reading-list/, searches it in Chromium and counts what was downloaded. */
export async function measureFirstQuery(out: string, query: string): Promise<FirstQuery> {
  const browser = await import("../helpers/browser.ts");
  const missing = browser.chromiumMissing();
  if (missing) throw new Error(missing);
  const site = await browser.serveSite(out, { pathPrefix: "/reading-list/" });
  const session = await browser.launchBrowser();
  try {
    const { page } = await session.open(`${site.url}search/?q=${encodeURIComponent(query)}`, site);
    await page.locator("#search-status").filter({ hasText: /found/ }).waitFor({ timeout: 60_000 });
    await page.waitForLoadState("networkidle");
    const results = await page.locator("#search-results > li").count();
    const pagefind = site.requests.filter((r) => r.path.includes("/pagefind/"));
    const sum = (list: { bytes: number }[]) => list.reduce((total, r) => total + r.bytes, 0);
    const bytes = sum(site.requests);
    const pagefindBytes = sum(pagefind);
    // Every part of the index (src/search/index.ts): pagefind/, pagefind/part-2/...
    const entries = bundleEntries(path.join(out, "pagefind"));
    return {
      query,
      parts: Object.keys(entries).length,
      papers: Object.values(entries).reduce((a, b) => a + b, 0),
      results,
      requests: site.requests.length,
      bytes,
      searchPageBytes: bytes - pagefindBytes,
      pagefindRequests: pagefind.length,
      pagefindBytes,
    };
  } finally {
    await session.close();
    await site.close();
  }
}

// ---- profile ---------------------------------------------------------------------------------------

export interface ProfileSummary {
  file: string;
  busyMs: number;
  idleMs: number;
  functions: { name: string; ms: number; share: number }[];
  packages: { name: string; ms: number; share: number }[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time by function and by package in the largest profile of a build (its main thread). */
export function summariseProfile(dir: string, top = 15): ProfileSummary | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((n) => n.endsWith(".cpuprofile")).map((n) => path.join(dir, n));
  const file = files.sort((a, b) => readFileSync(b).byteLength - readFileSync(a).byteLength)[0];
  if (!file) return undefined;
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    if (functionName === "(idle)") {
      idle += us;
      return;
    }
    busy += us;
    const where = url.replace(/^file:\/\/.*?node_modules\//, "").replace(/^file:\/\/.*?\/(src|tests)\//, "$1/");
    // tsx compiles each TypeScript module onto one line: a line number says something only for other code.
    const full = `${functionName || "(anonymous)"}${where ? ` ${where}${lineNumber > 0 ? `:${lineNumber + 1}` : ""}` : ""}`;
    const name = full.length > 100 ? full.slice(0, 99) + "…" : full;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const pkg = /^((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? (functionName.startsWith("RegExp:") ? "(regular expressions)" : functionName || "(anonymous)");
    const module = where.startsWith("src/") ? where : pkg;
    byPackage.set(module, (byPackage.get(module) ?? 0) + us);
  });
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: (100 * us) / Math.max(1, busy) }));
  return { file: path.relative(REPO, file), busyMs: busy / 1000, idleMs: idle / 1000, functions: list(byFunction), packages: list(byPackage) };
}
