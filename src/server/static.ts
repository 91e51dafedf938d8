/**
 * The built web UI (dist/web) served as static files: a fixed set of content types, ETags for cheap
 * reloads, a strict Content-Security-Policy (only our own scripts and styles), and index.html for every
 * other page path so that the single-page app can be opened at any of its addresses.
 */
import { createReadStream, existsSync, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { SECURITY_HEADERS } from './http.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function webBuilt(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}

function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(body.length), 'Cache-Control': 'no-store' });
  res.end(body);
}

export function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL, root: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed\n');
    return;
  }
  if (!webBuilt(root)) {
    sendText(
      res,
      503,
      `<!doctype html><meta charset="utf-8"><title>Herald</title><h1>The web UI is not built</h1>` +
        `<p>Run <code>npm run build</code> in Herald's folder and reload. The JSON API works meanwhile: <a href="/api">/api</a>.</p>\n`,
      'text/html; charset=utf-8',
    );
    return;
  }
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    sendText(res, 400, 'Bad path\n');
    return;
  }
  if (rel.includes('\0')) {
    sendText(res, 400, 'Bad path\n');
    return;
  }
  if (rel.endsWith('/')) rel += 'index.html';
  const file = normalize(join(root, rel));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    sendText(res, 404, 'Not found\n');
    return;
  }
  let st = statOrNull(file);
  let path = file;
  if (!st?.isFile()) {
    // A page address of the app (no file extension): the app itself routes it.
    if (extname(rel) === '') {
      path = join(root, 'index.html');
      st = statOrNull(path);
    }
    if (!st?.isFile()) {
      sendText(res, 404, 'Not found\n');
      return;
    }
  }
  const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Cache-Control': 'no-cache',
    ETag: etag,
  };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CSP;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['Content-Length'] = String(st.size);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
