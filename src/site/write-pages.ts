// Pages rendered and written one at a time by shelfmark itself, inside Eleventy's build (the paper pages and the
// paginated lists, src/site/aside.ts): with the same Nunjucks environment (its filters and loader), the same
// layout, the same data and the same transforms as a page of Eleventy's own, but none of them kept once written. Eleventy holds every page it writes until the
// build ends, and builds a copy of the data and a template per paginated page before rendering the first one:
// for a long list most of the build's memory, and much of its time (docs/performance.md).
import { readFileSync } from "node:fs";
import path from "node:path";
import { ShelfmarkError } from "../errors.ts";
import { FileWriteError, type FileWriter } from "../runtime/file-writer.ts";

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
  /** Writes the files, on a thread of its own (src/runtime/file-writer.ts) while this one renders the next pages. */
  writer: FileWriter;
  /** Told of each page once written (the sitemap lists them: src/site/pages.ts pagesWrittenAside). */
  onWritten?: (page: { url: string; outputPath: string; inputPath: string }) => void;
}

/** Renders, transforms and writes each page in turn; resolves with the number written. */
export async function writePages(options: WritePagesOptions): Promise<number> {
  const { nunjucks, inputPath } = options;
  const layout = new nunjucks.Template(readFileSync(options.layoutFile, "utf8"), nunjucks.environment, options.layoutFile, false);
  const render = (data: object) =>
    new Promise<string>((resolve, reject) => layout.render(data, (error, result) => (error ? reject(error) : resolve(result ?? ""))));
  const stem = inputPath.replace(/^\.\//, "").replace(/\.[^./]+$/, "");
  const transforms = Object.entries(options.transforms);
  const queued: { url: string; outputPath: string }[] = [];
  for (const entry of options.entries) {
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
    await written(options.writer.write(entry.outputPath, content as string), options.plugin);
    queued.push({ url: entry.url, outputPath: entry.outputPath });
  }
  await written(options.writer.flush(), options.plugin);
  for (const page of queued) options.onWritten?.({ ...page, inputPath });
  return queued.length;
}

/** A file that could not be written stops the build, named, with what to look at. */
async function written(writing: Promise<void>, plugin: string): Promise<void> {
  try {
    await writing;
  } catch (error) {
    if (!(error instanceof FileWriteError)) throw new ShelfmarkError(plugin, `could not write the pages: ${(error as Error).message}`, { cause: error });
    const fix = error.reason.code === "ENOSPC" ? "free some space on the disk" : "check that the output folder can be written to (its permissions, the disk)";
    throw new ShelfmarkError(plugin, `${error.message}. Fix: ${fix}, then build again`, { cause: error });
  }
}
