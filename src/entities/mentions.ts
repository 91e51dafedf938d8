/**
 * Mention detection: names (from the NER layer), nominals (definite or possessive role noun phrases found in
 * the dependency parse: "Iran’s supreme leader", "the ayatollah") and pronouns. Each mention records the
 * features coreference needs: titles before a name, the role noun, a country word modifying it, gender,
 * number, the syntactic role and whether it sits inside a quotation.
 */
import { UPOS_TAGS, type Doc } from '../doc/doc.js';
import { depTree } from '../doc/tree.js';
import { FIRST_PERSON, GENDERED_TITLES, NOT_NAMES, PERSON_PRONOUNS, ROLE_NOUNS, type Gender } from './lexicon.js';

export interface MentionCandidate {
  tokenStart: number;
  tokenEnd: number;
  /** Syntactic head token of the mention. */
  head: number;
  sentence: number;
  kind: 'name' | 'nominal' | 'pronoun';
  /** NER type for names (PER, ORG, LOC, MISC). */
  nerType: string | null;
  /** Lowercased name tokens without titles (names only), e.g. ["ali", "khamenei"]. */
  nameTokens: string[];
  /** Lowercased titles and role words before a name ("ayatollah", "president"), or a nominal's role noun(s). */
  roles: string[];
  /** Country-like modifier text ("Iran", "Iranian") of a title or nominal, if any. */
  countryWord: string | null;
  gender: Gender;
  plural: boolean;
  /** Dependency relation of the head (nsubj, obj, …). */
  deprel: string;
  inQuote: boolean;
  /** Head token of the phrase this one stands in apposition to, if any (-1 otherwise). */
  appositionOf: number;
  /** Nominals only: "the …" / "Iran’s …" (may refer back) rather than "a …" (introduces someone). */
  definite: boolean;
  /** Nominals only: "a …"/"an …", someone introduced ("A British minister expressed …"). */
  indefinite: boolean;
  confidence: number;
}

/** Words that complete a title: "Prime Minister", "Foreign Minister", "supreme leader". */
const TITLE_MODIFIERS = new Set(['prime', 'foreign', 'vice', 'deputy', 'supreme', 'defense', 'defence', 'finance', 'interior']);

/** Generational suffixes after a name. */
const GENERATION = /^(jr\.?|sr\.?|ii|iii|iv)$/u;

const POSSESSIVE_PRONOUNS = new Set(['my', 'your', 'our', 'its', 'his', 'her', 'their']);

const isUpper = (c: number): boolean => c >= 65 && c <= 90;

/** Character ranges inside quotation marks, per paragraph (an unclosed quote runs to the paragraph's end). */
export function quoteRegions(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let open = -1;
  let straightOpen = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '“') {
      if (open < 0) open = i;
    } else if (c === '”') {
      if (open >= 0) out.push([open, i + 1]);
      open = -1;
    } else if (c === '"') {
      if (straightOpen < 0) straightOpen = i;
      else {
        out.push([straightOpen, i + 1]);
        straightOpen = -1;
      }
    } else if (c === '\n' && text[i + 1] === '\n') {
      if (open >= 0) out.push([open, i]);
      if (straightOpen >= 0) out.push([straightOpen, i]);
      open = straightOpen = -1;
    }
  }
  if (open >= 0) out.push([open, text.length]);
  if (straightOpen >= 0) out.push([straightOpen, text.length]);
  return out.sort((a, b) => a[0] - b[0]);
}

export function detectMentions(doc: Doc): MentionCandidate[] {
  const t = doc.tokens;
  const n = t.count;
  const sentOf = new Int32Array(n);
  doc.sentences.forEach((s, si) => sentOf.fill(si, s.tokenStart, s.tokenEnd));
  const lower = t.form.map((f) => f.toLowerCase().replace(/’/g, "'"));
  const inNer = new Int32Array(n).fill(-1);
  (doc.ner ?? []).forEach((sp, k) => inNer.fill(k, sp.tokenStart, sp.tokenEnd));
  const children = depTree(doc).children;
  const regions = quoteRegions(doc.text);
  // Inside some region (a < pos < b): among the regions starting before pos (a prefix, sorted by start), the
  // furthest end passes pos. A binary search instead of a scan of every region per mention (issue 14: quadratic).
  const reach: number[] = [];
  for (const [, b] of regions) reach.push(Math.max(b, reach.length ? reach[reach.length - 1] : -1));
  const inQuote = (pos: number): boolean => {
    let lo = 0;
    let hi = regions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (regions[mid][0] < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && reach[lo - 1] > pos;
  };
  const out: MentionCandidate[] = [];

  const base = (start: number, end: number, head: number, kind: MentionCandidate['kind']): MentionCandidate => ({
    tokenStart: start,
    tokenEnd: end,
    head,
    sentence: sentOf[head],
    kind,
    nerType: null,
    nameTokens: [],
    roles: [],
    countryWord: null,
    gender: 'u',
    plural: false,
    deprel: t.deprel[head] ?? '',
    inQuote: inQuote(t.start[head]),
    appositionOf: -1,
    definite: false,
    indefinite: false,
    confidence: 0.9,
  });

  // Names.
  for (const sp0 of doc.ner ?? []) {
    // A first name the NER span left out belongs to the person's name ("Melania Trump" tagged as "Trump" would
    // make her Donald): a capitalised proper noun right before it, in one flat name with it.
    let from = sp0.tokenStart;
    while (sp0.type === 'PER' && from > 0 && sentOf[from - 1] === sentOf[from] && inNer[from - 1] < 0 && uposName(doc, from - 1) === 'PROPN' &&
      isUpper(t.form[from - 1].charCodeAt(0)) && !ROLE_NOUNS.has(lower[from - 1]) && !GENDERED_TITLES.has(lower[from - 1]) &&
      !TITLE_MODIFIERS.has(lower[from - 1]) && !NOT_NAMES.has(lower[from - 1]) && !/\./u.test(lower[from - 1]) &&
      ((t.head[from] === from - 1 && t.deprel[from] === 'flat') || (t.head[from - 1] === from && /^(flat|compound)$/u.test(t.deprel[from - 1])))) from--;
    const sp = from === sp0.tokenStart ? sp0 : { ...sp0, tokenStart: from };
    let s = sp.tokenStart;
    let e = sp.tokenEnd;
    // The NER span may include a title ("Ayatollah Khamenei"): split it off the name.
    const roles: string[] = [];
    while (s < e - 1 && (ROLE_NOUNS.has(lower[s]) || GENDERED_TITLES.has(lower[s]))) roles.push(lower[s++]);
    // Drop a trailing possessive clitic.
    if (e - 1 > s && (lower[e - 1] === "'s" || lower[e - 1] === "'")) e--;
    // A generational suffix the NER span left out belongs to the name: "Donald Trump Jr." is not "Donald Trump".
    let suffixEnd = e;
    if (e < n && sentOf[e] === sentOf[s] && GENERATION.test(lower[e]) && e === sp.tokenEnd) suffixEnd = e + 1;
    else if (e + 1 < n && lower[e] === ',' && GENERATION.test(lower[e + 1]) && e === sp.tokenEnd) suffixEnd = e + 2;
    const nameTokens = lower.slice(s, e);
    if (suffixEnd > e) nameTokens.push(lower[suffixEnd - 1].replace(/\.$/u, ''));
    if (nameTokens.length === 1 && NOT_NAMES.has(nameTokens[0])) continue;
    if (!nameTokens.some((w) => w.length > 0 && isUpper(t.form[s + nameTokens.indexOf(w)].charCodeAt(0)))) continue;
    // Titles standing before the span: "Iranian President Hassan Rouhani", "Parliament Speaker Ali Larijani".
    let k = sp.tokenStart - 1;
    let countryWord: string | null = null;
    let titlesBefore = 0;
    while (k >= 0 && sentOf[k] === sentOf[s] && inNer[k] < 0 && (ROLE_NOUNS.has(lower[k]) || GENDERED_TITLES.has(lower[k]) || TITLE_MODIFIERS.has(lower[k]))) {
      roles.unshift(lower[k--]);
      titlesBefore++;
    }
    // A capitalised word before the titles is their country: "Iranian President …", "Israeli Prime Minister …",
    // also as a possessor: "Poland's Foreign Minister Dariusz Rosati".
    if (titlesBefore > 0 && k > 0 && (lower[k] === "'s" || lower[k] === "’s" || lower[k] === "'") && sentOf[k - 1] === sentOf[s]) k--;
    if (titlesBefore > 0 && k >= 0 && sentOf[k] === sentOf[s] && isUpper(t.form[k].charCodeAt(0)) && /^(ADJ|PROPN)$/.test(uposName(doc, k))) {
      countryWord = t.form[k];
    }
    const head = headOf(t.head, s, e);
    const m = base(sp.tokenStart, Math.max(sp.tokenEnd, suffixEnd), head, 'name');
    m.nerType = sp.type;
    m.nameTokens = nameTokens;
    m.roles = roles;
    m.countryWord = countryWord;
    m.confidence = Math.min(0.99, Math.max(0.3, sp.score));
    for (const r of roles) {
      const g = GENDERED_TITLES.get(r);
      if (g) m.gender = g;
    }
    out.push(m);
  }

  // Nominals: definite/possessive role-noun phrases outside names.
  for (let i = 0; i < n; i++) {
    if (inNer[i] >= 0 || !ROLE_NOUNS.has(t.lemma[i]?.toLowerCase() ?? lower[i])) continue;
    const up = uposName(doc, i);
    if (up !== 'NOUN' && up !== 'PROPN') continue;
    const h = t.head[i];
    // A title glued to a name ("President Rouhani") is part of that name mention, not a mention of its own.
    if (h >= 0 && inNer[h] >= 0 && /^(compound|nmod:desc|flat|amod)$/.test(t.deprel[i])) continue;
    // … also when the parse hangs the name on the title ("King/nsubj Birendra/flat left"): the name mention took
    // it as a role, and a title mention of its own would be a second, nameless cluster of the same person
    if (i + 1 < n && inNer[i + 1] >= 0 && sentOf[i + 1] === sentOf[i] && doc.ner![inNer[i + 1]].type === 'PER' && isUpper(t.form[i].charCodeAt(0))) continue;
    if (t.xpos[i] === 'NNS' || t.xpos[i] === 'NNPS') continue;
    let definite = false;
    let indefinite = false;
    let start = i;
    let countryWord: string | null = null;
    const roles = [lower[i]];
    for (const c of children[i]) {
      if (c > i) continue;
      const rel = t.deprel[c];
      if (rel === 'det' && /^(the|this|that)$/.test(lower[c])) definite = true;
      else if (rel === 'det' && (lower[c] === 'a' || lower[c] === 'an')) indefinite = true;
      else if (rel === 'nmod:poss') {
        definite = true;
        if (!POSSESSIVE_PRONOUNS.has(lower[c])) countryWord = t.form[c];
      } else if (rel === 'amod' || rel === 'compound') {
        if (isUpper(t.form[c].charCodeAt(0))) countryWord ??= t.form[c];
        else roles.unshift(lower[c]);
      } else if (rel !== 'case') continue;
      start = Math.min(start, subtreeStart(children, c));
    }
    // "the ayatollah declared" parsed with "the" hung on the verb: a determiner right before the phrase still
    // makes it definite (the parser's attachment error must not drop a role mention)
    if (!definite && start > 0 && t.xpos[start - 1] === 'DT' && /^(the|this|that)$/.test(lower[start - 1])) {
      definite = true;
      start -= 1;
    }
    const m = base(start, i + 1, i, 'nominal');
    m.definite = definite;
    m.indefinite = indefinite && !definite;
    m.roles = roles;
    m.countryWord = countryWord;
    m.gender = GENDERED_TITLES.get(lower[i]) ?? 'u';
    m.confidence = 0.7;
    // "Hassan Rouhani, Iran's president," — an apposition names its anchor.
    if (t.deprel[i] === 'appos' && h >= 0) m.appositionOf = h;
    out.push(m);
  }

  // Pronouns.
  for (let i = 0; i < n; i++) {
    const p = PERSON_PRONOUNS.get(lower[i]);
    const first = FIRST_PERSON.has(lower[i]);
    if (!p && !first) continue;
    if (uposName(doc, i) !== 'PRON' && uposName(doc, i) !== 'DET') continue;
    const m = base(i, i + 1, i, 'pronoun');
    m.gender = p ? p.gender : 'u';
    m.plural = p ? p.plural : /^(we|us|our|ours|ourselves)$/.test(lower[i]);
    m.roles = [lower[i]];
    m.confidence = 0.6;
    out.push(m);
  }
  out.sort((a, b) => a.tokenStart - b.tokenStart || b.tokenEnd - a.tokenEnd);
  return out;
}

function uposName(doc: Doc, i: number): string {
  return UPOS_TAGS[doc.tokens.upos[i]] ?? '_';
}

/** The token of [s, e) whose head lies outside the span (the last one when several do). */
export function headOf(head: Int32Array, s: number, e: number): number {
  let h = e - 1;
  for (let i = s; i < e; i++) {
    const hd = head[i];
    if (hd < s || hd >= e) h = i;
  }
  return h;
}

function subtreeStart(children: readonly (readonly number[])[], i: number): number {
  let m = i;
  for (const c of children[i]) m = Math.min(m, subtreeStart(children, c));
  return m;
}
