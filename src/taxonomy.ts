import { readFileSync, existsSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { ConfigError } from "./errors.ts";
import { latin1CopiesFrom } from "./latin1.ts";
import { tagKey } from "./paper-schema.ts";

/** One tag of the list's taxonomy: how it is shown, what it means, and which words in a paper call for it. */
export interface TaxonomyTag {
  /** Display name, as written in papers' `tags`. */
  name: string;
  /** One sentence, shown on the tag's page. */
  description: string;
  /** Phrases that, found as whole words in a title or abstract (any case), give a paper this tag. */
  match: string[];
}

const schema = z.array(
  z.strictObject({
    name: z.string().min(1),
    description: z.string().min(1),
    match: z.array(z.string().min(1)).default([]),
  }),
);

export const DEFAULT_TAXONOMY_FILE = "content/_data/taxonomy.yaml";

/** Reads and checks the taxonomy; a missing file is an empty taxonomy (tags still work, without descriptions). */
export function loadTaxonomy(file = DEFAULT_TAXONOMY_FILE): TaxonomyTag[] {
  if (!existsSync(file)) return [];
  let raw: unknown;
  try {
    const text = readFileSync(file, "utf8");
    // Tag names are on many pages: kept one byte a character where they can be (src/latin1.ts).
    raw = latin1CopiesFrom(text, parse(text));
  } catch (error) {
    throw new ConfigError("taxonomy", `${file}: not valid YAML (${(error as Error).message.split("\n")[0]})`);
  }
  const result = schema.safeParse(raw ?? []);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${file} ${i.path.length ? `entry ${i.path.join(".")}` : ""}: ${i.message}`);
    throw new ConfigError("taxonomy", `invalid taxonomy. Each entry needs name, description and match (a list of phrases):\n${lines.join("\n")}`);
  }
  const seen = new Set<string>();
  for (const tag of result.data) {
    if (seen.has(tagKey(tag.name))) throw new ConfigError("taxonomy", `${file}: the tag "${tag.name}" is listed twice. Fix: keep one entry`);
    seen.add(tagKey(tag.name));
  }
  return result.data;
}

/** Descriptions by tag key (case-insensitive name), for tag pages. */
export function descriptionsByKey(taxonomy: TaxonomyTag[]): Map<string, string> {
  return new Map(taxonomy.map((t) => [tagKey(t.name), t.description]));
}
