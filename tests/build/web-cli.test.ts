import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { localToday } from "../../src/import/commands.ts";
import { Fixture, paper } from "../helpers/site.ts";
import { WebServer } from "../helpers/web-server.ts";

/**
 * `shelfmark add`, `daily` and `refresh` through the installed bin, against recorded answers on
 * 127.0.0.1. SHELFMARK_NET_ALLOW=127.0.0.1 makes any request elsewhere fail the command, and each test
 * checks that every request the server saw came with shelfmark's User-Agent.
 */

const TAXONOMY = `- name: sparse attention
  description: "Attention over a subset of the tokens."
  match: [sparse attention]
- name: code generation
  description: "Models that write code."
  match: [code generation]
- name: long context
  description: "Sequences longer than the usual window."
  match: [long context, long sequences]
`;
const SITE = "title: Test list\ncontact: reader@example.org\n";

const frontMatter = (text: string) => parse(text.split(/^---\r?$/m)[1]!, { schema: "core" }) as Record<string, unknown>;
const papersIn = async (f: Fixture) => (await readdir(f.path("content/papers"))).sort();

let server: WebServer;
beforeAll(async () => {
  server = await WebServer.start();
});
afterAll(() => server?.close());

function expectPolite() {
  expect(server.requests.length).toBeGreaterThan(0);
  for (const r of server.requests) {
    expect(r.headers["user-agent"]).toBe("shelfmark/0.1.0 (mailto:reader@example.org)");
    expect(r.headers.host).toMatch(/^127\.0\.0\.1:\d+$/);
  }
}

describe("shelfmark add: every ref form, in one run", () => {
  let fixture: Fixture;
  let run: Awaited<ReturnType<Fixture["cli"]>>;
  beforeAll(async () => {
    server.reset();
    fixture = await Fixture.create({
      site: SITE,
      files: { "_data/taxonomy.yaml": TAXONOMY, "refs.txt": "# from the reading group\n2106.01357\n\nhttps://huggingface.co/papers/2205.14135   # with its code\n" },
      papers: {
        // Already in the list: by title (no ids), and by DOI.
        "my-reformer": paper({ title: "'Reformer: the efficient transformer'", added: "2026-01-02" }),
        "deep": paper({ title: "Deep learning (review)", added: "2026-01-02", doi: "10.1038/nature14539" }),
      },
    });
    run = await fixture.cli(
      [
        "add",
        "https://arxiv.org/abs/2205.14135v2",
        "arXiv:2001.04451",
        "http://export.arxiv.org/abs/hep-th/9711200",
        "https://doi.org/10.1145/3292500.3330701",
        "10.48550/arXiv.2205.14135",
        "doi:10.1038/nature14539",
        `${server.origin}/pages/acl-bert.html`,
        `${server.origin}/pages/blog-post.html`,
        "2401.99999",
        "2205.1413x",
        "10.9999/x",
        "--from",
        "content/refs.txt",
        "--date",
        "2026-03-14",
        "--status",
        "reading",
        "--tags",
        "reading group",
      ],
      server.env(),
    );
  });
  afterAll(() => fixture?.cleanup());

  it("prints one line per ref, a summary, and exits 1 because some failed", () => {
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stdout.split("\n");
    const origin = server.origin.replace(/[.]/g, "\\.");
    const expected = [
      /^https:\/\/arxiv\.org\/abs\/2205\.14135v2: written content\/papers\/flashattention\.md {2}\[reading group, sparse attention, long context\]$/,
      /^arXiv:2001\.04451: already in the list as content\/papers\/my-reformer\.md \(same title\)$/,
      /^http:\/\/export\.arxiv\.org\/abs\/hep-th\/9711200: written content\/papers\/the-large-n-limit-of-superconformal-field-theories\.md {2}\[reading group\]$/,
      /^https:\/\/doi\.org\/10\.1145\/3292500\.3330701: written content\/papers\/optuna\.md/,
      /^10\.48550\/arXiv\.2205\.14135: already in the list as content\/papers\/flashattention\.md \(given twice: same as https:\/\/arxiv\.org\/abs\/2205\.14135v2\)$/,
      /^doi:10\.1038\/nature14539: already in the list as content\/papers\/deep\.md \(same DOI\)$/,
      new RegExp(`^${origin}/pages/acl-bert\\.html: written content/papers/bert\\.md`),
      new RegExp(`^${origin}/pages/blog-post\\.html: failed: ${origin}/pages/blog-post\\.html has no citation metadata \\(citation_\\* meta tags\\): give the paper's arXiv id or DOI`),
      /^2401\.99999: failed: arXiv has no paper 2401\.99999$/,
      /^2205\.1413x: failed: "2205\.1413x" is not an arXiv id/,
      /^10\.9999\/x: failed: 127\.0\.0\.1:\d+: no DOI 10\.9999\/x$/,
      /^content\/refs\.txt:2 2106\.01357: written content\/papers\/diffusion-schroedinger-bridge-with-applications-to-score\.md/,
      /^content\/refs\.txt:4 https:\/\/huggingface\.co\/papers\/2205\.14135: already in the list as content\/papers\/flashattention\.md \(given twice/,
      /^shelfmark add: 5 written, 4 already in the list, 4 failed \(added 2026-03-14\)\.$/,
      /^The list now holds 7 papers and passes the checks\.$/,
    ];
    expect(lines.filter(Boolean), run.stdout).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(lines[i], `line ${i + 1}`).toMatch(re));
  });

  it("writes the files exactly as import does: field order, taxonomy record, quoted arXiv id, --status and --tags", async () => {
    const text = await fixture.read("content/papers/flashattention.md");
    const fields = frontMatter(text);
    expect(Object.keys(fields)).toEqual(["title", "added", "status", "tags", "authors", "published", "arxiv", "pdf", "code", "abstract"]);
    expect(fields).toMatchObject({
      title: "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
      added: "2026-03-14",
      status: "reading",
      tags: ["reading group", "sparse attention", "long context"],
      authors: ["Tri Dao", "Daniel Y. Fu", "Stefano Ermon", "Atri Rudra", "Christopher Ré"],
      published: "2022-05-27",
      arxiv: "2205.14135v2",
      pdf: "https://arxiv.org/pdf/2205.14135v2",
      // The Hugging Face ref of the same paper in refs.txt brought its code repository.
      code: "https://github.com/Dao-AILab/flash-attention",
    });
    expect(text).toContain("tags: # from taxonomy: [sparse attention, long context]\n");
    expect(text).toContain('arxiv: "2205.14135v2"\n');
    expect(frontMatter(text).abstract).toContain("3$\\times$ speedup on GPT-2 (seq. length 1K), and 2.4$\\times$ speedup");
    expect(frontMatter(await fixture.read("content/papers/the-large-n-limit-of-superconformal-field-theories.md"))).toMatchObject({ arxiv: "hep-th/9711200", doi: "10.1023/A:1026654312961" });
    expect(frontMatter(await fixture.read("content/papers/optuna.md"))).toMatchObject({ doi: "10.1145/3292500.3330701", code: "https://github.com/pfnet/optuna/", published: "2019-07-25" });
    expect(frontMatter(await fixture.read("content/papers/bert.md"))).toMatchObject({ authors: ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"], published: "2019-06", pdf: "https://aclanthology.org/N19-1423.pdf" });
    expect(frontMatter(await fixture.read("content/papers/diffusion-schroedinger-bridge-with-applications-to-score.md")).title).toBe(
      "Diffusion Schrödinger Bridge with Applications to Score-Based Generative Modeling",
    );
  });

  it("asks arXiv once for all its ids, never asks about what the list holds, and stays on 127.0.0.1", () => {
    const arxiv = server.to("/arxiv/");
    expect(arxiv).toHaveLength(1);
    expect(arxiv[0]!.url).toBe("/arxiv/api/query?id_list=2205.14135v2,2001.04451,hep-th/9711200,2401.99999,2106.01357&max_results=5");
    expect(server.to("/doi/").map((r) => r.url)).toEqual(["/doi/10.1145/3292500.3330701", "/doi/10.9999/x"]);
    expect(server.to("/hf/").map((r) => r.url)).toEqual(["/hf/api/papers/2205.14135"]);
    expectPolite();
  });

  it("adding the same refs again writes nothing and exits 0 for the ones that were written", async () => {
    const before = await papersIn(fixture);
    const again = await fixture.cli(["add", "2205.14135", "hep-th/9711200v3", "10.1145/3292500.3330701"], server.env());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("2205.14135: already in the list as content/papers/flashattention.md (same arXiv id)");
    expect(again.stdout).toContain("hep-th/9711200v3: already in the list as content/papers/the-large-n-limit-of-superconformal-field-theories.md (same arXiv id)");
    expect(again.stdout).toContain("shelfmark add: 0 written, 3 already in the list, 0 failed");
    expect(await papersIn(fixture)).toEqual(before);
  });
});

describe("shelfmark add: the network misbehaving", () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await Fixture.create({ site: SITE, files: { "_data/taxonomy.yaml": TAXONOMY } });
  });
  afterAll(() => fixture?.cleanup());

  it("a 503 with Retry-After, then success", async () => {
    server.reset();
    server.route("/arxiv/api/query?id_list=2001.04451&max_results=1", { status: 503, headers: { "retry-after": "1" }, body: "Service Unavailable" }, {
      headers: { "content-type": "application/atom+xml" },
      body: (await import("../helpers/web-server.ts")).arxivFeed(["2001.04451"]),
    });
    const run = await fixture.cli(["add", "2001.04451", "--dry-run"], server.env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/2001\.04451: would write content\/papers\/reformer\.md/);
    expect(run.stdout).toContain("(dry run: nothing written)");
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(await papersIn(fixture)).toEqual([]);
  });

  it("a 429 that does not stop, a time-out, malformed XML and JSON: each ref fails with one line, exit 1", async () => {
    server.reset();
    server.route("/arxiv/api/query?id_list=2001.04451&max_results=1", { status: 429, body: "Rate exceeded." });
    server.route("/hf/api/papers/2205.14135", { hang: true });
    server.route("/doi/10.1038/nature14539", { headers: { "content-type": "application/json" }, body: "{not json" });
    const run = await fixture.cli(["add", "2001.04451", "10.1038/nature14539"], server.env({ SHELFMARK_HTTP_TIMEOUT_MS: "500" }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^2001\.04451: failed: 127\.0\.0\.1:\d+ answered HTTP 429 4 times for .*: try again later$/m);
    expect(run.stdout).toMatch(/^10\.1038\/nature14539: failed: malformed answer from 127\.0\.0\.1:\d+ for DOI 10\.1038\/nature14539 \(not CSL-JSON/m);
    expect(server.to("/arxiv/")).toHaveLength(4);

    server.reset();
    server.route("/arxiv/api/query?id_list=2205.14135&max_results=1", { hang: true });
    const slow = await fixture.cli(["add", "2205.14135"], server.env({ SHELFMARK_HTTP_TIMEOUT_MS: "500" }));
    expect(slow.code).toBe(1);
    expect(slow.stdout).toMatch(/^2205\.14135: failed: 127\.0\.0\.1:\d+ did not answer within 500 ms: try again later$/m);

    server.reset();
    server.route("/arxiv/api/query?id_list=2205.14135&max_results=1", { headers: { "content-type": "application/atom+xml" }, body: "<feed><entry><title>FlashAtt" });
    const broken = await fixture.cli(["add", "2205.14135"], server.env());
    expect(broken.stdout).toMatch(/^2205\.14135: failed: malformed answer from 127\.0\.0\.1:\d+ \(not an Atom feed\): try again later$/m);
    expect(await papersIn(fixture)).toEqual([]);
  });

  it("usage errors exit 2 and fetch nothing", async () => {
    server.reset();
    for (const args of [["add"], ["add", "2205.14135", "--status", "done"], ["add", "2205.14135", "--date", "2026-02-30"], ["add", "--from", "missing.txt"], ["daily", "--min-upvotes", "many"]]) {
      const run = await fixture.cli(args, server.env());
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/\[shelfmark:(add|daily)\] /);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe("shelfmark daily", () => {
  let fixture: Fixture;
  afterAll(() => fixture?.cleanup());

  it("writes the day's tagged papers with enough upvotes; the second run writes nothing", async () => {
    server.reset();
    fixture = await Fixture.create({ site: SITE, files: { "_data/taxonomy.yaml": TAXONOMY } });
    const first = await fixture.cli(["daily", "--date", "2024-08-14", "--only-tagged"], server.env());
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('2408.07092 "Post-Training Sparse Attention with Double Sparsity": written content/papers/post-training-sparse-attention-with-double-sparsity.md  [sparse attention, long context]');
    expect(first.stdout).toContain('2408.06450 "Evaluating Language Models for Efficient Code Generation": written content/papers/evaluating-language-models-for-efficient-code-generation.md  [code generation]');
    expect(first.stdout).toContain('2408.00441 "Focus, Distinguish, and Prompt: Unleashing CLIP for Efficient and Flexible Scene Text Retrieval": left out: no taxonomy tag (--only-tagged)');
    expect(first.stdout).toContain("shelfmark daily: 2 written, 0 already in the list, 0 failed, 1 left out.");
    const double = frontMatter(await fixture.read("content/papers/post-training-sparse-attention-with-double-sparsity.md"));
    expect(double).toMatchObject({ added: "2024-08-14", status: "to-read", arxiv: "2408.07092", published: "2024-08-11", code: "https://github.com/andy-yang-1/DoubleSparse" });
    expect(server.to("/hf/api/daily_papers").map((r) => r.url)).toEqual(["/hf/api/daily_papers?date=2024-08-14"]);

    const files = await papersIn(fixture);
    const second = await fixture.cli(["daily", "--date", "2024-08-14", "--only-tagged", "--min-upvotes", "5"], server.env());
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("already in the list as content/papers/post-training-sparse-attention-with-double-sparsity.md (same arXiv id)");
    expect(second.stdout).toContain("left out: 3 upvotes, fewer than --min-upvotes 5");
    expect(second.stdout).toContain("shelfmark daily: 0 written, 1 already in the list, 0 failed, 2 left out.");
    expect(await papersIn(fixture)).toEqual(files);
    expectPolite();
  });

  it("a day without papers writes nothing; yesterday (UTC) by default; a malformed answer fails in one line", async () => {
    server.reset();
    const empty = await fixture.cli(["daily"], server.env());
    expect(empty.code, empty.stderr).toBe(0);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(server.requests[0]!.url).toBe(`/hf/api/daily_papers?date=${yesterday}`);
    expect(empty.stdout).toContain(`Hugging Face daily papers of ${yesterday}: 0`);
    server.route("/hf/api/daily_papers?date=2024-08-15", { headers: { "content-type": "application/json" }, body: '{"error":"Invalid date"' });
    const broken = await fixture.cli(["daily", "--date", "2024-08-15"], server.env());
    expect(broken.code).toBe(1);
    expect(broken.stderr.trim()).toMatch(/^\[shelfmark:web\] malformed answer from 127\.0\.0\.1:\d+ \(not JSON\): try again later$/);
  });
});

describe("shelfmark refresh", () => {
  const HAND = [
    "---",
    'title: "The Large N Limit of Superconformal Field Theories and Supergravity"',
    "added: 2026-01-05   # heard it in a talk",
    "status: reading",
    "tags: [holography]",
    "authors: [Juan Maldacena]",
    "published: 1997",
    'arxiv: "hep-th/9711200"',
    "pdf: https://arxiv.org/pdf/hep-th/9711200",
    "abstract: My own summary.",
    "---",
    "Notes I wrote, **kept as they are**.",
    "",
    "- AdS/CFT",
    "",
  ].join("\r\n");
  let fixture: Fixture;
  afterAll(() => fixture?.cleanup());

  it("fills the journal DOI into a file with notes and CRLF endings; every other byte stays", async () => {
    server.reset();
    fixture = await Fixture.create({
      site: SITE,
      papers: {
        maldacena: HAND,
        flash: paper({ title: "FlashAttention", added: "2026-01-05", arxiv: '"2205.14135"', authors: "[Tri Dao]", published: "2022-05-27", pdf: "https://arxiv.org/pdf/2205.14135", abstract: "mine" }),
        "no-ids": paper({ title: "A paper without ids", added: "2026-01-05" }),
      },
    });
    const dry = await fixture.cli(["refresh", "--dry-run"], server.env());
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("content/papers/maldacena.md: would add doi 10.1023/A:1026654312961");
    expect(await fixture.read("content/papers/maldacena.md")).toBe(HAND);

    server.reset();
    const run = await fixture.cli(["refresh"], server.env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("content/papers/maldacena.md: added doi 10.1023/A:1026654312961");
    expect(run.stdout).toContain("shelfmark refresh: 2 papers asked, 1 gained fields, 1 had nothing to add, 0 failed; 1 without an arXiv id or DOI left as they are.");
    const lines = HAND.split("\r\n");
    lines.splice(8, 0, "doi: 10.1023/A:1026654312961");
    expect(await fixture.read("content/papers/maldacena.md")).toBe(lines.join("\r\n"));
    // Both papers in one arXiv request.
    expect(server.to("/arxiv/").map((r) => r.url)).toEqual(["/arxiv/api/query?id_list=2205.14135,hep-th/9711200&max_results=2"]);
    expectPolite();
  });

  it("named papers only; an unknown one is a usage error", async () => {
    server.reset();
    const one = await fixture.cli(["refresh", "flash"], server.env());
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain("shelfmark refresh: 1 paper asked, 0 gained fields, 1 had nothing to add, 0 failed.");
    expect(server.to("/arxiv/").map((r) => r.url)).toEqual(["/arxiv/api/query?id_list=2205.14135&max_results=1"]);
    const unknown = await fixture.cli(["refresh", "nope"], server.env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no paper nope in content/papers");
  });
});

it("today is the default added date", () => {
  expect(localToday()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});
