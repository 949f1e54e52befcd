import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO } from "../helpers/site.ts";

/**
 * The deploy workflow cannot run here; these checks hold it to the contract the build relies on: the
 * address comes from configure-pages under the variable names src/site.ts reads, tests run before
 * anything is published, and the artifact keeps .nojekyll.
 */

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  environment?: { name: string; url: string };
  steps: Step[];
}

const source = readFileSync(path.join(REPO, ".github/workflows/pages.yml"), "utf8");
const workflow = parse(source) as { on: Record<string, unknown>; permissions: Record<string, string>; concurrency: { group: string }; jobs: Record<string, Job> };
const build = workflow.jobs.build!;
const deploy = workflow.jobs.deploy!;
const index = (match: (s: Step) => boolean) => build.steps.findIndex(match);

describe(".github/workflows/pages.yml", () => {
  it("runs on pushes to main and by hand, one deployment at a time", () => {
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    expect(workflow.on).toHaveProperty("workflow_dispatch");
    expect(workflow.concurrency.group).toBeTruthy();
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("installs from the lock file with the Node version of .nvmrc, which satisfies engines", () => {
    const setup = build.steps.find((s) => s.uses?.startsWith("actions/setup-node@"))!;
    expect(setup.with?.["node-version-file"]).toBe(".nvmrc");
    const nvmrc = readFileSync(path.join(REPO, ".nvmrc"), "utf8").trim();
    const engines = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).engines.node as string;
    expect(Number(nvmrc)).toBe(Number(/(\d+)/.exec(engines)![1]));
    expect(index((s) => s.run === "npm ci")).toBeGreaterThan(index((s) => s === setup));
  });

  it("tests before configuring, building and uploading, in that order", () => {
    const steps = [
      index((s) => s.run === "npm ci"),
      index((s) => s.run === "npm test"),
      index((s) => s.uses?.startsWith("actions/configure-pages@") === true),
      index((s) => s.run === "npm run build"),
      index((s) => s.uses?.startsWith("actions/upload-pages-artifact@") === true),
    ];
    expect(steps.every((i) => i >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(build.steps.find((s) => s.run === "npm test")!.env).toEqual({ SHELFMARK_REQUIRE_BROWSER: "1" });
  });

  it("builds for the address configure-pages reports, never a hard-coded one", () => {
    const configure = build.steps.find((s) => s.uses?.startsWith("actions/configure-pages@"))!;
    const env = build.steps.find((s) => s.run === "npm run build")!.env;
    expect(env).toEqual({
      SITE_URL: `\${{ steps.${configure.id}.outputs.base_url }}`,
      PATH_PREFIX: `\${{ steps.${configure.id}.outputs.base_path }}`,
    });
    // Comments may explain the address; the workflow itself must not contain one.
    expect(JSON.stringify(workflow)).not.toMatch(/github\.io|github\.repository|event\.repository/);
  });

  it("uploads _site with its dot files (.nojekyll), and deploys it from a separate job", () => {
    const upload = build.steps.find((s) => s.uses?.startsWith("actions/upload-pages-artifact@"))!;
    expect(upload.with).toEqual({ path: "_site", "include-hidden-files": true });
    expect(deploy.needs).toBe("build");
    expect(deploy.permissions).toEqual({ pages: "write", "id-token": "write" });
    const step = deploy.steps.find((s) => s.uses?.startsWith("actions/deploy-pages@"))!;
    expect(deploy.environment).toEqual({ name: "github-pages", url: `\${{ steps.${step.id}.outputs.page_url }}` });
  });
});
