/**
 * `herald ingest`: articles in, stored results out. Files are read one at a time (JSON Lines a line at a time,
 * of any size); a document whose content hash is already stored is skipped before it is analysed, and one that
 * another ingest of the same files is analysing (its claim in the store) is left to it; the rest are analysed on worker threads (or, for a
 * small job, on this thread: no worker start-up) and each committed with all its layers in one transaction.
 * Killing the run at any point loses at most the documents in flight, and running it again picks up where it
 * stopped. A bad file, JSON Lines line or oversized document is reported and skipped; the exit code says so
 * (EXIT_SKIPPED) unless --allow-skips. One Ctrl-C stops the documents in flight and prints the summary.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DocMeta } from '../doc/doc.js';
import { documentId } from '../doc/id.js';
import { analyzeMany, createAnalyzer, defaultWorkers, type AnalyzeOutcome, type Analyzer } from '../pipeline/workers.js';
import { dbPath, displayDb, openStore } from '../store/open.js';
import type { DocumentIn } from '../store/types.js';
import { formatMb, MAX_INPUT_BYTES } from '../text/decode.js';
import { HeraldError, USAGE } from '../text/errors.js';
import { datedMeta, inputSize, listInputFiles, readInputStream } from '../text/inputs.js';
import { undatedWarning } from '../time/publication.js';
import { checkDate, parseFlags, stringFlag, type Command } from './args.js';
import { INGEST_QUEUE_FLAGS, ingestThroughQueue } from './worker.js';

/** Exit code of a run that skipped an input (a file, a line, a document) without --allow-skips. */
export const EXIT_SKIPPED = 3;
/** Exit code of a run stopped by Ctrl-C (SIGINT) or SIGTERM. */
export const EXIT_INTERRUPTED = 130;
/** Inputs up to this many bytes in all are analysed on the calling thread when --workers is not given. */
export const SMALL_JOB_BYTES = 512 * 1024;
/** How long a claim on a document being analysed lasts unless renewed (a dead ingest's claims lapse after it). */
const CLAIM_TTL_MS = 60_000;
/** A document in flight longer than this gets a progress line of its own. */
const LONG_DOC_MS = 5000;

export interface IngestOptions {
  inputs: string[];
  db: string;
  /** Analysis threads; undefined: the calling thread for a small job (SMALL_JOB_BYTES), else one per core. */
  workers?: number;
  /** Largest document in bytes (default MAX_INPUT_BYTES, 5 MB). */
  maxBytes?: number;
  /** Publication date for articles that carry none. */
  date?: string;
  /** Module exporting createPipeline() (default: the shipped pipeline). */
  pipelineModule?: string;
  /** Where progress goes (default stderr) and whether it is a terminal. */
  progress?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export interface Skipped {
  label: string;
  /** One line that names the input and what went wrong. */
  reason: string;
}

export interface IngestSummary {
  db: string;
  added: number;
  present: number;
  quotes: number;
  events: number;
  entities: number;
  skipped: Skipped[];
  /** Documents stored without a publication date (their actor roles resolved without one). */
  undated: number;
  seconds: number;
  interrupted: boolean;
}

interface Job {
  text: string;
  meta: DocMeta;
  id: string;
  label: string;
  since: number;
}

/** Why the documents in flight were abandoned. */
class Interrupted extends Error {}

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'analyze articles into the database (idempotent, resumable)',
  help: `Usage: herald ingest PATH… [options]

Analyzes articles and stores documents, entities, quotes and events in a SQLite database.
Inputs: text files, HTML pages, .json articles, .jsonl files of articles ({"text", "title", "published",
"url", "source"}), directories (read recursively), or - for standard input. A text or HTML file takes
its title, date, url and source from a sidecar beside it, article.txt + article.meta.json.
Documents are keyed by the sha256 of their text: one already stored is skipped without being analysed, so
running ingest again (after new files arrive, or after an interrupted run) adds only what is missing.
A file that cannot be read, a JSON Lines line that is not an article (the other lines are kept) and a
document over --max-doc are reported and skipped. The publication date comes from the article's metadata,
else --date, a dateline, the HTML <meta> date or a date in the file name (nyt_2016-10-23_x.txt); an article
with none is stored anyway, with a warning. One Ctrl-C stops the documents in flight and prints what was
done; running the same command again finishes the job.

Options:
  --db FILE|URL      SQLite file or postgres://USER@HOST/DB (default: $HERALD_DB, else herald.db here)
  --workers N        analysis threads (default: this thread for inputs under ${SMALL_JOB_BYTES / 1024} KB in all, else one
                     per core, here ${defaultWorkers()}; 0 = this thread)
  --date YYYY-MM-DD  publication date for articles that carry none
  --queue URL        enqueue into Redis (redis://HOST:6379) for 'herald worker' processes on any machines
                     instead of analysing here; progress as they finish, then the usual summary
  --queue-name NAME  the queue (default herald): one per corpus
  --no-wait          with --queue: return once everything is enqueued
  --max-doc MB       largest document (default ${MAX_INPUT_BYTES / 1048576} MB; news articles are well under 1 MB)
  --allow-skips      exit 0 even when inputs were skipped
  --debug            show stack traces on errors

Exit status: 0 when every input was stored (or already present); ${EXIT_SKIPPED} when some were skipped (their reasons
are listed; --allow-skips makes this 0); 1 when the run could not go on (no input found, unusable database);
2 for wrong usage; ${EXIT_INTERRUPTED} when interrupted.

Examples:
  herald ingest news/
  herald ingest feed.jsonl --db corpus.db --workers 2
  cat article.txt | herald ingest - --date 2017-02-21`,
  async run(argv) {
    const p = parseFlags('ingest', argv, {
      ...INGEST_QUEUE_FLAGS,
      db: { type: 'string' },
      workers: { type: 'string' },
      date: { type: 'string' },
      'max-doc': { type: 'string' },
      'allow-skips': { type: 'boolean' },
    });
    if (p.positionals.length === 0) {
      throw new HeraldError("herald ingest: give files, directories or - for stdin; see 'herald ingest --help'", USAGE);
    }
    const date = checkDate('ingest', '--date', stringFlag(p, 'date'));
    if (stringFlag(p, 'queue') !== undefined) return ingestThroughQueue(p, date);
    const w = stringFlag(p, 'workers');
    if (w !== undefined && !/^\d+$/.test(w)) {
      throw new HeraldError(`herald ingest: --workers must be a whole number, 0 or more (got '${w}')`, USAGE);
    }
    const mb = stringFlag(p, 'max-doc');
    if (mb !== undefined && (!/^\d+(\.\d+)?$/.test(mb) || Number(mb) <= 0 || Number(mb) > 200)) {
      throw new HeraldError(`herald ingest: --max-doc is in MB, more than 0 and at most 200 (got '${mb}')`, USAGE);
    }
    const summary = await ingest({
      inputs: p.positionals,
      db: dbPath(stringFlag(p, 'db')),
      workers: w === undefined ? undefined : Number(w),
      maxBytes: mb === undefined ? undefined : Math.round(Number(mb) * 1048576),
      date,
    });
    process.stdout.write(formatSummary(summary));
    if (summary.interrupted) return EXIT_INTERRUPTED;
    return summary.skipped.length > 0 && p.values['allow-skips'] !== true ? EXIT_SKIPPED : 0;
  },
};

/**
 * Runs one ingestion; throws HeraldError only when it cannot go on (no input found — then no database is
 * created —, database unusable, analyzer cannot load).
 */
export async function ingest(opts: IngestOptions): Promise<IngestSummary> {
  const t0 = performance.now();
  const summary: IngestSummary = {
    db: displayDb(opts.db), added: 0, present: 0, quotes: 0, events: 0, entities: 0, skipped: [], undated: 0, seconds: 0, interrupted: false,
  };
  const files: string[] = [];
  for (const input of opts.inputs) {
    if (input === '-') {
      files.push('-');
      continue;
    }
    try {
      files.push(...listInputFiles(input));
    } catch (e) {
      summary.skipped.push({ label: input, reason: reasonOf(e, input) });
    }
  }
  // Nothing to read: say why, and leave no empty database behind.
  if (files.length === 0) throw new HeraldError(summary.skipped.map((k) => k.reason).join('\n'));
  const store = openStore(opts.db);
  const workers = opts.workers ?? (files.reduce((n, f) => n + inputSize(f), 0) <= SMALL_JOB_BYTES ? 0 : defaultWorkers());

  const progress = new Progress(opts.progress ?? process.stderr);
  progress.total = files.length;
  let stopping = false;
  const stop = new AbortController();
  const onSignal = (): void => {
    if (stopping) process.exit(EXIT_INTERRUPTED);
    stopping = true;
    summary.interrupted = true;
    progress.note('interrupted: stopping the documents in flight (Ctrl-C again to quit at once)');
    stop.abort(new Interrupted('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let analyzer: Analyzer | undefined;
  // Ids read but not yet committed: a repeat of one of them is a duplicate that the store cannot see yet.
  const inFlight = new Map<string, Job>();
  const badIn = new Map<string, { count: number; first: string }>();
  // This run's claims on what it analyses, renewed while it works (another ingest takes over a lapsed one).
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let renewedAt = performance.now();
  const heartbeat = setInterval(() => {
    progress.longest(inFlight.values());
    if (performance.now() - renewedAt > CLAIM_TTL_MS / 4 && inFlight.size) {
      renewedAt = performance.now();
      store.claim([...inFlight.keys()], owner, CLAIM_TTL_MS).catch(() => undefined);
    }
  }, 1000);
  heartbeat.unref();
  try {
    // Reads files lazily (JSON Lines a line at a time) and drops documents already stored before anything is
    // analysed. A document another ingest has claimed (it is analysing it) is put off to the end: by then it is
    // stored (already present), or its claim has lapsed (that ingest died) and this one takes it.
    const deferred: Job[] = [];
    const take = async (job: Job): Promise<boolean> => (await store.claim([job.id], owner, CLAIM_TTL_MS)).length === 1;
    const jobs = async function* (): AsyncGenerator<Job> {
      for (const file of files) {
        if (stopping) return;
        let items = 0;
        try {
          for await (const item of readInputStream(file, { maxBytes: opts.maxBytes })) {
            if (stopping) return;
            if (items++ > 0) progress.total++;
            if (item.bad) {
              summary.skipped.push(item.bad);
              const b = badIn.get(file);
              if (b) b.count++;
              else badIn.set(file, { count: 1, first: item.bad.reason });
              progress.tick(0);
              continue;
            }
            const a = item.article;
            if (!a.text.trim()) {
              summary.skipped.push({ label: a.label, reason: `${a.label}: empty document (no text)` });
              progress.tick(0);
              continue;
            }
            const id = documentId(a.text);
            if (inFlight.has(id) || (await store.has(id))) {
              summary.present++;
              progress.tick(0);
              continue;
            }
            const job = { text: a.text, meta: datedMeta(a, opts.date), id, label: a.label, since: performance.now() };
            if (!(await take(job))) {
              deferred.push(job);
              continue;
            }
            inFlight.set(id, job);
            yield job;
          }
        } catch (e) {
          summary.skipped.push({ label: file, reason: reasonOf(e, file) });
          progress.tick(0);
          continue;
        } finally {
          const bad = badIn.get(file);
          if (bad) progress.note(`${bad.count} bad record${bad.count === 1 ? '' : 's'} skipped in ${file}, e.g. ${bad.first}`);
        }
        if (items === 0) progress.tick(0);
      }
    };

    /** Stores one analysed document (or reports why it was not). */
    const store1 = async (out: AnalyzeOutcome<Job>): Promise<void> => {
      const job = out.item;
      inFlight.delete(job.id);
      if (out.error) {
        await store.release([job.id], owner).catch(() => undefined);
        if (out.error instanceof Interrupted) {
          summary.skipped.push({ label: job.label, reason: `${job.label}: interrupted before it was stored; run the same command again to add it` });
          return;
        }
        if (out.error instanceof HeraldError) throw out.error;
        summary.skipped.push({ label: job.label, reason: `${job.label}: analysis failed (${out.error.message})` });
        progress.tick(0);
        return;
      }
      const result = out.result!;
      // The key is the sha256 of the text as read, the same one looked up before analysing.
      const doc: DocumentIn = { ...result, id: job.id, text: job.text };
      const outcome = await store.add(doc, job.label);
      if (outcome.added) {
        summary.added++;
        summary.quotes += outcome.quotes;
        summary.events += outcome.events;
        summary.entities += outcome.entities;
        if (result.meta.dateSource === 'none') {
          summary.undated++;
          progress.note(`warning: ${undatedWarning(job.label)}`);
        }
      } else {
        summary.present++;
      }
      progress.tick(1);
    };

    /**
     * One sweep over what other ingests were analysing: stored meanwhile (already present), or free again (its
     * claim released or lapsed: this run takes it). Ends after the sweep, so that what it yields is stored
     * before the next one waits.
     */
    const sweep = async function* (): AsyncGenerator<Job> {
      for (let i = deferred.length - 1; i >= 0 && !stopping; i--) {
        const job = deferred[i];
        if (inFlight.has(job.id) || (await store.has(job.id))) {
          deferred.splice(i, 1);
          summary.present++;
          progress.tick(0);
        } else if (await take(job)) {
          deferred.splice(i, 1);
          job.since = performance.now();
          inFlight.set(job.id, job);
          yield job;
        }
      }
    };

    progress.start();
    let source: AsyncGenerator<Job> = jobs();
    for (;;) {
      const first = await source.next();
      if (first.done) {
        if (!deferred.length || stopping) break;
        // Only documents other ingests are analysing are left: look again in a moment.
        await new Promise((r) => setTimeout(r, 500));
        source = sweep();
        continue;
      }
      // Workers (and their models) start only once a document actually needs analysing.
      if (!analyzer) {
        analyzer = createAnalyzer({ workers, pipelineModule: opts.pipelineModule, resultOptions: { text: false, tokens: false } });
        await analyzer.ready();
      }
      const rest = source;
      const all = async function* (): AsyncGenerator<Job> {
        yield first.value;
        yield* rest;
      };
      for await (const out of analyzeMany(analyzer, all(), undefined, stop.signal)) await store1(out);
      if (!deferred.length || stopping) break;
      source = sweep();
    }
  } finally {
    clearInterval(heartbeat);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.finish();
    await analyzer?.close();
    await store.close();
  }
  return finish();

  function finish(): IngestSummary {
    summary.seconds = (performance.now() - t0) / 1000;
    return summary;
  }
}

/** The error's own words: input errors already name the file (and line), so they are kept whole. */
function reasonOf(e: unknown, label: string): string {
  const msg = (e as Error).message ?? String(e);
  return msg.startsWith(label) ? msg : `${label}: ${msg}`;
}

export function formatSummary(s: IngestSummary): string {
  const rate = s.seconds > 0 && s.added > 0 ? `, ${(s.added / s.seconds).toFixed(1)} documents/s` : '';
  const lines = [
    `${s.interrupted ? 'Interrupted' : 'Ingested'} into ${s.db} in ${s.seconds.toFixed(1)} s${rate}:`,
    `  documents added   ${s.added}`,
    `  already present   ${s.present}`,
    `  quotes            ${s.quotes}`,
    `  events            ${s.events}`,
    `  skipped           ${s.skipped.length}`,
  ];
  if (s.undated) lines.splice(5, 0, `  without a date    ${s.undated} (actor roles resolved without one; give --date or the article's date)`);
  const MAX = 20;
  for (const k of s.skipped.slice(0, MAX)) lines.push(`    ${k.reason}`);
  if (s.skipped.length > MAX) lines.push(`    … and ${s.skipped.length - MAX} more`);
  if (s.interrupted) lines.push(`Run the same command again to finish: stored documents are kept and skipped.`);
  return lines.join('\n') + '\n';
}

/** A progress bar on a terminal (done/total, docs/s, ETA); a plain line every few seconds otherwise. */
class Progress {
  total = 0;
  done = 0;
  private analysed = 0;
  private t0 = 0;
  private lastDraw = 0;
  private started = false;
  private readonly tty: boolean;

  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }) {
    this.tty = out.isTTY === true;
  }

  start(): void {
    this.started = true;
    this.t0 = performance.now();
    this.draw(true);
  }

  tick(analysed: number): void {
    this.done++;
    this.analysed += analysed;
    if (this.total < this.done) this.total = this.done;
    this.draw(false);
  }

  /** A line for the document in flight the longest, once it has taken LONG_DOC_MS, every few seconds. */
  private lastLong = 0;
  longest(jobs: Iterable<Job>): void {
    if (!this.started) return;
    const now = performance.now();
    let oldest: Job | undefined;
    for (const j of jobs) if (!oldest || j.since < oldest.since) oldest = j;
    if (!oldest || now - oldest.since < LONG_DOC_MS || now - this.lastLong < (this.tty ? 1000 : 10_000)) return;
    this.lastLong = now;
    const msg = `still analysing ${oldest.label} (${formatMb(Buffer.byteLength(oldest.text, 'utf8'))}, ${formatDuration((now - oldest.since) / 1000)} so far)`;
    if (this.tty) {
      this.out.write(`\r\x1b[K${msg}`);
      this.lastDraw = now;
    } else this.out.write(`herald ingest: ${msg}\n`);
  }

  note(msg: string): void {
    if (this.tty) this.out.write('\r\x1b[K');
    this.out.write(`herald ingest: ${msg}\n`);
  }

  private draw(force: boolean): void {
    if (!this.started) return;
    const now = performance.now();
    const every = this.tty ? 100 : 5000;
    if (!force && now - this.lastDraw < every) return;
    this.lastDraw = now;
    const secs = (now - this.t0) / 1000;
    const rate = secs > 0 ? this.analysed / secs : 0;
    const left = Math.max(0, this.total - this.done);
    const eta = rate > 0 ? formatDuration(left / rate) : '–';
    const stats = `${this.done}/${this.total}  ${rate.toFixed(1)} docs/s  ETA ${eta}`;
    if (this.tty) {
      const width = Math.max(10, Math.min(40, (this.out.columns || 80) - stats.length - 12));
      const filled = this.total > 0 ? Math.round((width * this.done) / this.total) : 0;
      this.out.write(`\r\x1b[Kingest [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${stats}`);
    } else if (!force) {
      this.out.write(`herald ingest: ${stats}\n`);
    }
  }

  finish(): void {
    if (!this.started) return;
    if (this.tty) {
      this.draw(true);
      this.out.write('\n');
    }
  }
}

function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '–';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}
