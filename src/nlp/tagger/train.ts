/**
 * Training the tagger: the joint class inventory, ambiguity classes, the lexicon, then averaged-perceptron
 * epochs for each direction (optionally an ensemble per direction, averaged), joined into one model of 2C
 * classes.
 */
import type { ConlluSentence } from '../conllu.js';
import { averageModels, stackClasses } from '../linear/ensemble.js';
import type { LinearModel } from '../linear/model.js';
import { IntTable } from '../linear/table.js';
import { PerceptronTrainer } from '../linear/trainer.js';
import { seededRandom, shuffle } from '../random.js';
import { advance, classKinds, N_KEYS, N_STATIC, PAD, resetContext, SentenceFeatures, tagKeys } from './features.js';
import { lexHash, Lexicon, type WordClusters } from './lexicon.js';
import { Tagger } from './tagger.js';

export interface TrainTaggerOptions {
  /** Perceptron epochs per model (default 8). */
  epochs?: number;
  seed?: number;
  log?: (s: string) => void;
  /** Word clusters; defaults to the clusters of the shipped model, if there is one. `null`: none. */
  clusters?: WordClusters | null;
  /**
   * Models per direction, each trained on its own shuffles, whose weights are averaged (default 1; the shipped
   * model uses 3). Costs training time only.
   */
  ensemble?: number;
  /** Averaged weights below this magnitude are dropped (model size). */
  minWeight?: number;
  /** Tag-independent features seen fewer times than this in the training data are not used (default 1: all). */
  minCount?: number;
}

function defaultClusters(): WordClusters | undefined {
  try {
    return Tagger.load().clusters;
  } catch {
    return undefined;
  }
}

/** Builds the joint class inventory: (XPOS, UPOS) pairs seen at least `minCount` times. */
function jointClasses(sentences: ConlluSentence[], minCount = 3): { classes: string[]; classOf: (x: string, u: string) => number } {
  const pairCount = new Map<string, number>();
  const xposBest = new Map<string, [string, number]>();
  for (const s of sentences) {
    for (const w of s.words) {
      const k = `${w.xpos}|${w.upos}`;
      const n = (pairCount.get(k) ?? 0) + 1;
      pairCount.set(k, n);
      const b = xposBest.get(w.xpos);
      if (!b || n > b[1]) xposBest.set(w.xpos, [k, n]);
    }
  }
  const classes = [...pairCount.entries()]
    .filter(([k, n]) => n >= minCount || xposBest.get(k.slice(0, k.indexOf('|')))?.[0] === k)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k]) => k);
  const index = new Map(classes.map((c, i) => [c, i]));
  const classOf = (x: string, u: string): number => {
    const i = index.get(`${x}|${u}`);
    if (i !== undefined) return i;
    const b = xposBest.get(x);
    return b ? index.get(b[0])! : 0;
  };
  return { classes, classOf };
}

/** Ambiguity classes: for each word seen `minCount`+ times, the set of its frequent classes (id ≥ 1). */
function ambiguityClasses(sentences: ConlluSentence[], classOf: (x: string, u: string) => number, minCount = 3): Map<number, number> {
  const counts = new Map<number, Map<number, number>>();
  for (const s of sentences) {
    for (const w of s.words) {
      const k = lexHash(w.form);
      let m = counts.get(k);
      if (!m) counts.set(k, (m = new Map()));
      const c = classOf(w.xpos, w.upos);
      m.set(c, (m.get(c) ?? 0) + 1);
    }
  }
  const setIds = new Map<string, number>();
  const out = new Map<number, number>();
  for (const [k, m] of counts) {
    let total = 0;
    for (const v of m.values()) total += v;
    if (total < minCount) continue;
    const tags = [...m.entries()].filter(([, v]) => v >= 0.05 * total).map(([c]) => c).sort((a, b) => a - b);
    const sig = tags.join(',');
    let id = setIds.get(sig);
    if (id === undefined) setIds.set(sig, (id = setIds.size + 1));
    out.set(k, id);
  }
  return out;
}

function buildLexicon(amb: Map<number, number>, clusters: WordClusters | undefined): Lexicon {
  const rows = new Map<number, [number, number, number, number]>();
  if (clusters) {
    for (let i = 0; i < clusters.keys.length; i++) rows.set(clusters.keys[i], [clusters.coarse[i], clusters.fine[i], clusters.caps[i], 0]);
  }
  for (const [k, a] of amb) {
    const r = rows.get(k);
    if (r) r[3] = a;
    else rows.set(k, [0, 0, 0, a]);
  }
  const keys = [...rows.keys()].sort((a, b) => a - b);
  return new Lexicon(
    Int32Array.from(keys),
    Uint16Array.from(keys, (k) => rows.get(k)![0]),
    Uint16Array.from(keys, (k) => rows.get(k)![1]),
    Uint8Array.from(keys, (k) => rows.get(k)![2]),
    Uint16Array.from(keys, (k) => rows.get(k)![3]),
  );
}

/** Whether whitespace follows each syntactic word (MISC SpaceAfter=No; words inside a multi-word token: no). */
export function spaceAfterOf(s: ConlluSentence): Uint8Array {
  const out = new Uint8Array(s.words.length);
  for (let i = 0; i < s.words.length; i++) out[i] = s.words[i].misc.includes('SpaceAfter=No') ? 0 : 1;
  for (const m of s.multiword) for (let i = m.from; i < m.to; i++) out[i] = 0;
  return out;
}

/** Training instances of one direction: static keys, gold classes and the token attributes tag keys use. */
interface Direction {
  /** Per sentence: static keys of all tokens, token i's at [offs[i], offs[i + 1]). */
  statics: Int32Array[];
  offs: Int32Array[];
  golds: Int32Array[];
  L: Int32Array[];
  A: Int32Array[];
  FL: Int32Array[];
  CR: Int32Array[];
}

const newDirection = (): Direction => ({ statics: [], offs: [], golds: [], L: [], A: [], FL: [], CR: [] });

/** Adds the tag-key attributes of `f` and its gold classes to `d`. */
function collectTokens(d: Direction, f: SentenceFeatures, gold: Int32Array): void {
  const n = f.n;
  d.golds.push(gold);
  d.L.push(f.L.slice(0, n + 2 * PAD));
  d.A.push(f.A.slice(0, n + 2 * PAD));
  d.FL.push(f.FL.slice(0, n + 2 * PAD));
  d.CR.push(f.CR.slice(0, n + 2 * PAD));
}

/** Static keys of the tokens of `f` (in its order) as a CSR pair. */
function collectStatics(d: Direction, f: SentenceFeatures): void {
  const n = f.n;
  const st = new Int32Array(n * N_STATIC);
  const offs = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offs[i + 1] = f.staticKeys(i, st, offs[i]);
  d.statics.push(st.slice(0, offs[n]));
  d.offs.push(offs);
}

/** The static keys of `d` with the token order of every sentence reversed. */
function reversedStatics(d: Direction, into: Direction): void {
  d.statics.forEach((st, si) => {
    const offs = d.offs[si];
    const n = offs.length - 1;
    const out = new Int32Array(st.length);
    const o = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) {
      const i = n - 1 - j;
      out.set(st.subarray(offs[i], offs[i + 1]), o[j]);
      o[j + 1] = o[j] + offs[i + 1] - offs[i];
    }
    into.statics.push(out);
    into.offs.push(o);
  });
}

/** Removes the static keys seen fewer than `minCount` times in the training data; returns how many went. */
function pruneRare(d: Direction, minCount: number): number {
  const counter = new IntTable(1 << 20);
  for (const st of d.statics) for (let j = 0; j < st.length; j++) if (st[j] !== 0) counter.increment(st[j]);
  let dropped = 0;
  d.statics.forEach((st, si) => {
    const offs = d.offs[si];
    const out = new Int32Array(st.length);
    const newOffs = new Int32Array(offs.length);
    let w = 0;
    for (let i = 0; i + 1 < offs.length; i++) {
      for (let j = offs[i]; j < offs[i + 1]; j++) {
        if (counter.get(st[j]) >= minCount) out[w++] = st[j];
        else dropped++;
      }
      newOffs[i + 1] = w;
    }
    d.statics[si] = out.slice(0, w);
    d.offs[si] = newOffs;
  });
  return dropped;
}

/** Averaged-perceptron epochs of one direction's greedy tagger (predicted tag history, as when tagging). */
function runEpochs(
  d: Direction, dir: number, C: number, kinds: Uint8Array, epochs: number, random: () => number, log: (s: string) => void,
): PerceptronTrainer {
  const tr = new PerceptronTrainer(C);
  const keys = new Int32Array(N_KEYS);
  const scores = new Float64Array(C);
  const view = new SentenceFeatures(8);
  const order = d.golds.map((_, i) => i);
  let maxN = 0;
  for (const g of d.golds) maxN = Math.max(maxN, g.length);
  const t = new Int32Array(maxN + 2 * PAD);
  const cx = new Int32Array(2);
  const started = Date.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    let errors = 0;
    let total = 0;
    for (const si of order) {
      const gold = d.golds[si];
      const st = d.statics[si];
      const offs = d.offs[si];
      const n = gold.length;
      view.L = d.L[si];
      view.A = d.A[si];
      view.FL = d.FL[si];
      view.CR = d.CR[si];
      t[0] = C + 1;
      t[1] = C;
      resetContext(cx, C);
      for (let i = 0; i < n; i++) {
        const p = i + PAD;
        let ns = 0;
        for (let j = offs[i], end = offs[i + 1]; j < end; j++) keys[ns++] = st[j];
        const at = tagKeys(view, i, t[p - 1], t[p - 2], cx, dir, keys, ns);
        scores.fill(0);
        tr.score(keys, at, scores);
        let best = 0;
        for (let c = 1; c < C; c++) if (scores[c] > scores[best]) best = c;
        tr.tick();
        const g = gold[i];
        if (best !== g) {
          tr.update(keys, at, g, 1);
          tr.update(keys, at, best, -1);
          errors++;
        }
        t[p] = best;
        advance(cx, kinds[best], best, view.L[p]);
      }
      total += n;
    }
    log(
      `  epoch ${epoch + 1}/${epochs}: train accuracy ${(1 - errors / total).toFixed(4)}, ${tr.features} features, ` +
        `${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
  }
  return tr;
}

/**
 * Trains a tagger on gold-tagged sentences; deterministic for a given seed. Spacing (MISC SpaceAfter=No) is
 * learned from three sentences in four and hidden in the fourth, so that the model also works without it.
 */
export function trainTagger(sentences: ConlluSentence[], opts: TrainTaggerOptions = {}): Tagger {
  const epochs = opts.epochs ?? 8;
  const ensemble = opts.ensemble ?? 1;
  const minWeight = opts.minWeight ?? 0.05;
  const log = opts.log ?? ((): void => {});
  const random = seededRandom(opts.seed ?? 1);
  const clusters = opts.clusters === null ? undefined : (opts.clusters ?? defaultClusters());
  const { classes, classOf } = jointClasses(sentences);
  const C = classes.length;
  const kinds = classKinds(classes);
  const lex = buildLexicon(ambiguityClasses(sentences, classOf), clusters);

  // Static keys are those of the left-to-right view for both directions (the right-to-left pass reads them in
  // reverse order); the tag keys of each pass read its own view.
  const ltr = new SentenceFeatures();
  const rtl = new SentenceFeatures();
  const dirs = [newDirection(), newDirection()];
  sentences.forEach((s, si) => {
    const forms = s.words.map((w) => w.form);
    const gold = Int32Array.from(s.words, (w) => classOf(w.xpos, w.upos));
    ltr.fill(forms, 0, forms.length, lex, si % 4 === 3 ? null : spaceAfterOf(s));
    rtl.reverseOf(ltr);
    collectStatics(dirs[0], ltr);
    collectTokens(dirs[0], ltr, gold);
    collectTokens(dirs[1], rtl, gold.slice().reverse());
  });
  const minCount = opts.minCount ?? 1;
  if (minCount > 1) log(`dropped ${pruneRare(dirs[0], minCount)} occurrences of features seen fewer than ${minCount} times`);
  reversedStatics(dirs[0], dirs[1]);
  const models: LinearModel[][] = [[], []];
  for (let e = 0; e < ensemble; e++) {
    for (let d = 0; d < 2; d++) {
      log(`${d === 0 ? 'left-to-right' : 'right-to-left'} model${ensemble > 1 ? ` ${e + 1}/${ensemble}` : ''}`);
      const tr = runEpochs(dirs[d], d, C, kinds, epochs, random, log);
      models[d].push(tr.finalize(ensemble > 1 ? minWeight / (2 * ensemble) : minWeight));
    }
  }
  return new Tagger(classes, lex, stackClasses(averageModels(models[0], minWeight), averageModels(models[1], minWeight)));
}