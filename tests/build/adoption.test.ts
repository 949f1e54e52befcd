import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAtom, checkJsonFeed, checkRss, parseXml } from "../helpers/feed-spec.ts";
import { parseHtml, text } from "../helpers/html.ts";
import { bundlePageCount } from "../helpers/pagefind-bundle.ts";
import { ProjectCopy, run } from "../helpers/project.ts";
import { listFiles, paper, REPO } from "../helpers/site.ts";

// The product's main path, as a new user walks it: a copy of the whole project, its list replaced by their
// own papers and settings, then the commands the README and the Pages workflow run.

const SITE = "title: Ada's reading list\ndescription: What Ada reads about proteins.\nauthor: Ada\nlanguage: en\n";
const ENV = { SITE_URL: "https://ada.github.io", PATH_PREFIX: "/papers-i-read/" };
const OWN = {
  "protein-folding-notes": paper(
    { title: '"Highly accurate protein structure prediction with AlphaFold"', added: "2026-11-02", tags: "[protein structure]", status: "read", doi: "10.1038/s41586-021-03819-2" },
    "The Evoformer is the part to understand.\n",
  ),
  "esm-2": paper({ title: '"Evolutionary-scale prediction of atomic-level protein structure with a language model"', added: "2026-11-20", tags: "[protein structure, language models]" }),
};
const version = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).version as string;
const validator = new HtmlValidate({ extends: ["html-validate:standard"] });

describe("a copy of the project with the user's own two papers and settings", () => {
  let copy: ProjectCopy;
  let check: Awaited<ReturnType<ProjectCopy["run"]>>;
  let build: Awaited<ReturnType<ProjectCopy["run"]>>;

  beforeAll(async () => {
    // The user keeps no taxonomy: theirs is another field than the seed list's.
    copy = await ProjectCopy.create({ papers: OWN, site: SITE, files: { "_data/taxonomy.yaml": null, "custom.css": ":root { --accent: #7b2d8e; }\n" } });
    check = await copy.run("npx", ["shelfmark", "check"]);
    build = await copy.run("npm", ["run", "build"], ENV);
  });
  afterAll(() => copy?.cleanup());

  it("passes shelfmark check and builds", () => {
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain("shelfmark check: 2 papers, 2 tags, no problems.");
    expect(build.code, build.stderr).toBe(0);
  });

  it("holds exactly the user's list: pages, feeds, sitemap, exports and search", async () => {
    expect(readdirSync(copy.path("_site/papers")).sort()).toEqual(["esm-2", "protein-folding-notes"]);
    const home = parseHtml(await readFile(copy.path("_site/index.html"), "utf8"));
    expect(text(home.all("h1")[0]!)).toBe("Ada's reading list");
    expect(home.all("title").map(text)[0]).toContain("Ada's reading list");
    const atom = checkAtom(await readFile(copy.path("_site/feed.xml"), "utf8"));
    expect(atom.entries.map((e) => e.url).sort()).toEqual(["https://ada.github.io/papers-i-read/papers/esm-2/", "https://ada.github.io/papers-i-read/papers/protein-folding-notes/"]);
    const sitemap = parseXml(await readFile(copy.path("_site/sitemap.xml"), "utf8"), "urlset");
    const locs = JSON.stringify(sitemap).match(/https:\/\/ada\.github\.io\/papers-i-read\/papers\/[^"]+/g);
    expect(locs?.sort()).toEqual(["https://ada.github.io/papers-i-read/papers/esm-2/", "https://ada.github.io/papers-i-read/papers/protein-folding-notes/"]);
    expect((JSON.parse(await readFile(copy.path("_site/papers.json"), "utf8")) as unknown[]).length).toBe(2);
    expect(bundlePageCount(copy.path("_site/pagefind"))).toBe(2);
    expect(await readFile(copy.path("_site/index.html"), "utf8")).not.toMatch(/FlashAttention/);
  });

  it("loads the user's own stylesheet, content/custom.css, after the theme", async () => {
    const links = parseHtml(await readFile(copy.path("_site/papers/esm-2/index.html"), "utf8"))
      .all("link")
      .filter((l) => l.attrs.some((a) => a.name === "rel" && a.value === "stylesheet"))
      .map((l) => l.attrs.find((a) => a.name === "href")!.value);
    expect(links.slice(0, 2)).toEqual(["/papers-i-read/assets/theme.css", "/papers-i-read/assets/custom.css"]);
    expect(await readFile(copy.path("_site/assets/custom.css"), "utf8")).toBe(":root { --accent: #7b2d8e; }\n");
  });

  it("adds a paper with npm run new, and the list still passes the checks", async () => {
    const added = await copy.run("npm", ["run", "-s", "new", "--", "Accurate structure prediction of biomolecular interactions with AlphaFold 3"]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout.trim()).toMatch(/^content\/papers\/accurate-structure-prediction[a-z0-9-]*\.md$/);
    expect(existsSync(copy.path(added.stdout.trim()))).toBe(true);
    const again = await copy.run("npx", ["shelfmark", "check"]);
    expect(again.stdout).toContain("3 papers");
  });
});

describe("a copy of the project whose list is empty", () => {
  let copy: ProjectCopy;
  let build: Awaited<ReturnType<ProjectCopy["run"]>>;

  beforeAll(async () => {
    copy = await ProjectCopy.create({ papers: {}, site: SITE, files: { "_data/taxonomy.yaml": null } });
    build = await copy.run("npm", ["run", "build"], ENV);
  });
  afterAll(() => copy?.cleanup());

  it("builds, and the home page says there are no papers yet and how to add one", async () => {
    expect(build.code, build.stderr).toBe(0);
    const main = text(parseHtml(await readFile(copy.path("_site/index.html"), "utf8")).all("main")[0]!);
    expect(main).toContain("No papers yet");
    expect(main).toMatch(/npx shelfmark (add|new)/);
    expect(text(parseHtml(await readFile(copy.path("_site/search/index.html"), "utf8")).all("main")[0]!)).toContain("no papers to search yet");
    // No content/custom.css: no link to one.
    expect(await readFile(copy.path("_site/index.html"), "utf8")).not.toContain("custom.css");
  });

  it("keeps its feeds, sitemap and pages valid", async () => {
    expect(checkAtom(await readFile(copy.path("_site/feed.xml"), "utf8")).entries).toEqual([]);
    expect(checkRss(await readFile(copy.path("_site/rss.xml"), "utf8")).entries).toEqual([]);
    expect(checkJsonFeed(await readFile(copy.path("_site/feed.json"), "utf8")).entries).toEqual([]);
    const sitemap = JSON.stringify(parseXml(await readFile(copy.path("_site/sitemap.xml"), "utf8"), "urlset"));
    expect(sitemap).toContain("https://ada.github.io/papers-i-read/");
    expect(sitemap).not.toContain("/papers/");
    const failures: string[] = [];
    for (const page of (await listFiles(copy.path("_site"))).filter((f) => f.endsWith(".html"))) {
      const report = await validator.validateString(await readFile(copy.path(`_site/${page}`), "utf8"), page);
      for (const r of report.results) for (const m of r.messages) failures.push(`${page}:${m.line} ${m.ruleId}: ${m.message}`);
    }
    expect(failures).toEqual([]);
  });
});

describe("the shelfmark command, by every route the README gives", () => {
  let copy: ProjectCopy;
  beforeAll(async () => {
    copy = await ProjectCopy.create({ papers: OWN, site: SITE });
  });
  afterAll(() => copy?.cleanup());

  it.each([[[]], [["help"]], [["--help"]], [["-h"]]])("npx shelfmark %j prints the usage and exits 0", async (args) => {
    const result = await copy.run("npx", ["shelfmark", ...args]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage:$/m);
    for (const command of ["new", "import", "tag", "check", "update"]) expect(result.stdout).toContain(`shelfmark ${command}`);
  });

  it("npx shelfmark --version prints the package's version", async () => {
    const result = await copy.run("npx", ["shelfmark", "--version"]);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it.each(["new", "import", "tag", "check", "update"])("npx shelfmark %s --help prints that command's usage", async (command) => {
    const result = await copy.run("npx", ["shelfmark", command, "--help"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: shelfmark ${command}\\b`));
  });

  it("an unknown command or option exits 2 with the usage", async () => {
    const unknown = await copy.run("npx", ["shelfmark", "frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toMatch(/^Usage:$/m);
    const option = await copy.run("npx", ["shelfmark", "check", "--frobnicate"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toBe('[shelfmark:check] unknown option "--frobnicate"\n(see shelfmark check --help)\n');
    const top = await copy.run("npx", ["shelfmark", "--frobnicate"]);
    expect(top.code).toBe(2);
  });

  it("npx shelfmark new writes the paper and prints its path", async () => {
    const result = await copy.run("npx", ["shelfmark", "new", "Protein language models at scale"]);
    expect(result).toMatchObject({ code: 0, stdout: "content/papers/protein-language-models-at-scale.md\n" });
    expect(await readFile(copy.path("content/papers/protein-language-models-at-scale.md"), "utf8")).toMatch(/^title: Protein language models at scale$/m);
  });

  it("npx shelfmark in a subfolder works on the whole project (cd content && npx shelfmark check)", async () => {
    const papers = readdirSync(copy.path("content/papers")).length;
    const check = await run("npx", ["shelfmark", "check"], copy.path("content"));
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain(`shelfmark check: ${papers} papers, `);
    const created = await run("npx", ["shelfmark", "new", "Folding from a subfolder"], copy.path("content/papers"));
    expect(created).toMatchObject({ code: 0, stdout: "folding-from-a-subfolder.md\n" });
    expect(existsSync(copy.path("content/papers/folding-from-a-subfolder.md"))).toBe(true);
    expect(existsSync(copy.path("content/papers/content"))).toBe(false);
  });

  it("npm run check -- --help and npm run new -- --help reach the command", async () => {
    for (const command of ["check", "new"]) {
      const result = await copy.run("npm", ["run", "-s", command, "--", "--help"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: shelfmark ${command}\\b`));
    }
  });
});

describe("the command installed from the package (npm pack, then installed into another project)", () => {
  let dir: string;
  let install: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shelfmark-installed-"));
    const packed = await promisify(execFile)("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: REPO, env: { ...process.env, npm_config_offline: "true" } });
    const tarball = path.join(dir, packed.stdout.trim().split("\n").pop()!);
    const project = path.join(dir, "project");
    await promisify(execFile)("mkdir", ["-p", project]);
    // A lock file from this checkout's own, so that npm installs offline from its cache what `npm ci` fetched:
    // no test touches the network.
    const lock = JSON.parse(await readFile(path.join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, Record<string, unknown>> };
    const root = lock.packages[""]!;
    const packages: Record<string, unknown> = { "": { name: "user-list", dependencies: { shelfmark: `file:${tarball}` } } };
    for (const [key, entry] of Object.entries(lock.packages)) if (key && !entry.dev) packages[key] = entry;
    packages["node_modules/shelfmark"] = { version: root.version, resolved: `file:${tarball}`, dependencies: root.dependencies, bin: root.bin, engines: root.engines };
    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "user-list", private: true, dependencies: { shelfmark: `file:${tarball}` } }));
    await writeFile(path.join(project, "package-lock.json"), JSON.stringify({ name: "user-list", lockfileVersion: 3, requires: true, packages }));
    install = await run("npm", ["ci", "--ignore-scripts"], project);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("installs its bin, which runs: --version, new, check", async () => {
    expect(install.code, install.stderr).toBe(0);
    const project = path.join(dir, "project");
    expect(existsSync(path.join(project, "node_modules/.bin/shelfmark"))).toBe(true);
    expect(await run("npx", ["shelfmark", "--version"], project)).toMatchObject({ code: 0, stdout: `${version}\n` });
    const created = await run("npx", ["shelfmark", "new", "Attention Is All You Need", "--date", "2026-12-01"], project);
    expect(created).toMatchObject({ code: 0, stdout: "content/papers/attention-is-all-you-need.md\n" });
    const checked = await run(path.join(project, "node_modules/.bin/shelfmark"), ["check"], project);
    expect(checked).toMatchObject({ code: 0, stdout: "shelfmark check: 1 paper, 0 tags, no problems.\n" });
  });
});
