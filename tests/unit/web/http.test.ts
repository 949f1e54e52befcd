import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ArxivSource } from "../../../src/web/arxiv.ts";
import { DoiSource } from "../../../src/web/doi.ts";
import { Pace, retryAfterMs, retryDelay, userAgent, WebClient, webSettings, type WebSettings } from "../../../src/web/http.ts";
import { WebServer } from "../../helpers/web-server.ts";

const UA = "shelfmark/0.1.0 (mailto:reader@example.org)";
const settings = (over: Partial<WebSettings> = {}): WebSettings => ({ ...webSettings({ SHELFMARK_RETRY_BASE_MS: "5", SHELFMARK_NET_ALLOW: "127.0.0.1" }), ...over });

let server: WebServer;
beforeAll(async () => {
  server = await WebServer.start();
});
afterAll(() => server?.close());
beforeEach(() => server.reset());

describe("the HTTP client's manners", () => {
  it("sends the User-Agent and Accept on every request, redirects included", async () => {
    const doi = new DoiSource(new WebClient(UA, settings()), `${server.origin}/doi`);
    const result = await doi.fetch("10.1038/nature14539");
    expect(result.ok).toBe(true);
    expect(server.requests.map((r) => r.url)).toEqual(["/doi/10.1038/nature14539", "/crossref/10.1038/nature14539"]);
    for (const r of server.requests) {
      expect(r.headers["user-agent"]).toBe(UA);
      expect(r.headers.accept).toBe("application/vnd.citationstyles.csl+json");
    }
  });

  it("retries a 503 after the time its Retry-After gives, then succeeds", async () => {
    server.route("/slow", { status: 503, headers: { "retry-after": "1" }, body: "busy" }, { body: "ok", headers: { "content-type": "text/plain" } });
    const answer = await new WebClient(UA, settings()).get(`${server.origin}/slow`, { accept: "text/plain" });
    expect(answer).toMatchObject({ status: 200, text: "ok" });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("retries a 429 with backoff, and gives up after three retries with one line", async () => {
    server.route("/limited", { status: 429, body: "slow down" });
    await expect(new WebClient(UA, settings()).get(`${server.origin}/limited`, { accept: "*/*" })).rejects.toThrow(
      /^\[shelfmark:web\] 127\.0\.0\.1:\d+ answered HTTP 429 4 times for http:\/\/127\.0\.0\.1:\d+\/limited: try again later$/,
    );
    expect(server.requests).toHaveLength(4);
  });

  it("does not wait hours for a Retry-After: it says to try later", async () => {
    server.route("/closed", { status: 503, headers: { "retry-after": "3600" } });
    await expect(new WebClient(UA, settings()).get(`${server.origin}/closed`, { accept: "*/*" })).rejects.toThrow(/answered HTTP 503 and asks to wait 3600 s: try again later/);
    expect(server.requests).toHaveLength(1);
  });

  it("gives up on a server that does not answer", async () => {
    server.route("/hang", { hang: true });
    await expect(new WebClient(UA, settings({ timeoutMs: 300 })).get(`${server.origin}/hang`, { accept: "*/*" })).rejects.toThrow(/127\.0\.0\.1:\d+ did not answer within 300 ms: try again later/);
  });

  it("says a host cannot be reached (offline?) when nothing listens", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    await expect(new WebClient(UA, settings()).get(`http://127.0.0.1:${port}/`, { accept: "*/*" })).rejects.toThrow(/cannot reach 127\.0\.0\.1:\d+ \(offline\? ECONNREFUSED\)/);
  });

  it("refuses any host outside SHELFMARK_NET_ALLOW, before and after a redirect", async () => {
    const client = new WebClient(UA, settings());
    await expect(client.get("https://export.arxiv.org/api/query?id_list=2205.14135", { accept: "*/*" })).rejects.toThrow(
      "refused to contact export.arxiv.org: SHELFMARK_NET_ALLOW only allows 127.0.0.1",
    );
    server.route("/away", { status: 302, headers: { location: "https://example.org/elsewhere" } });
    await expect(client.get(`${server.origin}/away`, { accept: "*/*" })).rejects.toThrow("refused to contact example.org");
    expect(server.requests.map((r) => r.url)).toEqual(["/away"]);
  });

  it("keeps arXiv's requests apart by the pace, 100 ids a request", async () => {
    const arxiv = new ArxivSource(new WebClient(UA, settings()), `${server.origin}/arxiv/api/query`, 200);
    const ids = Array.from({ length: 150 }, (_, i) => `2401.${String(10000 + i)}`);
    const results = await arxiv.fetch(["2205.14135", ...ids]);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]!.url).toMatch(/^\/arxiv\/api\/query\?id_list=2205\.14135,2401\.10000,.*&max_results=100$/);
    expect(server.requests[1]!.url).toMatch(/&max_results=51$/);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(190);
    expect(results.get("2205.14135")?.ok).toBe(true);
    expect(results.get("2401.10149")).toEqual({ ok: false, reason: "arXiv has no paper 2401.10149" });
  });

  it("asks again, alone, for the ids an error about another id kept arXiv from answering", async () => {
    const arxiv = new ArxivSource(new WebClient(UA, settings()), `${server.origin}/arxiv/api/query`, 0);
    const { readFileSync } = await import("node:fs");
    const { WEB_FIXTURES } = await import("../../helpers/web-server.ts");
    server.route("/arxiv/api/query?id_list=2613.00001,2205.14135&max_results=2", { body: readFileSync(`${WEB_FIXTURES}/arxiv/error-incorrect-id.xml`, "utf8") });
    const results = await arxiv.fetch(["2613.00001", "2205.14135"]);
    expect(results.get("2205.14135")?.ok).toBe(true);
    expect(results.get("2613.00001")).toMatchObject({ ok: false, reason: "arXiv has no paper 2613.00001 (incorrect id format for 2613.00001)" });
    expect(server.requests.map((r) => r.url)).toEqual(["/arxiv/api/query?id_list=2613.00001,2205.14135&max_results=2", "/arxiv/api/query?id_list=2205.14135&max_results=1"]);
  });
});

describe("pure parts", () => {
  it.each([
    ["shelfmark/0.1.0", undefined, undefined],
    ["shelfmark/0.1.0 (mailto:a@b.org)", undefined, "a@b.org"],
    ["shelfmark/0.1.0 (+https://github.com/o/r; mailto:a@b.org)", "https://github.com/o/r", "a@b.org"],
  ])("User-Agent %s", (expected, home, contact) => {
    expect(userAgent("0.1.0", home, contact)).toBe(expected);
  });

  it("Retry-After in seconds or as a date; backoff doubles otherwise", () => {
    const now = Date.parse("2026-03-14T12:00:00Z");
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs("Sat, 14 Mar 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect([0, 1, 2].map((a) => retryDelay(a, undefined, 1000))).toEqual([1000, 2000, 4000]);
    expect(retryDelay(2, 1500, 1000)).toBe(1500);
  });

  it("defaults: 30 s time-out, 1 s backoff, 3 retries, no host filter; bad numbers refused", () => {
    expect(webSettings({})).toEqual({ timeoutMs: 30_000, retryBaseMs: 1_000, retries: 3, maxRetryAfterMs: 120_000, allowHosts: undefined });
    expect(() => webSettings({ SHELFMARK_HTTP_TIMEOUT_MS: "soon" })).toThrow("SHELFMARK_HTTP_TIMEOUT_MS=soon is not a number of milliseconds");
  });

  it("a pace lets the first request go at once", async () => {
    const pace = new Pace(60_000);
    const start = performance.now();
    await pace.wait();
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
