// Static files for the offline backend's HTTP side: a built web app, with
// index.html for client-side routes.
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".webmanifest": "application/manifest+json",
};

export const contentType = (file: string): string =>
  CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";

/** The file under `root` for a URL path, or null if there is none. */
function resolveFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    const stat = fs.statSync(file);
    if (stat.isFile()) return file;
    if (stat.isDirectory()) {
      const index = path.join(file, "index.html");
      if (fs.existsSync(index)) return index;
    }
  } catch {
    // Not there.
  }
  return null;
}

/**
 * Serve GET/HEAD requests from `staticDir`. A path with no file and no
 * extension (a client-side route) gets index.html. Returns false if the
 * request was not handled.
 */
export function serveStatic(
  staticDir: string,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const root = path.resolve(staticDir);
  const urlPath = new URL(req.url ?? "/", "http://localhost").pathname;
  let file = resolveFile(root, urlPath);
  if (!file && path.extname(urlPath) === "") {
    file = resolveFile(root, "/index.html");
  }
  if (!file) return false;
  const body = fs.readFileSync(file);
  res.writeHead(200, {
    "content-type": contentType(file),
    "content-length": body.length,
    // Built assets carry hashes; index.html must always be fresh.
    "cache-control": file.endsWith(".html") ? "no-cache" : "max-age=300",
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
