/**
 * The web UI end to end in Debian's Chromium (playwright-core, no browser download): a server over a store
 * filled with synthetic results, each tab driven as a person would (mouse and keyboard), and no console
 * errors (a Content-Security-Policy violation would be one), at desktop and at phone width (390 px, where no page may
 * be wider than the screen). A second, generated corpus (45 quotes, events years apart, generic actors) drives
 * the quotes' pages, the timeline's gaps and the actor graph's filters. Skips when /usr/bin/chromium is absent.
 * HERALD_SCREENSHOTS=DIR saves a screenshot of each page there.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SqliteStore } from '../../src/store/sqlite.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { RESULTS } from '../server/fixtures.js';
import { CORPUS } from './corpus.js';

const CHROMIUM = process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const webRoot = join(root, 'dist', 'web');
const shots = process.env.HERALD_SCREENSHOTS;
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) to run the UI tests`;
if (skip) console.log(`# e2e UI tests skipped: ${skip}`);


/** Pairs of visible labels of the actor graph whose boxes overlap. */
async function overlappingLabels(page: Page): Promise<string[]> {
  return page.locator('svg.graph').evaluate((svgEl) => {
    const boxes = [...svgEl.querySelectorAll<SVGTextElement>('.labels text')].map((t) => ({ name: t.textContent ?? '', r: t.getBoundingClientRect() }));
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(`${boxes[i].name} / ${boxes[j].name}`);
      }
    }
    return out;
  });
}

describe('web UI in Chromium', { skip, timeout: 180_000 }, () => {
  let dir: string;
  let store: SqliteStore;
  let server: RunningServer;
  /** The generated corpus (CORPUS). */
  let store2: SqliteStore;
  let server2: RunningServer;
  let browser: Browser;
  let page: Page;
  /** A phone-sized window (390 × 844 CSS px). */
  let phone: Page;
  const problems: string[] = [];
  /** While set, the browser's "Failed to load resource" line for an intended error answer is not a problem. */
  let expectErrorStatus = false;

  before(async () => {
    assert.ok(existsSync(join(webRoot, 'index.html')), `the web UI is not built in ${webRoot}; run npm run build first`);
    dir = mkdtempSync(join(tmpdir(), 'herald-e2e-'));
    store = SqliteStore.open(join(dir, 'e2e.db'), { now: () => new Date('2024-01-01T00:00:00Z') });
    for (const r of RESULTS) store.addSync(r, 'fixture');
    server = await startServer({
      store,
      port: 0,
      pipelineModule: join(root, 'test', 'server', 'stub-pipeline.ts'),
      workers: 0,
      webRoot,
      log: (l) => problems.push(`server: ${l}`),
    });
    store2 = SqliteStore.open(join(dir, 'e2e-generated.db'), { now: () => new Date('2024-01-01T00:00:00Z') });
    for (const r of CORPUS) store2.addSync(r, 'fixture');
    server2 = await startServer({
      store: store2,
      port: 0,
      pipelineModule: join(root, 'test', 'server', 'stub-pipeline.ts'),
      workers: 0,
      webRoot,
      log: (l) => problems.push(`server: ${l}`),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 60_000,
    });
    const open = async (width: number, height: number): Promise<Page> => {
      const p = await browser.newPage({ viewport: { width, height } });
      p.setDefaultTimeout(10_000);
      p.on('console', (m) => {
        if (m.type() === 'error' && !(expectErrorStatus && m.text().startsWith('Failed to load resource'))) problems.push(`console: ${m.text()}`);
      });
      p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      p.on('requestfailed', (r) => {
        // the browser's own icon request, cut short when a test moves on to another page
        if (r.url().endsWith('/favicon.svg') && r.failure()?.errorText === 'net::ERR_ABORTED') return;
        problems.push(`request failed: ${r.url()}`);
      });
      p.on('request', (r) => {
        if (!r.url().startsWith(server.url) && !r.url().startsWith(server2.url)) problems.push(`request outside the server: ${r.url()}`);
      });
      return p;
    };
    page = await open(1360, 900);
    phone = await open(390, 844);
    if (shots) mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await server2?.close();
    store?.closeSync();
    store2?.closeSync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const snap = async (name: string, p: Page = page): Promise<void> => {
    if (shots) await p.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  };
  /** How far the page is wider than its window (0 when nothing overflows sideways). */
  const overflow = (p: Page): Promise<number> => p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  test('articles: the newest article opens with quotes, speakers, entities and events highlighted', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { level: 3, name: 'Khamenei calls for intifada' }).waitFor();
    assert.equal(await page.title(), 'Articles · Herald');
    assert.equal(await page.locator('#corpus').textContent(), '3 articles · 6 quotes · 5 events');
    assert.deepEqual(await page.locator('.doclist .t').allTextContents(), ['Khamenei calls for intifada', 'Netanyahu meets Trump', 'Clashes in Cairo']);
    assert.equal(await page.locator('.doclist a[aria-current="true"] .t').textContent(), 'Khamenei calls for intifada');
    assert.equal(await page.locator('.doc-text .ann-quote[data-quote="Q1"]').textContent(), '“The people of Palestine will resist,”');
    assert.equal(await page.locator('.doc-text .ann-trigger').count(), 2);
    assert.equal(await page.locator('.doc-text .ann-mention').count(), 7);
    assert.match((await page.locator('.doc-text .ann-quote[data-quote="Q1"]').getAttribute('title')) ?? '', /Quote by Ali Khamenei \(said\)/);
    // The events listed under the text name their CAMEO code.
    assert.deepEqual(await page.locator('.layer-list .event-item .cameo').allTextContents(), ['CAMEO 112 Accuse', 'CAMEO 163 Impose embargo, boycott, or sanctions']);

    // Clicking a quote names its speaker and marks the speaker's mentions.
    await page.locator('.doc-text .ann-quote[data-quote="Q1"]').click();
    const details = page.locator('aside.details');
    assert.match((await details.textContent()) ?? '', /SpeakerAli Khamenei/);
    assert.equal(await page.locator('.doc-text .ann-mention.speaker').count(), 3);

    // Keyboard: focus the event trigger and press Enter.
    await page.locator('.doc-text [data-event="V2"]').focus();
    await page.keyboard.press('Enter');
    const text = (await details.textContent()) ?? '';
    assert.match(text, /Event: imposed/);
    assert.match(text, /CAMEO163 Impose embargo, boycott, or sanctions/);
    assert.match(text, /Quad classMaterial conflict/);
    assert.match(text, /PlaceWashington, USA/);
    assert.equal(await page.locator('.doc-text .ann-mention.actor').count(), 3);
    await snap('articles');

    // Filtering the list and opening another article.
    await page.getByLabel('Filter by title').fill('cairo');
    await page.waitForFunction(() => document.querySelectorAll('.doclist li').length === 1);
    assert.equal(await page.locator('.doclist .t').textContent(), 'Clashes in Cairo');
    await page.locator('.doclist a').first().click();
    await page.getByRole('heading', { level: 3, name: 'Clashes in Cairo' }).waitFor();
    assert.match(page.url(), /#\/articles\/[0-9a-f]{64}$/);
    // Hiding a layer takes its highlight away.
    await page.getByLabel(/Quotes \(3\)/).uncheck();
    assert.equal(await page.locator('.article.hide-quotes').count(), 1);
  });

  test('articles: an address that names no article gets a page that says so, and a way back', async () => {
    // Not an article id at all: no request is made.
    await page.goto(server.url + '#/articles/abc');
    await page.getByRole('heading', { level: 3, name: 'Article not found' }).waitFor();
    assert.match((await page.locator('.not-found').textContent()) ?? '', /No article in this database has this address/);
    assert.equal(await page.getByRole('alert').count(), 0);
    // A well-formed id that is not stored (the server answers 404).
    expectErrorStatus = true;
    await page.goto(server.url + '#/articles/' + '0'.repeat(64));
    await page.getByRole('heading', { level: 3, name: 'Article not found' }).waitFor();
    expectErrorStatus = false;
    await snap('article-not-found');
    await page.getByRole('link', { name: 'Open the newest article' }).click();
    await page.getByRole('heading', { level: 3, name: 'Khamenei calls for intifada' }).waitFor();
  });

  test('analyze: a pasted article comes back annotated; an empty one gets a message', async () => {
    await page.goto(server.url + '#/analyze');
    await page.getByRole('button', { name: 'Analyze' }).click();
    assert.equal(await page.getByRole('alert').textContent(), 'Paste the text of an article first.');
    await page.getByLabel('Article text').fill('Maria said “the bridge will open in May”. Tom said “not before June”.');
    await page.getByLabel('Title (optional)').fill('Bridge news');
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.getByRole('heading', { level: 3, name: 'Bridge news' }).waitFor();
    assert.deepEqual(await page.locator('.counts span').allTextContents(), ['2 sentences', '2 entities', '2 quotes', '0 events']);
    assert.deepEqual(await page.locator('.doc-text .ann-quote').allTextContents(), ['“the bridge will open in May”', '“not before June”']);
    await page.locator('.layer-list button', { hasText: 'Tom: “not before June”' }).click();
    assert.match((await page.locator('aside.details').textContent()) ?? '', /SpeakerTom/);
    await snap('analyze');

    // The stub pipeline fails on this text: the server's message is shown.
    expectErrorStatus = true;
    await page.getByLabel('Article text').fill('FAIL-ANALYSIS please');
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /the analysis failed: the stub cannot analyse this/);
    expectErrorStatus = false;
  });

  test('quotes: search by speaker, grouped by speaker, and on to the article', async () => {
    await page.goto(server.url + '#/quotes');
    await page.locator('.speaker-group').first().waitFor();
    assert.deepEqual(await page.locator('.speaker-group h3').allTextContents(), ['Ali Khamenei2 quotes', 'Donald Trump1 quote', 'protesters1 quote', 'Unknown speaker2 quotes']);
    assert.equal(await page.locator('[aria-live="polite"].note').first().textContent(), '6 quotes by 3 speakers (2 with no known speaker)');
    assert.equal(await page.locator('nav.pager').isHidden(), true);
    await snap('quotes');

    await page.getByLabel('Speaker', { exact: true }).fill('khamenei');
    await page.getByLabel('Words in the quote').fill('resist');
    await page.getByLabel('Words in the quote').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.speaker-group blockquote').length === 1);
    assert.match(page.url(), /#\/quotes\?speaker=khamenei&text=resist$/);
    assert.equal(await page.locator('.speaker-group blockquote').textContent(), '“The people of Palestine will resist,”');
    await page.locator('.speaker-group a', { hasText: 'Khamenei calls for intifada' }).click();
    await page.getByRole('heading', { level: 3, name: 'Khamenei calls for intifada' }).waitFor();
    await page.locator('.doc-text .ann-quote[data-quote="Q1"].selected').waitFor();
  });

  test('quotes: filtered by confidence, which each quote shows', async () => {
    await page.goto(server.url + '#/quotes');
    await page.locator('.speaker-group').first().waitFor();
    const asked = page.waitForRequest((r) => r.url().includes('/api/quotes') && r.url().includes('min_confidence=0.9'));
    await page.getByLabel('Confidence').selectOption('0.9');
    await page.getByRole('button', { name: 'Search' }).click();
    await asked;
    assert.match(page.url(), /#\/quotes\?min_confidence=0\.9$/);
    await page.locator('.speaker-group').first().waitFor();
    assert.equal(await page.locator('[aria-live="polite"].note').first().textContent(), '6 quotes by 3 speakers (2 with no known speaker)');
    assert.ok((await page.locator('.quote-item .src').allTextContents()).every((t) => t.includes('confidence 0.90')));
    assert.equal(await page.getByLabel('Confidence').inputValue(), '0.9');
  });

  test('actors: the network has a node per actor and an arrow per kind of interaction; generic actors on request', async () => {
    await page.goto(server.url + '#/actors');
    await page.locator('svg.graph').waitFor();
    // "Police" and "protesters" name nobody in particular: left out unless asked for.
    assert.deepEqual(await page.locator('svg.graph .node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).sort()), ['IRN', 'IRNGOV', 'ISRGOV', 'USAGOV']);
    assert.equal(await page.locator('svg.graph path.edge').count(), 4);
    const colours = await page.locator('svg.graph path.edge').evaluateAll((els) => els.map((e) => e.getAttribute('stroke')).sort());
    assert.deepEqual(colours, ['#0072b2', '#0072b2', '#d55e00', '#e69f00']);
    assert.equal(
      await page.locator('.graph-wrap + p.note').textContent(),
      '4 actors and 4 links shown, from the 5 strongest links of 5 (5 events). Not shown: 2 generic actors (“Police”, “protesters”). Hover or focus a node or an arrow for details.',
    );
    assert.equal(await page.locator('table.data tbody tr').count(), 5);
    assert.deepEqual(await overlappingLabels(page), []);
    // Arrows stay inside the picture.
    const box = await page.locator('svg.graph').boundingBox();
    for (const n of await page.locator('svg.graph .node circle').all()) {
      const b = await n.boundingBox();
      assert.ok(box && b && b.x >= box.x && b.y >= box.y && b.x + b.width <= box.x + box.width + 1 && b.y + b.height <= box.y + box.height + 1);
    }
    await snap('actors');

    await page.getByLabel(/Generic actors/).check();
    await page.waitForFunction(() => document.querySelectorAll('svg.graph .node').length === 6);
    assert.equal(await page.locator('svg.graph path.edge').count(), 5);
    assert.match(page.url(), /#\/actors\?edges=100&generic=1$/);
    assert.deepEqual(await overlappingLabels(page), []);
  });

  test('actors: links per actor, isolated and generic actors, on a generated corpus', async () => {
    await page.goto(server2.url + '#/actors?until=2015-12-31');
    await page.locator('svg.graph').waitFor();
    const ids = (): Promise<string[]> => page.locator('svg.graph .node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? '').sort());
    // Germany acts only on itself (no link to draw): hidden; girls, website, School: generic.
    assert.deepEqual(await ids(), ['CHN', 'FRA', 'GBR', 'IRL', 'RUS', 'USA']);
    assert.equal(await page.locator('svg.graph path.edge').count(), 6);
    assert.match((await page.locator('.graph-wrap + p.note').textContent()) ?? '', /^6 actors and 6 links shown, from the 10 strongest links of 10 \(10 events\)\. Not shown: 3 generic actors \(“School”, “website”, “girls”\); 1 actor with no link to another\./);
    assert.deepEqual(await overlappingLabels(page), []);

    await page.getByLabel('Links per actor').selectOption('2');
    await page.waitForFunction(() => document.querySelectorAll('svg.graph .node').length === 3);
    assert.deepEqual(await ids(), ['CHN', 'RUS', 'USA']);
    assert.equal(await page.locator('svg.graph path.edge').count(), 4);
    assert.match(page.url(), /#\/actors\?until=2015-12-31&edges=100&links=2$/);

    await page.getByLabel(/Generic actors/).check();
    await page.waitForFunction(() => document.querySelectorAll('svg.graph .node').length === 4);
    // With the generic actors back, France (linked to School and the United States) has two links.
    assert.deepEqual(await ids(), ['CHN', 'FRA', 'RUS', 'USA']);
    assert.equal(await page.locator('svg.graph path.edge').count(), 5);
    await page.getByLabel('Links per actor').selectOption('5');
    await page.locator('.graph-wrap .empty').waitFor();
    assert.equal(await page.locator('.graph-wrap .empty').textContent(), 'No actor has 5 links or more; choose fewer links per actor.');
  });

  test('timeline: events per day by quad class, mean Goldstein, a map and the events', async () => {
    await page.goto(server.url + '#/timeline');
    await page.locator('svg.chart').waitFor();
    await page.locator('svg.map circle.place').first().waitFor();
    assert.equal(await page.locator('svg.chart rect').count(), 3);
    assert.equal(await page.locator('svg.chart circle.g-dot').count(), 3);
    // Three days with events, none next to another: three dots, no line between them.
    assert.equal(await page.locator('section[aria-label="Events over time"] h3').textContent(), 'Events per day');
    assert.match((await page.locator('svg.chart').getAttribute('aria-label')) ?? '', /^Events per day over 10 days,/);
    assert.doesNotMatch((await page.locator('svg.chart path.g-line').getAttribute('d')) ?? '', /L/);
    assert.equal(await page.locator('svg.map path.country').count() > 150, true);
    assert.equal(await page.locator('svg.map circle.place').count(), 3);
    await page.locator('section[aria-label="Events"] table.data tbody tr').first().waitFor();
    assert.equal(await page.locator('section[aria-label="Events"] table.data tbody tr').count(), 5);
    await snap('timeline');

    // Filters go into the address and narrow everything.
    await page.getByLabel('CAMEO root or code').fill('16');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForFunction(() => document.querySelectorAll('section[aria-label="Events"] tbody tr').length === 1);
    assert.match(page.url(), /#\/timeline\?cameo=16$/);
    await page.locator('svg.map circle.place').first().waitFor();
    assert.equal(await page.locator('svg.map circle.place').count(), 1);
  });

  test('timeline: years apart, months with no line across the gap; no map without places', async () => {
    await page.goto(server2.url + '#/timeline');
    await page.locator('svg.chart').waitFor();
    assert.equal(await page.locator('section[aria-label="Events over time"] h3').textContent(), 'Events per month');
    assert.match((await page.locator('svg.chart').getAttribute('aria-label')) ?? '', /^Events per month over 79 months,/);
    assert.deepEqual(await page.locator('svg.chart rect title').allTextContents(), [
      '2010-03: 1 verbal cooperation event',
      '2010-04: 2 verbal cooperation events',
      '2015-06: 7 verbal cooperation events',
      '2016-09: 7 verbal cooperation events',
    ]);
    // March and April 2010 are joined; June 2015 and September 2016 stand alone.
    const d = (await page.locator('svg.chart path.g-line').getAttribute('d')) ?? '';
    assert.equal(d.match(/M/g)?.length, 3);
    assert.equal(d.match(/L/g)?.length, 1);
    assert.equal(await page.locator('svg.chart circle.g-dot').count(), 4);
    await page.locator('section[aria-label="Map"] .empty').waitFor();
    assert.equal(await page.locator('section[aria-label="Map"] .empty').textContent(), 'No event has a known place.');
    assert.equal(await page.locator('svg.map').count(), 0);
  });

  test('quotes: 20 to a page, with Older and Newer links', async () => {
    await page.goto(server2.url + '#/quotes');
    await page.locator('.speaker-group').first().waitFor();
    const summary = page.locator('[aria-live="polite"].note').first();
    assert.equal(await summary.textContent(), 'Quotes 1–20 (page 1) by 5 speakers');
    assert.equal(await page.locator('.speaker-group blockquote').count(), 20);
    assert.equal(await page.locator('nav.pager .page-no').textContent(), 'Page 1');
    assert.equal(await page.getByRole('link', { name: '← Newer quotes' }).count(), 0);
    await page.getByRole('link', { name: 'Older quotes →' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-live="polite"].note')?.textContent?.startsWith('Quotes 21–40'));
    assert.match(page.url(), /#\/quotes\?page=2$/);
    assert.equal(await page.locator('.speaker-group blockquote').count(), 20);
    await page.getByRole('link', { name: 'Older quotes →' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-live="polite"].note')?.textContent?.startsWith('Quotes 41–45'));
    assert.equal(await summary.textContent(), 'Quotes 41–45 of 45 (page 3) by 5 speakers');
    assert.equal(await page.getByRole('link', { name: 'Older quotes →' }).count(), 0);
    await page.getByRole('link', { name: '← Newer quotes' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-live="polite"].note')?.textContent?.startsWith('Quotes 21–40'));
    // Filters stay with the pages; one speaker's 9 quotes fit on one.
    await page.goto(server2.url + '#/quotes?speaker=Anna');
    await page.waitForFunction(() => document.querySelector('[aria-live="polite"].note')?.textContent === '9 quotes by 1 speaker');
    assert.equal(await page.locator('nav.pager').isHidden(), true);
    await snap('quotes-paged');
  });

  test('phone (390 px): no page is wider than the screen; the graph and the charts fit and stay readable', async () => {
    const docId = (await phone.goto(server.url).then(() => phone.locator('.doclist a').first().getAttribute('data-id'))) ?? '';
    const visits: [string, string, () => Promise<unknown>][] = [
      ['articles', server.url + '#/articles', () => phone.locator('.doc-text').waitFor()],
      ['article-selected', `${server.url}#/articles/${docId}?select=V2`, () => phone.locator('aside.details h4').waitFor()],
      ['article-missing', server.url + '#/articles/nope', () => phone.locator('.not-found').waitFor()],
      ['analyze', server.url + '#/analyze', () => phone.locator('textarea').waitFor()],
      ['quotes', server.url + '#/quotes', () => phone.locator('.speaker-group').first().waitFor()],
      ['quotes-paged', server2.url + '#/quotes?page=2', () => phone.locator('nav.pager').waitFor()],
      ['actors', server.url + '#/actors', () => phone.locator('svg.graph').waitFor()],
      ['actors-generated', server2.url + '#/actors?links=1', () => phone.locator('svg.graph').waitFor()],
      ['timeline', server.url + '#/timeline', () => phone.locator('svg.map').waitFor()],
      ['timeline-generated', server2.url + '#/timeline', () => phone.locator('svg.chart').waitFor()],
    ];
    for (const [name, url, ready] of visits) {
      await phone.goto(url);
      await ready();
      await phone.locator('section[aria-label="Events"] table, .speaker-group, .doc-text, .not-found, textarea, svg.graph').first().waitFor();
      assert.equal(await overflow(phone), 0, `${name}: the page is wider than the phone`);
      for (const chart of await phone.locator('svg.graph, svg.chart, svg.map').all()) {
        const b = await chart.boundingBox();
        assert.ok(b && b.x >= 0 && b.x + b.width <= 390, `${name}: a chart sticks out of the screen`);
      }
      if (name.startsWith('actors')) assert.deepEqual(await overlappingLabels(phone), [], `${name}: labels overlap`);
      await snap(`phone-${name}`, phone);
    }
    // A smaller phone (320 px): the tabs wrap rather than stick out.
    await phone.setViewportSize({ width: 320, height: 640 });
    for (const view of ['articles', 'quotes', 'actors', 'timeline']) {
      await phone.goto(`${server.url}#/${view}`);
      await phone.locator('.doc-text, .speaker-group, svg.graph, svg.chart').first().waitFor();
      assert.equal(await overflow(phone), 0, `${view}: the page is wider than a 320 px phone`);
    }
    await phone.setViewportSize({ width: 390, height: 844 });
    // Drawn at the phone's width, not shrunk from a desktop picture: the text in the graph keeps its size.
    await phone.goto(server2.url + '#/actors?links=1');
    await phone.locator('svg.graph').waitFor();
    const sizes = await phone.locator('svg.graph').evaluate((el) => {
      const box = el.getBoundingClientRect();
      return { drawn: Number(el.getAttribute('width')), shown: Math.round(box.width) };
    });
    assert.ok(Math.abs(sizes.drawn - sizes.shown) <= 2, `the graph is drawn ${sizes.drawn} px wide and shown ${sizes.shown} px wide`);
    // On a phone, 20 actors with a link are too many: only those with two links or more are shown unless asked.
    await phone.goto(server2.url + '#/actors');
    await phone.waitForFunction(() => document.querySelectorAll('svg.graph .node').length === 3);
    assert.equal(await phone.getByLabel('Links per actor').inputValue(), '2');
    // 6 are not: all of them are.
    await phone.goto(server2.url + '#/actors?until=2015-12-31');
    await phone.waitForFunction(() => document.querySelectorAll('svg.graph .node').length === 6);
    assert.equal(await phone.getByLabel('Links per actor').inputValue(), '1');
  });

  test('keyboard: the tabs are links that move the focus to the new view', async () => {
    await page.goto(server.url + '#/articles');
    await page.locator('.tabs a[data-view="timeline"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2' && document.activeElement.textContent === 'Timeline');
    assert.equal(await page.locator('.tabs a[aria-current="page"]').textContent(), 'Timeline');
  });

  test('no console errors, failed requests or requests elsewhere', () => {
    assert.deepEqual(problems, []);
  });
});
