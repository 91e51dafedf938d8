/**
 * `herald worker` and `herald queue status|retry`: the distributed side of ingest (src/queue). The queue
 * module (BullMQ, ioredis: ~0.7 s to load) is imported only when a command uses it, so every other command
 * starts as fast as before.
 */
import { dbPath } from '../store/open.js';
import { HeraldError, USAGE } from '../text/errors.js';
import { oneOf, parseFlags, stringFlag, type Command, type Parsed } from './args.js';

type QueueModule = typeof import('../queue/queue.js');
const queueModule = (): Promise<QueueModule> => import('../queue/queue.js');

const DEFAULT_QUEUE_NAME = 'herald';

const QUEUE_FLAGS = { queue: { type: 'string' }, 'queue-name': { type: 'string' } } as const;

function target(q: QueueModule, cmd: string, p: Parsed): ReturnType<QueueModule['checkQueue']> {
  const url = stringFlag(p, 'queue') ?? process.env.HERALD_QUEUE;
  if (!url) throw new HeraldError(`herald ${cmd}: give --queue redis://HOST:6379 (or set HERALD_QUEUE)`, USAGE);
  return q.checkQueue(cmd, url, stringFlag(p, 'queue-name') ?? q.DEFAULT_QUEUE_NAME);
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'analyse articles from a Redis queue into the database (run one per machine)',
  help: `Usage: herald worker --queue redis://HOST:6379 --db postgres://USER@HOST/DB [options]

Takes the articles that 'herald ingest PATH --queue …' enqueued, analyses each with the full pipeline and
stores it. Run as many workers as you like, on as many machines: each article is stored once. A worker
killed mid-article loses nothing (its job goes back to the queue within 30 s); an article whose analysis
fails goes to the failed set ('herald queue status', 'herald queue retry'). Ctrl-C (SIGTERM) finishes the
articles in hand, then stops.

Options:
  --queue URL        Redis (default: $HERALD_QUEUE)
  --queue-name NAME  queue (default ${DEFAULT_QUEUE_NAME}); one per corpus
  --db FILE|URL      where to store: postgres://USER@HOST/DB shared by all workers (default: $HERALD_DB, else herald.db)
  --threads N        analysis threads, one article each (default 1); the worker holds one article more,
                     stored while the threads analyse the next`,
  async run(argv) {
    const p = parseFlags('worker', argv, { ...QUEUE_FLAGS, db: { type: 'string' }, threads: { type: 'string' } });
    if (p.positionals.length) throw new HeraldError(`herald worker: unexpected argument '${p.positionals[0]}'`, USAGE);
    const t = stringFlag(p, 'threads');
    if (t !== undefined && !/^[1-9]\d*$/.test(t)) throw new HeraldError(`herald worker: --threads must be 1 or more (got '${t}')`, USAGE);
    const stop = new AbortController();
    const onSignal = (): void => {
      if (stop.signal.aborted) process.exit(130);
      process.stderr.write('herald worker: stopping after the articles in hand (again to quit at once)\n');
      stop.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const q = await queueModule();
      const s = await q.runWorker({
        queue: target(q, 'worker', p), db: dbPath(stringFlag(p, 'db')), threads: t ? Number(t) : 1, signal: stop.signal,
        // Tests shorten the lock so that a killed worker's job comes back in seconds.
        lockMs: process.env.HERALD_WORKER_LOCK_MS ? Number(process.env.HERALD_WORKER_LOCK_MS) : undefined,
      });
      process.stderr.write(`herald worker: ${s.processed} articles (${s.added} added, ${s.present} already present), ${s.failed} failed\n`);
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};

const ACTIONS = ['status', 'retry'] as const;

export const queueCommand: Command = {
  name: 'queue',
  summary: 'show or retry the articles of a Redis ingest queue',
  help: `Usage: herald queue status|retry --queue redis://HOST:6379 [--queue-name NAME]

  status   jobs waiting, active, completed and failed, and the failed articles with their reasons
  retry    moves every failed article back to the queue

Options:
  --queue URL        Redis (default: $HERALD_QUEUE)
  --queue-name NAME  queue (default ${DEFAULT_QUEUE_NAME})
  --limit N          failed articles listed by status (default 20)
  --format table|json`,
  async run(argv) {
    const [actionArg, ...rest] = argv;
    if (actionArg === undefined || actionArg.startsWith('-')) throw new HeraldError("herald queue: say status or retry; see 'herald queue --help'", USAGE);
    const action = oneOf('queue', 'action', actionArg, ACTIONS, 'status');
    const p = parseFlags(`queue ${action}`, rest, { ...QUEUE_FLAGS, limit: { type: 'string' }, format: { type: 'string' } });
    const m = await queueModule();
    const q = target(m, `queue ${action}`, p);
    if (action === 'retry') {
      const n = await m.retryFailed(q);
      process.stdout.write(`${n} failed article${n === 1 ? '' : 's'} moved back to ${m.maskRedis(q.url)} queue '${q.name}'\n`);
      return 0;
    }
    const l = stringFlag(p, 'limit') ?? '20';
    if (!/^\d+$/.test(l)) throw new HeraldError(`herald queue status: --limit must be a whole number (got '${l}')`, USAGE);
    const format = oneOf('queue status', 'format', stringFlag(p, 'format'), ['table', 'json'] as const, process.stdout.isTTY ? 'table' : 'json');
    const s = await m.queueStatus(q, Number(l));
    if (format === 'json') {
      process.stdout.write(JSON.stringify(s, null, 2) + '\n');
      return 0;
    }
    const c = s.counts;
    process.stdout.write(
      `${m.maskRedis(q.url)} queue '${q.name}': ${c.waiting + (c.prioritized ?? 0)} waiting, ${c.active} active, ${c.delayed} delayed (retrying), ${c.completed} completed, ${c.failed} failed\n`,
    );
    for (const f of s.failed) process.stdout.write(`  ${f.label}: ${f.reason} (${f.attempts} tr${f.attempts === 1 ? 'y' : 'ies'})\n`);
    if (c.failed > s.failed.length) process.stdout.write(`  … and ${c.failed - s.failed.length} more (--limit)\n`);
    return 0;
  },
};

/** `herald ingest PATH… --queue URL`: enqueue, show progress, and (unless --no-wait) wait and summarise. */
export async function ingestThroughQueue(p: Parsed, date: string | undefined): Promise<number> {
  const mb = stringFlag(p, 'max-doc');
  if (mb !== undefined && (!/^\d+(\.\d+)?$/.test(mb) || Number(mb) <= 0 || Number(mb) > 200)) {
    throw new HeraldError(`herald ingest: --max-doc is in MB, more than 0 and at most 200 (got '${mb}')`, USAGE);
  }
  const m = await queueModule();
  const s = await m.enqueue({
    inputs: p.positionals,
    queue: target(m, 'ingest', p),
    date,
    maxBytes: mb === undefined ? undefined : Math.round(Number(mb) * 1048576),
    wait: p.values['no-wait'] !== true,
  });
  process.stdout.write(m.formatEnqueueSummary(s));
  if (s.interrupted) return 130;
  return (s.failed.length || s.skipped.length) && p.values['allow-skips'] !== true ? 3 : 0;
}

/** The flags `herald ingest` takes for the queue. */
export const INGEST_QUEUE_FLAGS = { ...QUEUE_FLAGS, 'no-wait': { type: 'boolean' } } as const;
