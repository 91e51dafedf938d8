/**
 * The web UI end to end in Debian's Chromium (playwright-core, no browser download): a server over a store
 * filled with synthetic results, each tab driven as a person would (mouse and keyboard), and no console
 * errors (a Content-Security-Policy violation would be one). Skips when /usr/bin/chromium is absent.
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

const CHROMIUM = process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const webRoot = join(root, 'dist', 'web');
const shots = process.env.HERALD_SCREENSHOTS;
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) to run the UI tests`;
if (skip) console.log(`# e2e UI tests skipped: ${skip}`);

describe('web UI in Chromium', { skip, timeout: 180_000 }, () => {
  let dir: string;
  let store: SqliteStore;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 60_000,
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => {
      if (m.type() === 'error' && !(expectErrorStatus && m.text().startsWith('Failed to load resource'))) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) problems.push(`request outside the server: ${r.url()}`);
    });
    if (shots) mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    store?.closeSync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const snap = async (name: string): Promise<void> => {
    if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  };

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
    assert.equal(await page.locator('[aria-live="polite"].note').first().textContent(), '6 quotes by 4 speakers');
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

  test('actors: the network has a node per actor and an arrow per kind of interaction', async () => {
    await page.goto(server.url + '#/actors');
    await page.locator('svg.graph').waitFor();
    assert.equal(await page.locator('svg.graph .node').count(), 6);
    assert.equal(await page.locator('svg.graph path.edge').count(), 5);
    const colours = await page.locator('svg.graph path.edge').evaluateAll((els) => els.map((e) => e.getAttribute('stroke')).sort());
    assert.deepEqual(colours, ['#0072b2', '#0072b2', '#d55e00', '#d55e00', '#e69f00']);
    assert.equal(await page.locator('table.data tbody tr').count(), 5);
    // Arrows stay inside the picture.
    const box = await page.locator('svg.graph').boundingBox();
    for (const n of await page.locator('svg.graph .node circle').all()) {
      const b = await n.boundingBox();
      assert.ok(box && b && b.x >= box.x && b.y >= box.y && b.x + b.width <= box.x + box.width + 1 && b.y + b.height <= box.y + box.height + 1);
    }
    await snap('actors');
  });

  test('timeline: events per day by quad class, mean Goldstein, a map and the events', async () => {
    await page.goto(server.url + '#/timeline');
    await page.locator('svg.chart').waitFor();
    await page.locator('svg.map circle.place').first().waitFor();
    assert.equal(await page.locator('svg.chart rect').count(), 3);
    assert.equal(await page.locator('svg.chart circle.g-dot').count(), 3);
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
