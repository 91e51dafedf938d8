/**
 * Where the cues are, for the source/content tagger: each token's nearest cue to the left and right in its
 * paragraph, and how it hangs from a cue in the parse.
 */
import { chunks, CUE_B, CUE_I, type Chunk } from './labels.js';
import type { TagContext } from './context.js';

/** Per-token nearest cue chunk to the left/right within the paragraph (-1 = none), for the source/content tagger. */
export interface CueIndex {
  left: Int32Array;
  right: Int32Array;
  cueOf: Int32Array;
  /** The cue's word (`ctx.w` of its highest-prior token) and that token's form number (+ 1; -1 uncached). */
  cueWord: Int32Array;
  cueWordId: Int32Array;
  cues: Chunk[];
}

export function indexCues(ctx: TagContext, cueLabels: Uint8Array): CueIndex {
  const t = ctx.t;
  const n = t.n;
  const cues = chunks(cueLabels, CUE_B, CUE_I);
  const cueOf = new Int32Array(n).fill(-1);
  const cueWord = new Int32Array(cues.length);
  const cueWordId = new Int32Array(cues.length);
  cues.forEach((c, ci) => {
    let best = c.from;
    for (let k = c.from; k < c.to; k++) {
      cueOf[k] = ci;
      if (ctx.prior[k] > ctx.prior[best]) best = k;
    }
    cueWord[ci] = ctx.w[best];
    cueWordId[ci] = ctx.formId[best] < 0 ? -1 : ctx.formId[best] + 1;
  });
  const left = new Int32Array(n).fill(-1);
  const right = new Int32Array(n).fill(-1);
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (i > 0 && t.para[i] !== t.para[i - 1]) last = -1;
    left[i] = last;
    if (cueOf[i] >= 0) last = cueOf[i];
  }
  last = -1;
  for (let i = n - 1; i >= 0; i--) {
    if (i < n - 1 && t.para[i] !== t.para[i + 1]) last = -1;
    right[i] = last;
    if (cueOf[i] >= 0) last = cueOf[i];
  }
  return { left, right, cueOf, cueWord, cueWordId, cues };
}

/**
 * For each token, how it hangs from a cue in the parse: `rel` the relation of the cue's dependent on the path up
 * from the token (nsubj for the speaker, ccomp for the reported clause …; as the templates see it: its hash, or 2),
 * 1 for a cue token itself, 0 when no cue governs it within a few steps; `relId` a number for it (0, 1, 2, or 3 +
 * the relation's `depId`; -1 uncached); `side` 1 = cue to the left, 2 = to the right.
 */
export interface CuePaths {
  rel: Int32Array;
  relId: Int32Array;
  side: Uint8Array;
}

/** Largest `relId` + 1 (`depId` ≤ `TAG_IDS_MAX` = 127). */
export const N_REL = 131;

export function cuePaths(ctx: TagContext, ci: CueIndex): CuePaths {
  const n = ctx.t.n;
  const rel = new Int32Array(n);
  const relId = new Int32Array(n);
  const side = new Uint8Array(n);
  const nf = ctx.nlp;
  if (!nf.parsed || ci.cues.length === 0) return { rel, relId, side };
  for (let i = 0; i < n; i++) {
    if (ci.cueOf[i] >= 0) {
      rel[i] = 1;
      relId[i] = 1;
      continue;
    }
    let below = i;
    let k = nf.head[i];
    for (let step = 0; step < 12 && k >= 0 && k !== below; step++) {
      if (ci.cueOf[k] >= 0) {
        const dep = nf.dep[below];
        rel[i] = dep || 2;
        relId[i] = dep === 0 ? 2 : nf.depId[below] < 0 || nf.depId[below] + 3 >= N_REL ? -1 : nf.depId[below] + 3;
        side[i] = k < i ? 1 : 2;
        break;
      }
      below = k;
      k = nf.head[k];
    }
  }
  return { rel, relId, side };
}
