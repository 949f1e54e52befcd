import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseArxivFeed } from "../../../src/web/arxiv.ts";
import { cslDate, cslFields, type CslItem } from "../../../src/web/doi.ts";
import { citationMeta, highwireDate, highwireFields } from "../../../src/web/highwire.ts";
import { hfFields, parseDaily, type HfPaper } from "../../../src/web/huggingface.ts";
import { arxivFeed, WEB_FIXTURES } from "../../helpers/web-server.ts";

const fixture = (rel: string) => readFileSync(path.join(WEB_FIXTURES, rel), "utf8");

describe("arXiv's Atom answers", () => {
  it("reads several ids from one feed: one line titles and summaries, TeX kept, accents and entities decoded", () => {
    const ids = ["2001.04451v2", "2106.01357", "hep-th/9711200"];
    const results = parseArxivFeed(arxivFeed(ids), ids);
    expect(results.get("2001.04451v2")).toEqual({
      ok: true,
      fields: expect.objectContaining({
        title: "Reformer: The Efficient Transformer",
        authors: ["Nikita Kitaev", "Łukasz Kaiser", "Anselm Levskaya"],
        published: "2020-01-13",
        arxiv: "2001.04451v2",
        pdf: "https://arxiv.org/pdf/2001.04451v2",
      }),
    });
    const reformer = results.get("2001.04451v2");
    expect(reformer?.ok && reformer.fields.abstract).toContain("changing its complexity from O($L^2$) to O($L\\log L$), where $L$ is the length");
    const dsb = results.get("2106.01357");
    expect(dsb?.ok && dsb.fields.title).toBe("Diffusion Schrödinger Bridge with Applications to Score-Based Generative Modeling");
    expect(dsb?.ok && dsb.fields.abstract).toMatch(/^Progressively applying .* solving the Schrödinger Bridge problem .* \(Sinkhorn, 1964\)\.$/);
    expect(dsb?.ok && dsb.fields.abstract).not.toMatch(/\n|  /);
    const old = results.get("hep-th/9711200");
    expect(old?.ok && old.fields).toMatchObject({ arxiv: "hep-th/9711200", doi: "10.1023/A:1026654312961", published: "1997-11-27", authors: ["Juan M. Maldacena"] });
    expect(old?.ok && old.fields.abstract).toContain("4-d ${\\cal N} =4$ super-Yang-Mills");
  });

  it("the first version's date, whatever version was asked", () => {
    const r = parseArxivFeed(arxivFeed(["2205.14135"]), ["2205.14135"]).get("2205.14135");
    expect(r?.ok && r.fields.published).toBe("2022-05-27");
    expect(r?.ok && r.fields.authors?.at(-1)).toBe("Christopher Ré");
  });

  it("an unknown id is 'not found' in both of arXiv's forms: missing from the feed, or an error entry", () => {
    expect(parseArxivFeed(arxivFeed(["2401.99999"]), ["2401.99999"]).get("2401.99999")).toEqual({ ok: false, reason: "arXiv has no paper 2401.99999" });
    expect(parseArxivFeed(fixture("arxiv/error-incorrect-id.xml"), ["2613.00001"]).get("2613.00001")).toEqual({
      ok: false,
      reason: "arXiv has no paper 2613.00001 (incorrect id format for 2613.00001)",
    });
  });

  it("an id left out because another id of the request was an error is asked again", () => {
    const r = parseArxivFeed(fixture("arxiv/error-incorrect-id.xml"), ["2613.00001", "2205.14135"]);
    expect(r.get("2205.14135")).toMatchObject({ ok: false, askAgain: true });
    expect(r.get("2613.00001")).not.toHaveProperty("askAgain");
  });

  it.each([
    ["truncated XML", fixture("arxiv/truncated.xml")],
    ["JSON", '{"error": "rate limited"}'],
    ["an HTML error page", "<html><body><h1>503 Service Unavailable</h1></body></html>"],
  ])("refuses %s in one line", (_name, body) => {
    expect(() => parseArxivFeed(body, ["2205.14135"])).toThrow(/^\[shelfmark:web\] malformed answer from export\.arxiv\.org \(not an Atom feed\): try again later$/);
  });
});

describe("CSL-JSON from doi.org", () => {
  it("Crossref's answer: title, given + family names, issued date; the doi.org URL adds nothing", () => {
    const item = JSON.parse(fixture("doi/10.1038_nature14539.json")) as CslItem;
    expect(cslFields(item, "10.1038/nature14539")).toEqual({ title: "Deep learning", authors: ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"], published: "2015-05-27", doi: "10.1038/nature14539" });
  });

  it("a JATS abstract as plain text, its 'Abstract' heading dropped", () => {
    const item = JSON.parse(fixture("doi/10.1145_3292500.3330701.json")) as CslItem;
    const fields = cslFields(item, "10.1145/3292500.3330701")!;
    expect(fields.abstract).toMatch(/^The purpose of this study is .* under the MIT license \(https:\/\/github\.com\/pfnet\/optuna\/\)\.$/);
  });

  it.each([
    [{ "date-parts": [[2015, 5, 27]] }, "2015-05-27"],
    [{ "date-parts": [[2019, 6]] }, "2019-06"],
    [{ "date-parts": [["2019"]] }, "2019"],
    [{ "date-parts": [[null]] }, undefined],
    [{ raw: "spring 2019" }, undefined],
    [undefined, undefined],
  ])("date %j → %s", (date, expected) => {
    expect(cslDate(date as never)).toBe(expected);
  });

  it("keeps a publisher URL, takes literal names, and gives up without a title", () => {
    expect(cslFields({ title: ["A study"], author: [{ literal: "The ATLAS Collaboration" }], URL: "https://example.org/a", DOI: "10.1234/a" }, "10.1234/A")).toEqual({
      title: "A study",
      authors: ["The ATLAS Collaboration"],
      doi: "10.1234/a",
      url: "https://example.org/a",
    });
    expect(cslFields({ author: [] }, "10.1/a")).toBeUndefined();
  });
});

describe("Hugging Face's daily papers", () => {
  const daily = parseDaily(fixture("hf/daily-2024-08-14.json"), "huggingface.co");

  it("reads the papers of a day; githubRepo becomes code, projectPage url", () => {
    expect(daily.map((p) => p.id)).toEqual(["2408.07092", "2408.06450", "2408.00441"]);
    expect(hfFields(daily[0]!)).toMatchObject({
      title: "Post-Training Sparse Attention with Double Sparsity",
      arxiv: "2408.07092",
      published: "2024-08-11",
      code: "https://github.com/andy-yang-1/DoubleSparse",
      pdf: "https://arxiv.org/pdf/2408.07092",
    });
    expect(hfFields(daily[0]!)!.abstract).toContain("achieve $\\frac{1}{16}$ token and channel sparsity");
    expect(hfFields(daily[2]!)!.title).toBe("Focus, Distinguish, and Prompt: Unleashing CLIP for Efficient and Flexible Scene Text Retrieval");
    const reformer = JSON.parse(fixture("hf/paper-2001.04451.json")) as HfPaper;
    expect(hfFields(reformer)).toMatchObject({ code: "https://github.com/google/trax", url: "https://ai.googleblog.com/2020/01/reformer-efficient-transformer.html" });
  });

  it("refuses malformed answers in one line, and skips items without a paper", () => {
    expect(() => parseDaily("<html>", "huggingface.co")).toThrow("malformed answer from huggingface.co (not JSON): try again later");
    expect(() => parseDaily('{"error":"Invalid date"}', "huggingface.co")).toThrow("malformed answer from huggingface.co (expected a list of daily papers)");
    expect(parseDaily('[{"paper":{"id":"2408.07092"}},{"title":"no paper"}]', "h")).toHaveLength(1);
    expect(hfFields({ id: "not-an-id", title: "x" })).toBeUndefined();
  });
});

describe("Highwire citation_* meta tags", () => {
  it("an ACL Anthology page: names turned round, date, DOI, PDF; the page is the url", () => {
    const fields = highwireFields(citationMeta(fixture("html/acl-bert.html")), "https://aclanthology.org/N19-1423/");
    expect(fields).toEqual({
      title: "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
      authors: ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"],
      published: "2019-06",
      doi: "10.18653/v1/N19-1423",
      url: "https://aclanthology.org/N19-1423/",
      pdf: "https://aclanthology.org/N19-1423.pdf",
    });
  });

  it("a page without them has no paper", () => {
    expect(citationMeta(fixture("html/blog-post.html"))).toEqual([]);
    expect(highwireFields([], "https://example.org/")).toBeUndefined();
  });

  it("reads what shelfmark's own pages write (arXiv id, abstract, relative PDF)", () => {
    const html = `<meta name="citation_title" content="FlashAttention"><meta name="citation_author" content="Dao, Tri"><meta name="citation_author" content="Ré, Christopher">
      <meta name="citation_publication_date" content="2022/05/27"><meta name="citation_arxiv_id" content="2205.14135"><meta name="citation_pdf_url" content="/pdf/x.pdf">
      <meta name="citation_abstract" content="Tiling &amp; recomputation.">`;
    expect(highwireFields(citationMeta(html), "https://me.github.io/list/papers/flashattention/")).toEqual({
      title: "FlashAttention",
      authors: ["Tri Dao", "Christopher Ré"],
      published: "2022-05-27",
      arxiv: "2205.14135",
      url: "https://me.github.io/list/papers/flashattention/",
      pdf: "https://me.github.io/pdf/x.pdf",
      abstract: "Tiling & recomputation.",
    });
  });

  it.each([
    ["2022/05/27", "2022-05-27"],
    ["2022-5-7", "2022-05-07"],
    ["2019/6", "2019-06"],
    ["2019", "2019"],
    ["2019/02/30", "2019"],
    ["May 2019", undefined],
  ])("date %s → %s", (text, expected) => {
    expect(highwireDate(text)).toBe(expected);
  });
});
