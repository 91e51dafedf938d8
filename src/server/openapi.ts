/** The OpenAPI 3 description of the JSON API, served at /api/openapi.json. */

type Json = Record<string, unknown>;

const str = (description?: string, extra: Json = {}): Json => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const nstr = (description?: string): Json => ({ type: 'string', nullable: true, ...(description ? { description } : {}) });
const int = (description?: string): Json => ({ type: 'integer', ...(description ? { description } : {}) });
const nnum = (description?: string): Json => ({ type: 'number', nullable: true, ...(description ? { description } : {}) });
const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const arr = (items: Json): Json => ({ type: 'array', items });
const obj = (properties: Record<string, Json>, required: string[] = Object.keys(properties)): Json => ({ type: 'object', properties, required });

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

const ok = (schema: Json, description = 'OK'): Json => ({ description, content: { 'application/json': { schema } } });
const pageOf = (name: string): Json =>
  obj({ items: arr(ref(name)), limit: int(), offset: int(), more: { type: 'boolean', description: 'Another page follows.' } });

const QUAD = { type: 'array', items: { type: 'integer' }, minItems: 4, maxItems: 4, description: 'Events per quad class 1..4.' };
const ACTOR = { type: 'object', nullable: true, properties: { code: str(), country: nstr(), sector: nstr() } };

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
          responses: { 200: ok(ref('Result')), ...errors(400, 404, 503) },
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
        Error: obj({ error: str('What went wrong and what to change.') }),
        Info: obj({ name: str(), version: str(), ingest: { type: 'boolean' }, counts: ref('Counts') }),
        Counts: obj({ documents: int(), entities: int(), mentions: int(), quotes: int(), events: int() }),
        Article: obj(
          {
            text: str('The article text.'),
            title: str(),
            author: str(),
            source: str(),
            url: str(),
            published: str('Publication date, YYYY-MM-DD.', { format: 'date' }),
          },
          ['text'],
        ),
        QuoteRow: obj({
          document: str(), quote: str(), date: nstr(), speaker: nstr(), kind: nstr(), text: str(), cue: nstr(), confidence: nnum(),
          start: int(), end: int(), title: nstr(), url: nstr(),
        }),
        EventRow: obj({
          event_id: int(), document: str(), event: str(), date: nstr(),
          source: nstr(), source_code: nstr(), source_country: nstr(), source_sector: nstr(),
          target: nstr(), target_code: nstr(), target_country: nstr(), target_sector: nstr(),
          trigger: nstr(), cameo_code: nstr(), cameo_name: nstr(), cameo_root: nstr(), quad_class: { type: 'integer', nullable: true },
          goldstein: nnum(), plover_type: nstr(), plover_mode: nstr(), plover_context: nstr(),
          location: nstr(), country: nstr(), lat: nnum(), lon: nnum(), url: nstr(), confidence: nnum(),
          sentence_text: str(), sentence: { type: 'integer', nullable: true }, title: nstr(), source_name: nstr(), added_at: str(),
        }),
        EntityRow: obj({ name: str(), type: nstr(), actor_code: nstr(), country: nstr(), sector: nstr(), documents: int(), mentions: int() }),
        DocumentSummary: obj({ id: str(), title: nstr(), excerpt: str('The first line of the text (for untitled documents).'), published: nstr(), source: nstr(), url: nstr(), entities: int(), quotes: int(), events: int() }),
        Result: {
          type: 'object',
          description: 'One analysed document (DESIGN.md output schema).',
          required: ['id', 'meta'],
          properties: {
            id: str('sha256 hex of the text'),
            meta: { type: 'object', properties: { title: str(), author: str(), source: str(), url: str(), published: str() } },
            text: str(),
            sentences: arr(obj({ start: int(), end: int() })),
            entities: arr({
              type: 'object',
              properties: {
                id: str(), type: str(), name: str(),
                mentions: arr(obj({ start: int(), end: int(), text: str(), kind: str() })),
                actor: ACTOR,
              },
            }),
            quotes: arr({
              type: 'object',
              properties: {
                id: str(), kind: str(), start: int(), end: int(), text: str(),
                cue: { type: 'object', nullable: true, properties: { start: int(), end: int(), text: str() } },
                speaker: { type: 'object', nullable: true, properties: { entity: nstr(), name: nstr(), start: int(), end: int(), text: str() } },
                confidence: { type: 'number' },
              },
            }),
            events: arr({
              type: 'object',
              properties: {
                id: str(),
                trigger: { type: 'object', nullable: true, properties: { start: int(), end: int(), text: str() } },
                sentence: int(),
                source: { type: 'object', nullable: true, properties: { entity: nstr(), name: nstr(), actor: ACTOR } },
                target: { type: 'object', nullable: true, properties: { entity: nstr(), name: nstr(), actor: ACTOR } },
                cameo: { type: 'object', nullable: true, properties: { code: str(), name: str(), root: str(), goldstein: { type: 'number' }, quadClass: int() } },
                plover: { type: 'object', nullable: true, properties: { type: str(), mode: str(), context: arr(str()) } },
                date: nstr(),
                location: { type: 'object', nullable: true, properties: { name: str(), country: nstr(), lat: { type: 'number' }, lon: { type: 'number' } } },
                quote: nstr(),
                confidence: { type: 'number' },
              },
            }),
          },
        },
        Stats: obj({
          counts: ref('Counts'),
          events: int('Events matching the filter.'),
          undated: int('Of them, events without a date.'),
          days: arr(obj({ date: str(undefined, { format: 'date' }), events: int(), quad: QUAD, goldstein: nnum('Mean Goldstein score.') })),
          actors: obj({
            nodes: arr(obj({ id: str('Actor code, or name: + name'), code: nstr(), name: str(), out: int(), in: int() })),
            edges: arr(obj({ source: str(), target: str(), count: int(), quad: QUAD, quadClass: { type: 'integer', nullable: true }, goldstein: nnum() })),
            totalEdges: int('Edges before keeping the heaviest.'),
          }),
          locations: arr(obj({ name: str(), country: nstr(), lat: { type: 'number' }, lon: { type: 'number' }, events: int(), quad: QUAD, goldstein: nnum() })),
          cameo: arr(obj({ root: str(), events: int() })),
          plover: arr(obj({ type: str(), events: int() })),
        }),
        IngestAnswer: obj({
          added: int(),
          present: int('Already stored (same text).'),
          documents: arr(obj({ index: int(), id: str(), added: { type: 'boolean' }, title: nstr(), entities: int(), quotes: int(), events: int() })),
          skipped: arr(obj({ index: int(), reason: str() })),
        }),
      },
    },
  };
}
