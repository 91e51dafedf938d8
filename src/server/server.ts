/**
 * The HTTP server behind `herald serve`: the JSON API under /api and the built web UI everywhere else, on
 * node:http. Failures become JSON errors with a status (never a stack trace unless `debug`); binding
 * failures (port in use, no permission, unknown host) become one HeraldError line.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { packageRoot } from '../nlp/paths.js';
import { PostgresStore } from '../store/postgres.js';
import { ReaderPool } from '../store/readers.js';
import { SqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/types.js';
import { HeraldError } from '../text/errors.js';
import { ClientGone, LazyAnalyzer } from './analyzer.js';
import { Api } from './api.js';
import { HttpError, sendError } from './http.js';
import { serveStatic } from './static.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY = 5 * 1024 * 1024;

export interface ServerOptions {
  store: Store;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  allowIngest?: boolean;
  token?: string;
  maxBody?: number;
  /** Longest text one analysis accepts, in characters (default 1,000,000; 413 beyond). */
  maxText?: number;
  /** Time budget of one analysis in milliseconds (default 30 s; 422 beyond, the work is stopped). */
  analyzeTimeoutMs?: number;
  /** Module exporting createPipeline() for /api/analyze (default: the shipped pipeline). */
  pipelineModule?: string;
  /** Analysis worker threads (default 1). */
  workers?: number;
  /**
   * Threads that read the store, each with its own connection, so that no query holds the event loop
   * (default one per core, at most 4; 0 reads on the server's thread): every read of a SQLite store, the
   * stats (running sums, JSON) of a PostgreSQL store, whose lists are read through its connection pool.
   */
  readers?: number;
  /** Folder of the built UI (default dist/web in the package). */
  webRoot?: string;
  version?: string;
  debug?: boolean;
  /** Where request failures are logged (default stderr). */
  log?: (line: string) => void;
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  host: string;
  analyzer: LazyAnalyzer;
  close(): Promise<void>;
}

export const defaultWebRoot = (): string => join(packageRoot(), 'dist', 'web');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * On a loopback address only requests addressed to a loopback name are answered, so that a web page
 * elsewhere cannot reach the server through DNS rebinding.
 */
function hostAllowed(req: IncomingMessage): boolean {
  const h = req.headers.host;
  if (!h) return false;
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
  return isLoopback(name.toLowerCase()) || name.toLowerCase().endsWith('.localhost');
}

export function listenError(e: NodeJS.ErrnoException, host: string, port: number): HeraldError {
  switch (e.code) {
    case 'EADDRINUSE':
      return new HeraldError(`port ${port} is in use; pass --port or set PORT`);
    case 'EACCES':
    case 'EPERM':
      return new HeraldError(`not allowed to listen on port ${port}${port < 1024 ? ' (ports below 1024 need root)' : ''}; pass another --port or set PORT`);
    case 'EADDRNOTAVAIL':
      return new HeraldError(`${host} is not an address of this machine; pass --host 127.0.0.1, or 0.0.0.0 for every interface`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new HeraldError(`unknown host '${host}'; pass --host 127.0.0.1, or 0.0.0.0 for every interface`);
    default:
      return new HeraldError(`cannot listen on ${host}:${port} (${e.code ?? e.message})`);
  }
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const port = opts.port ?? DEFAULT_PORT;
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const webRoot = opts.webRoot ?? defaultWebRoot();
  const analyzer = new LazyAnalyzer({ pipelineModule: opts.pipelineModule, workers: opts.workers, maxChars: opts.maxText, timeoutMs: opts.analyzeTimeoutMs });
  const pool = (opts.store instanceof SqliteStore || opts.store instanceof PostgresStore) && opts.readers !== 0 ? new ReaderPool(opts.store, opts.readers) : undefined;
  const store: Store = pool ?? opts.store;
  // The stats' running sums are built now, in the background, rather than by the first visitor of the timeline.
  void store.prepare().catch(() => undefined);
  const api = new Api({
    store,
    allowIngest: opts.allowIngest === true,
    token: opts.token,
    maxBody: opts.maxBody ?? DEFAULT_MAX_BODY,
    analyzer,
    version: opts.version ?? '0.0.0',
  });
  const guardHost = isLoopback(host);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return sendError(res, 400, 'malformed request address');
    }
    if (guardHost && !hostAllowed(req)) {
      req.resume();
      return sendError(res, 421, 'this server answers only requests addressed to localhost or 127.0.0.1');
    }
    try {
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) await api.handle(req, res, url);
      else serveStatic(req, res, url, webRoot);
    } catch (e) {
      if (e instanceof ClientGone || res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof HttpError) {
        if (!req.complete) req.resume();
        sendError(res, e.status, e.message, e.headers);
        // Stop reading an over-long body: close the connection once the answer is out.
        if (e.status === 413) res.once('finish', () => req.socket.destroy());
        return;
      }
      if (e instanceof HeraldError) {
        // The store's own messages: a locked, read-only or damaged database.
        sendError(res, 503, e.message, { 'Retry-After': '5' });
        return;
      }
      log(opts.debug ? `herald serve: ${req.method} ${url.pathname}: ${(e as Error).stack ?? String(e)}` : `herald serve: ${req.method} ${url.pathname}: ${(e as Error).message ?? String(e)} (run with --debug for details)`);
      sendError(res, 500, `internal error: ${(e as Error).message ?? String(e)}`);
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => reject(listenError(e, host, port));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (e) => log(`herald serve: ${e.message}`));

  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : shown;
  let closed: Promise<void> | undefined;
  return {
    server,
    port: addr.port,
    host: addr.address,
    url: `http://${urlHost}:${addr.port}/`,
    analyzer,
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await analyzer.close();
        await pool?.close();
      })();
      return closed;
    },
  };
}
