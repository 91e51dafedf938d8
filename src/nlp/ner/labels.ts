/**
 * The NER's labels: 0 = O, then for type t (0..3) and position p (B, I, L, U): 1 + 4t + p. Conversions to and
 * from BIO tags and spans, the BILOU transition constraints, and span confidences.
 */

export type NerType = 'PER' | 'ORG' | 'LOC' | 'MISC';
export const NER_ENTITY_TYPES: readonly NerType[] = ['PER', 'ORG', 'LOC', 'MISC'];

export interface NerEntitySpan {
  /** First token (inclusive). */
  start: number;
  /** Token after the last one (exclusive). */
  end: number;
  type: NerType;
  /** Confidence 0..1 (mean calibrated probability of the span's token labels). */
  score: number;
}

// Labels: 0 = O, then for type t (0..3) and position p (B, I, L, U): 1 + 4t + p.

export const N_LABELS = 17;
export const POS_B = 0;
export const POS_I = 1;
export const POS_L = 2;
export const POS_U = 3;
export const labelType = (c: number): number => (c === 0 ? -1 : (c - 1) >> 2);
export const labelPos = (c: number): number => (c === 0 ? -1 : (c - 1) & 3);
export const makeLabel = (t: number, p: number): number => 1 + 4 * t + p;

/** allowed[prev * N + cur]: BILOU transition constraints (prev = 0 at sentence start). */
export const ALLOWED = (() => {
  const a = new Uint8Array(N_LABELS * N_LABELS);
  for (let p = 0; p < N_LABELS; p++) {
    for (let c = 0; c < N_LABELS; c++) {
      const pp = labelPos(p);
      const inside = pp === POS_B || pp === POS_I;
      const cp = labelPos(c);
      const cont = cp === POS_I || cp === POS_L;
      a[p * N_LABELS + c] = inside ? (cont && labelType(c) === labelType(p) ? 1 : 0) : cont ? 0 : 1;
    }
  }
  return a;
})();

/** BILOU label sequence → BIO tags. */
export function labelsToBio(labels: ArrayLike<number>, n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (c === 0) out[i] = 'O';
    else {
      const p = labelPos(c);
      out[i] = `${p === POS_B || p === POS_U ? 'B' : 'I'}-${NER_ENTITY_TYPES[labelType(c)]}`;
    }
  }
  return out;
}

/** BIO/IOB tags → BILOU label ids (spans as conlleval reads them). */
export function bioToLabels(tags: readonly string[]): Uint8Array {
  const n = tags.length;
  const out = new Uint8Array(n);
  const typeOf = (t: string): number => (t.length > 2 && t[1] === '-' ? NER_ENTITY_TYPES.indexOf(t.slice(2) as NerType) : -1);
  let i = 0;
  while (i < n) {
    const t = typeOf(tags[i]);
    if (t < 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && tags[j][0] === 'I' && typeOf(tags[j]) === t) j++;
    if (j - i === 1) out[i] = makeLabel(t, POS_U);
    else {
      out[i] = makeLabel(t, POS_B);
      for (let k = i + 1; k < j - 1; k++) out[k] = makeLabel(t, POS_I);
      out[j - 1] = makeLabel(t, POS_L);
    }
    i = j;
  }
  return out;
}

/** Coarse previous-label classes for word-conditioned transition features: 0 = outside, 1+t = inside type t. */
export const COARSE = Uint8Array.from({ length: N_LABELS }, (_, c) => {
  const p = labelPos(c);
  return p === POS_B || p === POS_I ? 1 + labelType(c) : 0;
});
export const N_COARSE = 5;
/** PREDS[c]: the labels allowed before c. */
export const PREDS: Uint8Array[] = Array.from({ length: N_LABELS }, (_, c) =>
  Uint8Array.from({ length: N_LABELS }, (_, p) => p).filter((p) => ALLOWED[p * N_LABELS + c] === 1),
);

export const logit = (p: number): number => {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
};
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function labelsToSpans(lab: Uint8Array, probs: Float32Array, cal: readonly [number, number]): NerEntitySpan[] {
  const spans: NerEntitySpan[] = [];
  let start = -1;
  let sum = 0;
  for (let i = 0; i < lab.length; i++) {
    const c = lab[i];
    const p = labelPos(c);
    if (p === POS_B || p === POS_U) {
      start = i;
      sum = 0;
    }
    if (start < 0) continue;
    sum += probs.length ? probs[i] : 1;
    if (p === POS_L || p === POS_U) {
      const mean = sum / (i + 1 - start);
      const score = Math.round(sigmoid(cal[0] * logit(mean) + cal[1]) * 1000) / 1000;
      spans.push({ start, end: i + 1, type: NER_ENTITY_TYPES[labelType(c)], score });
      start = -1;
    }
  }
  return spans;
}

/** "start:end:TYPE" keys of the spans of a BIO tag sequence. */
export function bioSpanKeys(tags: readonly string[]): string[] {
  const lab = bioToLabels(tags);
  const keys: string[] = [];
  let start = -1;
  for (let i = 0; i < lab.length; i++) {
    const p = labelPos(lab[i]);
    if (p === POS_B || p === POS_U) start = i;
    if ((p === POS_L || p === POS_U) && start >= 0) {
      keys.push(`${start}:${i + 1}:${NER_ENTITY_TYPES[labelType(lab[i])]}`);
      start = -1;
    }
  }
  return keys;
}
