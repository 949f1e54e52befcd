import { describe, expect, it } from "vitest";
import { sameStrings } from "../../../src/util/lists.ts";

describe("sameStrings", () => {
  it.each<[string[] | undefined, string[] | undefined, boolean]>([
    [undefined, undefined, true],
    [[], [], true],
    [["a", "b"], ["a", "b"], true],
    [undefined, [], false],
    [["a"], undefined, false],
    [["a", "b"], ["b", "a"], false],
    [["a"], ["a", "b"], false],
  ])("%j and %j → %s", (a, b, expected) => {
    expect(sameStrings(a, b)).toBe(expected);
  });
});
