/**
 * Transition-based dependency parser (arc-hybrid, Kuhlmann et al. 2011) with averaged-perceptron scoring over
 * hashed Zhang & Nivre (2011)-style features, decoded greedily or with a beam.
 *
 * - Transitions: SHIFT, LEFT-l (b0 → s0, pop s0), RIGHT-l (s1 → s0, pop s0). The artificial ROOT sits at the end
 *   of the buffer (Ballesteros & Nivre 2013) and is never shifted; LEFT onto ROOT is only allowed when one word
 *   remains on the stack, so every output is a single-rooted tree.
 * - Labeled transitions are decided in two steps: a 3-class model `T` over configuration features picks the
 *   transition; when it makes an arc, an L-class model `Lab` over features of that arc (both ends, their children,
 *   direction, distance, context) picks the label. Scoring both directions' labels at every step (a joint labeled
 *   decision) was measured at +0.3 UAS on EWT dev but half the speed, so labels are chosen after the transition.
 * - Features are tags and words of the stack/buffer tokens and their leftmost/rightmost children, valency, label
 *   sets and distance, plus tag-independent lexical facts stored in the model: each word's ambiguity class (the PTB
 *   tags it takes in training) and its hierarchical cluster (data/word-clusters.tsv.gz), at 4, 6 and all bits.
 * - Greedy training (`beam` 1): T follows the dynamic oracle (Goldberg & Nivre 2013) with exploration (after the
 *   first epoch the parser mostly follows its own transitions, learning to act well after its mistakes).
 * - Beam training (`beam` > 1): T scores whole transition sequences (the sum of its transition scores) and is
 *   updated where the gold sequence's prefix falls furthest behind the beam's best (max-violation, Huang et al.
 *   2012); decoding keeps the model's `beam` best sequences (meta `beam`). On EWT dev a model trained with beam 4
 *   gains ~0.9 UAS/LAS over greedy when decoded with beam 3 or 4, but none with beam 2; the shipped ensemble
 *   decodes with 4 and drops sequences more than `beamMargin` behind the best, which leaves one or two alive at
 *   most steps, so it runs about as fast as width 3 did (+0.3 UAS/LAS over width 3). Training with beam 8 gained
 *   no more than ~0.1 at decoding width 4.
 * - In both, Lab learns on the gold arcs the parser makes. Features seen only once on the gold transition
 *   sequences are dropped, and small averaged weights are pruned.
 * - Ensembles of parsers trained on different shuffles are merged into one model by adding their weights
 *   (`Parser.merge`): for linear models that is exactly the summed-score ensemble, at the cost of one model.
 * - Beam decoding (not training) scores the 3-class transition model by exact integer weight sums (int16
 *   weights, one scale), so the features can be scored in parts: those about one token (b0, s0, s1, s2), a pair
 *   (s0-b0, s1-s0) or one token's subtree (b0, s0, s1, keyed by `Machine.ver`) are summed once per sentence and
 *   reused by every beam item and step that shares them; only ~22 of the 128 are scored afresh each time.
 *   Labels are picked by integer sums too (the float scores only break a tie at the top). Outputs are exactly
 *   those of scoring every feature list whole.
 * - An optional second-pass labeler over the finished tree (labeler.ts) can relabel every arc, alone or
 *   adding `relMix` times the transition-time label scores. On EWT dev over the beam parser: alone LAS −0.1;
 *   mixed (0.5) +0.18 LAS but ~20% slower tag + parse; trained on jackknifed parses of train instead of the gold
 *   trees, +0.11 over a width-4 parser. Not shipped.
 * - Measured on EWT dev and dropped: features of the tagger's runner-up tag where its margin is small (10% of
 *   tokens, holding 70% of its errors; two merged members lost 0.14 UAS and 0.30 LAS); labels also learnt on the
 *   beam's best item's correct arcs (below the baseline through 8 epochs).
 * - Non-projective training trees are projectivised by lifting (shortest non-projective arc first), so the
 *   oracles are exact on them; the few non-projective arcs of English are given up.
 *
 * Files: this one loads, saves and decodes; machine.ts the configuration, features.ts the features, lexicon.ts
 * the per-token attributes, scoring.ts one configuration's decision, beam.ts the beam, oracle.ts the oracles,
 * labeler.ts the second-pass labeler, train.ts training and evaluation. Weights are scored by the shared
 * `FrozenScorer` (linear/scorer.ts).
 */
import * as _doc from '../../doc/doc.js';
import * as _ensemble from '../linear/ensemble.js';
import { LinearModel } from '../linear/model.js';
import { FrozenScorer } from '../linear/scorer.js';
import * as _model_file from '../model-file.js';
import type { StoredArray } from '../model-file.js';
import * as _paths from '../paths.js';
import { BeamSearch } from './beam.js';
import { TreeLabeler } from './labeler.js';
import { Lexicon, type LexiconArrays } from './lexicon.js';
import * as _machine from './machine.js';
import { Machine } from './machine.js';
import { Scoring } from './scoring.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { UPOS_TAGS } = _doc;
const { pruneModel, sumModels } = _ensemble;
const { loadModel, saveModel } = _model_file;
const { modelPath } = _paths;
const { LEFT, SHIFT } = _machine;

/** The feature set's version: a model of another version is refused (its keys would mean other features). */
export const FEATURE_VERSION = 2;

export interface ParseResult {
  /** Head of each word: 0 = root, else the 1-based index of the head word. */
  head: Int32Array;
  deprel: string[];
}

let defaultParser: Parser | undefined;

export class Parser {
  readonly labels: readonly string[];
  private readonly T: LinearModel;
  private readonly Lab: LinearModel;
  private readonly fastT: FrozenScorer;
  private readonly fastLab: FrozenScorer;
  /** Second-pass labeler over the finished tree (labeler.ts); null in models without one. */
  private readonly Rel: LinearModel | null;
  private readonly fastRel: FrozenScorer | null;
  private readonly treeLabeler: TreeLabeler;
  /** Beam search decoder (model meta `beam` > 1), or null for greedy parsing. */
  private readonly beamSearch: BeamSearch | null;
  /** Weight of the transition-time label scores added to the second-pass labeler's (model meta `relMix`). */
  relMix: number;
  /** Transition-time label scores of each word's arc (n × labels), kept for the second pass. */
  private prior = new Float64Array(0);
  private actions = new Int32Array(0);
  private readonly replay = new Machine();
  private readonly lexicon: Lexicon;
  private readonly rootLabel: number;
  private readonly machine = new Machine();
  private readonly scoring: Scoring;
  readonly meta: Record<string, unknown>;

  constructor(
    labels: readonly string[], T: LinearModel, Lab: LinearModel, lexicon: LexiconArrays, meta: Record<string, unknown> = {},
    Rel: LinearModel | null = null,
  ) {
    this.labels = labels;
    this.T = T;
    this.Lab = Lab;
    this.fastT = new FrozenScorer(T);
    this.fastLab = new FrozenScorer(Lab);
    this.Rel = Rel;
    this.fastRel = Rel ? new FrozenScorer(Rel) : null;
    this.lexicon = new Lexicon(lexicon);
    this.rootLabel = labels.indexOf('root');
    if (this.rootLabel < 0) throw new Error('parser model has no root label');
    this.scoring = new Scoring(labels.length, this.rootLabel);
    this.treeLabeler = new TreeLabeler(labels.length, this.rootLabel);
    this.meta = meta;
    this.relMix = typeof meta.relMix === 'number' ? meta.relMix : 0;
    const beam = typeof meta.beam === 'number' ? meta.beam : 1;
    const margin = typeof meta.beamMargin === 'number' ? meta.beamMargin : Infinity;
    this.beamSearch = beam > 1 ? new BeamSearch(beam, margin) : null;
  }

  /** This parser with `Rel` as its second-pass labeler (null: labels from the transition-time model only). */
  withLabeler(Rel: LinearModel | null, relMix = this.relMix): Parser {
    return new Parser(this.labels, this.T, this.Lab, this.lexicon.arrays, { ...this.meta, relMix }, Rel);
  }

  /**
   * This parser with the transition weights below `min` in magnitude dropped. Merged ensembles carry many small
   * weights; on EWT dev dropping those below 4 (of 335 at most) cut the rows from 919k to 533k, left UAS/LAS as
   * they were (±0.1) and made beam decoding ~15% faster (fewer cache misses).
   */
  prunedTransitions(min: number): Parser {
    const T = pruneModel(this.T, min);
    return new Parser(this.labels, T, this.Lab, this.lexicon.arrays, { ...this.meta, prunedTransitions: min }, this.Rel);
  }

  /** This parser with `meta` added to its metadata (e.g. the decoder's `beam` and `beamMargin`). */
  withMeta(meta: Record<string, unknown>): Parser {
    return new Parser(this.labels, this.T, this.Lab, this.lexicon.arrays, { ...this.meta, ...meta }, this.Rel);
  }

  get labeler(): LinearModel | null {
    return this.Rel;
  }

  /** The lexicon's arrays (word facts stored in the model). */
  get lexiconArrays(): LexiconArrays {
    return this.lexicon.arrays;
  }

  static load(path = modelPath('parser.bin.gz')): Parser {
    const file = loadModel(path);
    const meta = file.meta;
    if (meta.kind !== 'parser' || meta.featureVersion !== FEATURE_VERSION) {
      throw new Error(`${path}: not a parser model of feature version ${FEATURE_VERSION}; run npm run train:parser`);
    }
    const T = LinearModel.fromArrays('T', file.arrays, meta);
    const Lab = LinearModel.fromArrays('L', file.arrays, meta);
    const Rel = file.arrays['R.keys'] ? LinearModel.fromArrays('R', file.arrays, meta) : null;
    const a = file.arrays;
    const lexicon: LexiconArrays = {
      keys: a['lex.keys'] as Int32Array,
      inVocab: a['lex.inVocab'] as Uint8Array,
      amb: a['lex.amb'] as Int32Array,
      c4: a['lex.c4'] as Int32Array,
      c6: a['lex.c6'] as Int32Array,
      cf: a['lex.cf'] as Int32Array,
    };
    return new Parser(meta.labels as string[], T, Lab, lexicon, meta, Rel);
  }

  /** The shipped model, loaded once. */
  static default(): Parser {
    defaultParser ??= Parser.load();
    return defaultParser;
  }

  save(path: string, extraMeta: Record<string, unknown> = {}): number {
    const t = this.T.toArrays('T');
    const l = this.Lab.toArrays('L');
    const r = this.Rel?.toArrays('R');
    const lex = this.lexicon.arrays;
    const arrays: Record<string, StoredArray> = {
      ...t.arrays,
      ...l.arrays,
      ...r?.arrays,
      'lex.keys': lex.keys,
      'lex.inVocab': lex.inVocab,
      'lex.amb': lex.amb,
      'lex.c4': lex.c4,
      'lex.c6': lex.c6,
      'lex.cf': lex.cf,
    };
    const meta = {
      ...this.meta,
      ...extraMeta,
      kind: 'parser',
      featureVersion: FEATURE_VERSION,
      labels: [...this.labels],
      relMix: this.relMix,
      ...t.meta,
      ...l.meta,
      ...r?.meta,
    };
    return saveModel(path, { meta, arrays });
  }

  /**
   * The ensemble of parsers trained with different seeds, as one parser: the models are linear, so summing the
   * members' weights gives exactly the summed scores of the members at the cost of one model (a union of rows).
   * Members must share the labels and lexicon (same training data and clusters).
   */
  static merge(parsers: readonly Parser[], extraMeta: Record<string, unknown> = {}): Parser {
    const first = parsers[0];
    for (const p of parsers) {
      if (p.labels.join(' ') !== first.labels.join(' ')) throw new Error('Parser.merge: label sets differ');
      if (p.lexicon.arrays.keys.length !== first.lexicon.arrays.keys.length) throw new Error('Parser.merge: lexicons differ');
    }
    const T = sumModels(parsers.map((p) => p.T));
    const Lab = sumModels(parsers.map((p) => p.Lab));
    return new Parser(first.labels, T, Lab, first.lexicon.arrays, { ...first.meta, ...extraMeta, members: parsers.length });
  }

  get features(): { transition: number; label: number } {
    return { transition: this.T.features, label: this.Lab.features };
  }

  /** Parses one sentence. `upos` are UD tags, `xpos` Penn Treebank tags, both predicted by the tagger. */
  parse(forms: readonly string[], upos: readonly string[], xpos: readonly string[]): ParseResult {
    const n = forms.length;
    const m = this.machine;
    m.ensure(n);
    for (let i = 0; i < n; i++) this.lexicon.fill(m, i, forms[i], upos[i], xpos[i]);
    this.run(n);
    const head = new Int32Array(n);
    const deprel: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const h = m.head[i];
      head[i] = h === n ? 0 : h + 1;
      deprel[i] = this.labels[m.lab[i] - 1];
    }
    return { head, deprel };
  }

  /**
   * Pipeline variant over a Doc's token layer: parses tokens [from, to) whose UPOS are indices into `UPOS_TAGS`,
   * writing document-level heads (-1 = sentence root) into `headOut` and labels into `deprelOut`.
   */
  parseInto(
    forms: readonly string[], upos: Uint8Array, xpos: readonly string[], from: number, to: number,
    headOut: Int32Array, deprelOut: string[],
  ): void {
    const n = to - from;
    if (n <= 0) return;
    const m = this.machine;
    m.ensure(n);
    for (let i = 0; i < n; i++) this.lexicon.fill(m, i, forms[from + i], UPOS_TAGS[upos[from + i]] ?? 'X', xpos[from + i]);
    this.run(n);
    for (let i = 0; i < n; i++) {
      const h = m.head[i];
      headOut[from + i] = h === n ? -1 : from + h;
      deprelOut[from + i] = this.labels[m.lab[i] - 1];
    }
  }

  private run(n: number): void {
    const m = this.machine;
    const sc = this.scoring;
    m.reset(n);
    const L = this.labels.length;
    if (this.beamSearch) {
      const bs = this.beamSearch;
      const mix = this.fastRel !== null && this.relMix !== 0;
      bs.recordActions = mix;
      bs.run(m, sc, this.fastT, this.fastLab, null);
      if (this.fastRel && mix) {
        // the transition-time label scores of the best sequence's arcs, recomputed by replaying it
        const L = this.labels.length;
        if (this.prior.length < n * L) this.prior = new Float64Array(n * L * 2);
        if (this.actions.length < 2 * n) this.actions = new Int32Array(4 * n);
        const steps = bs.bestActions(this.actions);
        const r = this.replay;
        r.ensure(n);
        r.shareTokens(m);
        r.reset(n);
        for (let t = 0; t < steps; t++) {
          const a = this.actions[t];
          if (a === SHIFT) r.apply(SHIFT, 0);
          else if (a === LEFT && r.b === n) r.apply(LEFT, this.rootLabel);
          else {
            const d = r.stack[r.sp - 1];
            sc.bestLabel(r, this.fastLab, a === LEFT ? 0 : 1, null);
            this.prior.set(sc.scoresL, d * L);
            r.apply(a, m.lab[d] - 1);
          }
        }
        this.treeLabeler.run(m, this.fastRel, undefined, undefined, this.prior, this.relMix);
      } else if (this.fastRel) this.treeLabeler.run(m, this.fastRel);
      return;
    }
    const mixing = this.fastRel !== null && this.relMix !== 0;
    if (mixing) {
      if (this.prior.length < n * L) this.prior = new Float64Array(n * L * 2);
      this.prior.fill(0, 0, n * L);
    }
    while (!m.terminal()) {
      const nValid = sc.validity(m);
      let a: number;
      if (nValid === 1 && !sc.rightOk) a = sc.shiftOk ? SHIFT : LEFT; // empty stack, or the last word onto ROOT
      else {
        sc.scoreTransitions(m, this.fastT, null);
        a = sc.bestAction();
      }
      if (a === SHIFT) m.apply(SHIFT, 0);
      else if (a === LEFT && sc.leftRoot) m.apply(LEFT, this.rootLabel);
      else {
        const l = sc.bestLabel(m, this.fastLab, a === LEFT ? 0 : 1, null);
        if (mixing) this.prior.set(sc.scoresL, m.stack[m.sp - 1] * L);
        m.apply(a, l);
      }
    }
    if (this.fastRel) this.treeLabeler.run(m, this.fastRel, undefined, undefined, mixing ? this.prior : undefined, this.relMix);
  }
}
