/**
 * The attribution taggers' label sets (cue: O / B-CUE / I-CUE; source/content: O / B-SRC / I-SRC / B-CNT / I-CNT),
 * the decoding offsets stored with a model, and the chunks a label sequence makes.
 */
export const CUE_O = 0;
export const CUE_B = 1;
export const CUE_I = 2;
export const SC_O = 0;
export const SC_BSRC = 1;
export const SC_ISRC = 2;
export const SC_BCNT = 3;
export const SC_ICNT = 4;
export const CUE_LABELS = ['O', 'B-CUE', 'I-CUE'];
export const SC_LABELS = ['O', 'B-SRC', 'I-SRC', 'B-CNT', 'I-CNT'];

/** Score offsets added to the B- classes at decoding time (tuned on DEV, stored in the model file). */
export interface TagBias {
  cue: number;
  src: number;
  cnt: number;
}
export const NO_BIAS: TagBias = { cue: 0, src: 0, cnt: 0 };

export interface Chunk {
  from: number;
  /** exclusive */
  to: number;
}

/** Contiguous chunks of label B(I)* from a BIO sequence (`b`, `i` = label ids). */
export function chunks(labels: Uint8Array, b: number, i: number): Chunk[] {
  const out: Chunk[] = [];
  let k = 0;
  const n = labels.length;
  while (k < n) {
    if (labels[k] === b || labels[k] === i) {
      const from = k;
      k++;
      while (k < n && labels[k] === i) k++;
      out.push({ from, to: k });
    } else k++;
  }
  return out;
}
