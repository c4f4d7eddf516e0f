import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { basename, extname, join, normalize, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { isSandboxWorkerFile, sandboxWorkerPolicy } from "./security-headers.ts";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves a file of the built inspector for a GET/HEAD request. Resolves to false when there is no
 * such file, so the caller can answer 404. Paths never escape `root`.
 */
export async function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  root: string,
  pathname: string,
): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (decoded.includes("\0")) return false;
  const relative = normalize(decoded === "/" ? "/index.html" : decoded);
  const file = join(root, relative);
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return false;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;

  response.statusCode = 200;
  response.setHeader("Content-Type", CONTENT_TYPES[extname(file)] ?? "application/octet-stream");
  response.setHeader("Content-Length", info.size);
  // Vite puts content-hashed files under /assets/; everything else may change between builds.
  response.setHeader(
    "Cache-Control",
    relative.startsWith(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
  );
  // The custom decoder's worker evaluates the user's function, which the page's CSP forbids;
  // it gets a policy of its own that allows that and takes away every connection.
  if (isSandboxWorkerFile(basename(file)))
    response.setHeader("Content-Security-Policy", sandboxWorkerPolicy);
  if (request.method === "HEAD" || response.destroyed) {
    response.end();
    return true;
  }
  // pipeline closes the file when the client goes away early; `pipe` would leave it open, one
  // descriptor per abandoned request, until the process runs out of them.
  await pipeline(createReadStream(file), response).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ERR_STREAM_PREMATURE_CLOSE") throw error;
  });
  return true;
}
