/**
 * The quotes model file (`models/quotes.model`): the cue tagger and the source/content tagger, trained by
 * `scripts/train-quotes.ts` on PolNeAR TRAIN. Gold labels for training are projected here too.
 */
import { LinearModel } from '../nlp/perceptron.js';
import { loadModel, saveModel, type StoredArray } from '../nlp/model-file.js';
import { modelPath } from '../nlp/paths.js';
import { tokenAt, type QTokens } from './lex.js';
import type { BratSpan } from './polnear.js';
import { NO_BIAS, type TagBias, CUE_B, CUE_I, SC_BCNT, SC_BSRC, SC_ICNT, SC_ISRC } from './tagger.js';

export interface QuoteModel {
  cue: LinearModel;
  sc: LinearModel;
  meta: Record<string, unknown>;
  bias: TagBias;
}

export const QUOTES_MODEL = 'quotes.model';

export function saveQuoteModel(path: string, m: QuoteModel): number {
  const a = m.cue.toArrays('cue');
  const b = m.sc.toArrays('sc');
  const arrays: Record<string, StoredArray> = { ...a.arrays, ...b.arrays };
  return saveModel(path, { meta: { ...m.meta, ...a.meta, ...b.meta }, arrays });
}

export function loadQuoteModel(path = modelPath(QUOTES_MODEL)): QuoteModel {
  const f = loadModel(path);
  return {
    cue: LinearModel.fromArrays('cue', f.arrays, f.meta),
    sc: LinearModel.fromArrays('sc', f.arrays, f.meta),
    meta: f.meta,
    bias: envBias((f.meta.bias as TagBias | undefined) ?? NO_BIAS),
  };
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


/** HERALD_QUOTES_BIAS="cue,src,cnt" overrides the stored decoding offsets (for tuning runs). */
function envBias(b: TagBias): TagBias {
  const v = process.env.HERALD_QUOTES_BIAS;
  if (!v) return b;
  const [cue, src, cnt] = v.split(',').map(Number);
  return { cue: cue || 0, src: src || 0, cnt: cnt || 0 };
}
