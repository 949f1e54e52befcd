import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO } from "../../helpers/site.ts";

/** The daily workflow cannot run here; these checks hold it to what docs/adding-papers.md promises. */
interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
const workflow = parse(readFileSync(path.join(REPO, ".github/workflows/daily-papers.yml"), "utf8")) as {
  on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
  permissions: Record<string, string>;
  jobs: { daily: { if: string; steps: Step[] } };
};
const steps = workflow.jobs.daily.steps;

describe(".github/workflows/daily-papers.yml", () => {
  it("runs on a schedule and by hand, but scheduled runs only once DAILY_PAPERS is on", () => {
    expect(workflow.on.schedule[0]!.cron).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
    expect(workflow.jobs.daily.if).toBe("github.event_name == 'workflow_dispatch' || vars.DAILY_PAPERS == 'on'");
  });

  it("runs shelfmark daily --only-tagged after npm ci, then opens a pull request with the papers only", () => {
    const ci = steps.findIndex((s) => s.run === "npm ci");
    const daily = steps.findIndex((s) => s.run?.startsWith("npx shelfmark daily --only-tagged"));
    const pr = steps.findIndex((s) => s.uses?.startsWith("peter-evans/create-pull-request@"));
    expect(ci).toBeGreaterThan(-1);
    expect(daily).toBeGreaterThan(ci);
    expect(pr).toBeGreaterThan(daily);
    expect(steps[pr]!.with?.["add-paths"]).toBe("content/papers/*.md");
    expect(workflow.permissions).toEqual({ contents: "write", "pull-requests": "write" });
  });
});
