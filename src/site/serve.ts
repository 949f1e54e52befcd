import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { normalisePathPrefix } from "./settings.ts";

/**
 * A small static server that behaves like GitHub Pages for a built site: the site lives under its path
 * prefix, a folder serves its index.html, a folder without its trailing slash redirects, and a missing
 * path gets the site's 404.html with status 404. Used by `npm run preview` and by the tests.
 */

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  // Module scripts and Pagefind's worker are refused under any other type.
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".xsl": "application/xml; charset=utf-8",
  ".opml": "text/x-opml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".bib": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".webmanifest": "application/manifest+json",
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** What the server answers for a request path: a file with a status, or a redirect. */
export type Resolution = { kind: "file"; file: string; status: 200 | 404 } | { kind: "redirect"; location: string } | { kind: "missing" };

/**
 * Maps a request path (`/reading-list/papers/x/`) to a file under `root`, GitHub Pages style. Paths
 * outside the prefix, or that climb out of the root once decoded, are missing.
 */
export async function resolveRequest(root: string, pathPrefix: string, requestPath: string): Promise<Resolution> {
  const prefix = normalisePathPrefix(pathPrefix);
  const notFound = async (): Promise<Resolution> => {
    const file = path.join(root, "404.html");
    return (await isFile(file)) ? { kind: "file", file, status: 404 } : { kind: "missing" };
  };
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return notFound();
  }
  if (decoded === prefix.slice(0, -1) && prefix !== "/") return { kind: "redirect", location: prefix };
  if (!decoded.startsWith(prefix) || decoded.includes("\0")) return notFound();
  const rel = decoded.slice(prefix.length);
  const target = path.resolve(root, rel);
  if (target !== path.resolve(root) && !target.startsWith(path.resolve(root) + path.sep)) return notFound();
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!decoded.endsWith("/")) return { kind: "redirect", location: requestPath + "/" };
    const index = path.join(target, "index.html");
    return (await isFile(index)) ? { kind: "file", file: index, status: 200 } : notFound();
  }
  if (info?.isFile()) return { kind: "file", file: target, status: 200 };
  return notFound();
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

export interface StaticServerOptions {
  /** The built site (`_site`). */
  root: string;
  /** Where the site lives: `/` or `/reading-list/`. */
  pathPrefix?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface StaticServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The site's home: origin plus prefix. */
  url: string;
  close(): Promise<void>;
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = path.resolve(options.root);
  const prefix = normalisePathPrefix(options.pathPrefix);
  const host = options.host ?? "127.0.0.1";
  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end();
        return;
      }
      const { pathname } = new URL(req.url ?? "/", "http://localhost");
      const found = await resolveRequest(root, prefix, pathname);
      if (found.kind === "redirect") {
        res.writeHead(301, { location: found.location }).end();
      } else if (found.kind === "missing") {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("404 Not Found\n");
      } else {
        const { size } = await stat(found.file);
        res.writeHead(found.status, { "content-type": contentType(found.file), "content-length": size, "cache-control": "no-store" });
        if (req.method === "HEAD") res.end();
        else createReadStream(found.file).pipe(res);
      }
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    origin,
    url: origin + prefix,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
