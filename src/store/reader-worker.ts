/**
 * One reader thread of a server's reader pool (readers.ts): opens the database read-only (a SQLite file in WAL
 * mode: it reads while others write; PostgreSQL: a small pool of its own) and answers `{id, method, args}` with `{id, json}` (the result as JSON text) or `{id, error, herald}`. Queries run
 * here, so a slow one never holds the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HeraldError } from '../text/errors.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';

const port = parentPort;
if (!port) throw new Error('src/store/reader-worker.ts runs as a worker thread only');
const { kind, location } = workerData as { kind: 'sqlite' | 'postgres'; location: string };

/** The methods a reader answers (read-only ones returning plain data). */
const METHODS = new Set(['has', 'document', 'quotesPage', 'eventsPage', 'entitiesPage', 'documentsPage', 'stats', 'counts', 'prepare']);

let store: SqliteStore | PostgresStore | undefined;
let opening: unknown;
try {
  // PostgreSQL: a reader answers the stats, a few at a time; 4 connections are plenty.
  store = kind === 'sqlite' ? SqliteStore.open(location, { readonly: true }) : PostgresStore.open(location, { readonly: true, maxConnections: 4 });
} catch (e) {
  opening = e;
}
port.postMessage({ ready: true });

port.on('message', (msg: { id: number; method: string; args: unknown[] }) => {
  void (async () => {
    try {
      if (!store) throw opening;
      if (!METHODS.has(msg.method)) throw new Error(`a reader does not answer ${msg.method}`);
      const fn = (store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[msg.method];
      const result = await fn.apply(store, msg.args);
      // As JSON text: cheaper to pass and read back than a structured clone of many small objects.
      port.postMessage({ id: msg.id, json: result === undefined ? undefined : JSON.stringify(result) });
    } catch (e) {
      port.postMessage({ id: msg.id, error: (e as Error).message ?? String(e), herald: e instanceof HeraldError });
    }
  })();
});
