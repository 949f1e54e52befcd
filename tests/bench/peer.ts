// The benchmark's yardstick (`--peer hugo`): a minimal Hugo site (tests/bench/hugo-site: one page per paper,
// the list, tag pages, RSS) built from the same synthetic papers, then Pagefind over Hugo's output, timed in
// the same run as shelfmark's build. The goal is the ratio shelfmark ÷ (Hugo + Pagefind).
import { execFileSync } from "node:child_process";
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { run, type Run } from "./proc.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SITE = path.join(REPO, "tests/bench/hugo-site");
const PAGEFIND = path.join(REPO, "node_modules/pagefind/lib/runner/bin.cjs");

export const PEERS = ["hugo"] as const;

/** Why the peer cannot be built here (no `hugo` on PATH), or undefined when it can. */
export function peerMissing(peer: string): string | undefined {
  if (!(PEERS as readonly string[]).includes(peer)) return `unknown peer "${peer}" (known: ${PEERS.join(", ")})`;
  try {
    execFileSync("hugo", ["version"], { stdio: ["ignore", "pipe", "ignore"] });
    return undefined;
  } catch {
    return "hugo is not on PATH (Debian: apt-get install -y hugo)";
  }
}

/**
 * A paper file of the benchmark as a Hugo post: the recipe's schema (date, authors, tags, paper, code) with the
 * abstract and the notes in the body, as Hugo renders only the body.
 */
export function hugoPost(paperFile: string): string {
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(paperFile);
  if (!match) throw new Error("a paper file without front matter");
  const fields = parse(match[1]!) as { title: string; added: string; authors?: string[]; tags?: string[]; arxiv?: string; code?: string; abstract?: string };
  const front: Record<string, unknown> = { title: fields.title, date: String(fields.added), authors: fields.authors ?? [], tags: fields.tags ?? [] };
  if (fields.arxiv) front.paper = `https://arxiv.org/abs/${fields.arxiv}`;
  if (fields.code) front.code = fields.code;
  return `---\n${stringify(front, { lineWidth: 0 })}---\n${fields.abstract ?? ""}\n\n${match[2]!}`;
}

/** The Hugo site with the papers of `papersDir` as its posts, in `dir`. */
export async function makePeerProject(papersDir: string, dir: string): Promise<void> {
  await cp(SITE, dir, { recursive: true });
  const posts = path.join(dir, "content/posts");
  await mkdir(posts, { recursive: true });
  const names = (await readdir(papersDir)).filter((n) => n.endsWith(".md"));
  for (let i = 0; i < names.length; i += 256) {
    await Promise.all(names.slice(i, i + 256).map(async (name) => writeFile(path.join(posts, name), hugoPost(await readFile(path.join(papersDir, name), "utf8")))));
  }
}

export interface PeerBuild {
  hugo: Run;
  pagefind: Run;
  /** Hugo then Pagefind, one after the other, as the recipe runs them. */
  wallMs: number;
  /** The larger of the two (they never run at the same time). */
  peakRss: number;
}

/** Hugo into `dir/<outName>`, then Pagefind's command line over it. Throws with the output when either fails. */
export async function buildPeer(dir: string, outName: string): Promise<PeerBuild> {
  const hugo = await run(["--quiet", "--destination", outName], dir, {}, "hugo");
  if (hugo.code !== 0) throw new Error(`hugo failed:\n${hugo.output}`);
  const pagefind = await run([PAGEFIND, "--site", outName], dir);
  if (pagefind.code !== 0) throw new Error(`pagefind failed:\n${pagefind.output}`);
  return { hugo, pagefind, wallMs: hugo.wallMs + pagefind.wallMs, peakRss: Math.max(hugo.peakRss, pagefind.peakRss) };
}
