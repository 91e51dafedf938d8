import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText, looksBinary } from '../../src/text/decode.js';
import { HeraldError } from '../../src/text/errors.js';
import { listInputFiles, readArticles } from '../../src/text/inputs.js';
import { htmlToText } from '../../src/text/html.js';
import { tempDir } from '../helpers/temp.js';

test('UTF-8 text decodes unchanged, including curly quotes', () => {
  const s = 'Calling Israel a “cancerous tumor,” Iran’s supreme leader';
  assert.equal(decodeText(Buffer.from(s, 'utf8'), 'x.txt'), s);
});

test('invalid UTF-8 is refused with the byte offset and a fix', () => {
  const bytes = Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' au lait')]);
  assert.throws(() => decodeText(bytes, 'menu.txt'), (e: unknown) => {
    assert.ok(e instanceof HeraldError);
    assert.match(e.message, /^menu\.txt: invalid UTF-8 at byte 3; convert it first/);
    return true;
  });
});

test('binary data is detected and refused', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  assert.equal(looksBinary(png), true);
  assert.throws(() => decodeText(png, 'logo.png'), /logo\.png: looks like a binary file/);
  assert.equal(looksBinary(Buffer.from('plain\ttext\r\n')), false);
});

test('UTF-16LE with a byte-order mark is decoded', () => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Tehran', 'utf16le')]);
  assert.equal(decodeText(bytes, 'w.txt'), 'Tehran');
});

test('directories are read recursively, hidden files skipped; JSON Lines carry metadata', () => {
  const dir = tempDir('herald-in-');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'a.txt'), 'One.');
  writeFileSync(join(dir, '.hidden.txt'), 'no');
  writeFileSync(join(dir, 'README.md'), 'About this corpus');
  writeFileSync(join(dir, 'sub', 'b.jsonl'), '{"text":"Two.","published":"2017-02-21","title":"T"}\n\n{"text":"Three."}\n');
  const files = listInputFiles(dir);
  assert.deepEqual(files, [join(dir, 'a.txt'), join(dir, 'sub', 'b.jsonl')]);
  const arts = readArticles(files[1]);
  assert.deepEqual(arts.map((a) => [a.label.endsWith('b.jsonl:1') || a.label.endsWith('b.jsonl:3'), a.text, a.meta.published]), [
    [true, 'Two.', '2017-02-21'],
    [true, 'Three.', undefined],
  ]);
});

test('a text or HTML file takes its metadata from a sidecar X.meta.json, which is no article itself', () => {
  const dir = tempDir('herald-in-');
  writeFileSync(join(dir, 'seed.txt'), 'By Raphael Ahren\n\nKhamenei spoke on Tuesday.');
  writeFileSync(join(dir, 'seed.meta.json'), '{"published": "2017-02-21", "source": "Times of Israel", "author": "Raphael Ahren", "x": 1}');
  writeFileSync(join(dir, 'page.html'), '<html><head><title>From the page</title></head><body><p>Text.</p></body></html>');
  writeFileSync(join(dir, 'page.meta.json'), '{"title": "From the sidecar"}');
  writeFileSync(join(dir, 'plain.txt'), 'No sidecar.');
  assert.deepEqual(listInputFiles(dir), [join(dir, 'page.html'), join(dir, 'plain.txt'), join(dir, 'seed.txt')]);
  assert.deepEqual(readArticles(join(dir, 'seed.txt'))[0].meta, { path: join(dir, 'seed.txt'), published: '2017-02-21', source: 'Times of Israel', author: 'Raphael Ahren' });
  assert.equal(readArticles(join(dir, 'page.html'))[0].meta.title, 'From the sidecar');
  assert.deepEqual(readArticles(join(dir, 'plain.txt'))[0].meta, { path: join(dir, 'plain.txt') });
  writeFileSync(join(dir, 'seed.meta.json'), '{"published": ');
  assert.throws(() => readArticles(join(dir, 'seed.txt')), /seed\.meta\.json: not valid JSON; a metadata file holds one object/);
  writeFileSync(join(dir, 'seed.meta.json'), '[1]');
  assert.throws(() => readArticles(join(dir, 'seed.txt')), /seed\.meta\.json: a metadata file holds one object/);
});

test('a JSON record without text names the line and the expected shape', () => {
  const dir = tempDir('herald-in-');
  writeFileSync(join(dir, 'bad.jsonl'), '{"body":"x"}\n');
  assert.throws(() => readArticles(join(dir, 'bad.jsonl')), /bad\.jsonl:1: a JSON article needs a "text" string field/);
  writeFileSync(join(dir, 'broken.jsonl'), '{"text": \n');
  assert.throws(() => readArticles(join(dir, 'broken.jsonl')), /broken\.jsonl:1: not valid JSON/);
});

test('a directory with no article files is an error naming it', () => {
  const dir = tempDir('herald-empty-');
  writeFileSync(join(dir, 'image.png'), 'x');
  assert.throws(() => listInputFiles(dir), /no article files found/);
  assert.throws(() => listInputFiles(join(dir, 'nope')), /nope: no such file or directory/);
});

test('malformed HTML still yields its text and title', () => {
  const page = htmlToText('<html><head><title>Iran &amp; Israel</title><script>var x="<p>";</script></head><body><p>Khamenei said &ldquo;no&rdquo;.<p>Unclosed <b>bold');
  assert.equal(page.title, 'Iran & Israel');
  assert.equal(page.text, 'Khamenei said “no”.\n\nUnclosed bold');
});
