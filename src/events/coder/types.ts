/**
 * Types shared by the event coder's modules (a leaf: the modules import it, it imports none of them).
 */
import type { EventModality, EventVia } from '../../doc/doc.js';
import type { ActorRef, ArgumentCoder } from '../args.js';
import type { ArgRole } from '../arguments.js';
import type { VerbPattern } from '../lexicon.js';
import type { EventResources } from '../resources.js';
import type { SentenceView } from '../view.js';

/** Receives a codable verb (token index) and its trigger-model features. */
export type TriggerSink = (tok: number, features: string[]) => void;
/** Receives, for a word that may trigger an event, each actor of the sentence with its argument features per role (training the argument model). */
export type ArgumentSink = (tok: number, rows: { role: ArgRole; ref: ActorRef | null; features: string[] }[]) => void;

export interface CodedEvent {
  /** Trigger token range [trigger, triggerEnd] (inclusive; a phrasal verb includes its particle). */
  trigger: number;
  triggerEnd: number;
  code: string;
  source: ActorRef | null;
  target: ActorRef | null;
  negated: boolean;
  via: EventVia;
  /** Dictionary line of the pattern or verb that gave the code. */
  line: number | null;
  /** Coded as an intent or threat (03x/13x) of the act. */
  modality: EventModality;
  /** What the argument model supplied: the target ('target'), or both actors of a verb the rules left ('rescue'). */
  learned?: 'target' | 'rescue';
}

export interface PatternMatch {
  pattern: VerbPattern;
  score: number;
  target: number;
  source: number;
  /** Tokens matched (for consumption and negation). */
  tokens: number[];
}

export interface VerbTrigger {
  tok: number;
  end: number;
  code: string | null;
  passiveCode: string | null;
  line: number | null;
  via: CodedEvent['via'];
  match: PatternMatch | null;
  syntacticPassive: boolean;
  negated: boolean;
  modality: CodedEvent['modality'];
  /** Nominal object that carried a light verb's code, or a threat's act. */
  consumed: number[];
  suppressed: boolean;
  targetHint: number;
  /** Also look for the target among the arguments of this verb (an intent governor's act). */
  targetVerb?: number;
  /** An act with no target whatever the sentence names (declining comment). */
  noTarget?: boolean;
  /** An agreement reached (057, `reachesAgreement`): the trigger model keeps the code, and it is both sides' act. */
  settled?: boolean;
}

/**
 * What the coder's functions read of the coder coding one sentence (SentenceCoder implements it): the sentence,
 * the resources, the argument coder, the training sinks, and the memos the functions keep for the sentence.
 */
export interface CoderContext {
  readonly view: SentenceView;
  readonly res: EventResources;
  readonly args: ArgumentCoder;
  /** Receives every codable verb's trigger features (training the trigger model). */
  readonly triggerSink?: TriggerSink;
  /** Receives every verb's and noun's argument candidates with their features (training the argument model). */
  readonly argSink?: ArgumentSink;
  /** Token → head of the actor phrase covering it, or -1 (patterns.ts, actorStart). */
  actorStarts: Map<number, number> | null;
  /** Does the sentence give a match score (clause.ts, hasScore)? */
  scored: boolean | undefined;
  /** The argument model's candidates (learned-args.ts, argumentCandidates). */
  argCands: ActorRef[] | null;
  /** The countries the sentence names, by token (actors.ts, countryList). */
  countryTokens: { tok: number; country: string }[] | null;
}
