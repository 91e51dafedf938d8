/**
 * `herald serve` (the API and the web UI over a database) and `herald start` (what `npm start` runs:
 * ingest the bundled examples, skipping what is stored, then serve).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSummary, ingest } from './ingest.js';
import { parseFlags, stringFlag, type Command, type Options, type Parsed } from './args.js';
import { packageRoot } from '../nlp/paths.js';
import { dbPath, displayDb, openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import { HeraldError, USAGE } from '../text/errors.js';
import { listInputFiles } from '../text/inputs.js';
import { DEFAULT_HOST, DEFAULT_MAX_BODY, DEFAULT_PORT, defaultWebRoot, isLoopback, startServer } from '../server/server.js';
import { webBuilt } from '../server/static.js';
import { DEFAULT_MAX_CHARS, DEFAULT_TIMEOUT_MS } from '../server/analyzer.js';

const SERVE_FLAGS: Options = {
  db: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'allow-ingest': { type: 'boolean' },
  token: { type: 'string' },
  'max-body': { type: 'string' },
  'max-text': { type: 'string' },
  'analyze-timeout': { type: 'string' },
  workers: { type: 'string' },
  readers: { type: 'string' },
};

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function portOf(cmd: string, p: Parsed, env: NodeJS.ProcessEnv): number {
  const flag = stringFlag(p, 'port');
  const v = flag ?? env.PORT;
  if (v === undefined || v === '') return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) {
    throw new HeraldError(`herald ${cmd}: ${flag !== undefined ? '--port' : 'PORT'} must be a port number from 0 to 65535 (got '${v}')`, USAGE);
  }
  return Number(v);
}

function wholeNumber(cmd: string, p: Parsed, name: string): number | undefined {
  const v = stringFlag(p, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new HeraldError(`herald ${cmd}: --${name} must be a whole number (got '${v}')`, USAGE);
  return Number(v);
}

interface ServeSettings {
  db: string;
  host: string;
  port: number;
  allowIngest: boolean;
  token?: string;
  generatedToken: boolean;
  maxBody: number;
  maxText?: number;
  analyzeTimeoutMs?: number;
  workers?: number;
  readers?: number;
  debug: boolean;
}

function settings(cmd: string, p: Parsed, env: NodeJS.ProcessEnv = process.env): ServeSettings {
  if (p.positionals.length) throw new HeraldError(`herald ${cmd}: unexpected argument '${p.positionals[0]}'; see 'herald ${cmd} --help'`, USAGE);
  const allowIngest = p.values['allow-ingest'] === true;
  let token = stringFlag(p, 'token') ?? env.HERALD_TOKEN;
  if (token !== undefined && !/^[\x21-\x7e]{8,}$/.test(token)) {
    throw new HeraldError(`herald ${cmd}: the token must be at least 8 printable characters without spaces`, USAGE);
  }
  if (token !== undefined && !allowIngest) {
    throw new HeraldError(`herald ${cmd}: --token is for ingesting over the API; add --allow-ingest`, USAGE);
  }
  let generatedToken = false;
  if (allowIngest && token === undefined) {
    token = randomBytes(18).toString('base64url');
    generatedToken = true;
  }
  const mb = wholeNumber(cmd, p, 'max-body');
  if (mb !== undefined && (mb < 1 || mb > 50)) throw new HeraldError(`herald ${cmd}: --max-body is in MB, from 1 to 50 (got ${mb})`, USAGE);
  const maxText = wholeNumber(cmd, p, 'max-text');
  if (maxText !== undefined && maxText < 1) throw new HeraldError(`herald ${cmd}: --max-text is a number of characters, 1 or more (got ${maxText})`, USAGE);
  const timeout = stringFlag(p, 'analyze-timeout');
  if (timeout !== undefined && (!/^\d+(\.\d+)?$/.test(timeout) || Number(timeout) <= 0 || Number(timeout) > 3600)) {
    throw new HeraldError(`herald ${cmd}: --analyze-timeout is in seconds, more than 0 and at most 3600 (got '${timeout}')`, USAGE);
  }
  return {
    db: dbPath(stringFlag(p, 'db'), env),
    host: stringFlag(p, 'host') ?? DEFAULT_HOST,
    port: portOf(cmd, p, env),
    allowIngest,
    token,
    generatedToken,
    maxBody: mb !== undefined ? mb * 1024 * 1024 : DEFAULT_MAX_BODY,
    maxText,
    analyzeTimeoutMs: timeout !== undefined ? Math.round(Number(timeout) * 1000) : undefined,
    workers: wholeNumber(cmd, p, 'workers'),
    readers: wholeNumber(cmd, p, 'readers'),
    debug: p.values.debug === true,
  };
}

/** Serves until SIGINT/SIGTERM; resolves with the exit code. */
async function serve(cmd: string, s: ServeSettings): Promise<number> {
  const store: Store = openStore(s.db, { readonly: !s.allowIngest });
  let running;
  try {
    const counts = await store.counts();
    running = await startServer({
      store,
      host: s.host,
      port: s.port,
      allowIngest: s.allowIngest,
      token: s.token,
      maxBody: s.maxBody,
      maxText: s.maxText,
      analyzeTimeoutMs: s.analyzeTimeoutMs,
      workers: s.workers,
      readers: s.readers,
      version: version(),
      debug: s.debug,
    });
    const out = process.stdout;
    out.write(`Herald ${version()} is serving ${store.location} (${counts.documents} documents, ${counts.quotes} quotes, ${counts.events} events)\n`);
    out.write(`  web UI and API: ${running.url}\n`);
    out.write(`  API description: ${running.url}api/openapi.json\n`);
    if (s.allowIngest) {
      out.write(`  ingesting over the API is ON: POST ${running.url}api/ingest with "Authorization: Bearer ${s.generatedToken ? s.token : '<your --token>'}"\n`);
    } else {
      out.write(`  read-only (ingest with 'herald ingest', or restart with --allow-ingest)\n`);
    }
    if (!isLoopback(s.host)) out.write(`  listening on ${s.host}: reachable from other machines\n`);
    if (!webBuilt(defaultWebRoot())) process.stderr.write(`herald ${cmd}: the web UI is not built; run 'npm run build' (the API works meanwhile)\n`);
    out.write('Press Ctrl-C to stop.\n');
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  const server = running;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write('Stopping.\n');
  await server.close();
  await store.close();
  return 0;
}

const COMMON_HELP = `  --db FILE|URL      SQLite file or postgres://USER@HOST/DB (default: $HERALD_DB, else herald.db)
  --port N           port (default: $PORT, else ${DEFAULT_PORT}; 0 picks a free one)
  --host H           address to listen on (default ${DEFAULT_HOST}: this machine only; 0.0.0.0 for every interface)
  --allow-ingest     accept POST /api/ingest (the database is then opened for writing)
  --token T          bearer token that POST /api/ingest requires (default: $HERALD_TOKEN, else a random one, printed)
  --max-body MB      largest request body (default ${DEFAULT_MAX_BODY / 1048576} MB)
  --max-text N       longest text one analysis accepts, in characters (default ${DEFAULT_MAX_CHARS.toLocaleString('en-US')}; 413 beyond)
  --analyze-timeout S  time budget of one analysis in seconds (default ${DEFAULT_TIMEOUT_MS / 1000}; 422 beyond, the
                     work is stopped); a client that disconnects cancels its analysis too
  --workers N        analysis threads for POST /api/analyze (default 1)
  --readers N        threads reading the database, so that no query holds up the others (default one per
                     core, at most 4; 0 = the server's own thread): every read of a SQLite file, the stats of
                     PostgreSQL
  --debug            stack traces on errors`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the JSON API and the web UI over a database',
  help: `Usage: herald serve [options]

Serves the web UI (articles, analyze, quotes, actors, timeline) and the JSON API over the database filled by
'herald ingest'. Read-only unless --allow-ingest. The API is described at /api/openapi.json.

Options:
${COMMON_HELP}

Examples:
  herald serve                                  # http://127.0.0.1:8080/
  PORT=9000 herald serve --db corpus.db
  herald serve --allow-ingest --token s3cret-token
  curl -s localhost:8080/api/quotes?speaker=khamenei`,
  async run(argv) {
    const p = parseFlags('serve', argv, SERVE_FLAGS);
    return serve('serve', settings('serve', p));
  },
};

export const startCommand: Command = {
  name: 'start',
  summary: 'ingest the bundled examples (skipping stored ones), then serve the UI (npm start)',
  help: `Usage: herald start [options]

What 'npm start' runs: analyzes the example articles in examples/ (or --examples DIR) into the database,
skipping those already stored, then serves the web UI and the API like 'herald serve'.

Options:
  --examples DIR     articles to ingest first (default: Herald's examples/)
${COMMON_HELP}`,
  async run(argv) {
    const p = parseFlags('start', argv, { ...SERVE_FLAGS, examples: { type: 'string' } });
    const s = settings('start', p);
    const examples = stringFlag(p, 'examples') ?? join(packageRoot(), 'examples');
    // The folder's README (attribution) is not an article.
    const inputs = listInputFiles(examples).filter((f) => !/(^|[\\/])(README|LICENSE|NOTICE)(\.[a-z]+)?$/i.test(f));
    try {
      const summary = await ingest({ inputs, db: s.db, workers: s.workers });
      process.stdout.write(formatSummary(summary));
      if (summary.interrupted) return 130;
    } catch (e) {
      // The store's messages start with its file name: a database that cannot be used stops here.
      if (!(e instanceof HeraldError) || e.message.startsWith(`${displayDb(s.db)}:`)) throw e;
      process.stderr.write(`herald start: could not analyze the examples (${e.message}); serving what ${displayDb(s.db)} holds\n`);
    }
    return serve('start', s);
  },
};
