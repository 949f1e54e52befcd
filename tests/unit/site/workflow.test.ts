import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO } from "../../helpers/site.ts";

/**
 * The deploy workflow cannot run here; these checks hold it to the contract the build relies on: the
 * address comes from configure-pages under the variable names src/site/settings.ts reads, a push that changes only
 * content/ is checked, built and link-checked without the test suite, any other change runs the tests
 * first, pull requests never deploy, and the artifact keeps .nojekyll. The step that tells content from
 * code is a shell script: it is run here, in throwaway git repositories, with a stand-in for `gh`.
 */

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  environment?: { name: string; url: string };
  steps: Step[];
}

const source = readFileSync(path.join(REPO, ".github/workflows/pages.yml"), "utf8");
const workflow = parse(source) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": string | boolean };
  jobs: Record<string, Job>;
};
const build = workflow.jobs.build!;
const deploy = workflow.jobs.deploy!;
const index = (match: (s: Step) => boolean) => build.steps.findIndex(match);
const step = (match: (s: Step) => boolean) => build.steps.find(match)!;
const uses = (action: string) => (s: Step) => s.uses?.startsWith(`${action}@`) === true;
const runs = (command: string) => (s: Step) => s.run === command;

const changes = step((s) => s.id === "changes");
const CODE = `steps.${changes.id}.outputs.code == 'true'`;

describe(".github/workflows/pages.yml", () => {
  it("runs on pushes to main, on pull requests and by hand", () => {
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    expect(workflow.on).toHaveProperty("pull_request");
    expect(workflow.on).toHaveProperty("workflow_dispatch");
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("deploys one at a time, never cancelled; a pull request has its own group and cancels only its older run", () => {
    const { group, "cancel-in-progress": cancel } = workflow.concurrency;
    // One expression, two groups: a pull request's run must never replace a deploy waiting in the queue.
    expect(group).toMatch(/github\.event_name == 'pull_request' && format\('[^']+\{0\}', github\.event\.pull_request\.number\) \|\| '[^']+'/);
    expect(cancel).toBe("${{ github.event_name == 'pull_request' }}");
  });

  it("installs from the lock file with the Node version of .nvmrc, which satisfies engines", () => {
    const setup = step(uses("actions/setup-node"));
    expect(setup.with?.["node-version-file"]).toBe(".nvmrc");
    const nvmrc = readFileSync(path.join(REPO, ".nvmrc"), "utf8").trim();
    const engines = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).engines.node as string;
    expect(Number(nvmrc)).toBe(Number(/(\d+)/.exec(engines)![1]));
    expect(index(runs("npm ci"))).toBeGreaterThan(index((s) => s === setup));
  });

  it("checks the papers, tests (code changes only), configures, builds, checks links and uploads, in that order", () => {
    const order = [
      index((s) => s === changes),
      index(runs("npm ci")),
      index(runs("npx shelfmark check")),
      index(runs("npm test")),
      index(uses("actions/configure-pages")),
      index(runs("npm run build")),
      index(runs("npx shelfmark linkcheck _site")),
      index(uses("actions/upload-pages-artifact")),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("skips the test suite and only it (with its Chromium step) when the change is content only", () => {
    const test = step(runs("npm test"));
    expect(test.if).toBe(CODE);
    expect(test.env).toEqual({ SHELFMARK_REQUIRE_BROWSER: "1" });
    const chromium = step((s) => s.run?.includes("/usr/bin/chromium") === true);
    expect(chromium.if).toBe(CODE);
    expect(index((s) => s === chromium)).toBeLessThan(index((s) => s === test));
    // Every other step runs on every event and change (upload only skips pull requests).
    const conditional = build.steps.filter((s) => s.if !== undefined).map((s) => s.name);
    expect(conditional).toEqual([chromium.name, test.name, step(uses("actions/upload-pages-artifact")).name]);
  });

  it("builds and link-checks for the address configure-pages reports, never a hard-coded one", () => {
    const configure = step(uses("actions/configure-pages"));
    const address = {
      SITE_URL: `\${{ steps.${configure.id}.outputs.base_url }}`,
      PATH_PREFIX: `\${{ steps.${configure.id}.outputs.base_path }}`,
    };
    expect(step(runs("npm run build")).env).toEqual(address);
    expect(step(runs("npx shelfmark linkcheck _site")).env).toEqual(address);
    // Comments may explain the address; the workflow itself must not contain one.
    expect(JSON.stringify(workflow)).not.toMatch(/github\.io|github\.repository|event\.repository/);
  });

  it("never deploys a pull request: no upload, no deploy job, no write permission", () => {
    const upload = step(uses("actions/upload-pages-artifact"));
    expect(upload.if).toBe("github.event_name != 'pull_request'");
    expect(upload.with).toEqual({ path: "_site", "include-hidden-files": true });
    expect(deploy.if).toBe("github.event_name != 'pull_request' && github.ref == 'refs/heads/main'");
    // Only the deploy job may write to Pages; the job that runs pull requests reads.
    expect(build.permissions).toEqual({ contents: "read", pages: "read", actions: "read" });
    const writers = Object.entries(workflow.jobs).filter(([, job]) => Object.values(job.permissions ?? {}).includes("write"));
    expect(writers.map(([name]) => name)).toEqual(["deploy"]);
  });

  it("deploys only after the checks, from a separate job", () => {
    expect(deploy.needs).toBe("build");
    expect(deploy.permissions).toEqual({ pages: "write", "id-token": "write" });
    const deployStep = deploy.steps.find(uses("actions/deploy-pages"))!;
    expect(deploy.environment).toEqual({ name: "github-pages", url: `\${{ steps.${deployStep.id}.outputs.page_url }}` });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The "What changed" script, run as Actions runs it (bash -eo pipefail) in a scratch repository.

const scratch = mkdtempSync(path.join(os.tmpdir(), "shelfmark-workflow-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let repoCount = 0;

const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.org",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.org",
};

/** A repository with a commit of the project's usual files; `commit` adds one that writes the given files. */
function scratchRepo() {
  const dir = path.join(scratch, `repo-${++repoCount}`);
  mkdirSync(dir);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env: gitEnv, encoding: "utf8" }).trim();
  const commit = (files: string[]) => {
    for (const file of files) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), `${file} ${Math.random()}\n`);
    }
    git("add", "-A");
    git("commit", "-q", "-m", files.join(" "));
    return git("rev-parse", "HEAD");
  };
  git("init", "-q", "-b", "main");
  const first = commit(["content/papers/a.md", "content/site.yaml", "src/site/settings.ts", "package.json"]);
  return { dir, git, commit, first };
}

/** Runs the step with a `gh` that answers `ghAnswer` (the last deployed commit) or fails; returns its outputs. */
function whatChanged(dir: string, event: string, ghAnswer: string | Error) {
  const bin = path.join(dir, ".fake-bin");
  mkdirSync(bin, { recursive: true });
  const log = path.join(bin, "gh.log");
  const answer = ghAnswer instanceof Error ? "exit 1" : `printf '%s\\n' '${ghAnswer}'`;
  writeFileSync(path.join(bin, "gh"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\n${answer}\n`);
  chmodSync(path.join(bin, "gh"), 0o755);
  const output = path.join(bin, "output");
  writeFileSync(output, "");
  const env = { ...gitEnv, PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output, EVENT: event, WORKFLOW: "Deploy to GitHub Pages", BRANCH: "main", GH_TOKEN: "x" };
  const stdout = execFileSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", changes.run!], { cwd: dir, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const code = /^code=(\w+)$/m.exec(readFileSync(output, "utf8"))?.[1];
  let ghCalls = "";
  try {
    ghCalls = readFileSync(log, "utf8");
  } catch {}
  return { code, stdout, ghCalls };
}

describe("the workflow's content-or-code decision", () => {
  it("takes every value from the environment (no ${{ }} inside the script)", () => {
    expect(changes.run).not.toContain("${{");
    expect(Object.keys(changes.env ?? {}).sort()).toEqual(["BRANCH", "EVENT", "GH_TOKEN", "WORKFLOW"]);
  });

  it("a push that changes only content/ since the last deploy skips the tests", () => {
    const repo = scratchRepo();
    repo.commit(["content/papers/b.md", "content/papers/a.md"]);
    repo.commit(["content/site.yaml", "content/_data/taxonomy.yaml"]);
    const result = whatChanged(repo.dir, "push", repo.first);
    expect(result.code).toBe("false");
    expect(result.stdout).toContain("only content/ changed");
    // It asked for this workflow's successful runs on the branch.
    expect(result.ghCalls).toMatch(/^run list --workflow Deploy to GitHub Pages --branch main --status success/);
  });

  it.each([
    "src/linkcheck/index.ts",
    "_includes/layouts/base.njk",
    "tests/unit/new.test.ts",
    "package.json",
    "package-lock.json",
    ".nvmrc",
    "eleventy.config.ts",
    "tsconfig.json",
    "vitest.config.ts",
    ".github/workflows/pages.yml",
    "README.md",
    "content/_data/computed.ts",
    "content/_data/helper.mjs",
  ])("a push that changes %s runs the tests", (file) => {
    const repo = scratchRepo();
    repo.commit(["content/papers/b.md", file]);
    const result = whatChanged(repo.dir, "push", repo.first);
    expect(result.code).toBe("true");
    expect(result.stdout).toContain(file);
  });

  it("compares with the last successful deploy: content pushed after a failed code push still runs the tests", () => {
    const repo = scratchRepo();
    repo.commit(["src/site/settings.ts"]); // its run failed: not deployed
    repo.commit(["content/papers/b.md"]);
    expect(whatChanged(repo.dir, "push", repo.first).code).toBe("true");
  });

  it("a deleted or renamed code file counts, on either side of the rename", () => {
    const repo = scratchRepo();
    repo.git("mv", "src/site/settings.ts", "content/site.ts.md");
    repo.git("commit", "-q", "-m", "move");
    expect(whatChanged(repo.dir, "push", repo.first).code).toBe("true");
  });

  it.each([
    ["the first deploy (no successful run yet)", ""],
    ["gh failing", new Error("gh")],
    ["a deployed commit that no longer exists (force push)", "0123456789abcdef0123456789abcdef01234567"],
  ])("%s counts as code", (_name, answer) => {
    const repo = scratchRepo();
    repo.commit(["content/papers/b.md"]);
    const result = whatChanged(repo.dir, "push", answer);
    expect(result.code).toBe("true");
  });

  it("a run by hand always runs the tests", () => {
    const repo = scratchRepo();
    const result = whatChanged(repo.dir, "workflow_dispatch", repo.first);
    expect(result.code).toBe("true");
    expect(result.ghCalls).toBe("");
  });

  it.each([
    ["content only", ["content/papers/b.md"], "false"],
    ["code", ["content/papers/b.md", "src/feeds/index.ts"], "true"],
  ])("a pull request of %s is compared with its target branch", (_name, files, expected) => {
    const repo = scratchRepo();
    repo.git("checkout", "-q", "-b", "topic");
    repo.commit(files);
    repo.git("checkout", "-q", "main");
    repo.commit(["src/unrelated-on-main.ts"]); // the target moved on: not the pull request's change
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "topic"); // what actions/checkout gives a pull request
    expect(whatChanged(repo.dir, "pull_request", new Error("not called")).code).toBe(expected);
  });
});
