/** `herald query quotes|events|entities`: search the database, print a table, JSON or CSV. */
import { dbPath, openStore } from '../store/open.js';
import {
  ENTITY_CSV_COLUMNS,
  ENTITY_TABLE,
  EVENT_CSV_COLUMNS,
  EVENT_TABLE,
  QUOTE_CSV_COLUMNS,
  QUOTE_TABLE,
  toCsv,
  toTable,
  type TableColumn,
} from '../store/format.js';
import { searchWords } from '../store/fts-query.js';
import { HeraldError, USAGE } from '../text/errors.js';
import { checkDate, oneOf, parseFlags, stringFlag, type Options, type Parsed } from './args.js';
import type { Command } from './args.js';

const KINDS = ['quotes', 'events', 'entities'] as const;
type Kind = (typeof KINDS)[number];
const FORMATS = ['table', 'json', 'csv'] as const;
const DEFAULT_LIMIT = 100;

const COMMON: Options = { db: { type: 'string' }, format: { type: 'string' }, limit: { type: 'string' } };
const DATES: Options = { since: { type: 'string' }, until: { type: 'string' } };
const FLAGS: Record<Kind, Options> = {
  quotes: { ...COMMON, ...DATES, speaker: { type: 'string' }, text: { type: 'string' }, 'min-confidence': { type: 'string' } },
  events: { ...COMMON, ...DATES, source: { type: 'string' }, target: { type: 'string' }, cameo: { type: 'string' }, plover: { type: 'string' } },
  entities: { ...COMMON, name: { type: 'string' }, type: { type: 'string' } },
};

export const queryCommand: Command = {
  name: 'query',
  summary: 'search stored quotes, events and entities',
  help: `Usage: herald query quotes|events|entities [filters] [options]

Searches the database filled by 'herald ingest'.

herald query quotes    [--speaker NAME] [--text WORDS] [--min-confidence X] [--since DATE] [--until DATE]
    --speaker NAME     speaker's name contains NAME (any case)
    --text WORDS       the quote contains every word (stemmed: 'sanction' finds 'sanctions')
    --min-confidence X only quotes with confidence X or more (0..1; on real news, quotes at 0.8 or more are
                       real quotes with the right speaker about 9 times in 10)
herald query events    [--source CODE] [--target CODE] [--cameo ROOT|CODE] [--plover TYPE] [--since/--until DATE]
    --source, --target actor code or its prefix: USA matches USA and USAGOV
    --cameo            CAMEO root (16) or code prefix (163)
    --plover           PLOVER event type (SANCTION, ASSAULT, …)
herald query entities  [--name NAME] [--type PERSON|ORG|GPE|LOC|NORP|EVENT|OTHER]
    Entities grouped by name, type and actor code, with document and mention counts.

Options:
  --since, --until YYYY-MM-DD   inclusive date range (event date, else publication date)
  --limit N          at most N rows, newest first (default ${DEFAULT_LIMIT}; 0 = all)
  --format table|json|csv       default: table on a terminal, json otherwise
  --db FILE|URL      SQLite file or postgres://USER@HOST/DB (default: $HERALD_DB, else herald.db)

Examples:
  herald query quotes --speaker Khamenei
  herald query quotes --text "nuclear deal" --since 2017-01-01 --format csv > quotes.csv
  herald query events --source USA --cameo 16
  herald query entities --name iran --format json`,
  async run(argv) {
    const [kindArg, ...rest] = argv;
    if (kindArg === undefined || kindArg.startsWith('-')) {
      throw new HeraldError("herald query: say what to search: quotes, events or entities; see 'herald query --help'", USAGE);
    }
    if (!(KINDS as readonly string[]).includes(kindArg)) {
      throw new HeraldError(`herald query: cannot search '${kindArg}'; say what to search: quotes, events or entities (herald query quotes --speaker NAME)`, USAGE);
    }
    const kind = kindArg as Kind;
    const p = parseFlags(`query ${kind}`, rest, FLAGS[kind]);
    if (p.positionals.length) {
      throw new HeraldError(`herald query ${kind}: unexpected argument '${p.positionals[0]}'; quote multi-word values ("--text 'nuclear deal'")`, USAGE);
    }
    const cmd = `query ${kind}`;
    const format = oneOf(cmd, 'format', stringFlag(p, 'format'), FORMATS, process.stdout.isTTY ? 'table' : 'json');
    const limit = intFlag(cmd, p, 'limit', DEFAULT_LIMIT);
    const speaker = stringFlag(p, 'speaker');
    const text = stringFlag(p, 'text');
    if (text !== undefined && searchWords(text) === null) {
      throw new HeraldError(`herald ${cmd}: --text needs at least one word (got '${text}')`, USAGE);
    }
    const dates = kind === 'entities' ? {} : dateRange(cmd, p);
    const events = {
      source: code(cmd, p, 'source', /^[A-Za-z0-9]+$/, 'an actor code such as USA or USAGOV'),
      target: code(cmd, p, 'target', /^[A-Za-z0-9]+$/, 'an actor code such as IRN or IRNGOV'),
      cameo: code(cmd, p, 'cameo', /^\d{2,4}$/, 'a CAMEO root (16) or code (163)'),
      plover: code(cmd, p, 'plover', /^[A-Za-z_]+$/, 'a PLOVER type such as SANCTION'),
    };
    const store = openStore(dbPath(stringFlag(p, 'db')), { readonly: true });
    try {
      let out: string;
      let rows: number;
      if (kind === 'quotes') {
        const found = await store.quotes({ speaker, text, ...dates, limit, minConfidence: confidenceFlag(cmd, p) });
        rows = found.length;
        out = render(found, format, QUOTE_TABLE, QUOTE_CSV_COLUMNS);
      } else if (kind === 'events') {
        const found = await store.events({ ...events, ...dates, limit });
        rows = found.length;
        out = render(found, format, EVENT_TABLE, EVENT_CSV_COLUMNS);
      } else {
        const found = await store.entities({ name: stringFlag(p, 'name'), type: stringFlag(p, 'type'), limit });
        rows = found.length;
        out = render(found, format, ENTITY_TABLE, ENTITY_CSV_COLUMNS);
      }
      process.stdout.write(out);
      if (format === 'table') {
        if (rows === 0) process.stderr.write(`no ${kind} match in ${store.location}\n`);
        else if (limit && rows === limit) process.stderr.write(`(first ${limit} ${kind}; --limit 0 shows all)\n`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};

/** --min-confidence X: a number from 0 to 1. */
function confidenceFlag(cmd: string, p: Parsed): number | undefined {
  const v = stringFlag(p, 'min-confidence');
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!/^\s*(0(\.\d+)?|1(\.0*)?|\.\d+)\s*$/u.test(v) || !(x >= 0 && x <= 1)) {
    throw new HeraldError(`herald ${cmd}: --min-confidence takes a number from 0 to 1 (got '${v}')`, USAGE);
  }
  return x;
}

function render<R extends object>(rows: R[], format: (typeof FORMATS)[number], table: TableColumn<R>[], csv: readonly (keyof R & string)[]): string {
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  if (format === 'csv') return toCsv(rows, csv);
  return rows.length ? toTable(rows, table, process.stdout.columns || 120) : '';
}

function intFlag(cmd: string, p: Parsed, name: string, fallback: number): number {
  const v = stringFlag(p, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v)) throw new HeraldError(`herald ${cmd}: --${name} must be a whole number, 0 or more (got '${v}')`, USAGE);
  return Number(v);
}

function dateRange(cmd: string, p: Parsed): { since?: string; until?: string } {
  const out: { since?: string; until?: string } = {};
  for (const k of ['since', 'until'] as const) {
    const v = stringFlag(p, k);
    if (v === undefined) continue;
    out[k] = checkDate(cmd, `--${k}`, v);
  }
  if (out.since && out.until && out.since > out.until) {
    throw new HeraldError(`herald ${cmd}: --since ${out.since} is after --until ${out.until}`, USAGE);
  }
  return out;
}

function code(cmd: string, p: Parsed, name: string, re: RegExp, what: string): string | undefined {
  const v = stringFlag(p, name);
  if (v === undefined) return undefined;
  if (!re.test(v)) throw new HeraldError(`herald ${cmd}: --${name} must be ${what} (got '${v}')`, USAGE);
  return v;
}
