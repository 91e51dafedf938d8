/**
 * Named-entity recogniser: CoNLL-2003 types (PER, ORG, LOC, MISC) over token forms, no POS tags needed.
 *
 * Model: two stacked greedy left-to-right averaged perceptrons over BILOU labels (Ratinov & Roth 2009 style).
 *  - Stage 1 sees word-level features of a ±2 window (forms, lowercase, shapes, affixes), distributional word
 *    clusters (bit-path prefixes, see scripts/build-word-clusters.ts), k-means clusters of pretrained GloVe
 *    vectors (scripts/build-glove-clusters.ts; they place words never seen in training), gazetteer matches
 *    (PETRARCH actor dictionaries, see scripts/build-ner-gazetteer.ts), document-level casing evidence (is this
 *    word written capitalised / lowercase elsewhere in the document) and its own previous two predictions.
 *  - Stage 2 adds stage 1's labels around the token and the labels stage 1 gave the same word elsewhere in the
 *    document (trained on jackknifed stage-1 output, so it learns how far to trust them).
 * Decoding never produces an invalid BILOU sequence. Features are hashed integer keys (linear/keys.ts), scored by
 * the shared `FrozenScorer` (linear/scorer.ts).
 *
 * `tagDocument` is the accurate entry point (the pipeline hands it a whole article); `tag`/`spans` treat
 * their sentence as a one-sentence document.
 *
 * This file loads, saves and decodes; features.ts has the features, decoder.ts the Viterbi decoder and the
 * word-score cache, labels.ts the BILOU labels, resources.ts clusters and gazetteer, train.ts training and
 * calibration, types.ts Herald's entity types.
 */
import { FeatureBuffer } from '../linear/keys.js';
import { LinearModel } from '../linear/model.js';
import { FrozenScorer } from '../linear/scorer.js';
import * as _model_file from '../model-file.js';
import type { StoredArray } from '../model-file.js';
import * as _paths from '../paths.js';
import { Decoder, WordScoreCache } from './decoder.js';
import * as _features from './features.js';
import { Featurizer } from './features.js';
import * as _labels from './labels.js';
import type { NerEntitySpan } from './labels.js';
import { Gazetteer, type NerResources, VectorClusters, WordClusters } from './resources.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { loadModel, saveModel } = _model_file;
const { modelPath } = _paths;
const { aggregateLabels, extendStage2, extractStatic, prepareDoc } = _features;
const { labelsToBio, labelsToSpans, NER_ENTITY_TYPES } = _labels;

export class NerModel {
  readonly stage1: LinearModel;
  readonly stage2: LinearModel | null;
  readonly resources: NerResources;
  /** Softmax temperature turning scores into token probabilities. */
  readonly temperature: number;
  /** Platt scaling of a span's mean token probability: score = σ(a·logit(mean) + b). */
  readonly spanCalibration: readonly [number, number];
  readonly meta: Record<string, unknown>;
  /** The cluster and gazetteer sources as given: text, or a model file's UTF-8 bytes (kept undecoded). */
  private readonly clustersSrc: string | Uint8Array;
  private readonly gazetteerSrc: string | Uint8Array;
  private readonly vectorsSrc: string | Uint8Array;
  private readonly fz: Featurizer;
  private readonly s1: FrozenScorer;
  private readonly s2: FrozenScorer | null;
  private readonly words1: WordScoreCache;
  private readonly words2: WordScoreCache | null;
  private readonly decoder = new Decoder();
  private readonly buf = new FeatureBuffer(4096);
  private readonly buf2 = new FeatureBuffer(4096);

  constructor(opts: {
    stage1: LinearModel;
    stage2: LinearModel | null;
    /** Brown clusters (text, or its UTF-8 bytes). */
    clustersText: string | Uint8Array;
    /** Gazetteer JSON (text, or its UTF-8 bytes). */
    gazetteerJson: string | Uint8Array;
    /** Pretrained-vector clusters (text, or its UTF-8 bytes; '' for none). */
    vectorsText?: string | Uint8Array;
    temperature?: number;
    spanCalibration?: readonly [number, number];
    meta?: Record<string, unknown>;
    featurizer?: Featurizer;
  }) {
    this.stage1 = opts.stage1;
    this.stage2 = opts.stage2;
    this.clustersSrc = opts.clustersText;
    this.gazetteerSrc = opts.gazetteerJson;
    this.vectorsSrc = opts.vectorsText ?? '';
    if (opts.featurizer) this.fz = opts.featurizer;
    else {
      const clusters = this.clustersText;
      const gazetteer = this.gazetteerJson;
      const vectors = this.vectorsText;
      this.fz = new Featurizer({
        clusters: clusters ? new WordClusters(clusters) : null,
        gazetteer: gazetteer ? new Gazetteer(gazetteer) : null,
        vectors: vectors ? new VectorClusters(vectors) : null,
      });
    }
    this.resources = this.fz.res;
    this.s1 = new FrozenScorer(this.stage1);
    this.s2 = this.stage2 ? new FrozenScorer(this.stage2) : null;
    this.words1 = new WordScoreCache(this.s1);
    this.words2 = this.s2 ? new WordScoreCache(this.s2) : null;
    this.temperature = opts.temperature ?? 1;
    this.spanCalibration = opts.spanCalibration ?? [1, 0];
    this.meta = opts.meta ?? {};
  }

  /** Decoded on demand (saving, recalibrating): a loaded model keeps only the file's bytes, not ~2 MB of text. */
  private get clustersText(): string {
    return typeof this.clustersSrc === 'string' ? this.clustersSrc : new TextDecoder().decode(this.clustersSrc);
  }

  private get gazetteerJson(): string {
    return typeof this.gazetteerSrc === 'string' ? this.gazetteerSrc : new TextDecoder().decode(this.gazetteerSrc);
  }

  private get vectorsText(): string {
    return typeof this.vectorsSrc === 'string' ? this.vectorsSrc : new TextDecoder().decode(this.vectorsSrc);
  }

  private static cached: NerModel | undefined;

  /** The shipped model (models/ner.bin.gz), loaded once. */
  static default(): NerModel {
    if (!NerModel.cached) NerModel.cached = NerModel.load();
    return NerModel.cached;
  }

  static load(path = modelPath('ner.bin.gz')): NerModel {
    const file = loadModel(path);
    const { meta, arrays } = file;
    if (meta.kind !== 'ner') throw new Error(`${path}: not an NER model (kind ${String(meta.kind)})`);
    const bytes = (name: string): Uint8Array | string => (arrays[name] as Uint8Array | undefined) ?? '';
    return new NerModel({
      stage1: LinearModel.fromArrays('s1', arrays, meta),
      stage2: meta.stages === 2 ? LinearModel.fromArrays('s2', arrays, meta) : null,
      clustersText: bytes('clusters'),
      gazetteerJson: bytes('gazetteer'),
      vectorsText: bytes('vectors'),
      temperature: meta.temperature as number,
      spanCalibration: (meta.spanCalibration as [number, number] | undefined) ?? [1, 0],
      meta,
    });
  }

  /** Writes the model (weights, clusters and gazetteer in one file); returns its size in bytes. */
  save(path: string): number {
    const enc = new TextEncoder();
    const a1 = this.stage1.toArrays('s1');
    const a2 = this.stage2 ? this.stage2.toArrays('s2') : { arrays: {}, meta: {} };
    const arrays: Record<string, StoredArray> = { ...a1.arrays, ...a2.arrays };
    if (this.clustersText) arrays.clusters = enc.encode(this.clustersText);
    if (this.gazetteerJson) arrays.gazetteer = enc.encode(this.gazetteerJson);
    if (this.vectorsText) arrays.vectors = enc.encode(this.vectorsText);
    return saveModel(path, {
      meta: {
        ...this.meta,
        ...a1.meta,
        ...a2.meta,
        kind: 'ner',
        version: 1,
        labels: NER_ENTITY_TYPES,
        stages: this.stage2 ? 2 : 1,
        temperature: this.temperature,
        spanCalibration: this.spanCalibration,
      },
      arrays,
    });
  }

  /** The same model with other confidence settings. */
  withCalibration(temperature: number, spanCalibration: readonly [number, number] = [1, 0]): NerModel {
    return new NerModel({
      stage1: this.stage1,
      stage2: this.stage2,
      clustersText: this.clustersSrc,
      gazetteerJson: this.gazetteerSrc,
      vectorsText: this.vectorsSrc,
      temperature,
      spanCalibration,
      meta: this.meta,
      featurizer: this.fz,
    });
  }

  /**
   * Tags every sentence of one document (sentences as token forms). Document context (how each word is
   * written and labelled elsewhere) improves accuracy, so pass whole articles when you have them.
   * Returns BIO tags per sentence.
   */
  tagDocument(sentences: readonly (readonly string[])[]): string[][] {
    return this.labelDocument(sentences, false).labels.map((lab, i) => labelsToBio(lab, sentences[i].length));
  }

  /** Entity spans per sentence of one document (token ranges, end exclusive, with a confidence). */
  spansDocument(sentences: readonly (readonly string[])[]): NerEntitySpan[][] {
    const { labels, probs } = this.labelDocument(sentences, true);
    return labels.map((lab, i) => labelsToSpans(lab, probs[i], this.spanCalibration));
  }

  /** BIO tags of one sentence treated as a document of its own. */
  tag(forms: readonly string[]): string[] {
    return this.tagDocument([forms])[0];
  }

  /** Entity spans of one sentence treated as a document of its own. */
  spans(forms: readonly string[]): NerEntitySpan[] {
    return this.spansDocument([forms])[0];
  }

  /** BILOU label ids (0 = O, 1 + 4·type + B/I/L/U) and token probabilities of a document. */
  labelDocument(
    sentences: readonly (readonly string[])[],
    withProbs = true,
    record: Float64Array[] | null = null,
  ): { labels: Uint8Array[]; probs: Float32Array[] } {
    const doc = prepareDoc(sentences, this.fz);
    const labels = doc.sents.map((s) => new Uint8Array(s.n));
    const probs = doc.sents.map((s) => new Float32Array(withProbs ? s.n : 0));
    // Word-role features are scored from the per-word caches (see WordScoreCache).
    const base = doc.sents.map((s) => extractStatic(s, doc.docCase, this.buf, false));
    const final = !this.words2;
    this.decoder.record = final ? record : null;
    doc.sents.forEach((s, i) => {
      this.decoder.runCached(s, base[i], this.words1, { out: labels[i], probs: final && withProbs ? probs[i] : null, temperature: this.temperature });
    });
    this.decoder.record = null;
    const words2 = this.words2;
    if (!words2) return { labels, probs };
    const agg = aggregateLabels(doc.sents, labels);
    const second = doc.sents.map((s) => new Uint8Array(s.n));
    this.decoder.record = record;
    doc.sents.forEach((s, i) => {
      const f = extendStage2(s, i, base[i], labels[i], agg, this.buf2);
      this.decoder.runCached(s, f, words2, { out: second[i], probs: withProbs ? probs[i] : null, temperature: this.temperature });
    });
    this.decoder.record = null;
    return { labels: second, probs };
  }
}
