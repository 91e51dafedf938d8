/**
 * Training of the two attribution taggers on gold tag sequences (greedy left-to-right averaged perceptrons,
 * teacher-forced: each token is scored after the gold labels before it), and the gold sequences of an
 * annotated text. Inference is in `decode.ts`.
 */
import { FeatureBuffer } from '../../nlp/features.js';
import { argmax } from '../../nlp/linear/model.js';
import type { PerceptronTrainer } from '../../nlp/linear/trainer.js';
import { tokenAt, type QTokens } from '../tokens.js';
import type { BratSpan } from '../polnear.js';
import type { TagContext } from './context.js';
import { cuePaths, indexCues } from './cue-index.js';
import { cueFeatures, CUE_GATE, cueSentenceGated, cueTokenGated, scFeatures } from './features.js';
import { CUE_B, CUE_I, CUE_O, SC_BCNT, SC_BSRC, SC_ICNT, SC_ISRC } from './labels.js';


/**
 * One perceptron training step for a greedy tagger: move weights from the guess towards the gold label and
 * return the gold label, which the decoder then conditions on (teacher forcing).
 */
function learn(trainer: PerceptronTrainer, fb: FeatureBuffer, guess: number, gold: number): number {
  trainer.tick();
  if (guess !== gold) {
    trainer.update(fb.keys, fb.n, gold, 1);
    trainer.update(fb.keys, fb.n, guess, -1);
  }
  return gold;
}

/**
 * One training pass of the cue tagger over a document; returns the gold labels. Every token is learnt from unless
 * `CUE_GATE.train` asks for the decoder's gates (see `decode.ts`) in training too.
 */
export function trainCues(ctx: TagContext, trainer: PerceptronTrainer, gold: Uint8Array): Uint8Array {
  const n = ctx.t.n;
  const out = new Uint8Array(n);
  const fb = new FeatureBuffer(64);
  const scores = new Float64Array(3);
  let p1 = 9;
  let p2 = 9;
  for (let i = 0; i < n; i++) {
    const sent = ctx.t.sent[i];
    if (ctx.t.sentStart[sent] === i) {
      p1 = 9;
      p2 = 9;
      if (CUE_GATE.train && cueSentenceGated(ctx, sent)) {
        i = ctx.t.sentStart[sent + 1] - 1;
        continue;
      }
    }
    if ((p1 === 9 || p1 === CUE_O) && CUE_GATE.train && cueTokenGated(ctx, i)) {
      out[i] = CUE_O;
      p2 = p1;
      p1 = CUE_O;
      continue;
    }
    cueFeatures(ctx, i, p1, p2, fb);
    scores.fill(0);
    trainer.score(fb.keys, fb.n, scores);
    if (p1 === 9 || p1 === CUE_O) scores[CUE_I] -= 1e6; // I only after B/I
    const y = learn(trainer, fb, argmax(scores), gold[i]);
    out[i] = y;
    p2 = p1;
    p1 = y;
  }
  return out;
}

/** One training pass of the source/content tagger over a document, given its (gold) cue labels. */
export function trainSourceContent(ctx: TagContext, cueLabels: Uint8Array, trainer: PerceptronTrainer, gold: Uint8Array): Uint8Array {
  const n = ctx.t.n;
  const t = ctx.t;
  const ci = indexCues(ctx, cueLabels);
  const path = cuePaths(ctx, ci);
  const out = new Uint8Array(n);
  const fb = new FeatureBuffer(64);
  const scores = new Float64Array(5);
  let p1 = 9;
  let p2 = 9;
  for (let i = 0; i < n; i++) {
    if (i === 0 || t.para[i] !== t.para[i - 1]) {
      p1 = 9;
      p2 = 9;
    }
    scFeatures(ctx, ci, path, i, p1, p2, fb);
    scores.fill(0);
    trainer.score(fb.keys, fb.n, scores);
    if (p1 !== SC_BSRC && p1 !== SC_ISRC) scores[SC_ISRC] -= 1e6;
    if (p1 !== SC_BCNT && p1 !== SC_ICNT) scores[SC_ICNT] -= 1e6;
    const y = learn(trainer, fb, argmax(scores), gold[i]);
    out[i] = y;
    p2 = p1;
    p1 = y;
  }
  return out;
}

/** Gold tag sequences for one annotated text: cue BIO and source/content BIO over the quotes tokens. */
export function goldLabels(t: QTokens, spans: BratSpan[]): { cue: Uint8Array; sc: Uint8Array } {
  const cue = new Uint8Array(t.n);
  const sc = new Uint8Array(t.n);
  const mark = (labels: Uint8Array, s: number, e: number, b: number, i: number): void => {
    let first = true;
    for (let k = tokenAt(t, s); k < t.n && t.start[k] < e; k++) {
      if (t.end[k] <= s) continue;
      if (labels[k] !== 0) {
        first = false;
        continue;
      }
      labels[k] = first ? b : i;
      first = false;
    }
  };
  for (const sp of spans) {
    for (const f of sp.frags) {
      if (sp.label === 'Cue') mark(cue, f.start, f.end, CUE_B, CUE_I);
      else if (sp.label === 'Source') mark(sc, f.start, f.end, SC_BSRC, SC_ISRC);
      else if (sp.label === 'Content') mark(sc, f.start, f.end, SC_BCNT, SC_ICNT);
    }
  }
  return { cue, sc };
}
