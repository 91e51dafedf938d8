/**
 * The JSON API under /api: searches over the store with the filters of `herald query`, one document's full
 * result, aggregates for the UI, analysis of posted text, and (only when allowed, with a bearer token)
 * ingestion. Every failure is a status and `{"error": "one line saying what to change"}`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocMeta } from '../doc/doc.js';
import { documentId } from '../doc/id.js';
import { searchWords } from '../store/fts-query.js';
import { excerpt } from '../store/shape.js';
import type { DocumentIn, EventFilter, Paged, Paging, Stats, StatsFilter, Store } from '../store/types.js';
import { decodeText } from '../text/decode.js';
import { HeraldError } from '../text/errors.js';
import { htmlToText } from '../text/html.js';
import { datePublication, isoDateProblem } from '../time/publication.js';
import { ClientGone, type LazyAnalyzer } from './analyzer.js';
import type { Info, IngestAnswer, Page } from './api-types.js';
import { HttpError, mediaType, parseJson, readBody, sendJson, sendJsonText } from './http.js';
import { openApiSpec } from './openapi.js';

export interface ApiContext {
  store: Store;
  /** Ingestion over the API is on (the store is then open for writing). */
  allowIngest: boolean;
  /** The bearer token that POST /api/ingest requires. */
  token?: string;
  /** Largest request body accepted, in bytes. */
  maxBody: number;
  analyzer: LazyAnalyzer;
  version: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;
export const DEFAULT_EDGES = 150;
const MAX_RECORDS = 1000;
const ENTITY_TYPES = ['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'EVENT', 'OTHER'];

// ---------------------------------------------------------------- query parameters

type Kind = 'text' | 'words' | 'date' | 'code' | 'cameo' | 'plover' | 'type' | 'docid' | 'limit' | 'offset' | 'edges' | 'confidence';

const PAGING = { limit: 'limit', offset: 'offset' } as const;
const DATES = { since: 'date', until: 'date' } as const;
const EVENT_FILTERS = { source: 'code', target: 'code', cameo: 'cameo', plover: 'plover', ...DATES } as const;

export const PARAMS = {
  quotes: { speaker: 'text', text: 'words', ...DATES, document: 'docid', min_confidence: 'confidence', ...PAGING },
  events: { ...EVENT_FILTERS, document: 'docid', ...PAGING },
  entities: { name: 'text', type: 'type', ...PAGING },
  documents: { title: 'text', ...PAGING },
  stats: { ...EVENT_FILTERS, edges: 'edges' },
} as const satisfies Record<string, Record<string, Kind>>;

type Values = Record<string, string | number | undefined>;

function bad(name: string, what: string, got: string): HttpError {
  return new HttpError(400, `${name} must be ${what} (got '${got.length > 60 ? got.slice(0, 60) + '…' : got}')`);
}

function checkParam(name: string, kind: Kind, v: string): string | number {
  switch (kind) {
    case 'text':
      if (v.length > 200) throw new HttpError(400, `${name} is too long (at most 200 characters)`);
      return v;
    case 'words':
      if (searchWords(v) === null) throw bad(name, 'at least one word', v);
      if (v.length > 500) throw new HttpError(400, `${name} is too long (at most 500 characters)`);
      return v;
    case 'date': {
      const why = isoDateProblem(v);
      if (why) throw new HttpError(400, `${name} must be a real date like 2017-02-21 (got '${v.length > 60 ? v.slice(0, 60) + '…' : v}': ${why})`);
      return v;
    }
    case 'code':
      if (!/^[A-Za-z0-9]{1,30}$/.test(v)) throw bad(name, 'an actor code or its prefix, such as USA or USAGOV', v);
      return v;
    case 'cameo':
      if (!/^\d{2,4}$/.test(v)) throw bad(name, 'a CAMEO root (16) or code (163)', v);
      return v;
    case 'plover':
      if (!/^[A-Za-z_]{1,40}$/.test(v)) throw bad(name, 'a PLOVER event type such as SANCTION', v);
      return v;
    case 'type':
      if (!ENTITY_TYPES.includes(v.toUpperCase())) throw bad(name, `one of ${ENTITY_TYPES.join(', ')}`, v);
      return v.toUpperCase();
    case 'docid':
      if (!/^[0-9a-f]{64}$/.test(v)) throw bad(name, 'a document id (64 hexadecimal digits)', v);
      return v;
    case 'limit': {
      if (!/^\d{1,7}$/.test(v) || Number(v) < 1 || Number(v) > MAX_LIMIT) throw bad(name, `a whole number from 1 to ${MAX_LIMIT}`, v);
      return Number(v);
    }
    case 'offset':
      if (!/^\d{1,9}$/.test(v)) throw bad(name, 'a whole number, 0 or more', v);
      return Number(v);
    case 'edges':
      if (!/^\d{1,5}$/.test(v) || Number(v) > 10000) throw bad(name, 'a whole number from 0 to 10000', v);
      return Number(v);
    case 'confidence':
      if (!/^(0(\.\d{1,6})?|1(\.0{1,6})?|\.\d{1,6})$/.test(v)) throw bad(name, 'a number from 0 to 1, such as 0.8', v);
      return Number(v);
  }
}

/** Reads and checks the query string against an endpoint's parameters; empty values count as absent. */
export function parseQuery(params: URLSearchParams, spec: Record<string, Kind>): Values {
  const out: Values = {};
  for (const [name, raw] of params) {
    const kind = spec[name];
    if (kind === undefined) {
      throw new HttpError(400, `unknown parameter '${name}'; this endpoint takes ${Object.keys(spec).join(', ')}`);
    }
    const v = raw.trim();
    if (v === '') continue;
    out[name] = checkParam(name, kind, v);
  }
  if (typeof out.since === 'string' && typeof out.until === 'string' && out.since > out.until) {
    throw new HttpError(400, `since (${out.since}) is after until (${out.until})`);
  }
  return out;
}

const str = (v: Values[string]): string | undefined => (typeof v === 'string' ? v : undefined);

function paging(q: Values): { limit: number; offset: number } {
  return { limit: typeof q.limit === 'number' ? q.limit : DEFAULT_LIMIT, offset: typeof q.offset === 'number' ? q.offset : 0 };
}

function eventFilter(q: Values): EventFilter {
  return {
    source: str(q.source),
    target: str(q.target),
    cameo: str(q.cameo),
    plover: str(q.plover),
    since: str(q.since),
    until: str(q.until),
    document: str(q.document),
  };
}

// ---------------------------------------------------------------- pages and stats

/**
 * Lists are read from the store's indexes a page at a time. A client that pages on (offset 0, 50, 100 …, as
 * the UI's "more" does) is served by keyset: the key of the last row of each page is remembered, and the next
 * page starts after it with one index seek instead of skipping `offset` rows. The remembered keys hold while
 * the store's document count stays the same, so the answers are exactly those of offset paging.
 */
export class PageKeys {
  private keys = new Map<string, { stamp: number; key: string }>();

  constructor(private readonly max = 2000) {}

  get(at: string, stamp: number): string | undefined {
    const k = this.keys.get(at);
    return k && k.stamp === stamp ? k.key : undefined;
  }

  set(at: string, stamp: number, key: string): void {
    this.keys.delete(at);
    this.keys.set(at, { stamp, key });
    if (this.keys.size > this.max) this.keys.delete(this.keys.keys().next().value as string);
  }
}

/** Stats answers kept until the store's counts change (new documents): repeated UI requests cost one counts(). */
class StatsCache {
  /** Answers as JSON text: a reader thread's text is sent as it is, and a repeated answer costs no serialising. */
  private stats = new Map<string, Promise<string>>();
  private stamp = '';

  constructor(private readonly store: Store) {}

  async statsFor(filter: StatsFilter, maxEdges: number): Promise<string> {
    const c = await this.store.counts();
    const stamp = `${c.documents}/${c.events}/${c.quotes}/${c.entities}`;
    if (stamp !== this.stamp) {
      this.stats.clear();
      this.stamp = stamp;
    }
    const key = JSON.stringify([filter, maxEdges]);
    let s = this.stats.get(key);
    if (!s) {
      s = this.store.statsJson ? this.store.statsJson(filter, maxEdges, c) : this.store.stats(filter, maxEdges, c).then((x: Stats) => JSON.stringify(x));
      if (this.stats.size >= 64) this.stats.delete(this.stats.keys().next().value as string);
      this.stats.set(key, s);
      s.catch(() => this.stats.delete(key));
    }
    return s;
  }
}

export { excerpt };

// ---------------------------------------------------------------- request bodies

const META_FIELDS = ['title', 'author', 'source', 'url', 'published'] as const;

/** Text and meta from one JSON article record (`{text, title, published, url, source, author}`). */
function recordArticle(rec: unknown, where: string): { text: string; meta: DocMeta } {
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
    throw new HttpError(400, `${where} must be a JSON object like {"text": "…", "title": "…", "published": "2017-02-21"}`);
  }
  const r = rec as Record<string, unknown>;
  if (typeof r.text !== 'string') throw new HttpError(400, `${where} needs a "text" string field`);
  const meta: DocMeta = {};
  const src = r.meta && typeof r.meta === 'object' ? { ...(r.meta as Record<string, unknown>), ...r } : r;
  for (const k of META_FIELDS) {
    const v = src[k];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') throw new HttpError(400, `${where}: "${k}" must be a string`);
    meta[k] = v;
  }
  if (!meta.published && typeof src.date === 'string' && src.date) meta.published = src.date;
  if (meta.published !== undefined && !/^\d{4}-\d{2}-\d{2}(?:$|[T ])/.test(meta.published)) {
    throw new HttpError(400, `${where}: "published" must be an ISO date like 2017-02-21 (got '${meta.published.slice(0, 40)}')`);
  }
  const impossible = meta.published !== undefined ? isoDateProblem(meta.published.slice(0, 10)) : null;
  if (impossible) throw new HttpError(400, `${where}: "published" must be a real date (got '${meta.published?.slice(0, 40)}': ${impossible})`);
  return { text: r.text, meta };
}

/**
 * The media types any web page can POST without the browser asking the server first (CORS "simple" requests):
 * refused on every POST, so that a page elsewhere cannot make this server analyse or store anything.
 */
const SIMPLE_TYPES = new Set(['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * Writes (POST) only from this server's own pages or from clients that are not browsers: a request whose
 * Origin (or Sec-Fetch-Site) shows another site is refused with 403, and so are the media types a cross-site
 * form could send.
 */
export function checkWriteOrigin(req: IncomingMessage, path: string): void {
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  let foreign = site === 'cross-site' || site === 'same-site';
  if (origin !== undefined) {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (origin === 'null' || !host || host !== (req.headers.host ?? '').toLowerCase()) foreign = true;
  }
  if (foreign) {
    req.resume();
    throw new HttpError(403, `POST ${path} is refused from another web site (Origin ${origin ?? 'not given'}); send it from this server's own pages or from a program such as curl`);
  }
  const type = mediaType(req);
  if (SIMPLE_TYPES.has(type)) {
    req.resume();
    throw new HttpError(
      415,
      `POST ${path} needs Content-Type: application/json (${type || 'no type'} is refused: any web page could send it); send {"text": "…"}`,
    );
  }
}

/** The article of a POST /api/analyze body: JSON `{text, …meta}`, or an HTML page. */
async function analyzeInput(req: IncomingMessage, maxBody: number): Promise<{ text: string; meta: DocMeta }> {
  const type = mediaType(req);
  const body = await readBody(req, maxBody);
  let article: { text: string; meta: DocMeta };
  if (type === 'application/json') {
    article = recordArticle(parseJson(body), 'the request body');
  } else if (type === 'text/html') {
    let text: string;
    try {
      text = decodeText(body, 'the request body', Infinity);
    } catch (e) {
      throw new HttpError(400, (e as Error).message.replace(/; give Herald.*$/, '; send UTF-8 text'));
    }
    const page = htmlToText(text);
    // the page's <meta> date, after a dateline in the text (time/publication.ts)
    article = { text: page.text, meta: datePublication(page.title ? { title: page.title } : {}, page.text, { html: page.published }) };
  } else {
    throw new HttpError(415, `cannot read a ${type} body; send application/json {"text": "…"} or text/html`);
  }
  if (!article.text.trim()) throw new HttpError(400, 'the text is empty; send {"text": "the article…"}');
  return article;
}

/** The article records of a POST /api/ingest body: a JSON object, a JSON array, or JSON Lines. */
function ingestRecords(type: string, body: Buffer): unknown[] {
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/json-lines') {
    const text = decodeText(body, 'the request body', Infinity);
    const out: unknown[] = [];
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        out.push(JSON.parse(line));
      } catch {
        throw new HttpError(400, `line ${i + 1} of the request body is not valid JSON; each line must be one article object`);
      }
    });
    return out;
  }
  if (type !== 'application/json') {
    throw new HttpError(415, `cannot read a ${type || 'untyped'} body; send application/json (an article or an array of them) or application/x-ndjson`);
  }
  const v = parseJson(body);
  return Array.isArray(v) ? v : [v];
}

/** Aborts when the client goes away before its answer is sent (the connection closed early). */
function clientSignal(res: ServerResponse): AbortSignal {
  const ac = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) ac.abort(new ClientGone());
  });
  return ac.signal;
}

function checkToken(req: IncomingMessage, token: string | undefined): void {
  const challenge = { 'WWW-Authenticate': 'Bearer realm="herald"' };
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) throw new HttpError(401, 'ingesting needs the server\'s token: send "Authorization: Bearer TOKEN"', challenge);
  const given = createHash('sha256').update(m[1]).digest();
  const want = createHash('sha256').update(token ?? '').digest();
  if (!token || !timingSafeEqual(given, want)) throw new HttpError(401, 'wrong token for ingesting', challenge);
}

// ---------------------------------------------------------------- routing

export class Api {
  private readonly cache: StatsCache;
  private readonly pageKeys = new PageKeys();

  constructor(private readonly ctx: ApiContext) {
    this.cache = new StatsCache(ctx.store);
  }

  /** One page of a list: one row more than asked tells whether another follows; by keyset where it can. */
  private async page<T>(list: string, filter: object, q: Values, fetch: (p: Paging) => Promise<Paged<T>>): Promise<Page<T>> {
    const { limit, offset } = paging(q);
    const stamp = (await this.ctx.store.counts()).documents;
    const at = (o: number): string => `${list}\u0000${JSON.stringify(filter)}\u0000${o}`;
    const after = offset > 0 ? this.pageKeys.get(at(offset), stamp) : undefined;
    const got = await fetch(after !== undefined ? { limit: limit + 1, after } : { limit: limit + 1, offset });
    const items = got.rows.slice(0, limit);
    if (items.length === limit && limit > 0) this.pageKeys.set(at(offset + limit), stamp, got.keys[limit - 1]);
    return { items, limit, offset, more: got.rows.length > limit };
  }

  /** Handles a request under /api; returns false for paths that are not the API's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const get = (): void => {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${path} answers GET only`, { Allow: 'GET, HEAD' });
    };
    const post = (): void => {
      if (method !== 'POST') throw new HttpError(405, `${path} answers POST only`, { Allow: 'POST' });
    };
    const q = url.searchParams;
    const { store } = this.ctx;

    switch (path) {
      case '/api':
        get();
        return sendJson(res, 200, this.index());
      case '/api/openapi.json':
        get();
        return sendJson(res, 200, openApiSpec(this.ctx.version), { 'Cache-Control': 'no-cache' });
      case '/api/info': {
        get();
        const info: Info = { name: 'herald', version: this.ctx.version, ingest: this.ctx.allowIngest, counts: await store.counts() };
        return sendJson(res, 200, info);
      }
      case '/api/quotes': {
        get();
        const p = parseQuery(q, PARAMS.quotes);
        const filter = { speaker: str(p.speaker), text: str(p.text), since: str(p.since), until: str(p.until), document: str(p.document) };
        const minConfidence = typeof p.min_confidence === 'number' ? p.min_confidence : undefined;
        return sendJson(res, 200, await this.page('quotes', { ...filter, minConfidence }, p, (g) => store.quotesPage({ ...filter, minConfidence, ...g })));
      }
      case '/api/events': {
        get();
        const p = parseQuery(q, PARAMS.events);
        const filter = eventFilter(p);
        return sendJson(res, 200, await this.page('events', filter, p, (g) => store.eventsPage({ ...filter, ...g })));
      }
      case '/api/entities': {
        get();
        const p = parseQuery(q, PARAMS.entities);
        const filter = { name: str(p.name), type: str(p.type) };
        return sendJson(res, 200, await this.page('entities', filter, p, (g) => store.entitiesPage({ ...filter, ...g })));
      }
      case '/api/documents': {
        get();
        const p = parseQuery(q, PARAMS.documents);
        const filter = { title: str(p.title) };
        return sendJson(res, 200, await this.page('documents', filter, p, (g) => store.documentsPage({ ...filter, ...g })));
      }
      case '/api/stats': {
        get();
        const p = parseQuery(q, PARAMS.stats);
        const { document: _d, ...filter } = eventFilter(p);
        return sendJsonText(res, 200, await this.cache.statsFor(filter, typeof p.edges === 'number' ? p.edges : DEFAULT_EDGES));
      }
      case '/api/analyze': {
        post();
        checkWriteOrigin(req, path);
        if ([...q.keys()].length) throw new HttpError(400, `unknown parameter '${[...q.keys()][0]}'; POST /api/analyze takes none`);
        const { text, meta } = await analyzeInput(req, this.ctx.maxBody);
        return sendJson(res, 200, await this.ctx.analyzer.analyze(text, meta, clientSignal(res)));
      }
      case '/api/ingest':
        post();
        return sendJson(res, 200, await this.ingest(req, clientSignal(res)));
    }
    const doc = /^\/api\/documents\/([^/]+)$/.exec(path);
    if (doc) {
      get();
      if ([...q.keys()].length) throw new HttpError(400, `unknown parameter '${[...q.keys()][0]}'; /api/documents/ID takes none`);
      const id = decodeURIComponent(doc[1]);
      if (!/^[0-9a-f]{64}$/.test(id)) throw new HttpError(400, 'a document id is 64 hexadecimal digits (the sha256 of its text)');
      const found = await store.document(id);
      if (!found) throw new HttpError(404, `no document ${id} in this database`);
      return sendJson(res, 200, found);
    }
    throw new HttpError(404, `no API endpoint ${path}; see /api/openapi.json`);
  }

  private index(): unknown {
    return {
      name: 'herald',
      version: this.ctx.version,
      openapi: '/api/openapi.json',
      endpoints: [
        'GET /api/info',
        'GET /api/quotes',
        'GET /api/events',
        'GET /api/entities',
        'GET /api/documents',
        'GET /api/documents/{id}',
        'GET /api/stats',
        'POST /api/analyze',
        ...(this.ctx.allowIngest ? ['POST /api/ingest'] : []),
      ],
    };
  }

  private async ingest(req: IncomingMessage, signal: AbortSignal): Promise<IngestAnswer> {
    if (!this.ctx.allowIngest) {
      req.resume();
      throw new HttpError(403, 'ingesting over the API is off; start the server with --allow-ingest --token TOKEN');
    }
    checkToken(req, this.ctx.token);
    checkWriteOrigin(req, '/api/ingest');
    const type = mediaType(req);
    const body = await readBody(req, this.ctx.maxBody);
    let records: unknown[];
    try {
      records = ingestRecords(type, body);
    } catch (e) {
      if (e instanceof HeraldError) throw new HttpError(400, e.message);
      throw e;
    }
    if (records.length === 0) throw new HttpError(400, 'no articles in the request body');
    if (records.length > MAX_RECORDS) throw new HttpError(413, `${records.length} articles in one request; send at most ${MAX_RECORDS}`);
    const answer: IngestAnswer = { added: 0, present: 0, documents: [], skipped: [] };
    for (let index = 0; index < records.length; index++) {
      let article: { text: string; meta: DocMeta };
      try {
        article = recordArticle(records[index], `article ${index}`);
      } catch (e) {
        answer.skipped.push({ index, reason: (e as Error).message });
        continue;
      }
      if (!article.text.trim()) {
        answer.skipped.push({ index, reason: `article ${index}: empty text` });
        continue;
      }
      const id = documentId(article.text);
      const title = article.meta.title ?? null;
      if (await this.ctx.store.has(id)) {
        answer.present++;
        answer.documents.push({ index, id, added: false, title, entities: 0, quotes: 0, events: 0 });
        continue;
      }
      let result;
      try {
        result = await this.ctx.analyzer.analyze(article.text, article.meta, signal);
      } catch (e) {
        if (e instanceof ClientGone || (e instanceof HttpError && e.status === 503)) throw e;
        answer.skipped.push({ index, reason: `article ${index}: ${(e as Error).message}` });
        continue;
      }
      const doc: DocumentIn = { ...result, id: result.id || id, text: article.text };
      const outcome = await this.ctx.store.add(doc, 'api');
      if (outcome.added) answer.added++;
      else answer.present++;
      answer.documents.push({ index, id: doc.id, added: outcome.added, title, entities: outcome.entities, quotes: outcome.quotes, events: outcome.events });
    }
    return answer;
  }
}
