/**
 * The quotes model file (`models/quotes.model`): the cue tagger and the source/content tagger, trained by
 * `scripts/train-quotes.ts` on PolNeAR TRAIN (`train.ts`).
 */
import { LinearModel } from '../../nlp/linear/model.js';
import { loadModel, saveModel, type StoredArray } from '../../nlp/model-file.js';
import { modelPath } from '../../nlp/paths.js';
import { NO_BIAS, type TagBias } from './labels.js';

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


/** HERALD_QUOTES_BIAS="cue,src,cnt" overrides the stored decoding offsets (for tuning runs). */
function envBias(b: TagBias): TagBias {
  const v = process.env.HERALD_QUOTES_BIAS;
  if (!v) return b;
  const [cue, src, cnt] = v.split(',').map(Number);
  return { cue: cue || 0, src: src || 0, cnt: cnt || 0 };
}
