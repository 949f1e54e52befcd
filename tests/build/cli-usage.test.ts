import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, type RunResult } from "../helpers/project.ts";
import { Fixture, paper, REPO } from "../helpers/site.ts";
import { WebServer } from "../helpers/web-server.ts";

/**
 * The command line as a person meets it, through the bin run as a child process: usage errors (exit 2, one
 * message format for every command), a command run in a subfolder of the project or outside any project, counts
 * in words, and a reader that closes the output early.
 */

const BIN = path.join(REPO, "src/cli/bin.js");
/** No request leaves the machine, whatever a command tries. */
const OFFLINE = { SHELFMARK_NET_ALLOW: "127.0.0.1", SHELFMARK_ARXIV_API: "http://127.0.0.1:9/arxiv", SHELFMARK_DOI_RESOLVER: "http://127.0.0.1:9/doi", SHELFMARK_HF_API: "http://127.0.0.1:9/hf" };
const shelfmark = (args: string[], cwd: string, env: Record<string, string> = {}): Promise<RunResult> => run(BIN, args, cwd, { ...OFFLINE, ...env });

const TAXONOMY = `- name: KV cache
  description: "Keeping the keys and values of attention."
  match: [kv cache]
`;
const ONE_BIB = `@article{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  year = {2017},
  eprint = {1706.03762},
  archivePrefix = {arXiv}
}
`;
const papersOf = async (dir: string) => (existsSync(dir) ? (await readdir(dir)).sort() : []);

describe("usage errors exit 2, with one message format for every command", () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await Fixture.create({ papers: { existing: paper({ title: "An Existing Paper", added: "2026-01-01" }) } });
    await fixture.write("one.bib", ONE_BIB);
  });
  afterAll(() => fixture?.cleanup());

  it.each([
    [["new"], "new", `give the paper's title: shelfmark new "Attention Is All You Need"`],
    [["new", "  "], "new", `give the paper's title: shelfmark new "Attention Is All You Need"`],
    [["new", "--date", "2024-13-01", "T"], "new", "--date 2024-13-01 is not a real date written YYYY-MM-DD"],
    [["import"], "import", "give one file to import: shelfmark import <file> [--date YYYY-MM-DD] [--dry-run]"],
    [["import", "one.bib", "two.bib"], "import", "give one file to import: shelfmark import <file> [--date YYYY-MM-DD] [--dry-run]"],
    [["import", "--format", "xml", "one.bib"], "import", "--format xml is not a known format: use trending or bibtex"],
    [["import", "one.bib", "--date", "2026-02-30"], "import", "--date 2026-02-30 is not a real date written YYYY-MM-DD"],
    [["linkcheck", "_site", "other"], "linkcheck", "one folder at most, got 2: _site other"],
    [["update", "one", "two"], "update", "give at most one source: shelfmark update [<repository URL, path or remote>] [--ref main]"],
    // node:util parseArgs's own errors, said the same way.
    [["new", "--bogus", "X"], "new", 'unknown option "--bogus"'],
    [["new", "T", "--date"], "new", "--date needs a value"],
    [["tag", "--dry-run=yes"], "tag", "--dry-run takes no value"],
    [["tag", "everything"], "tag", 'unexpected argument "everything": this command takes only options'],
  ])("shelfmark %j", async (args, command, message) => {
    const result = await shelfmark(args, fixture.dir);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe(`[shelfmark:${command}] ${message}\n(see shelfmark ${command} --help)\n`);
    expect(result.stdout).toBe("");
    expect(await papersOf(fixture.path("content/papers"))).toEqual(["existing.md"]);
  });

  it.each(["new", "import", "add", "daily", "refresh", "tag", "check", "linkcheck", "update"])("shelfmark %s --bogus names the option plainly", async (command) => {
    const result = await shelfmark([command, "--bogus"], fixture.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`[shelfmark:${command}] unknown option "--bogus"\n(see shelfmark ${command} --help)\n`);
  });
});

describe("a command run in a subfolder works on the project", () => {
  let fixture: Fixture;
  let server: WebServer;
  beforeAll(async () => {
    server = await WebServer.start();
    fixture = await Fixture.create({
      site: "title: Test list\ncontact: reader@example.org\n",
      papers: { existing: paper({ title: "An Existing Paper", added: "2026-01-01" }) },
      files: { "_data/taxonomy.yaml": TAXONOMY },
    });
    await fixture.write("one.bib", ONE_BIB);
    await fixture.write("_site/index.html", '<!doctype html><html lang="en"><head><title>Home</title></head><body><a href="/">home</a></body></html>\n');
  });
  afterAll(async () => {
    await fixture?.cleanup();
    await server?.close();
  });

  it("check in content/ checks the project's papers", async () => {
    const result = await shelfmark(["check"], fixture.path("content"));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("shelfmark check: 1 paper, ");
  });

  it("new in content/papers writes into the project's papers, tagged by its taxonomy, and prints the path from there", async () => {
    const result = await shelfmark(["new", "Squeezing the KV Cache", "--date", "2026-02-01"], fixture.path("content/papers"));
    expect(result, result.stderr).toMatchObject({ code: 0, stdout: "squeezing-the-kv-cache.md\n" });
    expect(await fixture.read("content/papers/squeezing-the-kv-cache.md")).toMatch(/^tags: \[KV cache\] /m);
    expect(fixture.exists("content/papers/content")).toBe(false);
  });

  it("a --dir typed in a subfolder is relative to that subfolder; the taxonomy is still the project's", async () => {
    const result = await shelfmark(["new", "KV Cache Typed Here", "--dir", "papers", "--date", "2026-02-01"], fixture.path("content"));
    expect(result, result.stderr).toMatchObject({ code: 0, stdout: "papers/kv-cache-typed-here.md\n" });
    expect(await fixture.read("content/papers/kv-cache-typed-here.md")).toMatch(/^tags: \[KV cache\] /m);
    const check = await shelfmark(["check", "--dir", "."], fixture.path("content/papers"));
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain("shelfmark check: 3 papers, ");
  });

  it("import reads its file from where it was typed and writes into the project; tag counts the project's papers", async () => {
    const imported = await shelfmark(["import", "../../one.bib", "--date", "2026-02-02"], fixture.path("content/papers"));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("+ attention-is-all-you-need.md");
    expect(imported.stdout).toContain("The list now holds 4 papers and passes the checks.");
    const tagged = await shelfmark(["tag", "--dry-run"], fixture.path("content"));
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(tagged.stdout).toContain("shelfmark tag: 4 papers, 0 would change");
  });

  it("add and refresh in content/papers write into the project and name its contact to the services", async () => {
    server.reset();
    const added = await shelfmark(["add", "2001.04451", "--date", "2026-02-03"], fixture.path("content/papers"), server.env());
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^2001\.04451: written reformer\.md/m);
    expect(fixture.exists("content/papers/reformer.md")).toBe(true);
    expect(server.requests[0]!.headers["user-agent"]).toBe("shelfmark/0.1.0 (mailto:reader@example.org)");
    server.reset();
    const refreshed = await shelfmark(["refresh", "reformer", "--dry-run"], fixture.path("content/papers"), server.env());
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(refreshed.stdout).toContain("shelfmark refresh: 1 paper asked");
  });

  it("linkcheck in a subfolder checks the project's _site", async () => {
    const result = await shelfmark(["linkcheck"], fixture.path("content/papers"), { SITE_URL: "", PATH_PREFIX: "" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("shelfmark linkcheck: ../../_site: no broken links");
  });
});

describe("the project is found by its package.json too; outside any project the commands say so", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-root-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("a project that installed shelfmark, run from a folder with a package.json of its own", async () => {
    const project = path.join(dir, "my-list");
    await mkdir(path.join(project, "tools"), { recursive: true });
    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "my-list", private: true, dependencies: { shelfmark: "^0.1.0" } }));
    // Another package inside the project is not the project.
    await writeFile(path.join(project, "tools/package.json"), JSON.stringify({ name: "my-tools", private: true }));
    const result = await shelfmark(["new", "Found From Below", "--date", "2026-02-01"], path.join(project, "tools"));
    expect(result, result.stderr).toMatchObject({ code: 0, stdout: "../content/papers/found-from-below.md\n" });
    expect(existsSync(path.join(project, "content/papers/found-from-below.md"))).toBe(true);
  });

  it.each([["check"], ["new", "A Paper"], ["import", "one.bib"], ["tag"], ["add", "2001.04451"], ["daily", "--date", "2024-08-14"], ["refresh"], ["linkcheck"]])(
    "shelfmark %j outside any project exits 1, writing nothing",
    async (...args) => {
      const outside = path.join(dir, "outside");
      await mkdir(outside, { recursive: true });
      await writeFile(path.join(outside, "one.bib"), ONE_BIB);
      const result = await shelfmark(args, outside);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`[shelfmark:${args[0]}] no shelfmark project in ${outside} or any folder above it`);
      expect(result.stderr).toMatch(/Fix: run (the command|it) in your reading list's folder \(the one that holds content\/\)/);
      // No option the command lacks (check has no --taxonomy).
      if (args[0] === "check") expect(result.stderr).toContain("or name the folders with its options (shelfmark check --help)");
      expect(await readdir(outside)).toEqual(["one.bib"]);
    },
  );

  it("check --dir from outside checks that project's settings and taxonomy with its papers", async () => {
    const fixture = await Fixture.create({ papers: { one: paper({ title: "One", added: "2026-01-01", tags: "[llm]" }) }, site: "title: T\nperPage: 0\n" });
    try {
      const outside = path.join(dir, "elsewhere");
      await mkdir(outside, { recursive: true });
      const result = await shelfmark(["check", "--dir", fixture.path("content/papers")], outside);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`${path.relative(outside, fixture.path("content/site.yaml"))}:2 field "perPage": must be a whole number from 1 to 1000, not the number 0`);
      expect(result.stderr).not.toContain("which the build needs");
    } finally {
      await fixture.cleanup();
    }
  });
});

describe("counts in words", () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await Fixture.create({ files: { "_data/taxonomy.yaml": TAXONOMY } });
    await fixture.write("one.bib", ONE_BIB);
  });
  afterAll(() => fixture?.cleanup());

  it("one paper is one paper", async () => {
    const imported = await shelfmark(["import", "one.bib", "--date", "2026-02-02"], fixture.dir);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("The list now holds 1 paper and passes the checks.");
    const tagged = await shelfmark(["tag", "--dry-run"], fixture.dir);
    expect(tagged.stdout).toContain("shelfmark tag: 1 paper, 0 would change");
  });
});

describe("a reader that closes the output early", () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await Fixture.create({});
    await fixture.write("one.bib", ONE_BIB);
  });
  afterAll(() => fixture?.cleanup());

  it("ends the command quietly, its work done (shelfmark import list.bib | head -4)", async () => {
    const child = spawn(BIN, ["import", "one.bib", "--date", "2026-02-02"], { cwd: fixture.dir, env: { ...process.env, ...OFFLINE }, stdio: ["ignore", "pipe", "pipe"] });
    // Closed before the command has written anything: every line it prints meets a closed pipe.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(await readFile(fixture.path("content/papers/attention-is-all-you-need.md"), "utf8")).toMatch(/^title: Attention Is All You Need$/m);
  });
});
