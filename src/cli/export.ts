/**
 * `herald export`: the whole database as JSON Lines results, CSV, GDELT-style event TSV or PLOVER JSON
 * records. With --out the file is written beside its destination and renamed into place when complete, so an
 * interrupted export never leaves half a file under the final name.
 */
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../nlp/paths.js';
import { dbPath, openStore } from '../store/open.js';
import {
  csvLine,
  ENTITY_CSV_COLUMNS,
  EVENT_CSV_COLUMNS,
  gdeltHeader,
  gdeltLine,
  ploverRecord,
  QUOTE_CSV_COLUMNS,
} from '../store/format.js';
import type { Store } from '../store/types.js';
import { HeraldError, USAGE } from '../text/errors.js';
import { oneOf, parseFlags, stringFlag, type Command } from './args.js';

const FORMATS = ['jsonl', 'csv', 'gdelt', 'plover'] as const;
/** Rows read at once when exporting the quotes or entities list. */
const EXPORT_PAGE = 1000;
type Format = (typeof FORMATS)[number];
const TABLES = ['events', 'quotes', 'entities'] as const;

export const exportCommand: Command = {
  name: 'export',
  summary: 'write the database out as JSON Lines, CSV, GDELT TSV or PLOVER JSON',
  help: `Usage: herald export --format jsonl|csv|gdelt|plover [options]

Writes everything in the database:
  jsonl    one analysis result per document (DESIGN schema, text included), one per line
  csv      one row per event (--table quotes or entities for those), with a header row
  gdelt    GDELT-style event TSV with a header row: GLOBALEVENTID, SQLDATE (YYYYMMDD), actor codes, names,
           countries and types, EventCode, EventBaseCode, EventRootCode, QuadClass, GoldsteinScale,
           ActionGeo name, country, lat and long, DATEADDED, SOURCEURL
  plover   one PLOVER JSON record per line for each event with a PLOVER type (id, date, actor,
           recipient, event, mode, context, event_loc, event_text, quad_code, event_scale, text, cite_info)

Options:
  --format F         jsonl, csv, gdelt or plover (required)
  --out FILE         write to FILE (default: standard output)
  --table T          for csv: events (default), quotes or entities
  --db FILE|URL      SQLite file or postgres://USER@HOST/DB (default: $HERALD_DB, else herald.db)

Examples:
  herald export --format gdelt --out events.tsv
  herald export --format plover > events.jsonl
  herald export --format csv --table quotes --out quotes.csv`,
  async run(argv) {
    const p = parseFlags('export', argv, {
      format: { type: 'string' },
      out: { type: 'string' },
      table: { type: 'string' },
      db: { type: 'string' },
    });
    if (p.positionals.length) throw new HeraldError(`herald export: unexpected argument '${p.positionals[0]}'; see 'herald export --help'`, USAGE);
    const f = stringFlag(p, 'format');
    if (f === undefined) throw new HeraldError(`herald export: give --format ${FORMATS.join('|')}; see 'herald export --help'`, USAGE);
    const format = oneOf('export', 'format', f, FORMATS, 'jsonl');
    const table = oneOf('export', 'table', stringFlag(p, 'table'), TABLES, 'events');
    if (stringFlag(p, 'table') !== undefined && format !== 'csv') {
      throw new HeraldError('herald export: --table goes with --format csv', USAGE);
    }
    const out = stringFlag(p, 'out');
    const store = openStore(dbPath(stringFlag(p, 'db')), { readonly: true });
    const sink = new Sink(out);
    try {
      const n = await exportTo(store, format, table, sink);
      await sink.commit();
      const what = format === 'jsonl' ? 'documents' : format === 'csv' ? table : format === 'plover' ? 'PLOVER records' : 'events';
      let note = `exported ${n.written} ${what}${out ? ` to ${out}` : ''}`;
      if (n.left > 0) note += ` (${n.left} events without a PLOVER type left out)`;
      process.stderr.write(note + '\n');
      return 0;
    } catch (e) {
      sink.abort();
      throw e;
    } finally {
      await store.close();
    }
  },
};

/** Writes `format` to `sink`; returns how many records were written and how many left out. */
export async function exportTo(
  store: Store,
  format: Format,
  table: (typeof TABLES)[number],
  sink: { write(s: string): Promise<void> },
): Promise<{ written: number; left: number }> {
  let written = 0;
  let left = 0;
  if (format === 'jsonl') {
    for await (const doc of store.allDocuments()) {
      await sink.write(JSON.stringify(doc) + '\n');
      written++;
    }
  } else if (format === 'csv' && table !== 'events') {
    const cols = (table === 'quotes' ? QUOTE_CSV_COLUMNS : ENTITY_CSV_COLUMNS) as readonly string[];
    await sink.write(csvLine([...cols]));
    // A page at a time, each starting after the last row of the one before (one index seek, bounded memory).
    let after: string | undefined;
    for (;;) {
      const page = table === 'quotes' ? await store.quotesPage({ limit: EXPORT_PAGE, after }) : await store.entitiesPage({ limit: EXPORT_PAGE, after });
      for (const r of page.rows as unknown as Record<string, string | number | null>[]) {
        await sink.write(csvLine(cols.map((c) => r[c])));
        written++;
      }
      if (page.rows.length < EXPORT_PAGE) break;
      after = page.keys[page.keys.length - 1];
    }
  } else if (format === 'csv') {
    await sink.write(csvLine([...EVENT_CSV_COLUMNS]));
    for await (const r of store.allEvents()) {
      await sink.write(csvLine(EVENT_CSV_COLUMNS.map((c) => r[c])));
      written++;
    }
  } else if (format === 'gdelt') {
    await sink.write(gdeltHeader());
    for await (const r of store.allEvents()) {
      await sink.write(gdeltLine(r));
      written++;
    }
  } else {
    const coder = `Herald ${version()}`;
    for await (const r of store.allEvents()) {
      const rec = ploverRecord(r, coder);
      if (!rec) {
        left++;
        continue;
      }
      await sink.write(JSON.stringify(rec) + '\n');
      written++;
    }
  }
  return { written, left };
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0';
  }
}

/** Standard output, or a temporary file renamed to `path` on commit; writes wait when the stream is full. */
class Sink {
  private stream: NodeJS.WritableStream;
  private tmp: string | undefined;
  private failed: Error | undefined;
  private buf = '';

  constructor(private readonly path: string | undefined) {
    if (path) {
      this.tmp = `${path}.tmp-${process.pid}`;
      const ws = createWriteStream(this.tmp);
      ws.on('error', (e) => (this.failed = e));
      this.stream = ws as NodeJS.WritableStream;
    } else {
      this.stream = process.stdout;
    }
  }

  private fail(): never {
    const e = this.failed as NodeJS.ErrnoException;
    throw new HeraldError(`${this.path ?? 'stdout'}: cannot write the export (${e.code ?? e.message}); check the path and free space`);
  }

  async write(s: string): Promise<void> {
    this.buf += s;
    if (this.buf.length < 65536) return;
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failed) this.fail();
    const chunk = this.buf;
    this.buf = '';
    if (!chunk) return;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('error', done);
      });
    }
    if (this.failed) this.fail();
  }

  async commit(): Promise<void> {
    await this.flush();
    if (!this.tmp) return;
    const ws = this.stream as WriteStream;
    await new Promise<void>((resolve) => ws.end(resolve));
    if (this.failed) this.fail();
    try {
      renameSync(this.tmp, this.path as string);
    } catch (e) {
      this.failed = e as Error;
      this.abort();
      this.fail();
    }
    this.tmp = undefined;
  }

  abort(): void {
    if (!this.tmp) return;
    (this.stream as WriteStream).destroy();
    rmSync(this.tmp, { force: true });
    this.tmp = undefined;
  }
}
