/**
 * Builds data/word-clusters.tsv.gz: hierarchical word clusters (Brown-style bit paths) learned from unlabeled
 * text, used as NER features (prefixes of the path at several lengths).
 *
 *   node --import tsx scripts/build-word-clusters.ts [--out FILE] [--min-count N] [--dims D] [--depth N]
 *
 * Text: the tokens of CoNLL-2003 eng.train, the raw PolNeAR train articles and UD EWT train (training
 * splits only; never dev/test, never GUM). Method: each word (count ≥ min-count, case kept, digits → 0) gets a
 * context vector of its left/right neighbours at distance 1 and 2 (lowercased, top contexts), weighted by
 * positive PMI with smoothed context counts; a randomized SVD reduces it to D dimensions; a top-down tree of
 * spherical 2-means splits gives every word a path of 0/1 choices (like a Brown-cluster path).
 * Output lines: `path<TAB>word<TAB>count`. Deterministic.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { normalizeForm } from '../src/nlp/ner.js';
import { dataPath, sharedDataPath } from '../src/nlp/paths.js';
import { seededRandom } from '../src/nlp/random.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
};
const outPath = opt('--out', dataPath('word-clusters.tsv.gz'));
const minCount = Number(opt('--min-count', '3'));
const DIMS = Number(opt('--dims', '80'));
const MAX_DEPTH = Number(opt('--depth', '22'));
const N_CONTEXT = Number(opt('--contexts', '2500'));
const t0 = performance.now();
const log = (s: string): void => console.log(`${s} (${((performance.now() - t0) / 1000).toFixed(1)}s)`);

// ---- 1. Corpus as sentences of normalised tokens.
const sentences: string[][] = [];
{
  let cur: string[] = [];
  for (const line of readFileSync(sharedDataPath('ner/conll2003/eng.train'), 'utf8').split('\n')) {
    const t = line.trim();
    if (!t) {
      if (cur.length) sentences.push(cur);
      cur = [];
      continue;
    }
    const form = t.split(' ')[0];
    if (form !== '-DOCSTART-') cur.push(form);
  }
  if (cur.length) sentences.push(cur);
}
{
  let cur: string[] = [];
  for (const line of readFileSync(sharedDataPath('ud/en_ewt-ud-train.conllu'), 'utf8').split('\n')) {
    if (line.startsWith('#')) continue;
    if (!line.trim()) {
      if (cur.length) sentences.push(cur);
      cur = [];
      continue;
    }
    const cols = line.split('\t');
    if (/^\d+$/.test(cols[0])) cur.push(cols[1]);
  }
}
/** Plain-text tokenizer close to CoNLL/PTB conventions (clitics split, punctuation apart, abbreviations kept). */
function tokenize(text: string): string[][] {
  const out: string[][] = [];
  for (const para of text.split(/\n+/)) {
    const toks: string[] = [];
    const re = /(?:[A-Za-z]\.){2,}|[\p{L}\p{N}]+(?:[-.'’&][\p{L}\p{N}]+)*|\S/gu;
    for (const m of para.matchAll(re)) {
      const w = m[0];
      const cl = /^(.+?)(n['’]t|['’](?:s|re|ve|ll|d|m))$/i.exec(w);
      if (cl && cl[1].length > 0) {
        toks.push(cl[1], cl[2]);
      } else toks.push(w);
    }
    // Split into sentences at . ! ? followed by a capitalised token.
    let cur: string[] = [];
    for (let i = 0; i < toks.length; i++) {
      cur.push(toks[i]);
      if (/^[.!?]$/.test(toks[i]) && (i + 1 === toks.length || /^[A-Z"“]/.test(toks[i + 1]))) {
        out.push(cur);
        cur = [];
      }
    }
    if (cur.length) out.push(cur);
  }
  return out;
}
{
  const dir = sharedDataPath('attribution/polnear/train/text');
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith('.txt')) sentences.push(...tokenize(readFileSync(join(dir, f), 'utf8')));
  }
}
const corpus = sentences.map((s) => s.map(normalizeForm));
let nTokens = 0;
for (const s of corpus) nTokens += s.length;
log(`${corpus.length} sentences, ${nTokens} tokens`);

// ---- 2. Vocabulary and contexts.
const counts = new Map<string, number>();
const lowerCounts = new Map<string, number>();
for (const s of corpus) {
  for (const w of s) {
    counts.set(w, (counts.get(w) ?? 0) + 1);
    const l = w.toLowerCase();
    lowerCounts.set(l, (lowerCounts.get(l) ?? 0) + 1);
  }
}
const vocab = [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const wordId = new Map(vocab.map(([w], i) => [w, i]));
const ctxWords = [...lowerCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, N_CONTEXT).map(([w]) => w);
const ctxId = new Map(ctxWords.map((w, i) => [w, i]));
const V = vocab.length;
const OFFSETS = [-2, -1, 1, 2];
const D = OFFSETS.length * (N_CONTEXT + 2); // +2: boundary and "other" per offset
log(`vocabulary ${V} words (count ≥ ${minCount}), ${D} context dimensions`);

const cooc: Map<number, number>[] = Array.from({ length: V }, () => new Map());
for (const s of corpus) {
  const ctx = s.map((w) => ctxId.get(w.toLowerCase()) ?? N_CONTEXT + 1);
  for (let i = 0; i < s.length; i++) {
    const id = wordId.get(s[i]);
    if (id === undefined) continue;
    const m = cooc[id];
    OFFSETS.forEach((o, oi) => {
      const j = i + o;
      const c = j < 0 || j >= s.length ? N_CONTEXT : ctx[j];
      const key = oi * (N_CONTEXT + 2) + c;
      m.set(key, (m.get(key) ?? 0) + (Math.abs(o) === 1 ? 1 : 0.5));
    });
  }
}
// PPMI with context-distribution smoothing (alpha 0.75).
const ctxTotal = new Float64Array(D);
const rowTotal = new Float64Array(V);
for (let v = 0; v < V; v++) {
  for (const [c, n] of cooc[v]) {
    ctxTotal[c] += n;
    rowTotal[v] += n;
  }
}
let smoothTotal = 0;
const ctxSmooth = new Float64Array(D);
for (let c = 0; c < D; c++) smoothTotal += (ctxSmooth[c] = Math.pow(ctxTotal[c], 0.75));
const rowPtr = new Int32Array(V + 1);
const colIdx: number[] = [];
const vals: number[] = [];
for (let v = 0; v < V; v++) {
  const entries = [...cooc[v]].sort((a, b) => a[0] - b[0]);
  for (const [c, n] of entries) {
    const pmi = Math.log((n / rowTotal[v]) / (ctxSmooth[c] / smoothTotal));
    if (pmi > 0) {
      colIdx.push(c);
      vals.push(pmi);
    }
  }
  rowPtr[v + 1] = colIdx.length;
}
const col = Int32Array.from(colIdx);
const val = Float64Array.from(vals);
log(`PPMI matrix: ${val.length} non-zeros`);

// ---- 3. Randomized SVD.
const K = DIMS + 10;
const random = seededRandom(7);
const gauss = (): number => {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
};
/** Y (V×K, row-major) = M · X (D×K). */
function mulM(X: Float64Array): Float64Array {
  const Y = new Float64Array(V * K);
  for (let v = 0; v < V; v++) {
    const yo = v * K;
    for (let p = rowPtr[v]; p < rowPtr[v + 1]; p++) {
      const a = val[p];
      const xo = col[p] * K;
      for (let k = 0; k < K; k++) Y[yo + k] += a * X[xo + k];
    }
  }
  return Y;
}
/** X (D×K) = Mᵀ · Y (V×K). */
function mulMt(Y: Float64Array): Float64Array {
  const X = new Float64Array(D * K);
  for (let v = 0; v < V; v++) {
    const yo = v * K;
    for (let p = rowPtr[v]; p < rowPtr[v + 1]; p++) {
      const a = val[p];
      const xo = col[p] * K;
      for (let k = 0; k < K; k++) X[xo + k] += a * Y[yo + k];
    }
  }
  return X;
}
/** Orthonormalises the K columns of a row-major n×K matrix in place (modified Gram–Schmidt). */
function orthonormalize(A: Float64Array, n: number): void {
  for (let j = 0; j < K; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += A[r * K + i] * A[r * K + j];
      for (let r = 0; r < n; r++) A[r * K + j] -= dot * A[r * K + i];
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += A[r * K + j] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < n; r++) A[r * K + j] /= norm;
  }
}
const omega = new Float64Array(D * K);
for (let i = 0; i < omega.length; i++) omega[i] = gauss();
let Q = mulM(omega);
orthonormalize(Q, V);
for (let it = 0; it < 2; it++) {
  const Z = mulMt(Q);
  orthonormalize(Z, D);
  Q = mulM(Z);
  orthonormalize(Q, V);
}
const Bt = mulMt(Q); // D×K = (Qᵀ M)ᵀ
// G = B Bᵀ (K×K); eigenvectors by cyclic Jacobi.
const G = new Float64Array(K * K);
for (let d = 0; d < D; d++) {
  const o = d * K;
  for (let i = 0; i < K; i++) {
    const a = Bt[o + i];
    if (a === 0) continue;
    for (let j = 0; j < K; j++) G[i * K + j] += a * Bt[o + j];
  }
}
const E = new Float64Array(K * K);
for (let i = 0; i < K; i++) E[i * K + i] = 1;
for (let sweep = 0; sweep < 30; sweep++) {
  let off = 0;
  for (let p = 0; p < K; p++) for (let q = p + 1; q < K; q++) off += G[p * K + q] ** 2;
  if (off < 1e-18) break;
  for (let p = 0; p < K; p++) {
    for (let q = p + 1; q < K; q++) {
      const apq = G[p * K + q];
      if (Math.abs(apq) < 1e-300) continue;
      const theta = (G[q * K + q] - G[p * K + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < K; k++) {
        const gkp = G[k * K + p];
        const gkq = G[k * K + q];
        G[k * K + p] = c * gkp - s * gkq;
        G[k * K + q] = s * gkp + c * gkq;
      }
      for (let k = 0; k < K; k++) {
        const gpk = G[p * K + k];
        const gqk = G[q * K + k];
        G[p * K + k] = c * gpk - s * gqk;
        G[q * K + k] = s * gpk + c * gqk;
      }
      for (let k = 0; k < K; k++) {
        const ekp = E[k * K + p];
        const ekq = E[k * K + q];
        E[k * K + p] = c * ekp - s * ekq;
        E[k * K + q] = s * ekp + c * ekq;
      }
    }
  }
}
const order = Array.from({ length: K }, (_, i) => i).sort((a, b) => G[b * K + b] - G[a * K + a]);
// Embeddings: U · S^0.5 over the top DIMS components, rows L2-normalised.
const emb = new Float64Array(V * DIMS);
for (let v = 0; v < V; v++) {
  let norm = 0;
  for (let d = 0; d < DIMS; d++) {
    const e = order[d];
    let x = 0;
    for (let k = 0; k < K; k++) x += Q[v * K + k] * E[k * K + e];
    x *= Math.pow(Math.max(G[e * K + e], 0), 0.25);
    emb[v * DIMS + d] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < DIMS; d++) emb[v * DIMS + d] /= norm;
}
log(`SVD done: top singular values ${order.slice(0, 5).map((e) => Math.sqrt(Math.max(0, G[e * K + e])).toFixed(1)).join(' ')}`);

// ---- 4. Top-down spherical 2-means tree.
const paths = new Array<string>(V).fill('');
const centroid = (ids: Int32Array): Float64Array => {
  const c = new Float64Array(DIMS);
  for (const v of ids) for (let d = 0; d < DIMS; d++) c[d] += emb[v * DIMS + d];
  let n = 0;
  for (let d = 0; d < DIMS; d++) n += c[d] * c[d];
  n = Math.sqrt(n) || 1;
  for (let d = 0; d < DIMS; d++) c[d] /= n;
  return c;
};
const dot = (v: number, c: Float64Array): number => {
  let s = 0;
  const o = v * DIMS;
  for (let d = 0; d < DIMS; d++) s += emb[o + d] * c[d];
  return s;
};
const stack: { ids: Int32Array; path: string }[] = [{ ids: Int32Array.from({ length: V }, (_, i) => i), path: '' }];
while (stack.length) {
  const { ids, path } = stack.pop()!;
  for (const v of ids) paths[v] = path;
  if (ids.length < 2 || path.length >= MAX_DEPTH) continue;
  // Seeds: the word least like the centroid, then the word least like that one.
  const mean = centroid(ids);
  let a = ids[0];
  let best = Infinity;
  for (const v of ids) {
    const s = dot(v, mean);
    if (s < best) {
      best = s;
      a = v;
    }
  }
  const ca = new Float64Array(emb.subarray(a * DIMS, (a + 1) * DIMS));
  let b = ids[0];
  best = Infinity;
  for (const v of ids) {
    const s = dot(v, ca);
    if (s < best && v !== a) {
      best = s;
      b = v;
    }
  }
  let c0: Float64Array = ca;
  let c1: Float64Array = new Float64Array(emb.subarray(b * DIMS, (b + 1) * DIMS));
  let side = new Uint8Array(ids.length);
  for (let it = 0; it < 10; it++) {
    const next = new Uint8Array(ids.length);
    let changed = 0;
    for (let i = 0; i < ids.length; i++) {
      next[i] = dot(ids[i], c1) > dot(ids[i], c0) ? 1 : 0;
      if (next[i] !== side[i]) changed++;
    }
    side = next;
    const left = ids.filter((_, i) => side[i] === 0);
    const right = ids.filter((_, i) => side[i] === 1);
    if (left.length === 0 || right.length === 0) break;
    c0 = centroid(left);
    c1 = centroid(right);
    if (changed === 0 && it > 0) break;
  }
  const left = ids.filter((_, i) => side[i] === 0);
  const right = ids.filter((_, i) => side[i] === 1);
  if (left.length === 0 || right.length === 0) continue;
  stack.push({ ids: left, path: `${path}0` }, { ids: right, path: `${path}1` });
}
log('tree done');

const lines = vocab.map(([w, c], i) => `${paths[i] || '0'}\t${w}\t${c}`);
const showcase = ['Clinton', 'Germany', 'Reuters', 'Monday', 'German', 'said', 'Bank', 'London'];
for (const w of showcase) {
  const id = wordId.get(w);
  if (id === undefined) continue;
  const p = paths[id].slice(0, 10);
  const peers = vocab.filter((_, i) => paths[i].startsWith(p)).slice(0, 10).map(([x]) => x);
  console.log(`${w} ${paths[id]}: ${peers.join(' ')}`);
}
mkdirSync(dirname(outPath), { recursive: true });
const gz = gzipSync(Buffer.from(`${lines.join('\n')}\n`, 'utf8'), { level: 9 });
writeFileSync(outPath, gz);
log(`wrote ${outPath}: ${V} words, ${(gz.length / 1e6).toFixed(2)} MB`);
