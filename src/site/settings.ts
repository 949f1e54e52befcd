import { z } from "zod";
import { ConfigError, type Problem } from "../errors.ts";
import { yamlLine } from "../papers/frontmatter.ts";
import { readYamlFile } from "../papers/yaml-file.ts";
import type { WithContext } from "../context.ts";
import type { EleventyConfig } from "../eleventy-types.ts";

/** Site settings as templates see them: the settings file plus where the site is published. */
export interface Site {
  title: string;
  description: string;
  author: string;
  language: string;
  /** Papers per page on the home, tag and status lists. */
  perPage: number;
  /** Newest papers in each feed. */
  feedSize: number;
  /** Origin only, no trailing slash: `https://user.github.io`. */
  origin: string;
  /** Always starts and ends with `/`: `/`, `/reading-list/`. */
  pathPrefix: string;
  /** Origin plus path prefix, ending in `/`: the absolute URL of the home page. */
  baseUrl: string;
}

const settingsSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().default(""),
  author: z.string().default(""),
  language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, "must be a language tag like en or en-GB").default("en"),
  perPage: z.int().min(1).max(1000).default(50),
  feedSize: z.int().min(1).max(10000).default(50),
  /** Papers per part of the search index (src/search/records.ts partCount): bounds Pagefind's memory. */
  searchPartSize: z.int().min(1).default(2000),
  /** An e-mail address sent with every request `shelfmark add`, `daily` and `refresh` make (src/web/http.ts). */
  contact: z.email("must be an e-mail address like you@example.org").optional(),
});
export type SiteSettings = z.infer<typeof settingsSchema>;

/** `reading-list`, `/reading-list`, `/reading-list/` → `/reading-list/`; empty → `/`. */
export function normalisePathPrefix(prefix: string | undefined): string {
  const parts = (prefix ?? "").split("/").filter(Boolean);
  return parts.length ? `/${parts.join("/")}/` : "/";
}

export interface Location {
  origin: string;
  pathPrefix: string;
}

/**
 * Where the site lives. `SITE_URL` may be an origin (`https://user.github.io`) or the full base URL that
 * GitHub's configure-pages prints (`https://user.github.io/repo`); its path is the prefix unless
 * `PATH_PREFIX` (or `--pathprefix`) says otherwise.
 */
export function resolveLocation(env: { SITE_URL?: string; PATH_PREFIX?: string }, cliPathPrefix?: string): Location {
  const raw = env.SITE_URL?.trim() || "http://localhost:8080";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("site", `SITE_URL "${raw}" is not a URL. Fix: set it to the site's address, e.g. SITE_URL=https://user.github.io`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError("site", `SITE_URL "${raw}" must start with http:// or https://`);
  }
  const explicit = cliPathPrefix && cliPathPrefix !== "/" ? cliPathPrefix : env.PATH_PREFIX;
  return { origin: url.origin, pathPrefix: normalisePathPrefix(explicit ?? url.pathname) };
}

export function loadSettings(file: string): SiteSettings {
  const known = Object.keys(settingsSchema.shape).join(", ");
  return readYamlFile({
    file,
    plugin: "site",
    what: "the site settings file",
    unreadable: (code) => ({ file, message: `the site settings cannot be read (${code})`, fix: "create it with at least a line `title: My reading list`" }),
    schema: settingsSchema,
    empty: {},
    problems: (issues, yaml) =>
      issues.flatMap((issue): Problem[] => {
        if (issue.code === "unrecognized_keys") {
          return issue.keys.map((key) => ({ file, field: key, line: yamlLine(yaml, [...issue.path, key]), message: `"${key}" is not a known setting`, fix: `remove it, or use one of: ${known}` }));
        }
        const field = issue.path.map(String).join(".") || undefined;
        const example = field ? SETTING_EXAMPLES[field] : undefined;
        return [{ file, field, line: yamlLine(yaml, issue.path), message: field ? issue.message : `the settings must be a list of \`setting: value\` lines (${issue.message})`, fix: example ? `write it as ${example}` : "write one setting per line, e.g. `title: My reading list`" }];
      }),
  }).data;
}

const SETTING_EXAMPLES: Record<string, string> = {
  title: "title: My reading list",
  description: "description: Papers I read about language models",
  author: "author: Ada Lovelace",
  language: "language: en",
  perPage: "perPage: 50",
  feedSize: "feedSize: 50",
  searchPartSize: "searchPartSize: 2000",
};

/** Makes `site` available to every template; the settings are read and checked once per build (src/context.ts). */
export function sitePlugin(eleventyConfig: EleventyConfig, { ctx }: WithContext): void {
  eleventyConfig.addWatchTarget(ctx.settingsFile);
  // Frozen: Eleventy shares a frozen object with every page instead of copying it and proxying each lookup.
  // A frozen copy: the context's own object stays open to the plugins that read it.
  eleventyConfig.addGlobalData("site", () => Object.freeze({ ...ctx.site() }));
}
