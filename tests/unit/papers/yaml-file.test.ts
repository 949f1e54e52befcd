import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidContentError, type Problem } from "../../../src/errors.ts";
import { loadTaxonomy } from "../../../src/papers/taxonomy.ts";
import { inLineOrder } from "../../../src/papers/yaml-file.ts";

const at = (line: number | undefined, message: string): Problem => ({ file: "f.yaml", ...(line === undefined ? {} : { line }), message });

describe("inLineOrder", () => {
  it.each<[string, Problem[], string[]]>([
    ["none", [], []],
    ["already in order", [at(1, "a"), at(2, "b")], ["a", "b"]],
    ["out of order", [at(5, "e"), at(2, "b"), at(3, "c")], ["b", "c", "e"]],
    ["no line first, in their own order", [at(4, "d"), at(undefined, "x"), at(1, "a"), at(undefined, "y")], ["x", "y", "a", "d"]],
    ["one line twice keeps its order", [at(2, "second"), at(1, "a"), at(2, "first")], ["a", "second", "first"]],
  ])("%s", (_name, problems, messages) => expect(inLineOrder(problems).map((p) => p.message)).toEqual(messages));
});

describe("readYamlFile: the taxonomy's problems come in line order too", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "shelfmark-yaml-file-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("an unknown part before a wrong one, and a later entry", () => {
    const file = path.join(dir, "taxonomy.yaml");
    writeFileSync(file, "- name: KV cache\n  colour: red\n  description: 5\n- name: Decoding\n  match: [decoding]\n");
    let problems: Problem[] = [];
    try {
      loadTaxonomy(file);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidContentError);
      problems = (error as InvalidContentError).problems;
    }
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [2, "entry 1 colour"],
      [3, "entry 1 description"],
      [4, "entry 2 description"],
    ]);
  });
});
