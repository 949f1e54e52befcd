// The search index alone: the records a build gives Pagefind (same papers, same parts, same code), indexed and
// written with nothing else running. The build cannot take less than this, so the benchmark reports it next to
// the I/O floor: what part of the build's multiple of the floor Pagefind takes by itself.
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildLibrary, loadPapers } from "../../src/papers/library.ts";
import { renderNotes } from "../../src/site/markdown.ts";
import { searchRecords } from "../../src/search/records.ts";
import { writeSearchIndex } from "../../src/search/pagefind.ts";
import { loadSettings } from "../../src/site/settings.ts";
import { statCpu } from "./proc.ts";

const [project, outDir] = process.argv.slice(2) as [string, string];
const papers = await loadPapers({ dir: path.join(project, "content/papers"), plugin: "bench" });
const library = buildLibrary(papers, { includeDrafts: false, renderNotes: (markdown) => ({ html: renderNotes(markdown), links: [] }), plugin: "bench" });
const { language, searchPartSize } = loadSettings(path.join(project, "content/site.yaml"));

/** CPU seconds of this process and of the child processes it has waited for (each Pagefind process, once closed). */
const cpuSeconds = () => statCpu(readFileSync("/proc/self/stat", "utf8")).cpuS;

const [startedMs, startedCpu] = [performance.now(), cpuSeconds()];
const { indexed } = await writeSearchIndex(searchRecords(library.papers, searchPartSize, { language }), path.join(outDir, "pagefind"));
const indexMs = performance.now() - startedMs;
if (indexed !== library.papers.length) throw new Error(`indexed ${indexed} of ${library.papers.length} papers`);
// The last Pagefind process is closed: give Node a moment to reap it, so that its CPU time is counted.
await new Promise((resolve) => setTimeout(resolve, 200));
console.log(JSON.stringify({ indexMs, cpuS: cpuSeconds() - startedCpu, indexed }));
