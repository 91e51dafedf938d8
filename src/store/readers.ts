/**
 * A store for a server whose reads run on a pool of worker threads, so that no read, however long, holds the
 * event loop that answers every other request, and two run at once on two cores.
 *
 * SQLite: every read goes to a reader, each with its own read-only connection to the file (WAL lets them read
 * while a writer writes). PostgreSQL: the stats go to a reader (each with its own small connection pool and
 * its own running sums, cube.ts): summing them and writing the JSON is the one read that costs CPU time in the
 * server rather than in the database; the lists stay on the calling thread's pool, whose work there is only
 * the driver's. Writes (ingest over the API) and streams (export, not used by the server) stay on the
 * calling thread's store. Every read sees what was committed before it started, as on one connection.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HeraldError } from '../text/errors.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type {
  AddOutcome,
  DocumentFilter,
  DocumentIn,
  DocumentSummary,
  EntityFilter,
  EntityRow,
  EventFilter,
  EventRow,
  Paged,
  QuoteFilter,
  QuoteRow,
  Stats,
  StatsFilter,
  Store,
  StoreCounts,
} from './types.js';

const ownExt = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

interface Reader {
  worker: Worker;
  busy: number;
  ready: Promise<void>;
}

interface Call {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** Readers by default: one per core, at most 4 (each keeps its own page cache and stats running sums). */
export const defaultReaders = (): number => Math.max(1, Math.min(4, availableParallelism()));

/** What a reader thread opens: the store's kind and where (a PostgreSQL URL with its password: never printed). */
export interface ReaderTarget {
  kind: 'sqlite' | 'postgres';
  location: string;
}

export class ReaderPool implements Store {
  readonly location: string;
  private readers: Reader[] = [];
  private calls = new Map<number, Call>();
  private next = 1;
  private closed = false;
  private readonly target: ReaderTarget;
  /** Whether the lists and documents are read by the readers too (SQLite) or by `main` (PostgreSQL). */
  private readonly listsOnReaders: boolean;

  /** `main` is the calling thread's store: writes and streams go there; readers open the same database. */
  constructor(
    private readonly main: SqliteStore | PostgresStore,
    size = defaultReaders(),
  ) {
    this.location = main.location;
    this.target = main instanceof SqliteStore ? { kind: 'sqlite', location: main.location } : { kind: 'postgres', location: main.readerLocation() };
    this.listsOnReaders = this.target.kind === 'sqlite';
    for (let i = 0; i < Math.max(1, size); i++) this.readers.push(this.spawn());
  }

  private spawn(): Reader {
    const entry = new URL(`./reader-worker${ownExt}`, import.meta.url);
    const workerData = this.target;
    // From TypeScript sources (tsx, tests) a one-line bootstrap registers the loader first.
    const worker =
      ownExt === '.js'
        ? new Worker(entry, { workerData })
        : new Worker(
            `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => t.register()).then(() => import(${JSON.stringify(entry.href)}))`,
            { eval: true, workerData },
          );
    let ready!: () => void;
    const reader: Reader = { worker, busy: 0, ready: new Promise<void>((r) => (ready = r)) };
    worker.on('message', (m: { ready?: boolean; id?: number; json?: string; error?: string; herald?: boolean }) => {
      if (m.ready) return ready();
      const call = this.calls.get(m.id as number);
      if (!call) return;
      this.calls.delete(m.id as number);
      reader.busy--;
      if (m.error !== undefined) call.reject(m.herald ? new HeraldError(m.error) : new Error(m.error));
      else call.resolve(m.json);
    });
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      // A reader that died (out of memory, a bug) is replaced; its calls fail with the reason.
      const i = this.readers.indexOf(reader);
      if (i < 0) return;
      for (const [id, call] of this.calls) {
        if ((call as Call & { reader?: Reader }).reader === reader) {
          this.calls.delete(id);
          call.reject(new Error('a database reader stopped; try again'));
        }
      }
      if (!this.closed) this.readers[i] = this.spawn();
      else this.readers.splice(i, 1);
    });
    worker.unref();
    return reader;
  }

  private ask<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.askJson(method, ...args).then((json) => (json === undefined ? undefined : JSON.parse(json)) as T);
  }

  /** A reader's answer as the JSON text it was sent as (undefined for none). */
  private askJson(method: string, ...args: unknown[]): Promise<string | undefined> {
    if (this.closed) return Promise.reject(new HeraldError(`${this.location}: the store is closed`));
    // The least busy reader (ties: the first), so that a slow query does not queue the quick ones behind it.
    let r = this.readers[0];
    for (const x of this.readers) if (x.busy < r.busy) r = x;
    r.busy++;
    const id = this.next++;
    return new Promise<string | undefined>((resolve, reject) => {
      const call = { resolve: resolve as (v: unknown) => void, reject, reader: r };
      this.calls.set(id, call);
      void r.ready.then(() => r.worker.postMessage({ id, method, args }));
    });
  }

  has(id: string): Promise<boolean> {
    return this.main.has(id);
  }

  add(doc: DocumentIn, origin?: string): Promise<AddOutcome> {
    return this.main.add(doc, origin);
  }

  document(id: string): Promise<DocumentIn | undefined> {
    return this.listsOnReaders ? this.ask('document', id) : this.main.document(id);
  }

  async quotes(f?: QuoteFilter): Promise<QuoteRow[]> {
    return (await this.quotesPage(f)).rows;
  }

  async events(f?: EventFilter): Promise<EventRow[]> {
    return (await this.eventsPage(f)).rows;
  }

  async entities(f?: EntityFilter): Promise<EntityRow[]> {
    return (await this.entitiesPage(f)).rows;
  }

  quotesPage(f: QuoteFilter = {}): Promise<Paged<QuoteRow>> {
    return this.listsOnReaders ? this.ask('quotesPage', f) : this.main.quotesPage(f);
  }

  eventsPage(f: EventFilter = {}): Promise<Paged<EventRow>> {
    return this.listsOnReaders ? this.ask('eventsPage', f) : this.main.eventsPage(f);
  }

  entitiesPage(f: EntityFilter = {}): Promise<Paged<EntityRow>> {
    return this.listsOnReaders ? this.ask('entitiesPage', f) : this.main.entitiesPage(f);
  }

  documentsPage(f: DocumentFilter = {}): Promise<Paged<DocumentSummary>> {
    return this.listsOnReaders ? this.ask('documentsPage', f) : this.main.documentsPage(f);
  }

  stats(f: StatsFilter, maxEdges: number, counts?: StoreCounts): Promise<Stats> {
    return this.ask('stats', f, maxEdges, counts);
  }

  async statsJson(f: StatsFilter, maxEdges: number, counts?: StoreCounts): Promise<string> {
    return (await this.askJson('stats', f, maxEdges, counts)) as string;
  }

  allDocuments(): AsyncIterable<DocumentIn> {
    return this.main.allDocuments();
  }

  allEvents(f?: EventFilter): AsyncIterable<EventRow> {
    return this.main.allEvents(f);
  }

  counts(): Promise<StoreCounts> {
    // One row, kept at ingest: cheaper here than a message to a reader.
    return this.main.counts();
  }

  /** Every reader builds its running sums, one after the other (the others answer meanwhile). */
  async prepare(): Promise<void> {
    for (const r of [...this.readers]) {
      r.busy++;
      const id = this.next++;
      await new Promise<unknown>((resolve, reject) => {
        this.calls.set(id, { resolve, reject, reader: r } as Call);
        void r.ready.then(() => r.worker.postMessage({ id, method: 'prepare', args: [] }));
      });
    }
  }

  claim(ids: string[], owner: string, ttlMs: number): Promise<string[]> {
    return this.main.claim(ids, owner, ttlMs);
  }

  release(ids: string[], owner: string): Promise<void> {
    return this.main.release(ids, owner);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const call of this.calls.values()) call.reject(new HeraldError(`${this.location}: the store is closed`));
    this.calls.clear();
    await Promise.all(this.readers.map((r) => r.worker.terminate()));
    this.readers = [];
  }
}
