/**
 * `herald ingest`, `query` and `export` as a user runs them, over a synthetic pipeline (set through
 * HERALD_PIPELINE_MODULE) so that the test needs no trained models: idempotent re-runs that analyse nothing,
 * bad files skipped with reasons, analyzer failures isolated to their document, and a run killed with
 * SIGKILL that resumes without losing or duplicating anything.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/temp.js';

const root = new URL('../..', import.meta.url).pathname;
const work = tempDir('herald-ingest-');
const runner = join(work, 'herald.mjs');
const stub = join(work, 'stub-pipeline.mjs');
const calls = join(work, 'calls.log');
const threads = join(work, 'threads.log');

writeFileSync(runner, `const { main } = await import(${JSON.stringify(join(root, 'src', 'cli', 'main.ts'))});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
// A synthetic pipeline: "NAME said “…”" is a quote by NAME, "USA sanctioned Iran" an event; logs each call.
writeFileSync(
  stub,
  `import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
export function createPipeline() {
  return {
    analyze(text, meta = {}, opts = {}) {
      appendFileSync(${JSON.stringify(calls)}, text.slice(0, 20).replace(/\\n/g, ' ') + '\\n');
      appendFileSync(${JSON.stringify(threads)}, (isMainThread ? 'main' : 'worker') + '\\n');
      const delay = Number(process.env.STUB_DELAY_MS || 0);
      if (delay) { const until = Date.now() + delay; while (Date.now() < until); }
      if (text.includes('THROW')) throw new Error('cannot parse this one');
      if (text.includes('CRASH')) process.exit(7);
      const r = { id: createHash('sha256').update(text).digest('hex'), meta, sentences: [{ start: 0, end: text.trimEnd().length }], entities: [], quotes: [], events: [] };
      const q = /(\\w+) said (“[^”]*”)/.exec(text);
      if (q) {
        r.entities.push({ id: 'E1', type: 'PERSON', name: q[1], mentions: [{ start: q.index, end: q.index + q[1].length, text: q[1], kind: 'name' }], actor: null });
        const s = text.indexOf('“', q.index);
        r.quotes.push({ id: 'Q1', kind: 'direct', start: s, end: s + q[2].length, text: q[2], cue: null,
          speaker: { entity: 'E1', name: q[1], start: q.index, end: q.index + q[1].length, text: q[1] }, confidence: 0.9 });
      }
      const v = /USA sanctioned Iran/.exec(text);
      if (v) {
        r.events.push({ id: 'V1', trigger: { start: v.index + 4, end: v.index + 14, text: 'sanctioned' }, sentence: 0,
          source: { entity: null, name: 'USA', actor: { code: 'USAGOV', country: 'USA', sector: 'GOV' } },
          target: { entity: null, name: 'Iran', actor: { code: 'IRN', country: 'IRN', sector: null } },
          cameo: { code: '163', name: 'Impose embargo, boycott, or sanctions', root: '16', goldstein: -8, quadClass: 4 },
          plover: { type: 'SANCTION', mode: '', context: ['economic'] }, date: null, location: null, quote: null, confidence: 0.8 });
      }
      if (opts.text !== false) r.text = text;
      return r;
    },
  };
}
`,
);

interface Run {
  code: number;
  out: string;
  err: string;
}

function herald(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', runner, ...args], {
    cwd: root,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, HERALD_PIPELINE_MODULE: stub, ...opts.env },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const article = (i: number): string => `Article ${i}. Speaker${i} said “we will resist ${i}”. USA sanctioned Iran.\n`;

function corpus(name: string, n: number): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'feeds'), { recursive: true });
  for (let i = 1; i <= n; i++) writeFileSync(join(dir, `a${String(i).padStart(3, '0')}.txt`), article(i));
  return dir;
}

const callCount = (): number => (existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter(Boolean).length : 0);
const summaryLine = (out: string, label: string): number => Number(new RegExp(`^  ${label} +(\\d+)$`, 'm').exec(out)?.[1] ?? NaN);

test('ingest stores every layer, skips bad files with reasons, and a second run analyses nothing', () => {
  const dir = corpus('c1', 5);
  writeFileSync(join(dir, 'feeds', 'feed.jsonl'), JSON.stringify({ text: 'Rouhani said “the deal holds”.', published: '2017-03-01', url: 'https://example.org/r', title: 'Deal' }) + '\n');
  writeFileSync(join(dir, 'feeds', 'broken.jsonl'), '{"text": "fine"}\nnot json\n');
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 255, 0, 0]));
  writeFileSync(join(dir, 'blank.txt'), '   \n');
  writeFileSync(join(dir, 'dup.txt'), article(1));
  const db = join(work, 'c1.db');
  const before = callCount();
  const r = herald(['ingest', dir, join(work, 'nope'), '--db', db, '--date', '2017-02-21', '--workers', '2']);
  assert.equal(r.code, 3, r.err); // some inputs were skipped
  assert.equal(summaryLine(r.out, 'documents added'), 7);
  assert.equal(summaryLine(r.out, 'already present'), 1); // dup.txt repeats a001.txt
  assert.equal(summaryLine(r.out, 'quotes'), 6);
  assert.equal(summaryLine(r.out, 'events'), 5);
  assert.equal(summaryLine(r.out, 'skipped'), 4);
  assert.match(r.out, /nope: no such file or directory/);
  assert.match(r.out, /binary\.txt: looks like a binary file/);
  assert.match(r.out, /blank\.txt: empty document/);
  assert.match(r.out, /broken\.jsonl:2: not valid JSON/);
  // broken.jsonl's good first line ({"text": "fine"}) is stored: 5 articles + feed.jsonl + that line
  assert.equal(callCount() - before, 7, 'each new document analysed once');

  const again = herald(['ingest', dir, '--db', db, '--allow-skips']);
  assert.equal(again.code, 0, again.err);
  assert.equal(summaryLine(again.out, 'documents added'), 0);
  assert.equal(summaryLine(again.out, 'already present'), 8);
  assert.equal(callCount() - before, 7, 'nothing analysed on the second run');

  const q = herald(['query', 'quotes', '--db', db, '--speaker', 'rouhani', '--format', 'json']);
  assert.equal(q.code, 0, q.err);
  const rows = JSON.parse(q.out) as Record<string, unknown>[];
  assert.equal(rows.length, 1);
  assert.deepEqual(
    { speaker: rows[0].speaker, text: rows[0].text, date: rows[0].date, url: rows[0].url, title: rows[0].title },
    { speaker: 'Rouhani', text: '“the deal holds”', date: '2017-03-01', url: 'https://example.org/r', title: 'Deal' },
  );
  // --date fills in the publication date of articles that carry none.
  const dated = JSON.parse(herald(['query', 'quotes', '--db', db, '--speaker', 'Speaker3', '--format', 'json']).out) as { date: string }[];
  assert.deepEqual(dated.map((d) => d.date), ['2017-02-21']);

  const ev = herald(['query', 'events', '--db', db, '--source', 'USA', '--cameo', '16', '--format', 'csv', '--limit', '2']);
  assert.equal(ev.code, 0, ev.err);
  const lines = ev.out.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[1], /^2017-02-21,USA,USAGOV,Iran,IRN,sanctioned,163,"Impose embargo, boycott, or sanctions",16,4,-8,SANCTION,,economic,/);

  const ent = herald(['query', 'entities', '--db', db, '--name', 'speaker', '--format', 'json']);
  assert.equal((JSON.parse(ent.out) as unknown[]).length, 5);

  const out = join(work, 'events.tsv');
  const ex = herald(['export', '--format', 'gdelt', '--db', db, '--out', out]);
  assert.equal(ex.code, 0, ex.err);
  assert.match(ex.err, /exported 5 events to /);
  const tsv = readFileSync(out, 'utf8').trimEnd().split('\n');
  assert.equal(tsv.length, 6);
  assert.deepEqual(tsv[1].split('\t').slice(1, 15), ['20170221', 'USAGOV', 'USA', 'USA', 'GOV', 'IRN', 'Iran', 'IRN', '', '163', '163', '16', '4', '-8']);
  assert.deepEqual(readdirSync(work).filter((f) => f.includes('.tmp-')), [], 'no temporary export left behind');

  const jl = herald(['export', '--format', 'jsonl', '--db', db]);
  assert.equal(jl.out.trimEnd().split('\n').length, 7);
  const pl = herald(['export', '--format', 'plover', '--db', db]);
  assert.equal((JSON.parse(pl.out.split('\n')[0]) as { event: string[] }).event[0], 'SANCTION');
});

test('stdin input, and analyzer failures cost only their own document', () => {
  const db = join(work, 'c2.db');
  const r = herald(['ingest', '-', '--db', db, '--workers', '1'], { input: 'Ana said “from stdin”.' });
  assert.equal(r.code, 0, r.err);
  assert.equal(summaryLine(r.out, 'documents added'), 1);

  const dir = join(work, 'c2');
  mkdirSync(dir);
  writeFileSync(join(dir, '1.txt'), 'Bo said “fine”.');
  writeFileSync(join(dir, '2.txt'), 'THROW please');
  writeFileSync(join(dir, '3.txt'), 'CRASH please');
  writeFileSync(join(dir, '4.txt'), 'Cy said “also fine”.');
  const f = herald(['ingest', dir, '--db', db, '--workers', '2', '--allow-skips']);
  assert.equal(f.code, 0, f.err);
  assert.equal(summaryLine(f.out, 'documents added'), 2);
  assert.equal(summaryLine(f.out, 'skipped'), 2);
  assert.match(f.out, /2\.txt: analysis failed \(cannot parse this one\)/);
  assert.match(f.out, /3\.txt: analysis failed \(the analyzer crashed on this document \(exit code 7\)\)/);
  const speakers = (JSON.parse(herald(['query', 'quotes', '--db', db, '--format', 'json']).out) as { speaker: string }[]).map((q) => q.speaker).sort();
  assert.deepEqual(speakers, ['Ana', 'Bo', 'Cy']);
});

test('usage errors and unusable databases: one line, non-zero exit, no stack trace', () => {
  const notDb = join(work, 'notes.txt');
  writeFileSync(notDb, 'my notes');
  const cases: [string[], number, RegExp][] = [
    [['ingest'], 2, /herald ingest: give files, directories or -/],
    [['ingest', work, '--workers', 'many'], 2, /--workers must be a whole number/],
    [['ingest', work, '--date', '21/02/2017'], 2, /^herald ingest: --date must be a real date like 2017-02-21 \(got '21\/02\/2017': not a date like 2017-02-21\)$/],
    [['ingest', work, '--date', '2017-02-30'], 2, /^herald ingest: --date must be a real date like 2017-02-21 \(got '2017-02-30': 2017-02 has no day 30\)$/],
    [['ingest', work, '--max-doc', 'big'], 2, /^herald ingest: --max-doc is in MB, more than 0 and at most 200 \(got 'big'\)$/],
    [['ingest', join(work, 'no-such-folder'), '--db', join(work, 'never.db')], 1, /^\/.*no-such-folder: no such file or directory; check the path$/],
    [['ingest', work, '--db', notDb], 1, /notes\.txt: not a SQLite database.*left it untouched/],
    [['query'], 2, /say what to search: quotes, events or entities/],
    [['query', 'speeches'], 2, /^herald query: cannot search 'speeches'; say what to search: quotes, events or entities \(herald query quotes --speaker NAME\)$/],
    [['query', 'foo'], 2, /^herald query: cannot search 'foo'; say what to search/],
    [['query', 'events', '--speaker', 'x', '--db', notDb], 2, /herald query events: Unknown option '--speaker'/],
    [['query', 'quotes', '--db', join(work, 'missing.db')], 1, /missing\.db: no Herald database here; create one with 'herald ingest/],
    [['query', 'quotes', '--since', 'yesterday', '--db', notDb], 2, /^herald query quotes: --since must be a real date like 2017-02-21 \(got 'yesterday': not a date like 2017-02-21\)$/],
    [['query', 'events', '--since', '2017-13-45', '--db', notDb], 2, /^herald query events: --since must be a real date like 2017-02-21 \(got '2017-13-45': month 13 does not exist\)$/],
    [['query', 'quotes', '--until', '2017-02-29', '--db', notDb], 2, /^herald query quotes: --until must be a real date like 2017-02-21 \(got '2017-02-29': 2017-02 has no day 29\)$/],
    [['query', 'events', '--cameo', 'war', '--db', notDb], 2, /--cameo must be a CAMEO root/],
    [['export', '--db', notDb], 2, /give --format jsonl\|csv\|gdelt\|plover/],
    [['export', '--format', 'xml'], 2, /--format must be one of jsonl, csv, gdelt, plover/],
  ];
  for (const [args, code, re] of cases) {
    const r = herald(args);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err.trimEnd(), re, args.join(' '));
    assert.equal(r.err.trimEnd().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.err}`);
  }
  assert.equal(readFileSync(notDb, 'utf8'), 'my notes');
  // a missing input creates no database
  assert.equal(existsSync(join(work, 'never.db')), false);
});

test('kill -9 in the middle of a run, then run again: nothing lost, nothing duplicated', async () => {
  const N = 80;
  const dir = corpus('c3', N);
  const db = join(work, 'c3.db');
  const child = spawn(process.execPath, ['--import', 'tsx', runner, 'ingest', dir, '--db', db, '--workers', '2'], {
    cwd: root,
    env: { ...process.env, HERALD_PIPELINE_MODULE: stub, STUB_DELAY_MS: '40' },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stored = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    try {
      const s = SqliteStore.open(db, { readonly: true });
      stored = s.countsSync().documents;
      s.closeSync();
    } catch {
      continue; // not created yet
    }
    if (stored >= 5) break;
  }
  child.kill('SIGKILL');
  await exited;
  assert.ok(stored >= 5 && stored < N, `killed after ${stored} of ${N} documents`);

  // What the killed run committed is whole: every stored document has its quote and its event.
  const raw = new Database(db);
  assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
  const [docs, quotes, events] = ['documents', 'quotes', 'events'].map((t) => Number(raw.prepare(`SELECT count(*) FROM ${t}`).pluck().get()));
  raw.close();
  assert.ok(docs >= stored && docs < N, `${docs} documents after the kill`);
  assert.equal(quotes, docs);
  assert.equal(events, docs);

  const r = herald(['ingest', dir, '--db', db, '--workers', '2']);
  assert.equal(r.code, 0, r.err);
  assert.equal(summaryLine(r.out, 'documents added'), N - docs);
  assert.equal(summaryLine(r.out, 'already present'), docs);
  const s = SqliteStore.open(db, { readonly: true });
  assert.deepEqual(s.countsSync(), { documents: N, entities: N, mentions: N, quotes: N, events: N });
  const speakers = new Set(s.quotesSync().map((q) => q.speaker));
  assert.equal(speakers.size, N);
  s.closeSync();
});

const threadLog = (): string[] => (existsSync(threads) ? readFileSync(threads, 'utf8').split('\n').filter(Boolean) : []);

test('JSON Lines: every good line is kept, each bad one reported by number; skips exit 3 unless --allow-skips', () => {
  const dir = join(work, 'jl');
  mkdirSync(dir);
  const feed = join(dir, 'feed.jsonl');
  writeFileSync(feed, ['{"text": "Ada said “one”.", "published": "2020-01-02"}', '{"text": "Bea said “two”"', '', '{"title": "no text"}', '{"text": "Cal said “four”.", "published": "2020-01-03"}'].join('\n') + '\n');
  const db = join(work, 'jl.db');
  const r = herald(['ingest', feed, '--db', db]);
  assert.equal(r.code, 3, r.err);
  assert.equal(summaryLine(r.out, 'documents added'), 2);
  assert.equal(summaryLine(r.out, 'skipped'), 2);
  assert.match(r.out, new RegExp(`^    ${feed}:2: not valid JSON \\(.*\\); each line must be one article object$`, 'm'));
  assert.match(r.out, new RegExp(`^    ${feed}:4: a JSON article needs a "text" string field`, 'm'));
  const speakers = (JSON.parse(herald(['query', 'quotes', '--db', db, '--format', 'json']).out) as { speaker: string }[]).map((q) => q.speaker).sort();
  assert.deepEqual(speakers, ['Ada', 'Cal']);
  const again = herald(['ingest', feed, '--db', db, '--allow-skips']);
  assert.equal(again.code, 0, again.err);
  assert.equal(summaryLine(again.out, 'already present'), 2);
  assert.equal(summaryLine(again.out, 'skipped'), 2);
});

test('a document over the per-document limit (5 MB, --max-doc) is skipped with the fix, the others stored', () => {
  const dir = join(work, 'big');
  mkdirSync(dir);
  writeFileSync(join(dir, 'big.txt'), 'Obama spoke. '.repeat(Math.ceil((5.5 * 1048576) / 13)));
  writeFileSync(join(dir, 'small.txt'), 'Dee said “small”.');
  const db = join(work, 'big.db');
  const r = herald(['ingest', dir, '--db', db, '--workers', '0']);
  assert.equal(r.code, 3, r.err);
  assert.equal(summaryLine(r.out, 'documents added'), 1);
  assert.match(
    r.out,
    /big\.txt: 5\.5 MB is over the 5 MB limit for one document \(news articles are well under 1 MB\); split it into articles \(one file each, or JSON Lines\), or raise the limit with --max-doc MB$/m,
  );
  const raised = herald(['ingest', dir, '--db', db, '--workers', '0', '--max-doc', '6']);
  assert.equal(raised.code, 0, raised.err);
  assert.equal(summaryLine(raised.out, 'documents added'), 1);
  assert.equal(summaryLine(raised.out, 'already present'), 1);
  // analyze (the shipped pipeline: HERALD_PIPELINE_MODULE is ingest's) has the same limit and flag, refused before any work
  const a = herald(['analyze', join(dir, 'big.txt'), '--format', 'json', '--no-text']);
  assert.equal(a.code, 1);
  assert.match(a.err.trimEnd(), /^\/.*big\.txt: 5\.5 MB is over the 5 MB limit for one document .*, or raise the limit with --max-doc MB$/);
  const flag = herald(['analyze', join(dir, 'big.txt'), '--max-doc', '0']);
  assert.deepEqual([flag.code, flag.err.trimEnd()], [2, "herald analyze: --max-doc is in MB, more than 0 and at most 200 (got '0')"]);
});

test('a small job runs on the calling thread (no worker start-up); a large one on workers', () => {
  const dir = join(work, 'threads');
  mkdirSync(dir);
  writeFileSync(join(dir, 'one.txt'), 'Eve said “quick”.');
  writeFileSync(threads, '');
  const small = herald(['ingest', join(dir, 'one.txt'), '--db', join(work, 'threads.db')]);
  assert.equal(small.code, 0, small.err);
  assert.deepEqual(threadLog(), ['main']);
  writeFileSync(join(dir, 'large.txt'), 'Fay said “long”. '.repeat(40_000)); // ~ 680 KB: over the small-job size
  writeFileSync(threads, '');
  const large = herald(['ingest', join(dir, 'large.txt'), '--db', join(work, 'threads.db')]);
  assert.equal(large.code, 0, large.err);
  assert.deepEqual(threadLog(), ['worker']);
});

test('publication date: metadata, --date, file name; an undated article is stored with one warning', () => {
  const dir = join(work, 'dates');
  mkdirSync(dir);
  writeFileSync(join(dir, 'nyt_2016-10-23_trump.txt'), 'Gus said “named”.');
  writeFileSync(join(dir, 'undated.txt'), 'Hal said “undated”.');
  writeFileSync(join(dir, 'side_2001-01-01.txt'), 'Ivy said “sidecar”.');
  writeFileSync(join(dir, 'side_2001-01-01.meta.json'), '{"published": "2019-05-06"}');
  const db = join(work, 'dates.db');
  const r = herald(['ingest', dir, '--db', db]);
  assert.equal(r.code, 0, r.err);
  assert.equal(summaryLine(r.out, 'documents added'), 3);
  assert.match(r.out, /^ {2}without a date {4}1 \(actor roles resolved without one; give --date or the article's date\)$/m);
  const warnings = r.err.split('\n').filter((l) => l.includes('no publication date'));
  assert.deepEqual(warnings, [
    `herald ingest: warning: ${join(dir, 'undated.txt')}: no publication date (none in its metadata, a dateline, an HTML <meta> tag or the file name); actor roles were resolved without one — give --date YYYY-MM-DD or a sidecar ${join(dir, 'undated.meta.json')}`,
  ]);
  const dates = (JSON.parse(herald(['query', 'quotes', '--db', db, '--format', 'json']).out) as { speaker: string; date: string | null }[])
    .map((q) => [q.speaker, q.date])
    .sort();
  assert.deepEqual(dates, [['Gus', '2016-10-23'], ['Hal', null], ['Ivy', '2019-05-06']]);

  // analyze: the result says where the date came from; the undated article warns once on stderr
  const a = herald(['analyze', join(dir, 'nyt_2016-10-23_trump.txt'), join(dir, 'undated.txt'), '--format', 'json']);
  assert.equal(a.code, 0, a.err);
  const metas = (JSON.parse(a.out) as { meta: Record<string, string> }[]).map((x) => x.meta);
  assert.deepEqual(metas, [{ published: '2016-10-23', dateSource: 'filename' }, { dateSource: 'none' }]);
  assert.equal(a.err.split('\n').filter((l) => l.startsWith('herald analyze: warning: ') && l.includes('undated.txt: no publication date')).length, 1);
  const opt = herald(['analyze', join(dir, 'undated.txt'), '--format', 'json', '--date', '2018-07-08']);
  assert.deepEqual((JSON.parse(opt.out) as { meta: unknown }).meta, { published: '2018-07-08', dateSource: 'option' });
  assert.equal(opt.err, '');
});

test('one Ctrl-C stops the documents in flight at once and prints what was done; long documents show progress', async () => {
  const dir = join(work, 'slow');
  mkdirSync(dir);
  for (let i = 0; i < 3; i++) writeFileSync(join(dir, `s${i}.txt`), `Slow${i} said “wait”.`);
  const db = join(work, 'slow.db');
  const child = spawn(process.execPath, ['--import', 'tsx', runner, 'ingest', dir, '--db', db, '--workers', '1'], {
    cwd: root,
    env: { ...process.env, HERALD_PIPELINE_MODULE: stub, STUB_DELAY_MS: '60000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!/still analysing/.test(err) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // the first progress line comes once a document has run 5 s (later on a loaded machine)
  assert.match(err, new RegExp(`herald ingest: still analysing ${join(dir, 's0.txt')} \\(0 MB, ([5-9]|[1-2]\\d)s so far\\)`));
  const t0 = Date.now();
  child.kill('SIGINT');
  const code = await exited;
  assert.equal(code, 130);
  assert.ok(Date.now() - t0 < 10_000, `stopped ${Date.now() - t0} ms after Ctrl-C`);
  assert.match(err, /herald ingest: interrupted: stopping the documents in flight \(Ctrl-C again to quit at once\)/);
  assert.match(out, /^Interrupted into /);
  assert.equal(summaryLine(out, 'documents added'), 0);
  assert.match(out, new RegExp(`^    ${join(dir, 's0.txt')}: interrupted before it was stored; run the same command again to add it$`, 'm'));
  assert.match(out, /Run the same command again to finish/);
});
