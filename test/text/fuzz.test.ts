/**
 * Fuzz: seeded random bytes, malformed HTML, random Unicode and huge lines thrown at the readers and the
 * analyzer. Each must return a result or throw a HeraldError, never anything else; analyzer offsets must
 * lie within the text. Seeded, so a failure reproduces (the seed and case number are in the message).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeText } from '../../src/text/decode.js';
import { HeraldError } from '../../src/text/errors.js';
import { htmlToText } from '../../src/text/html.js';
import { readArticles } from '../../src/text/inputs.js';
import { createPipeline, type Pipeline } from '../../src/pipeline/analyze.js';

const SEED = Number(process.env.HERALD_FUZZ_SEED ?? 20261126);

/** mulberry32: small, fast, seedable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const R = rng(SEED);
const int = (n: number): number => Math.floor(R() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

function randomBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = int(256);
  return b;
}

/** Mostly-text bytes with a few bad ones: exercises the UTF-8 / binary detectors near their thresholds. */
function nearTextBytes(n: number): Buffer {
  const b = Buffer.from(randomText(n), 'utf8');
  for (let k = int(4); k > 0 && b.length; k--) b[int(b.length)] = int(256);
  return b;
}

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ' .,;:!?"\'“”‘’«»()[]{}—–-…\n\t\r',
  '0123456789$%€£@#&*/\\',
  'éèêàçñüößøåæœ',
  'Ирандаأسرائيل漢字かなカナ한국어',
  '\u200b\u200d\u00ad\ufeff\u202e\u0301\u0308',
  '😀👍🏽🇮🇷🧑‍🤝‍🧑',
  '\u0000\u0007\u001b\u007f\ud800\udfff',
];
const WORDS = ['said', 'Khamenei', 'Israel', 'Iran', '"', '“', '”', 'told', 'the', 'President', 'Mr.', 'U.S.', 'attacked', 'in', 'Tehran', '.', ',', 'Minister', 'according', 'to', 'Reuters', '\n\n'];

function randomText(n: number): string {
  const parts: string[] = [];
  let len = 0;
  while (len < n) {
    const s =
      R() < 0.5
        ? pick(WORDS) + ' '
        : Array.from({ length: 1 + int(8) }, () => {
            const a = pick(ALPHABETS);
            // Iterate by code point so surrogate pairs mostly stay whole; lone surrogates come from the last alphabet.
            const cps = Array.from(a);
            return pick(cps);
          }).join('');
    parts.push(s);
    len += s.length;
  }
  return parts.join('');
}

const TAGS = ['p', 'div', 'script', 'style', 'article', 'title', 'head', 'body', 'html', 'meta', 'br', 'a', 'b', 'template', 'svg', 'table', 'tr', 'td', 'noscript', '!--', '!DOCTYPE', 'iframe', 'li', 'h1'];

function randomHtml(n: number): string {
  const parts: string[] = [];
  let len = 0;
  while (len < n) {
    let s: string;
    const r = R();
    if (r < 0.3) s = `<${pick(TAGS)}${R() < 0.3 ? ` class="${randomText(6)}"` : ''}${R() < 0.8 ? '>' : ''}`;
    else if (r < 0.45) s = `</${pick(TAGS)}${R() < 0.8 ? '>' : ''}`;
    else if (r < 0.5) s = pick(['&amp;', '&#x1F600;', '&#0;', '&#99999999;', '&bogus;', '&', '&#x;', '<!--', '-->', '<![CDATA[', ']]>', '<?xml ?>']);
    else if (r < 0.55)
      s = pick([
        '<meta property="article:published_time" content="2017-02-21">',
        '<meta name="author" content="',
        '<script type="application/ld+json">{"datePublished": [1, {"@graph": null}], "author": {"name": 5}}</script>',
        '<script type="application/ld+json">{broken</script>',
        '<time datetime="garbage">',
        '<meta property="og:title">',
      ]);
    else s = randomText(1 + int(40));
    parts.push(s);
    len += s.length;
  }
  return parts.join('');
}

/** Calls fn; a HeraldError is an acceptable answer, anything else fails with the case's description. */
function returnsOrHeraldError<T>(what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof HeraldError) return undefined;
    assert.fail(`${what} (seed ${SEED}) threw ${(e as Error)?.name}: ${(e as Error)?.message ?? String(e)}`);
  }
}

/** Every {start, end} in the result lies within the text, start ≤ end, both integers. */
function checkOffsets(value: unknown, textLength: number, where: string, path = 'result'): void {
  if (!value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkOffsets(v, textLength, where, `${path}[${i}]`));
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number') {
    const { start, end } = o as { start: number; end: number };
    assert.ok(
      Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= textLength,
      `${where}: ${path} has offsets [${start}, ${end}) outside the text (length ${textLength})`,
    );
  }
  for (const [k, v] of Object.entries(o)) if (k !== 'meta') checkOffsets(v, textLength, where, `${path}.${k}`);
}

const started = Date.now();
/** The analyzer cases stop early once the file has run this long (the whole file must stay under 20 s). */
const budgetLeft = (): boolean => Date.now() - started < 14_000;

test('decodeText: random and near-text bytes give text or a HeraldError', () => {
  for (let i = 0; i < 400; i++) {
    const bytes = i % 2 ? randomBytes(int(2000)) : nearTextBytes(int(2000));
    if (i % 50 === 0 && bytes.length > 1) {
      // UTF-16 BOM path
      bytes[0] = 0xff;
      bytes[1] = 0xfe;
    }
    const out = returnsOrHeraldError(`decodeText case ${i}`, () => decodeText(bytes, `case-${i}`));
    if (out !== undefined) assert.equal(typeof out, 'string');
  }
  // Empty input and a huge single line.
  assert.equal(decodeText(Buffer.alloc(0), 'empty'), '');
  assert.equal(decodeText(Buffer.alloc(2_000_000, 'a'), 'long').length, 2_000_000);
});

test('htmlToText: malformed HTML never throws and always yields strings', () => {
  const cases: string[] = ['', '<', '<<<<>>>>', '<html', '<!--', '<script>', '<title>', '</p>'.repeat(5000), '<div>'.repeat(20_000), `<p>${'x'.repeat(300_000)}`, `<p>${'word '.repeat(60_000)}</p>`];
  for (let i = 0; i < 200; i++) cases.push(randomHtml(int(i % 10 === 0 ? 20_000 : 1500)));
  cases.forEach((html, i) => {
    let page;
    try {
      page = htmlToText(html);
    } catch (e) {
      assert.fail(`htmlToText case ${i} (seed ${SEED}) threw: ${(e as Error)?.message ?? String(e)}`);
    }
    assert.equal(typeof page.text, 'string', `case ${i}`);
    for (const k of ['title', 'byline', 'published'] as const) {
      if (page[k] !== undefined) assert.equal(typeof page[k], 'string', `case ${i}: ${k}`);
    }
  });
});

test('readArticles: random files of every kind give articles or a HeraldError', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-fuzz-'));
  try {
    const exts = ['.txt', '.html', '.htm', '.json', '.jsonl', '.md'];
    for (let i = 0; i < 150; i++) {
      const ext = pick(exts);
      const r = R();
      const body: Buffer | string =
        r < 0.25
          ? randomBytes(int(3000))
          : r < 0.5
            ? nearTextBytes(int(3000))
            : ext === '.html' || ext === '.htm'
              ? randomHtml(int(3000))
              : ext === '.json' || ext === '.jsonl'
                ? pick([
                    () => JSON.stringify({ text: randomText(int(500)), title: 5, published: null }),
                    () => JSON.stringify([{ text: randomText(50) }, { nope: 1 }]),
                    () => `${JSON.stringify({ text: randomText(100) })}\n{"text": ${randomText(20)}\n`,
                    () => randomText(int(300)),
                    () => 'null',
                    () => '[]',
                  ])()
                : randomText(int(3000));
      const file = join(dir, `case-${i}${ext}`);
      writeFileSync(file, body);
      const arts = returnsOrHeraldError(`readArticles case ${i} (${ext})`, () => readArticles(file));
      if (arts) for (const a of arts) assert.equal(typeof a.text, 'string', `case ${i}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Found by this test: a missing file used to escape readBytes() as a raw ENOENT.
test('readArticles: a missing file gives a HeraldError', () => {
  returnsOrHeraldError('readArticles on a missing file', () => readArticles(join(tmpdir(), `herald-missing-${SEED}.txt`)));
});

test('analyzer: random text, HTML-ish text and huge lines give results with offsets inside the text', () => {
  let pipeline: Pipeline;
  try {
    pipeline = createPipeline();
  } catch (e) {
    assert.fail(`the pipeline could not load: ${(e as Error).message}`);
  }
  const inputs: string[] = [
    '',
    ' ',
    '\n\n\n',
    '"',
    '“',
    '.'.repeat(5000),
    'a'.repeat(50_000),
    `"${'He said '.repeat(2000)}`,
    `${'Iran said Israel attacked Tehran, '.repeat(800)}`,
    '\ud800\udfff\ud83d',
  ];
  for (let i = 0; i < 120; i++) inputs.push(i % 3 === 2 ? randomHtml(int(1500)) : randomText(int(i % 20 === 0 ? 10_000 : 1500)));
  let ran = 0;
  for (let i = 0; i < inputs.length; i++) {
    if (i >= 10 && !budgetLeft()) break; // keep the whole file within its time budget on a slow machine
    const text = inputs[i];
    const result = returnsOrHeraldError(`analyze case ${i}`, () => pipeline.analyze(text, {}, { tokens: true }));
    if (result) checkOffsets(result, text.length, `analyze case ${i} (seed ${SEED})`);
    ran++;
  }
  assert.ok(ran >= 10, `only ${ran} analyzer cases ran`);
});
