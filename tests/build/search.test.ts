import { readFile, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { attr, elements, parseHtml, text } from "../helpers/html.ts";
import { bundleEntries, bundlePageCount } from "../helpers/pagefind-bundle.ts";
import { ProjectCopy } from "../helpers/project.ts";
import { DEFAULT_SITE, Fixture, listFiles, paper, SERVE_START_MS } from "../helpers/site.ts";
import { DEV_SERVER_DEADLINE_MS, saveUntilSeen, until } from "../helpers/wait.ts";

/** What Pagefind stored for one page (its fragment file: gzip, a 12-byte signature, then JSON). */
interface Fragment {
  url: string;
  content: string;
  filters: Record<string, string[]>;
  meta: Record<string, string>;
}

/** The folders of a bundle's parts: the bundle itself, then part-2/, part-3/... in order. */
async function partDirs(bundle: string): Promise<string[]> {
  const parts = (await readdir(bundle)).filter((n) => /^part-\d+$/.test(n)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  return [bundle, ...parts.map((n) => path.join(bundle, n))];
}

/**
 * One part's fragments in page order: the order the records were given to Pagefind, which its meta file (gzip,
 * signature, CBOR) keeps as the list of fragment names.
 */
async function partFragments(dir: string): Promise<Fragment[]> {
  const meta = gunzipSync(await readFile(path.join(dir, (await readdir(dir)).find((n) => n.endsWith(".pf_meta"))!))).toString("latin1");
  const names = (await readdir(path.join(dir, "fragment"))).map((n) => n.replace(/\.pf_fragment$/, ""));
  const at = new Map(names.map((n) => [n, meta.indexOf(n)]));
  expect([...at.values()].every((i) => i >= 0), "every fragment is listed in the meta file").toBe(true);
  names.sort((a, b) => at.get(a)! - at.get(b)!);
  return Promise.all(names.map(async (n) => JSON.parse(gunzipSync(await readFile(path.join(dir, "fragment", `${n}.pf_fragment`))).subarray("pagefind_dcd".length).toString("utf8")) as Fragment));
}

/** Every page of the index, all parts together, by URL. */
async function fragments(bundle: string): Promise<Fragment[]> {
  const all = (await Promise.all((await partDirs(bundle)).map(partFragments))).flat();
  return all.sort((a, b) => (a.url < b.url ? -1 : 1));
}

const PAPERS: Record<string, string> = {
  "kv-cache": paper(
    {
      title: "Compressing the KV Cache",
      added: "2025-11-02",
      tags: "[KV cache, LLM]",
      status: "reading",
      authors: "[Ada Lovelace]",
      code: "https://example.org/kv",
      arxiv: '"2401.00001"',
      abstract: "Eviction policies for the key-value cache.",
    },
    "## A heading in my notes\n\nNotes about eviction.",
  ),
  "speculative": paper({ title: "Speculative Decoding", added: "2026-01-15", tags: "[llm, decoding]", status: "to-read" }),
  "a-draft": paper({ title: "A Draft Never Published", added: "2026-02-01", draft: "true" }),
};

describe("the search index of a production build", () => {
  let fixture: Fixture;
  let out: string;

  beforeAll(async () => {
    fixture = await Fixture.create({ papers: PAPERS });
    const result = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" });
    expect(result.code, result.stderr).toBe(0);
    out = result.out;
  });
  afterAll(() => fixture?.cleanup());

  it("holds exactly the paper pages (drafts and other pages left out)", async () => {
    expect(bundlePageCount(path.join(out, "pagefind"))).toBe(2);
    expect((await fragments(path.join(out, "pagefind"))).map((f) => f.url)).toEqual(["/papers/kv-cache/", "/papers/speculative/"]);
  });

  it("gives each page its filters and metadata, with the values the search page offers", async () => {
    const [kv, spec] = await fragments(path.join(out, "pagefind"));
    expect(kv!.filters).toEqual({ tag: ["KV cache", "LLM"], status: ["reading"], year: ["2025"], code: ["yes"] });
    expect(kv!.meta).toEqual({ title: "Compressing the KV Cache", added: "2025-11-02", status: "reading", tags: "KV cache, LLM" });
    // `llm` and `LLM` are one tag: the index uses its one display name.
    expect(spec!.filters).toEqual({ tag: ["LLM", "decoding"], status: ["to-read"], year: ["2026"] });

    const page = parseHtml(await fixture.read("_site/search/index.html"));
    const offered = page.all("input", (el) => attr(el, "type") === "checkbox").map((el) => `${attr(el, "name")}=${attr(el, "value")}`);
    expect(offered).toEqual(["status=to-read", "status=reading", "status=read", "year=2026", "year=2025", "code=yes", "tag=decoding", "tag=KV cache", "tag=LLM"]);
  });

  it("indexes the words of a paper, not the labels and links around them", async () => {
    const [kv] = await fragments(path.join(out, "pagefind"));
    expect(kv!.content).toContain("Compressing the KV Cache");
    expect(kv!.content).toContain("Ada Lovelace");
    expect(kv!.content).toContain("Eviction policies for the key-value cache.");
    expect(kv!.content).toContain("Notes about eviction.");
    for (const label of ["Status", "Added", "Abstract", "Notes.", "arXiv", "Code", "Previous", "Next"]) expect(kv!.content).not.toContain(label);
  });

  it("adds a labelled search page whose script knows the bundle and the sub-path", async () => {
    const page = parseHtml(await fixture.read("_site/search/index.html"));
    const input = page.all("input", (el) => attr(el, "id") === "search-q")[0]!;
    expect(attr(input, "type")).toBe("search");
    expect(attr(input, "name")).toBe("q");
    expect(page.all("label", (el) => attr(el, "for") === "search-q").map(text)).toEqual(["Search 2 papers"]);
    const root = page.all("div", (el) => attr(el, "id") === "search")[0]!;
    expect(attr(root, "data-bundle")).toBe("/reading-list/pagefind/");
    expect(attr(root, "data-base-url")).toBe("/reading-list/");
    const noscript = page.all("noscript")[0]!;
    expect(noscript.childNodes.length).toBeGreaterThan(0);
    expect(text(noscript)).toContain("/reading-list/tags/");
  });

  it("has no inline code anywhere; site.js on every page, the search code only on the search page", async () => {
    const pages = (await listFiles(out)).filter((f) => f.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(5);
    for (const file of pages) {
      const page = parseHtml(await fixture.read(`_site/${file}`));
      // Data blocks (JSON-LD) never run, so a CSP without 'unsafe-inline' allows them; inline code would be blocked.
      const code = page.all("script", (s) => !/json/.test(attr(s, "type") ?? ""));
      const scripts = code.map((s) => attr(s, "src") ?? `inline: ${text(s).slice(0, 40)}`);
      expect(scripts.filter((s) => s.startsWith("inline")), file).toEqual([]);
      expect(scripts, file).toContain("/reading-list/assets/site.js");
      expect(scripts.includes("/reading-list/assets/search.js"), file).toBe(file === "search/index.html");
      for (const el of elements(page.root)) for (const a of el.attrs) expect(a.name.startsWith("on"), `${file}: ${el.tagName}[${a.name}]`).toBe(false);
      const styles = page.all("link", (l) => attr(l, "rel") === "stylesheet").map((l) => attr(l, "href"));
      expect(styles.includes("/reading-list/assets/search.css"), file).toBe(file === "search/index.html");
    }
  });

  it("writes a byte-identical index when built again", async () => {
    const again = await fixture.build({ siteUrl: "https://example.github.io", pathPrefix: "/reading-list/" }, "_again");
    expect(again.code, again.stderr).toBe(0);
    const files = await listFiles(path.join(out, "pagefind"));
    expect(await listFiles(path.join(again.out, "pagefind"))).toEqual(files);
    for (const file of files) {
      expect((await readFile(path.join(again.out, "pagefind", file))).equals(await readFile(path.join(out, "pagefind", file))), file).toBe(true);
    }
  });
});

describe("search with an empty list or a broken layout", () => {
  it("builds an empty index and says there is nothing to search", async () => {
    const fixture = await Fixture.create({ papers: {} });
    try {
      const result = await fixture.build();
      expect(result.code, result.stderr).toBe(0);
      expect(bundlePageCount(fixture.path("_site/pagefind"))).toBe(0);
      const page = parseHtml(await fixture.read("_site/search/index.html"));
      expect(page.all("div", (el) => attr(el, "id") === "search")).toHaveLength(0);
      expect(text(page.all("main")[0]!)).toContain("There are no papers to search yet.");
    } finally {
      await fixture.cleanup();
    }
  });

});

describe("a long list's index, in parts", () => {
  /** Nine papers, newest first by name: p9 was added last. Two share a day. */
  const NINE = Object.fromEntries(
    Array.from({ length: 9 }, (_, i) => [`p${i}`, paper({ title: `Paper number ${i}`, added: `2025-01-${String(i === 8 ? 7 : i + 1).padStart(2, "0")}`, tags: "[one]" }, `Notes ${i}.`)]),
  );

  it("writes parts of the set size in the list's order, holding what one index would, the same at every build", async () => {
    const fixture = await Fixture.create({ papers: NINE, site: `${DEFAULT_SITE}searchPartSize: 4\n` });
    const whole = await Fixture.create({ papers: NINE });
    try {
      const [result, again, single] = await Promise.all([fixture.build(), fixture.build({}, "_again"), whole.build()]);
      for (const r of [result, again, single]) expect(r.code, r.stderr).toBe(0);
      // Parts the first writer had not started once the pages were written went to a second one: the same index.
      for (const r of [result, again]) expect(r.stdout).toMatch(/\[shelfmark:search\] indexed 9 papers; the index was finished \d+ ms after the pages( \(a second Pagefind process wrote [1-3] of its 3 parts\))?\n/);
      const bundle = path.join(result.out, "pagefind");
      const dirs = await partDirs(bundle);
      expect(dirs.map((d) => path.relative(bundle, d))).toEqual(["", "part-2", "part-3"]);
      expect(bundleEntries(bundle)).toEqual({ "pagefind-entry.json": 4, "part-2/pagefind-entry.json": 4, "part-3/pagefind-entry.json": 1 });
      // Newest first across the parts: p8 and p6 share a day, and keep the list's order (by title).
      const inParts = await Promise.all(dirs.map(async (d) => (await partFragments(d)).map((f) => f.url.replace(/^\/papers\/|\/$/g, ""))));
      expect(inParts).toEqual([["p7", "p6", "p8", "p5"], ["p4", "p3", "p2", "p1"], ["p0"]]);

      // What each paper's record holds does not depend on the parts.
      const strip = (list: Fragment[]) => list.map(({ url, content, filters, meta }) => ({ url, content, filters, meta }));
      expect(strip(await fragments(bundle))).toEqual(strip(await fragments(path.join(single.out, "pagefind"))));

      const files = await listFiles(bundle);
      expect(await listFiles(path.join(again.out, "pagefind"))).toEqual(files);
      for (const file of files) expect((await readFile(path.join(again.out, "pagefind", file))).equals(await readFile(path.join(bundle, file))), file).toBe(true);

      const root = parseHtml(await fixture.read("_site/search/index.html")).all("div", (el) => attr(el, "id") === "search")[0]!;
      expect(attr(root, "data-parts")).toBe("3");
      expect(attr(parseHtml(await whole.read("_site/search/index.html")).all("div", (el) => attr(el, "id") === "search")[0]!, "data-parts")).toBe("1");
    } finally {
      await Promise.all([fixture.cleanup(), whole.cleanup()]);
    }
  });

  it("is written whole on the main thread when its worker cannot start, the same index as a worker writes", async () => {
    // A project whose search worker is missing (as one whose modules a worker cannot load), built as a user does.
    const copy = await ProjectCopy.create({ papers: NINE, site: `${DEFAULT_SITE}searchPartSize: 4\n` });
    const normal = await Fixture.create({ papers: NINE, site: `${DEFAULT_SITE}searchPartSize: 4\n` });
    try {
      await rm(copy.path("src/search/worker.ts"));
      const [built, reference] = await Promise.all([copy.run("npm", ["run", "build"]), normal.build()]);
      for (const r of [built, reference]) expect(r.code, r.stderr).toBe(0);
      // The main thread wrote what was left once the worker had failed; a second writer may have taken parts from
      // the end before that was known (on a loaded machine the worker's failure can come after the last page).
      expect(built.stdout).toMatch(/\[shelfmark:search\] indexed 9 papers; the index was finished \d+ ms after the pages( \(a second Pagefind process wrote [1-3] of its 3 parts\))?\n/);
      const bundle = copy.path("_site/pagefind");
      expect(bundleEntries(bundle)).toEqual({ "pagefind-entry.json": 4, "part-2/pagefind-entry.json": 4, "part-3/pagefind-entry.json": 1 });
      const files = await listFiles(bundle);
      expect(await listFiles(path.join(reference.out, "pagefind"))).toEqual(files);
      for (const file of files) expect((await readFile(path.join(reference.out, "pagefind", file))).equals(await readFile(path.join(bundle, file))), file).toBe(true);
    } finally {
      await Promise.all([copy.cleanup(), normal.cleanup()]);
    }
  });

  it.each([
    ["0", /field "searchPartSize"/],
    ["many", /field "searchPartSize"/],
  ])("refuses a part size of %s in the site settings", async (size, message) => {
    const fixture = await Fixture.create({ papers: NINE, site: `${DEFAULT_SITE}searchPartSize: ${size}\n` });
    try {
      const result = await fixture.build();
      expect(result.code).not.toBe(0);
      expect(result.stderr + result.stdout).toMatch(message);
    } finally {
      await fixture.cleanup();
    }
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("search in the dev server", () => {
  let fixture: Fixture;

  // After each: every case makes a project of its own and starts its server (a server left running would go on
  // watching and writing after the suite).
  afterEach(async () => {
    // Stops the server and waits for it to end before the folder goes.
    await fixture?.cleanup();
  });

  // Waited on by the server's own signals (its "Server at" line, the index rewritten on disk), each with a generous
  // limit: alongside the whole suite on two cores a start and a rebuild take many times longer than alone.
  it.each([
    ["in one part", "", undefined],
    ["in parts of one paper, written by two Pagefind processes", "searchPartSize: 1\n", /\(a second Pagefind process wrote [1-4] of its [34] parts\)/],
  ])("rebuilds the index when a paper is added or edited (%s)", { timeout: SERVE_START_MS + 3 * DEV_SERVER_DEADLINE_MS + 60_000 }, async (_name, settings, shared) => {
    fixture = await Fixture.create({ papers: PAPERS, site: `${DEFAULT_SITE}${settings}` });
    const port = await freePort();
    // As `npm start` runs it.
    const dev = fixture.serve(port, "_site", { incremental: true, env: { SITE_URL: `http://localhost:${port}` } });
    const log = dev.output;
    const bundle = fixture.path("_site/pagefind");
    const served = async (file: string) => {
      const response = await fetch(`http://localhost:${port}/pagefind/${file}`);
      return response.ok ? response : undefined;
    };

    // Drafts show in the dev server: three papers.
    await until(`the dev server to start (log: ${log().slice(-500)})`, () => (/Server at/.test(log()) ? true : undefined), SERVE_START_MS);
    await until("the first index", async () => (bundlePageCount(bundle) === 3 ? true : undefined));
    const entry = await until("the dev server to serve the index", () => served("pagefind-entry.json"));
    expect(entry.headers.get("content-type")).toMatch(/json/);

    // Each save is repeated until the index shows it: a save while the server's watcher still scans is missed.
    const hasZeppelin = async () => (await fragments(bundle).catch(() => [])).some((f) => f.content.includes("Zeppelin"));
    await saveUntilSeen(() => fixture.writePaper("new-one", paper({ title: "Freshly Added Zeppelin Paper", added: "2026-03-01" })), hasZeppelin, "the new paper in the index");
    await until(`all four papers in the index (log: ${log().slice(-500)})`, () => (bundlePageCount(bundle) === 4 ? true : undefined));

    const renamed = async () => (await fragments(bundle).catch(() => [])).some((f) => f.meta.title === "Speculative Decoding, Renamed Walrus");
    await saveUntilSeen(() => fixture.writePaper("speculative", paper({ title: "Speculative Decoding, Renamed Walrus", added: "2026-01-15", tags: "[decoding]" })), renamed, "the edited title in the index");
    const after = await until("the whole index after the edit", async () => {
      const all = await fragments(bundle);
      return all.length === 4 && all.some((f) => f.meta.title === "Speculative Decoding, Renamed Walrus") ? all : undefined;
    });
    expect(after.map((f) => f.meta.title).sort()).toEqual(["A Draft Never Published", "Compressing the KV Cache", "Freshly Added Zeppelin Paper", "Speculative Decoding, Renamed Walrus"]);

    // A removed paper file leaves the index (the papers folder is watched by shelfmark itself: src/papers/watch.ts).
    await fixture.removePaper("new-one");
    await until(`three papers in the index again (log: ${log().slice(-500)})`, async () => (bundlePageCount(bundle) === 3 && !(await hasZeppelin()) ? true : undefined));
    // The index is written behind the build: the server is watching again before it is done, so a save made
    // meanwhile is built at once.
    const lastRebuild = await until("the last index's message", () => {
      const rebuild = log().slice(log().lastIndexOf("File changed"));
      return rebuild.includes("[shelfmark:search] indexed 3 papers") ? rebuild : undefined;
    });
    expect(lastRebuild).toContain("[shelfmark:papers] changed: content/papers/new-one.md");
    expect(lastRebuild.indexOf("Watching")).toBeGreaterThan(-1);
    expect(lastRebuild.indexOf("Watching")).toBeLessThan(lastRebuild.indexOf("[shelfmark:search] indexed"));
    expect(log()).not.toMatch(/\[shelfmark:search\].*(fail|holds)/);
    // The dev server starts both writers with its index: the second takes the last part at once.
    if (shared) {
      const lines = log().match(/\[shelfmark:search\] indexed.*/g) ?? [];
      expect(lines.length).toBeGreaterThanOrEqual(3);
      for (const line of lines) expect(line).toMatch(shared);
    }
  });
});
