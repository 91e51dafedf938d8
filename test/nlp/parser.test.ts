import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readConllu } from '../../src/nlp/conllu.js';
import { FeatureBuffer } from '../../src/nlp/linear/keys.js';
import { transitionFeatures } from '../../src/nlp/parser/features.js';
import { Machine } from '../../src/nlp/parser/machine.js';
import { projectivize } from '../../src/nlp/parser/oracle.js';
import { Parser } from '../../src/nlp/parser/parser.js';
import { scoreParser, trainLabeler, trainParser } from '../../src/nlp/parser/train.js';
import { UPOS_TAGS } from '../../src/doc/doc.js';

const fixture = fileURLToPath(new URL('../fixtures/parser-sample.conllu', import.meta.url));

/** Asserts `head` (0 = root, 1-based) forms one tree: a single root, every word reaches it without a cycle. */
function assertTree(head: Int32Array): void {
  const n = head.length;
  let roots = 0;
  for (let i = 0; i < n; i++) {
    assert.ok(head[i] >= 0 && head[i] <= n && head[i] !== i + 1, `bad head ${head[i]} for word ${i + 1}`);
    if (head[i] === 0) roots++;
    let x = i + 1;
    for (let steps = 0; x !== 0; steps++) {
      assert.ok(steps <= n, `cycle through word ${i + 1}`);
      x = head[x - 1];
    }
  }
  if (n > 0) assert.equal(roots, 1);
}

// "He also accused Israel’s founders of being responsible for the current upheaval in the wider Middle East."
// (examples/seed-article.txt), tokenised and tagged as UD English EWT does ("Middle" is ADJ/NNP there).
const SEED = [
  ['He', 'PRON', 'PRP'], ['also', 'ADV', 'RB'], ['accused', 'VERB', 'VBD'], ['Israel', 'PROPN', 'NNP'],
  ['’s', 'PART', 'POS'], ['founders', 'NOUN', 'NNS'], ['of', 'SCONJ', 'IN'], ['being', 'AUX', 'VBG'],
  ['responsible', 'ADJ', 'JJ'], ['for', 'ADP', 'IN'], ['the', 'DET', 'DT'], ['current', 'ADJ', 'JJ'],
  ['upheaval', 'NOUN', 'NN'], ['in', 'ADP', 'IN'], ['the', 'DET', 'DT'], ['wider', 'ADJ', 'JJR'],
  ['Middle', 'ADJ', 'NNP'], ['East', 'PROPN', 'NNP'], ['.', 'PUNCT', '.'],
];

test('shipped parser: key arcs of a news sentence', () => {
  const p = Parser.default();
  const r = p.parse(SEED.map((t) => t[0]), SEED.map((t) => t[1]), SEED.map((t) => t[2]));
  assertTree(r.head);
  const arc = (word: number): string => `${r.head[word - 1]} ${r.deprel[word - 1]}`;
  assert.equal(arc(3), '0 root'); // accused
  assert.equal(arc(1), '3 nsubj'); // He ← accused
  assert.equal(arc(2), '3 advmod'); // also
  assert.equal(arc(6), '3 obj'); // founders ← accused
  assert.equal(arc(4), '6 nmod:poss'); // Israel ← founders
  assert.equal(arc(5), '4 case'); // ’s
  assert.equal(arc(7), '9 mark'); // of
  assert.equal(arc(8), '9 cop'); // being
  assert.equal(arc(13), '9 obl'); // upheaval ← responsible
  assert.equal(arc(10), '13 case');
  assert.equal(arc(11), '13 det');
  assert.equal(arc(12), '13 amod');
  assert.equal(arc(17), '18 amod'); // Middle ← East
  assert.equal(arc(19), '3 punct');
});

test('shipped parser: accuracy on an EWT dev sample with gold tags', () => {
  const sents = readConllu(fixture);
  assert.equal(sents.length, 50);
  const s = scoreParser(Parser.default(), sents);
  assert.ok(s.uas >= 0.86, `UAS ${s.uas}`);
  assert.ok(s.las >= 0.83, `LAS ${s.las}`);
});

test('parse always returns a well-formed single-rooted tree', () => {
  const p = Parser.default();
  assertTree(p.parse([], [], []).head);
  assertTree(p.parse(['Hello'], ['INTJ'], ['UH']).head);
  assert.deepEqual([...p.parse(['Hello'], ['INTJ'], ['UH']).head], [0]);
  // tag salad, unknown tags and a long input
  const forms: string[] = [];
  const upos: string[] = [];
  const xpos: string[] = [];
  for (let i = 0; i < 300; i++) {
    forms.push(['the', 'of', 'run', ',', 'Zorblax', '"', '42'][i % 7]);
    upos.push(UPOS_TAGS[(i * 7) % UPOS_TAGS.length]);
    xpos.push(['DT', 'IN', 'VB', ',', 'NNP', '``', 'CD', '???'][(i * 3) % 8]);
  }
  const r = p.parse(forms, upos, xpos);
  assert.equal(r.head.length, 300);
  assertTree(r.head);
  for (const d of r.deprel) assert.ok(p.labels.includes(d));
});

test('parseInto writes document-level heads for a token range', () => {
  const p = Parser.default();
  const forms = ['x', ...SEED.map((t) => t[0]), 'y'];
  const upos = Uint8Array.from(['X', ...SEED.map((t) => t[1]), 'X'], (u) => UPOS_TAGS.indexOf(u as (typeof UPOS_TAGS)[number]));
  const xpos = ['FW', ...SEED.map((t) => t[2]), 'FW'];
  const head = new Int32Array(forms.length).fill(-2);
  const deprel = new Array<string>(forms.length).fill('');
  p.parseInto(forms, upos, xpos, 1, 1 + SEED.length, head, deprel);
  const ref = p.parse(SEED.map((t) => t[0]), SEED.map((t) => t[1]), SEED.map((t) => t[2]));
  assert.equal(head[0], -2);
  assert.equal(head[forms.length - 1], -2);
  for (let i = 0; i < SEED.length; i++) {
    assert.equal(head[1 + i], ref.head[i] === 0 ? -1 : ref.head[i]); // doc index = 1 + (1-based head - 1)
    assert.equal(deprel[1 + i], ref.deprel[i]);
  }
});

test('projectivize lifts crossing arcs until the tree is projective', () => {
  // 0-based words 0..3, ROOT = 4: w0←ROOT, w1←w3, w2←w0, w3←w0. The arc w3→w1 spans w2, whose head is w0,
  // so it is non-projective; lifting gives w1 its grandparent w0.
  const heads = Int32Array.from([4, 3, 0, 0]);
  const lifted = projectivize(heads, 4);
  assert.equal(lifted, 1);
  assert.deepEqual([...heads], [4, 0, 0, 0]);
  const proj = Int32Array.from([4, 0, 1, 0]);
  assert.equal(projectivize(proj, 4), 0);
  assert.deepEqual([...proj], [4, 0, 1, 0]);
});

test('trainParser learns a small treebank; save/load round-trips', () => {
  const sents = readConllu(fixture);
  const p = trainParser(sents, { epochs: 6, seed: 3, minFeatureCount: 1, minWeight: 0.01 });
  const fit = scoreParser(p, sents);
  assert.ok(fit.uas > 0.9, `train UAS ${fit.uas}`);
  assert.ok(fit.las > 0.85, `train LAS ${fit.las}`);
  const dir = mkdtempSync(join(tmpdir(), 'herald-parser-'));
  try {
    const path = join(dir, 'p.bin.gz');
    p.save(path);
    const q = Parser.load(path);
    // weights are stored as int16: accuracy survives the quantisation
    assert.ok(Math.abs(scoreParser(q, sents).las - fit.las) < 0.01);
    // and a stored model reloads to exactly the same parses
    q.save(path);
    const r = Parser.load(path);
    for (const s of sents) {
      const f = s.words.map((w) => w.form);
      const u = s.words.map((w) => w.upos);
      const x = s.words.map((w) => w.xpos);
      const a = q.parse(f, u, x);
      const b = r.parse(f, u, x);
      assert.deepEqual([...b.head], [...a.head]);
      assert.deepEqual(b.deprel, a.deprel);
    }
    // same seed, same data → same model
    const p2 = trainParser(sents, { epochs: 6, seed: 3, minFeatureCount: 1, minWeight: 0.01 });
    assert.deepEqual(scoreParser(p2, sents).uas, fit.uas);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('beam-trained parser (max-violation) learns a small treebank; the beam width is stored with the model', () => {
  const sents = readConllu(fixture);
  const p = trainParser(sents, { epochs: 10, seed: 3, minFeatureCount: 1, minWeight: 0.01, beam: 4, decodeBeam: 2 });
  const fit = scoreParser(p, sents);
  assert.ok(fit.uas > 0.9, `train UAS ${fit.uas}`);
  assert.ok(fit.las > 0.85, `train LAS ${fit.las}`);
  for (const s of sents.slice(0, 10)) assertTree(p.parse(s.words.map((w) => w.form), s.words.map((w) => w.upos), s.words.map((w) => w.xpos)).head);
  const dir = mkdtempSync(join(tmpdir(), 'herald-parser-'));
  try {
    const path = join(dir, 'p.bin.gz');
    p.save(path);
    const q = Parser.load(path);
    assert.equal(q.meta.beam, 2);
    assert.ok(Math.abs(scoreParser(q, sents).las - fit.las) < 0.01);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Parser.merge: an ensemble is the sum of its members (a parser merged with itself parses as it does)', () => {
  const sents = readConllu(fixture);
  const a = trainParser(sents, { epochs: 3, seed: 3, minFeatureCount: 1, minWeight: 0.01 });
  const b = trainParser(sents, { epochs: 3, seed: 4, minFeatureCount: 1, minWeight: 0.01 });
  const aa = Parser.merge([a, a]);
  for (const s of sents) {
    const f = s.words.map((w) => w.form);
    const u = s.words.map((w) => w.upos);
    const x = s.words.map((w) => w.xpos);
    assert.deepEqual([...aa.parse(f, u, x).head], [...a.parse(f, u, x).head]);
    assertTree(Parser.merge([a, b]).parse(f, u, x).head);
  }
  assert.ok(Parser.merge([a, b]).features.transition >= Math.max(a.features.transition, b.features.transition));
});

test('second-pass labeler: trains on gold trees, relabels parses, round-trips through the model file', () => {
  const sents = readConllu(fixture);
  const p = trainParser(sents, { epochs: 4, seed: 3, minFeatureCount: 1, minWeight: 0.01 });
  let withLabeler: Parser | null = null;
  trainLabeler(p, sents, undefined, { epochs: 4, minWeight: 0.01, onEpoch: (_, q) => { withLabeler = q; } });
  const q = withLabeler as Parser | null;
  assert.ok(q && q.labeler);
  const fit = scoreParser(q, sents);
  assert.equal(fit.uas, scoreParser(p, sents).uas); // labels only
  assert.ok(fit.las > 0.85, `train LAS ${fit.las}`);
  const dir = mkdtempSync(join(tmpdir(), 'herald-parser-'));
  try {
    const path = join(dir, 'p.bin.gz');
    q.save(path);
    const r = Parser.load(path);
    assert.ok(r.labeler);
    assert.ok(Math.abs(scoreParser(r, sents).las - fit.las) < 0.01);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('second-pass labeler over a beam parser, mixed with the transition-time label scores', () => {
  const sents = readConllu(fixture);
  const p = trainParser(sents, { epochs: 4, seed: 3, minFeatureCount: 1, minWeight: 0.01, beam: 3 });
  let q: Parser | null = null;
  trainLabeler(p, sents, undefined, { epochs: 3, minWeight: 0.01, onEpoch: (_, x) => { q = x; } });
  const mixed = (q as Parser | null)!.withLabeler((q as Parser | null)!.labeler, 0.5);
  const base = scoreParser(p, sents);
  const s = scoreParser(mixed, sents);
  assert.equal(s.uas, base.uas); // the labeler changes labels only
  assert.ok(s.las > 0.85, `train LAS ${s.las}`);
  for (const x of sents.slice(0, 10)) {
    const r = mixed.parse(x.words.map((w) => w.form), x.words.map((w) => w.upos), x.words.map((w) => w.xpos));
    assertTree(r.head);
    for (const d of r.deprel) assert.ok(mixed.labels.includes(d));
  }
});

const CHECKSUM = 1020527022;

test('the transition features keep the keys the shipped model was trained on (128 per configuration, fixed checksum)', () => {
  let seed = 12345;
  const rnd = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % k;
  };
  const fb = new FeatureBuffer(160);
  let checksum = 0;
  for (let trial = 0; trial < 40; trial++) {
    const n = 1 + rnd(12);
    const m = new Machine();
    m.ensure(n);
    for (let i = 0; i < n; i++) {
      for (const a of [m.W, m.P, m.U, m.S, m.A, m.C4, m.C6, m.CF]) a[i] = 1 + rnd(7);
    }
    m.reset(n);
    while (!m.terminal()) {
      const ok = [m.canShift(), m.canLeft(), m.canRight()];
      transitionFeatures(m, fb);
      assert.equal(fb.n, 128);
      const sorted = Array.from(fb.keys.subarray(0, fb.n)).sort((x, y) => x - y);
      for (const key of sorted) checksum = (Math.imul(checksum, 31) + key) | 0;
      let a = rnd(3);
      while (!ok[a]) a = (a + 1) % 3;
      m.apply(a, rnd(40));
    }
  }
  // beam decoding scores these same keys part by part (token, pair, subtree state, rest); a change here would
  // silently detach the shipped model's weights
  assert.equal(checksum, CHECKSUM);
});
