import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Fixture, SEED_CONTENT, paper } from "./site.ts";

/**
 * A site like a real list: the 83 seed papers and their taxonomy, plus a few papers that exercise
 * what links can get wrong (notes linking to other papers by root-relative, relative and #fragment
 * links, tags whose slugs are not ASCII, a draft), two papers a page so that lists paginate.
 */
export async function createRepoLikeFixture(files: Record<string, string> = {}): Promise<Fixture> {
  const papers: Record<string, string> = {};
  const repoPapers = path.join(SEED_CONTENT, "papers");
  for (const name of (await readdir(repoPapers)).filter((n) => n.endsWith(".md")).sort()) {
    papers[name.slice(0, -3)] = await readFile(path.join(repoPapers, name), "utf8");
  }
  const extraFiles: Record<string, string> = {};
  const taxonomy = path.join(SEED_CONTENT, "_data/taxonomy.yaml");
  if (existsSync(taxonomy)) extraFiles["_data/taxonomy.yaml"] = await readFile(taxonomy, "utf8");

  papers["zz-link-notes"] = paper(
    {
      title: `"Links & <angles>: a fixture paper"`,
      added: "2026-04-02",
      tags: `["LLM 日本語", "KV Cache", "C++"]`,
      status: "read",
      url: "https://example.org/paper?a=1&b=2",
    },
    "See [the survey](/papers/zz-kv-survey/), [the same, relatively](../zz-kv-survey/),\n" +
      "its [notes](/papers/zz-kv-survey/#notes-heading) and [mine](#notes-heading), and [elsewhere](https://example.org/).\n",
  );
  papers["zz-kv-survey"] = paper(
    { title: "A Survey of KV Cache Compression", added: "2026-04-01", tags: "[kv cache, long context]", status: "reading" },
    "Back to [the link notes](/papers/zz-link-notes/).\n",
  );
  papers["zz-third"] = paper({ title: "A Third Fixture Paper", added: "2026-03-20", tags: "[Évaluation]" });
  papers["zz-draft"] = paper({ title: "A Draft Never Published", added: "2026-04-03", draft: "true" });

  return Fixture.create({
    papers,
    site: "title: Fixture list\ndescription: Like the repository's own\nauthor: Tester\nlanguage: en\nperPage: 2\nfeedSize: 3\n",
    files: { ...extraFiles, ...files },
  });
}
