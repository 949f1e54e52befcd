import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { REPO } from "./site.ts";

/**
 * arXiv, doi.org, Hugging Face and publishers' pages as recorded answers, served on 127.0.0.1. Every
 * request is recorded with its headers, so tests can count requests and check the User-Agent; `env()`
 * points shelfmark at this server and refuses every other host (SHELFMARK_NET_ALLOW), so a request that
 * would leave 127.0.0.1 fails the command instead of reaching the internet.
 *
 * Answers come from tests/fixtures/web/:
 * - `/arxiv/api/query?id_list=a,b` — arXiv's Atom feed, built like arXiv builds it: `feed-head.xml` and
 *   one `entries/<id>.xml` per known id (`/` written `_`); unknown ids are simply absent (an empty feed);
 * - `/doi/<doi>` — 302 to `/crossref/<doi>` (as doi.org redirects to the agency), which answers
 *   `doi/<doi with / and : as _>.json` as CSL-JSON; unknown DOIs get doi.org's 404;
 * - `/hf/api/daily_papers?date=D` — `hf/daily-D.json`, or `[]` (a day without papers);
 *   `/hf/api/papers/<id>` — `hf/paper-<id>.json`, or Hugging Face's 404;
 * - `/pages/<file>` — `html/<file>` as text/html.
 * `route()` overrides any address with answers given in order (the last one repeats).
 */

export const WEB_FIXTURES = path.join(REPO, "tests/fixtures/web");

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer: for time-outs. */
  hang?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage["headers"];
  /** `performance.now()` when it arrived. */
  at: number;
}

const fixture = (rel: string) => readFileSync(path.join(WEB_FIXTURES, rel), "utf8");
const fileName = (id: string) => id.replace(/[/:]/g, "_");

/** arXiv's answer to `id_list`: the feed head, then the entries it knows, in the order asked. */
export function arxivFeed(ids: string[]): string {
  const entries = ids
    .map((id) => path.join("arxiv/entries", `${fileName(id.replace(/v\d+$/, ""))}.xml`))
    .filter((rel) => existsSync(path.join(WEB_FIXTURES, rel)))
    .map(fixture);
  const list = ids.join(",");
  const head = fixture("arxiv/feed-head.xml").replaceAll("{ID_LIST}", list).replaceAll("{MAX}", String(ids.length)).replaceAll("{TOTAL}", String(entries.length));
  return `${head}${entries.join("")}</feed>\n`;
}

function recorded(url: URL): Reply {
  const p = url.pathname;
  if (p === "/arxiv/api/query") {
    const ids = (url.searchParams.get("id_list") ?? "").split(",").filter(Boolean);
    return { headers: { "content-type": "application/atom+xml; charset=utf-8" }, body: arxivFeed(ids) };
  }
  if (p.startsWith("/doi/")) {
    const doi = decodeURIComponent(p.slice("/doi/".length));
    if (existsSync(path.join(WEB_FIXTURES, "doi", `${fileName(doi.toLowerCase())}.json`))) return { status: 302, headers: { location: `/crossref/${p.slice("/doi/".length)}` } };
    return { status: 404, headers: { "content-type": "text/html;charset=utf-8" }, body: "<html><head><title>Error: DOI Not Found</title></head><body>DOI Not Found</body></html>" };
  }
  if (p.startsWith("/crossref/")) {
    const doi = decodeURIComponent(p.slice("/crossref/".length));
    return { headers: { "content-type": "application/vnd.citationstyles.csl+json" }, body: fixture(`doi/${fileName(doi.toLowerCase())}.json`) };
  }
  if (p === "/hf/api/daily_papers") {
    const rel = `hf/daily-${url.searchParams.get("date")}.json`;
    return { headers: { "content-type": "application/json; charset=utf-8" }, body: existsSync(path.join(WEB_FIXTURES, rel)) ? fixture(rel) : "[]" };
  }
  if (p.startsWith("/hf/api/papers/")) {
    const rel = `hf/paper-${fileName(decodeURIComponent(p.slice("/hf/api/papers/".length)))}.json`;
    if (existsSync(path.join(WEB_FIXTURES, rel))) return { headers: { "content-type": "application/json; charset=utf-8" }, body: fixture(rel) };
    return { status: 404, headers: { "content-type": "application/json; charset=utf-8" }, body: '{"error":"Paper not found"}' };
  }
  if (p.startsWith("/pages/") && existsSync(path.join(WEB_FIXTURES, "html", path.basename(p)))) {
    return { headers: { "content-type": "text/html; charset=utf-8" }, body: fixture(`html/${path.basename(p)}`) };
  }
  return { status: 404, headers: { "content-type": "text/plain" }, body: "not found" };
}

export class WebServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Reply[]>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<WebServer> {
    let self: WebServer | undefined;
    const server = createServer((req, res) => self!.answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    self = new WebServer(server, `http://127.0.0.1:${port}`);
    return self;
  }

  /** Answers for one path and query (`/hf/api/papers/2205.14135`), in order; the last one repeats. */
  route(pathAndQuery: string, ...replies: Reply[]): this {
    this.routes.set(pathAndQuery, replies);
    return this;
  }

  /** The environment a shelfmark command needs to use this server and nothing else. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      SHELFMARK_ARXIV_API: `${this.origin}/arxiv/api/query`,
      SHELFMARK_DOI_RESOLVER: `${this.origin}/doi`,
      SHELFMARK_HF_API: `${this.origin}/hf/api`,
      SHELFMARK_NET_ALLOW: "127.0.0.1",
      SHELFMARK_ARXIV_DELAY_MS: "0",
      SHELFMARK_RETRY_BASE_MS: "10",
      SHELFMARK_HTTP_TIMEOUT_MS: "10000",
      ...extra,
    };
  }

  /** Resolves once `count` requests in all have arrived: wait on this, never on a fixed sleep. */
  received(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Requests whose path starts with `prefix`. */
  to(prefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.url.startsWith(prefix));
  }

  reset(): void {
    this.requests.length = 0;
    this.routes.clear();
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, at: performance.now() });
    for (const w of this.waiters.filter((w) => this.requests.length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
    const url = new URL(req.url ?? "/", this.origin);
    const queue = this.routes.get(url.pathname + url.search);
    const reply = queue ? (queue.length > 1 ? queue.shift()! : queue[0]!) : recorded(url);
    if (reply.hang) return; // closed by close()
    res.writeHead(reply.status ?? 200, reply.headers ?? {});
    res.end(reply.body ?? "");
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
