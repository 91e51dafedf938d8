/**
 * The learned argument model's step of the event coder (arguments.ts): actors for events the rules left without
 * a target or without actors, and the training rows for the model.
 */
import type { ActorRef } from '../args.js';
import { type ArgContextInfo, type ArgRole, type ArgumentModel, argumentFeatures } from '../arguments.js';
import { SPEECH_ROOTS, TARGETLESS_ROOTS } from '../scope.js';
import { isMutualCode, jointAct } from './actors.js';
import { insideWitnessPhrase, isPassive, nounHead } from './clause.js';
import { actorStart } from './patterns.js';
import type { CodedEvent, CoderContext, VerbTrigger } from './types.js';
import { LOCATION_PREPS, MOVEMENT_VERBS } from './words.js';

/** Every actor the sentence names (one per phrase head and code), the argument model's candidates. */
export function argumentCandidates(coder: CoderContext): ActorRef[] {
  if (coder.argCands) return coder.argCands;
  const v = coder.view;
  const heads = new Set<number>();
  for (let k = v.from; k < v.to; k++) {
    const h = actorStart(coder, k);
    if (h >= 0) heads.add(h);
  }
  for (const h of coder.args.ctx.mentionHeads?.[v.index] ?? []) heads.add(h);
  coder.args.excludeCountries = new Set();
  coder.args.pronounActors = [];
  const out: ActorRef[] = [];
  const seen = new Set<string>();
  for (const h of [...heads].sort((a, b) => a - b)) {
    for (const a of coder.args.group(h)) {
      const key = `${a.code}|${a.head}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(a);
    }
  }
  return (coder.argCands = out);
}

/** The best actor for `role` of the event at `trigger` (null: none), by the model's score. */
export function bestArgument(coder: CoderContext, model: ArgumentModel, role: ArgRole, code: string, info: ArgContextInfo, exclude: number, source: ActorRef | null = null): ActorRef | null {
  const v = coder.view;
  const root = code.slice(0, 2);
  // where a meeting or cooperation happens is not whom it is aimed at (as the rules' byScan), unless it is a visit
  const placeNoTarget = coder.res.profile.storyScope && /^0[3-6]/.test(code) && !/^04[234]/.test(code) && !MOVEMENT_VERBS.has(v.lemma(info.trigger));
  const moving = coder.res.profile.storyScope && MOVEMENT_VERBS.has(v.lemma(info.trigger));
  const homeCountry = source ? coder.res.actors.splitCode(source.code).country : null;
  let best: ActorRef | null = null;
  let top = model.scoreWithRoot(argumentFeatures(v, role, null, info), root);
  for (const c of argumentCandidates(coder)) {
    if (c.head === exclude || c.head === info.trigger) continue;
    // the rules' hard limits hold for the model too: who merely witnesses the act is not its target
    if (role === 'T' && insideWitnessPhrase(coder, c.head, info.trigger)) continue;
    if (role === 'T' && placeNoTarget && LOCATION_PREPS.has(v.caseOf(nounHead(coder, c.head)))) continue;
    // going somewhere: where one comes from is neither side ("Albright, who arrived from Uruguay"), and a place of
    // one's own country is no host ("Arafat goes to Nablus")
    if (moving && v.caseOf(nounHead(coder, c.head)) === 'from') continue;
    if (role === 'T' && moving && homeCountry && coder.res.actors.splitCode(c.code).country === homeCountry) continue;
    const s = model.scoreWithRoot(argumentFeatures(v, role, c, info), root);
    if (s > top) {
      top = s;
      best = c;
    }
  }
  return best;
}

/**
 * The learned argument model (arguments.ts) over the sentence's events: an event the rules coded with a source but
 * no target takes the model's target; a verb the dictionary codes but the rules found no actors for becomes an
 * event when the model finds it a source (and takes the model's target); the actors the rules found stand.
 * `argSink` receives every verb's and noun's candidates (training), with the rules' choices marked.
 */
export function applyArgumentModel(coder: CoderContext, triggers: VerbTrigger[], events: CodedEvent[], unresolved: VerbTrigger[]): void {
  const v = coder.view;
  const model = coder.res.args ?? null;
  const byTrig = new Map<number, CodedEvent[]>();
  for (const e of events) {
    const list = byTrig.get(e.trigger);
    if (list) list.push(e);
    else byTrig.set(e.trigger, [e]);
  }
  const passive = new Map(triggers.map((t) => [t.tok, t.syntacticPassive]));
  if (coder.argSink) {
    const cands = argumentCandidates(coder);
    for (let k = v.from; k < v.to; k++) {
      if (!v.isVerb(k) && !v.isNominal(k)) continue;
      const e = byTrig.get(k)?.[0];
      const rows: { role: ArgRole; ref: ActorRef | null; features: string[] }[] = [];
      for (const role of ['S', 'T'] as const) {
        const info: ArgContextInfo = { trigger: k, passive: passive.get(k) ?? isPassive(coder, k), ruleHead: (role === 'S' ? e?.source : e?.target)?.head ?? -1, otherHead: (role === 'S' ? e?.target : e?.source)?.head ?? -1 };
        rows.push({ role, ref: null, features: argumentFeatures(v, role, null, info) });
        for (const c of cands) if (c.head !== k) rows.push({ role, ref: c, features: argumentFeatures(v, role, c, info) });
      }
      coder.argSink(k, rows);
    }
  }
  if (!model) return;
  const choose = (e: CodedEvent, isPassive: boolean): void => {
    const info: ArgContextInfo = { trigger: e.trigger, passive: isPassive, ruleHead: -1, otherHead: -1 };
    const source = bestArgument(coder, model, 'S', e.code, info, -1);
    const target = bestArgument(coder, model, 'T', e.code, info, source?.head ?? -1, source);
    e.source = source;
    e.target = target && source && target.code === source.code ? null : target;
  };
  // Cross-validated on the annotated training stories (scripts/train-event-args.ts): the model giving a target to
  // an event the rules left without one gains (root F1 0.290 -> 0.310), and so does rescuing a verb the rules
  // found no actors for (0.260 -> 0.271 when measured alone); re-picking the actors the rules found loses (0.247),
  // and so do verbs coded by a pattern or light-verb object without actors (their specific reading needs the
  // actors the pattern names)
  // an event the rules coded from a verb with a source but no target where its code needs one (the story scope
  // would drop it): the model's target, if any (not for nouns: "denies the allegations" is no accusation by Iran)
  for (const [tok, list] of byTrig) {
    const e = list[0];
    // (nor for a plain statement: saying something about a country is not addressing it)
    if (list.length !== 1 || !e.source || e.target || e.code === '010' || TARGETLESS_ROOTS.has(e.code.slice(0, 2)) || e.via === 'nominal') continue;
    const info: ArgContextInfo = { trigger: tok, passive: passive.get(tok) ?? false, ruleHead: -1, otherHead: e.source.head };
    const target = bestArgument(coder, model, 'T', e.code, info, e.source.head, e.source);
    if (target && target.code !== e.source.code) {
      e.target = target;
      e.learned = 'target';
      // a joint act (talks held, a deal signed) is both sides' (GUIDE.md: one record per direction)
      if (coder.res.profile.storyScope && isMutualCode(e.code) && jointAct(coder, tok)) events.push({ ...e, source: target, target: e.source });
    }
  }
  const quotes = v.doc.quotes ?? [];
  const tk = v.doc.tokens;
  for (const t of unresolved) {
    const code = t.code ?? t.passiveCode;
    if (!code || code === '010' || t.via !== 'verb' || byTrig.has(t.tok)) continue;
    // (in the story scope, another's act inside a direct quote is dropped whatever its actors: spare the work)
    if (coder.res.profile.storyScope && !SPEECH_ROOTS.has(code.slice(0, 2))) {
      const start = tk.start[t.tok];
      const end = tk.end[t.end];
      const q = quotes.find((x) => (x.parts ?? [x]).some((p) => p.start <= start && end <= p.end));
      if (q?.kind === 'direct') continue;
    }
    const e: CodedEvent = { trigger: t.tok, triggerEnd: t.end, code, source: null, target: null, negated: t.negated, via: t.via, line: t.line, modality: t.modality, learned: 'rescue' };
    choose(e, t.syntacticPassive);
    // (as the rules do: a comment (01x) to no one is left to the quotes layer)
    if (coder.res.profile.dropBareStatements && code.startsWith('01') && !e.target) continue;
    if (e.source) events.push(e);
  }
}
