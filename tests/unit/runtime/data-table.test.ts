import { describe, expect, it } from "vitest";
import { dataTable } from "../../../src/runtime/data-table.ts";

describe("dataTable", () => {
  const table = dataTable([
    ["attention", 1],
    ["constructor", 2],
  ]);

  it("finds each key's value, as a template's table[key] does", () => {
    expect(table["attention"]).toBe(1);
    expect(table["constructor"]).toBe(2);
    expect(Object.keys(table)).toEqual(["attention", "constructor"]);
  });

  it("inherits nothing: a key that is not there finds nothing, even one named like an Object method", () => {
    expect(table["missing"]).toBeUndefined();
    expect(dataTable([])["toString"]).toBeUndefined();
    expect(dataTable([])["hasOwnProperty"]).toBeUndefined();
  });

  it("is not a plain object, so Eleventy passes it on as it is instead of copying and proxying it", () => {
    const proto = Object.getPrototypeOf(table);
    expect(proto).not.toBe(Object.prototype);
    expect(proto).not.toBeNull();
  });
});
