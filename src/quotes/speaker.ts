/**
 * Stand-in speaker resolution, used until the entities stage links speaker mentions to entity clusters:
 * a name mention gives its own (title-stripped, longest known) name; a pronoun or a nominal ("the ayatollah",
 * "Iran’s supreme leader") takes the most recent speaker name before it, or, when there is none yet
 * (a headline or lead before the first name), the first named speaker after it.
 */
import { isUpperInitial } from './tokens.js';

export type MentionKind = 'name' | 'nominal' | 'pronoun';

const PRONOUNS = new Set(
  'he she they i we you it him her them me us who whom which that this these those one someone somebody everyone'.split(' '),
);
const TITLES = new Set(
  (
    'mr. mrs. ms. dr. sen. sens. rep. reps. gov. gen. lt. col. sgt. capt. prof. rev. president vice prime minister ' +
    'secretary senator sen representative rep governor gov mayor speaker chairman chairwoman chair leader ayatollah ' +
    'king queen prince princess pope sheikh general judge justice attorney ambassador director chief ceo ' +
    'former acting deputy supreme foreign defense state house senate sir lord lady dame mr mrs ms dr'
  ).split(' '),
);
const DETERMINERS = new Set('the a an this that these those his her their its our my'.split(' '));
/** Capitalised words that do not make a person's name. */
const NON_NAME = new Set(
  (
    'the a an in on at for and but or of to by with from as it he she they we i this that these those ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december'
  ).split(' '),
);

/** Head nouns of nominals that denote one person ("the ayatollah", "the Iranian leader"). */
const PERSON_NOUNS = new Set(
  (
    'leader ayatollah president minister premier senator governor candidate nominee spokesman spokeswoman ' +
    'spokesperson official chairman chairwoman secretary mayor king queen prince cleric general commander chief ' +
    'ceo director host businessman billionaire mogul lawmaker congressman congresswoman speaker judge ambassador ' +
    'envoy diplomat man woman father mother husband wife son daughter founder owner author writer reporter ' +
    'strategist adviser advisor aide analyst economist professor expert activist'
  ).split(' '),
);

export function mentionKind(text: string): MentionKind {
  const words = text.trim().split(/\s+/);
  if (words.length === 1 && PRONOUNS.has(words[0].toLowerCase())) return 'pronoun';
  const last = words[words.length - 1].replace(/[’']s?$/u, '');
  if (isUpperInitial(last) && !DETERMINERS.has(words[0].toLowerCase())) return 'name';
  return 'nominal';
}

/** The person-name part of a name mention: its last run of capitalised words, titles dropped. */
export function nameOf(text: string): string | null {
  const words = text.trim().replace(/[’']s$/u, '').split(/\s+/);
  let end = words.length;
  while (end > 0 && !isUpperInitial(words[end - 1])) end--;
  let start = end;
  while (start > 0 && (isUpperInitial(words[start - 1]) || /^(al|bin|de|van|von|der|la|le|da|di|del)$/u.test(words[start - 1]))) start--;
  while (start < end && (TITLES.has(words[start].toLowerCase()) || NON_NAME.has(words[start].toLowerCase()))) start++;
  if (start >= end) return null;
  return words
    .slice(start, end)
    .join(' ')
    .replace(/[,.;:]+$/u, '');
}

export interface SpeakerMention {
  /** Position in the text, for ordering. */
  start: number;
  text: string;
}

/**
 * Resolves each mention (in text order) to a person name or null. Names seen anywhere in the document map
 * their last word to the longest full form ("Khamenei" → "Ali Khamenei" when both occur).
 */
export function resolveSpeakers(mentions: SpeakerMention[], extraNames: string[] = []): (string | null)[] {
  const fullBySurname = new Map<string, string>();
  const remember = (name: string): void => {
    const sur = name.split(' ').pop()!;
    const prev = fullBySurname.get(sur);
    if (!prev || name.split(' ').length > prev.split(' ').length) fullBySurname.set(sur, name);
  };
  const own = mentions.map((m) => (mentionKind(m.text) === 'name' ? nameOf(m.text) : null));
  for (const n of own) if (n) remember(n);
  for (const n of extraNames) remember(n);
  const canonical = (n: string): string => fullBySurname.get(n.split(' ').pop()!) ?? n;
  const order = mentions.map((_, i) => i).sort((a, b) => mentions[a].start - mentions[b].start);
  const out: (string | null)[] = new Array<string | null>(mentions.length).fill(null);
  let recent: string | null = null;
  const pending: number[] = [];
  for (const i of order) {
    const n = own[i];
    if (n) {
      out[i] = canonical(n);
      recent = out[i];
      for (const p of pending) out[p] = recent;
      pending.length = 0;
      continue;
    }
    const kind = mentionKind(mentions[i].text);
    const w = mentions[i].text.trim().toLowerCase();
    const head = w.split(/\s+/).pop()!;
    const personal = (kind === 'nominal' && PERSON_NOUNS.has(head)) || w === 'he' || w === 'she' || w === 'i' || w === 'who';
    if (!personal) continue;
    if (recent) out[i] = recent;
    else pending.push(i);
  }
  return out;
}
