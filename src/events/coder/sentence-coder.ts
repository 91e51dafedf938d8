/**
 * SentenceCoder, the event coder over one parsed sentence (see ../coder.ts for its steps): its state, the methods
 * other files call, and `code()`, which runs the steps the modules beside it implement.
 */
import { type ActorRef, type ArgContext, ArgumentCoder } from '../args.js';
import type { EventResources } from '../resources.js';
import type { SentenceView } from '../view.js';
import { sourceHeads } from './actors.js';
import { afterWindow, beforeWindow, insideScareQuote, isPassive, nounHead } from './clause.js';
import { emitVerb } from './emit.js';
import { applyArgumentModel } from './learned-args.js';
import { nominals } from './nominal-events.js';
import { civilians, dedupe, localiseAgents, protestAddressees, purposeRepeats, riot, visitingGuests } from './post-rules.js';
import { agreedTogether, declinedComment, intentsAndThreats, lightVerbs, reachesAgreement, storyReadings } from './trigger-rules.js';
import type { ArgumentSink, CodedEvent, CoderContext, TriggerSink, VerbTrigger } from './types.js';
import { applyTriggerModel, verbTriggers } from './verb-triggers.js';

export class SentenceCoder implements CoderContext {
  readonly args: ArgumentCoder;
  actorStarts: Map<number, number> | null = null;

  constructor(
    readonly view: SentenceView,
    readonly res: EventResources,
    ctx: ArgContext,
    /** Receives every codable verb's trigger features (training the trigger model). */
    readonly triggerSink?: TriggerSink,
    /** Receives every verb's and noun's argument candidates with their features (training the argument model). */
    readonly argSink?: ArgumentSink,
  ) {
    this.args = new ArgumentCoder(view, res, ctx);
  }

  // (memos of the coder's functions for this sentence: see CoderContext)
  scored: boolean | undefined;
  argCands: ActorRef[] | null = null;
  countryTokens: { tok: number; country: string }[] | null = null;

  /** Tokens of the verb's phrase after it (objects, PPs, complements), in order. */
  afterWindow(verb: number, skip: ReadonlySet<number>): number[] {
    return afterWindow(this, verb, skip);
  }

  /** Words before the verb in its clause. */
  beforeWindow(verb: number): number[] {
    return beforeWindow(this, verb);
  }

  isPassive(verb: number): boolean {
    return isPassive(this, verb);
  }

  /** Heads of the acting argument of `verb` (see the module comment). */
  sourceHeads(verb: number, depth = 0): number[] {
    return sourceHeads(this, verb, depth);
  }

  /** The noun a name-internal token belongs to ("Osgiliath" in "Osgiliath soldiers" → soldiers). */
  nounHead(k: number): number {
    return nounHead(this, k);
  }

  /** Is token `k` inside a short quotation (scare quotes: “cancerous tumor”) of its sentence? */
  insideScareQuote(k: number): boolean {
    return insideScareQuote(this, k);
  }

  /** Codes the sentence. */
  code(): CodedEvent[] {
    const v = this.view;
    if (!v.parsed) return [];
    const profile = this.res.profile;
    const triggers = verbTriggers(this);
    const byTok = new Map(triggers.map((t) => [t.tok, t]));
    const consumed = new Set<number>();

    lightVerbs(this, triggers, consumed);
    if (profile.intent) intentsAndThreats(this, triggers, byTok, consumed);
    if (profile.storyScope) storyReadings(this, triggers);
    if (profile.storyScope) declinedComment(this, triggers);
    if (profile.storyScope) for (const t of triggers) agreedTogether(this, t);
    if (this.res.triggers || this.triggerSink) applyTriggerModel(this, triggers, this.res.triggers ?? null, this.triggerSink);
    // (and an agreement verb the model found an event: "clinched a truce with Chechen separatists")
    if (profile.storyScope) {
      for (const t of triggers) {
        if (t.modality !== 'act' || t.settled || !reachesAgreement(this, t)) continue;
        t.code = '057';
        t.passiveCode = null;
        t.settled = true;
      }
    }
    const events: CodedEvent[] = [];
    // verbs with a code that the rules found no actors for: the argument model may find them
    const unresolved: VerbTrigger[] = [];
    for (const t of triggers) {
      if (t.suppressed || (!t.code && !t.passiveCode)) continue;
      if (t.negated && profile.negation === 'suppress') continue;
      const before = events.length;
      emitVerb(this, t, events);
      if (events.length === before) unresolved.push(t);
    }
    if (profile.nominals) nominals(this, consumed, triggers, events);
    if (this.res.args || this.argSink) applyArgumentModel(this, triggers, events, unresolved);
    if (profile.agentCountry) for (const e of events) localiseAgents(this, e);
    if (profile.storyScope) for (const e of events) civilians(e);
    if (profile.storyScope) for (const e of events) riot(e);
    if (profile.storyScope) visitingGuests(this, events);
    if (profile.storyScope) protestAddressees(this, events);
    if (profile.storyScope) {
      // a visit is to another country: going somewhere in one's own is no 042-044 (one of 71 annotated visits)
      const kb = this.res.actors;
      const country = (a: ActorRef | null): string | null => (a ? kb.splitCode(a.code).country : null);
      return dedupe(purposeRepeats(this, events.filter((e) => !(/^04[234]/.test(e.code) && e.source && e.target && country(e.source) === country(e.target)))));
    }
    return dedupe(events);
  }
}
