/**
 * The JSON API over PostgreSQL answers exactly as over SQLite: two servers, one per backend, filled with the same
 * generated corpus, asked the same questions the UI asks (lists with filters and pages, one document, the stats
 * behind the timeline, actor network and map). Skipped with the reason where no PostgreSQL server answers
 * (failing instead under HERALD_REQUIRE_SERVICES=1, as in CI).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../src/server/server.js';
import type { Store } from '../../src/store/types.js';
import { postgres, postgresSkip, sqlite } from './backends.js';
import { generatedCorpus, NOW } from './fixtures.js';

const skip = await postgresSkip();

describe('the API over PostgreSQL answers as over SQLite', { skip: skip ?? false }, () => {
  const docs = generatedCorpus(80);
  const stores: Store[] = [];
  const servers: RunningServer[] = [];

  before(async () => {
    for (const b of [sqlite, postgres]) {
      const store = b.open(b.fresh(), { now: () => NOW });
      for (const d of docs) await store.add(d, `gen:${d.id.slice(-3)}`);
      stores.push(store);
      servers.push(await startServer({ store, port: 0, workers: 0, log: () => undefined }));
    }
  });

  after(async () => {
    for (const s of servers) await s.close();
    for (const s of stores) await s.close();
  });

  const paths = [
    '/api/info',
    '/api/quotes', '/api/quotes?limit=7&offset=14', '/api/quotes?speaker=trump', '/api/quotes?speaker=%C3%A1', '/api/quotes?text=sanction+deal',
    '/api/quotes?text=resume', '/api/quotes?since=2017-02-12&until=2017-03-11', '/api/quotes?min_confidence=0.5&limit=100',
    '/api/events', '/api/events?source=IRN', '/api/events?target=us&cameo=04', '/api/events?plover=THREATEN&limit=3&offset=3',
    '/api/events?since=2017-02-10&until=2017-02-20', '/api/events?cameo=163',
    '/api/entities', '/api/entities?name=an&limit=3', '/api/entities?type=PERSON',
    '/api/documents', '/api/documents?limit=5&offset=5', '/api/documents?title=story+3', `/api/documents/${docs[17].id}`,
    '/api/stats', '/api/stats?since=2017-02-10', '/api/stats?source=ISR&edges=3', '/api/stats?until=2017-02-14&cameo=04',
  ];

  test('every list, page, document and stats call gives the same JSON', async () => {
    const found: Record<string, number> = {};
    for (const path of paths) {
      const [a, b] = await Promise.all(
        servers.map(async (s) => {
          const res = await fetch(new URL(path, s.url));
          return { status: res.status, body: (await res.json()) as unknown };
        }),
      );
      assert.equal(a.status, 200, `${path}: ${JSON.stringify(a.body)}`);
      assert.deepEqual(b, a, path);
      const items = (a.body as { items?: unknown[] }).items;
      if (items) found[path] = items.length;
    }
    // The questions are not vacuous: the filtered lists find something.
    for (const p of ['/api/quotes?speaker=trump', '/api/quotes?text=sanction+deal', '/api/events?source=IRN', '/api/events?target=us&cameo=04', '/api/entities?type=PERSON', '/api/documents?title=story+3']) {
      assert.ok(found[p] > 0, `${p} found nothing`);
    }
  });

  test('paging on (offset 0, 5, 10 …) is served by keyset and gives exactly the offset pages', async () => {
    const store = stores[0];
    const lists: [string, (limit: number, offset: number) => Promise<unknown[]>][] = [
      ['/api/quotes?speaker=a', (limit, offset) => store.quotes({ speaker: 'a', limit, offset })],
      ['/api/events?cameo=04', (limit, offset) => store.events({ cameo: '04', limit, offset })],
      ['/api/entities?', (limit, offset) => store.entities({ limit, offset })],
      ['/api/documents?', async (limit, offset) => (await store.documentsPage({ limit, offset })).rows],
    ];
    for (const server of servers) {
      for (const [path, direct] of lists) {
        for (let offset = 0; offset <= 20; offset += 5) {
          const res = await fetch(new URL(`${path}&limit=5&offset=${offset}`, server.url));
          const page = (await res.json()) as { items: unknown[] };
          assert.deepEqual(page.items, await direct(5, offset), `${path} at ${offset}`);
        }
      }
    }
  });

  test('over PostgreSQL the stats are summed on a reader thread, not on the server\'s event loop', async () => {
    // The calls the server's own store answers; the reader threads have stores of their own.
    const main = stores[1];
    let onMain = 0;
    const own = main.stats.bind(main);
    main.stats = (...args) => {
      onMain++;
      return own(...args);
    };
    const inline = await startServer({ store: main, port: 0, workers: 0, readers: 0, log: () => undefined });
    try {
      for (const path of ['/api/stats?since=2017-02-11&until=2017-03-02', '/api/stats?until=2017-02-27&edges=4']) {
        const [a, b] = await Promise.all([servers[0], servers[1]].map(async (s) => (await fetch(new URL(path, s.url))).json()));
        assert.deepEqual(b, a, path);
        assert.equal(onMain, 0, `${path} was summed on the server's thread`);
        // The same server without readers sums on its own thread (so the count above can tell).
        assert.deepEqual(await (await fetch(new URL(path, inline.url))).json(), a, `${path} without readers`);
        assert.equal(onMain, 1);
        onMain = 0;
      }
    } finally {
      await inline.close();
      main.stats = own;
    }
  });
});
