/**
 * Compiles Herald's event and actor dictionaries from the shared PETRARCH2 / CAMEO / PLOVER sources.
 *
 *   node --import tsx scripts/build-dictionaries.ts [--src DIR] [--out DIR]
 *
 * --src is the shared data root (default ../shared/data beside the checkout); --out the output directory
 * (default data/). Writes, all minified JSON with sorted object keys (gzip when over 1 MB):
 *   actors.json.gz   actor KB (Phoenix Countries/International/MilNonState + ISO-3166 names, demonyms, capitals)
 *   agents.json      agent phrases -> sector codes (Phoenix.agents.txt)
 *   verbs.json       verb lexicon and patterns -> CAMEO codes (CAMEO.2.0.txt)
 *   discards.json    sentence/story discard phrases (Phoenix.discards.txt)
 *   cameo.json       CAMEO codes: name, root, Goldstein, quad class, PLOVER 2.0 type/mode/context; PLOVER 0.5b1 -> 2.0
 *   petr-validate/{actors,agents,verbs,discards}.json   the PETR.Validate.* dictionaries (PETRARCH2 unit tests)
 *
 * The formats are documented in src/events/lexicon.ts (verbs, CAMEO) and src/entities/actors.ts (actors, agents).
 * Everything is a pure function of the source files and the pinned country packages: no clocks, no randomness,
 * so two runs write byte-identical files. Parsing follows PETRARCH2's reader semantics (PETRreader.py) where they
 * are sound and documents each deliberate deviation inline.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { packageRoot, sharedDataPath } from '../src/nlp/paths.js';
import { newestRole } from '../src/entities/actors.js';

// ------------------------------------------------------------------------------------------------------------
// Small utilities
// ------------------------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with recursively sorted object keys (arrays keep their order): the deterministic serialisation. */
function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

const GZIP_THRESHOLD = 1 << 20;

/** Writes `name`.json, or `name`.json.gz when the JSON is over 1 MB. Returns the path and byte size written. */
function writeJson(outDir: string, name: string, value: unknown): { path: string; bytes: number } {
  const text = stableStringify(value);
  const buf = Buffer.from(text, 'utf8');
  mkdirSync(dirname(join(outDir, name)), { recursive: true });
  const plain = join(outDir, `${name}.json`);
  const gz = `${plain}.gz`;
  if (buf.length > GZIP_THRESHOLD) {
    const bytes = gzipSync(buf, { level: 9 });
    writeFileSync(gz, bytes);
    removeIfExists(plain);
    return { path: gz, bytes: bytes.length };
  }
  writeFileSync(plain, buf);
  removeIfExists(gz);
  return { path: plain, bytes: buf.length };
}
function removeIfExists(path: string): void {
  rmSync(path, { force: true });
}

const collator = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Strips diacritics (NFD + combining marks) for ASCII-folded name variants. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * Splits a dictionary phrase into lowercase tokens the way Herald's (UD-style) tokenizer would see them:
 * underscores and spaces separate words, a possessive 's is its own token, stray commas are dropped, curly
 * apostrophes become straight ones.
 */
function phraseTokens(raw: string): string[] {
  const out: string[] = [];
  for (let w of raw.replace(/[’‘]/g, "'").replace(/_/g, ' ').toLowerCase().split(/\s+/)) {
    w = w.replace(/^,+|,+$/g, '');
    if (!w) continue;
    const poss = /^(.+?)('s|s')$/.exec(w);
    if (poss && poss[2] === "'s") {
      out.push(poss[1], "'s");
    } else if (poss && poss[2] === "s'") {
      out.push(`${poss[1]}s`, "'");
    } else {
      out.push(w);
    }
  }
  return out;
}
const phraseKey = (raw: string): string => phraseTokens(raw).join(' ');

// ------------------------------------------------------------------------------------------------------------
// PETRARCH/TABARI dictionary text: comments and lines
// ------------------------------------------------------------------------------------------------------------

interface SrcLine {
  text: string;
  line: number; // 1-based line in the source file
  comment: string; // text after '#' on the line (pattern comments name the verb a pattern was written for)
}

/**
 * Reads a PETRARCH dictionary file the way PETRreader.read_FIN_line does: drops blank lines, lines starting with
 * '#', XML comments (single- and multi-line, including the "<! --" variant), and everything after '#' on a line.
 * With `semicolon` also drops TABARI-style ';' comments (verb files only: actor names never contain ';').
 */
function readDictLines(path: string, opts: { semicolon?: boolean } = {}): SrcLine[] {
  const raw = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: SrcLine[] = [];
  let inComment = false;
  for (let i = 0; i < raw.length; i++) {
    let t = raw[i];
    if (inComment) {
      const end = t.indexOf('-->');
      if (end < 0) continue;
      t = t.slice(end + 3);
      inComment = false;
    }
    // inline <!-- ... --> comments, possibly several
    for (;;) {
      const start = t.search(/<!\s*--/);
      if (start < 0) break;
      const end = t.indexOf('-->', start);
      if (end < 0) {
        t = t.slice(0, start);
        inComment = true;
        break;
      }
      t = t.slice(0, start) + t.slice(end + 3);
    }
    if (t.trimStart().startsWith('<!')) continue; // "<!DOCTYPE"-like or malformed comment openers
    const hash = t.indexOf('#');
    let comment = '';
    if (hash >= 0) {
      comment = t.slice(hash + 1).trim();
      t = t.slice(0, hash);
    }
    if (opts.semicolon) {
      const semi = t.indexOf(';');
      if (semi >= 0) t = t.slice(0, semi);
    }
    if (t.trim()) out.push({ text: t.replace(/\s+$/, ''), line: i + 1, comment });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------------------
// Dates of actor roles
// ------------------------------------------------------------------------------------------------------------

interface Stats {
  [key: string]: number;
}
interface Warnings {
  list: string[];
  add(msg: string): void;
}
function makeWarnings(): Warnings {
  const list: string[] = [];
  return { list, add: (m) => list.push(m) };
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

/**
 * PETRARCH date string -> ISO date. YYMMDD (00-30 -> 20YY, else 19YY, as PETRreader.dstr_to_ordate) or YYYYMMDD.
 * Longer digit strings are repaired to their last 8 digits when those form a valid date (the source has typos
 * such as "1920030320" for 20030320); anything else is invalid (null).
 */
function parsePetrDate(s: string, stats: Stats): string | null {
  if (!/^\d+$/.test(s)) return null;
  let y: number, m: number, d: number;
  if (s.length === 6) {
    y = Number(s.slice(0, 2));
    y += y <= 30 ? 2000 : 1900;
    m = Number(s.slice(2, 4));
    d = Number(s.slice(4, 6));
  } else if (s.length >= 8) {
    // PETRARCH reads the first 8 digits of a longer string; a doubled century ("1920030320" for 20030320) is
    // read from the end instead.
    const t = s.length === 10 && /^(19|20)(19|20)/.test(s) ? s.slice(-8) : s.slice(0, 8);
    y = Number(t.slice(0, 4));
    m = Number(t.slice(4, 6));
    d = Number(t.slice(6, 8));
    if (s.length > 8 && validYmd(y, m, d)) stats.datesRepaired = (stats.datesRepaired ?? 0) + 1;
  } else {
    return null;
  }
  if (!validYmd(y, m, d)) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A dated role of an actor. `code` null is PETRARCH's explicit null code "---" (do not code). */
interface Role {
  code: string | null;
  from: string | null; // inclusive
  to: string | null; // exclusive (PETRARCH: date < end)
}

/**
 * Parses the inside of one `[...]` code block: `CODE`, `CODE YYMMDD-YYMMDD`, `CODE <DATE`, `CODE >DATE`,
 * `CODE DATE` (same as >DATE), with optional spaces around '-', '<', '>'. `A/B` gives one role per code.
 */
function parseCodeBlock(content: string, where: string, stats: Stats, warn: Warnings): Role[] {
  const body = content.trim().replace(/\s*([<>])\s*/g, ' $1').replace(/(?<=\d)\s*-\s*(?=\d)/g, '-');
  const parts = body.split(/\s+/).filter(Boolean);
  if (parts.length === 0) return [];
  const codeTok = parts[0];
  const dateTok = parts.slice(1).join('');
  if (/^[<>\d]/.test(codeTok)) {
    // a date without a code: PETRARCH cannot use it either
    warn.add(`${where}: code block without a code [${content}]`);
    stats.rolesInvalid = (stats.rolesInvalid ?? 0) + 1;
    return [];
  }
  let from: string | null = null;
  let to: string | null = null;
  if (dateTok) {
    let ok = true;
    if (dateTok.startsWith('<')) {
      to = parsePetrDate(dateTok.slice(1), stats);
      ok = to !== null;
    } else if (dateTok.startsWith('>')) {
      from = parsePetrDate(dateTok.slice(1), stats);
      ok = from !== null;
    } else if (dateTok.includes('-')) {
      const [a, b] = dateTok.split('-');
      from = parsePetrDate(a, stats);
      to = parsePetrDate(b, stats);
      ok = from !== null && to !== null;
    } else {
      from = parsePetrDate(dateTok, stats);
      ok = from !== null;
    }
    if (!ok) {
      warn.add(`${where}: unreadable date in [${content.trim()}]; role dropped`);
      stats.rolesInvalid = (stats.rolesInvalid ?? 0) + 1;
      return [];
    }
  }
  const codes = codeTok === '---' ? [null] : codeTok.toUpperCase().split('/').filter(Boolean);
  return codes.map((code) => ({ code, from, to }));
}

/** All `[...]` groups of a line, and the text before the first one. */
function splitBrackets(text: string): { name: string; blocks: string[] } {
  const first = text.indexOf('[');
  const name = first < 0 ? text : text.slice(0, first);
  const blocks: string[] = [];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) blocks.push(m[1]);
  return { name: name.trim(), blocks };
}

// ------------------------------------------------------------------------------------------------------------
// Actors
// ------------------------------------------------------------------------------------------------------------

interface RawActor {
  head: string; // source spelling of the head entry
  synonyms: string[]; // source spellings, head first
  roles: Role[];
  file: string;
  line: number;
}

/**
 * Reads a PETRARCH actor file. A line starting with neither '+' nor '[' opens a new actor (its "head"); '+' lines
 * add synonyms; `[CODE dates]` blocks, on the head line, on a synonym line or alone on a line, add roles to the
 * current actor (PETRreader.read_actor_dictionary only reads one block per line; we read them all).
 */
function parseActorFile(path: string, tag: string, stats: Stats, warn: Warnings): RawActor[] {
  const actors: RawActor[] = [];
  let cur: RawActor | null = null;
  for (const { text, line } of readDictLines(path)) {
    const t = text.trim();
    const where = `${tag}:${line}`;
    if (t.startsWith('[')) {
      if (!cur) {
        warn.add(`${where}: code before any actor`);
        continue;
      }
      for (const b of splitBrackets(t).blocks) cur.roles.push(...parseCodeBlock(b, where, stats, warn));
      continue;
    }
    const isSyn = t.startsWith('+');
    const { name, blocks } = splitBrackets(isSyn ? t.slice(1) : t);
    // a stray '+' inside a name joins two synonyms that lost their line break ("..._ISLAMI+_ISLAMIC_ADEN_ARMY_")
    const names = name.split('+').map((s) => s.trim()).filter(Boolean);
    if (!isSyn) {
      if (names.length === 0) {
        warn.add(`${where}: empty actor name`);
        continue;
      }
      if (cur && cur.roles.length === 0 && blocks.length === 0) {
        // A head line without codes while the current actor has none yet: the source lost a '+' (runs like
        // "LEONID_BREZHNEV_ / LEONID_ILYICH_BREZHNEV / ... / [codes]"). PETRARCH2 would store each such line
        // as an actor with no code, which can never be coded; we read it as a synonym of the current actor.
        cur.synonyms.push(...names);
        stats.headsMergedAsSynonyms = (stats.headsMergedAsSynonyms ?? 0) + 1;
        continue;
      }
      cur = { head: names[0], synonyms: [...names], roles: [], file: tag, line };
      actors.push(cur);
    } else {
      if (!cur) {
        warn.add(`${where}: synonym before any actor`);
        continue;
      }
      cur.synonyms.push(...names);
    }
    for (const b of blocks) cur.roles.push(...parseCodeBlock(b, where, stats, warn));
  }
  return actors;
}

/**
 * Token sequences of one source name: the name without parentheses, and a parenthesised acronym on its own when
 * it abbreviates the name ("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)" -> "aaia"); a qualifier such as
 * "VIRGIN_ISLANDS_(US)" is not an acronym of the name and is dropped.
 */
function nameVariants(raw: string): string[] {
  const out: string[] = [];
  const paren = /\(([^)]*)\)/g;
  const stripped = raw.replace(paren, ' ').replace(/_+/g, '_');
  const main = phraseKey(stripped);
  if (main) out.push(main);
  const initials = main
    .split(' ')
    .filter((w) => /^[a-z]/.test(w))
    .map((w) => w[0])
    .join('');
  let m: RegExpExecArray | null;
  while ((m = paren.exec(raw))) {
    const inner = m[1].replace(/_/g, ' ').trim();
    if (!/^[A-Za-z][A-Za-z.&-]{1,9}$/.test(inner)) continue;
    const letters = inner.toLowerCase().replace(/[^a-z]/g, '');
    if (letters[0] === initials[0] && isSubsequence(letters, initials)) out.push(inner.toLowerCase());
  }
  return out;
}

function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}

/**
 * English function words. A one-word synonym among them ("US" for the United States, "AN" for Aryan Nations)
 * is listed in actors.json's caseSensitive and only matches an upper-case token, so the pronoun "us" stays
 * uncoded (the Phoenix file itself notes: "This one is hard").
 */
const FUNCTION_WORDS = new Set(
  ('a an the of in on at to by for from with as is it its be am are was were he she we us me my our you your ' +
    'they them their his her him i or and but if so no not do does did up out off down over into onto this ' +
    'that these those there here who what which when where why how all any each few more most some such than ' +
    'too very can will just one two may might must shall should would could has have had let per via').split(' '),
);

// Honorifics and offices that PETRARCH heads often start with; stripped for the canonical name only when at
// least two name tokens remain ("HOJATOLISLAM_SAYYED_ALI_KHAMENEI" -> "Ali Khamenei", "POPE_FRANCIS" stays).
const TITLE_PREFIXES = [
  'hojatolislam', 'hojatoleslam', 'hojjatoleslam', 'hujjat al-islam', 'ayatollah', 'grand ayatollah', 'sayyed',
  'sayyid', 'seyed', 'seyyed', 'sheikh', 'sheik', 'shaikh', 'mullah', 'imam', 'president', 'vice president',
  'prime minister', 'deputy prime minister', 'premier', 'chancellor', 'king', 'queen', 'prince', 'princess',
  'crown prince', 'emir', 'general', 'gen.', 'lieutenant general', 'lt. gen.', 'major general',
  'maj. gen.', 'brigadier general', 'brig. gen.', 'colonel', 'col.', 'lt. col.', 'major', 'maj.', 'captain',
  'capt.', 'admiral', 'adm.', 'marshal', 'field marshal', 'dr.', 'dr', 'mr.', 'mr', 'mrs.', 'mrs', 'ms.', 'sir',
  'lord', 'dame', 'senator', 'sen.', 'governor', 'gov.', 'minister', 'foreign minister', 'defense minister',
  'defence minister', 'secretary', 'secretary of state', 'secretary-general', 'secretary general', 'chairman',
  'speaker', 'ambassador', 'reverend', 'rev.', 'rabbi', 'bishop', 'archbishop', 'cardinal', 'father', 'justice',
  'judge', 'mayor', 'commander', 'sergeant', 'sgt.', 'lieutenant', 'lt.', 'dictator', 'the',
];
const TITLE_SEQS = TITLE_PREFIXES.map((t) => t.split(' ')).sort((a, b) => b.length - a.length);

// Words that make a name an organisation's, whose leading "General"/"Sheikh"/"Premier" is part of the name.
const ORG_WORDS = new Set(['inc', 'inc.', 'corp', 'corp.', 'corporation', 'company', 'co', 'co.', 'ltd', 'ltd.', 'group',
  'party', 'army', 'brigade', 'brigades', 'front', 'movement', 'council', 'committee', 'federation', 'confederation',
  'union', 'unions', 'association', 'organization', 'organisation', 'league', 'alliance', 'ministry', 'department',
  'agency', 'bank', 'fund', 'forces', 'force', 'command', 'commission', 'court', 'assembly', 'parliament',
  'government', 'administration', 'office', 'institute', 'university', 'school', 'church', 'society', 'network',
  'foundation', 'center', 'centre', 'services', 'service', 'police', 'guard', 'navy', 'club', 'clubs', 'properties',
  'exhibitions', 'holdings', 'industries', 'international', 'staff', 'hospital', 'board', 'authority', 'house']);

function stripTitles(tokens: string[]): string[] {
  if (tokens[0] === 'the' && tokens.length >= 3) tokens = tokens.slice(1);
  if (tokens.some((t) => ORG_WORDS.has(t)) || tokens[1] === "'s" || tokens[1] === "'") return tokens;
  let toks = tokens;
  for (;;) {
    const seq = TITLE_SEQS.find((s) => s.length < toks.length && s.every((w, i) => toks[i] === w));
    if (!seq || toks.length - seq.length < 2) return toks;
    toks = toks.slice(seq.length);
  }
}

const LOWER_PARTICLES = new Set(['of', 'the', 'and', 'for', 'in', 'on', 'at', 'to', 'by', 'de', 'du', 'des', 'del',
  'della', 'da', 'das', 'dos', 'do', 'van', 'von', 'der', 'den', 'la', 'le', 'y', 'e', 'et', 'und', 'a', 'an']);

const ARABIC_ARTICLES = new Set(['al', 'el', 'ad', 'ar', 'as', 'at', 'ul', 'ash', 'an', 'az', 'bu', 'di']);

/** Title-cases name tokens: "ali"->"Ali", "al-qaeda"->"Al-Qaeda", "o'brien"->"O'Brien", particles lower-case. */
function titleCase(tokens: string[], keepUpper: (t: string) => boolean): string {
  const words = tokens.map((t, i) => {
    if (keepUpper(t)) return t.toUpperCase();
    if (i > 0 && LOWER_PARTICLES.has(t)) return t;
    if (t === "'s" || t === "'") return t;
    if (/^([a-z]\.)+$/.test(t)) return t.toUpperCase(); // initials "w." "u.s."
    // capitals at the word start and after '-', '.', '(' or '/'; after an apostrophe only in O'Brien-like names
    return t
      .replace(/(^|[-.(/])([a-zà-ÿ])/g, (_m, p: string, c: string) => p + c.toUpperCase())
      .replace(/^([A-Za-z]')([a-z])/, (_m, p: string, c: string) => p + c.toUpperCase());
  });
  return words.join(' ').replace(/ ('s|')(?= |$)/g, '$1');
}

// ------------------------------------------------------------------------------------------------------------
// Country data (ISO-3166 names, demonyms, capitals) from MIT-licensed npm packages
// ------------------------------------------------------------------------------------------------------------

interface IsoCountry {
  iso2: string;
  iso3: string;
  name: string; // short English name (countries-list), else the ISO name
  names: string[]; // ISO-3166 English names and aliases
  demonyms: string[];
  capital: string | null;
}

interface PackageInfo {
  name: string;
  version: string;
  license: string;
}

function readPackageJson<T>(root: string, pkg: string, file: string): T {
  const p = join(root, 'node_modules', pkg, file);
  if (!existsSync(p)) {
    throw new Error(`missing ${pkg}/${file}: run "npm install" (the build needs the devDependency ${pkg})`);
  }
  return JSON.parse(readFileSync(p, 'utf8')) as T;
}

function loadIsoCountries(root: string): { countries: IsoCountry[]; packages: PackageInfo[] } {
  const pkgInfo = (pkg: string): PackageInfo => {
    const j = readPackageJson<{ version: string; license: string }>(root, pkg, 'package.json');
    return { name: pkg, version: j.version, license: j.license };
  };
  const isoNames = readPackageJson<{ countries: Record<string, string | string[]> }>(root, 'i18n-iso-countries', 'langs/en.json').countries;
  const isoCodes = readPackageJson<string[][]>(root, 'i18n-iso-countries', 'codes.json');
  const nationalities = readPackageJson<{ nationalities: Record<string, string> }>(root, 'i18n-nationality', 'langs/en.json').nationalities;
  const clist = readPackageJson<Record<string, { name: string; capital?: string; alias?: string[] }>>(root, 'countries-list', 'countries.min.json');
  const to3 = new Map<string, string>();
  for (const row of isoCodes) to3.set(row[0], row[1]);

  const countries: IsoCountry[] = [];
  const isoKeys = Object.keys(isoNames).sort(collator);
  const rawDemonym = new Map<string, string[]>();
  for (const iso2 of isoKeys) {
    const iso3 = to3.get(iso2);
    if (!iso3) continue;
    const names = ([] as string[]).concat(isoNames[iso2]);
    const cl = clist[iso2];
    if (cl) names.push(cl.name, ...(cl.alias ?? []).filter((a) => a.length > 3 || /\./.test(a)));
    const uniq = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
    countries.push({
      iso2,
      iso3,
      name: cl?.name ?? uniq[0],
      names: uniq,
      demonyms: [],
      capital: cl?.capital ? cl.capital : null,
    });
    const nat = nationalities[iso2];
    // the whole entry may be the country name ("Heard Island and Mcdonald Islands"): test it before splitting
    if (nat && !nat.includes(',') && !names.some((n) => n.toLowerCase() === nat.toLowerCase())) {
      rawDemonym.set(iso2, nat.split(/\s+(?:-|or|and)\s+/).map((s) => s.trim()));
    }
  }
  // Demonym cleaning: i18n-nationality falls back to the country name for territories ("Bermuda"), and some
  // entries are qualified ("Congolese (Democratic Republic of the Congo)"). Drop the names, strip qualifiers; a
  // qualified demonym shared by several countries ("Congolese", "Dominican") or also the plain demonym of another
  // ("French") is ambiguous and dropped.
  const lowerNames = new Map(countries.map((c) => [c.iso2, new Set(c.names.map((n) => n.toLowerCase()))]));
  const plain = new Map<string, string>();
  const qualified = new Map<string, string[]>();
  for (const [iso2, list] of rawDemonym) {
    for (const d of list) {
      if (d.includes(',') || lowerNames.get(iso2)?.has(d.toLowerCase())) continue;
      const q = /^(.*?)\s*\((.*)\)$/.exec(d);
      if (q) {
        const base = q[1].trim();
        if (lowerNames.get(iso2)?.has(base.toLowerCase())) continue;
        qualified.set(base, [...(qualified.get(base) ?? []), iso2]);
      } else {
        plain.set(d, iso2);
      }
    }
  }
  const byIso2 = new Map(countries.map((c) => [c.iso2, c]));
  for (const [d, iso2] of plain) byIso2.get(iso2)?.demonyms.push(d);
  for (const [d, list] of qualified) {
    if (list.length === 1 && !plain.has(d)) byIso2.get(list[0])?.demonyms.push(d);
  }
  return {
    countries,
    packages: [pkgInfo('i18n-iso-countries'), pkgInfo('i18n-nationality'), pkgInfo('countries-list')],
  };
}

// ------------------------------------------------------------------------------------------------------------
// Actor KB assembly
// ------------------------------------------------------------------------------------------------------------

interface ActorOut {
  id: string;
  name: string;
  source: string; // 'countries' | 'international' | 'milnonstate' | 'iso3166' | 'validate'
  synonyms: string[]; // lowercase token sequences, space-joined; head (and canonical name) first
  roles: Role[];
  country?: string; // CAMEO country code when the actor IS a country
}

interface CountryOut {
  actor: string; // id of the country's actor
  name: string;
  iso2: string | null;
  iso3: string | null;
  names: string[];
  demonyms: string[];
  capital: string | null;
}

const isoDemonymsOf = (c: IsoCountry | undefined): string[] => (c ? c.demonyms : []);

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

interface ActorKbOut {
  meta: Record<string, Json>;
  actors: ActorOut[];
  countries: Record<string, CountryOut>;
  demonyms: Record<string, string>;
  capitals: Record<string, string>;
  caseSensitive: string[]; // one-word synonyms that only match upper-case tokens
}

function buildActorKb(
  files: { path: string; tag: string }[],
  iso: IsoCountry[] | null,
  stats: Stats,
  warn: Warnings,
): ActorKbOut {
  const raw: RawActor[] = [];
  for (const f of files) {
    const got = parseActorFile(f.path, f.tag, stats, warn);
    stats[`entries.${f.tag}`] = got.length;
    raw.push(...got);
  }

  const actors: ActorOut[] = [];
  const ids = new Map<string, number>();
  const byHeadAndRoles = new Map<string, ActorOut>();
  let codeless = 0;
  for (const r of raw) {
    if (r.roles.length === 0) {
      codeless++;
      warn.add(`${r.file}:${r.line}: actor ${r.head} has no code; skipped`);
      continue;
    }
    const synonyms: string[] = [];
    for (const s of r.synonyms) for (const v of nameVariants(s)) if (!synonyms.includes(v)) synonyms.push(v);
    if (synonyms.length === 0) continue;
    // the same head with the same roles repeated (common in the International file) is one actor
    const dupKey = `${synonyms[0]}|${JSON.stringify(r.roles)}`;
    const dup = byHeadAndRoles.get(dupKey);
    if (dup) {
      for (const v of synonyms) if (!dup.synonyms.includes(v)) dup.synonyms.push(v);
      stats.actorsMergedDuplicates = (stats.actorsMergedDuplicates ?? 0) + 1;
      continue;
    }
    const headToks = synonyms[0].split(' ');
    const baseId = headToks.join('_').replace(/[^a-z0-9_.'&-]/g, '');
    const n = (ids.get(baseId) ?? 0) + 1;
    ids.set(baseId, n);
    const id = n === 1 ? baseId : `${baseId}~${n}`;
    // acronym heads of organisations ("IAEA", "NATO") stay upper-case; longer single words are title-cased
    const isOrgFile = r.file === 'international' || r.file === 'milnonstate';
    const keepUpper = (t: string): boolean =>
      isOrgFile &&
      ((headToks.length === 1 && (t.length <= 4 || !/[aeiouy]/.test(t))) ||
        (/^[a-z]{2}$/.test(t) && !LOWER_PARTICLES.has(t) && !ARABIC_ARTICLES.has(t)));
    const name = titleCase(stripTitles(headToks), keepUpper);
    const actor: ActorOut = { id, name, source: r.file, synonyms, roles: r.roles };
    actors.push(actor);
    byHeadAndRoles.set(dupKey, actor);
  }
  stats.actorsCodeless = codeless;

  // Countries: a country actor is a Countries-file actor whose newest role is a bare three-letter code.
  const countries: Record<string, CountryOut> = {};
  const countryActor = new Map<string, ActorOut>();
  for (const a of actors) {
    if (a.source !== 'countries' && a.source !== 'validate') continue;
    const code = newestRole(a.roles)?.code;
    if (!code || !/^[A-Z]{3}$/.test(code) || countryActor.has(code)) continue;
    countryActor.set(code, a);
    a.country = code;
  }
  const demonyms: Record<string, string> = {};
  const capitals: Record<string, string> = {};
  const ambiguousDemonyms = new Set<string>();
  const addDemonym = (d: string, code: string): void => {
    const k = phraseKey(d);
    if (!k || ambiguousDemonyms.has(k)) return;
    if (demonyms[k] && demonyms[k] !== code) {
      delete demonyms[k];
      ambiguousDemonyms.add(k);
      return;
    }
    demonyms[k] = code;
  };
  const addSyn = (a: ActorOut, s: string): void => {
    for (const v of [phraseKey(s), phraseKey(fold(s))]) if (v && !a.synonyms.includes(v)) a.synonyms.push(v);
  };

  if (iso) {
    const byIso3 = new Map(iso.map((c) => [c.iso3, c]));
    const byName = new Map<string, IsoCountry>();
    for (const c of iso) for (const n of c.names) byName.set(phraseKey(fold(n)), c);
    const linked = new Set<string>();
    for (const [code, a] of [...countryActor].sort((x, y) => collator(x[0], y[0]))) {
      // ISO entry: same code, else (Phoenix's KSV, ...) the ISO country one of whose names is a synonym
      let c = byIso3.get(code);
      if (!c) c = a.synonyms.map((s) => byName.get(s)).find((x) => x && !countryActor.has(x.iso3));
      if (c) linked.add(c.iso3);
      const names = c ? c.names : [];
      const isoDemonyms = c ? c.demonyms : [];
      // Only when the package has no demonym for the country: Phoenix synonyms that look like demonyms — one
      // word with a demonym ending, the country name's stem ("palestinian" ~ "palestine", "afghan" ~
      // "afghanistan") — but not misspelt names ("afghanastan", "australai": same length, or "-stan").
      const nameForms = [...names.map((n) => phraseKey(fold(n))), a.synonyms[0]].filter(Boolean);
      const phoenixDemonyms = isoDemonymsOf(c).length
        ? []
        : a.synonyms.filter(
            (s) =>
              !s.includes(' ') &&
              /(an|ian|ean|ese|i|ish|ic)$/.test(s) &&
              !/stan$/.test(s) &&
              !nameForms.includes(s) &&
              !nameForms.some((n) => n.length === s.length) &&
              nameForms.some((n) => {
                const p = commonPrefix(n, s);
                return p === s.length || p >= Math.max(4, n.length - 2);
              }),
          );
      const dems = [...new Set([...isoDemonyms.map((d) => phraseKey(d)), ...phoenixDemonyms])];
      const out: CountryOut = {
        actor: a.id,
        name: c ? c.name : a.name,
        iso2: c ? c.iso2 : null,
        iso3: c ? c.iso3 : null,
        names: [...new Set(names)],
        demonyms: dems,
        capital: c?.capital ?? null,
      };
      countries[code] = out;
      a.name = out.name;
      for (const n of names) addSyn(a, n);
      for (const d of dems) {
        addSyn(a, d);
        addDemonym(d, code);
        for (const p of demonymPlurals(d)) {
          addSyn(a, p);
          addDemonym(p, code);
        }
      }
    }
    // ISO countries and territories that no Phoenix actor codes: a synthetic actor coded with the ISO3 code,
    // under the names no Phoenix actor already has ("Guadeloupe" stays Phoenix's FRAGLP); none left, none made.
    const taken = new Set(actors.flatMap((a) => a.synonyms));
    for (const c of iso) {
      if (linked.has(c.iso3) || countryActor.has(c.iso3)) continue;
      const synonyms: string[] = [];
      for (const n of [c.name, ...c.names]) {
        for (const v of [phraseKey(n), phraseKey(fold(n))]) if (v && !taken.has(v) && !synonyms.includes(v)) synonyms.push(v);
      }
      if (synonyms.length === 0) {
        stats.isoCountriesCoveredByPhoenix = (stats.isoCountriesCoveredByPhoenix ?? 0) + 1;
        continue;
      }
      let id = `iso_${c.iso3.toLowerCase()}`;
      if (ids.has(id)) id = `${id}~2`;
      const a: ActorOut = { id, name: c.name, source: 'iso3166', synonyms, roles: [{ code: c.iso3, from: null, to: null }], country: c.iso3 };
      actors.push(a);
      countryActor.set(c.iso3, a);
      const dems = c.demonyms.map((d) => phraseKey(d));
      countries[c.iso3] = { actor: id, name: c.name, iso2: c.iso2, iso3: c.iso3, names: c.names, demonyms: dems, capital: c.capital };
      for (const d of dems) {
        addSyn(a, d);
        addDemonym(d, c.iso3);
        for (const p of demonymPlurals(d)) {
          addSyn(a, p);
          addDemonym(p, c.iso3);
        }
      }
    }
    // Capitals -> country (metonymy: "Tehran said" is usually the Iranian government; the coder decides).
    for (const [code, c] of Object.entries(countries)) {
      if (!c.capital) continue;
      const variants = new Set([c.capital, fold(c.capital), c.capital.replace(/\s+D\.C\.$/, '')]);
      for (const v of variants) {
        const k = phraseKey(v);
        if (!k) continue;
        if (capitals[k] && capitals[k] !== code) {
          warn.add(`capital ${k} claimed by ${capitals[k]} and ${code}; kept ${capitals[k]}`);
          continue;
        }
        capitals[k] = code;
        const a = countryActor.get(code);
        if (a) addSyn(a, v);
      }
    }
  } else {
    for (const [code, a] of countryActor) {
      countries[code] = { actor: a.id, name: a.name, iso2: null, iso3: null, names: [], demonyms: [], capital: null };
    }
  }
  stats.demonymsAmbiguousDropped = ambiguousDemonyms.size;
  stats.actors = actors.length;
  stats.synonyms = actors.reduce((s, a) => s + a.synonyms.length, 0);
  stats.roles = actors.reduce((s, a) => s + a.roles.length, 0);
  stats.countries = Object.keys(countries).length;
  stats.demonyms = Object.keys(demonyms).length;
  stats.capitals = Object.keys(capitals).length;
  // phrase collisions: later actors override earlier ones for the same phrase (PETRARCH2 semantics)
  const seen = new Map<string, string>();
  let collisions = 0;
  for (const a of actors) {
    for (const s of a.synonyms) {
      const prev = seen.get(s);
      if (prev !== undefined && prev !== a.id) collisions++;
      seen.set(s, a.id);
    }
  }
  stats.phraseCollisions = collisions;
  const caseSensitive = [...seen.keys()].filter((k) => FUNCTION_WORDS.has(k)).sort(collator);
  return { meta: {}, actors, countries, demonyms, capitals, caseSensitive };
}

/** Plural of a demonym used as a noun: "Iranian" -> "Iranians", "Israeli" -> "Israelis"; not "Chinese", "Swiss". */
function demonymPlurals(d: string): string[] {
  if (d.includes(' ') && !/ (an|ian|i)$/.test(d)) {
    const last = d.split(' ').pop() ?? '';
    if (!/(an|i|er)$/.test(last)) return [];
  }
  if (/(an|i|er|ite)$/.test(d)) return [`${d}s`];
  return [];
}

// ------------------------------------------------------------------------------------------------------------
// Agents
// ------------------------------------------------------------------------------------------------------------

interface AgentsOut {
  meta: Record<string, Json>;
  agents: Record<string, string>; // phrase -> "~GOV" (code appended) or "IGO~" (code prepended)
  substitutions: Record<string, string[]>;
}

/** Regular plural of a phrase's last word as PETRreader.read_agent_dictionary forms it. */
function agentPlural(phrase: string): string {
  if (phrase.endsWith('Y')) return `${phrase.slice(0, -1)}IES`;
  if (phrase.endsWith('S')) return `${phrase}ES`;
  return `${phrase}S`;
}

function parseAgentFile(path: string, tag: string, stats: Stats, warn: Warnings): AgentsOut {
  const agents: Record<string, string> = {};
  const substitutions: Record<string, string[]> = {};
  let entries = 0;
  let overrides = 0;
  const store = (phrase: string, code: string): void => {
    const k = phraseKey(phrase);
    if (!k) return;
    if (agents[k] !== undefined && agents[k] !== code) overrides++;
    agents[k] = code; // later entries override earlier ones, as PETRARCH2's store_agent does
  };
  for (const { text, line } of readDictLines(path)) {
    const t = text.trim();
    const def = /^!([^!]+)!\s*=\s*(.*)$/.exec(t);
    if (def) {
      substitutions[def[1]] = def[2].split(',').map((s) => s.trim()).filter(Boolean);
      continue;
    }
    // "[~ENV}" (a typo in Phoenix.agents.txt) is read as "[~ENV]"
    const { name, blocks } = splitBrackets(t.replace(/\[([^\]{}]*)\}\s*$/, '[$1]'));
    if (blocks.length === 0) {
      warn.add(`${tag}:${line}: agent without a code; skipped`);
      continue;
    }
    const code = blocks[0].replace(/\s+/g, '').toUpperCase();
    if (!/^(~[A-Z0-9]+|[A-Z0-9]+~)$/.test(code)) {
      warn.add(`${tag}:${line}: unreadable agent code [${blocks[0]}]; skipped`);
      continue;
    }
    entries++;
    let phrase = name;
    // {PLURAL} gives the plural, {} says there is none; without braces the regular plural is formed
    let plural: string | null = null;
    let regularPlural = true;
    const brace = /\{([^}]*)\}/.exec(phrase);
    if (brace) {
      plural = brace[1].trim() || null;
      regularPlural = false;
      phrase = phrase.slice(0, brace.index).trim();
    }
    const marker = /!([^!]+)!/.exec(phrase);
    if (marker) {
      const subs = substitutions[marker[1]];
      if (!subs) {
        warn.add(`${tag}:${line}: substitution marker !${marker[1]}! undefined; skipped`);
        continue;
      }
      for (const s of subs) store(phrase.replace(marker[0], s), code); // no plurals: the list has them
      continue;
    }
    store(phrase, code);
    if (regularPlural) store(agentPlural(phrase.trim()), code);
    else if (plural) store(plural, code);
  }
  stats.agentEntries = entries;
  stats.agentPhrases = Object.keys(agents).length;
  stats.agentOverrides = overrides;
  return { meta: {}, agents, substitutions };
}

// ------------------------------------------------------------------------------------------------------------
// Verbs
// ------------------------------------------------------------------------------------------------------------

/** Compact pattern as stored in verbs.json; see src/events/lexicon.ts for the meaning of each field. */
interface PatternOut {
  c: string; // code, "---" = explicit no-event
  p?: string; // passive / reverse-direction code from [active:passive]
  b?: string[]; // pre-verb noun terms
  bp?: string[][]; // pre-verb prepositional phrases: [prep, ...terms]
  a?: string[]; // post-verb noun terms
  ap?: string[][]; // post-verb prepositional phrases
  v?: string; // the verb the pattern was written for (from the source comment), when it is in the block
  l: number; // source line
}

interface CompoundOut {
  before?: string[];
  after?: string[];
  block: string;
  code: string;
  passive?: string;
  forms: string[];
}

interface VerbOut {
  block: string;
  code: string; // default code of the verb alone; "---" = none
  passive?: string;
  forms: string[];
  compounds?: CompoundOut[];
  line: number;
}

interface BlockOut {
  code: string;
  passive?: string;
  verbs: string[];
  patterns: PatternOut[];
  line: number;
}

interface TransformationOut {
  source: string;
  inner: { source: string; target: string; verb: string };
  verb: string;
  result: { source: string; target: string; code: string };
  line: number;
}

interface VerbsOut {
  meta: Record<string, Json>;
  synsets: Record<string, string[]>;
  verbs: Record<string, VerbOut>;
  blocks: Record<string, BlockOut>;
  transformations: TransformationOut[];
}

/** Regular inflections (3sg, past, gerund) of a verb. PETRARCH2's rules, plus consonant+y -> -ies/-ied. */
function regularForms(stem: string): string[] {
  const s = stem.toUpperCase();
  const consY = /[^AEIOU]Y$/.test(s);
  const third = /(S|X|Z|CH|SH)$/.test(s) ? `${s}ES` : consY ? `${s.slice(0, -1)}IES` : `${s}S`;
  const past = s.endsWith('E') ? `${s}D` : consY ? `${s.slice(0, -1)}IED` : `${s}ED`;
  const ger = s.endsWith('E') && s.length > 2 && !/[AEIOU]E$/.test(s) ? `${s.slice(0, -1)}ING` : `${s}ING`;
  return [third, past, ger];
}

/**
 * Plural of a synset noun (last word of a phrase). PETRreader.make_plural_noun adds -ES to any final S and -IES
 * to any final Y ("bomberses", "ospreies"); we use English rules instead and skip words already ending in -s.
 */
function synsetPlural(word: string): string | null {
  if (/S$/.test(word)) return null;
  if (/(X|Z|CH|SH)$/.test(word)) return `${word}ES`;
  if (/[^AEIOU]Y$/.test(word)) return `${word.slice(0, -1)}IES`;
  return `${word}S`;
}

function parseCode(raw: string): { code: string; passive?: string } {
  const t = raw.replace(/\s+/g, '');
  if (t.includes(':')) {
    const [a, b] = t.split(':');
    return { code: a || '---', ...(b ? { passive: b } : {}) };
  }
  return { code: t || '---' };
}

/**
 * Splits one side of a pattern into noun terms and prepositional phrases. Terms are space-joined word sequences
 * (the last word is the head); `{A B}` is a noun phrase, `A_B` consecutive words; `(P X Y)` a prepositional phrase.
 */
function patternSide(
  text: string,
  where: string,
  warn: Warnings,
  words: (tok: string) => string[],
): { terms: string[]; preps: string[][] } {
  const terms: string[] = [];
  const preps: string[][] = [];
  const toks = text
    .replace(/([(){}])/g, ' $1 ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let prep: string[] | null = null;
  let np: string[] | null = null;
  const push = (term: string): void => {
    if (prep) prep.push(term);
    else terms.push(term);
  };
  for (const tok of toks) {
    if (tok === '(') {
      if (prep) warn.add(`${where}: nested '('`);
      prep = [];
      continue;
    }
    if (tok === ')') {
      if (prep && prep.length) preps.push(prep);
      prep = null;
      continue;
    }
    if (tok === '{') {
      np = [];
      continue;
    }
    if (tok === '}') {
      if (np && np.length) push(np.join(' '));
      np = null;
      continue;
    }
    const word = words(tok).join(' ');
    if (!word) continue;
    if (np) np.push(word);
    else if (prep && prep.length === 0) prep.push(word); // the preposition itself
    else push(word);
  }
  if (prep && prep.length) preps.push(prep);
  if (np && np.length) push(np.join(' '));
  return { terms, preps };
}


function parseVerbFile(path: string, tag: string, stats: Stats, warn: Warnings): VerbsOut {
  const lines = readDictLines(path, { semicolon: true });
  // synsets first (they may be defined after use, PETRARCH2 reads them in one pass before patterns)
  const rawSynsets = new Map<string, { words: string[]; noPlural: boolean }>();
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text.trim();
    if (!t.startsWith('&')) continue;
    const label = t.split(/\s+/)[0];
    const noPlural = label.endsWith('_');
    const name = label.replace(/_+$/, '').toUpperCase();
    const words: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j].text.trim().startsWith('+')) {
      words.push(lines[j].text.trim().slice(1).trim());
      j++;
    }
    rawSynsets.set(name, { words, noPlural });
  }
  const synsets: Record<string, string[]> = {};
  const resolving = new Set<string>();
  const resolveSynset = (name: string): string[] => {
    if (synsets[name]) return synsets[name];
    const def = rawSynsets.get(name);
    if (!def || resolving.has(name)) return [];
    resolving.add(name);
    const out: string[] = [];
    const add = (w: string): void => {
      if (w && !out.includes(w)) out.push(w);
    };
    for (const w0 of def.words) {
      if (w0.startsWith('&')) {
        // a synset inside a synset (PETR.Validate uses it): inline its members
        for (const w of resolveSynset(w0.replace(/_+$/, '').toUpperCase())) add(w);
        continue;
      }
      const noPl = def.noPlural || w0.endsWith('_');
      const w = w0.replace(/_+$/, '').replace(/\s+/g, '_');
      add(phraseKey(w));
      const pl = noPl ? null : synsetPlural(w.toUpperCase());
      if (pl) add(phraseKey(pl));
    }
    resolving.delete(name);
    synsets[name] = out;
    return out;
  };
  for (const name of [...rawSynsets.keys()].sort(collator)) resolveSynset(name);

  const verbs: Record<string, VerbOut> = {};
  const blocks: Record<string, BlockOut> = {};
  const transformations: TransformationOut[] = [];
  let block: BlockOut | null = null;
  let blockName = '';
  let patterns = 0;
  let patternsSkipped = 0;
  let duplicateVerbs = 0;
  const undefinedSynsets = new Set<string>();
  const compoundOnly = new Set<string>();

  const addVerb = (lemma: string, entry: VerbOut): void => {
    const prev = verbs[lemma];
    if (!prev) {
      verbs[lemma] = entry;
      return;
    }
    // PETRARCH2 keeps the first entry of a verb word (setdefault); merge extra forms and compounds into it
    duplicateVerbs++;
    for (const f of entry.forms) if (!prev.forms.includes(f)) prev.forms.push(f);
    if (entry.compounds) prev.compounds = [...(prev.compounds ?? []), ...entry.compounds];
  };

  for (let i = 0; i < lines.length; i++) {
    const { text, line } = lines[i];
    const t = text.trim();
    const where = `${tag}:${line}`;
    if (t.startsWith('&')) {
      while (i + 1 < lines.length && lines[i + 1].text.trim().startsWith('+')) i++;
      continue;
    }
    if (t.startsWith('~')) {
      const tr = parseTransformation(t.slice(1), line);
      if (tr) transformations.push(tr);
      else warn.add(`${where}: unreadable transformation`);
      continue;
    }
    if (t.startsWith('---')) {
      const m = /^---\s*(\S+)\s*(?:\[([^\]]*)\])?/.exec(t);
      if (!m) {
        warn.add(`${where}: unreadable block header`);
        continue;
      }
      blockName = m[1].replace(/_+$/, '').toUpperCase();
      if (blocks[blockName]) blockName = `${blockName}#${line}`;
      const pc = parseCode(m[2] ?? '---');
      block = { code: pc.code, ...(pc.passive ? { passive: pc.passive } : {}), verbs: [], patterns: [], line };
      blocks[blockName] = block;
      continue;
    }
    if (!block) {
      continue; // text before the first block (only synsets live there)
    }
    if (t.startsWith('-')) {
      patterns++;
      const pat = parsePattern(text, lines[i].comment, line, block, where, warn, synsets, undefinedSynsets);
      if (pat) block.patterns.push(pat);
      else patternsSkipped++;
      continue;
    }
    // a verb line: WORD {FORMS} [CODE]   or   +WORD_PARTICLE {+FORMS_PARTICLE} [CODE]   or   PRE_+WORD ...
    const { name, blocks: codes } = splitBrackets(t);
    const pc = codes.length ? parseCode(codes[0]) : { code: block.code, passive: block.passive };
    const code = pc.code;
    const passive = pc.passive ? { passive: pc.passive } : {};
    const brace = /\{([^}]*)\}/.exec(name);
    const main = (brace ? name.slice(0, brace.index) : name).trim().split(/\s+/)[0];
    if (!main) continue;
    const irregular = brace ? brace[1].trim().split(/\s+/).filter(Boolean) : null;
    if (main.includes('_') || main.includes('+')) {
      const c = compoundOf(main);
      if (!c) {
        warn.add(`${where}: multi-word verb ${main} without '+'; skipped`);
        continue;
      }
      const formStrings = irregular ? [main, ...irregular] : [main, ...regularForms(c.verb).map((f) => main.replace(/\+[^_]+/, `+${f}`))];
      const forms: string[] = [];
      for (const fs of formStrings) {
        const fc = compoundOf(fs);
        const f = fc?.verb.toLowerCase();
        if (f && f !== c.verb.toLowerCase() && !forms.includes(f)) forms.push(f);
      }
      forms.sort(collator);
      const lemma = c.verb.toLowerCase();
      const comp: CompoundOut = {
        ...(c.before.length ? { before: c.before.map((w) => w.toLowerCase()) } : {}),
        ...(c.after.length ? { after: c.after.map((w) => w.toLowerCase()) } : {}),
        block: blockName,
        code,
        ...passive,
        forms,
      };
      block.verbs.push([...c.before, `+${c.verb}`, ...c.after].join('_').toLowerCase());
      if (!verbs[lemma]) compoundOnly.add(lemma);
      addVerb(lemma, { block: blockName, code: '---', forms: [...forms], compounds: [comp], line });
      continue;
    }
    const lemma = main.toLowerCase();
    const forms = (irregular ? irregular : regularForms(main)).map((f) => f.toLowerCase()).filter((f) => f !== lemma);
    block.verbs.push(lemma);
    const existing = verbs[lemma];
    if (existing && compoundOnly.has(lemma)) {
      // the word was first seen only inside a compound: this line is its own (first) single-word entry
      compoundOnly.delete(lemma);
      existing.block = blockName;
      existing.code = code;
      if (pc.passive) existing.passive = pc.passive;
      existing.line = line;
      for (const f of forms) if (!existing.forms.includes(f)) existing.forms.push(f);
      continue;
    }
    addVerb(lemma, { block: blockName, code, ...passive, forms: [...new Set(forms)], line });
  }
  // a word seen only inside compounds has no code of its own ('---'); its block is the first compound's
  for (const v of Object.values(verbs)) v.forms.sort(collator);
  stats.verbBlocks = Object.keys(blocks).length;
  stats.verbLemmas = Object.keys(verbs).length;
  stats.verbCompounds = Object.values(verbs).reduce((s, v) => s + (v.compounds?.length ?? 0), 0);
  stats.verbPatternLines = patterns;
  stats.verbPatterns = Object.values(blocks).reduce((s, b) => s + b.patterns.length, 0);
  stats.verbPatternsSkipped = patternsSkipped;
  stats.verbDuplicateWords = duplicateVerbs;
  stats.synsets = Object.keys(synsets).length;
  stats.transformations = transformations.length;
  return {
    meta: { undefinedSynsets: [...undefinedSynsets].sort(collator) },
    synsets,
    verbs,
    blocks,
    transformations,
  };
}

function compoundOf(s: string): { before: string[]; verb: string; after: string[] } | null {
  const words = s.split('_').filter(Boolean);
  const k = words.findIndex((w) => w.startsWith('+'));
  if (k < 0) return null;
  return { before: words.slice(0, k), verb: words[k].slice(1), after: words.slice(k + 1) };
}

function parsePattern(
  text: string,
  comment: string,
  line: number,
  block: BlockOut,
  where: string,
  warn: Warnings,
  synsets: Record<string, string[]>,
  undefinedSynsets: Set<string>,
): PatternOut | null {
  const { name, blocks: codes } = splitBrackets(text.trim().slice(1));
  if (codes.length === 0) {
    warn.add(`${where}: pattern without a code; skipped`);
    return null;
  }
  let body = name.replace(/_\*/g, ' *').replace(/\*_/g, '* ');
  if (!body.includes('*')) {
    warn.add(`${where}: pattern without '*'; skipped`);
    return null;
  }
  const star = body.indexOf('*');
  const pre = body.slice(0, star);
  body = body.slice(star + 1);
  // "&NAME_WORD" is the longest defined synset label followed by consecutive words ("&FIGHT_GAMES" -> &FIGHT
  // games, TABARI's reading of '_'); PETRARCH2 only knows whole labels and leaves such patterns unmatchable.
  let missing: string | null = null;
  const words = (tok: string): string[] => {
    const parts = tok.split('_').filter(Boolean);
    const out: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      if (!parts[i].startsWith('&')) {
        out.push(parts[i].toLowerCase());
        continue;
      }
      let j = parts.length;
      while (j > i && !synsets[parts.slice(i, j).join('_').toUpperCase()]) j--;
      if (j === i) {
        missing = parts[i].toUpperCase();
        out.push(missing);
        continue;
      }
      out.push(parts.slice(i, j).join('_').toUpperCase());
      i = j - 1;
    }
    return out;
  };
  const before = patternSide(pre, where, warn, words);
  const after = patternSide(body, where, warn, words);
  if (missing) {
    undefinedSynsets.add(missing);
    warn.add(`${where}: synset ${missing} undefined; pattern skipped (PETRARCH2 cannot match it either)`);
    return null;
  }
  const code = parseCode(codes[0]);
  const origin = /^([A-Z][A-Z_-]*)\b/.exec(comment);
  const out: PatternOut = { c: code.code, l: line };
  if (code.passive) out.p = code.passive;
  if (before.terms.length) out.b = before.terms;
  if (before.preps.length) out.bp = before.preps;
  if (after.terms.length) out.a = after.terms;
  if (after.preps.length) out.ap = after.preps;
  if (origin) {
    const v = origin[1].toLowerCase();
    if (block.verbs.includes(v)) out.v = v;
  }
  return out;
}

function parseTransformation(body: string, line: number): TransformationOut | null {
  // a (a b ATTACK) SAY = a b 015
  const m = /^\s*(\S+)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(body);
  if (!m) return null;
  return {
    source: m[1],
    inner: { source: m[2], target: m[3], verb: m[4].toLowerCase() },
    verb: m[5].toLowerCase(),
    result: { source: m[6], target: m[7], code: m[8] },
    line,
  };
}

// ------------------------------------------------------------------------------------------------------------
// Discards
// ------------------------------------------------------------------------------------------------------------

interface DiscardsOut {
  meta: Record<string, Json>;
  sentence: string[];
  story: string[];
}

function parseDiscards(path: string, stats: Stats): DiscardsOut {
  const sentence = new Set<string>();
  const story = new Set<string>();
  for (const { text } of readDictLines(path)) {
    let t = text.trim();
    if (t.includes(';')) t = t.slice(0, t.indexOf(';')).trim(); // legacy ";AB 13 JUN 2005" annotations
    const isStory = t.startsWith('+');
    if (isStory) t = t.slice(1).trim();
    const k = phraseKey(t);
    if (!k) continue;
    (isStory ? story : sentence).add(k);
  }
  stats.discardsSentence = sentence.size;
  stats.discardsStory = story.size;
  return { meta: {}, sentence: [...sentence].sort(collator), story: [...story].sort(collator) };
}

// ------------------------------------------------------------------------------------------------------------
// CAMEO and PLOVER
// ------------------------------------------------------------------------------------------------------------

interface PloverOut {
  type: string;
  mode: string;
  context: string[];
}

interface CameoCodeOut {
  name: string;
  root: string;
  goldstein: number | null;
  quadClass: number;
  plover: PloverOut | null; // null: dropped in PLOVER (CAMEO 01, 02)
}

const PLOVER_TYPES = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE',
  'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];

function quadClassOfRoot(root: string): number {
  const r = Number(root);
  if (r >= 1 && r <= 5) return 1;
  if (r >= 6 && r <= 9) return 2;
  if (r >= 10 && r <= 14) return 3;
  return 4;
}

function readTsv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split('\t').map((c) => c.trim()));
}

/** Mode tables and the context list of the PLOVER manual (LaTeX), ignoring commented-out rows. */
function readPloverManual(path: string): { modes: Record<string, string[]>; contexts: string[]; cueTable: [string, string, string][] } {
  const tex = readFileSync(path, 'utf8').split(/\r?\n/);
  const modes: Record<string, string[]> = {};
  const contexts: string[] = [];
  const cueTable: [string, string, string][] = [];
  let modeType: string | null = null;
  let inContexts = false;
  let inCue = false;
  for (const raw of tex) {
    const l = raw.trim();
    if (l.startsWith('%')) continue;
    const cap = /\\caption\{(?:\\plcat\{)?([A-Z]+)\}? modes/.exec(l);
    if (cap) {
      modeType = cap[1];
      modes[modeType] = [];
      continue;
    }
    if (modeType) {
      if (l.startsWith('\\end{tabular}')) {
        modeType = null;
        continue;
      }
      const row = /^([a-z][a-z-]*)\s*&/.exec(l);
      if (row && row[1] !== 'name') modes[modeType].push(row[1]);
    }
    if (l.includes('\\label{tab:general-contexts}')) inContexts = true;
    if (inContexts) {
      if (l.startsWith('\\end{longtable}')) inContexts = false;
      const row = /^(?:\\hyperref\[[^\]]*\]\{([^}]*)\}|([a-z][a-z\\_]*))\s*&/.exec(l);
      if (row) contexts.push((row[1] ?? row[2]).replace(/\\_/g, '_'));
    }
    if (l.includes('PLOVER equivalents to CAMEO cue categories')) inCue = true;
    if (inCue) {
      if (l.startsWith('\\end{tabular}')) inCue = false;
      const row = /^(\d\d)\s*&\s*([^&]+?)\s*&\s*([^\\]+?)\s*\\\\/.exec(l);
      if (row) cueTable.push([row[1], row[2].trim(), row[3].trim()]);
    }
  }
  // REQUEST and REJECT share modes (the REJECT caption says so and its table repeats them)
  return { modes, contexts, cueTable };
}

interface CameoOut {
  meta: Record<string, Json>;
  codes: Record<string, CameoCodeOut>;
  quadClasses: Record<string, string>;
  plover: { types: string[]; modes: Record<string, string[]>; contexts: string[] };
  ploverV05to20: Record<string, string | null>;
  ploverCorrections: { code: string; file: PloverOut; used: PloverOut; why: string }[];
}

function buildCameo(srcRoot: string, stats: Stats, warn: Warnings): CameoOut {
  const names = readTsv(join(srcRoot, 'events/cameo/CAMEO.eventcodes.txt'));
  const gold = new Map(readTsv(join(srcRoot, 'events/cameo/CAMEO.goldsteinscale.txt')).map((r) => [r[0], Number(r[1])]));
  const manual = readPloverManual(join(srcRoot, 'events/plover/PLOVER_MANUAL.tex'));
  const validContexts = new Set(manual.contexts);

  // CAMEO2PLOVER-2021.txt: "CODE: TYPE, mode, context[; context] # description"; "NN: TYPE" heads a root.
  // Codes are not always under their root's heading (191/192 sit under 17, 175/201 under 18), so every line is
  // read on its own; a repeated code (175) must agree.
  const fileMap = new Map<string, PloverOut>();
  const rootHeads = new Map<string, string[]>();
  const c2p = readFileSync(join(srcRoot, 'events/plover/CAMEO2PLOVER-2021.txt'), 'utf8').split(/\r?\n/);
  for (const raw of c2p) {
    const l = raw.replace(/#.*/, '').trim();
    const m = /^(\d{2,4}):\s*(.*)$/.exec(l);
    if (!m) continue;
    const [, code, rest] = m;
    const parts = rest.split(',').map((s) => s.trim());
    const type = parts[0].toUpperCase();
    if (code.length === 2) {
      rootHeads.set(code, [...(rootHeads.get(code) ?? []), type]);
      continue;
    }
    const mode = (parts[1] ?? '').trim();
    const context = (parts[2] ?? '').split(';').map((s) => s.trim()).filter(Boolean);
    const entry = { type, mode, context };
    const prev = fileMap.get(code);
    if (prev && JSON.stringify(prev) !== JSON.stringify(entry)) warn.add(`CAMEO2PLOVER: ${code} mapped twice differently`);
    fileMap.set(code, entry);
  }

  const ploverCorrections: CameoOut['ploverCorrections'] = [];
  const contextsNot20 = new Set<string>();
  /**
   * Reconciles a CAMEO2PLOVER-2021 row (written for PLOVER draft 0.8) with the PLOVER 2.0 manual:
   *  - 163 "Impose embargo, boycott, or sanctions": the 2.0 manual codes international sanctions as SANCTION
   *    `discontinue` (SANCTION modes table) and maps CAMEO 16 to SANCTION; the file's COERCE/restrict predates
   *    that. Context economic, as for the file's other sanction codes (085, 0354, 1054, 1244, 1312).
   *  - 0813 "Ease curfew", 0814 "Ease state of emergency or martial law": the 2.0 manual's CONCEDE covers
   *    "removing curfews" (easing legal restrictions); the file's RETREAT is for material acts.
   *  - a context name in the mode slot (175 "pro_autocracy") moves to the context list.
   *  - modes the 2.0 manual renamed: assassinate -> targeted (ASSAULT "Targeted killings, including ...
   *    assassination"); seize on "Destroy property" (1712) -> destroy.
   *  - context "democracy" is "pro_democracy" in 2.0.
   *  - any other mode or context absent from the 2.0 tables is kept (it still carries meaning) and listed in
   *    meta.ploverModesNot20 / meta.ploverContextsNot20 ("humanitarian" has no 2.0 counterpart).
   */
  const reconcile = (code: string, e: PloverOut): PloverOut => {
    let out: PloverOut = { type: e.type, mode: e.mode, context: [...e.context] };
    const why: string[] = [];
    if (code === '163') {
      out = { type: 'SANCTION', mode: 'discontinue', context: ['economic'] };
      why.push('PLOVER 2.0 manual: international sanctions are SANCTION `discontinue`; CAMEO 16 -> SANCTION');
    }
    if (out.mode && validContexts.has(out.mode) && !(manual.modes[out.type] ?? []).includes(out.mode)) {
      out.context = [...new Set([...out.context, out.mode])];
      why.push(`"${out.mode}" is a PLOVER context, not a ${out.type} mode`);
      out.mode = '';
    }
    if ((code === '0813' || code === '0814') && out.type === 'RETREAT') {
      out = { type: 'CONCEDE', mode: '', context: out.context };
      why.push('PLOVER 2.0 manual: CONCEDE covers "removing curfews" and easing legal restrictions; RETREAT is material (withdraw, release, disarm)');
    }
    if (out.type === 'ASSAULT' && out.mode === 'assassinate') {
      out.mode = 'targeted';
      why.push('PLOVER 2.0 ASSAULT mode `targeted` covers (attempted) assassination');
    }
    if (code === '1712' && out.mode === 'seize') {
      out.mode = 'destroy';
      why.push('PLOVER 2.0 ASSAULT mode `destroy`: intentional destruction of property');
    }
    if (out.context.includes('democracy')) {
      out.context = [...new Set(out.context.map((c) => (c === 'democracy' ? 'pro_democracy' : c)))];
      why.push('context "democracy" is "pro_democracy" in PLOVER 2.0');
    }
    for (const c of out.context) if (!validContexts.has(c)) contextsNot20.add(c);
    if (why.length) ploverCorrections.push({ code, file: e, used: out, why: why.join('; ') });
    return out;
  };

  const codes: Record<string, CameoCodeOut> = {};
  const quadClasses: Record<string, string> = {};
  const modesNot20 = new Set<string>();
  let unmappedNonDropped = 0;
  for (const [code, desc] of names) {
    if (/^\d$/.test(code)) {
      quadClasses[code] = desc;
      continue;
    }
    if (!/^\d{2,4}$/.test(code)) continue;
    const root = code.slice(0, 2);
    const g = gold.get(code);
    if (g === undefined) warn.add(`CAMEO ${code} has no Goldstein score`);
    let plover: PloverOut | null = null;
    if (root !== '01' && root !== '02') {
      // the code's own row, else its parent's (4-digit -> 3-digit), else the root heading when it is unique
      const own = fileMap.get(code) ?? (code.length === 4 ? fileMap.get(code.slice(0, 3)) : undefined);
      if (own) plover = reconcile(code, own);
      else {
        const heads = rootHeads.get(root) ?? [];
        const base = fileMap.get(`${root}0`);
        if (code.length === 2 && base) plover = reconcile(code, { ...base });
        else if (heads.length === 1) plover = { type: heads[0], mode: '', context: [] };
        else {
          unmappedNonDropped++;
          warn.add(`CAMEO ${code}: no PLOVER row`);
        }
      }
      if (plover && !PLOVER_TYPES.includes(plover.type)) warn.add(`CAMEO ${code}: PLOVER type ${plover.type} is not a 2.0 type`);
      if (plover?.mode && !(manual.modes[plover.type] ?? []).includes(plover.mode)) modesNot20.add(`${plover.type}:${plover.mode}`);
    }
    codes[code] = {
      name: desc,
      root,
      goldstein: g ?? null,
      quadClass: quadClassOfRoot(root),
      plover,
    };
  }
  stats.cameoCodes = Object.keys(codes).length;
  stats.cameoWithPlover = Object.values(codes).filter((c) => c.plover).length;
  stats.cameoPloverFromFileRows = Object.keys(codes).filter((c) => fileMap.has(c)).length;
  stats.cameoUnmapped = unmappedNonDropped;

  // PLOVER 0.5b1 -> 2.0: a 0.5b1 label that is a 2.0 type is kept; the others are the old CAMEO cue-category
  // names, mapped by the manual's "PLOVER equivalents to CAMEO cue categories" table (DEMAND -> REQUEST,
  // DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT, ...); chains resolve (20 -> FIGHT -> ASSAULT);
  // "dropped" categories map to null; a name the table gives two targets (YIELD) is left out.
  const v05: Record<string, string | null> = {};
  for (const t of PLOVER_TYPES) v05[t] = t;
  const cueTargets = new Map<string, Set<string>>();
  for (const [, cameoText, target] of manual.cueTable) {
    const label = cameoText.replace(/\s*\(.*\)\s*$/, '').trim();
    if (!/^[A-Z]+$/.test(label)) continue; // multi-word CAMEO names were never PLOVER labels
    const tgt = target.replace(/\s*\(.*\)\s*$/, '').trim();
    cueTargets.set(label, new Set([...(cueTargets.get(label) ?? []), tgt]));
  }
  const resolveTarget = (t: string, depth = 0): string | null => {
    if (t.toLowerCase() === 'dropped') return null;
    if (PLOVER_TYPES.includes(t)) return t;
    const next = cueTargets.get(t);
    if (!next || next.size !== 1 || depth > 4) return null;
    return resolveTarget([...next][0], depth + 1);
  };
  for (const [label, targets] of [...cueTargets].sort((a, b) => collator(a[0], b[0]))) {
    if (PLOVER_TYPES.includes(label)) continue;
    if (targets.size !== 1) continue;
    v05[label] = resolveTarget([...targets][0]);
  }
  stats.ploverV05Labels = Object.keys(v05).length;

  return {
    meta: {
      ploverModesNot20: [...modesNot20].sort(collator),
      ploverContextsNot20: [...contextsNot20].sort(collator),
      ploverNote:
        'plover: CAMEO2PLOVER-2021.txt (PLOVER draft 0.8) reconciled with PLOVER_MANUAL.tex v2.0, see ploverCorrections; ' +
        'CAMEO 01 and 02 are dropped in PLOVER (plover null); a 4-digit code without a row takes its 3-digit parent row.',
      ploverV05to20Note:
        'PLOVER 0.5b1 event labels (as in PLOVER_GSR_dev.json) -> 2.0 types: 2.0 types map to themselves; the old CAMEO ' +
        'cue names follow the manual table "PLOVER equivalents to CAMEO cue categories" (chains resolved, YIELD is split ' +
        'between CONCEDE and RETREAT and so left out).',
    },
    codes,
    quadClasses,
    plover: { types: PLOVER_TYPES, modes: { ...manual.modes, REJECT: manual.modes.REJECT?.length ? manual.modes.REJECT : manual.modes.REQUEST ?? [] }, contexts: manual.contexts },
    ploverV05to20: v05,
    ploverCorrections,
  };
}

// ------------------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------------------

function parseArgs(argv: string[]): { src: string; out: string } {
  let src = sharedDataPath('');
  let out = join(packageRoot(), 'data');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--src') src = resolve(argv[++i] ?? '');
    else if (argv[i] === '--out') out = resolve(argv[++i] ?? '');
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: node --import tsx scripts/build-dictionaries.ts [--src SHARED_DATA_DIR] [--out DIR]');
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  return { src, out };
}

function main(): void {
  const { src, out } = parseArgs(process.argv.slice(2));
  const dict = (f: string): string => join(src, 'events/petrarch2/dictionaries', f);
  if (!existsSync(dict('CAMEO.2.0.txt'))) throw new Error(`PETRARCH2 dictionaries not found under ${src}`);
  const root = packageRoot();
  const written: { path: string; bytes: number }[] = [];
  const report: Record<string, Stats> = {};

  // --- Phoenix (operational) dictionaries
  {
    const stats: Stats = {};
    const warn = makeWarnings();
    const { countries: iso, packages } = loadIsoCountries(root);
    const kb = buildActorKb(
      [
        { path: dict('Phoenix.Countries.actors.txt'), tag: 'countries' },
        { path: dict('Phoenix.International.actors.txt'), tag: 'international' },
        { path: dict('Phoenix.MilNonState.actors.txt'), tag: 'milnonstate' },
      ],
      iso,
      stats,
      warn,
    );
    kb.meta = {
      format: 'herald-actors/1',
      sources: ['Phoenix.Countries.actors.txt', 'Phoenix.International.actors.txt', 'Phoenix.MilNonState.actors.txt'],
      packages: packages as unknown as Json,
      stats: stats as unknown as Json,
      warnings: warn.list.length,
      warningSample: warn.list.slice(0, 40),
    };
    written.push(writeJson(out, 'actors', kb));
    report.actors = stats;
  }
  {
    const stats: Stats = {};
    const warn = makeWarnings();
    const agents = parseAgentFile(dict('Phoenix.agents.txt'), 'agents', stats, warn);
    agents.meta = { format: 'herald-agents/1', sources: ['Phoenix.agents.txt'], stats: stats as unknown as Json, warnings: warn.list.slice(0, 40) };
    written.push(writeJson(out, 'agents', agents));
    report.agents = stats;
  }
  {
    const stats: Stats = {};
    const warn = makeWarnings();
    const verbs = parseVerbFile(dict('CAMEO.2.0.txt'), 'CAMEO.2.0', stats, warn);
    verbs.meta = { ...verbs.meta, format: 'herald-verbs/1', sources: ['CAMEO.2.0.txt'], stats: stats as unknown as Json, warnings: warn.list.length, warningSample: warn.list.slice(0, 40) };
    written.push(writeJson(out, 'verbs', verbs));
    report.verbs = stats;
  }
  {
    const stats: Stats = {};
    const discards = parseDiscards(dict('Phoenix.discards.txt'), stats);
    discards.meta = { format: 'herald-discards/1', sources: ['Phoenix.discards.txt'], stats: stats as unknown as Json };
    written.push(writeJson(out, 'discards', discards));
    report.discards = stats;
  }
  {
    const stats: Stats = {};
    const warn = makeWarnings();
    const cameo = buildCameo(src, stats, warn);
    cameo.meta = {
      ...cameo.meta,
      format: 'herald-cameo/1',
      sources: ['cameo/CAMEO.eventcodes.txt', 'cameo/CAMEO.goldsteinscale.txt', 'plover/CAMEO2PLOVER-2021.txt', 'plover/PLOVER_MANUAL.tex'],
      quadClassRule: 'by root: 01-05 -> 1 verbal cooperation, 06-09 -> 2 material cooperation, 10-14 -> 3 verbal conflict, 15-20 -> 4 material conflict',
      stats: stats as unknown as Json,
      warnings: warn.list,
    };
    written.push(writeJson(out, 'cameo', cameo));
    report.cameo = stats;
  }

  // --- PETR.Validate.* (PETRARCH2 unit-test dictionaries; fictional actors, WEIS-era codes kept verbatim)
  {
    const vdir = join(out, 'petr-validate');
    const stats: Stats = {};
    const warn = makeWarnings();
    const kb = buildActorKb([{ path: dict('PETR.Validate.actors.txt'), tag: 'validate' }], null, stats, warn);
    kb.meta = { format: 'herald-actors/1', sources: ['PETR.Validate.actors.txt'], stats: stats as unknown as Json, warnings: warn.list.length, warningSample: warn.list.slice(0, 40) };
    written.push(writeJson(vdir, 'actors', kb));
    report['validate.actors'] = stats;

    const astats: Stats = {};
    const awarn = makeWarnings();
    const agents = parseAgentFile(dict('PETR.Validate.agents.txt'), 'validate.agents', astats, awarn);
    agents.meta = { format: 'herald-agents/1', sources: ['PETR.Validate.agents.txt'], stats: astats as unknown as Json, warnings: awarn.list.slice(0, 40) };
    written.push(writeJson(vdir, 'agents', agents));
    report['validate.agents'] = astats;

    const vstats: Stats = {};
    const vwarn = makeWarnings();
    const verbs = parseVerbFile(dict('PETR.Validate.verbs.txt'), 'PETR.Validate.verbs', vstats, vwarn);
    verbs.meta = { ...verbs.meta, format: 'herald-verbs/1', sources: ['PETR.Validate.verbs.txt'], stats: vstats as unknown as Json, warnings: vwarn.list.length, warningSample: vwarn.list.slice(0, 40) };
    written.push(writeJson(vdir, 'verbs', verbs));
    report['validate.verbs'] = vstats;

    const dstats: Stats = {};
    const discards = parseDiscards(dict('PETR.Validate.discards.txt'), dstats);
    discards.meta = { format: 'herald-discards/1', sources: ['PETR.Validate.discards.txt'], stats: dstats as unknown as Json };
    written.push(writeJson(vdir, 'discards', discards));
    report['validate.discards'] = dstats;
  }

  for (const [k, s] of Object.entries(report)) console.log(`${k}: ${Object.entries(s).map(([a, b]) => `${a}=${b}`).join(' ')}`);
  let total = 0;
  for (const w of written) {
    total += w.bytes;
    console.log(`wrote ${w.path} (${w.bytes} bytes)`);
  }
  console.log(`total ${total} bytes`);
}

main();
