// Pages rendered and written one at a time by shelfmark itself, inside Eleventy's build (the paper pages and the
// paginated lists, src/site/aside.ts): with the same Nunjucks environment (its filters and loader), the same
// layout, the same data and the same transforms as a page of Eleventy's own, but none of them kept once written. Eleventy holds every page it writes until the
// build ends, and builds a copy of the data and a template per paginated page before rendering the first one:
// for a long list most of the build's memory, and much of its time (docs/performance.md).
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ShelfmarkError } from "../errors.ts";

/** The parts of Nunjucks that rendering a layout needs: Eleventy's own environment and the library's Template. */
export interface Nunjucks {
  environment: unknown;
  Template: new (src: string, env: unknown, path: string, eagerCompile?: boolean) => { render(data: object, cb: (error: Error | null, result?: string) => void): void };
}

/** One page to write: where, and the `page` and other data Eleventy would give it. */
export interface PageEntry {
  url: string;
  outputPath: string;
  data: Record<string, unknown>;
}

/** What a page is to transforms and filters: the fields of Eleventy's `page` that a virtual template's page has. */
export interface PageData {
  inputPath: string;
  fileSlug: string;
  filePathStem: string;
  outputFileExtension: string;
  templateSyntax: string;
  url: string;
  outputPath: string;
}

type Transform = (this: { inputPath: string; outputPath: string; url: string; page: PageData }, content: string, outputPath: string) => unknown;

export interface WritePagesOptions {
  /** Whose pages these are, for error messages: `papers` gives `[shelfmark:papers]`. */
  plugin: string;
  nunjucks: Nunjucks;
  /** The layout file, as Eleventy would compile it (it has no front matter). */
  layoutFile: string;
  /** The data every page shares (global data); each entry's data is laid over it. */
  shared: Record<string, unknown>;
  /** The virtual template the pages stand for, `./content/shelfmark/paper.njk`: the `page.inputPath` transforms see. */
  inputPath: string;
  /** Eleventy's transforms, by name, in the order they were added. */
  transforms: Record<string, Transform>;
  entries: Iterable<PageEntry>;
  /** Told of each page once written (the sitemap lists them: src/site/pages.ts pagesWrittenAside). */
  onWritten?: (page: { url: string; outputPath: string; inputPath: string }) => void;
}

/**
 * Pages being written at most at once. Files are written by libuv's threads while this one renders the next
 * pages: creating a folder and a file costs the kernel far more on a busy disk than rendering the page costs
 * here, and the thread would otherwise wait for each (docs/performance.md). Bounded, so that the pages in
 * flight are all that is held.
 */
const WRITES_IN_FLIGHT = 32;

/** Renders, transforms and writes each page in turn; resolves with the number written. */
export async function writePages(options: WritePagesOptions): Promise<number> {
  const { nunjucks, inputPath } = options;
  const layout = new nunjucks.Template(readFileSync(options.layoutFile, "utf8"), nunjucks.environment, options.layoutFile, false);
  const render = (data: object) =>
    new Promise<string>((resolve, reject) => layout.render(data, (error, result) => (error ? reject(error) : resolve(result ?? ""))));
  const stem = inputPath.replace(/^\.\//, "").replace(/\.[^./]+$/, "");
  const transforms = Object.entries(options.transforms);
  let written = 0;
  const writing = new Set<Promise<void>>();
  let failed: { error: unknown } | undefined;
  const write = (entry: PageEntry, content: string) => {
    const done: Promise<void> = mkdir(path.dirname(entry.outputPath), { recursive: true })
      .then(() => writeFile(entry.outputPath, content))
      .then(
        () => {
          written++;
          options.onWritten?.({ url: entry.url, outputPath: entry.outputPath, inputPath });
        },
        (error: unknown) => {
          failed ??= { error };
        },
      )
      .finally(() => writing.delete(done));
    writing.add(done);
  };
  for (const entry of options.entries) {
    if (failed) break;
    const page: PageData = {
      inputPath,
      fileSlug: path.basename(stem),
      filePathStem: `/${stem.split("/").slice(1).join("/")}`,
      outputFileExtension: "html",
      templateSyntax: "njk",
      url: entry.url,
      outputPath: entry.outputPath,
    };
    let content: unknown;
    try {
      content = await render({ ...options.shared, ...entry.data, page, content: "" });
      for (const [name, transform] of transforms) {
        try {
          content = await transform.call({ inputPath, outputPath: entry.outputPath, url: entry.url, page }, content as string, entry.outputPath);
        } catch (error) {
          throw new ShelfmarkError(options.plugin, `the transform ${name} failed on ${entry.url}: ${(error as Error).message}`, { cause: error });
        }
      }
    } catch (error) {
      if (error instanceof ShelfmarkError) throw error;
      throw new ShelfmarkError(options.plugin, `could not render ${entry.url} (${path.relative(process.cwd(), options.layoutFile)}): ${(error as Error).message}`, { cause: error });
    }
    write(entry, content as string);
    if (writing.size >= WRITES_IN_FLIGHT) await Promise.race(writing);
  }
  await Promise.all(writing);
  if (failed) throw failed.error;
  return written;
}
