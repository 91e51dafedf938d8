import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averageModels, pruneModel, stackClasses, sumModels } from '../../src/nlp/linear/ensemble.js';
import { finish, hashString, key1, key2, key3, KEY_SEED, mix, TemplateKeys } from '../../src/nlp/linear/keys.js';
import { LinearModel } from '../../src/nlp/linear/model.js';
import { conllForm, normalizeForm, normalizeWord, splitterForm } from '../../src/nlp/linear/normalize.js';
import { FrozenScorer } from '../../src/nlp/linear/scorer.js';
import { IntTable, tableCapacity } from '../../src/nlp/linear/table.js';
import { seededRandom } from '../../src/nlp/random.js';

/** A random model: rows of one weight, short rows, and long rows over most classes (stored dense). */
function randomModel(nClasses: number, rows: number, seed: number): LinearModel {
  const random = seededRandom(seed);
  const keys = new Set<number>();
  while (keys.size < rows) keys.add(((random() * 0x7fffffff) | 0) + 1);
  const ptr = [0];
  const cls: number[] = [];
  const val: number[] = [];
  for (const _ of keys) {
    const kind = random();
    const len = Math.min(nClasses, kind < 0.3 ? 1 : kind < 0.8 ? 2 + Math.floor(random() * 5) : 16 + Math.floor(random() * nClasses));
    const start = Math.floor(random() * (nClasses - len + 1));
    for (let c = start; c < start + len; c++) {
      if (len > 1 && random() < 0.2) continue; // gaps inside a dense run
      cls.push(c);
      val.push((random() - 0.5) * 10);
    }
    ptr.push(cls.length);
  }
  return new LinearModel(nClasses, Int32Array.from(keys), Uint32Array.from(ptr), Uint16Array.from(cls), Float32Array.from(val));
}

/** The model as read back from its file's arrays (int16 weights, one scale). */
function stored(m: LinearModel): LinearModel {
  const { arrays, meta } = m.toArrays('m');
  return LinearModel.fromArrays('m', arrays, meta);
}

test('IntTable: rows, counts and growth under the one sizing rule', () => {
  assert.equal(tableCapacity(0), 16);
  assert.equal(tableCapacity(382170), 1 << 20); // the parser's transition model: at most 2/3 full
  const t = IntTable.rowsOf(Int32Array.of(5, -7, 123456789));
  assert.deepEqual([t.get(5), t.get(-7), t.get(123456789), t.get(6)], [0, 1, 2, -1]);
  const c = new IntTable(4);
  for (let i = 1; i <= 1000; i++) for (let k = 0; k < i % 3; k++) c.increment(i * 7919);
  assert.equal(c.size, 667);
  assert.equal(c.get(2 * 7919), 2);
  assert.equal(c.get(3 * 7919), -1);
  assert.equal(c.getOrAdd(3 * 7919, 42), 42);
  assert.equal(c.getOrAdd(3 * 7919, 43), 42);
});

test('feature keys: TemplateKeys equals the default key1..3; hashString is FNV-1a and never 0', () => {
  const K = new TemplateKeys(KEY_SEED, 64);
  for (const [t, a, b, c] of [[1, 2, 3, 4], [63, -5, 0x7fffffff, -0x80000000]]) {
    assert.equal(K.k1(t, a), key1(t, a));
    assert.equal(K.k2(t, a, b), key2(t, a, b));
    assert.equal(K.k3(t, a, b, c), key3(t, a, b, c));
    assert.equal(K.k4(t, a, b, c, 9), finish(mix(mix(mix(mix(mix(KEY_SEED, t), a), b), c), 9)));
  }
  assert.equal(new TemplateKeys(KEY_SEED, 8, 1).k1(0, 7), key1(1, 7));
  assert.equal(hashString('a'), Math.imul(0x811c9dc5 ^ 97, 0x01000193));
  assert.notEqual(hashString(''), 0);
});

test('FrozenScorer: integer sums of the stored int16 weights, the same scores as LinearModel', () => {
  for (const C of [17, 51, 176]) {
    const m = stored(randomModel(C, 400, C));
    const f = new FrozenScorer(m);
    const random = seededRandom(C + 1);
    const keys = Int32Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 12345 + i : m.keys[Math.floor(random() * m.keys.length)]));
    const ref = new Float64Array(C);
    m.score(keys, keys.length, ref);
    const ints = new Int32Array(C + 3);
    f.sumInts(keys, 0, keys.length, ints, 3);
    const f64 = new Float64Array(C);
    f.addScores(keys, 0, keys.length, f64, 0);
    const floats = new Float64Array(C);
    f.score(keys, keys.length, floats);
    for (let c = 0; c < C; c++) {
      assert.ok(Math.abs(ints[c + 3] * f.unit - ref[c]) < 1e-3, `class ${c}`);
      assert.equal(f64[c], ints[c + 3]);
      assert.ok(Math.abs(floats[c] - ref[c]) < 1e-3);
    }
    // only the candidates' entries are exact
    const cand = Int32Array.of(3 + 1, 3 + C - 1);
    const some = new Int32Array(C + 3);
    f.sumIntsSome(keys, 0, keys.length, some, 3, cand, 0, 2);
    for (const o of cand) assert.equal(some[o], ints[o]);
  }
});

test('FrozenScorer, at most 3 classes: weights inline; scoreFloat32 adds exactly what LinearModel.score adds', () => {
  for (const C of [2, 3]) {
    const m = stored(randomModel(C, 300, 7 + C));
    const f = new FrozenScorer(m);
    assert.ok(f.narrow);
    const keys = Int32Array.from(m.keys.subarray(0, 50));
    const ref = new Float64Array(C);
    m.score(keys, keys.length, ref);
    const got = new Float64Array(C);
    f.scoreFloat32(keys, keys.length, got);
    assert.deepEqual(got, ref);
    const ints = new Int32Array(3);
    f.sumInts3(keys, keys.length, ints);
    for (let c = 0; c < C; c++) assert.ok(Math.abs(ints[c] * f.unit - ref[c]) < 1e-3);
  }
});

test('FrozenScorer, wider models (the quote taggers): scoreFloat32 adds exactly what LinearModel.score adds', () => {
  for (const C of [5, 17]) {
    const m = stored(randomModel(C, 400, 19 + C));
    const f = new FrozenScorer(m);
    assert.ok(!f.narrow);
    // every kind of row (inline, packed, dense) and keys the model lacks
    const keys = Int32Array.from([...m.keys.subarray(0, 120), 123456789, -5]);
    const ref = new Float64Array(C);
    m.score(keys, keys.length, ref);
    const got = new Float64Array(C);
    f.scoreFloat32(keys, keys.length, got);
    assert.deepEqual(got, ref);
    // not the float64 products `score` adds: the float32 ones, so that the quote taggers' memos stay exact
    const wide = new Float64Array(C);
    f.score(keys, keys.length, wide);
    assert.ok(wide.some((v, c) => v !== ref[c]));
  }
});

test('a model built in memory is quantised once, as its file stores it', () => {
  const m = randomModel(17, 200, 3);
  const a = new FrozenScorer(m);
  const b = new FrozenScorer(stored(m));
  assert.equal(a.unit, b.unit);
  const keys = Int32Array.from(m.keys);
  const x = new Int32Array(17);
  const y = new Int32Array(17);
  a.sumInts(keys, 0, keys.length, x, 0);
  b.sumInts(keys, 0, keys.length, y, 0);
  assert.deepEqual(x, y);
});

test('ensembles: the average of a model with itself is the model; a sum doubles it; stacking and pruning', () => {
  const m = randomModel(5, 50, 11);
  const keysSorted = Int32Array.from(m.keys).sort();
  const avg = averageModels([m, m], 0);
  assert.deepEqual(avg.keys, keysSorted);
  const sum = sumModels([m, m]);
  const s1 = new Float64Array(5);
  const s2 = new Float64Array(5);
  m.score(m.keys, m.keys.length, s1);
  sum.score(m.keys, m.keys.length, s2);
  for (let c = 0; c < 5; c++) assert.ok(Math.abs(s2[c] - 2 * s1[c]) < 1e-3);
  const st = stackClasses(m, m);
  assert.equal(st.nClasses, 10);
  const pruned = pruneModel(m, 4);
  for (const v of pruned.val) assert.ok(Math.abs(v) >= 4);
});

test('the one normaliser keeps each model\'s trained folding', () => {
  // tagger / lemmatizer (UD EWT)
  assert.equal(normalizeForm('Iran’s'), "Iran's");
  assert.equal(normalizeForm('—'), '--');
  assert.equal(normalizeForm('–'), '--');
  assert.equal(normalizeForm('1990–91'), '1990-91');
  assert.equal(normalizeForm('“Hi”'), '"Hi"');
  assert.equal(normalizeForm('plain'), 'plain');
  // parser: lower case, digits 0, the backtick but not the low-9 quote
  assert.equal(normalizeWord('Iran’s'), "iran's");
  assert.equal(normalizeWord('1990–91'), '0000-00');
  assert.equal(normalizeWord('`'), "'");
  assert.equal(normalizeWord('‚'), '‚');
  // NER (CoNLL-2003): a single dash, acronyms undotted, the backtick only beside other non-ASCII characters
  assert.equal(conllForm('—'), '-');
  assert.equal(conllForm('U.S.'), 'US');
  assert.equal(conllForm('``'), '"');
  assert.equal(conllForm('`'), '`');
  assert.equal(conllForm('`é'), "'é");
  // sentence splitter
  assert.equal(splitterForm('……'), '...');
  assert.equal(splitterForm('....'), '...');
  assert.equal(splitterForm('—'), '--');
  assert.equal(splitterForm('’s'), "'s");
});
