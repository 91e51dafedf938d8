/**
 * The accurate profile: tree decoding (pure TypeScript), the profile flag, and the shipped neural core, which
 * must agree exactly with ONNX Runtime in Python on real EWT dev sentences (`models/neural/core.check.json`,
 * written by the export and the int8 step). The core's tests are skipped with a message where the optional
 * onnxruntime-node is not installed.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { UPOS_TAGS } from '../../src/doc/doc.js';
import { NeuralCore, readNeuralChecks, wordKey } from '../../src/nlp/neural/core.js';
import { loadNlpResources, nlpStage } from '../../src/nlp/stage.js';
import { loadResources, newDoc } from '../../src/pipeline/analyze.js';
import { parseProfile } from '../../src/nlp/neural/profile.js';
import { ortRuntime } from '../../src/nlp/neural/runtime.js';
import { decodeTree, eisner, headLogProbs, isTree } from '../../src/nlp/neural/tree.js';
import { WordIndex } from '../../src/nlp/neural/words.js';

/** A (n+1)×(n+1) score matrix from rows of [head, score] pairs for words 1..n (others -10). */
function matrix(n: number, rows: [number, number][][]): Float32Array {
  const N = n + 1;
  const m = new Float32Array(N * N).fill(-10);
  rows.forEach((row, k) => {
    for (const [h, s] of row) m[(k + 1) * N + h] = s;
  });
  return m;
}

test('tree: a cycle among the best heads is resolved by Eisner into the best single-root tree', () => {
  // 1 -> 2 and 2 -> 1 are each word's best head: a cycle; rooting word 2 costs less than rooting word 1
  const m = matrix(3, [
    [[2, 5], [0, 3], [3, 0]],
    [[1, 5], [0, 4], [3, 0]],
    [[2, 4], [0, 0], [1, 0]],
  ]);
  assert.deepEqual([...decodeTree(m, 3)].slice(1), [2, 0, 2]);
});

test('tree: best heads that already form a tree are kept, even non-projective', () => {
  // 1 <- 3, 2 <- ROOT, 3 <- 2, 4 <- 2: the arc 3 -> 1 crosses the root arc over word 2
  const m = matrix(4, [[[3, 5]], [[0, 5]], [[2, 5]], [[2, 5]]]);
  const heads = decodeTree(m, 4);
  assert.deepEqual([...heads].slice(1), [3, 0, 2, 2]);
  assert.ok(isTree(heads, 4));
  // Eisner alone can only give a projective tree here
  const lp = new Float64Array(25);
  headLogProbs(m, 4, lp);
  assert.notDeepEqual([...eisner(lp, 4)].slice(1), [3, 0, 2, 2]);
});

test('tree: two words under ROOT are not a tree; one stays', () => {
  const m = matrix(3, [[[0, 5], [2, 4]], [[0, 5], [1, 1]], [[2, 5]]]);
  assert.equal(isTree(new Int32Array([0, 0, 0, 2]), 3), false);
  assert.deepEqual([...decodeTree(m, 3)].slice(1), [2, 0, 2]);
});

test('profile: fast and accurate, anything else refused with the choices', () => {
  assert.equal(parseProfile('fast'), 'fast');
  assert.equal(parseProfile('accurate'), 'accurate');
  assert.throws(() => parseProfile('best'), /fast .* or accurate/);
});

test('word keys fold typographic quotes and dashes and lower-case, as training does', () => {
  assert.equal(wordKey('Don’t'), "don't");
  assert.equal(wordKey('“Hello”'), '"hello"');
  assert.equal(wordKey('—'), '--');
});

test('neural core: onnxruntime-node gives exactly the reference tags, heads and labels on EWT dev sentences', (t) => {
  if (!ortRuntime() || !NeuralCore.filesPresent()) {
    t.skip(ortRuntime() ? 'models/neural absent' : 'onnxruntime-node is not installed (optional): the accurate profile is unavailable');
    return;
  }
  const core = NeuralCore.default();
  // the shipped graph's own outputs as ONNX Runtime in Python gives them (the int8 graph is not PyTorch's float32)
  const checks = readNeuralChecks().sentences;
  // ONNX Runtime's int8 matrix kernels differ by CPU (AVX-512 VNNI or not): on an AMD EPYC without VNNI one arc
  // of the 960 in the check file flips between two near-equal heads. Tags and labels stay exact; heads may differ
  // at one token in 300.
  let tokens = 0;
  let headDiffs = 0;
  for (const c of checks) {
    const raw = core.rawArgmax(c.forms);
    assert.deepEqual(raw.upos, c.upos, c.forms.join(' '));
    assert.deepEqual(raw.xpos, c.xpos, c.forms.join(' '));
    assert.deepEqual(raw.rels.length, c.argmax_rels.length);
    for (let i = 0; i < c.forms.length; i++) {
      tokens++;
      if (raw.heads[i] !== c.argmax_heads[i]) headDiffs++;
      // a label is compared where the head is the same
      else assert.equal(raw.rels[i], c.argmax_rels[i], `${c.forms.join(' ')}: label of ${c.forms[i]}`);
    }
  }
  t.diagnostic(`${headDiffs} of ${tokens} heads differ from ONNX Runtime in Python`);
  assert.ok(headDiffs * 300 <= tokens, `${headDiffs} of ${tokens} heads differ`);
});

test('neural core: sentences of different lengths in one call come back in order, each a tree', (t) => {
  if (!ortRuntime() || !NeuralCore.filesPresent()) {
    t.skip(ortRuntime() ? 'models/neural absent' : 'onnxruntime-node is not installed (optional): the accurate profile is unavailable');
    return;
  }
  const core = NeuralCore.default();
  const sents = [
    ['Iran', 'denied', 'the', 'report', '.'],
    ['He', 'said', 'so', '.'],
    ['The', 'talks', 'ended', '.'],
    ['Iran', 'denied', 'the', 'report', '.'],
  ];
  const out = core.annotate(sents);
  assert.equal(out.length, 4);
  out.forEach((p, k) => {
    assert.equal(p.upos.length, sents[k].length);
    assert.ok(isTree(Int32Array.from([0, ...p.head]), sents[k].length));
  });
  assert.deepEqual(out[0], out[3]);
  // the same call gives the same parses; run alone, a sentence may differ on a few words (0.4% on EWT dev), as the
  // int8 graph quantizes its activations with one scale per batch (training/neural/quantize.py)
  assert.deepEqual(core.annotate(sents), out);
});

test('neural core: the character vectors kept between calls change nothing, nor a table too small that starts over', (t) => {
  if (!ortRuntime() || !NeuralCore.filesPresent()) {
    t.skip(ortRuntime() ? 'models/neural absent' : 'onnxruntime-node is not installed (optional): the accurate profile is unavailable');
    return;
  }
  const checks = readNeuralChecks().sentences;
  const docs = [checks.slice(0, 6), checks.slice(6, 9), checks.slice(0, 3), checks.slice(9, 30)].map((d) => d.map((c) => c.forms));
  const fresh = docs.map((d) => NeuralCore.load().annotate(d));
  const kept = NeuralCore.load();
  // at most 256 forms (one batch's worth) kept: the last document has more, so the table starts over within it
  const small = NeuralCore.load(undefined, 1);
  docs.forEach((d, k) => {
    assert.deepEqual(kept.annotate(d), fresh[k]);
    assert.deepEqual(small.annotate(d), fresh[k]);
  });
});

/** `load()` run with the accurate profile chosen, or null (the test skipped) when it is unavailable here. */
function withAccurateProfile<T>(t: TestContext, load: () => T): T | null {
  if (!ortRuntime() || !NeuralCore.filesPresent()) {
    t.skip(ortRuntime() ? 'models/neural absent' : 'onnxruntime-node is not installed (optional): the accurate profile is unavailable');
    return null;
  }
  process.env.HERALD_PROFILE = 'accurate';
  try {
    return load();
  } finally {
    delete process.env.HERALD_PROFILE;
  }
}

test('accurate profile: the NLP stage tags, lemmatises and parses a news sentence with the neural core', (t) => {
  const res = withAccurateProfile(t, loadNlpResources);
  if (!res) return;
  assert.ok(res.neural);
  const doc = newDoc('Netanyahu discussed the nuclear deal with US President Donald Trump last week in Washington.');
  nlpStage(doc, res, { ner: false });
  const tk = doc.tokens;
  const rows = tk.form.map((f, i) => `${f} ${UPOS_TAGS[tk.upos[i]]} ${tk.xpos[i]} ${tk.lemma[i]} ${tk.head[i]} ${tk.deprel[i]}`);
  assert.deepEqual(rows, [
    'Netanyahu PROPN NNP Netanyahu 1 nsubj',
    'discussed VERB VBD discuss -1 root',
    'the DET DT the 4 det',
    'nuclear ADJ JJ nuclear 4 amod',
    'deal NOUN NN deal 1 obj',
    'with ADP IN with 8 case',
    'US PROPN NNP US 7 compound',
    'President PROPN NNP President 8 nmod:desc',
    'Donald PROPN NNP Donald 4 nmod',
    'Trump PROPN NNP Trump 8 flat',
    'last ADJ JJ last 11 amod',
    'week NOUN NN week 1 obl:unmarked',
    'in ADP IN in 13 case',
    'Washington PROPN NNP Washington 1 obl',
    '. PUNCT . . 1 punct',
  ]);
});

test('accurate profile: the perceptron tagger and parser stay unloaded until asked for, in the pipeline\'s resources too', (t) => {
  const res = withAccurateProfile(t, () => loadResources());
  if (!res) return;
  // getters, not values: reading them is what loads the models (the coreference evaluation does)
  assert.equal(typeof Object.getOwnPropertyDescriptor(res, 'tagger')?.get, 'function');
  assert.equal(typeof Object.getOwnPropertyDescriptor(res, 'parser')?.get, 'function');
  assert.ok(res.tagger.tagSentence(['He', 'left', '.']).upos.length === 3);
});

test('word index: answers as a Map filled in list order would (a repeated word: its last row), skipped rows absent', () => {
  const list = ['<pad>', '<unk>', '<root>', 'the', 'déjà', '𝔘nicode', 'the', '', 'a'];
  const index = WordIndex.load('test:words', () => list, (w, row) => row >= 3 && w === '');
  const map = new Map<string, number>();
  list.forEach((w, row) => {
    if (row < 3 || w !== '') map.set(w, row);
  });
  for (const w of [...list, 'absent', 'th', 'thee', '𝔘nicod']) assert.equal(index.get(w), map.get(w) ?? -1, w);
});
