/** The CLI as a user meets it: the built bin/herald.js, its output, and its errors on bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp.js';

const root = new URL('../..', import.meta.url).pathname;
const seed = join(root, 'examples', 'seed-article.txt');

function herald(args: string[], input?: string | Buffer): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'herald.js'), ...args], { input, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('herald --help lists the commands', () => {
  const r = herald(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /analyze +analyze articles/);
  assert.match(r.out, /eval +score the shipped models/);
});

test('analyze prints the DESIGN schema for the seed article', () => {
  const r = herald(['analyze', seed, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as { id: string; text: string; sentences: { start: number; end: number }[] };
  assert.match(res.id, /^[0-9a-f]{64}$/);
  // The byline is a sentence of its own, and the first sentence ends at "regime.”"
  assert.equal(res.text.slice(res.sentences[0].start, res.sentences[0].end), 'By Raphael Ahren, Times of Israel');
  const second = res.text.slice(res.sentences[1].start, res.sentences[1].end);
  assert.ok(second.startsWith('Calling Israel a “cancerous tumor,”'), second);
  assert.ok(second.endsWith('with the “Zionist regime.”'), second);
});

test('analyze --tokens gives tags, lemmas and a parse on stdin input', () => {
  const r = herald(['analyze', '-', '--format', 'json', '--tokens', '--no-text'], 'Khamenei hailed the resistance.');
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out) as { text?: string; tokens: { text: string; upos: string; lemma: string; head: number; deprel: string }[] };
  assert.equal(res.text, undefined);
  assert.deepEqual(res.tokens.map((t) => t.text), ['Khamenei', 'hailed', 'the', 'resistance', '.']);
  assert.deepEqual(res.tokens.map((t) => t.upos), ['PROPN', 'VERB', 'DET', 'NOUN', 'PUNCT']);
  assert.equal(res.tokens[1].lemma, 'hail');
  assert.equal(res.tokens[1].deprel, 'root');
  assert.equal(res.tokens[0].head, 1);
  assert.equal(res.tokens[0].deprel, 'nsubj');
  assert.equal(res.tokens[3].deprel, 'obj');
});

test('bad input gets one clear line and a non-zero exit, no stack trace', () => {
  const dir = tempDir('herald-cli-');
  writeFileSync(join(dir, 'bin.dat.txt'), Buffer.from([0, 1, 2, 3, 0, 255]));
  writeFileSync(join(dir, 'latin1.txt'), Buffer.from([0x43, 0x61, 0x66, 0xe9]));
  const cases: [string[], RegExp][] = [
    [['analyze', join(dir, 'missing.txt')], /missing\.txt: no such file or directory/],
    [['analyze', join(dir, 'bin.dat.txt')], /looks like a binary file/],
    [['analyze', join(dir, 'latin1.txt')], /invalid UTF-8 at byte 3/],
    [['analyze', seed, '--colour'], /herald analyze: Unknown option '--colour'; see 'herald analyze --help'/],
    [['analyze', seed, '--format', 'xml'], /--format must be one of json, jsonl, text/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['eval', 'ud'], /--gold PATH is required/],
    [['analyze', seed, '--min-confidence', '2'], /--min-confidence needs a number from 0 to 1 \(0 keeps every event\), not '2'/],
    [['analyze', seed, '--min-confidence'], /--min-confidence needs a number from 0 to 1/],
  ];
  for (const [args, re] of cases) {
    const r = herald(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.err, re);
    assert.equal(r.err.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.err}`);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});

test('empty input succeeds with an empty result', () => {
  const r = herald(['analyze', '-', '--format', 'json'], '');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).sentences, []);
});
