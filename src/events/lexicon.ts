/**
 * Typed loaders for the event dictionaries compiled by scripts/build-dictionaries.ts (npm run build:dictionaries)
 * from PETRARCH2's CAMEO.2.0.txt, the CAMEO code tables and the PLOVER codebook.
 *
 * ── data/verbs.json (format "herald-verbs/1"; data/petr-validate/verbs.json has the same shape) ──────────────
 * {
 *   meta:     { sources, stats, undefinedSynsets, ... },
 *   synsets:  { "&MILITARY": ["military", "armed forces", "troops", ...] }     members, lowercase, plurals included
 *   verbs:    { "<lemma>": {                                                   one entry per verb word
 *                 block: "IMPOSE",              the synonym block whose patterns apply to the verb
 *                 code: "170", passive?: "…",   the verb's own code when it occurs without a matching pattern;
 *                                               "---" = no event. [active:passive] codes are split (see patterns)
 *                 forms: ["imposed", ...],      inflected forms (the lemma itself excluded)
 *                 compounds?: [{ before?: ["re"], after?: ["for"], block, code, passive?, forms }],
 *                                               multi-word verbs whose head word is this lemma ("ask for")
 *                 line } },                     source line in the dictionary
 *   blocks:   { "IMPOSE": { code, passive?, verbs: [...], line, patterns: [P, ...] } },
 *   transformations: [{ source, inner: {source, target, verb}, verb, result: {source, target, code}, line }]
 * }
 * A pattern P is stored compactly and expanded by this loader into {@link VerbPattern}:
 *   { c: code ("---" = explicitly no event), p?: passive code, b?: [term] before the verb, bp?: [[prep, term...]]
 *     prepositional phrases before the verb, a?: [term] after the verb, ap?: [[prep, term...]] after the verb,
 *     v?: the block verb the pattern was written for, l: source line }
 * A term is a space-joined word sequence whose last word is its head ("visa requirement" -> head "requirement");
 * a word is a lowercase literal, a synset label "&NAME", or a marker: "$" source actor, "+" target actor,
 * "^" skip (an intervening noun phrase), "%" compound (reciprocal) actor.
 *
 * Matching model (PETRARCH2): the verb's lemma selects its block; a pattern matches when its post-verb terms are
 * heads of the verb's objects/particles in order (`after`), its prepositional phrases are the verb's PP
 * attachments (`afterPreps`: preposition + object heads), and its pre-verb terms precede it (`before`). The most
 * specific matching pattern gives the code; without a match the verb's own `code` applies. An [active:passive]
 * code ("042:043") codes source->target with `code` and, for the same clause, target->source with `passive`;
 * "[:173]" is passive only (the subject *receives* 173, e.g. "appear in court").
 *
 * ── data/cameo.json ("herald-cameo/1") ──────────────────────────────────────────────────────────────────────────
 * { codes: { "163": { name, root: "16", goldstein: -8, quadClass: 4,
 *                     plover: { type: "SANCTION", mode: "discontinue", context: ["economic"] } | null } },
 *   quadClasses, plover: { types, modes, contexts }, ploverV05to20: { DEMAND: "REQUEST", ... },
 *   ploverCorrections: [...], meta }
 * PLOVER rows come from CAMEO2PLOVER-2021.txt reconciled with the PLOVER 2.0 manual (see ploverCorrections);
 * CAMEO 01 and 02 are dropped in PLOVER (plover null).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { dataPath } from '../nlp/paths.js';

// ------------------------------------------------------------------------------------------------------------
// Shared: reading compiled data files
// ------------------------------------------------------------------------------------------------------------

/** Reads `dir/name.json.gz` or `dir/name.json`. */
export function readDataJson<T>(dir: string, name: string): T {
  const gz = join(dir, `${name}.json.gz`);
  const plain = join(dir, `${name}.json`);
  if (existsSync(gz)) return JSON.parse(gunzipSync(readFileSync(gz)).toString('utf8')) as T;
  if (existsSync(plain)) return JSON.parse(readFileSync(plain, 'utf8')) as T;
  throw new Error(`dictionary ${name}.json(.gz) not found in ${dir}; run "npm run build:dictionaries"`);
}

const defaultDataDir = (): string => resolve(dataPath('.'));

/** "---" (PETRARCH's null code) and empty strings become null. */
const codeOrNull = (c: string | undefined): string | null => (c && c !== '---' ? c : null);

// ------------------------------------------------------------------------------------------------------------
// Verb lexicon
// ------------------------------------------------------------------------------------------------------------

export type PatternMarker = 'source' | 'target' | 'skip' | 'compound';

/** One noun term of a pattern: a word sequence whose last word is the head. */
export interface PatternTerm {
  /** Lowercase literals, synset labels ("&MILITARY") or markers ("$", "+", "^", "%"). */
  words: string[];
  head: string;
  /** Set when the term is a single marker word. */
  marker?: PatternMarker;
}

export interface PrepPhrase {
  prep: string;
  terms: PatternTerm[];
}

export interface VerbPattern {
  /** CAMEO code of the source->target event; null = the construction explicitly codes no event ("---"). */
  code: string | null;
  /** Code of the reverse (target->source) event from an [active:passive] code; null when none. */
  passive: string | null;
  before: PatternTerm[];
  beforePreps: PrepPhrase[];
  after: PatternTerm[];
  afterPreps: PrepPhrase[];
  /** Heads of `after` (objects and particles) in order, markers excluded: the usual thing a matcher checks. */
  objectWords: string[];
  /** Prepositions of `afterPreps` in order. */
  prepositions: string[];
  /** The block verb this pattern was written for (source comment), when known. */
  verb: string | null;
  block: string;
  line: number;
}

export interface VerbCompound {
  lemma: string;
  /** Words that precede the verb word ("re" in "re-arrest") and follow it ("for" in "ask for"). */
  before: string[];
  after: string[];
  block: string;
  code: string | null;
  passive: string | null;
  forms: string[];
}

export interface VerbEntry {
  lemma: string;
  block: string;
  /** Default code of the verb alone (no pattern matched); null = no event. */
  code: string | null;
  passive: string | null;
  forms: string[];
  compounds: VerbCompound[];
  /** Patterns of the verb's block, in dictionary order. */
  patterns: VerbPattern[];
  line: number;
}

export interface VerbTransformation {
  source: string;
  inner: { source: string; target: string; verb: string };
  verb: string;
  result: { source: string; target: string; code: string };
  line: number;
}

interface RawPattern {
  c: string;
  p?: string;
  b?: string[];
  bp?: string[][];
  a?: string[];
  ap?: string[][];
  v?: string;
  l: number;
}
interface RawCompound {
  before?: string[];
  after?: string[];
  block: string;
  code: string;
  passive?: string;
  forms: string[];
}
interface RawVerb {
  block: string;
  code: string;
  passive?: string;
  forms: string[];
  compounds?: RawCompound[];
  line: number;
}
interface RawBlock {
  code: string;
  passive?: string;
  verbs: string[];
  patterns: RawPattern[];
  line: number;
}
export interface VerbsFile {
  meta: Record<string, unknown>;
  synsets: Record<string, string[]>;
  verbs: Record<string, RawVerb>;
  blocks: Record<string, RawBlock>;
  transformations: VerbTransformation[];
}

const MARKERS: Record<string, PatternMarker> = { $: 'source', '+': 'target', '^': 'skip', '%': 'compound' };

function toTerm(s: string): PatternTerm {
  const words = s.split(' ').filter(Boolean);
  const head = words[words.length - 1] ?? '';
  const marker = words.length === 1 ? MARKERS[head] : undefined;
  return marker ? { words, head, marker } : { words, head };
}
const toPrep = (p: string[]): PrepPhrase => ({ prep: p[0], terms: p.slice(1).map(toTerm) });

export class VerbLexicon {
  readonly meta: Record<string, unknown>;
  readonly transformations: readonly VerbTransformation[];
  private readonly raw: VerbsFile;
  private readonly formIndex = new Map<string, string>();
  private readonly blockPatterns = new Map<string, VerbPattern[]>();
  private readonly entries = new Map<string, VerbEntry>();
  private readonly synsetMembers = new Map<string, string[][]>();

  constructor(file: VerbsFile) {
    this.raw = file;
    this.meta = file.meta;
    this.transformations = file.transformations;
    for (const [lemma, v] of Object.entries(file.verbs)) {
      for (const f of v.forms) if (!this.formIndex.has(f)) this.formIndex.set(f, lemma);
      for (const c of v.compounds ?? []) for (const f of c.forms) if (!this.formIndex.has(f)) this.formIndex.set(f, lemma);
    }
    for (const [name, members] of Object.entries(file.synsets)) {
      this.synsetMembers.set(name, members.map((m) => m.split(' ')));
    }
  }

  /** Loads `dir`/verbs.json (default: the package's data/). Cached per directory by {@link loadVerbLexicon}. */
  static load(dir: string = defaultDataDir()): VerbLexicon {
    return new VerbLexicon(readDataJson<VerbsFile>(dir, 'verbs'));
  }

  /** Number of verb lemmas. */
  get size(): number {
    return Object.keys(this.raw.verbs).length;
  }

  lemmas(): string[] {
    return Object.keys(this.raw.verbs);
  }

  /** The lemma of a verb word: the word itself when it is a lemma, else the lemma of the inflected form. */
  lemmaOf(word: string): string | undefined {
    const w = word.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(this.raw.verbs, w)) return w;
    return this.formIndex.get(w);
  }

  /** The entry of a verb lemma or inflected form ("imposed" -> impose); undefined when not a dictionary verb. */
  lookup(word: string): VerbEntry | undefined {
    const lemma = this.lemmaOf(word);
    if (lemma === undefined) return undefined;
    let e = this.entries.get(lemma);
    if (!e) {
      const v = this.raw.verbs[lemma];
      e = {
        lemma,
        block: v.block,
        code: codeOrNull(v.code),
        passive: codeOrNull(v.passive),
        forms: v.forms,
        compounds: (v.compounds ?? []).map((c) => ({
          lemma,
          before: c.before ?? [],
          after: c.after ?? [],
          block: c.block,
          code: codeOrNull(c.code),
          passive: codeOrNull(c.passive),
          forms: c.forms,
        })),
        patterns: this.patterns(v.block),
        line: v.line,
      };
      this.entries.set(lemma, e);
    }
    return e;
  }

  /** The patterns of a block (by block name), expanded. */
  patterns(block: string): VerbPattern[] {
    let out = this.blockPatterns.get(block);
    if (!out) {
      const b = this.raw.blocks[block];
      out = (b?.patterns ?? []).map((p) => {
        const after = (p.a ?? []).map(toTerm);
        const afterPreps = (p.ap ?? []).map(toPrep);
        return {
          code: codeOrNull(p.c),
          passive: codeOrNull(p.p),
          before: (p.b ?? []).map(toTerm),
          beforePreps: (p.bp ?? []).map(toPrep),
          after,
          afterPreps,
          objectWords: after.filter((t) => !t.marker).map((t) => t.head),
          prepositions: afterPreps.map((pp) => pp.prep),
          verb: p.v ?? null,
          block,
          line: p.l,
        };
      });
      this.blockPatterns.set(block, out);
    }
    return out;
  }

  /** Block names, in no particular order. */
  blocks(): string[] {
    return Object.keys(this.raw.blocks);
  }

  /** The block's default code (null = no event). */
  blockCode(block: string): string | null {
    return codeOrNull(this.raw.blocks[block]?.code);
  }

  /** Members of a synset ("&MILITARY") as token sequences; empty when undefined. */
  synset(name: string): string[][] {
    return this.synsetMembers.get(name.toUpperCase()) ?? [];
  }

  /**
   * Does pattern word `word` match the tokens ending at `tokens[end]` (inclusive)? Returns how many tokens it
   * covers (0 = no match). Literals match one token; a synset matches any member (members may be phrases);
   * markers never match words (the coder resolves them to actors).
   */
  matchWord(word: string, tokens: readonly string[], end: number): number {
    if (end < 0 || end >= tokens.length) return 0;
    if (word.startsWith('&')) {
      let best = 0;
      for (const m of this.synset(word)) {
        if (m.length > end + 1 || m.length <= best) continue;
        let ok = true;
        for (let i = 0; i < m.length && ok; i++) ok = tokens[end - m.length + 1 + i].toLowerCase() === m[i];
        if (ok) best = m.length;
      }
      return best;
    }
    if (MARKERS[word]) return 0;
    return tokens[end].toLowerCase() === word ? 1 : 0;
  }

  /**
   * Does a term match the token sequence ending with its head at `tokens[headIndex]`, the preceding words
   * immediately before it? Returns the first covered index, or -1. Use lemmas or surface forms as tokens:
   * dictionary words are surface forms, with synsets holding both singular and plural.
   */
  matchTerm(term: PatternTerm, tokens: readonly string[], headIndex: number): number {
    let end = headIndex;
    for (let i = term.words.length - 1; i >= 0; i--) {
      const n = this.matchWord(term.words[i], tokens, end);
      if (n === 0) return -1;
      end -= n;
    }
    return end + 1;
  }
}

const verbCache = new Map<string, VerbLexicon>();

/** The verb lexicon of `dir` (default data/; data/petr-validate for PETRARCH2's unit-test dictionaries), cached. */
export function loadVerbLexicon(dir: string = defaultDataDir()): VerbLexicon {
  const key = resolve(dir);
  let lex = verbCache.get(key);
  if (!lex) {
    lex = VerbLexicon.load(key);
    verbCache.set(key, lex);
  }
  return lex;
}

// ------------------------------------------------------------------------------------------------------------
// CAMEO and PLOVER
// ------------------------------------------------------------------------------------------------------------

export type QuadClass = 1 | 2 | 3 | 4;

export interface CameoInfo {
  code: string;
  name: string;
  root: string;
  /** Goldstein conflict-cooperation weight (-10..+10); null when the table has none. */
  goldstein: number | null;
  quadClass: QuadClass;
}

export interface PloverInfo {
  type: string;
  /** "" when none. */
  mode: string;
  context: string[];
}

interface RawCameoCode {
  name: string;
  root: string;
  goldstein: number | null;
  quadClass: QuadClass;
  plover: PloverInfo | null;
}
export interface CameoFile {
  meta: Record<string, unknown>;
  codes: Record<string, RawCameoCode>;
  quadClasses: Record<string, string>;
  plover: { types: string[]; modes: Record<string, string[]>; contexts: string[] };
  ploverV05to20: Record<string, string | null>;
  ploverCorrections: { code: string; file: PloverInfo; used: PloverInfo; why: string }[];
}

/** Normalises a CAMEO code string: trims; "42" is not "042" (CAMEO codes are strings with leading zeros). */
const normCode = (code: string): string => code.trim();

export class CameoTable {
  readonly meta: Record<string, unknown>;
  readonly ploverTypes: readonly string[];
  readonly ploverModes: Readonly<Record<string, readonly string[]>>;
  readonly ploverContexts: readonly string[];
  private readonly raw: CameoFile;

  constructor(file: CameoFile) {
    this.raw = file;
    this.meta = file.meta;
    this.ploverTypes = file.plover.types;
    this.ploverModes = file.plover.modes;
    this.ploverContexts = file.plover.contexts;
  }

  static load(dir: string = defaultDataDir()): CameoTable {
    return new CameoTable(readDataJson<CameoFile>(dir, 'cameo'));
  }

  /** All CAMEO codes (roots "01".."20" and 3-/4-digit codes). */
  codes(): string[] {
    return Object.keys(this.raw.codes);
  }

  /** Name, root, Goldstein score and quad class of a CAMEO code; undefined for an unknown code. */
  cameoInfo(code: string): CameoInfo | undefined {
    const c = normCode(code);
    const r = this.raw.codes[c];
    if (!r) return undefined;
    return { code: c, name: r.name, root: r.root, goldstein: r.goldstein, quadClass: r.quadClass };
  }

  /**
   * PLOVER 2.0 type, mode and contexts of a CAMEO code; null when PLOVER drops the code (CAMEO 01 statements and
   * 02 appeals) or the code is unknown.
   */
  ploverFor(code: string): PloverInfo | null {
    const r = this.raw.codes[normCode(code)];
    if (!r?.plover) return null;
    return { type: r.plover.type, mode: r.plover.mode, context: [...r.plover.context] };
  }

  /**
   * Maps a PLOVER 0.5b1 event label (e.g. the PLOVER GSR dev file's DEMAND, DISAPPROVE, FIGHT, INVESTIGATE) to
   * its PLOVER 2.0 type; 2.0 types map to themselves. Null when the label has no 2.0 type (dropped or unknown).
   */
  ploverV05to20(label: string): string | null {
    const v = this.raw.ploverV05to20[label.trim().toUpperCase()];
    return v ?? null;
  }
}

const cameoCache = new Map<string, CameoTable>();

/** The CAMEO/PLOVER table of `dir` (default data/), cached. */
export function loadCameoTable(dir: string = defaultDataDir()): CameoTable {
  const key = resolve(dir);
  let t = cameoCache.get(key);
  if (!t) {
    t = CameoTable.load(key);
    cameoCache.set(key, t);
  }
  return t;
}

/** {@link CameoTable.cameoInfo} on the default table. */
export const cameoInfo = (code: string): CameoInfo | undefined => loadCameoTable().cameoInfo(code);
/** {@link CameoTable.ploverFor} on the default table. */
export const ploverFor = (code: string): PloverInfo | null => loadCameoTable().ploverFor(code);
/** {@link CameoTable.ploverV05to20} on the default table. */
export const ploverV05to20 = (label: string): string | null => loadCameoTable().ploverV05to20(label);
