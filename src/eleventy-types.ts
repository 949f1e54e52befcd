/**
 * The part of Eleventy's configuration API that shelfmark's plugins use. Eleventy 3 ships no
 * TypeScript types; this keeps the plugins typed without pretending to describe all of it.
 */
export interface EleventyDirectories {
  input: string;
  output: string;
  includes: string;
  data: string;
}

export interface EleventyEventArgs {
  directories: EleventyDirectories;
  runMode: "build" | "watch" | "serve";
  outputMode: string;
  incremental: boolean;
  results?: { inputPath: string; outputPath: string | false; url: string; content: string }[];
}

export interface EleventyConfig {
  pathPrefix?: string;
  directories: EleventyDirectories;
  addPlugin<T>(plugin: (config: EleventyConfig, options: T) => unknown, options?: T): void;
  addGlobalData(name: string, value: unknown): void;
  /** `content`: template text, or for an `.11ty.js` path the render function (data → output). */
  addTemplate<D = any>(virtualPath: string, content: string | ((data: D) => string | Promise<string>), data?: Record<string, unknown>): void;
  addFilter(name: string, fn: (...args: any[]) => unknown): void;
  addShortcode(name: string, fn: (...args: any[]) => unknown): void;
  addTransform(name: string, fn: (this: { page: { outputPath: string | false; url: string; inputPath: string } }, content: string) => unknown): void;
  /** Runs before a template of these extensions (comma-separated) renders; may change its data in place. */
  addPreprocessor(name: string, extensions: string, fn: (data: Record<string, any>, content: string) => unknown): void;
  addCollection(name: string, fn: (api: { getAll(): Array<{ url: string | false; inputPath: string; data: Record<string, any> }> }) => unknown): void;
  addWatchTarget(target: string): void;
  addPassthroughCopy(paths: string | Record<string, string>): void;
  setLibrary(name: string, library: unknown): void;
  setServerOptions(options: Record<string, unknown>): void;
  setChokidarConfig(options: Record<string, unknown>): void;
  on(event: "eleventy.before" | "eleventy.after", fn: (args: EleventyEventArgs) => unknown): void;
  on(event: string, fn: (...args: any[]) => unknown): void;
  ignores: Set<string>;
  watchIgnores: Set<string>;
  setQuietMode(quiet: boolean): void;
  [key: string]: unknown;
}
