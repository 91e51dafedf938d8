/**
 * The OpenAPI 3 description of the JSON API, served at /api/openapi.json.
 *
 * The schemas of what the API answers are held to the TypeScript types of those answers (the pipeline's Result,
 * src/doc/schema.ts; the store's rows, src/store/types.ts) by the compiler: `record<T>` takes exactly T's fields,
 * each with a schema of its type (nullable where it admits null, an enum where it is a union of literals), so a
 * field added to a type and not described here fails `tsc`. test/server/openapi.test.ts checks real answers
 * against these schemas, every field declared.
 */
import type {
  Actor, DateSource, EntityType, EventArgument, EventCameo, EventEvidence, EventLocation, EventModality, EventPlover, EventRecord, EventVia,
  MentionKind, Quote, QuoteKind, QuoteSpan, QuoteSpeaker, Span,
} from '../doc/doc.js';
import type { EntityRecord, LenientSpec, MentionRecord, Result, ResultMeta, TokenRecord } from '../doc/schema.js';
import {
  STORED_DOCUMENT, type ActorEdge, type ActorNode, type DayStats, type DocumentSummary, type EntityRow, type EventRow, type LocationStats,
  type QuoteRow, type Stats, type StoreCounts,
} from '../store/types.js';
import type { Info, IngestAnswer, Page } from './api-types.js';

type Json = Record<string, unknown>;

/** A schema in OpenAPI 3.0's dialect of JSON Schema, as far as this file writes one. */
export interface Schema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  /** The value may also be null (OpenAPI 3.0 has no null type). */
  nullable?: true;
  enum?: readonly string[];
  description?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  default?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
}
type Base = Omit<Schema, 'nullable'>;

/** What the compiler asks of the schema of a value of type T (see the file's comment). */
type SchemaOf<T> = Base & (null extends T ? { nullable: true } : { nullable?: never }) & Shape<NonNullable<T>>;
type Shape<T> = [T] extends [string]
  ? string extends T
    ? { type: 'string' }
    : { type: 'string'; enum: readonly T[] }
  : [T] extends [number]
    ? { type: 'integer' | 'number' }
    : [T] extends [boolean]
      ? { type: 'boolean' }
      : T extends readonly (infer E)[]
        ? { type: 'array'; items: SchemaOf<E> }
        : { type: 'object'; properties: Fields<T> };
type Fields<T> = { [K in keyof T]-?: SchemaOf<T[K]> };
type OptionalKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? K : never }[keyof T];

/**
 * The schema of a record of type T: a schema for each of its fields, and (when T has any) its optional fields
 * named, so that `required` is the rest.
 */
function record<T>(properties: Fields<T>, ...optional: [OptionalKeys<T>] extends [never] ? [] : [Record<OptionalKeys<T>, true>]): SchemaOf<T> {
  const skip = new Set(Object.keys(optional[0] ?? {}));
  return { type: 'object', properties, required: Object.keys(properties).filter((k) => !skip.has(k)) } as Schema as SchemaOf<T>;
}

/** Keywords beside a schema's type. */
type Extra = Pick<Schema, 'description' | 'format' | 'pattern' | 'minItems' | 'maxItems'>;
const about = (description?: string): Extra => (description ? { description } : {});
const str = (description?: string, extra: Extra = {}) => ({ type: 'string', ...about(description), ...extra }) as const;
const int = (description?: string) => ({ type: 'integer', ...about(description) }) as const;
const num = (description?: string) => ({ type: 'number', ...about(description) }) as const;
const bool = (description?: string) => ({ type: 'boolean', ...about(description) }) as const;
const arr = <S extends Schema>(items: S, extra: Extra = {}) => ({ type: 'array', items, ...extra }) as const;
/** A string that is one of T's values: naming them as an object's keys makes the compiler check that they are all of them. */
const oneOf = <T extends string>(values: Record<T, true>, description?: string) =>
  ({ type: 'string', enum: Object.keys(values) as T[], ...about(description) }) as const;
const orNull = <S extends Base>(s: S): Omit<S, 'nullable'> & { nullable: true } => ({ ...s, nullable: true });
const nstr = (description?: string) => orNull(str(description));
const nint = (description?: string) => orNull(int(description));
const nnum = (description?: string) => orNull(num(description));
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const param = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({ name, in: 'query', required: false, description, schema });

const DATE_PARAMS = [
  param('since', 'Inclusive start date (event date, else publication date).', { type: 'string', format: 'date' }),
  param('until', 'Inclusive end date.', { type: 'string', format: 'date' }),
];
const PAGING = [
  param('limit', 'Rows per page (1–1000).', { type: 'integer', minimum: 1, maximum: 1000, default: 50 }),
  param('offset', 'Rows to skip.', { type: 'integer', minimum: 0, default: 0 }),
];
const EVENT_PARAMS = [
  param('source', 'Source actor code or prefix: USA matches USA and USAGOV.', { type: 'string', pattern: '^[A-Za-z0-9]+$' }),
  param('target', 'Target actor code or prefix.', { type: 'string', pattern: '^[A-Za-z0-9]+$' }),
  param('cameo', 'CAMEO root (16) or code prefix (163).', { type: 'string', pattern: '^\\d{2,4}$' }),
  param('plover', 'PLOVER event type (SANCTION, ASSAULT, …), any case.', { type: 'string' }),
  ...DATE_PARAMS,
];
const DOCUMENT_PARAM = param('document', 'Only this document (sha256 id).', { type: 'string', pattern: '^[0-9a-f]{64}$' });

const errors = (...codes: number[]): Record<string, Json> => {
  const text: Record<number, string> = {
    400: 'A parameter or the body is wrong; the message says which and how.',
    401: 'Missing or wrong bearer token.',
    403: 'Ingesting is off on this server, or the request came from another web site (Origin).',
    404: 'Not found.',
    413: 'The body is over the size limit, or its text over the characters one analysis accepts (herald serve --max-text).',
    415: 'The body has a media type the endpoint cannot read (text/plain and forms are refused on POST: any web page could send them).',
    422: 'The analysis took longer than its time budget (herald serve --analyze-timeout) and was stopped.',
    503: 'The database is busy or the analyzer cannot start (models missing); the message says which.',
  };
  return Object.fromEntries(codes.map((c) => [String(c), { description: text[c], content: { 'application/json': { schema: ref('Error') } } }]));
};

const ok = (schema: Schema, description = 'OK'): Json => ({ description, content: { 'application/json': { schema } } });

/** A page of rows (api-types.ts `Page`), the rows' schema by reference. */
function pageOf(name: string): Schema {
  const properties = { items: arr(ref(name)), limit: int(), offset: int(), more: bool('Another page follows (ask again with offset + limit).') } satisfies Record<keyof Page<unknown>, Schema>;
  return { type: 'object', properties, required: Object.keys(properties) };
}

// ---------------------------------------------------------------- the pipeline's Result (src/doc/schema.ts)

const SPAN = record<Span>({ start: int(), end: int() });
const TEXT_SPAN = record<QuoteSpan>({ start: int(), end: int(), text: str() });
const ACTOR = record<Actor>({ code: str('CAMEO actor code, such as USAGOV.'), country: nstr('ISO 3166-1 alpha-3.'), sector: nstr('Sector code, such as GOV.') });

const META = record<ResultMeta>(
  {
    title: str(),
    author: str(),
    source: str(),
    url: str(),
    published: str('Publication date, ISO YYYY-MM-DD.'),
    dateSource: oneOf<DateSource>(
      { meta: true, option: true, dateline: true, html: true, filename: true, none: true },
      "Where the publication date came from: the article's metadata, the command line, a dateline or date line in the text, the HTML page, the file name, or nowhere.",
    ),
  },
  { title: true, author: true, source: true, url: true, published: true, dateSource: true },
);

const ENTITY = record<EntityRecord>({
  id: str('E1, E2, …'),
  type: oneOf<EntityType>({ PERSON: true, ORG: true, GPE: true, LOC: true, NORP: true, EVENT: true, OTHER: true }),
  name: str('Canonical name.'),
  mentions: arr(record<MentionRecord>({ start: int(), end: int(), text: str(), kind: oneOf<MentionKind>({ name: true, nominal: true, pronoun: true }) })),
  actor: orNull(ACTOR),
});

const QUOTE = record<Quote>(
  {
    id: str('Q1, Q2, …'),
    kind: oneOf<QuoteKind>({ direct: true, indirect: true, mixed: true }),
    start: int(),
    end: int(),
    text: str(),
    cue: orNull(TEXT_SPAN),
    speaker: orNull(
      record<QuoteSpeaker>({
        start: int(),
        end: int(),
        text: str(),
        entity: nstr('Id of the entity (E…), null when not linked.'),
        name: nstr('Resolved name, null when unknown.'),
      }),
    ),
    confidence: num('Calibrated probability that the quote and its speaker are right (0..1).'),
    parts: arr(SPAN, { description: 'The content\'s pieces when it is interrupted ("…," he said. "…") or spans paragraphs; absent otherwise.' }),
  },
  { parts: true },
);

const ARGUMENT = record<EventArgument>({
  entity: nstr('Id of the entity (E…), null when the actor is no entity of the document.'),
  name: str(),
  actor: orNull(ACTOR),
  start: int(),
  end: int(),
});

const EVENT = record<EventRecord>(
  {
    id: str('V1, V2, …'),
    trigger: TEXT_SPAN,
    sentence: int('Index into sentences.'),
    source: orNull(ARGUMENT),
    target: orNull(ARGUMENT),
    cameo: record<EventCameo>({
      code: str(),
      name: str(),
      root: str(),
      goldstein: nnum('Goldstein score, null for a code without one.'),
      quadClass: int('1..4 (verbal/material cooperation, verbal/material conflict); 0 for a code CAMEO lacks.'),
    }),
    plover: orNull(record<EventPlover>({ type: str(), mode: str("'' when none."), context: arr(str()) })),
    date: nstr('ISO date as precise as stated (YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY), or null.'),
    datePrecision: str("day, week, month or year as stated; publication (the publication date stands in); none (no date)."),
    location: orNull(record<EventLocation>({ name: str(), country: str("ISO 3166-1 alpha-3; '' for a region spanning countries."), lat: num(), lon: num() })),
    quote: nstr('Id of the quote (Q…) the trigger is in, or null.'),
    negated: bool('Present (true) only when a negated event is kept.'),
    via: oneOf<EventVia>({ pattern: true, verb: true, light: true, nominal: true }, "How the code was found: a dictionary pattern, the verb's own code, a light verb's object, a nominal."),
    modality: oneOf<EventModality>({ act: true, intent: true, threat: true }),
    evidence: oneOf<EventEvidence>({ asserted: true, reported: true, alleged: true }, 'Who vouches for it: the reporter, a source the story quotes or reports, an accusation or hedge.'),
    confidence: num(),
    restates: str("Present on a headline's copy of its lead's event: the id of the event it restates (count the two once)."),
  },
  { negated: true, restates: true },
);

const TOKEN = record<TokenRecord>({
  start: int(),
  end: int(),
  text: str(),
  upos: str(),
  xpos: str(),
  lemma: str(),
  head: int('Index of the head token in the document, -1 for a sentence root.'),
  deprel: str(),
});

const RESULT: Schema = {
  ...record<Result>(
    {
      id: str('sha256 hex of the text.'),
      meta: META,
      text: str('The original text: every offset (UTF-16 code units, end exclusive) points into it.'),
      sentences: arr(SPAN),
      entities: arr(ENTITY),
      quotes: arr(QUOTE),
      events: arr(EVENT),
      tokens: arr(TOKEN, { description: 'Only from herald analyze --tokens; the API leaves them out.' }),
    },
    { text: true, tokens: true },
  ),
  description: 'One analysed document (DESIGN.md output schema; src/doc/schema.ts `Result`).',
};

/**
 * The schema of `Lenient<T, spec>` (src/doc/schema.ts) from T's: what the store keeps and gives back. As the type
 * does, a field the spec needs keeps T's schema and is required; a 'words' field is a string or a list of strings;
 * every other field is optional and nullable, a string of an enumeration any string, and nested records and
 * list elements lenient in turn.
 */
function lenient(s: Schema, spec: LenientSpec = {}): Schema {
  if (s.type === 'array' && s.items) return { ...s, items: lenient(s.items, spec) };
  if (s.type === 'string') {
    const { enum: _values, ...any } = s;
    return any;
  }
  if (s.type !== 'object' || !s.properties) return s;
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [key, field] of Object.entries(s.properties)) {
    const need = spec[key];
    if (need === 'words') {
      properties[key] = { anyOf: [orNull(str()), orNull(arr(str()))] };
    } else if (typeof need === 'string') {
      properties[key] = field;
      required.push(key);
    } else {
      properties[key] = { ...lenient(field, Array.isArray(need) ? need[0] : need), nullable: true };
    }
  }
  return { ...s, properties, required };
}

// ---------------------------------------------------------------- the store's rows and aggregates (src/store/types.ts)

const COUNTS = record<StoreCounts>({ documents: int(), entities: int(), mentions: int(), quotes: int(), events: int() });
const QUAD = arr(int(), { minItems: 4, maxItems: 4, description: 'Events per quad class 1..4.' });

export function openApiSpec(version: string): Json {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Herald API',
      version,
      description:
        'Quotes (who said what) and CAMEO/PLOVER events (who did what to whom) extracted from news articles, ' +
        'searchable with the filters of `herald query`. Errors are `{"error": "…"}` with a 4xx/5xx status.',
      license: { name: 'MIT' },
    },
    servers: [{ url: '/' }],
    paths: {
      '/api/info': { get: { summary: 'Server version, whether ingesting is on, and the store counts.', operationId: 'info', responses: { 200: ok(ref('Info')) } } },
      '/api/quotes': {
        get: {
          summary: 'Search quotes, newest first.',
          operationId: 'quotes',
          parameters: [
            param('speaker', "Speaker's name contains this (any case)."),
            param('text', 'Every word occurs in the quote (stemmed full-text search).'),
            param('min_confidence', 'Only quotes with confidence ≥ this (0..1; calibrated: at 0.8, 99% right on news-gold dev).', { type: 'number', minimum: 0, maximum: 1 }),
            ...DATE_PARAMS,
            DOCUMENT_PARAM,
            ...PAGING,
          ],
          responses: { 200: ok(pageOf('QuoteRow')), ...errors(400, 503) },
        },
      },
      '/api/events': {
        get: {
          summary: 'Search events, newest first.',
          operationId: 'events',
          parameters: [...EVENT_PARAMS, DOCUMENT_PARAM, ...PAGING],
          responses: { 200: ok(pageOf('EventRow')), ...errors(400, 503) },
        },
      },
      '/api/entities': {
        get: {
          summary: 'Entities grouped by name, type and actor code, most documents first.',
          operationId: 'entities',
          parameters: [
            param('name', 'Canonical name contains this (any case).'),
            param('type', 'Entity type.', { type: 'string', enum: ['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'EVENT', 'OTHER'] }),
            ...PAGING,
          ],
          responses: { 200: ok(pageOf('EntityRow')), ...errors(400, 503) },
        },
      },
      '/api/documents': {
        get: {
          summary: 'Stored documents, newest publication date first.',
          operationId: 'documents',
          parameters: [param('title', 'Title (for untitled documents, the first line) contains this (any case).'), ...PAGING],
          responses: { 200: ok(pageOf('DocumentSummary')), ...errors(400, 503) },
        },
      },
      '/api/documents/{id}': {
        get: {
          summary: "One document's full result (DESIGN schema), text included.",
          operationId: 'document',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } }],
          responses: { 200: ok(ref('StoredDocument')), ...errors(400, 404, 503) },
        },
      },
      '/api/stats': {
        get: {
          summary: 'Counts, events per day by quad class with mean Goldstein, the actor network and event locations.',
          operationId: 'stats',
          parameters: [...EVENT_PARAMS, param('edges', 'Keep the heaviest N actor edges (default 150).', { type: 'integer', minimum: 0, maximum: 10000 })],
          responses: { 200: ok(ref('Stats')), ...errors(400, 503) },
        },
      },
      '/api/analyze': {
        post: {
          summary: 'Analyze one article; nothing is stored.',
          operationId: 'analyze',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: ref('Article') },
              'text/html': { schema: { type: 'string' } },
            },
          },
          responses: { 200: ok(ref('Result'), 'The DESIGN result of the article.'), ...errors(400, 403, 413, 415, 422, 503) },
        },
      },
      '/api/ingest': {
        post: {
          summary: 'Analyze and store articles (only on a server started with --allow-ingest).',
          operationId: 'ingest',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { oneOf: [ref('Article'), arr(ref('Article'))] } },
              'application/x-ndjson': { schema: { type: 'string', description: 'One Article object per line.' } },
            },
          },
          responses: { 200: ok(ref('IngestAnswer')), ...errors(400, 401, 403, 413, 415, 503) },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: record<{ error: string }>({ error: str('What went wrong and what to change.') }),
        Info: record<Info>({ name: str(), version: str(), ingest: bool('Whether POST /api/ingest is on.'), counts: COUNTS }),
        Counts: COUNTS,
        Article: {
          type: 'object',
          properties: {
            text: str('The article text.'),
            title: str(),
            author: str(),
            source: str(),
            url: str(),
            published: str('Publication date, YYYY-MM-DD.', { format: 'date' }),
          },
          required: ['text'],
        },
        QuoteRow: record<QuoteRow>({
          document: str(), quote: str(), date: nstr(), speaker: nstr(), kind: nstr(), text: str(), cue: nstr(), confidence: nnum(),
          start: int(), end: int(), title: nstr(), url: nstr(),
        }),
        EventRow: record<EventRow>({
          event_id: int('Database-wide event number (stable within one database).'), document: str(), event: str(), date: nstr(),
          source: nstr(), source_code: nstr(), source_country: nstr(), source_sector: nstr(),
          target: nstr(), target_code: nstr(), target_country: nstr(), target_sector: nstr(),
          trigger: nstr(), cameo_code: nstr(), cameo_name: nstr(), cameo_root: nstr(), quad_class: nint(),
          goldstein: nnum(), plover_type: nstr(), plover_mode: nstr(), plover_context: nstr(),
          location: nstr(), country: nstr(), lat: nnum(), lon: nnum(), url: nstr(), confidence: nnum(),
          sentence_text: str("The sentence the event was coded from ('' when the document's sentences are unknown)."), sentence: nint(),
          title: nstr(), source_name: nstr(), added_at: str(),
        }),
        EntityRow: record<EntityRow>({ name: str(), type: nstr(), actor_code: nstr(), country: nstr(), sector: nstr(), documents: int(), mentions: int() }),
        DocumentSummary: record<DocumentSummary>({
          id: str(), title: nstr(), excerpt: str('The first line of the text (for untitled documents).'), published: nstr(), source: nstr(), url: nstr(),
          entities: int(), quotes: int(), events: int(),
        }),
        Result: RESULT,
        StoredDocument: {
          ...lenient(RESULT, STORED_DOCUMENT),
          description:
            'A stored document: a Result as it was stored, text included, or an older or partial one (the store keeps those too): ' +
            'every field may be missing or null but those the store needs, and an enumeration may hold other values.',
        },
        Stats: record<Stats>({
          counts: COUNTS,
          events: int('Events matching the filter.'),
          undated: int('Of them, events without a date (left out of days).'),
          days: arr(record<DayStats>({ date: str(undefined, { format: 'date' }), events: int(), quad: QUAD, goldstein: nnum('Mean Goldstein score.') })),
          actors: record<Stats['actors']>({
            nodes: arr(record<ActorNode>({ id: str('Actor code, or name: + name'), code: nstr(), name: str(), out: int(), in: int() })),
            edges: arr(record<ActorEdge>({ source: str(), target: str(), count: int(), quad: QUAD, quadClass: nint(), goldstein: nnum() })),
            totalEdges: int('Edges before keeping the heaviest.'),
          }),
          locations: arr(record<LocationStats>({ name: str(), country: nstr(), lat: num(), lon: num(), events: int(), quad: QUAD, goldstein: nnum() })),
          cameo: arr(record<Stats['cameo'][number]>({ root: str(), events: int() })),
          plover: arr(record<Stats['plover'][number]>({ type: str(), events: int() })),
        }),
        IngestAnswer: record<IngestAnswer>({
          added: int(),
          present: int('Already stored (same text).'),
          documents: arr(
            record<IngestAnswer['documents'][number]>({ index: int(), id: str(), added: bool(), title: nstr(), entities: int(), quotes: int(), events: int() }),
          ),
          skipped: arr(record<IngestAnswer['skipped'][number]>({ index: int(), reason: str() })),
        }),
      },
    },
  };
}
