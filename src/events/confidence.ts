/**
 * How likely is a coded event to be right? On whole wire stories a dictionary pattern's match is no surer than a
 * verb's (patterns were right for a fifth of their events on the annotated stories, plain verbs for over half),
 * so the confidence an event carries is learned: a logistic regression over what the coder knows of the event
 * (how it was found, its CAMEO root, which actors it has and how they were found, whether it stands in a quote)
 * trained by `npm run train:event-confidence` on the project's annotated stories (data/news-train), where an event
 * counts as right when it matches a gold event at the news-gold root level. Shipped as
 * models/event-confidence.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { modelPath } from '../nlp/paths.js';

export interface EventConfidenceFile {
  format: 'herald-event-confidence/1';
  bias: number;
  weights: Record<string, number>;
  /**
   * The floor the story profile applies: events less likely than this are left out. Chosen by the trainer as the
   * highest threshold whose cross-validated root F1 on the annotated stories is within 0.002 of the best: at the same
   * F1, the more precise output (absent: 0, every event kept).
   */
  minConfidence?: number;
  provenance: Record<string, unknown>;
}

/** What the features are read from. */
export interface ConfidenceInput {
  via: string;
  code: string;
  hasSource: boolean;
  hasTarget: boolean;
  /** An actor found through a pronoun or a definite description. */
  anaphora: boolean;
  /** The kind of quote the trigger stands in ('none' outside). */
  quote: string;
  /** What the argument model supplied: 'target', 'rescue' (both actors), or 'none'. */
  learned: string;
  modality: string;
  /** The trigger's lemma, lower-cased (optional: older callers). */
  lemma?: string;
  /** How the source and target were found (ActorRef.via; '-' for none) and whether they are bare agents. */
  sourceVia?: string;
  targetVia?: string;
  /** The event stands in the story's first sentence (the headline). */
  headline?: boolean;
  /** The same country on both sides ("RUSGOV -> RUSREB"). */
  sameCountry?: boolean;
}

export function confidenceFeatures(x: ConfidenceInput): string[] {
  const root = x.code.slice(0, 2);
  const actors = `${x.hasSource ? 'S' : '-'}${x.hasTarget ? 'T' : '-'}`;
  return [
    `via=${x.via}`,
    `root=${root}`,
    `via_root=${x.via}|${root}`,
    `actors=${actors}`,
    `anaphora=${x.anaphora}`,
    `quote=${x.quote}`,
    `learned=${x.learned}`,
    `learned_root=${x.learned}|${root}`,
    `modality=${x.modality}`,
    `quote_root=${x.quote}|${root}`,
    ...(x.lemma !== undefined ? [`lemma=${x.lemma}`, `lemma_root=${x.lemma}|${root}`] : []),
    ...(x.sourceVia !== undefined ? [`svia=${x.sourceVia}`, `tvia=${x.targetVia}`, `svia_tvia=${x.sourceVia}|${x.targetVia}`] : []),
    ...(x.headline ? ['headline', `headline_root=${root}`] : []),
    ...(x.sameCountry ? ['same_country', `same_country_root=${root}`] : []),
  ];
}

export class EventConfidenceModel {
  private readonly weights: Map<string, number>;

  private constructor(readonly file: EventConfidenceFile) {
    this.weights = new Map(Object.entries(file.weights));
  }

  private static cached: EventConfidenceModel | null | undefined;

  /** The shipped model (models/event-confidence.json), or null when there is none. */
  static default(): EventConfidenceModel | null {
    if (EventConfidenceModel.cached === undefined) {
      const p = modelPath('event-confidence.json');
      EventConfidenceModel.cached = existsSync(p) ? new EventConfidenceModel(JSON.parse(readFileSync(p, 'utf8')) as EventConfidenceFile) : null;
    }
    return EventConfidenceModel.cached;
  }

  static of(file: EventConfidenceFile): EventConfidenceModel {
    return new EventConfidenceModel(file);
  }

  /** The floor below which the story profile leaves an event out (the file's `minConfidence`, else 0). */
  get floor(): number {
    return this.file.minConfidence ?? 0;
  }

  /** Probability that an event with these features is right. */
  probability(features: readonly string[]): number {
    let z = this.file.bias;
    for (const f of features) z += this.weights.get(f) ?? 0;
    return 1 / (1 + Math.exp(-z));
  }
}

/** The environment variable the global `--min-confidence X` sets (worker threads inherit it). */
export const MIN_CONFIDENCE_ENV = 'HERALD_MIN_CONFIDENCE';

/** A confidence floor as a user writes it (0 to 1), or an error message naming the fix. */
export function parseMinConfidence(value: string): number | string {
  const x = Number(value);
  return value.trim() !== '' && Number.isFinite(x) && x >= 0 && x <= 1 ? x : `--min-confidence needs a number from 0 to 1 (0 keeps every event), not '${value}'`;
}
