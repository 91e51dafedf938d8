/**
 * Rules over the emitted events of a sentence (see ../coder.ts): purpose clauses that repeat an event, visiting
 * guests, protests' implied addressees, riots, civilians, agents localised to a country, and duplicates.
 */
import type { ActorRef } from '../args.js';
import { nearestCountry } from './actors.js';
import type { CodedEvent, CoderContext } from './types.js';
import { NO_COUNTRY_MODIFIERS, RELIGION_CODE, SUBJ } from './words.js';

/**
 * "met to discuss the enclave", "flew to Bonn to hold talks": the purpose clause of an event of the same root
 * between the same parties is that event told again, not a second one.
 */
export function purposeRepeats(coder: CoderContext, events: CodedEvent[]): CodedEvent[] {
  const v = coder.view;
  const key = (e: CodedEvent): string => `${e.code.slice(0, 2)}|${e.source?.code ?? ''}|${e.target?.code ?? ''}`;
  const byTok = new Map<number, Set<string>>();
  for (const e of events) {
    let s = byTok.get(e.trigger);
    if (!s) byTok.set(e.trigger, (s = new Set()));
    s.add(key(e));
  }
  return events.filter((e) => {
    const t = e.trigger;
    if (v.base(t) !== 'xcomp' && v.base(t) !== 'advcl') return true;
    if (!v.children(t).some((c) => v.rel(c) === 'mark' && v.lc[c] === 'to')) return true;
    return !byTok.get(v.head(t))?.has(key(e));
  });
}

/**
 * A protest or strike that names no one it is against is against the protesters' own government (the news gold
 * gives 68 of 68 annotated protests a target, most often that one): "Students battled police during a strike
 * in Bogra" is BGDCVL → BGDGOV. The target is implied, so its span is the trigger's.
 */
export function protestAddressees(coder: CoderContext, events: CodedEvent[]): void {
  const kb = coder.res.actors;
  for (const e of events) {
    if (!e.code.startsWith('14') || e.target || !e.source) continue;
    const { country, sector } = kb.splitCode(e.source.code);
    if (!country || sector === 'GOV') continue;
    e.target = { code: `${country}GOV`, head: e.trigger, start: e.trigger, end: e.trigger + 1, entity: null, name: 'the government (implied)', via: 'kb', agentOnly: false };
  }
}

/**
 * "told visiting Russian ultra-nationalist Vladimir Zhirinovsky", "in a meeting with visiting Gabon President Omar
 * Bongo": "visiting" before a person describes the guest (the parse reads it as a verb with the guest as its
 * object): the guest visits (042) the host's country, the country of whoever receives the guest.
 */
export function visitingGuests(coder: CoderContext, events: CodedEvent[]): void {
  const v = coder.view;
  const kb = coder.res.actors;
  for (const e of events) {
    const k = e.trigger;
    if (v.lc[k] !== 'visiting' || !e.code.startsWith('04') || !e.source || !e.target) continue;
    if (v.children(k).some((c) => SUBJ.has(v.rel(c)))) continue;
    const guest = v.childrenRel(k, 'obj').find((o) => o === e.target!.head || v.conjuncts(o).includes(e.target!.head));
    // (a person or a body of people: "while visiting China" is a verb)
    if (guest === undefined || !(coder.args.ctx.entities[guest]?.type === 'PERSON' || e.target.agentOnly || kb.splitCode(e.target.code).sector)) continue;
    const host = kb.splitCode(e.source.code).country;
    if (!host || host === kb.splitCode(e.target.code).country) continue;
    const hostActor: ActorRef = { ...e.source, code: host };
    e.code = '042';
    e.source = e.target;
    e.target = hostActor;
  }
}

/**
 * An agent without a country ("police", "protesters", "rebels", "the judge") acts where the event is: it takes
 * the other side's country when that is a country ("the judge … against Chilean officials" → CHLJUD), else the
 * country named nearest to it in the sentence (a demonym, country, capital or coded place).
 */
export function localiseAgents(coder: CoderContext, e: CodedEvent): void {
  const kb = coder.res.actors;
  const countryOf = (a: ActorRef | null): string | null => (a ? kb.splitCode(a.code).country : null);
  const fix = (a: ActorRef | null, other: ActorRef | null): ActorRef | null => {
    // an agent code without a country: "police" (COP), or an owner that coded only as one ("leaders of the
    // opposition coalition" → OPP)
    // (Herald's story scope: gunmen, UAF, act where the event is too — the news annotators code them with that
    // country, "gunmen attacked a Mexican army post" → MEXCRM/MEXUAF)
    // (a faith is no country: "Moslem refugees" in a Bosnian story are Bosnia's — Herald's story scope)
    const faithOnly = coder.res.profile.storyScope && !!a && RELIGION_CODE.test(a.code);
    if (!a || (countryOf(a) && !faithOnly) || !/^([A-Z]{3})+$/.test(a.code) || /^(IGO|NGO|MNC|IMG)/.test(a.code) || (!coder.res.profile.storyScope && a.code.startsWith('UAF')) || a.entity) return a;
    // "the international community", "world leaders": agents of no one country
    if (coder.view.children(a.head).some((c) => NO_COUNTRY_MODIFIERS.has(coder.view.lc[c]))) return a;
    // … else the other party's country or the nearest one named. Herald's story scope: a country named right by
    // the agent ("Iraqi troops", "police in Algiers") first, then the other party's, the story's home country
    // ("police detained 120 students" in a story from N'Djamena; "Security forces also arrested four men suspected
    // of killing a French bishop" in a story from Algiers are Algeria's) and the nearest anywhere in the sentence
    // (news-train's annotations: root F1 +0.003 over the nearest country before the story's)
    const c = coder.res.profile.storyScope
      ? (nearestCountry(coder, a.head, undefined, 4) ?? countryOf(other) ?? coder.args.ctx.storyCountry ?? nearestCountry(coder, a.head))
      : (countryOf(other) ?? nearestCountry(coder, a.head));
    return c ? { ...a, code: c + a.code } : a;
  };
  e.source = fix(e.source, e.target);
  e.target = fix(e.target, e.source);
}

export function dedupe(events: CodedEvent[]): CodedEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    // two people of one code are two records ("will meet President Suharto, … and … Ali Alatas": GUIDE.md codes one
    // event per actor named)
    // (and a joint act of two people of one code is two records, one per direction: "Netanyahu, Weizman consult" —
    // the annotators' practice on the training stories)
    const key = `${e.trigger}|${e.code}|${e.source?.code ?? ''}|${e.target?.code ?? ''}|${e.source?.entity ?? ''}|${e.target?.entity ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * CAMEO 145, "protest violently, riot": force that civilians, students or workers use against the police, the
 * army or the government is a violent protest, not an assault (18x) or a fight (19x) — "students threw firebombs
 * at riot police", "battled police" (news-train's annotators coded all four such acts 145).
 */
export function riot(e: CodedEvent): void {
  if (!/^1(8[0-3]|9[0-5])/.test(e.code) || !e.source || !e.target) return;
  if (/^[A-Z]{3}(CVL|EDU|LAB)/.test(e.source.code) && /^[A-Z]{3}(COP|MIL|GOV)/.test(e.target.code)) {
    e.code = '145';
  }
}

/**
 * Herald's story scope: people, men and refugees (the Phoenix agents PPL and REF) are civilians, CVL, as GUIDE.md
 * codes them ("civilians, people, protesters, students"); the annotated stories use neither code. So are students.
 */
export function civilians(e: CodedEvent): void {
  // (whatever else the code says of them: "Moslem refugees" BIHMUSREF are BIHCVL)
  // (and students: GUIDE.md lists them with civilians; the annotators coded 12 students CVL and 5 EDU across
  // news-train and dev — a university itself stays EDU)
  const people = (a: ActorRef): boolean => /^[A-Z]{3}(?:[A-Z]{3})*?(?:PPL|REF)/.test(a.code) || (/^[A-Z]{3}EDU/.test(a.code) && /\bstudents?\b/i.test(a.name));
  const fix = (a: ActorRef | null): ActorRef | null => (a && people(a) ? { ...a, code: a.code.slice(0, 3) + 'CVL' } : a);
  e.source = fix(e.source);
  e.target = fix(e.target);
}
