import { existsSync, readdirSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProjectFiles, run, type RunResult } from "../helpers/project.ts";
import { paper, REPO } from "../helpers/site.ts";

// Taking a new shelfmark version into a list made from the template: GitHub's "Use this template" gives a
// repository with the same files and none of shelfmark's history. The user replaced the papers and the
// settings; shelfmark then changed code, layouts, docs and its own demo list.

const GIT_ENV = { GIT_AUTHOR_NAME: "T", GIT_AUTHOR_EMAIL: "t@example.org", GIT_COMMITTER_NAME: "T", GIT_COMMITTER_EMAIL: "t@example.org", GIT_CONFIG_NOSYSTEM: "1", HOME: os.tmpdir() };

async function git(cwd: string, ...args: string[]): Promise<RunResult> {
  const result = await run("git", ["-c", "init.defaultBranch=main", "-c", "core.autocrlf=false", ...args], cwd, GIT_ENV);
  if (result.code !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result;
}

async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = readdirSync(dir, { recursive: true }).map(String).sort();
  return new Map(await Promise.all(files.filter((f) => !existsSync(path.join(dir, f, "."))).map(async (f) => [f, await readFile(path.join(dir, f), "utf8")] as [string, string])));
}

const gitAvailable = (await run("git", ["--version"], REPO)).code === 0;

describe.skipIf(!gitAvailable)("shelfmark update into a list made from the template", () => {
  let root: string;
  let upstream: string;
  let user: string;
  let before: Map<string, string>;
  let dry: RunResult;
  let update: RunResult;
  let build: RunResult;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "shelfmark-update-"));
    upstream = path.join(root, "shelfmark");
    user = path.join(root, "my-list");
    await mkdir(upstream);
    await copyProjectFiles(upstream);
    await git(upstream, "init", "-q");
    await git(upstream, "add", "-A");
    await git(upstream, "commit", "-qm", "shelfmark 0.1.0");

    // "Use this template": the same files, a history of its own.
    await mkdir(user);
    await copyProjectFiles(user);
    await git(user, "init", "-q");
    await git(user, "add", "-A");
    await git(user, "commit", "-qm", "Initial commit");
    await rm(path.join(user, "content/papers"), { recursive: true });
    await mkdir(path.join(user, "content/papers"));
    await writeFile(path.join(user, "content/papers/my-paper.md"), paper({ title: "My Own Paper", added: "2026-11-01", tags: "[mine]" }, "My notes.\r\n"));
    await writeFile(path.join(user, "content/papers/another.md"), paper({ title: "Another Paper of Mine", added: "2026-11-02" }));
    await writeFile(path.join(user, "content/site.yaml"), "title: My list\ndescription: Mine\nauthor: Me\nlanguage: en\n");
    await appendFile(path.join(user, "content/_data/taxonomy.yaml"), "\n# my own comment\n");
    await writeFile(path.join(user, "my-notes.txt"), "a file of my own\n");
    await git(user, "add", "-A");
    await git(user, "commit", "-qm", "My papers and settings");
    before = await snapshot(path.join(user, "content"));

    // shelfmark's next version: code, a layout, docs, the version, a removed file, and its own demo list.
    await appendFile(path.join(upstream, "_includes/layouts/home.njk"), "{# shelfmark 0.2.0 #}\n");
    await appendFile(path.join(upstream, "src/util/format.ts"), "\n// shelfmark 0.2.0\n");
    await writeFile(path.join(upstream, "docs-new-in-0.2.0.md"), "# New\n");
    await rm(path.join(upstream, ".nvmrc"));
    await writeFile(path.join(upstream, ".nvmrc"), "20\n");
    const pkg = JSON.parse(await readFile(path.join(upstream, "package.json"), "utf8"));
    await writeFile(path.join(upstream, "package.json"), JSON.stringify({ ...pkg, version: "0.2.0" }, null, 2) + "\n");
    await rm(path.join(upstream, "tests/fixtures/seed/seed-papers.bib"));
    await writeFile(path.join(upstream, "content/papers/a-new-demo-paper.md"), paper({ title: "A New Demo Paper", added: "2026-12-01" }));
    await appendFile(path.join(upstream, "content/site.yaml"), "# changed upstream\n");
    await git(upstream, "add", "-A");
    await git(upstream, "commit", "-qm", "shelfmark 0.2.0");

    await symlink(path.join(REPO, "node_modules"), path.join(user, "node_modules"));
    dry = await run("npx", ["shelfmark", "update", upstream, "--dry-run"], user);
    update = await run("npx", ["shelfmark", "update", upstream], user);
    await git(user, "commit", "-qm", "Update shelfmark to 0.2.0");
    build = await run("npm", ["run", "build"], user);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("--dry-run lists the changes and writes nothing", () => {
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("Dry run: nothing written.");
    expect(dry.stdout).toContain("~ src/util/format.ts");
  });

  it("takes shelfmark's changes without a conflict and stages them", async () => {
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toMatch(/shelfmark update: shelfmark 0\.2\.0/);
    expect(update.stdout).toContain("~ _includes/layouts/home.njk");
    expect(update.stdout).toContain("+ docs-new-in-0.2.0.md");
    expect(update.stdout).toContain("- tests/fixtures/seed/seed-papers.bib");
    expect(await readFile(path.join(user, "_includes/layouts/home.njk"), "utf8")).toContain("{# shelfmark 0.2.0 #}");
    expect(JSON.parse(await readFile(path.join(user, "package.json"), "utf8")).version).toBe("0.2.0");
    expect(existsSync(path.join(user, "tests/fixtures/seed/seed-papers.bib"))).toBe(false);
    expect(existsSync(path.join(user, "my-notes.txt"))).toBe(true);
  });

  it("leaves every byte of the user's content/ as it was, and brings none of shelfmark's demo papers", async () => {
    expect(await snapshot(path.join(user, "content"))).toEqual(before);
    expect((await git(user, "status", "--porcelain")).stdout).toBe("");
  });

  it("builds the user's list with the new version", async () => {
    expect(build.code, build.stderr).toBe(0);
    expect(readdirSync(path.join(user, "_site/papers")).sort()).toEqual(["another", "my-paper"]);
  });

  it("a second update finds nothing to do", async () => {
    const again = await run("npx", ["shelfmark", "update", upstream], user);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("Already up to date.");
  });

  it("stops, changing nothing, when the user edited a file shelfmark changes", async () => {
    await appendFile(path.join(user, "_includes/layouts/paper.njk"), "{# my edit #}\n");
    await git(user, "commit", "-qam", "My edit of a layout");
    await appendFile(path.join(upstream, "_includes/layouts/paper.njk"), "{# shelfmark 0.3.0 #}\n");
    await git(upstream, "commit", "-qam", "shelfmark 0.3.0");
    const stopped = await run("npx", ["shelfmark", "update", upstream], user);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain("! _includes/layouts/paper.njk");
    expect(stopped.stderr).toContain("--force");
    expect((await git(user, "status", "--porcelain")).stdout).toBe("");
    expect(await readFile(path.join(user, "_includes/layouts/paper.njk"), "utf8")).toContain("{# my edit #}");
  });

  it("refuses to run with uncommitted changes, and outside git", async () => {
    await appendFile(path.join(user, "content/site.yaml"), "# not committed\n");
    const dirty = await run("npx", ["shelfmark", "update", upstream], user);
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toContain("uncommitted changes");
    const outside = await mkdtemp(path.join(os.tmpdir(), "shelfmark-nogit-"));
    try {
      const result = await run(path.join(REPO, "src/cli/bin.js"), ["update", upstream], outside);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("not a git repository");
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
