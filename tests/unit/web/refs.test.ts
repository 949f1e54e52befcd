import { describe, expect, it } from "vitest";
import { arxivBase, bareDoi, parseRef, readRefList } from "../../../src/web/refs.ts";

describe("parseRef: every form a person pastes", () => {
  it.each([
    ["2205.14135", { kind: "arxiv", id: "2205.14135" }],
    ["2205.14135v2", { kind: "arxiv", id: "2205.14135v2" }],
    ["arXiv:2205.14135", { kind: "arxiv", id: "2205.14135" }],
    ["arxiv: 2205.14135v2", { kind: "arxiv", id: "2205.14135v2" }],
    ["hep-th/9901001", { kind: "arxiv", id: "hep-th/9901001" }],
    ["math.GT/0309136", { kind: "arxiv", id: "math.GT/0309136" }],
    ["1501.00001", { kind: "arxiv", id: "1501.00001" }],
    ["https://arxiv.org/abs/2205.14135", { kind: "arxiv", id: "2205.14135" }],
    ["https://arxiv.org/abs/2205.14135v2", { kind: "arxiv", id: "2205.14135v2" }],
    ["https://arxiv.org/pdf/2205.14135", { kind: "arxiv", id: "2205.14135" }],
    ["https://arxiv.org/pdf/2205.14135v2.pdf", { kind: "arxiv", id: "2205.14135v2" }],
    ["http://export.arxiv.org/abs/hep-th/9901001", { kind: "arxiv", id: "hep-th/9901001" }],
    ["https://www.arxiv.org/abs/2205.14135/", { kind: "arxiv", id: "2205.14135" }],
    ["arxiv.org/abs/2205.14135", { kind: "arxiv", id: "2205.14135" }],
    ["10.1038/nature14539", { kind: "doi", doi: "10.1038/nature14539" }],
    ["doi:10.1038/nature14539", { kind: "doi", doi: "10.1038/nature14539" }],
    ["DOI: 10.1145/3292500.3330701", { kind: "doi", doi: "10.1145/3292500.3330701" }],
    ["https://doi.org/10.1038/nature14539", { kind: "doi", doi: "10.1038/nature14539" }],
    ["http://dx.doi.org/10.1023/A:1026654312961", { kind: "doi", doi: "10.1023/A:1026654312961" }],
    ["https://doi.org/10.1002%2F%28SICI%291097-4571", { kind: "doi", doi: "10.1002/(SICI)1097-4571" }],
    ["10.48550/arXiv.2205.14135", { kind: "arxiv", id: "2205.14135" }],
    ["https://doi.org/10.48550/ARXIV.2205.14135", { kind: "arxiv", id: "2205.14135" }],
    ["https://huggingface.co/papers/2205.14135", { kind: "hf", id: "2205.14135" }],
    ["https://huggingface.co/papers/2205.14135#community", { kind: "hf", id: "2205.14135" }],
    ["https://huggingface.co/papers", { kind: "url", url: "https://huggingface.co/papers" }],
    ["https://aclanthology.org/N19-1423/", { kind: "url", url: "https://aclanthology.org/N19-1423/" }],
    ["https://openreview.net/forum?id=H4DqfPSibmx", { kind: "url", url: "https://openreview.net/forum?id=H4DqfPSibmx" }],
  ])("%s", (input, expected) => {
    expect(parseRef(input)).toEqual(expected);
  });

  it.each([
    ["2205.1413x", /not an arXiv id/],
    ["arXiv:22051.4135", /not an arXiv id/],
    ["attention is all you need", /not an arXiv id, a DOI .* or an http\(s\) address/],
    ["ftp://example.org/paper.pdf", /not an arXiv id, a DOI/],
    ["https://arxiv.org/list/cs.LG/recent", /arXiv address without a paper id/],
    ["", /empty/],
  ])("refuses %j", (input, reason) => {
    const ref = parseRef(input);
    expect(ref.kind).toBe("invalid");
    expect(ref.kind === "invalid" && ref.reason).toMatch(reason);
  });

  it("compares arXiv ids without version, and reads DOIs only when they are DOIs", () => {
    expect(arxivBase("2205.14135v12")).toBe("2205.14135");
    expect(arxivBase("hep-th/9901001v1")).toBe("hep-th/9901001");
    expect(bareDoi("https://example.org/10.1038/x")).toBeUndefined();
    expect(bareDoi("11.1038/x")).toBeUndefined();
  });
});

describe("readRefList: --from files", () => {
  it("one ref a line, # comments and blank lines skipped, line numbers kept, URL fragments kept", () => {
    const text = "\uFEFF# papers from the reading group\r\n2205.14135\r\n\r\n10.1038/nature14539   # the review\r\nhttps://huggingface.co/papers/2001.04451#community\r\n  # indented comment\n";
    expect(readRefList(text)).toEqual([
      { ref: "2205.14135", line: 2 },
      { ref: "10.1038/nature14539", line: 4 },
      { ref: "https://huggingface.co/papers/2001.04451#community", line: 5 },
    ]);
  });
});
