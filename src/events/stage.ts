/**
 * The events stage: codes every parsed sentence (coder.ts) and adds `doc.events` in the DESIGN schema, with
 * CAMEO name/root/Goldstein/quad class and PLOVER type/mode/context from the CAMEO table, the event's date
 * (time stage: the expression governing the trigger, else the publication date) and place (geo stage: a place
 * governing the trigger; never the source actor's country), and the id of the quote the trigger sits in.
 * Sentences (and stories) containing a discard phrase code nothing, as in PETRARCH2.
 */
import type { Doc, EventArgument, EventCameo, EventLocation, EventPlover, EventRecord, Quote } from '../doc/doc.js';
import type { Stage } from '../doc/stage.js';
import { geoStage, locationForEvent } from '../geo/index.js';
import { dateForEvent, timeStage } from '../time/index.js';
import { codedMentionHeads, entityIndex, type ActorRef, type ArgContext } from './args.js';
import { SentenceCoder, type ArgumentSink, type CodedEvent } from './coder.js';
import { buildDiscardIndex, loadEventResources, type DiscardIndex, type Discards, type EventResources } from './resources.js';
import { SentenceView } from './view.js';
import { confidenceFeatures, MIN_CONFIDENCE_ENV, parseMinConfidence } from './confidence.js';
import { restateLead } from './restate.js';
import { accusedAct, describedSpeaker, isBackground, isHabitual, scopeEvent, type ScopeVerdict } from './scope.js';

export type { EventArgument, EventCameo, EventPlover, EventLocation, EventRecord };

export interface EventStageOptions {
  /** Date for dated actor roles (default meta.published). */
  date?: string;
  /** Skip dates and places (faster; the evaluation does not score them). */
  noDatesPlaces?: boolean;
  /** Told of each coded event the story scope leaves out, and why (diagnostics; 'unlikely': below the confidence floor). */
  onDrop?: (rec: EventRecord, why: Exclude<ScopeVerdict, 'keep'> | 'unlikely') => void;
  /**
   * The story scope leaves out events less likely than this (default: HERALD_MIN_CONFIDENCE, which the global
   * `--min-confidence` sets, else the confidence model's floor; 0 keeps every event — the trainers do).
   */
  minConfidence?: number;
  /** Told of every codable verb with its trigger-model features (training the trigger model). */
  onTrigger?: (sentence: number, tok: number, features: string[]) => void;
  /** Told of every event kept, with its confidence features (training the confidence model). */
  onConfidence?: (rec: EventRecord, features: string[]) => void;
  /** Told of every verb's and noun's argument candidates with their features (training the argument model). */
  onArguments?: (sentence: number, tok: number, rows: Parameters<ArgumentSink>[1]) => void;
}

/** The discard indexes of `res` (built here when the resources were assembled by hand). */
function discardIndex(res: EventResources): { sentence: DiscardIndex; story: DiscardIndex } {
  if (!res.discardIndex || discardSource.get(res.discardIndex) !== res.discards) {
    res.discardIndex = buildDiscardIndex(res.discards, res.profile);
    discardSource.set(res.discardIndex, res.discards);
  }
  return res.discardIndex;
}
const discardSource = new WeakMap<object, Discards>();

export function createEventsStage(res: EventResources, opts: EventStageOptions = {}): Stage {
  return {
    name: 'events',
    requires: ['tokens', 'sentences', 'tags', 'lemmas', 'parse', 'entities', 'quotes', 'time', 'places'],
    assigns: ['events'],
    run: (doc) => eventsStage(doc, res, opts),
  };
}

export function eventsStage(doc: Doc, res: EventResources = loadEventResources(), opts: EventStageOptions = {}): void {
  // the pipeline runs the time and geo stages before this one; for a caller that did not, they run here
  if (!doc.time) timeStage(doc);
  if (!doc.places) geoStage(doc);
  const events: EventRecord[] = [];
  doc.events = events;
  const t = doc.tokens;
  const lc: string[] = new Array<string>(t.count);
  for (let i = 0; i < t.count; i++) {
    const f = t.form[i].toLowerCase();
    lc[i] = f.includes('’') || f.includes('‘') ? f.replace(/[’‘]/g, "'") : f;
  }
  const discards = discardIndex(res);
  if (discards.story.matches(lc, 0, t.count)) return;
  const ctx: ArgContext = { date: opts.date ?? doc.meta.published, entities: entityIndex(doc), storyCountry: doc.storyCountry, mentionHeads: res.args || opts.onArguments ? codedMentionHeads(doc) : undefined, describedBefore: null };
  const quotes: Quote[] = doc.quotes ?? [];
  const kb = res.actors;
  const describe = (q: Quote) => describedSpeaker(doc, q, (w) => kb.countryOfDemonym(w) ?? kb.countryOfCapital(w));
  const floor = res.profile.storyScope ? confidenceFloor(res, opts) : 0;
  for (let si = 0; si < doc.sentences.length; si++) {
    const s = doc.sentences[si];
    const before = ctx.describedBefore;
    ctx.describedBefore = null;
    if (discards.sentence.matches(lc, s.tokenStart, s.tokenEnd)) continue;
    const view = new SentenceView(doc, si, lc);
    if (!view.parsed) continue;
    ctx.describedBefore = before;
    const coder = new SentenceCoder(
      view,
      res,
      ctx,
      opts.onTrigger && ((tok, features) => opts.onTrigger!(si, tok, features)),
      opts.onArguments && ((tok, rows) => opts.onArguments!(si, tok, rows)),
    );
    const coded = coder.code();
    ctx.describedBefore = res.profile.storyScope ? coder.args.describedSubject() : null;
    if (!coded.length) continue;
    for (const e of coded) {
      let features: string[] = [];
      const rec = toRecord(doc, res, si, e, quotes, opts.onConfidence && ((f) => (features = f)));
      if (!rec) continue;
      let date: ReturnType<typeof dateForEvent> | null = null;
      if (res.profile.storyScope) {
        const quote = rec.quote ? quotes.find((q) => q.id === rec.quote) : undefined;
        // "accused Israel of attacking …" is coded as the accusation only, not the alleged act; the parts of the
        // scope that need no date first (dating an event parses the sentence's time expressions, the stage's
        // costliest step), then the background test on the date
        let verdict: ScopeVerdict = accusedAct(doc, e.trigger) ? 'quoted' : isHabitual(doc, e.trigger) ? 'background' : scopeEvent(doc, rec, quote, null, describe);
        if (verdict === 'keep') {
          date = dateForEvent(doc, si, e.trigger);
          // (only a year the text states, "in 1995", "last year", "three years ago": a month and day without one,
          // "on official visit to Greece Sep 15", is as likely ahead as eleven months back)
          const yearStated = !!date.expression && /\b(?:1[5-9]|20)\d\d\b|\byears?\b/i.test(date.expression.text);
          if (yearStated && isBackground(doc, date.precision !== 'publication' ? date.date : null)) verdict = 'background';
        }
        if (verdict !== 'keep') {
          opts.onDrop?.(rec, verdict);
          continue;
        }
        if (rec.confidence < floor - 1e-9) {
          opts.onDrop?.(rec, 'unlikely');
          continue;
        }
      } else if (!opts.noDatesPlaces) date = dateForEvent(doc, si, e.trigger);
      if (date && !opts.noDatesPlaces) {
        // an expression relative to something undated ("mere days after coming into office") leaves the
        // publication date as the best bound on when it happened
        if (date.date) {
          rec.date = date.date;
          rec.datePrecision = date.precision;
        }
        const place = locationForEvent(doc, si, e.trigger, { mentions: doc.places!.mentions(si) });
        rec.location = place ? { name: place.name, country: place.country, lat: place.lat, lon: place.lon } : null;
      }
      rec.id = `V${events.length + 1}`;
      events.push(rec);
      opts.onConfidence?.(rec, features);
    }
  }
  if (res.profile.storyScope) doc.events = restateLead(doc, events);
}

/** The confidence floor of the story scope: the caller's, else the user's (`--min-confidence`), else the model's. */
function confidenceFloor(res: EventResources, opts: EventStageOptions): number {
  if (opts.minConfidence !== undefined) return opts.minConfidence;
  const env = process.env[MIN_CONFIDENCE_ENV];
  if (env !== undefined && env !== '') {
    const x = parseMinConfidence(env);
    if (typeof x === 'number') return x;
  }
  return res.confidence?.floor ?? 0;
}

function argument(doc: Doc, res: EventResources, a: ActorRef | null): EventArgument | null {
  if (!a) return null;
  const t = doc.tokens;
  // (the news gold's short codes for international bodies: IGOEEC, not Phoenix's IGOEUREEC)
  const p = res.actors.splitCode(res.profile.storyScope ? res.actors.shortIgoCode(a.code) : a.code);
  return {
    entity: a.entity,
    name: a.name,
    actor: { code: p.code, country: p.country, sector: p.sector },
    start: t.start[a.start],
    end: t.end[a.end - 1],
  };
}

/** Words that make what they govern an allegation: "accused X of attacking", "allegedly", "reportedly". */
const ALLEGING = new Set(['accuse', 'allege', 'claim', 'charge', 'blame', 'allegedly', 'reportedly', 'purportedly', 'suspect']);
/** Who vouches for the event at trigger token `tok` (see EventRecord.evidence). */
function evidenceOf(doc: Doc, tok: number, quote: Quote | undefined): EventRecord['evidence'] {
  const t = doc.tokens;
  // the trigger's own hedges and the verbs it depends on, up the clause chain
  for (let k = tok, n = 0; k >= 0 && n < 4; k = t.head[k], n++) {
    if (k !== tok && ALLEGING.has(t.lemma[k].toLowerCase())) return 'alleged';
    for (let c = Math.max(0, k - 6); c < Math.min(t.count, k + 6); c++) {
      if (t.head[c] === k && t.deprel[c] === 'advmod' && ALLEGING.has(t.form[c].toLowerCase())) return 'alleged';
    }
  }
  return quote ? 'reported' : 'asserted';
}

function toRecord(doc: Doc, res: EventResources, si: number, e: CodedEvent, quotes: Quote[], onFeatures?: (features: string[]) => void): EventRecord | null {
  const t = doc.tokens;
  // the most specific code annotators give such an act (codes.ts; same root); the confidence reads the coder's own
  const code = res.codes ? res.codes.refine(e.code, t.lemma[e.trigger].toLowerCase()) : e.code;
  const info = res.cameo.cameoInfo(code) ?? res.cameo.cameoInfo(code.slice(0, 3)) ?? res.cameo.cameoInfo(code.slice(0, 2));
  const start = t.start[e.trigger];
  const end = t.end[e.triggerEnd];
  const quote = quotes.find((q) => (q.parts ?? [q]).some((p) => p.start <= start && end <= p.end));
  // An actor does not act on itself: a target that is the source's own entity ("said Khamenei, according to a
  // translation posted on his website") is an argument misread, not a target. (Not two actors whose only common
  // entity is their country's name: "An Iraqi Kurdish guerrilla group accused Iraqi government forces" is IRQREB
  // against IRQMIL.)
  const shared = e.target && e.source && e.target.entity !== null && e.target.entity === e.source.entity ? doc.entities?.find((x) => x.id === e.target!.entity) : undefined;
  // (each side its own agent of that country or people, neither the country itself)
  // (an uncoded entity shared, "Iraqi Kurdish", gives neither side its code: each came from its own words)
  const sharesOnlyCountry =
    !!shared && (!shared.actor || (shared.actor.sector === null && e.source!.code !== shared.actor.code && e.target!.code !== shared.actor.code)) && e.target!.code !== e.source!.code;
  const target = shared && !sharesOnlyCountry ? null : e.target;
  let confidence: number;
  const anaphora = e.source?.via === 'anaphora' || target?.via === 'anaphora';
  if (res.confidence || onFeatures) {
    // learned on the annotated stories (confidence.ts): how often events like this one were right
    const via = (a: typeof target): string => (a ? `${a.via}${a.agentOnly ? '-agent' : ''}` : '-');
    const country = (a: typeof target): string | null => (a ? res.actors.splitCode(a.code).country : null);
    const features = confidenceFeatures({
      via: e.via, code: e.code, hasSource: !!e.source, hasTarget: !!target, anaphora, quote: quote?.kind ?? 'none', learned: e.learned ?? 'none', modality: e.modality,
      lemma: t.lemma[e.trigger].toLowerCase(), sourceVia: via(e.source), targetVia: via(target), headline: si === 0, sameCountry: !!e.source && !!target && country(e.source) === country(target),
    });
    onFeatures?.(features);
    confidence = res.confidence ? res.confidence.probability(features) : 0.5;
  } else {
    confidence = e.via === 'pattern' ? 0.8 : e.via === 'verb' ? 0.65 : e.via === 'light' ? 0.7 : 0.55;
    if (e.source && target) confidence += 0.1;
    if (anaphora) confidence -= 0.1;
    if (quote) confidence -= 0.05;
  }
  const rec: EventRecord = {
    id: '',
    trigger: { start, end, text: doc.text.slice(start, end) },
    sentence: si,
    source: argument(doc, res, e.source),
    target: argument(doc, res, target),
    cameo: info
      ? { code, name: info.name, root: info.root, goldstein: info.goldstein, quadClass: info.quadClass }
      : { code, name: '', root: code.slice(0, 2), goldstein: null, quadClass: 0 },
    plover: res.cameo.ploverFor(code) ?? res.cameo.ploverFor(code.slice(0, 3)),
    date: doc.meta.published ?? null,
    datePrecision: doc.meta.published ? 'publication' : 'none',
    location: null,
    quote: quote?.id ?? null,
    via: e.via,
    modality: e.modality,
    evidence: evidenceOf(doc, e.trigger, quote),
    confidence: Math.round(Math.min(0.95, Math.max(0.05, confidence)) * 100) / 100,
  };
  if (e.negated) rec.negated = true;
  return rec;
}
