import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import { ConfigError, type Problem } from "../errors.ts";
import { yamlLine } from "../papers/frontmatter.ts";
import { describeValue } from "../papers/schema.ts";
import { readYamlFile, type ParsedYaml } from "../papers/yaml-file.ts";
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
  language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/).default("en"),
  perPage: z.int().min(1).max(1000).default(50),
  feedSize: z.int().min(1).max(10000).default(50),
  /** Papers per part of the search index (src/search/records.ts partCount): bounds Pagefind's memory. */
  searchPartSize: z.int().min(1).default(2000),
  /** An e-mail address sent with every request `shelfmark add`, `daily` and `refresh` make (src/web/http.ts). */
  contact: z.email().optional(),
});
export type SiteSettings = z.infer<typeof settingsSchema>;

/** What each setting must be and how to write it: the messages about it say both. */
const SETTINGS: Record<keyof SiteSettings, { what: string; example: string }> = {
  title: { what: "text", example: "title: My reading list" },
  description: { what: "text", example: "description: Papers I read about language models" },
  author: { what: "text", example: "author: Ada Lovelace" },
  language: { what: "a language tag like en or en-GB", example: "language: en" },
  perPage: { what: "a whole number from 1 to 1000", example: "perPage: 50" },
  feedSize: { what: "a whole number from 1 to 10000", example: "feedSize: 50" },
  searchPartSize: { what: "a whole number, 1 or more", example: "searchPartSize: 2000" },
  contact: { what: "an e-mail address", example: "contact: you@example.org" },
};
const KNOWN_SETTINGS = Object.keys(SETTINGS);
const REQUIRED_SETTINGS = Object.entries(settingsSchema.shape).filter(([, schema]) => !schema.safeParse(undefined).success).map(([key]) => key);

/** The known setting a misspelt one most plausibly means (`feedsize` → `feedSize`), if any. */
export function nearestSetting(name: string): string | undefined {
  const lower = name.toLowerCase();
  const byLower = new Map(KNOWN_SETTINGS.map((key) => [key.toLowerCase(), key]));
  const candidate = closest(lower, [...byLower.keys()]);
  return distance(lower, candidate) <= Math.max(2, Math.floor(candidate.length / 3)) ? byLower.get(candidate) : undefined;
}

/** A value as a message names it (describeValue), empty text said as such. */
function describe(value: unknown): string {
  return value === "" ? "empty text" : describeValue(value, "a group of settings");
}

/** The schema's complaints about a settings file, each with its own fix. */
function settingsProblems(file: string, issues: readonly z.core.$ZodIssue[], yaml: ParsedYaml): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => {
        const near = nearestSetting(key);
        return {
          file,
          field: key,
          line: yamlLine(yaml, [...issue.path, key]),
          message: `"${key}" is not a known setting${near ? ` (did you mean "${near}"?)` : ""}`,
          fix: near ? `rename it to "${near}"` : `remove it, or use one of: ${KNOWN_SETTINGS.join(", ")}`,
        };
      });
    }
    const input = "input" in issue ? issue.input : undefined;
    const field = issue.path.map(String).join(".");
    const rule = Object.hasOwn(SETTINGS, field) ? SETTINGS[field as keyof SiteSettings] : undefined;
    if (!rule) {
      return [{ file, line: yamlLine(yaml, issue.path), message: `the settings must be \`setting: value\` lines, not ${describe(input)}`, fix: "write one setting per line, e.g. `title: My reading list`" }];
    }
    const required = REQUIRED_SETTINGS.includes(field);
    // Absent: no line of the file is about it.
    if (input === undefined) return [{ file, field, message: `the required setting "${field}" is missing`, fix: `add a line ${rule.example}` }];
    const line = yamlLine(yaml, issue.path);
    if (input === null || (required && input === "")) {
      return [required ? { file, field, line, message: `the required setting "${field}" is empty`, fix: `write it as ${rule.example}` } : { file, field, line, message: "has no value", fix: `remove the line, or write it as ${rule.example}` }];
    }
    return [{ file, field, line, message: `must be ${rule.what}, not ${describe(input)}`, fix: `write it as ${rule.example}` }];
  });
}

/** `reading-list`, `/reading-list`, `/reading-list/` → `/reading-list/`; empty → `/`. */
export function normalisePathPrefix(prefix: string | undefined): string {
  const parts = (prefix ?? "").split("/").filter(Boolean);
  return parts.length ? `/${parts.join("/")}/` : "/";
}

export interface Location {
  origin: string;
  pathPrefix: string;
}

type LocationEnv = { SITE_URL?: string; PATH_PREFIX?: string };

/** A path segment as a URL carries it: unreserved and sub-delimiter characters, `@`, and %-escapes. */
const SEGMENT = /^(?:[A-Za-z0-9._~!$&'()*+,;=@-]|%[0-9A-Fa-f]{2})+$/;

/**
 * What is wrong with `SITE_URL` or the path prefix, as one line with its fix, or their location. Never throws:
 * the configuration reads the prefix while Eleventy imports it, where an error would be buried in Eleventy's
 * report about the configuration file; the build reports it instead (BuildContext.site(), resolveLocation).
 */
export function checkLocation(env: LocationEnv, cliPathPrefix?: string): { ok: true; location: Location } | { ok: false; message: string } {
  const raw = env.SITE_URL?.trim() || "http://localhost:8080";
  if (!isWebUrl(raw)) return { ok: false, message: siteUrlProblem(raw) };
  const url = new URL(raw);
  const fromCli = cliPathPrefix !== undefined && cliPathPrefix !== "/" && cliPathPrefix !== "";
  const given = fromCli ? cliPathPrefix : env.PATH_PREFIX;
  if (given !== undefined) {
    const problem = pathPrefixProblem(given, fromCli ? "--pathprefix" : "PATH_PREFIX");
    if (problem) return { ok: false, message: problem };
  }
  return { ok: true, location: { origin: url.origin, pathPrefix: normalisePathPrefix(given ?? url.pathname) } };
}

/** What is wrong with a `SITE_URL` that is not a web address, with the fix. */
function siteUrlProblem(raw: string): string {
  if (!raw.includes("://")) {
    // `user.github.io`, `localhost:8080`: an address without its scheme (the second parses as the scheme `localhost:`).
    const withScheme = `${/^(localhost|127\.)/.test(raw) ? "http" : "https"}://${raw}`;
    if (isWebUrl(withScheme)) return `SITE_URL "${raw}" is not a URL. Fix: SITE_URL=${withScheme}`;
  } else if (/^[a-z][a-z0-9+.-]*:\/\/./i.test(raw) && isWebUrl(raw.replace(/^[^:]+/, "https"))) {
    return `SITE_URL "${raw}" must start with http:// or https://. Fix: SITE_URL=${raw.replace(/^[^:]+/, "https")}`;
  }
  return `SITE_URL "${raw}" is not a URL. Fix: set it to the site's address, e.g. SITE_URL=https://user.github.io`;
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** What is wrong with a path prefix (`/reading-list/`) given as `name`, with the fix; undefined when nothing is. */
function pathPrefixProblem(value: string, name: string): string | undefined {
  const segments = value.trim().split("/").filter(Boolean);
  if (segments.every((s) => SEGMENT.test(s) && s !== "." && s !== "..")) return undefined;
  const set = name === "--pathprefix" ? (prefix: string) => `--pathprefix=${prefix}` : (prefix: string) => `PATH_PREFIX=${prefix}`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) && isWebUrl(value.trim())) {
    const prefix = normalisePathPrefix(new URL(value.trim()).pathname);
    return `${name} "${value}" is a URL, not a path. Fix: ${set(prefix)} (or give the whole address as SITE_URL=${value.trim()}: its path becomes the prefix)`;
  }
  if (/^[A-Za-z]:[\\/]/.test(value.trim())) {
    // Git Bash on Windows turns an argument or variable that starts with / into a Windows path.
    const last = segments.at(-1)!.split("\\").at(-1)!;
    return `${name} "${value}" is a Windows path, not a path on the site. Fix: ${set(`/${last}/`)}; in Git Bash write MSYS_NO_PATHCONV=1 before the command, or Git Bash rewrites the value again`;
  }
  const cleaned = segments
    .filter((s) => s !== "." && s !== "..")
    .map((s) => s.replace(/%(?![0-9A-Fa-f]{2})/g, "-").replace(/[^A-Za-z0-9._~!$&'()*+,;=@%-]+/g, "-").replace(/^-+|-+$/g, ""))
    .filter(Boolean);
  return `${name} "${value}" is not a path on the site: only letters, digits and - _ . ~ between slashes (no spaces, ?, #, \\ or ..). Fix: ${set(normalisePathPrefix(cleaned.join("/") || "reading-list"))}`;
}

/**
 * Where the site lives. `SITE_URL` may be an origin (`https://user.github.io`) or the full base URL that
 * GitHub's configure-pages prints (`https://user.github.io/repo`); its path is the prefix unless
 * `PATH_PREFIX` (or `--pathprefix`) says otherwise. A value that cannot be used throws a ConfigError that says so.
 */
export function resolveLocation(env: LocationEnv, cliPathPrefix?: string): Location {
  const checked = checkLocation(env, cliPathPrefix);
  if (!checked.ok) throw new ConfigError("site", checked.message);
  return checked.location;
}

/**
 * The path prefix for Eleventy's configuration, read while Eleventy imports it: `/` where `SITE_URL` or
 * `PATH_PREFIX` cannot be used, and the build then stops with the problem (BuildContext.site() calls resolveLocation),
 * printed once, as content errors are, instead of inside Eleventy's report about the configuration file.
 */
export function configPathPrefix(env: LocationEnv): string {
  const checked = checkLocation(env);
  return checked.ok ? checked.location.pathPrefix : "/";
}

export function loadSettings(file: string): SiteSettings {
  return readYamlFile({
    file,
    plugin: "site",
    what: "the site settings file",
    unreadable: (code) => ({ file, message: `the site settings cannot be read (${code})`, fix: "create it with at least a line `title: My reading list`" }),
    schema: settingsSchema,
    empty: {},
    problems: (issues, yaml) => settingsProblems(file, issues, yaml),
  }).data;
}

/** Makes `site` available to every template; the settings are read and checked once per build (src/context.ts). */
export function sitePlugin(eleventyConfig: EleventyConfig, { ctx }: WithContext): void {
  eleventyConfig.addWatchTarget(ctx.settingsFile);
  // Frozen: Eleventy shares a frozen object with every page instead of copying it and proxying each lookup.
  // A frozen copy: the context's own object stays open to the plugins that read it.
  eleventyConfig.addGlobalData("site", () => Object.freeze({ ...ctx.site() }));
}
