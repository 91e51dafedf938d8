/**
 * Trains the POS tagger (models/tagger.bin.gz) and the lemmatizer (models/lemmatizer.bin.gz).
 *
 *   npm run train:tagger [-- --train F.conllu --dev F.conllu --gum F.conllu --out DIR --epochs 8 --ensemble 3
 *                            --min-weight 0.7 --min-count 1 --seed 1 --no-clusters --clusters-cache FILE]
 *
 * 1. Unlabeled text: the word forms of the training treebank, the PolNeAR train articles and the CoNLL-2003 train
 *    tokens (never dev or test data, never GUM, which is non-commercial).
 * 2. Word classes from it: exchange clustering (class-bigram likelihood; Kneser & Ney 1993, Martin et al. 1998)
 *    at two granularities, plus how often each word is capitalised away from sentence starts.
 * 3. Tagger (src/nlp/tagger/): left-to-right and right-to-left averaged perceptrons on the training treebank,
 *    `--ensemble` shuffles each, averaged, weights below `--min-weight` dropped.
 * 4. Lemmatizer (src/nlp/lemmatizer/): lexicon exceptions and suffix rules from the treebank, the unlabeled
 *    vocabulary to choose among inflection guesses.
 * Prints EWT dev UPOS/XPOS/lemma accuracy (gold tokens, predicted tags), GUM dev as cross-domain, tagging speed,
 * then one JSON line with the numbers. Deterministic for a given seed.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConllu, type ConlluSentence } from '../src/nlp/conllu.js';
import { Lemmatizer } from '../src/nlp/lemmatizer/lemmatizer.js';
import { trainLemmatizer } from '../src/nlp/lemmatizer/train.js';
import { modelPath, sharedDataPath } from '../src/nlp/paths.js';
import { capsBucket, lexHash, lexKey, type WordClusters } from '../src/nlp/tagger/lexicon.js';
import { Tagger } from '../src/nlp/tagger/tagger.js';
import { spaceAfterOf, trainTagger } from '../src/nlp/tagger/train.js';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(`--${name}`);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};

const trainPath = opt('train', sharedDataPath('ud/en_ewt-ud-train.conllu'));
const devPath = opt('dev', sharedDataPath('ud/en_ewt-ud-dev.conllu'));
const gumPath = opt('gum', sharedDataPath('ud/en_gum-ud-dev.conllu'));
const polnearDir = opt('polnear', sharedDataPath('attribution/polnear/train/text'));
const conllPath = opt('conll', sharedDataPath('ner/conll2003/eng.train'));
const epochs = Number(opt('epochs', '8'));
const ensemble = Number(opt('ensemble', '3'));
const minWeight = Number(opt('min-weight', '0.7'));
const minCount = Number(opt('min-count', '1'));
const seed = Number(opt('seed', '1'));
const outDir = opt('out', '');
const taggerOut = outDir ? join(outDir, 'tagger.bin.gz') : modelPath('tagger.bin.gz');
const lemmaOut = outDir ? join(outDir, 'lemmatizer.bin.gz') : modelPath('lemmatizer.bin.gz');
const clustersCache = opt('clusters-cache', '');
const kCoarse = Number(opt('k-coarse', '64'));
const kFine = Number(opt('k-fine', '512'));
const log = (s: string): void => console.log(s);

// ---------------------------------------------------------------------------------------------------------------
// Unlabeled text
// ---------------------------------------------------------------------------------------------------------------

const TOKEN_RE = /(?:[A-Za-z]\.){2,}|[\p{L}\p{N}]+(?:[.,'’\-/][\p{L}\p{N}]+)*|\.\.\.|--|\S/gu;
const CLITIC_RE = /^(.+?)(n['’]t|['’](?:s|re|ve|ll|d|m))$/i;

function tokenizeLine(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(TOKEN_RE)) {
    const t = m[0];
    const c = CLITIC_RE.exec(t);
    if (c) out.push(c[1], c[2]);
    else out.push(t);
  }
  return out;
}

function unlabeledCorpus(train: ConlluSentence[]): string[][] {
  const sents: string[][] = train.map((s) => s.words.map((w) => w.form));
  let polnear = 0;
  if (existsSync(polnearDir)) {
    for (const f of readdirSync(polnearDir).sort()) {
      if (!f.endsWith('.txt')) continue;
      for (const line of readFileSync(join(polnearDir, f), 'utf8').split('\n')) {
        const toks = tokenizeLine(line);
        if (toks.length) {
          sents.push(toks);
          polnear += toks.length;
        }
      }
    }
  }
  let conll = 0;
  if (existsSync(conllPath)) {
    let cur: string[] = [];
    for (const line of readFileSync(conllPath, 'utf8').split('\n')) {
      const tok = line.split(' ')[0];
      if (!tok || tok === '-DOCSTART-') {
        if (cur.length) sents.push(cur);
        cur = [];
        continue;
      }
      cur.push(tok);
      conll++;
    }
    if (cur.length) sents.push(cur);
  }
  let total = 0;
  for (const s of sents) total += s.length;
  log(`unlabeled text: ${sents.length} segments, ${total} tokens (PolNeAR ${polnear}, CoNLL-2003 ${conll})`);
  return sents;
}

// ---------------------------------------------------------------------------------------------------------------
// Exchange clustering
// ---------------------------------------------------------------------------------------------------------------

/**
 * Flat word classes maximising the class-bigram likelihood, by the exchange algorithm: repeatedly move each word
 * to the class that most increases Σ N(c,d) log N(c,d) − 2 Σ N(c) log N(c). Deterministic.
 */
function exchangeClusters(ids: Int32Array, V: number, K: number, iters: number): Int32Array {
  // word 0 = sentence boundary, fixed in class 0; words 1..V-1 move among classes 1..K.
  const K1 = K + 1;
  const freq = new Int32Array(V);
  for (let i = 0; i < ids.length; i++) freq[ids[i]]++;
  // bigram lists (CSR) for successors and predecessors
  const pairs = new Map<number, number>();
  for (let i = 0; i + 1 < ids.length; i++) {
    const k = ids[i] * V + ids[i + 1];
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
  }
  const sPtr = new Int32Array(V + 1);
  const pPtr = new Int32Array(V + 1);
  for (const k of pairs.keys()) {
    sPtr[Math.floor(k / V) + 1]++;
    pPtr[(k % V) + 1]++;
  }
  for (let v = 0; v < V; v++) {
    sPtr[v + 1] += sPtr[v];
    pPtr[v + 1] += pPtr[v];
  }
  const sW = new Int32Array(pairs.size);
  const sC = new Int32Array(pairs.size);
  const pW = new Int32Array(pairs.size);
  const pC = new Int32Array(pairs.size);
  const sFill = sPtr.slice(0, V);
  const pFill = pPtr.slice(0, V);
  for (const [k, c] of pairs) {
    const a = Math.floor(k / V);
    const b = k % V;
    sW[sFill[a]] = b;
    sC[sFill[a]++] = c;
    pW[pFill[b]] = a;
    pC[pFill[b]++] = c;
  }
  const cls = new Int32Array(V);
  for (let w = 1; w < V; w++) cls[w] = ((w - 1) % K) + 1; // ids are in frequency order
  const N = new Int32Array(K1 * K1);
  const Nc = new Int32Array(K1);
  for (const [k, c] of pairs) N[cls[Math.floor(k / V)] * K1 + cls[k % V]] += c;
  for (let w = 0; w < V; w++) Nc[cls[w]] += freq[w];
  const FL = new Float64Array(ids.length + 2);
  for (let x = 1; x < FL.length; x++) FL[x] = x * Math.log(x);
  const sc = new Int32Array(K1);
  const pc = new Int32Array(K1);
  const sList = new Int32Array(K1);
  const pList = new Int32Array(K1);
  for (let it = 0; it < iters; it++) {
    let moved = 0;
    for (let w = 1; w < V; w++) {
      let ns = 0;
      let np = 0;
      let cww = 0;
      for (let j = sPtr[w]; j < sPtr[w + 1]; j++) {
        const b = sW[j];
        if (b === w) { cww += sC[j]; continue; }
        const d = cls[b];
        if (sc[d] === 0) sList[ns++] = d;
        sc[d] += sC[j];
      }
      for (let j = pPtr[w]; j < pPtr[w + 1]; j++) {
        const a = pW[j];
        if (a === w) continue;
        const d = cls[a];
        if (pc[d] === 0) pList[np++] = d;
        pc[d] += pC[j];
      }
      const nw = freq[w];
      const old = cls[w];
      // remove w from its class
      for (let j = 0; j < ns; j++) N[old * K1 + sList[j]] -= sc[sList[j]];
      for (let j = 0; j < np; j++) N[pList[j] * K1 + old] -= pc[pList[j]];
      N[old * K1 + old] -= cww;
      Nc[old] -= nw;
      let best = old;
      let bestGain = -Infinity;
      for (let b = 1; b <= K; b++) {
        let g = 0;
        const row = b * K1;
        for (let j = 0; j < ns; j++) {
          const d = sList[j];
          if (d === b) continue;
          const x = N[row + d];
          g += FL[x + sc[d]] - FL[x];
        }
        for (let j = 0; j < np; j++) {
          const d = pList[j];
          if (d === b) continue;
          const x = N[d * K1 + b];
          g += FL[x + pc[d]] - FL[x];
        }
        const xbb = N[row + b];
        g += FL[xbb + sc[b] + pc[b] + cww] - FL[xbb];
        g -= 2 * (FL[Nc[b] + nw] - FL[Nc[b]]);
        if (g > bestGain + 1e-9 || (b === old && g >= bestGain - 1e-9)) {
          bestGain = g;
          best = b;
        }
      }
      for (let j = 0; j < ns; j++) N[best * K1 + sList[j]] += sc[sList[j]];
      for (let j = 0; j < np; j++) N[pList[j] * K1 + best] += pc[pList[j]];
      N[best * K1 + best] += cww;
      Nc[best] += nw;
      cls[w] = best;
      if (best !== old) moved++;
      for (let j = 0; j < ns; j++) sc[sList[j]] = 0;
      for (let j = 0; j < np; j++) pc[pList[j]] = 0;
    }
    log(`  exchange K=${K} iteration ${it + 1}: ${moved} words moved`);
    if (moved < V / 500) break;
  }
  return cls;
}

const SENTENCE_START_AFTER = new Set(['.', '!', '?', ':', ';', '"', '“', '”', "'", '‘', '’', '(', '-', '--', '—', '–', '...', '…', '``', "''"]);

function learnClusters(corpus: string[][], minCount = 2): WordClusters {
  const counts = new Map<string, number>();
  for (const s of corpus) for (const t of s) {
    const k = lexKey(t);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const vocab = [...counts.entries()].filter(([, n]) => n >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const id = new Map<string, number>(vocab.map(([w], i) => [w, i + 1]));
  const UNK = vocab.length + 1;
  const V = vocab.length + 2;
  const stream: number[] = [0];
  for (const s of corpus) {
    for (const t of s) stream.push(id.get(lexKey(t)) ?? UNK);
    stream.push(0);
  }
  const ids = Int32Array.from(stream);
  log(`clustering ${vocab.length} words (count ≥ ${minCount}) over ${ids.length} positions`);
  const t0 = Date.now();
  const coarse = exchangeClusters(ids, V, kCoarse, 20);
  const fine = exchangeClusters(ids, V, kFine, 20);
  log(`clusters done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  // Capitalisation away from sentence starts (all-capitals tokens say nothing and are skipped).
  const capCount = new Map<string, [number, number]>();
  for (const s of corpus) {
    for (let i = 1; i < s.length; i++) {
      if (SENTENCE_START_AFTER.has(s[i - 1])) continue;
      const t = s[i];
      if (!/^\p{L}/u.test(t) || (t.length > 1 && t === t.toUpperCase())) continue;
      const k = lexKey(t);
      const c = capCount.get(k) ?? [0, 0];
      if (t[0] !== t[0].toLowerCase()) c[0]++;
      c[1]++;
      capCount.set(k, c);
    }
  }
  const keys = new Set(vocab.map(([w]) => w));
  for (const [k, [, n]] of capCount) if (n >= 3) keys.add(k);
  const words = [...keys].sort();
  return {
    keys: Int32Array.from(words, (w) => lexHash(w)),
    coarse: Uint16Array.from(words, (w) => (id.has(w) ? coarse[id.get(w)!] : 0)),
    fine: Uint16Array.from(words, (w) => (id.has(w) ? fine[id.get(w)!] : 0)),
    caps: Uint8Array.from(words, (w) => {
      const c = capCount.get(w);
      return c ? capsBucket(c[0], c[1]) : 0;
    }),
  };
}

function getClusters(corpus: string[][]): WordClusters {
  if (clustersCache && existsSync(clustersCache)) {
    const j = JSON.parse(readFileSync(clustersCache, 'utf8')) as { keys: number[]; coarse: number[]; fine: number[]; caps: number[] };
    log(`clusters from cache ${clustersCache}`);
    return { keys: Int32Array.from(j.keys), coarse: Uint16Array.from(j.coarse), fine: Uint16Array.from(j.fine), caps: Uint8Array.from(j.caps) };
  }
  const c = learnClusters(corpus);
  if (clustersCache) {
    writeFileSync(clustersCache, JSON.stringify({ keys: [...c.keys], coarse: [...c.coarse], fine: [...c.fine], caps: [...c.caps] }));
  }
  return c;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------------------------

interface Scores {
  upos: number;
  xpos: number;
  lemma: number;
  tokens: number;
}

function evaluate(tagger: Tagger, lemmatizer: Lemmatizer | null, sents: ConlluSentence[], spacing = true): Scores {
  let upos = 0;
  let xpos = 0;
  let lemma = 0;
  let tokens = 0;
  for (const s of sents) {
    const forms = s.words.map((w) => w.form);
    const t = tagger.tagSentence(forms, spacing ? spaceAfterOf(s) : undefined);
    for (let i = 0; i < forms.length; i++) {
      const w = s.words[i];
      tokens++;
      if (t.upos[i] === w.upos) upos++;
      if (t.xpos[i] === w.xpos) xpos++;
      if (lemmatizer && lemmatizer.lemma(w.form, t.upos[i], t.xpos[i]) === w.lemma) lemma++;
    }
  }
  return { upos: upos / tokens, xpos: xpos / tokens, lemma: lemma / tokens, tokens };
}

function speed(tagger: Tagger, sents: ConlluSentence[]): number {
  const forms: string[] = [];
  const bounds: number[] = [0];
  for (const s of sents) {
    for (const w of s.words) forms.push(w.form);
    bounds.push(forms.length);
  }
  const upos = new Uint8Array(forms.length);
  const xpos: string[] = new Array<string>(forms.length).fill('');
  const run = (): void => {
    for (let b = 0; b + 1 < bounds.length; b++) tagger.tagInto(forms, bounds[b], bounds[b + 1], upos, xpos);
  };
  run();
  let best = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    run();
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.max(best, forms.length / secs);
  }
  return best;
}

const pct = (x: number): string => x.toFixed(4);

// ---------------------------------------------------------------------------------------------------------------

function main(): void {
  const t0 = Date.now();
  const train = readConllu(trainPath);
  const dev = existsSync(devPath) ? readConllu(devPath) : [];
  const gum = existsSync(gumPath) ? readConllu(gumPath) : [];
  log(`train ${trainPath}: ${train.length} sentences; dev ${dev.length}; GUM dev ${gum.length}`);
  const corpus = unlabeledCorpus(train);
  const clusters = flag('no-clusters') ? null : getClusters(corpus);
  const tagger = trainTagger(train, { epochs, seed, log, clusters, minWeight, ensemble, minCount });
  const tTrain = (Date.now() - t0) / 1000;
  const wordCounts = new Map<string, number>();
  for (const sent of corpus) for (const w of sent) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const vocabulary = [...wordCounts].filter(([w, n]) => n >= 2 && /^\p{L}+$/u.test(w)).map(([w]) => w);
  const lemmatizer = trainLemmatizer(train, { log, vocabulary });
  const s = tagger.stats;
  log(`tagger: ${s.classes} classes, ${s.features} feature rows, ${s.weights} weights, lexicon ${s.lexicon}`);
  const taggerBytes = tagger.save(taggerOut);
  const lemmaBytes = lemmatizer.save(lemmaOut);
  log(`wrote ${taggerOut} (${(taggerBytes / 1e6).toFixed(2)} MB), ${lemmaOut} (${(lemmaBytes / 1e6).toFixed(2)} MB)`);
  const t1 = Date.now();
  const loaded = Tagger.load(taggerOut);
  const loadedLemma = Lemmatizer.load(lemmaOut);
  log(`model load ${((Date.now() - t1) / 1000).toFixed(3)}s`);
  const result: Record<string, number> = {};
  if (dev.length) {
    for (const dir of ['forward', 'backward'] as const) {
      loaded.direction = dir;
      const d1 = evaluate(loaded, null, dev);
      log(`EWT dev ${dir} pass only: UPOS ${pct(d1.upos)}  XPOS ${pct(d1.xpos)}`);
    }
    loaded.direction = 'both';
    const d0 = evaluate(loaded, null, dev, false);
    log(`EWT dev without spacing: UPOS ${pct(d0.upos)}  XPOS ${pct(d0.xpos)}`);
    const d = evaluate(loaded, loadedLemma, dev);
    log(`EWT dev (${d.tokens} tokens): UPOS ${pct(d.upos)}  XPOS ${pct(d.xpos)}  lemma ${pct(d.lemma)}`);
    Object.assign(result, { upos: d.upos, xpos: d.xpos, lemma: d.lemma });
    const tps = speed(loaded, dev);
    log(`tagging speed: ${Math.round(tps)} tokens/s`);
    result.tokens_per_sec = Math.round(tps);
  }
  if (gum.length) {
    const g = evaluate(loaded, loadedLemma, gum);
    log(`GUM dev, cross-domain (${g.tokens} tokens): UPOS ${pct(g.upos)}  XPOS ${pct(g.xpos)}  lemma ${pct(g.lemma)}`);
    Object.assign(result, { gum_upos: g.upos, gum_xpos: g.xpos, gum_lemma: g.lemma });
  }
  result.train_seconds = Math.round(tTrain);
  result.model_bytes = taggerBytes + lemmaBytes;
  console.log(JSON.stringify(result));
}

main();
