/**
 * Big feeds (issue 17): a JSON Lines file is read a line at a time, whatever its size (one over the old 50 MB
 * limit here), each line one article; a line over the per-document limit is skipped without being held in
 * memory, a bad line is reported by number and the others kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readInputStream } from '../../src/text/inputs.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('herald-feeds-');

test('a 60 MB JSON Lines feed streams article by article in bounded memory', async () => {
  const file = join(dir, 'big.jsonl');
  const line = JSON.stringify({ text: `Officials said “talks will resume”. ${'x'.repeat(10_000)}`, published: '2017-02-21' }) + '\n';
  const fd = openSync(file, 'w');
  const block = Buffer.from(line.repeat(100));
  const lines = 6000;
  for (let i = 0; i < lines / 100; i++) writeSync(fd, block);
  closeSync(fd);
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let articles = 0;
  let peak = before;
  for await (const item of readInputStream(file)) {
    assert.ok(item.article, item.bad?.reason);
    articles++;
    if (articles % 500 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  assert.equal(articles, lines);
  // The file is 60 MB; what is held at once is a chunk and a line or two.
  assert.ok(peak - before < 40 * 1024 * 1024, `heap grew ${Math.round((peak - before) / 1048576)} MB`);
});

test('each line is one article: bad lines and over-long lines are reported by number, the rest kept', async () => {
  const file = join(dir, 'mixed.jsonl');
  const big = JSON.stringify({ text: 'y'.repeat(3000) });
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from('\ufeff' + JSON.stringify({ text: 'First.', title: 'One' }) + '\r\n'),
      Buffer.from('not json\n\n'),
      Buffer.from(big + '\n'),
      Buffer.from('{"text": "caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}\n'),
      Buffer.from(JSON.stringify({ title: 'no text' }) + '\n'),
      Buffer.from(JSON.stringify({ text: 'Last.', published: '2017-03-01' })),
    ]),
  );
  const items = [];
  for await (const item of readInputStream(file, { maxBytes: 1000 })) items.push(item);
  assert.deepEqual(
    items.map((i) => (i.article ? ['article', i.article.label, i.article.text, i.article.meta] : ['bad', i.bad?.label])),
    [
      ['article', `${file}:1`, 'First.', { title: 'One' }],
      ['bad', `${file}:2`],
      ['bad', `${file}:4`],
      ['bad', `${file}:5`],
      ['bad', `${file}:6`],
      ['article', `${file}:7`, 'Last.', { published: '2017-03-01' }],
    ],
  );
  const reasons = items.filter((i) => i.bad).map((i) => i.bad?.reason ?? '');
  assert.match(reasons[0], /:2: not valid JSON/);
  assert.match(reasons[1], /:4: .* is over the .* limit for one document/);
  assert.match(reasons[2], /:5: invalid UTF-8/);
  assert.match(reasons[3], /:6: a JSON article needs a "text" string field/);
});

test('a file that is not text, or not there, is one clear error', async () => {
  const bin = join(dir, 'bin.jsonl');
  writeFileSync(bin, Buffer.from([0, 1, 2, 3, 0, 0, 7, 8]));
  await assert.rejects(async () => {
    for await (const _ of readInputStream(bin)) void _;
  }, /bin\.jsonl: looks like a binary file/);
  await assert.rejects(async () => {
    for await (const _ of readInputStream(join(dir, 'missing.jsonl'))) void _;
  }, /missing\.jsonl: no such file or directory/);
});
