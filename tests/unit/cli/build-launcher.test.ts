import { describe, expect, it } from "vitest";
// @ts-expect-error: the launcher is plain JavaScript (it runs before anything can compile TypeScript)
import { watching } from "../../../src/cli/build.js";

describe("watching (the launcher leaves Eleventy's re-import resolver on only then)", () => {
  it.each([
    [[], false],
    [["--quiet", "--output=_site"], false],
    [["--serve"], true],
    [["--watch", "--quiet"], true],
    [["--serve=false"], true],
    [["--serverless"], false],
    [["--pathprefix=/serve/"], false],
  ])("%j → %s", (args, expected) => {
    expect(watching(args)).toBe(expected);
  });
});
