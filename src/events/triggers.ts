/**
 * The learned trigger model: does this verb report an event of the story, and of which CAMEO root? The
 * dictionary knows what a verb can mean; whether "said" is a plain statement or "hit" a use of force, whether
 * "backed" is support or a vote, depends on the sentence. A multiclass averaged perceptron (21 classes: the 20
 * CAMEO roots and "none") reads the verb, its lemma's word cluster, its object, prepositions, auxiliaries,
 * governor and subject, whether it stands in a quotation or the headline, and what the dictionary coder made of
 * it; `npm run train:events` trains it on the project's own annotated training stories (data/news-train) and
 * ships models/event-triggers.json.gz.
 *
 * The coder (coder.ts) asks it for every verb: a dictionary code whose root the model confirms stands; a code
 * of another root gives way to the model's root; a verb the dictionary does not know becomes an event of the
 * model's root when the model is sure; a verb the model calls no event codes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dataPath, modelPath } from '../nlp/paths.js';
import type { SentenceView } from './view.js';

/** Class 0 is "no event"; then the CAMEO roots 01–20. */
export const TRIGGER_CLASSES = ['none', ...Array.from({ length: 20 }, (_, i) => String(i + 1).padStart(2, '0'))];

export interface TriggerModelFile {
  format: 'herald-event-triggers/1';
  classes: string[];
  /** Feature → [class index, weight, class index, weight, …] (averaged, pruned). */
  weights: Record<string, number[]>;
  /** A verb the dictionary does not code becomes an event only with this margin over "none". */
  newMargin: number;
  /** A dictionary event is dropped only when "none" beats its root by this much. */
  dropMargin: number;
  /** A dictionary event takes the model's root only when that root beats its own by this much. */
  recodeMargin: number;
  provenance: Record<string, unknown>;
}

let clusters: Map<string, string> | null = null;

/** Word → hierarchical cluster bit path (data/word-clusters.tsv.gz), loaded once. */
export function wordCluster(word: string): string {
  if (!clusters) {
    clusters = new Map();
    const p = dataPath('word-clusters.tsv.gz');
    if (existsSync(p)) {
      for (const line of gunzipSync(readFileSync(p)).toString('utf8').split('\n')) {
        const tab = line.indexOf('\t');
        const tab2 = line.indexOf('\t', tab + 1);
        if (tab > 0) clusters.set(line.slice(tab + 1, tab2 > 0 ? tab2 : undefined).toLowerCase(), line.slice(0, tab));
      }
    }
  }
  return clusters.get(word.toLowerCase()) ?? '';
}

const AUX_WORDS = new Set(['will', 'would', 'may', 'might', 'could', 'should', 'must', 'can', 'not', "n't", 'never', 'to']);

/**
 * Features of verb `i` of the view's sentence. `coderRoot` is the root of the dictionary coder's code for it
 * ('-' when it codes nothing); `quote` the kind of quotation it stands in ('none' outside).
 */
export function triggerFeatures(v: SentenceView, i: number, coderRoot: string, quote: string): string[] {
  const lemma = v.lemma(i);
  const cl = wordCluster(lemma) || wordCluster(v.lc[i]);
  const f = [
    'bias',
    `l=${lemma}`,
    `w=${v.lc[i]}`,
    `x=${v.xpos(i)}`,
    `d=${v.base(i)}`,
    `c4=${cl.slice(0, 4)}`,
    `c8=${cl.slice(0, 8)}`,
    `c12=${cl.slice(0, 12)}`,
    `dict=${coderRoot}`,
    `dict_l=${coderRoot}|${lemma}`,
    `q=${quote}`,
    `q_dict=${quote}|${coderRoot}`,
    `hl=${v.index === 0}`,
  ];
  const h = v.head(i);
  f.push(`gov=${h >= 0 ? v.lemma(h) : 'ROOT'}`, `gov_d=${h >= 0 ? v.base(i) + '|' + v.lemma(h) : 'ROOT'}`);
  for (const c of v.children(i)) {
    const r = v.base(c);
    if (r === 'obj') {
      f.push(`obj=${v.lemma(c)}`, `obj_c=${wordCluster(v.lemma(c)).slice(0, 8)}`, `l_obj=${lemma}|${v.lemma(c)}`);
    } else if (r === 'obl' || r === 'nmod') {
      f.push(`obl=${v.caseOf(c)}`, `l_obl=${lemma}|${v.caseOf(c)}`);
    } else if (r === 'aux' || r === 'advmod' || r === 'mark') {
      if (AUX_WORDS.has(v.lc[c])) f.push(`aux=${v.lc[c]}`);
    } else if (r === 'compound') {
      if (v.rel(c) === 'compound:prt') f.push(`prt=${lemma}|${v.lc[c]}`);
    } else if (r === 'nsubj') {
      f.push(`subj=${v.upos(c)}`, `subj_l=${v.upos(c) === 'PRON' ? v.lc[c] : wordCluster(v.lemma(c)).slice(0, 6)}`);
    } else if (r === 'xcomp' || r === 'ccomp') {
      f.push(`comp=${r}|${v.lemma(c)}`);
    }
  }
  return f;
}

/** CAMEO quad class of a root: 1 verbal cooperation (01–05), 2 material cooperation (06–09), 3 verbal conflict (10–14), 4 material conflict (15–20). */
function quad(root: string): number {
  const r = Number(root);
  return r <= 5 ? 1 : r <= 9 ? 2 : r <= 14 ? 3 : 4;
}

export class TriggerModel {
  private readonly weights: Map<string, number[]>;

  private constructor(readonly file: TriggerModelFile) {
    this.weights = new Map(Object.entries(file.weights));
  }

  private static cached: TriggerModel | null | undefined;

  /** The shipped model (models/event-triggers.json.gz), or null when there is none. */
  static default(): TriggerModel | null {
    if (TriggerModel.cached === undefined) {
      const p = modelPath('event-triggers.json.gz');
      TriggerModel.cached = existsSync(p) ? new TriggerModel(JSON.parse(gunzipSync(readFileSync(p)).toString('utf8')) as TriggerModelFile) : null;
    }
    return TriggerModel.cached;
  }

  static of(file: TriggerModelFile): TriggerModel {
    return new TriggerModel(file);
  }

  /** Class scores of a feature list. */
  scores(features: readonly string[]): Float64Array {
    const out = new Float64Array(this.file.classes.length);
    for (const f of features) {
      const row = this.weights.get(f);
      if (!row) continue;
      for (let k = 0; k < row.length; k += 2) out[row[k]] += row[k + 1];
    }
    return out;
  }

  /**
   * What to do with a verb the dictionary coded with root `root` ('-' when it coded nothing): keep its code,
   * drop it, recode it to another root, or (uncoded) add an event of a root.
   */
  decide(features: readonly string[], root: string): { action: 'keep' | 'drop' | 'recode' | 'add'; root: string } {
    const s = this.scores(features);
    let best = 1;
    for (let k = 2; k < s.length; k++) if (s[k] > s[best]) best = k;
    const top = this.file.classes[best];
    const own = this.file.classes.indexOf(root);
    if (own < 0) return s[best] - s[0] >= this.file.newMargin ? { action: 'add', root: top } : { action: 'keep', root };
    if (s[0] - s[own] >= this.file.dropMargin) return { action: 'drop', root };
    // another reading of the same kind of act only (a quad class: verbal or material, cooperation or conflict):
    // "rebels killed 20 soldiers" is never a criticism, whatever the model's second thoughts
    if (top !== root && quad(top) === quad(root) && s[best] - s[own] >= this.file.recodeMargin) return { action: 'recode', root: top };
    return { action: 'keep', root };
  }
}
