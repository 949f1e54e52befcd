import { describe, expect, it } from "vitest";
import { syntheticPapers } from "../../bench/related-bench.ts";
import { applyUpdate, planUpdate, sameInput } from "../../../src/related/incremental.ts";
import { relatedPapers, type RelatedInput, type RelatedPaper } from "../../../src/related/related.ts";

// The dev server's update after a save must agree with a full computation wherever a reader could tell: the
// edited paper's list, every list that shows the edited paper, and every list that should now show it.

/** What the dev server does after a save: the last build's lists, updated by the plan. */
function update(before: RelatedInput[], previous: Map<string, RelatedPaper[]>, after: RelatedInput[]): Map<string, RelatedPaper[]> {
  const plan = planUpdate(before, previous, after);
  if (plan.kind === "same") return previous;
  if (plan.kind === "all") return relatedPapers(after);
  return applyUpdate(previous, plan.removed, relatedPapers(after, {}, plan.scope));
}

const papers = syntheticPapers(600, 9);
const full = relatedPapers(papers);

describe("planUpdate", () => {
  it.each([
    ["equal copies", papers.map((p) => ({ ...p, tags: [...p.tags] }))],
    ["another order", [...papers].reverse()],
  ])("keeps every list for %s", (_, after) => {
    expect(planUpdate(papers, full, after)).toEqual({ kind: "same" });
  });

  it("computes every list when many papers changed", () => {
    const after = papers.map((p, i) => (i < 30 ? { ...p, title: `${p.title} again` } : p));
    expect(planUpdate(papers, full, after)).toEqual({ kind: "all" });
  });

  it("answers for the changed paper, its old related papers, and the papers whose lists held it", () => {
    const edited = papers[5]!;
    const plan = planUpdate(papers, full, papers.map((p) => (p === edited ? { ...p, title: "Something else" } : p)));
    expect(plan.kind).toBe("some");
    if (plan.kind !== "some") return;
    expect(plan.scope.expand).toEqual([edited.slug]);
    expect(plan.scope.only).toContain(edited.slug);
    for (const r of full.get(edited.slug)!) expect(plan.scope.only).toContain(r.slug);
    for (const [slug, list] of full) if (list.some((r) => r.slug === edited.slug)) expect(plan.scope.only).toContain(slug);
    expect(plan.scope.only.length).toBeLessThan(papers.length / 10);
  });

  it.each<[string, Partial<RelatedInput>]>([
    ["a title", { title: "x" }],
    ["an abstract", { abstract: "y" }],
    ["a tag", { tags: ["u"] }],
    ["a link", { links: ["b"] }],
  ])("sees a change of %s", (_, patch) => {
    const a: RelatedInput = { slug: "a", title: "A", abstract: "x", tags: ["t"] };
    expect(sameInput(a, { ...a })).toBe(true);
    expect(sameInput(a, { ...a, ...patch })).toBe(false);
    expect(sameInput(undefined, a)).toBe(false);
  });
});

describe("the update after a save agrees with a full computation", () => {
  const edits: [string, (p: RelatedInput[]) => RelatedInput[], string][] = [
    ["a new title", (p) => p.map((x, i) => (i === 17 ? { ...x, title: papers[300]!.title } : x)), papers[17]!.slug],
    ["a new abstract", (p) => p.map((x, i) => (i === 42 ? { ...x, abstract: papers[43]!.abstract } : x)), papers[42]!.slug],
    ["other tags", (p) => p.map((x, i) => (i === 99 ? { ...x, tags: papers[7]!.tags } : x)), papers[99]!.slug],
    ["a note link", (p) => p.map((x, i) => (i === 3 ? { ...x, links: [papers[500]!.slug] } : x)), papers[3]!.slug],
    ["a new paper", (p) => [...p, { ...papers[250]!, slug: "zz-new" }], "zz-new"],
  ];

  it.each(edits)("%s", (_, edit, slug) => {
    const after = edit(papers);
    const updated = update(papers, full, after);
    const exact = relatedPapers(after);
    // The edited paper's own list.
    expect(updated.get(slug)).toEqual(exact.get(slug));
    for (const [other, list] of exact) {
      const shown = updated.get(other)!;
      // Every list that should show the edited paper does, and every list that shows it shows it as it is now.
      if (list.some((r) => r.slug === slug)) expect(shown.map((r) => r.slug), other).toContain(slug);
      const entry = shown.find((r) => r.slug === slug);
      if (entry) expect(entry).toEqual(list.find((r) => r.slug === slug));
    }
    expect([...updated.keys()].sort()).toEqual([...exact.keys()].sort());
  });

  it("a removed paper leaves every list", () => {
    const gone = papers[8]!.slug;
    const after = papers.filter((p) => p.slug !== gone);
    const updated = update(papers, full, after);
    expect(updated.has(gone)).toBe(false);
    for (const list of updated.values()) expect(list.map((r) => r.slug)).not.toContain(gone);
    for (const [slug, list] of full) if (list.some((r) => r.slug === gone)) expect(updated.get(slug)).toEqual(relatedPapers(after).get(slug));
  });

  it("answers only for the scope, and the same as for every paper", () => {
    const scope = { only: [papers[1]!.slug, papers[2]!.slug, "not-a-paper"] };
    const some = relatedPapers(papers, {}, scope);
    expect([...some.keys()]).toEqual([papers[1]!.slug, papers[2]!.slug]);
    for (const [slug, list] of some) expect(list).toEqual(full.get(slug));
  });
});
