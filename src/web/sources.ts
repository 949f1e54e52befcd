import { existsSync, readFileSync } from "node:fs";
import { projectFile } from "../cli/project.ts";
import type { PaperFields } from "../import/record.ts";
import { loadSettings } from "../site/settings.ts";
import { ArxivSource } from "./arxiv.ts";
import { DoiSource } from "./doi.ts";
import { fetchPage } from "./highwire.ts";
import { userAgent, WebClient, WebError } from "./http.ts";
import { HfSource, hfLinks } from "./huggingface.ts";
import { arxivBase, parseRef, type Ref } from "./refs.ts";
import type { Outcome } from "./write.ts";

/**
 * Turns refs into papers: arXiv ids (from ids, links, arXiv DOIs and Hugging Face pages) in batches of
 * 100, then DOIs and pages one at a time. A ref whose arXiv id or DOI the list already holds is not
 * fetched at all, nor is a ref given twice.
 */

export type Fetched = { ok: true; fields: PaperFields; notes: string[] } | { ok: false; outcome: Outcome };

export interface Sources {
  arxiv: ArxivSource;
  doi: DoiSource;
  hf: HfSource;
  client: WebClient;
}

const SETTINGS_FILE = "content/site.yaml";
const PACKAGE = new URL("../../package.json", import.meta.url);

/**
 * The client every command uses. The User-Agent names shelfmark's version, its home page when
 * package.json gives one (`homepage` or `repository`), and the `contact` of the project's content/site.yaml.
 */
export function webClient(settingsFile = projectFile(SETTINGS_FILE)): WebClient {
  const pkg = JSON.parse(readFileSync(PACKAGE, "utf8")) as { version: string; homepage?: string; repository?: string | { url?: string } };
  const repository = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
  const home = pkg.homepage ?? repository?.replace(/^git\+/, "").replace(/\.git$/, "");
  const contact = existsSync(settingsFile) ? loadSettings(settingsFile).contact : undefined;
  return new WebClient(userAgent(pkg.version, home && /^https?:\/\//.test(home) ? home : undefined, contact));
}

export function makeSources(client: WebClient): Sources {
  return { arxiv: new ArxivSource(client), doi: new DoiSource(client), hf: new HfSource(client), client };
}

/** What makes two refs the same before anything is fetched. */
function refKey(ref: Ref): string {
  if (ref.kind === "arxiv" || ref.kind === "hf") return `arxiv:${arxivBase(ref.id).toLowerCase()}`;
  return ref.kind === "doi" ? `doi:${ref.doi.toLowerCase()}` : `url:${ref.url}`;
}

export type Progress = (message: string) => void;

/**
 * One result per input, in order; `sameAs` points a repeated ref at the first one. `listed` answers
 * "already in the list?" by arXiv id or DOI.
 */
export async function fetchRefs(
  inputs: string[],
  sources: Sources,
  listed: (ids: Pick<PaperFields, "arxiv" | "doi">) => Outcome | undefined,
  progress: Progress = () => {},
): Promise<{ results: (Fetched | undefined)[]; sameAs: Map<number, number> }> {
  const results: (Fetched | undefined)[] = inputs.map(() => undefined);
  const sameAs = new Map<number, number>();
  const firstOf = new Map<string, number>();
  const todo: { index: number; ref: Ref }[] = [];
  inputs.forEach((input, index) => {
    const ref = parseRef(input);
    if (ref.kind === "invalid") return (results[index] = { ok: false, outcome: { kind: "failed", reason: ref.reason } });
    const key = refKey(ref);
    if (firstOf.has(key)) {
      // The same paper as an arXiv id and as its Hugging Face page: one file, with the page's links.
      const first = todo.find((t) => t.index === firstOf.get(key));
      if (first && ref.kind === "hf" && first.ref.kind === "arxiv") first.ref = { kind: "hf", id: first.ref.id };
      return sameAs.set(index, firstOf.get(key)!);
    }
    firstOf.set(key, index);
    const ids = ref.kind === "doi" ? { doi: ref.doi } : ref.kind === "url" ? {} : { arxiv: ref.id };
    const known = listed(ids);
    if (known) return (results[index] = { ok: false, outcome: known });
    todo.push({ index, ref });
  });

  const arxivRefs = todo.filter((t) => t.ref.kind === "arxiv" || t.ref.kind === "hf") as { index: number; ref: Extract<Ref, { id: string }> }[];
  if (arxivRefs.length) {
    const answers = await sources.arxiv.fetch(
      arxivRefs.map((t) => t.ref.id),
      (done, total) => total > 100 && progress(`arXiv: ${done} of ${total} ids`),
    );
    for (const { index, ref } of arxivRefs) {
      const answer = answers.get(ref.id)!;
      results[index] = answer.ok ? { ok: true, fields: answer.fields, notes: [] } : { ok: false, outcome: { kind: "failed", reason: answer.reason } };
    }
  }

  const one = todo.filter((t) => t.ref.kind !== "arxiv");
  let done = 0;
  for (const { index, ref } of one) {
    if (ref.kind === "hf") {
      const fetched = results[index];
      if (fetched?.ok) await addHfLinks(fetched, ref.id, sources.hf);
    } else if (ref.kind === "doi") {
      const answer = await sources.doi.fetch(ref.doi);
      results[index] = answer.ok ? { ok: true, fields: answer.fields, notes: [] } : { ok: false, outcome: { kind: "failed", reason: answer.reason } };
    } else if (ref.kind === "url") {
      const answer = await fetchPage(sources.client, ref.url);
      results[index] = answer.ok ? { ok: true, fields: answer.fields, notes: [] } : { ok: false, outcome: { kind: "failed", reason: answer.reason } };
    }
    done++;
    if (one.length > 10 && (done % 10 === 0 || done === one.length)) progress(`DOIs and pages: ${done} of ${one.length}`);
  }
  return { results, sameAs };
}

/** A Hugging Face page adds the code and project page it knows; without them the arXiv paper still stands. */
async function addHfLinks(fetched: Extract<Fetched, { ok: true }>, id: string, hf: HfSource): Promise<void> {
  try {
    // Hugging Face's pages are per paper, not per version.
    const paper = await hf.paper(arxivBase(id));
    if (!paper) return void fetched.notes.push(`${hf.host} has no page for ${id}: written from arXiv alone`);
    Object.assign(fetched.fields, hfLinks(paper));
  } catch (error) {
    if (!(error instanceof WebError)) throw error;
    fetched.notes.push(`no code or project page from Hugging Face (${error.reason})`);
  }
}
