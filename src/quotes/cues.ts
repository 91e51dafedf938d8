/**
 * The cue lexicon (`data/cue-verbs.json`, compiled by `scripts/build-cue-verbs.ts`): for each lower-cased
 * word form, its lemma, how often PolNeAR TRAIN annotators marked it as (part of) an attribution cue, and
 * whether it is a hand-listed speech-act verb. Also the English inflection helper the compiler uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dataPath } from '../nlp/paths.js';

export interface CueEntry {
  lemma: string;
  /** Times inside a gold cue / times seen in PolNeAR TRAIN (0/0 for hand-listed forms never seen). */
  cue: number;
  seen: number;
  /** Hand-listed speech-act verb form. */
  hand: boolean;
}

export interface CueLexicon {
  forms: Map<string, CueEntry>;
}

export interface CueLexiconFile {
  provenance: string;
  /** form → [lemma, cue count, seen count, hand-listed 0/1] */
  forms: Record<string, [string, number, number, number]>;
}

export function cueLexiconFromJson(json: CueLexiconFile): CueLexicon {
  const forms = new Map<string, CueEntry>();
  for (const [form, [lemma, cue, seen, hand]] of Object.entries(json.forms)) {
    forms.set(form, { lemma, cue, seen, hand: hand === 1 });
  }
  return { forms };
}

export function loadCueLexicon(path = dataPath('cue-verbs.json')): CueLexicon {
  if (!existsSync(path)) {
    throw new Error(`cue lexicon ${path} is missing; run: node --import tsx scripts/build-cue-verbs.ts`);
  }
  return cueLexiconFromJson(JSON.parse(readFileSync(path, 'utf8')) as CueLexiconFile);
}

/** Smoothed probability that `form` is part of a cue (hand-listed verbs get a floor). */
export function cuePrior(lex: CueLexicon, form: string): number {
  const e = lex.forms.get(form);
  if (!e) return 0;
  const p = (e.cue + (e.hand ? 1 : 0)) / (e.seen + 2);
  return e.hand ? Math.max(p, 0.3) : p;
}

/** Speech-act verbs (lemmas) listed by hand; the compiler adds their inflections. */
export const HAND_CUE_VERBS = `say tell add declare insist warn accuse deny argue posit hail denounce claim state note explain
announce report write tweet post ask answer reply respond suggest believe think acknowledge admit affirm allege assert
assure boast charge complain concede confirm contend criticize criticise decry describe demand emphasize emphasise
estimate express fear hope indicate maintain mention predict promise propose recall remark repeat reveal stress urge
vow blame call condemn slam blast praise pledge threaten recount observe continue conclude testify disclose lament
caution counter quip joke muse opine reiterate retort signal speculate agree disagree reject dismiss question
complain protest plead scoff snap shout yell whisper murmur mutter cry exclaim proclaim pronounce announce advise
inform notify remind assure promise guarantee vow swear contend reason figure guess reckon imagine wonder worry
insist order instruct command request urge implore beg invite encourage recommend welcome applaud commend laud
lambast rebuke chide scold attack assail castigate berate excoriate mock ridicule deride belittle dispute refute
rebut contradict challenge doubt acknowledge recognize recognise concede grant allow boast brag gloat testify
attest certify verify confirm validate deny dismiss downplay characterize characterise label brand dub term
describe portray depict paint frame cast explain clarify elaborate detail outline summarize summarise
underline underscore highlight point stress emphasise reaffirm reassert restate repeat echo`
  .split(/\s+/)
  .filter(Boolean);

const DOUBLING = new Set(['admit', 'commit', 'quip', 'plan', 'stop', 'regret', 'rebut', 'snap', 'permit', 'submit', 'omit', 'refer', 'prefer', 'confer', 'aver', 'infer', 'concur', 'occur', 'scan', 'slam', 'chat', 'nod', 'beg', 'brag']);
const IRREGULAR: Record<string, string[]> = {
  say: ['said'],
  tell: ['told'],
  write: ['wrote', 'written'],
  think: ['thought'],
  speak: ['spoke', 'spoken'],
  hold: ['held'],
  feel: ['felt'],
  know: ['knew', 'known'],
  see: ['saw', 'seen'],
  find: ['found'],
  show: ['shown'],
  mean: ['meant'],
  swear: ['swore', 'sworn'],
  go: ['went', 'gone'],
  hear: ['heard'],
  forecast: ['forecast'],
  cast: ['cast'],
  read: ['read'],
  teach: ['taught'],
  bring: ['brought'],
  give: ['gave', 'given'],
  cry: ['cried'],
  begin: ['began', 'begun'],
};

/** Inflected forms of a verb lemma: base, 3sg, past (+ participle), gerund. */
export function inflect(v: string): string[] {
  const out = new Set<string>([v]);
  const cons = (c: string): boolean => !/[aeiou]/.test(c);
  const last = v[v.length - 1];
  if (/(s|x|z|ch|sh)$/.test(v)) out.add(v + 'es');
  else if (last === 'y' && cons(v[v.length - 2])) out.add(v.slice(0, -1) + 'ies');
  else out.add(v + 's');
  const dbl = DOUBLING.has(v) ? v + last : v;
  if (IRREGULAR[v]) for (const f of IRREGULAR[v]) out.add(f);
  else if (last === 'e') out.add(v + 'd');
  else if (last === 'y' && cons(v[v.length - 2])) out.add(v.slice(0, -1) + 'ied');
  else out.add(dbl + 'ed');
  if (last === 'e' && !v.endsWith('ee')) out.add(v.slice(0, -1) + 'ing');
  else out.add(dbl + 'ing');
  return [...out];
}
