/**
 * Compiles data/ner-gazetteer.json.gz, the name lists behind the NER model's gazetteer features and the
 * entities stage's PER/ORG/LOC/MISC → Herald type mapping, from the PETRARCH2 Phoenix actor dictionaries
 * (MIT, Open Event Data Alliance) plus a short hand-written list of irregular demonyms and religious/ethnic
 * group names.
 *
 *   node --import tsx scripts/build-ner-gazetteer.ts [--dict DIR] [--out FILE]
 *
 * Dictionary format (TABARI/PETRARCH): a block starts with a name line (`IRAN_  [IRN]`), `+NAME` lines add
 * synonyms, indented `[CODE date-range]` lines (or codes on the name line) give the actor codes; words are
 * joined by underscores; `#` starts a comment. Classification:
 *  - Countries file, block whose code is a bare country code (`[IRN]`): first name → COUNTRY; synonyms that
 *    look like an adjective of the country name (IRANIAN, ISRAELI) → DEMONYM; other synonyms (cities, regions,
 *    alternative names) → PLACE.
 *  - Any block with a dated role, an `ELI` code or a CountryInfo/IGOrulers comment → PERSON (titles stripped);
 *    the first and last words of person names also go to FIRST and LAST.
 *  - MilNonState file → ARMED (armed groups); other blocks → ORG (institutions, IGOs, NGOs, companies).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dataPath, sharedDataPath } from '../src/nlp/paths.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
};
const dictDir = opt('--dict', sharedDataPath('events/petrarch2/dictionaries'));
const outPath = opt('--out', dataPath('ner-gazetteer.json.gz'));

const TITLES = new Set(
  (
    'president prime minister deputy vice king queen prince princess sheikh shaikh ayatollah grand hojatolislam ' +
    'hojatoleslam sayyed sayed seyed sheik emir amir sultan general gen. gen lt. col. colonel maj. major dr. dr ' +
    'mr. mr mrs. mrs ms. ms sir lord chancellor chairman secretary foreign defense defence interior finance ' +
    'speaker senator sen. rep. governor gov. mayor ambassador cardinal pope archbishop bishop rev. reverend imam ' +
    'mullah marshal admiral adm. captain capt. field former late crown his her excellency the'
  ).split(' '),
);
const STOP = new Set(
  'a an the of and or in on at to for by with from as is it its he she we they this that al el de la le'.split(' '),
);

/** Irregular demonyms and group names (NORP) that the dictionaries do not spell out. */
const EXTRA_DEMONYMS = (
  'french dutch swiss welsh scottish irish british english scots greek thai lao cypriot maltese filipino ' +
  'icelandic danish swedish finnish norwegian polish spanish portuguese turkish kurdish flemish walloon ' +
  'basque catalan corsican arab arabs kurd kurds pashtun baluch tamil sinhalese hutu tutsi zulu berber ' +
  'bosnian serb serbs croat croats slovak slovene czech kosovar albanian uzbek kazakh tajik turkmen kyrgyz ' +
  'european europeans african africans asian asians latin american americans western eastern soviet ' +
  'palestinian palestinians israeli israelis iranian iranians'
).split(' ');
const RELIGIONS = (
  'muslim muslims moslem moslems islamic islamist islamists christian christians catholic catholics ' +
  'protestant protestants orthodox jewish jew jews hindu hindus buddhist buddhists sikh sikhs sunni sunnis ' +
  'shiite shiites shia shi\'ite alawite alawites druze coptic copts evangelical evangelicals zionist zionists ' +
  'anglican anglicans lutheran methodist baptist mormon mormons salafist salafists wahhabi'
).split(' ');

type Kind = 'COUNTRY' | 'PLACE' | 'DEMONYM' | 'RELIGION' | 'PERSON' | 'ORG' | 'ARMED' | 'FIRST' | 'LAST';
const lists = new Map<Kind, Set<string>>();
const add = (kind: Kind, entry: string): void => {
  if (!entry) return;
  let s = lists.get(kind);
  if (!s) lists.set(kind, (s = new Set()));
  s.add(entry);
};

/** PETRARCH phrase → lowercase space-joined tokens (parenthesised abbreviations dropped). */
function phrase(raw: string): string[] {
  return raw
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[_\s]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(' ')
    .map((t) => t.replace(/^["'(`]+|["')`,]+$/g, ''))
    .filter((t) => t.length > 0 && t !== '-');
}

interface Block {
  names: string[][];
  codes: string[];
  comment: string;
}

function parseDictionary(text: string): Block[] {
  const blocks: Block[] = [];
  let cur: Block | null = null;
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) || line.trim() === '') continue;
    const hash = line.indexOf('#');
    const body = hash >= 0 ? line.slice(0, hash) : line;
    const comment = hash >= 0 ? line.slice(hash) : '';
    const codes = [...body.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1].trim());
    const namePart = body.replace(/\[[^\]]*\]/g, ' ').trim();
    if (/^\s/.test(line) && namePart === '') {
      if (cur) cur.codes.push(...codes);
      continue;
    }
    if (namePart.startsWith('+')) {
      if (!cur) continue;
      for (const piece of namePart.slice(1).split('+')) {
        const p = phrase(piece);
        if (p.length) cur.names.push(p);
      }
      cur.codes.push(...codes);
      continue;
    }
    if (namePart.startsWith('<') || namePart.startsWith('{')) continue;
    cur = { names: [], codes, comment };
    blocks.push(cur);
    for (const piece of namePart.split('+')) {
      const p = phrase(piece);
      if (p.length) cur.names.push(p);
    }
  }
  return blocks.filter((b) => b.names.length > 0);
}

function stripTitles(toks: string[]): string[] {
  let i = 0;
  while (i < toks.length - 1 && TITLES.has(toks[i])) i++;
  return toks.slice(i);
}

function isDemonymOf(word: string, country: string): boolean {
  if (word === country || word.length < 4) return false;
  let common = 0;
  while (common < word.length && common < country.length && word[common] === country[common]) common++;
  if (common < 3) return false;
  if (/(stan|land|ia)$/.test(word) || word.slice(-3) === country.slice(-3)) return false;
  return /(an|ese|ish|i|ic|ch|ss|k|ean)$/.test(word);
}

const NAME_WORD = /^[a-z][a-z'.-]*[a-z]$/;
const usable = (toks: string[]): boolean =>
  toks.length > 0 &&
  !toks.some((t) => t.includes('$')) && !(toks.length === 1 && (toks[0].length < 2 || STOP.has(toks[0]))) && toks.every((t) => /[a-z0-9]/.test(t));

const firstCounts = new Map<string, number>();

for (const [file, source] of [
  ['Phoenix.Countries.actors.txt', 'countries'],
  ['Phoenix.International.actors.txt', 'international'],
  ['Phoenix.MilNonState.actors.txt', 'milnonstate'],
] as const) {
  const blocks = parseDictionary(readFileSync(join(dictDir, file), 'latin1'));
  for (const b of blocks) {
    const isCountry = source === 'countries' && b.codes.some((c) => /^[A-Z]{3}(\s*[<>].*)?$/.test(c));
    const isPerson =
      !isCountry &&
      (b.codes.some((c) => /\d{4}/.test(c) || /^ELI\b/.test(c)) || /CountryInfo|IGOrulers/.test(b.comment));
    if (isCountry) {
      const country = b.names[0].join(' ');
      add('COUNTRY', country);
      for (const n of b.names.slice(1)) {
        const s = n.join(' ');
        if (n.length === 1 && isDemonymOf(s, country.replace(/ /g, ''))) {
          add('DEMONYM', s);
          if (/(an|i)$/.test(s)) add('DEMONYM', `${s}s`);
        } else if (usable(n)) add('PLACE', s);
      }
      continue;
    }
    for (const n0 of b.names) {
      const n = isPerson ? stripTitles(n0) : n0;
      if (!usable(n)) continue;
      const kind: Kind = isPerson ? 'PERSON' : source === 'milnonstate' ? 'ARMED' : 'ORG';
      add(kind, n.join(' '));
      if (isPerson && n.length >= 3) add(kind, `${n[0]} ${n[n.length - 1]}`);
      if (!isPerson && n[0] === 'the' && n.length > 1) add(kind, n.slice(1).join(' '));
      if (isPerson && n.length >= 2) {
        const last = n[n.length - 1];
        if (last.length > 2 && !STOP.has(last) && NAME_WORD.test(last)) add('LAST', last);
        if ((n === n0 || !TITLES.has(n[0])) && NAME_WORD.test(n[0])) firstCounts.set(n[0], (firstCounts.get(n[0]) ?? 0) + 1);
      }
    }
  }
}
for (const [w, c] of firstCounts) if (c >= 2 && w.length > 2 && !TITLES.has(w) && !STOP.has(w)) add('FIRST', w);
for (const d of EXTRA_DEMONYMS) add('DEMONYM', d);
for (const r of RELIGIONS) add('RELIGION', r);

const out = {
  description:
    'Name lists for Herald NER gazetteer features and type mapping; lowercase, tokens joined by single spaces.',
  source:
    'PETRARCH2 Phoenix.{Countries,International,MilNonState}.actors.txt (MIT, Copyright (c) 2014 Open Event Data Alliance) ' +
    'compiled by scripts/build-ner-gazetteer.ts, plus hand-written demonym and religion lists.',
  lists: Object.fromEntries([...lists].map(([k, s]) => [k, [...s].sort()])),
};
mkdirSync(dirname(outPath), { recursive: true });
const json = JSON.stringify(out);
writeFileSync(outPath, outPath.endsWith('.gz') ? gzipSync(Buffer.from(json, 'utf8'), { level: 9 }) : json);
for (const [k, s] of lists) console.log(`${k.padEnd(9)} ${s.size}`);
console.log(`wrote ${outPath}`);
