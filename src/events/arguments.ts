/**
 * The learned argument model: of the actors a sentence names, which is the event's source and which its target?
 * The dictionary coder reads arguments off the parse by rules (subject → source, object or recipient → target);
 * on whole wire stories the parse and the rules miss or swap them often. This model ranks every actor phrase of
 * the sentence (and "none") for each role of an event by the dependency path from the trigger, the side and
 * distance, how the actor was coded, whether the rules chose it, the verb and the event's CAMEO root. A ranking
 * perceptron trained by `npm run train:event-args` on the project's own annotated stories (data/news-train)
 * ships as models/event-args.json.gz; the coder asks it for the actors its rules could not find (coder.ts
 * `applyArgumentModel`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { modelPath } from '../nlp/paths.js';
import type { ActorRef } from './actor-ref.js';
import type { SentenceView } from './view.js';

export type ArgRole = 'S' | 'T';

export interface ArgumentModelFile {
  format: 'herald-event-args/1';
  /** Feature → weight (averaged, pruned). */
  weights: Record<string, number>;
  provenance: Record<string, unknown>;
}

/** Prepositions kept on an oblique or nominal modifier's step of a path ("obl:with", "nmod:between"). */
const KEEP_CASE = new Set(['to', 'with', 'against', 'on', 'in', 'at', 'by', 'from', 'between', 'for', 'of', 'into', 'toward', 'towards', 'over', 'among']);

/** One step label: the relation's base, with the preposition for obliques and nominal modifiers. */
function stepLabel(v: SentenceView, k: number): string {
  const r = v.base(k);
  if (r === 'obl' || r === 'nmod' || r === 'acl' || r === 'advcl') {
    const c = v.caseOf(k);
    return KEEP_CASE.has(c) ? `${r}:${c}` : r;
  }
  return v.rel(k) === 'obl:agent' ? 'obl:by' : r;
}

/**
 * The dependency path from trigger `t` to token `c` in the sentence: the steps up from the trigger to their
 * lowest common ancestor (↑rel) and down to `c` (↓rel), at most four; "far" beyond that or across a broken tree.
 */
export function depPath(v: SentenceView, t: number, c: number): string {
  const up: number[] = [];
  const seen = new Map<number, number>();
  for (let k = t, n = 0; k >= v.from && k < v.to && n < 12; k = v.head(k), n++) {
    seen.set(k, up.length);
    up.push(k);
  }
  const down: number[] = [];
  let meet = -1;
  for (let k = c, n = 0; k >= v.from && k < v.to && n < 12; k = v.head(k), n++) {
    if (seen.has(k)) {
      meet = k;
      break;
    }
    down.push(k);
  }
  if (meet < 0) return 'far';
  const ups = up.slice(0, seen.get(meet));
  if (ups.length + down.length > 4) return 'far';
  return [...ups.map((k) => '↑' + stepLabel(v, k)), ...down.reverse().map((k) => '↓' + stepLabel(v, k))].join(' ') || 'self';
}

const bucket = (d: number): string => (d <= 1 ? '1' : d <= 3 ? '3' : d <= 6 ? '6' : d <= 12 ? '12' : 'far');

/** What the rest of the features are conjoined with. */
export interface ArgContextInfo {
  /** The trigger token. */
  trigger: number;
  /** Is the trigger a passive verb? */
  passive: boolean;
  /** Head token of the rules' choice for this role, or -1. */
  ruleHead: number;
  /** Head token of the rules' choice for the other role, or -1. */
  otherHead: number;
}

/** Features of actor `c` (null: "none") for role `role` of the event at `ctx.trigger`, before the root conjunctions. */
export function argumentFeatures(v: SentenceView, role: ArgRole, c: ActorRef | null, ctx: ArgContextInfo): string[] {
  const lemma = v.lemma(ctx.trigger);
  const pos = v.isVerb(ctx.trigger) ? 'V' : 'N';
  if (!c) {
    return [`${role}:none`, `${role}:none|l=${lemma}`, `${role}:none|pos=${pos}|pass=${ctx.passive}`, `${role}:none|rule=${ctx.ruleHead >= 0}`];
  }
  const path = depPath(v, ctx.trigger, c.head);
  const first = path.split(' ')[0];
  const dir = c.head < ctx.trigger ? 'L' : 'R';
  const rule = c.head === ctx.ruleHead;
  const other = c.head === ctx.otherHead;
  return [
    `${role}:bias`,
    `${role}:p=${path}`,
    `${role}:p1=${first}`,
    `${role}:p=${path}|pass=${ctx.passive}`,
    `${role}:d=${dir}${bucket(Math.abs(c.head - ctx.trigger))}`,
    `${role}:d=${dir}|pos=${pos}`,
    `${role}:via=${c.via}|${c.agentOnly}`,
    `${role}:rule=${rule}`,
    `${role}:rule=${rule}|p1=${first}`,
    `${role}:other=${other}`,
    `${role}:l=${lemma}|p1=${first}`,
    `${role}:l=${lemma}|d=${dir}`,
  ];
}

/** The root conjunctions of a feature list: each feature also with the event's CAMEO root. */
export function withRoot(features: string[], root: string): string[] {
  const out = features.slice();
  for (const f of features) if (!f.includes('|l=') && !f.includes(':l=')) out.push(`${f}|r=${root}`);
  return out;
}

const ROOT_MARK = '|r=';
/** Features `scoreWithRoot` keeps before it starts afresh (a long-running server meets an open vocabulary). */
const SEEN_LIMIT = 20_000;

/** A feature's weights as `scoreWithRoot` has met them: its own, and its root conjunctions' by root. */
interface SeenFeature {
  own: number;
  /** Does the feature take root conjunctions (see `withRoot`)? */
  rooted: boolean;
  byRoot: Map<string, number> | null;
}

export class ArgumentModel {
  private readonly weights: Map<string, number>;
  /**
   * The weights of the features met so far, each with those of its root conjunctions met so far: the next time
   * a feature comes (most do, sentence after sentence) one lookup gives both, where `feature|r=root` was built
   * and hashed each time. Filled as the features come, not when the model loads (where the same work over the
   * model's 9k keys, in code not yet optimised, added ~25 ms to every process's start).
   */
  private readonly seen = new Map<string, SeenFeature>();

  private constructor(readonly file: ArgumentModelFile) {
    this.weights = new Map(Object.entries(file.weights));
  }

  private static cached: ArgumentModel | null | undefined;

  /** The shipped model (models/event-args.json.gz), or null when there is none. */
  static default(): ArgumentModel | null {
    if (ArgumentModel.cached === undefined) {
      const p = modelPath('event-args.json.gz');
      ArgumentModel.cached = existsSync(p) ? new ArgumentModel(JSON.parse(gunzipSync(readFileSync(p)).toString('utf8')) as ArgumentModelFile) : null;
    }
    return ArgumentModel.cached;
  }

  static of(file: ArgumentModelFile): ArgumentModel {
    return new ArgumentModel(file);
  }

  score(features: readonly string[]): number {
    let s = 0;
    for (const f of features) s += this.weights.get(f) ?? 0;
    return s;
  }

  /**
   * `score(withRoot(features, root))` without building the list: the same weights added in the same order
   * (each feature's own, then its root conjunction's; 0 for a missing one, as before), so the same sum to the
   * last bit.
   */
  scoreWithRoot(features: readonly string[], root: string): number {
    const w = this.weights;
    let s = 0;
    for (const f of features) {
      let e = this.seen.get(f);
      if (!e) {
        if (this.seen.size >= SEEN_LIMIT) this.seen.clear();
        e = { own: w.get(f) ?? 0, rooted: !f.includes('|l=') && !f.includes(':l='), byRoot: null };
        this.seen.set(f, e);
      }
      s += e.own;
      if (e.rooted) {
        const byRoot = (e.byRoot ??= new Map());
        let x = byRoot.get(root);
        if (x === undefined) byRoot.set(root, (x = w.get(f + ROOT_MARK + root) ?? 0));
        s += x;
      }
    }
    return s;
  }
}
