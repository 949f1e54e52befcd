import { ShelfmarkError } from "../errors.ts";

/**
 * The one way shelfmark talks to the web: every request says who is asking (User-Agent with a contact),
 * gives up after a time limit, and retries only what a server asks to be retried (429 and 5xx), waiting
 * as long as its `Retry-After` says, three times at most. Redirects are followed here, one hop at a
 * time, so that every address visited passes the same checks.
 */

export const PLUGIN = "web";

/** Errors a person reads: one line, what failed and what to do. */
export class WebError extends ShelfmarkError {
  constructor(message: string) {
    super(PLUGIN, message);
  }
  /** The message without the `[shelfmark:web]` prefix, for a line about one ref. */
  get reason(): string {
    return this.message.replace(/^\[shelfmark:[^\]]+\] /, "");
  }
}

export interface WebSettings {
  /** Whole request, body included. */
  timeoutMs: number;
  /** First retry waits this long, then twice as long, and so on (unless Retry-After says more). */
  retryBaseMs: number;
  retries: number;
  /** A Retry-After longer than this is not waited for: the command fails and says to try later. */
  maxRetryAfterMs: number;
  /** When set, requests to any other host are refused (tests: `127.0.0.1`). */
  allowHosts?: string[];
}

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new ShelfmarkError(PLUGIN, `${name}=${raw} is not a number of milliseconds. Fix: unset it or give a number such as 1000`);
  return value;
}

export function webSettings(env: NodeJS.ProcessEnv = process.env): WebSettings {
  const allow = env.SHELFMARK_NET_ALLOW?.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
  return {
    timeoutMs: envNumber(env, "SHELFMARK_HTTP_TIMEOUT_MS", 30_000),
    retryBaseMs: envNumber(env, "SHELFMARK_RETRY_BASE_MS", 1_000),
    retries: 3,
    maxRetryAfterMs: 120_000,
    allowHosts: allow?.length ? allow : undefined,
  };
}

/** `shelfmark/0.1.0 (+https://…; mailto:…)`; the parts in brackets only when known. */
export function userAgent(version: string, homepage?: string, contact?: string): string {
  const parts = [homepage ? `+${homepage}` : undefined, contact ? `mailto:${contact}` : undefined].filter(Boolean);
  return `shelfmark/${version}${parts.length ? ` (${parts.join("; ")})` : ""}`;
}

/** `Retry-After` in milliseconds: seconds (`120`) or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How long to wait before retry `attempt` (0-based): Retry-After when the server gave it, else backoff. */
export function retryDelay(attempt: number, retryAfter: number | undefined, baseMs: number): number {
  return retryAfter ?? baseMs * 2 ** attempt;
}

/** Keeps requests to one service apart: arXiv asks for one request every three seconds. */
export class Pace {
  private last = -Infinity;
  constructor(readonly gapMs: number) {}
  async wait(): Promise<void> {
    const due = this.last + this.gapMs - Date.now();
    if (due > 0) await sleep(due);
    this.last = Date.now();
  }
}

const duration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface GetOptions {
  accept: string;
  pace?: Pace;
}

export interface WebResponse {
  status: number;
  /** The address that answered, after redirects. */
  url: string;
  contentType: string;
  text: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export class WebClient {
  constructor(
    readonly userAgent: string,
    readonly settings: WebSettings = webSettings(),
  ) {}

  /**
   * GET with the manners above. Answers 2xx and 4xx come back (the caller knows what a 404 means for its
   * source); network failures, time-outs and 5xx/429 after the retries throw a WebError.
   */
  async get(address: string, options: GetOptions): Promise<WebResponse> {
    let url = address;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const response = await this.withRetries(url, options);
      const location = response.headers.get("location");
      if (!REDIRECTS.has(response.status) || !location) {
        return { status: response.status, url, contentType: response.headers.get("content-type") ?? "", text: response.body };
      }
      url = new URL(location, url).href;
    }
    throw new WebError(`${new URL(address).host} redirected more than ${MAX_REDIRECTS} times for ${address}: open it in a browser to see where it leads`);
  }

  private check(url: string): URL {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new WebError(`refused to follow ${url}: only http(s) addresses are fetched`);
    const allow = this.settings.allowHosts;
    if (allow && !allow.includes(parsed.hostname.toLowerCase())) {
      throw new WebError(`refused to contact ${parsed.host}: SHELFMARK_NET_ALLOW only allows ${allow.join(", ")}`);
    }
    return parsed;
  }

  private async withRetries(url: string, options: GetOptions): Promise<{ status: number; headers: Headers; body: string }> {
    const host = this.check(url).host;
    for (let attempt = 0; ; attempt++) {
      await options.pace?.wait();
      const answer = await this.once(url, host, options.accept);
      const retryable = answer.status === 429 || answer.status >= 500;
      if (!retryable) return answer;
      const after = retryAfterMs(answer.headers.get("retry-after"));
      if (attempt >= this.settings.retries) {
        throw new WebError(`${host} answered HTTP ${answer.status} ${attempt + 1} times for ${url}: try again later`);
      }
      if (after !== undefined && after > this.settings.maxRetryAfterMs) {
        throw new WebError(`${host} answered HTTP ${answer.status} and asks to wait ${Math.round(after / 1000)} s: try again later`);
      }
      await sleep(retryDelay(attempt, after, this.settings.retryBaseMs));
    }
  }

  private async once(url: string, host: string, accept: string): Promise<{ status: number; headers: Headers; body: string }> {
    const signal = AbortSignal.timeout(this.settings.timeoutMs);
    try {
      const response = await fetch(url, { headers: { "user-agent": this.userAgent, accept }, redirect: "manual", signal });
      return { status: response.status, headers: response.headers, body: await response.text() };
    } catch (error) {
      if (signal.aborted) throw new WebError(`${host} did not answer within ${duration(this.settings.timeoutMs)}: try again later`);
      throw new WebError(`cannot reach ${host} (offline? ${networkCode(error)}): check the connection and try again`);
    }
  }
}
