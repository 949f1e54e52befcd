import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { indexedPageCount } from "../../src/search/pagefind.ts";

/**
 * The parts of a written search index (src/search/pagefind.ts): each `pagefind-entry.json` under the bundle, by
 * its path relative to it (`pagefind-entry.json`, `part-2/pagefind-entry.json`...), with the pages it holds.
 */
export function bundleEntries(bundle: string): Record<string, number> {
  const entries: Record<string, number> = {};
  const files = readdirSync(bundle, { recursive: true }).map(String).filter((f) => path.basename(f) === "pagefind-entry.json");
  for (const file of files.sort()) entries[file] = indexedPageCount(JSON.parse(readFileSync(path.join(bundle, file), "utf8")));
  return entries;
}

/** Pages in all parts of a written search index. */
export function bundlePageCount(bundle: string): number {
  return Object.values(bundleEntries(bundle)).reduce((a, b) => a + b, 0);
}
