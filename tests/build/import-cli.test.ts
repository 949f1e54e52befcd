import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { localToday } from "../../src/import/commands.ts";
import { Fixture, REPO, SEED_CONTENT, paper, type BuildResult } from "../helpers/site.ts";

const SEED_TEXT = path.join(REPO, "tests/fixtures/seed/000_3eb6c93e1524ac77.txt");
const SEED_BIB = path.join(REPO, "tests/fixtures/seed/seed-papers.bib");
const TAXONOMY = path.join(SEED_CONTENT, "_data/taxonomy.yaml");

async function snapshot(fixture: Fixture): Promise<Map<string, string>> {
  const dir = fixture.path("content/papers");
  const names = (await readdir(dir)).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(path.join(dir, n), "utf8")] as [string, string])));
}

function frontMatter(text: string): Record<string, unknown> {
  return parse(text.split(/^---$/m)[1]!, { schema: "core" }) as Record<string, unknown>;
}

// A paper a person wrote before the import: CRLF line endings, a comment, odd formatting, notes.
const HAND_WRITTEN = [
  "---",
  "title: 'FlashAttention-2: Faster Attention with Better Parallelism and Work Partitioning'",
  "added: 2026-01-05   # the day I found it",
  "status: reading",
  "tags:",
  "  - my own tag",
  "code:   https://github.com/Dao-AILab/flash-attention",
  "---",
  "Notes I wrote, **kept as they are**.",
  "",
  "- second pass: the work partitioning section",
  "",
].join("\r\n");

describe("shelfmark import: the seed list, then its BibTeX, then both again", () => {
  let fixture: Fixture;
  let first: BuildResult;
  let second: BuildResult;
  let after: Map<string, string>;
  let again: [BuildResult, BuildResult];
  let afterAgain: Map<string, string>;

  beforeAll(async () => {
    fixture = await Fixture.create({ papers: { "my-flash-2": HAND_WRITTEN }, files: { "_data/taxonomy.yaml": await readFile(TAXONOMY, "utf8") } });
    first = await fixture.cli(["import", SEED_TEXT]);
    second = await fixture.cli(["import", SEED_BIB]);
    after = await snapshot(fixture);
    again = [await fixture.cli(["import", SEED_TEXT]), await fixture.cli(["import", SEED_BIB])];
    afterAgain = await snapshot(fixture);
  });
  afterAll(() => fixture?.cleanup());

  it("imports the trending text: 82 new papers, the one already in the list skipped", () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("trending-papers text, 83 records");
    expect(first.stdout).toContain("new 82, merged 0, skipped 1, failed 0");
    expect(first.stdout).toMatch(/000_3eb6c93e1524ac77\.txt:263 "FlashAttention-2: .*": already in the list as content\/papers\/my-flash-2\.md \(same title\)/);
    expect(first.stdout).toContain("+ content/papers/flashattention.md");
    expect(first.stdout).toContain("New (added 2026-03-14)");
    expect(first.stdout).toContain("The list now holds 83 papers and passes the checks.");
  });

  it("enriches from BibTeX: every entry merged into its paper, nothing new", () => {
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("BibTeX, 82 records");
    expect(second.stdout).toContain("new 0, merged 82, skipped 0, failed 0");
    expect(after.size).toBe(83);
  });

  it("writes valid files with the fields of both sources", () => {
    const flash = frontMatter(after.get("flashattention.md")!);
    expect(flash).toMatchObject({
      title: "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
      added: "2026-03-14",
      status: "to-read",
      authors: ["Tri Dao", "Daniel Y. Fu", "Stefano Ermon", "Atri Rudra", "Christopher Ré"],
      published: 2022,
      arxiv: "2205.14135",
      url: "https://arxiv.org/abs/2205.14135",
    });
    expect(flash.tags).toEqual(expect.arrayContaining(["attention kernels", "long context"]));
    expect(after.get("flashattention.md")).toContain('arxiv: "2205.14135"');
    const tabpfn = frontMatter(after.get("tabpfn.md")!);
    expect(tabpfn.code).toBe("https://github.com/automl/TabPFN");
    expect(tabpfn.abstract).toMatch(/^We present TabPFN, .* and a Colab notebook at https:\/\/github\.com\/automl\/TabPFN\.$/);
    // The one title the BibTeX file lacks keeps what the trending text gave.
    expect(frontMatter(after.get("efficient-deep-neural-networks.md")!)).not.toHaveProperty("authors");
  });

  it("merging into a paper a person wrote keeps every byte of it and adds the missing fields", () => {
    const merged = after.get("my-flash-2.md")!;
    const expected = HAND_WRITTEN.replace(
      "  - my own tag\r\n",
      '  - my own tag\r\nauthors: [Tri Dao]\r\npublished: 2023\r\narxiv: "2307.08691"\r\nurl: https://arxiv.org/abs/2307.08691\r\n',
    );
    expect(merged).toBe(expected);
    expect(second.stdout).toContain("~ content/papers/my-flash-2.md: authors, arxiv, published, url");
  });

  it("running both imports again changes nothing", () => {
    expect(again[0].code).toBe(0);
    expect(again[0].stdout).toContain("new 0, merged 0, skipped 83, failed 0");
    expect(again[1].code).toBe(0);
    expect(again[1].stdout).toContain("new 0, merged 0, skipped 82, failed 0");
    expect(again[1].stdout).toContain("with nothing to add");
    expect(afterAgain).toEqual(after);
  });

  it("the result passes `shelfmark check`", async () => {
    const check = await fixture.cli(["check"]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/83 papers, \d+ tags, no problems/);
  });
});

describe("the seed list in tests/fixtures/seed/content is exactly what the two imports produce", () => {
  let fixture: Fixture;
  let repo: Map<string, string>;
  let results: BuildResult[];
  let after: Map<string, string>;

  beforeAll(async () => {
    const dir = path.join(SEED_CONTENT, "papers");
    const names = (await readdir(dir)).filter((n) => n.endsWith(".md")).sort();
    repo = new Map(await Promise.all(names.map(async (n) => [n, await readFile(path.join(dir, n), "utf8")] as [string, string])));
    // A copy, never the fixture itself: an import that did write must not change it.
    fixture = await Fixture.create({ papers: Object.fromEntries([...repo].map(([n, t]) => [n.slice(0, -3), t])), files: { "_data/taxonomy.yaml": await readFile(TAXONOMY, "utf8") } });
    results = [await fixture.cli(["import", SEED_TEXT]), await fixture.cli(["import", SEED_BIB]), await fixture.cli(["tag", "--dry-run"])];
    after = await snapshot(fixture);
  });
  afterAll(() => fixture?.cleanup());

  it("holds the 83 seed papers", () => {
    expect(repo.size).toBe(83);
  });

  it("re-importing the seed text and BibTeX and re-tagging change nothing", () => {
    expect(results[0]!.stdout).toContain("new 0, merged 0, skipped 83, failed 0");
    expect(results[1]!.stdout).toContain("new 0, merged 0, skipped 82, failed 0");
    expect(results[2]!.stdout).toContain("83 papers, 0 would change");
    expect(after).toEqual(repo);
  });
});

describe("dry runs, dates and malformed input", () => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await Fixture.create({
      files: {
        "_data/taxonomy.yaml": await readFile(TAXONOMY, "utf8"),
        "../bad.txt": [
          "new", "", "Get trending papers in your email inbox!", "", "Subscribe", "", "byAK and the research community", "", "Mar 14", "",
          "Good Paper One", "", "A first abstract that is long enough to read as one. It has two sentences and more than twenty words in all, ending with a full stop.", "",
          "Lonely Title", "",
          "Good Paper Two", "", "A second abstract that is long enough to read as one. It also has two sentences and more than twenty words, and a link https://github.com/x/y.", "",
          "Trailing Title Without Abstract",
        ].join("\n"),
        "../bad.bib": "@misc{good, title = {Good BibTeX Paper}, author = {M{\\\"u}ller, Hans and Jane Doe}, year = {2021}, eprint = {2101.00001}, archivePrefix = {arXiv}}\n\n@article{broken,\n  title = {Unclosed,\n  year = {2020}\n\n@misc{notitle, author = {A B}}\n",
      },
    });
  });
  afterAll(() => fixture?.cleanup());

  it("--dry-run shows the plan and writes nothing", async () => {
    const result = await fixture.cli(["import", SEED_TEXT, "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("(dry run: nothing written)");
    expect(result.stdout).toContain("New (would be added 2026-03-14)");
    expect(await readdir(fixture.path("content/papers"))).toEqual([]);
  });

  it("reports every malformed record with its line, imports the good ones and exits 1", async () => {
    const result = await fixture.cli(["import", "bad.txt", "--date", "2026-04-01"]);
    expect(result.code).toBe(1);
    // Every record is counted, those that failed too: 4 records, 4 outcomes.
    expect(result.stdout).toContain("trending-papers text, 4 records");
    expect(result.stdout).toContain("new 2, merged 0, skipped 0, failed 2");
    expect(result.stdout).toMatch(/bad\.txt:15: the title "Lonely Title" has no abstract/);
    expect(result.stdout).toMatch(/bad\.txt:21: the title "Trailing Title Without Abstract" has no abstract: the file ends after it/);
    const two = frontMatter(await fixture.read("content/papers/good-paper-two.md"));
    expect(two).toMatchObject({ title: "Good Paper Two", added: "2026-04-01", code: "https://github.com/x/y" });
  });

  it("reports a malformed BibTeX entry by key and line, imports the rest", async () => {
    const result = await fixture.cli(["import", "bad.bib", "--date", "2026-04-02"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("BibTeX, 3 records");
    expect(result.stdout).toContain("new 1, merged 0, skipped 0, failed 2");
    expect(result.stdout).toMatch(/bad\.bib:3 \(entry "broken"\): the entry cannot be read/);
    expect(result.stdout).toMatch(/bad\.bib:7 \(entry "notitle"\): the entry has no title/);
    expect(frontMatter(await fixture.read("content/papers/good-bibtex-paper.md"))).toMatchObject({
      title: "Good BibTeX Paper",
      added: "2026-04-02",
      authors: ["Hans Müller", "Jane Doe"],
      published: 2021,
      arxiv: "2101.00001",
    });
  });

  it("refuses a missing file (exit 1), an impossible --date and an unknown option (exit 2: called wrongly)", async () => {
    const [missing, date, option] = await Promise.all([
      fixture.cli(["import", "nope.txt"]),
      fixture.cli(["import", SEED_TEXT, "--date", "2026-02-30"]),
      fixture.cli(["import", SEED_TEXT, "--frobnicate"]),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("[shelfmark:import] cannot read nope.txt: there is no such file. Fix: give the path of the file to import, from this folder (");
    expect(date.code).toBe(2);
    expect(date.stderr).toContain("--date 2026-02-30 is not a real date");
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('unknown option "--frobnicate"');
  });
});

describe("shelfmark new", () => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await Fixture.create({
      papers: { existing: paper({ title: "An Existing Paper", added: "2026-01-01" }) },
      files: { "_data/taxonomy.yaml": await readFile(TAXONOMY, "utf8") },
    });
  });
  afterAll(() => fixture?.cleanup());

  it("scaffolds a paper with today's date and status to-read, and prints its path", async () => {
    const result = await fixture.cli(["new", "SnapKV: LLM Knows What You are Looking for Before Generation"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("content/papers/snapkv.md");
    const text = await fixture.read("content/papers/snapkv.md");
    expect(frontMatter(text)).toEqual({
      title: "SnapKV: LLM Knows What You are Looking for Before Generation",
      added: localToday(),
      status: "to-read",
      tags: [],
    });
    const check = await fixture.cli(["check"]);
    expect(check.code, check.stderr).toBe(0);
  });

  it("tags it from its title", async () => {
    const result = await fixture.cli(["new", "A Survey of KV Cache Compression", "--date", "2026-05-01"]);
    expect(result.code, result.stderr).toBe(0);
    const text = await fixture.read("content/papers/a-survey-of-kv-cache-compression.md");
    expect(frontMatter(text)).toMatchObject({ added: "2026-05-01", tags: ["KV cache", "quantization and compression"] });
  });

  it("never overwrites: an existing file or an existing title is refused", async () => {
    const before = await fixture.read("content/papers/snapkv.md");
    const again = await fixture.cli(["new", "SnapKV: Something Else"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("content/papers/snapkv.md already exists and shelfmark new never overwrites a file");
    expect(await fixture.read("content/papers/snapkv.md")).toBe(before);
    const same = await fixture.cli(["new", "an existing paper!"]);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('is already in the list as content/papers/existing.md');
    const empty = await fixture.cli(["new", "  "]);
    expect(empty.code).toBe(2);
  });
});

describe("shelfmark tag", () => {
  let fixture: Fixture;
  const taxonomy = [
    "- name: KV cache",
    "  description: The key-value cache.",
    "  match: [KV cache]",
    "- name: long context",
    "  description: Long inputs.",
    "  match: [long context]",
    "",
  ].join("\n");
  const withAttention = `${taxonomy}- name: attention\n  description: Attention.\n  match: [attention]\n`;

  beforeAll(async () => {
    fixture = await Fixture.create({ files: { "_data/taxonomy.yaml": taxonomy } });
    for (const title of ["KV cache attention for long context", "Attention over a KV cache", "Attention and long context"]) {
      const r = await fixture.cli(["new", title, "--date", "2026-03-01"]);
      expect(r.code, r.stderr).toBe(0);
    }
    // A person edits two files: adds a tag of their own to one, removes a taxonomy tag from another.
    const a = await fixture.read("content/papers/kv-cache-attention-for-long-context.md");
    await fixture.writePaper("kv-cache-attention-for-long-context", a.replace("tags: [KV cache, long context]", "tags: [KV cache, long context, favourite]"));
    const b = await fixture.read("content/papers/attention-over-a-kv-cache.md");
    await fixture.writePaper("attention-over-a-kv-cache", b.replace("tags: [KV cache]", "tags: []"));
    // And a file written by hand, without the taxonomy's record.
    await fixture.writePaper("by-hand", paper({ title: "Attention by hand", added: "2026-03-02", tags: "[mine]" }));
    await fixture.write("content/_data/taxonomy.yaml", withAttention);
  });
  afterAll(() => fixture?.cleanup());

  it("--dry-run shows what would change and writes nothing", async () => {
    const before = await snapshot(fixture);
    const result = await fixture.cli(["tag", "--dry-run"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("content/papers/attention-and-long-context.md\n    + attention  (matches \"attention\")");
    expect(result.stdout).toContain("content/papers/attention-over-a-kv-cache.md\n    + attention  (matches \"attention\")\n    · KV cache: not added back: removed by hand");
    expect(result.stdout).toMatch(/by-hand\.md\n {4}· attention: not added: this file's tags have no taxonomy record/);
    expect(result.stdout).toContain("4 papers, 3 would change, 2 with tags edited by hand left as they are (use --write to apply the taxonomy to them too) (dry run: nothing written)");
    expect(await snapshot(fixture)).toEqual(before);
  });

  it("applies the taxonomy without undoing hand edits", async () => {
    const result = await fixture.cli(["tag"]);
    expect(result.code, result.stderr).toBe(0);
    expect(frontMatter(await fixture.read("content/papers/kv-cache-attention-for-long-context.md")).tags).toEqual(["KV cache", "long context", "favourite", "attention"]);
    expect(frontMatter(await fixture.read("content/papers/attention-over-a-kv-cache.md")).tags).toEqual(["attention"]);
    expect(await fixture.read("content/papers/attention-over-a-kv-cache.md")).toContain("tags: [attention] # from taxonomy: [KV cache, attention]");
    expect(frontMatter(await fixture.read("content/papers/by-hand.md")).tags).toEqual(["mine"]);
    const again = await fixture.cli(["tag", "--dry-run"]);
    expect(again.stdout).toContain("4 papers, 0 would change");
  });

  it("--write applies it to hand-edited tags too, keeping tags that are not the taxonomy's", async () => {
    const result = await fixture.cli(["tag", "--write"]);
    expect(result.code, result.stderr).toBe(0);
    expect(frontMatter(await fixture.read("content/papers/attention-over-a-kv-cache.md")).tags).toEqual(["attention", "KV cache"]);
    expect(frontMatter(await fixture.read("content/papers/by-hand.md")).tags).toEqual(["mine", "attention"]);
    expect(frontMatter(await fixture.read("content/papers/kv-cache-attention-for-long-context.md")).tags).toEqual(["KV cache", "long context", "favourite", "attention"]);
    const check = await fixture.cli(["check"]);
    expect(check.code, check.stderr).toBe(0);
  });
});
