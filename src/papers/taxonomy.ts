import { existsSync } from "node:fs";
import { z } from "zod";
import { InvalidContentError, type Problem } from "../errors.ts";
import { yamlLine } from "./frontmatter.ts";
import { readYamlFile } from "./yaml-file.ts";
import { tagKey } from "./schema.ts";

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

const TAXONOMY_FIX = "give each entry a `name:`, a one-sentence `description:` and `match:`, a list of phrases such as `match: [kv cache, kv-cache]`";

export const DEFAULT_TAXONOMY_FILE = "content/_data/taxonomy.yaml";

/** Reads and checks the taxonomy; a missing file is an empty taxonomy (tags still work, without descriptions). */
export function loadTaxonomy(file = DEFAULT_TAXONOMY_FILE): TaxonomyTag[] {
  if (!existsSync(file)) return [];
  const { data, yaml } = readYamlFile({
    file,
    plugin: "taxonomy",
    what: "the taxonomy",
    unreadable: (code) => ({ file, message: `the taxonomy cannot be read (${code})`, fix: "make it a readable text file, or remove it (tags then have no descriptions)" }),
    schema,
    empty: [],
    problems: (issues, yaml) =>
      issues.flatMap((issue): Problem[] => {
        const [entry, ...rest] = issue.path;
        const where = typeof entry === "number" ? `entry ${entry + 1}` : undefined;
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
        return keys.map((key) => {
          const at = key === undefined ? issue.path : [...issue.path, key];
          const field = [where, ...[...rest, ...(key === undefined ? [] : [key])].map(String)].filter(Boolean).join(" ") || undefined;
          const message = key !== undefined ? `"${key}" is not a known part of a tag` : where ? issue.message : `the taxonomy must be a list of tags (${issue.message})`;
          return { file, field, line: yamlLine(yaml, at), message, fix: TAXONOMY_FIX };
        });
      }),
  });
  const seen = new Map<string, number>();
  for (const [i, tag] of data.entries()) {
    const first = seen.get(tagKey(tag.name));
    if (first !== undefined) {
      throw new InvalidContentError("taxonomy", [
        { file, field: `entry ${i + 1} name`, line: yamlLine(yaml, [i, "name"]), message: `the tag "${tag.name}" is listed twice (entry ${first + 1} is the same tag)`, fix: "keep one entry" },
      ]);
    }
    seen.set(tagKey(tag.name), i);
  }
  return data;
}

/** Descriptions by tag key (case-insensitive name), for tag pages. */
export function descriptionsByKey(taxonomy: TaxonomyTag[]): Map<string, string> {
  return new Map(taxonomy.map((t) => [tagKey(t.name), t.description]));
}
