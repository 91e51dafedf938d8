/**
 * Training the parser: greedy with the dynamic oracle and exploration, or global with a beam (max-violation);
 * the label model learns on the gold arcs the parser makes. Also `scoreParser` (attachment scores on gold trees).
 */
import type { ConlluSentence } from '../conllu.js';
import { type FeatureBuffer, hashString } from '../linear/keys.js';
import type { LinearModel } from '../linear/model.js';
import { normalizeWord } from '../linear/normalize.js';
import { IntTable } from '../linear/table.js';
import { PerceptronTrainer } from '../linear/trainer.js';
import { seededRandom, shuffle } from '../random.js';
import { BeamSearch } from './beam.js';
import { labelFeatures, transitionFeatures } from './features.js';
import { Lexicon, type LexiconArrays } from './lexicon.js';
import { LEFT, Machine, RIGHT, SHIFT } from './machine.js';
import { costs, projectivize } from './oracle.js';
import { TreeLabeler } from './labeler.js';
import { Parser } from './parser.js';
import { type FeatureFilter, Scoring } from './scoring.js';

export interface TrainParserOptions {
  epochs?: number;
  seed?: number;
  /** Probability of following the model's own (possibly wrong) transition after the first epoch. */
  explore?: number;
  /** Prune averaged weights below this magnitude. */
  minWeight?: number;
  /** Words seen fewer times than this in training are mapped to <unk>. */
  minWordCount?: number;
  /** Features occurring fewer times than this on the gold transition sequences are never used. */
  minFeatureCount?: number;
  /** Hierarchical word clusters (word → bit path), copied into the model; optional. */
  clusters?: Map<string, string>;
  /** Tags to train on (e.g. jackknifed predictions), parallel to sentences' words; default: the gold tags. */
  tags?: { upos: string[]; xpos: string[] }[];
  /** Beam width for global (max-violation) training; 1 = greedy training with the dynamic oracle. */
  beam?: number;
  /** Beam width the trained parser decodes with (default: `beam`). */
  decodeBeam?: number;
  /** Called after each epoch with the averaged parser (e.g. to score dev); return value is logged by the caller. */
  onEpoch?: (epoch: number, parser: Parser) => void;
  log?: (msg: string) => void;
}


interface TrainItem {
  n: number;
  forms: string[];
  upos: string[];
  xpos: string[];
  gh: Int32Array;
  gl: Int32Array;
}


export function trainParser(sentences: ConlluSentence[], opts: TrainParserOptions = {}): Parser {
  const epochs = opts.epochs ?? 15;
  const seed = opts.seed ?? 1;
  const explore = opts.explore ?? 0.9;
  const minWeight = opts.minWeight ?? 1;
  const minWordCount = opts.minWordCount ?? 2;
  const minFeatureCount = opts.minFeatureCount ?? 2;
  const log = opts.log ?? ((): void => {});

  // labels and lexicon
  const labelSet = new Set<string>();
  const wordCounts = new Map<number, number>();
  const wordTags = new Map<number, Map<string, number>>();
  for (const s of sentences) {
    for (const w of s.words) {
      labelSet.add(w.deprel);
      const h = hashString(normalizeWord(w.form));
      wordCounts.set(h, (wordCounts.get(h) ?? 0) + 1);
      let tags = wordTags.get(h);
      if (!tags) wordTags.set(h, (tags = new Map()));
      tags.set(w.xpos, (tags.get(w.xpos) ?? 0) + 1);
    }
  }
  labelSet.add('root');
  const labels = [...labelSet].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const rootLabel = labelIndex.get('root')!;
  const lexRows = new Map<number, { inVocab: number; amb: number; c4: number; c6: number; cf: number }>();
  const row = (h: number): { inVocab: number; amb: number; c4: number; c6: number; cf: number } => {
    let r = lexRows.get(h);
    if (!r) lexRows.set(h, (r = { inVocab: 0, amb: 0, c4: 0, c6: 0, cf: 0 }));
    return r;
  };
  let inVocab = 0;
  for (const [h, c] of wordCounts) {
    if (c >= minWordCount) {
      row(h).inVocab = 1;
      inVocab++;
    }
    if (c >= 3) {
      const tags = wordTags.get(h)!;
      const set = [...tags].filter(([, n]) => n >= 0.05 * c).map(([t]) => t).sort().join(' ');
      row(h).amb = hashString(set, 0x3c6ef372);
    }
  }
  let clustered = 0;
  if (opts.clusters) {
    for (const [word, path] of opts.clusters) {
      const r = row(hashString(normalizeWord(word)));
      r.c4 = hashString(path.slice(0, 4), 0x4);
      r.c6 = hashString(path.slice(0, 6), 0x6);
      r.cf = hashString(path, 0xf);
      clustered++;
    }
  }
  const keys = [...lexRows.keys()].sort((a, b) => a - b);
  const lexArrays: LexiconArrays = {
    keys: Int32Array.from(keys),
    inVocab: Uint8Array.from(keys, (k) => lexRows.get(k)!.inVocab),
    amb: Int32Array.from(keys, (k) => lexRows.get(k)!.amb),
    c4: Int32Array.from(keys, (k) => lexRows.get(k)!.c4),
    c6: Int32Array.from(keys, (k) => lexRows.get(k)!.c6),
    cf: Int32Array.from(keys, (k) => lexRows.get(k)!.cf),
  };
  const lexicon = new Lexicon(lexArrays);

  // training items (projectivised)
  const items: TrainItem[] = [];
  let lifted = 0;
  let liftedSents = 0;
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    const n = s.words.length;
    const gh = new Int32Array(n);
    const gl = new Int32Array(n);
    let roots = 0;
    for (let i = 0; i < n; i++) {
      const w = s.words[i];
      gh[i] = w.head === 0 ? n : w.head - 1;
      gl[i] = labelIndex.get(w.deprel)!;
      if (w.head === 0) roots++;
    }
    if (roots !== 1) continue;
    const l = projectivize(gh, n);
    if (l > 0) {
      lifted += l;
      liftedSents++;
    }
    const tags = opts.tags?.[si];
    items.push({
      n,
      forms: s.words.map((w) => w.form),
      upos: tags ? tags.upos : s.words.map((w) => w.upos),
      xpos: tags ? tags.xpos : s.words.map((w) => w.xpos),
      gh,
      gl,
    });
  }
  log(`parser: ${items.length} sentences, ${labels.length} labels, vocab ${inVocab}, clusters ${clustered} words, lifted ${lifted} arcs in ${liftedSents} sentences`);

  const m = new Machine();
  const sc = new Scoring(labels.length, rootLabel);
  const cost = new Int32Array(3);

  const load = (it: TrainItem): void => {
    m.ensure(it.n);
    for (let i = 0; i < it.n; i++) lexicon.fill(m, i, it.forms[i], it.upos[i], it.xpos[i]);
    m.reset(it.n);
  };

  // Frequency pass over the static-oracle (gold) transition sequences: features seen fewer than
  // minFeatureCount times there are never used, which bounds the trainers' memory and the model size.
  const counts = new IntTable(1 << 21);
  for (const it of items) {
    load(it);
    while (!m.terminal()) {
      sc.validity(m);
      transitionFeatures(m, sc.fbT);
      for (let i = 0; i < sc.fbT.n; i++) counts.increment(sc.fbT.keys[i]);
      costs(m, it.gh, cost);
      const s0 = m.sp > 0 ? m.stack[m.sp - 1] : -1;
      if (sc.leftOk && it.gh[s0] === m.b) {
        if (!sc.leftRoot) {
          labelFeatures(m, sc.fbL, 0);
          for (let i = 0; i < sc.fbL.n; i++) counts.increment(sc.fbL.keys[i]);
        }
        m.apply(LEFT, sc.leftRoot ? rootLabel : it.gl[s0]);
      } else if (sc.rightOk && it.gh[s0] === m.stack[m.sp - 2] && cost[RIGHT] === 0) {
        labelFeatures(m, sc.fbL, 1);
        for (let i = 0; i < sc.fbL.n; i++) counts.increment(sc.fbL.keys[i]);
        m.apply(RIGHT, it.gl[s0]);
      } else if (sc.shiftOk) m.apply(SHIFT, 0);
      else m.apply(sc.leftOk ? LEFT : RIGHT, sc.leftRoot ? rootLabel : it.gl[s0]); // unreachable for projective trees
    }
  }
  let kept = 0;
  for (let at = 0; at < counts.slots.length; at += 2) if (counts.slots[at] !== 0 && counts.slots[at + 1] >= minFeatureCount) kept++;
  log(`parser: ${counts.size} distinct features, ${kept} occur >= ${minFeatureCount} times`);
  const filter: FeatureFilter = minFeatureCount <= 1
    ? null
    : (fb: FeatureBuffer): void => {
      const keys = fb.keys;
      let j = 0;
      for (let i = 0; i < fb.n; i++) if (counts.get(keys[i]) >= minFeatureCount) keys[j++] = keys[i];
      fb.n = j;
    };

  const T = new PerceptronTrainer(3);
  const Lab = new PerceptronTrainer(labels.length);
  const random = seededRandom(seed);
  const order = items.map((_, i) => i);
  const beam = opts.beam ?? 1;
  const decodeBeam = opts.decodeBeam ?? beam;
  const meta = { trainSentences: items.length, epochs, seed, explore, minWeight, minWordCount, minFeatureCount, beam: decodeBeam, trainBeam: beam };
  const bs = beam > 1 ? new BeamSearch(beam) : null;
  let frozen: { t: LinearModel; l: LinearModel } | null = null;
  const freeze = (): Parser => {
    frozen = { t: T.finalize(minWeight), l: Lab.finalize(minWeight) };
    return new Parser(labels, frozen.t, frozen.l, lexArrays, meta);
  };

  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    let decisions = 0;
    let errors = 0;
    let labelErrors = 0;
    let arcs = 0;
    const t0 = performance.now();
    for (const idx of order) {
      const it = items[idx];
      const { gh, gl } = it;
      load(it);
      if (bs) {
        T.tick();
        const r = bs.run(m, sc, T, Lab, filter, { gh, gl }, T, Lab);
        decisions++;
        if (r.updated) errors++;
        labelErrors += r.labelErrors;
        arcs += r.arcs;
        continue;
      }
      while (!m.terminal()) {
        const nValid = sc.validity(m);
        if (nValid === 1 && !sc.rightOk) {
          m.apply(sc.shiftOk ? SHIFT : LEFT, sc.shiftOk ? 0 : rootLabel);
          continue;
        }
        // transition: perceptron update when the predicted transition costs more than the best one possible
        sc.scoreTransitions(m, T, filter);
        const pa = sc.bestAction();
        costs(m, gh, cost);
        let ga = -1;
        for (let a = 0; a < 3; a++) {
          const ok = a === SHIFT ? sc.shiftOk : a === LEFT ? sc.leftOk : sc.rightOk;
          if (ok && (ga < 0 || cost[a] < cost[ga] || (cost[a] === cost[ga] && sc.scoresT[a] > sc.scoresT[ga]))) ga = a;
        }
        T.tick();
        Lab.tick();
        decisions++;
        if (cost[pa] > cost[ga]) {
          errors++;
          T.update(sc.fbT.keys, sc.fbT.n, ga, 1);
          T.update(sc.fbT.keys, sc.fbT.n, pa, -1);
        }
        // label: learnt on the arc of the best transition when that arc is a gold one
        const s0 = m.stack[m.sp - 1];
        const s1 = m.sp >= 2 ? m.stack[m.sp - 2] : -2;
        let gLabel = -1;
        if ((ga === LEFT && !sc.leftRoot && gh[s0] === m.b) || (ga === RIGHT && gh[s0] === s1)) {
          const pl = sc.bestLabel(m, Lab, ga === LEFT ? 0 : 1, filter);
          gLabel = gl[s0];
          arcs++;
          if (pl !== gLabel) {
            labelErrors++;
            Lab.update(sc.fbL.keys, sc.fbL.n, gLabel, 1);
            Lab.update(sc.fbL.keys, sc.fbL.n, pl, -1);
          }
        }
        // dynamic oracle with exploration: after the first epoch, mostly follow the model's own transition
        const a = epoch > 0 && random() < explore ? pa : ga;
        if (a === SHIFT) m.apply(SHIFT, 0);
        else if (a === LEFT && sc.leftRoot) m.apply(LEFT, rootLabel);
        else if (a === ga && gLabel >= 0) m.apply(a, gLabel);
        else m.apply(a, sc.bestLabel(m, Lab, a === LEFT ? 0 : 1, filter));
      }
    }
    const secs = (performance.now() - t0) / 1000;
    log(
      `parser: epoch ${epoch + 1}/${epochs}${bs ? ` (beam ${beam}, errors = sentences updated)` : ''}: transition errors ${((100 * errors) / decisions).toFixed(2)}%, ` +
        `label errors ${((100 * labelErrors) / Math.max(1, arcs)).toFixed(2)}%, ${T.features}+${Lab.features} rows, ${secs.toFixed(1)} s`,
    );
    if (opts.onEpoch) opts.onEpoch(epoch + 1, freeze());
  }
  return opts.onEpoch ? new Parser(labels, frozen!.t, frozen!.l, lexArrays, meta) : freeze();
}

// ---------------------------------------------------------------------------------------------------------
// The second-pass labeler (not shipped; see parser.ts)

/**
 * Trains the second-pass labeler of `parser` on gold trees (non-projective ones as they are), tagged with
 * `tags`. `onEpoch` receives the parser with the averaged labeler after each epoch.
 */
export function trainLabeler(
  parser: Parser, sentences: ConlluSentence[], tags: { upos: string[]; xpos: string[] }[] | undefined,
  opts: {
    epochs?: number; seed?: number; minWeight?: number; log?: (msg: string) => void; onEpoch?: (epoch: number, p: Parser) => void;
    /** Trees to label in training (CoNLL-U heads, 0 = root), e.g. jackknifed parses; default the gold trees. */
    heads?: readonly (readonly number[])[];
  },
): void {
  const epochs = opts.epochs ?? 10;
  const random = seededRandom(opts.seed ?? 7);
  const labelIndex = new Map(parser.labels.map((l, i) => [l, i]));
  const trainer = new PerceptronTrainer(parser.labels.length);
  const m = new Machine();
  const lexicon = new Lexicon(parser.lexiconArrays);
  const treeLabeler = new TreeLabeler(parser.labels.length, parser.labels.indexOf('root'));
  const order = sentences.map((_, i) => i);
  let goldBuf = new Int32Array(0);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    let errors = 0;
    let arcs = 0;
    for (const si of order) {
      const s = sentences[si];
      const n = s.words.length;
      if (s.words.filter((w) => w.head === 0).length !== 1) continue;
      m.ensure(n);
      const upos = tags ? tags[si].upos : s.words.map((w) => w.upos);
      const xpos = tags ? tags[si].xpos : s.words.map((w) => w.xpos);
      for (let i = 0; i < n; i++) lexicon.fill(m, i, s.words[i].form, upos[i], xpos[i]);
      m.reset(n);
      if (goldBuf.length < n) goldBuf = new Int32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const w = s.words[i];
        const head = opts.heads ? opts.heads[si][i] : w.head;
        m.head[i] = head === 0 ? n : head - 1;
        goldBuf[i] = labelIndex.get(w.deprel) ?? 0;
      }
      errors += treeLabeler.run(m, trainer, goldBuf, trainer);
      arcs += n;
    }
    opts.log?.(`labeler: epoch ${epoch + 1}/${epochs}: label errors ${((100 * errors) / arcs).toFixed(2)}%, ${trainer.features} rows`);
    opts.onEpoch?.(epoch + 1, parser.withLabeler(trainer.finalize(opts.minWeight ?? 1)));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

export interface ParserScores {
  uas: number;
  las: number;
  words: number;
  /** Parsing time only (tags given). */
  seconds: number;
  tokensPerSec: number;
}

/**
 * Attachment scores over `sentences` (punctuation included, LAS on the full deprel), parsing with `tags`
 * (e.g. predicted by the tagger) or the gold tags.
 */
export function scoreParser(
  parser: Parser, sentences: ConlluSentence[], tags?: { upos: string[]; xpos: string[] }[],
): ParserScores {
  let words = 0;
  let uas = 0;
  let las = 0;
  let ms = 0;
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    const forms = s.words.map((w) => w.form);
    const upos = tags ? tags[si].upos : s.words.map((w) => w.upos);
    const xpos = tags ? tags[si].xpos : s.words.map((w) => w.xpos);
    const t0 = performance.now();
    const r = parser.parse(forms, upos, xpos);
    ms += performance.now() - t0;
    for (let i = 0; i < s.words.length; i++) {
      words++;
      if (r.head[i] === s.words[i].head) {
        uas++;
        if (r.deprel[i] === s.words[i].deprel) las++;
      }
    }
  }
  const seconds = ms / 1000;
  return {
    uas: words ? uas / words : 0,
    las: words ? las / words : 0,
    words,
    seconds,
    tokensPerSec: seconds > 0 ? Math.round(words / seconds) : 0,
  };
}
