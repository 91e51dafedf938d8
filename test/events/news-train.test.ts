// Tests of the news-train standoff records (data/news-train/*.ann.json). The first test reads only the committed
// records; the others rebuild the Reuters texts from ../shared when it is there and check that every record still
// fits its text (sha256, spans) and that the rebuild reproduces the news-gold dev articles byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataPath, sharedDataPath } from '../../src/nlp/paths.js';
import { cameoInfo } from '../../src/events/lexicon.js';
import { readDocuments, rebuildDocument } from '../../scripts/news-train-articles.js';
import { docIndex, toGold, type StandoffRecord } from '../../scripts/news-train-standoff.js';

const dir = dataPath('news-train');
const records = (): StandoffRecord[] =>
  readdirSync(dir).filter((f) => f.endsWith('.ann.json')).sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as StandoffRecord);

test('news-train records are well formed (ids, spans, CAMEO codes, quote kinds)', () => {
  const recs = records();
  assert.ok(recs.length > 0);
  for (const r of recs) {
    assert.equal(r.doc, docIndex(r.id));
    assert.match(r.text_sha256, /^[0-9a-f]{64}$/);
    assert.equal(r.provenance.guide, 'news-gold GUIDE.md');
    for (const e of r.events) {
      assert.ok(e.sentence[0] < e.sentence[1] && e.trigger[0] < e.trigger[1], `${r.id}: empty span`);
      assert.ok(e.trigger[0] >= e.sentence[0] && e.trigger[1] <= e.sentence[1], `${r.id}: trigger outside sentence`);
      assert.ok(cameoInfo(e.code), `${r.id}: unknown CAMEO code ${e.code}`);
      assert.notEqual(e.code, '010', `${r.id}: plain statements are not annotated`);
      assert.ok(e.source, `${r.id}: event without a source`);
    }
    for (const q of r.quotes) {
      assert.ok(q.content[0] < q.content[1], `${r.id}: empty quote`);
      assert.ok(['direct', 'indirect', 'mixed'].includes(q.kind), `${r.id}: kind ${q.kind}`);
    }
  }
});

const trainPath = sharedDataPath('ner/conll2003/eng.train');
test('every record fits the text rebuilt from eng.train', { skip: !existsSync(trainPath) }, () => {
  const docs = readDocuments(readFileSync(trainPath, 'utf8'));
  assert.equal(docs.length, 946);
  for (const r of records()) {
    const gold = toGold(r, rebuildDocument(docs[r.doc], r.id)); // throws on a sha256 mismatch
    for (const e of gold.events) assert.ok(e.sentence.includes(e.trigger));
  }
});

const testaPath = sharedDataPath('ner/conll2003/eng.testa');
const devDir = sharedDataPath('news-gold/dev/articles');
test('the rebuild reproduces the news-gold dev articles byte for byte', { skip: !existsSync(testaPath) || !existsSync(devDir) }, () => {
  const docs = readDocuments(readFileSync(testaPath, 'utf8'));
  for (const f of readdirSync(devDir).filter((x) => x.endsWith('.json'))) {
    const id = f.replace(/\.json$/, '');
    const art = rebuildDocument(docs[Number(id.split('-')[1])], id);
    assert.equal(JSON.stringify(art, null, 1), readFileSync(join(devDir, f), 'utf8'), id);
  }
});
