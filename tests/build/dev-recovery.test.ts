// The dev server as `npm start` runs it (`--incremental`) comes back from content errors: a rebuild that failed on
// a paper leaves the next one able to build (src/site/aside.ts, checkContentFirst), and a server started on a
// broken list waits for the fix instead of ending (src/runtime/dev-server.ts, keepServing).
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_SITE, Fixture, REPO, SERVE_START_MS, paper } from "../helpers/site.ts";
import { DEV_SERVER_DEADLINE_MS, saveUntilSeen, until, untilServed } from "../helpers/wait.ts";

const TSX = path.join(REPO, "node_modules/tsx/dist/esm/index.mjs");
const CONFIG = path.join(REPO, "eleventy.config.ts");
/** What Eleventy printed on every rebuild after a failed one, before the fix. */
const STUCK = "has not yet initialized";

const good = (title: string, notes = "") => paper({ title: `"${title}"`, added: "2024-01-01", tags: "[kernels]" }, notes);
const other = paper({ title: "Kernel Methods", added: "2024-01-02", tags: "[kernels]" });
const badDate = paper({ title: "Good", added: "2024-02-30" });
const DATE_PROBLEM = 'content/papers/good.md:3 field "added": is not a real calendar date';
const LINK_PROBLEM = "[[kernel-methodz]] links to no paper";

const fixtures: Fixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
});

const port = () => 18000 + Math.floor(Math.random() * 2000);
const served = async (url: string) => (await fetch(url).then((r) => r.text()).catch(() => "")) as string;

describe("the dev server with --incremental (npm start)", () => {
  it("builds again once a broken paper is fixed, however often it broke, and on a save of another file", { timeout: SERVE_START_MS + 7 * DEV_SERVER_DEADLINE_MS }, async () => {
    const fixture = await Fixture.create({ papers: { good: good("Good"), "kernel-methods": other } });
    fixtures.push(fixture);
    const server = fixture.serve(port(), "_dev", { incremental: true });
    const origin = await server.ready;
    const page = `${origin}/papers/good/`;
    await untilServed(page, (body) => body.includes("Good"));

    // A date that is no date: reported, and the next save builds again.
    await saveUntilSeen(() => fixture.writePaper("good", badDate), () => server.output().includes(DATE_PROBLEM), "the date's problem");
    await saveUntilSeen(() => fixture.writePaper("good", good("Good, fixed")), async () => (await served(page)).includes("Good, fixed"), "the fixed page");

    // A note link to no paper, then fixed.
    await saveUntilSeen(() => fixture.writePaper("good", good("Good", "See [[kernel-methodz]].")), () => server.output().includes(LINK_PROBLEM), "the link's problem");
    await saveUntilSeen(() => fixture.writePaper("good", good("Good, linked", "See [[kernel-methods]].")), async () => (await served(page)).includes("Good, linked"), "the page with the fixed link");
    expect(await fixture.read("_dev/papers/good/index.html")).toContain('href="/papers/kernel-methods/"');

    // Broken again, then a file that is no paper saved (as `touch content/site.yaml`): reported again, not stuck.
    const before = server.output().length;
    await saveUntilSeen(() => fixture.writePaper("good", badDate), () => server.output().slice(before).includes(DATE_PROBLEM), "the date's problem, again");
    const settled = server.output().length;
    await saveUntilSeen(() => fixture.write("content/site.yaml", DEFAULT_SITE), () => /File changed: \S*content\/site\.yaml[\s\S]*Watching…/.test(server.output().slice(settled)), "a rebuild for content/site.yaml");
    expect(server.output().slice(settled)).toContain(DATE_PROBLEM);
    await saveUntilSeen(() => fixture.writePaper("good", good("Good, third")), async () => (await served(page)).includes("Good, third"), "the page fixed again");
    // Another file alone rebuilds every page: the site's new title shows on the paper's page.
    await saveUntilSeen(() => fixture.write("content/site.yaml", DEFAULT_SITE.replace("Test list", "Renamed list")), async () => (await served(page)).includes("Renamed list"), "the site's new title");

    expect(server.output()).not.toContain(STUCK);
    expect(server.output()).not.toContain("Original error stack trace");
  });
});

describe("npm start on a list with a broken paper", () => {
  it("prints the problem, stays up, and serves once the paper is fixed", { timeout: 2 * SERVE_START_MS + DEV_SERVER_DEADLINE_MS }, async () => {
    const fixture = await Fixture.create({ papers: { good: badDate, "kernel-methods": other } });
    fixtures.push(fixture);
    // As package.json "start" runs it, on a port of its own.
    const child = spawn(process.execPath, ["--import", TSX, path.join(REPO, "src/runtime/dev-server.ts"), `--config=${CONFIG}`, "--output=_dev", "--serve", "--incremental", `--port=${port()}`], {
      cwd: fixture.dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await until("the problem and the wait for a fix", () => (output.includes("fix them and save") ? true : undefined), SERVE_START_MS);
      expect(output).toContain(DATE_PROBLEM);
      expect(child.exitCode).toBeNull();

      await fixture.writePaper("good", good("Good, at last"));
      const at = await until("the server's address", () => /Server at (http:\/\/[^\s/]+)/.exec(output)?.[1], SERVE_START_MS);
      const origin = at.replace("localhost", "127.0.0.1");
      await untilServed(`${origin}/papers/good/`, (body) => body.includes("Good, at last"));

      // From here Eleventy watches: a new problem is printed and the server stays up.
      const before = output.length;
      await saveUntilSeen(() => fixture.writePaper("good", badDate), () => output.slice(before).includes(DATE_PROBLEM), "the problem after the start");
      await saveUntilSeen(() => fixture.writePaper("good", good("Good, once more")), async () => (await served(`${origin}/papers/good/`)).includes("Good, once more"), "the page fixed again");
      expect(output).not.toContain(STUCK);
    } finally {
      // Stopped, it stops Eleventy and ends once Eleventy has.
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });

  it("ends at once, with one line, on a SITE_URL that cannot be used: no save would fix it", { timeout: SERVE_START_MS }, async () => {
    const fixture = await Fixture.create({ papers: { good: good("Good") } });
    fixtures.push(fixture);
    const child = spawn(process.execPath, ["--import", TSX, path.join(REPO, "src/runtime/dev-server.ts"), `--config=${CONFIG}`, "--output=_dev", "--serve", "--incremental", `--port=${port()}`], {
      cwd: fixture.dir,
      env: { ...process.env, SITE_URL: "user.github.io" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    expect(code).toBe(1);
    expect(output).toBe('[shelfmark:site] SITE_URL "user.github.io" is not a URL. Fix: SITE_URL=https://user.github.io\n');
  });
});
