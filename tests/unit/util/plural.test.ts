import { describe, expect, it } from "vitest";
import { plural } from "../../../src/util/plural.ts";

describe("plural", () => {
  it("counts in the singular for one, in the plural otherwise", () => {
    expect(plural(1, "paper")).toBe("1 paper");
    expect(plural(0, "paper")).toBe("0 papers");
    expect(plural(2, "broken link")).toBe("2 broken links");
  });
  it("takes an irregular plural", () => {
    expect(plural(3, "query", "queries")).toBe("3 queries");
    expect(plural(1, "query", "queries")).toBe("1 query");
  });
});
