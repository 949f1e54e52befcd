import { describe, expect, it } from "vitest";
import { isUserPath, planUpdate } from "../../../src/update/plan.ts";

const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));
const history = (...pairs: [string, string][]) => new Set(pairs.flatMap(([f, b]) => [`${f}\0${b}`, `${f}\0*`]));

describe("isUserPath", () => {
  it.each([
    ["content/papers/x.md", true],
    ["content/site.yaml", true],
    ["content", true],
    ["contents/x", false],
    ["src/content/x.ts", false],
    ["README.md", false],
  ])("%s → %s", (file, expected) => {
    expect(isUserPath(file)).toBe(expected);
  });
});

describe("planUpdate", () => {
  it("takes files shelfmark changed, adds new ones, removes ones it dropped, and never touches content/", () => {
    const plan = planUpdate({
      local: tree({ "src/a.ts": "a1", "src/gone.ts": "g1", "README.md": "r1", "content/site.yaml": "mine", "content/papers/x.md": "x" }),
      upstream: tree({ "src/a.ts": "a2", "src/new.ts": "n1", "README.md": "r1", "content/site.yaml": "theirs", "content/papers/y.md": "y" }),
      history: history(["src/a.ts", "a1"], ["src/a.ts", "a2"], ["src/gone.ts", "g1"], ["README.md", "r1"], ["src/new.ts", "n1"]),
    });
    expect(plan).toEqual({ take: ["src/a.ts"], added: ["src/new.ts"], remove: ["src/gone.ts"], edited: [], unchanged: 1 });
  });

  it("stops on a file of shelfmark's the user edited, whether shelfmark changed or removed it", () => {
    const plan = planUpdate({
      local: tree({ "_includes/layouts/home.njk": "edited", "src/old.ts": "edited too" }),
      upstream: tree({ "_includes/layouts/home.njk": "h2" }),
      history: history(["_includes/layouts/home.njk", "h1"], ["_includes/layouts/home.njk", "h2"], ["src/old.ts", "o1"]),
    });
    expect(plan.edited).toEqual(["_includes/layouts/home.njk", "src/old.ts"]);
    expect(plan.take).toEqual([]);
    expect(plan.remove).toEqual([]);
  });

  it("leaves the user's own files outside content/ alone", () => {
    const plan = planUpdate({
      local: tree({ ".github/workflows/mine.yml": "m", "notes.txt": "n" }),
      upstream: tree({ "src/a.ts": "a" }),
      history: history(["src/a.ts", "a"]),
    });
    expect(plan).toEqual({ take: [], added: ["src/a.ts"], remove: [], edited: [], unchanged: 0 });
  });
});
