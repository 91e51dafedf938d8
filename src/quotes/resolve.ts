/**
 * Who said it: resolves each quote's speaker mention, in text order, to the referent a careful reader would give,
 * over the Doc's parse and entities:
 * - the head of the speaker phrase, not a possessor inside it ("Lukashenko's aides" are aides); an apposed name
 *   ("The speaker of the Belarus parliament, Semyon Sharetsky");
 * - a relative pronoun takes the noun its clause modifies ("the spokesman, who asked not to be named, said");
 * - a personal pronoun takes the most salient agreeing antecedent before it: gender and number (he/she: one
 *   person, they: a plural group, it: an organisation or medium), recency by sentence, and who was speaking
 *   (an earlier quote's speaker) or was a subject; mentions inside quotations are no antecedents (the "he" after
 *   "'Assad is secondary …,' he said" is not Assad);
 * - a definite description ("the spokesman", "the radio", "the magazine") takes the last speaker or mention with
 *   the same head noun (or the same kind of medium: a weekly is a magazine); a bare "a spokesman" right after an
 *   organisation spoke is that organisation's;
 * - a description in the headline or lede that a later sentence names ("A senior Belarus politician accused …"
 *   then "The speaker of the Belarus parliament, Semyon Sharetsky, told …"; "Opposition group says …" then "An
 *   Iraqi opposition group in exile said …") takes that later speaker;
 * - an unnamed speaker is kept as written ("a Foreign Office spokesman", "U.S. defense officials").
 * The speaker span stays as tagged; `name` and `entity` carry the resolution.
 */
import { UPOS_TAGS, type Doc, type Entity, type Quote } from '../doc/doc.js';
import { depTree } from '../doc/tree.js';
import { docTokensIn } from './convention.js';

type Gender = 'm' | 'f' | 'u';

export interface Referent {
  name: string | null;
  entity: Entity | null;
  /** Head noun (lowercase) of a description, or of the name's phrase. */
  head: string;
  human: boolean;
  org: boolean;
  plural: boolean;
  gender: Gender;
  /** Doc token where it is mentioned. */
  token: number;
  /** A description with no name (kept as written). */
  described: boolean;
}

const SPEAKER_BONUS = 1.5;
const PRON = UPOS_TAGS.indexOf('PRON');
const NOUN = UPOS_TAGS.indexOf('NOUN');
const PROPN = UPOS_TAGS.indexOf('PROPN');
const ADP = UPOS_TAGS.indexOf('ADP');

const RELATIVE = new Set(['who', 'which', 'that', 'whom']);
const HE = new Set(['he', 'him', 'himself']);
const SHE = new Set(['she', 'her', 'herself']);
const THEY = new Set(['they', 'them', 'themselves']);
const IT = new Set(['it', 'itself']);

/** Nouns for people (a description headed by one is a person or people). */
const HUMAN_NOUNS = new Set(
  (
    'man men woman women person people official officials spokesman spokeswoman spokesperson spokesmen minister ' +
    'ministers leader leaders president chairman chairwoman head chief aide aides adviser advisers advisor diplomat ' +
    'diplomats source sources witness witnesses resident residents inhabitant inhabitants member members activist ' +
    'activists politician politicians commander commanders officer officers soldier soldiers analyst analysts expert ' +
    'experts lawmaker lawmakers senator governor mayor ambassador envoy prosecutor prosecutors judge lawyer lawyers ' +
    'police policeman candidate delegate delegates negotiator negotiators student students worker workers farmer ' +
    'farmers refugee refugees doctor doctors representative representatives peacemaker secretary general premier ' +
    'king queen prince emir sheikh cleric ayatollah father mother son daughter wife husband brother sister director ' +
    'businessman businesswoman reporter journalist journalists correspondent guerrilla guerrillas rebel rebels'
  ).split(' '),
);
const MALE = new Set('man men spokesman businessman chairman king prince emir sheikh father son husband brother policeman'.split(' '));
const FEMALE = new Set('woman women spokeswoman businesswoman chairwoman queen mother daughter wife sister'.split(' '));
/** Organisation and medium nouns ("the ministry", "the radio"): "it" refers to them. */
const ORG_NOUNS = new Set(
  (
    'ministry government office agency radio television station newspaper paper daily weekly magazine journal ' +
    'council committee commission party group organisation organization army navy embassy company statement ' +
    'report reports court parliament congress administration authority authorities union movement front'
  ).split(' '),
);
/** Kinds of medium: a description matches a mention of the same kind ("the magazine" ~ "the news weekly Der Spiegel"). */
const MEDIUM_KIND: Record<string, string> = {
  magazine: 'print', weekly: 'print', newspaper: 'print', paper: 'print', daily: 'print', journal: 'print',
  radio: 'broadcast', television: 'broadcast', station: 'broadcast', broadcaster: 'broadcast', tv: 'broadcast',
  agency: 'agency', report: 'report', reports: 'report',
};
/** Is `w` (lower case) a word for a news medium ("agency", "radio", "daily")? */
export const isMediumWord = (w: string): boolean => Object.prototype.hasOwnProperty.call(MEDIUM_KIND, w);

/** `MEDIUM_KIND`'s own entries (for `sameKind`: no two other names share a kind there). */
const MEDIUM_KIND_OWN = new Map(Object.entries(MEDIUM_KIND));
/** Last words of newspaper names ("the Jakarta Post", "The New York Times"). */
const PRINT_NAMES = new Set(['post', 'times', 'daily', 'herald', 'tribune', 'gazette', 'journal', 'globe', 'telegraph', 'guardian', 'observer', 'independent', 'zeitung']);
/** Role nouns that belong to an organisation: "a spokesman" right after "Bonn's foreign ministry said" is its. */
const ORG_ROLE_NOUNS = new Set(['spokesman', 'spokeswoman', 'spokesperson', 'official', 'officials', 'source', 'sources']);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'one', 'another']);
const TIME_WORDS = /^(on|in|at|during|last|this|late|early|earlier|later|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)$/iu;

interface Ctx {
  doc: Doc;
  /** Token → entity of the mention covering it, and whether that mention is a name. */
  entityOf: (Entity | undefined)[];
  nameToken: Uint8Array;
  sentOf: Int32Array;
  /** Dependents of each token, in text order (the Doc's tree). */
  children: readonly (readonly number[])[];
  inQuote: Uint8Array;
  gender: Map<Entity, Gender>;
  /** Earlier speakers and subjects, in text order, for pronouns and descriptions. */
  prior: { ref: Referent; speaker: boolean; subject: boolean }[];
  headlineEnd: number;
  /** Tokens of speaker phrases already resolved (their referent is in `prior` already). */
  speakerTok: Uint8Array;
  /** `mentionHeads` of each entity, once computed. */
  heads: Map<Entity, string[]>;
  /** Each entity's name's last word, lower-cased, and whether the name ends in "s" (`entityRef`). */
  nameHeads: Map<Entity, { head: string; s: boolean }>;
}

function buildCtx(doc: Doc, quotes: Quote[]): Ctx {
  const t = doc.tokens;
  const n = t.count;
  const entityOf: (Entity | undefined)[] = new Array<Entity | undefined>(n);
  const nameToken = new Uint8Array(n);
  const gender = new Map<Entity, Gender>();
  for (const e of doc.entities ?? []) {
    let m = 0;
    let f = 0;
    for (const men of e.mentions) {
      for (let k = men.tokenStart; k < men.tokenEnd; k++) {
        entityOf[k] ??= e;
        if (men.kind === 'name') nameToken[k] = 1;
      }
      const w = men.text.toLowerCase();
      if (HE.has(w) || w === 'his' || /^mr\.?\s/u.test(w)) m++;
      if (SHE.has(w) || w === 'hers' || /^(mrs|ms|miss)\.?\s/u.test(w)) f++;
    }
    gender.set(e, m > f ? 'm' : f > m ? 'f' : 'u');
  }
  const sentOf = new Int32Array(n);
  doc.sentences.forEach((s, si) => sentOf.fill(si, s.tokenStart, s.tokenEnd));
  const children = depTree(doc).children;
  const inQuote = new Uint8Array(n);
  for (const q of quotes) {
    if (q.kind === 'indirect') continue;
    for (const p of q.parts ?? [q]) {
      const [a, b] = docTokensIn(doc, p);
      inQuote.fill(1, a, b);
    }
  }
  const nl = doc.text.indexOf('\n');
  return { doc, entityOf, nameToken, sentOf, children, inQuote, gender, prior: [], headlineEnd: nl < 0 ? -1 : nl, speakerTok: new Uint8Array(n), heads: new Map(), nameHeads: new Map() };
}

const NONE: readonly number[] = [];

/** The dependents of token `h`, in text order. */
function kidsOf(ctx: Ctx, h: number): readonly number[] {
  return ctx.children[h] ?? NONE;
}

/** The token of [f, e) whose head lies outside it (the first such that is not punctuation). */
function headIn(doc: Doc, f: number, e: number): number {
  const t = doc.tokens;
  let best = -1;
  for (let i = f; i < e; i++) {
    const h = t.head[i];
    if (h >= f && h < e) continue;
    if (/^\p{P}+$/u.test(t.form[i])) continue;
    if (best < 0 || (t.upos[best] !== NOUN && t.upos[best] !== PROPN && t.upos[best] !== PRON && (t.upos[i] === NOUN || t.upos[i] === PROPN))) best = i;
  }
  return best;
}

function entityRef(ctx: Ctx, e: Entity, token: number): Referent {
  let nh = ctx.nameHeads.get(e);
  if (!nh) ctx.nameHeads.set(e, (nh = { head: e.name.split(' ').pop()!.toLowerCase(), s: /s$/u.test(e.name) }));
  const plural = e.type === 'NORP' || nh.s && e.type !== 'PERSON' && ctx.doc.tokens.xpos[token] === 'NNPS';
  return {
    name: e.name, entity: e, head: nh.head, human: e.type === 'PERSON' || e.type === 'NORP',
    org: e.type !== 'PERSON' && e.type !== 'NORP', plural, gender: ctx.gender.get(e) ?? 'u', token, described: false,
  };
}

/** The text of a description: the phrase of `h`, without relative clauses, appositions and time adjuncts. */
function descriptionText(ctx: Ctx, h: number, f: number, e: number): string {
  const t = ctx.doc.tokens;
  let to = e;
  for (let i = h + 1; i < e; i++) {
    if (t.form[i] === ',' || t.form[i] === '(' || RELATIVE.has(t.form[i].toLowerCase()) || (TIME_WORDS.test(t.form[i]) && i + 1 < e && /^(\p{Lu}|\d)/u.test(t.form[i + 1]) && !ctx.nameToken[i + 1])) {
      to = i;
      break;
    }
  }
  let from = f;
  while (from < h && /^\p{P}+$/u.test(t.form[from])) from++;
  return ctx.doc.text.slice(t.start[from], t.end[Math.max(from, to - 1)]);
}

/** A name apposed to a noun: "The speaker of the Belarus parliament, Semyon Sharetsky". */
function apposedName(ctx: Ctx, h: number): Entity | undefined {
  for (const c of kidsOf(ctx, h)) {
    if (ctx.doc.tokens.deprel[c] !== 'appos') continue;
    const e = ctx.entityOf[c];
    if (e && ctx.nameToken[c] && (e.type === 'PERSON' || e.type === 'ORG')) return e;
  }
  return undefined;
}

/** Resolves the speaker phrase over doc tokens [f, e). */
function resolvePhrase(ctx: Ctx, f: number, e: number, depth = 0): Referent | null {
  const t = ctx.doc.tokens;
  let h = headIn(ctx.doc, f, e);
  if (h < 0 || depth > 4) return null;
  // a people's adjective is no speaker when a noun follows it in the phrase: "the Turkish Foreign Ministry" parsed
  // with "Turkish" as its head is the ministry
  if (ctx.entityOf[h]?.type === 'NORP') {
    for (let k = e - 1; k > h; k--) {
      if (t.upos[k] === NOUN || t.upos[k] === PROPN) {
        h = k;
        break;
      }
    }
  }
  const w = t.form[h].toLowerCase();
  if (RELATIVE.has(w) && (t.upos[h] === PRON || e - f <= 1)) {
    const ante = relativeAntecedent(ctx, h);
    return ante ? resolvePhrase(ctx, ante[0], ante[1], depth + 1) : null;
  }
  if (t.upos[h] === PRON || HE.has(w) || SHE.has(w) || THEY.has(w) || IT.has(w)) return resolvePronoun(ctx, h);
  // a person's name that ends a phrase of titles is its speaker, whatever the parse took as its head: "Eastern
  // Region Brigade Commander Major Fallah Sewa" (not "the lawyer of John Smith", nor "X, Y")
  const last = e - 1;
  const person = ctx.entityOf[last];
  if (person && person.type === 'PERSON' && ctx.nameToken[last] && ctx.entityOf[h] !== person) {
    let plain = true;
    for (let k = f; k < last && plain; k++) plain = t.upos[k] !== ADP && t.form[k] !== ',' && t.upos[k] !== PRON;
    if (plain) return entityRef(ctx, person, last);
  }
  const named = ctx.entityOf[h];
  if (named && ctx.nameToken[h]) {
    // a title or role noun heading the name mention is still that name's ("President Yeltsin")
    return entityRef(ctx, named, h);
  }
  const appo = apposedName(ctx, h);
  if (appo) return entityRef(ctx, appo, h);
  // a title the name mention left out heads the phrase ("Mrs. Clinton" parsed Mrs. ← flat Clinton)
  for (const c of kidsOf(ctx, h)) {
    const ce = ctx.entityOf[c];
    if (ce && ctx.nameToken[c] && ce.type === 'PERSON' && /^(flat|compound)/u.test(t.deprel[c])) return entityRef(ctx, ce, h);
  }
  // a description coreference already joined to a named person ("the commander" → Sherbatov)
  if (named && named.type === 'PERSON') return entityRef(ctx, named, h);
  // a name inside the phrase that is its head's flat/compound part ("Iraq's Aziz" parsed with Aziz as head is
  // handled above); a possessor ("Lukashenko's aides") is not the speaker
  return resolveDescription(ctx, h, f, e);
}

/** The noun phrase a relative pronoun's clause modifies, as a token range. */
function relativeAntecedent(ctx: Ctx, r: number): [number, number] | null {
  const t = ctx.doc.tokens;
  let v = t.head[r];
  // who → (relcl verb) → noun
  for (let k = 0; k < 3 && v >= 0; k++) {
    if (/^acl/u.test(t.deprel[v])) {
      const noun = t.head[v];
      if (noun < 0) break;
      let from = noun;
      for (const c of kidsOf(ctx, noun)) if (c < noun) from = Math.min(from, subtreeStart(ctx, c));
      return [from, noun + 1];
    }
    v = t.head[v];
  }
  // no parse link: the phrase just before the pronoun (skipping a comma)
  let k = r - 1;
  while (k >= 0 && /^[,(]$/u.test(t.form[k])) k--;
  if (k < 0 || ctx.sentOf[k] !== ctx.sentOf[r]) return null;
  let from = k;
  while (from > 0 && ctx.sentOf[from - 1] === ctx.sentOf[r] && t.head[from - 1] > from - 1 && t.head[from - 1] <= k) from--;
  return [from, k + 1];
}

function subtreeStart(ctx: Ctx, i: number): number {
  let m = i;
  for (const c of kidsOf(ctx, i)) m = Math.min(m, subtreeStart(ctx, c));
  return m;
}

function describedRef(ctx: Ctx, h: number, f: number, e: number): Referent {
  const t = ctx.doc.tokens;
  const head = t.form[h].toLowerCase();
  const human = HUMAN_NOUNS.has(head) || HUMAN_NOUNS.has((t.lemma[h] || head).toLowerCase());
  return {
    name: descriptionText(ctx, h, f, e), entity: null, head, human, org: !human && (ORG_NOUNS.has(head) || t.upos[h] === PROPN),
    plural: t.xpos[h] === 'NNS' || t.xpos[h] === 'NNPS', gender: MALE.has(head) ? 'm' : FEMALE.has(head) ? 'f' : 'u', token: h,
    described: true,
  };
}

const sameKind = (a: string, b: string): boolean => a === b || (MEDIUM_KIND_OWN.has(a) && MEDIUM_KIND_OWN.get(a) === MEDIUM_KIND_OWN.get(b));

function resolveDescription(ctx: Ctx, h: number, f: number, e: number): Referent {
  const t = ctx.doc.tokens;
  const own = describedRef(ctx, h, f, e);
  let det = '';
  for (const c of kidsOf(ctx, h)) if (t.deprel[c] === 'det') det = t.form[c].toLowerCase();
  if (!det && f < h && DETERMINERS.has(t.form[f].toLowerCase())) det = t.form[f].toLowerCase();
  // a medium that carries its own name ("the official People's Daily newspaper") is that name's
  if (MEDIUM_KIND[own.head]) {
    for (const c of kidsOf(ctx, h)) {
      const ce = ctx.entityOf[c];
      if (c < h && ce && ctx.nameToken[c] && (ce.type === 'ORG' || ce.type === 'OTHER') && t.deprel[c] === 'compound') return { ...entityRef(ctx, ce, h), head: own.head };
    }
  }
  const modified = kidsOf(ctx, h).some((c) => c < h && /^(compound|amod|nmod:poss)$/u.test(t.deprel[c])) ||
    kidsOf(ctx, h).some((c) => c > h && /^nmod/u.test(t.deprel[c]));
  if (det === 'the' || det === 'this') {
    // "the spokesman", "the radio", "the magazine": the last one of that kind before
    for (const k of priorNear(ctx, ctx.sentOf[h], 12).reverse()) {
      const p = ctx.prior[k].ref;
      if (p.token >= h || ctx.sentOf[h] - ctx.sentOf[p.token] > 12) continue;
      // (not through a people's adjective: the nouns around "Japanese" or "Algerian" are what it modifies,
      // "Japanese politicians", "the Algerian government", not what the people is)
      if (sameKind(p.head, own.head) || (p.entity && p.entity.type !== 'NORP' && mentionHeads(ctx, p.entity).some((x) => sameKind(x, own.head)))) return { ...p, token: h };
    }
  } else if (!modified && (det === 'a' || det === 'an') && ORG_ROLE_NOUNS.has(own.head)) {
    // "A spokesman said …" right after an organisation spoke: its spokesman
    for (const k of priorNear(ctx, ctx.sentOf[h], 2).reverse()) {
      const p = ctx.prior[k];
      if (p.ref.token >= h || ctx.sentOf[h] - ctx.sentOf[p.ref.token] > 2) continue;
      if (p.speaker && p.ref.org) return { ...own, name: `${p.ref.name} ${own.head}`, org: false };
    }
  }
  return own;
}

/** The head nouns an entity's mentions and their compounds show ("the news weekly Der Spiegel" → weekly). */
function mentionHeads(ctx: Ctx, e: Entity): string[] {
  const cached = ctx.heads.get(e);
  if (cached) return cached;
  const t = ctx.doc.tokens;
  const out: string[] = [];
  ctx.heads.set(e, out);
  for (const m of e.mentions) {
    const last = t.form[m.tokenEnd - 1].toLowerCase();
    out.push(last);
    if (PRINT_NAMES.has(last)) out.push('newspaper');
    for (let k = Math.max(0, m.tokenStart - 3); k < m.tokenStart; k++) if (/^\p{Ll}/u.test(t.form[k])) out.push(t.form[k].toLowerCase());
    // "the Jakarta Post newspaper", "the Yedioth Ahronoth daily"
    for (let k = m.tokenEnd; k < Math.min(t.count, m.tokenEnd + 2); k++) if (/^\p{Ll}/u.test(t.form[k])) out.push(t.form[k].toLowerCase());
  }
  return out;
}

/**
 * Indices (ascending: `prior` order) of the prior referents whose token lies in sentences sentence-window ..
 * sentence — the only ones the look-backs below can take (a referent in a later sentence is after the phrase).
 * `prior` only grows; its index by sentence is extended as it does. Scanning all of `prior` for each phrase made
 * long documents quadratic (issue 14).
 */
const priorIndex = new WeakMap<Ctx['prior'], { n: number; bySent: Map<number, number[]> }>();
function priorNear(ctx: Ctx, sentence: number, window: number): number[] {
  let idx = priorIndex.get(ctx.prior);
  if (!idx) priorIndex.set(ctx.prior, (idx = { n: 0, bySent: new Map() }));
  for (; idx.n < ctx.prior.length; idx.n++) {
    const s = ctx.sentOf[ctx.prior[idx.n].ref.token];
    const list = idx.bySent.get(s);
    if (list) list.push(idx.n);
    else idx.bySent.set(s, [idx.n]);
  }
  const out: number[] = [];
  for (let s = sentence - window; s <= sentence; s++) for (const k of idx.bySent.get(s) ?? []) out.push(k);
  return out.sort((a, b) => a - b);
}

function resolvePronoun(ctx: Ctx, p: number): Referent | null {
  const t = ctx.doc.tokens;
  const w = t.form[p].toLowerCase();
  const he = HE.has(w);
  const she = SHE.has(w);
  const they = THEY.has(w);
  const it = IT.has(w);
  if (!he && !she && !they && !it) return null;
  // Subjects of the clauses the pronoun sits in, nearest first: "He said Barzani sent a message in which he
  // said …" (Barzani), "Clinton said he had ordered …" (Clinton).
  const ancestors: number[] = [];
  for (let v = t.head[p], k = 0; v >= 0 && k < 12; v = t.head[v], k++) {
    for (const c of kidsOf(ctx, v)) if (c !== p && c < p && t.deprel[c].startsWith('nsubj')) ancestors.push(c);
  }
  const ancestorRank = (r: Referent): number => {
    for (let k = 0; k < ancestors.length; k++) {
      const a = ancestors[k];
      if (r.token === a || (r.entity && ctx.entityOf[a] === r.entity)) return k;
    }
    return -1;
  };
  let best: Referent | null = null;
  let bestScore = -Infinity;
  for (const k of priorNear(ctx, ctx.sentOf[p], 4)) {
    const c = ctx.prior[k];
    const r = c.ref;
    if (r.token >= p) continue;
    const dist = ctx.sentOf[p] - ctx.sentOf[r.token];
    if (dist > 4) continue;
    if (he || she) {
      if (!r.human || r.plural) continue;
      if ((he && r.gender === 'f') || (she && r.gender === 'm')) continue;
    } else if (they) {
      if (!r.plural) continue;
    } else if (!r.org || r.plural || r.human) continue;
    const rank = dist === 0 ? ancestorRank(r) : -1;
    const score = -dist * 2 + (c.speaker ? SPEAKER_BONUS : 0) + (c.subject ? 0.7 : 0) + (rank === 0 ? 3 : rank > 0 ? 0.5 : 0) + r.token * 1e-6;
    if (score > bestScore) {
      bestScore = score;
      best = r;
    }
  }
  return best ? { ...best, token: p } : null;
}

/** Subjects of verbs and other mentions that may be referred back to, before `upto` (exclusive). */
function collectPrior(ctx: Ctx, from: number, upto: number): void {
  const t = ctx.doc.tokens;
  for (let i = from; i < upto; i++) {
    if (ctx.inQuote[i] || ctx.speakerTok[i]) continue;
    const rel = t.deprel[i];
    const subject = rel.startsWith('nsubj');
    const e = ctx.entityOf[i];
    if (e && ctx.nameToken[i]) {
      // once per name mention: at its last token
      if (i + 1 < t.count && ctx.entityOf[i + 1] === e && ctx.nameToken[i + 1]) continue;
      ctx.prior.push({ ref: entityRef(ctx, e, i), speaker: false, subject: subject || t.deprel[t.head[i]]?.startsWith('nsubj') === true });
    } else if (subject && t.upos[i] === NOUN) {
      const appo = apposedName(ctx, i);
      if (appo) {
        ctx.prior.push({ ref: entityRef(ctx, appo, i), speaker: false, subject: true });
        continue;
      }
      let f = i;
      for (const c of kidsOf(ctx, i)) if (c < i) f = Math.min(f, subtreeStart(ctx, c));
      ctx.prior.push({ ref: describedRef(ctx, i, f, i + 1), speaker: false, subject: true });
    }
  }
}

/**
 * Resolves every quote's speaker (see the file comment): sets `speaker.name` and `speaker.entity`. Quotes must
 * be in text order.
 */
export function resolveQuoteSpeakers(doc: Doc, quotes: Quote[]): void {
  if (doc.tokens.count === 0 || !doc.entities) return;
  const ctx = buildCtx(doc, quotes);
  let scanned = 0;
  const resolved = new Map<Quote, Referent>();
  const order = quotes.filter((q) => q.speaker).sort((a, b) => a.speaker!.start - b.speaker!.start);
  for (const q of order) {
    const sp = q.speaker!;
    const [f, e] = docTokensIn(doc, sp);
    collectPrior(ctx, scanned, f);
    scanned = Math.max(scanned, f);
    const ref = resolvePhrase(ctx, f, e);
    ctx.speakerTok.fill(1, f, e);
    if (!ref) continue;
    resolved.set(q, ref);
    ctx.prior.push({ ref, speaker: true, subject: true });
  }
  // Headline and lede descriptions named later: the first later speaker of the same kind, or, for a person in
  // the lede, the person named as the next speaker.
  const ledeEnd = doc.sentences.length > 0 ? firstBodySentenceEnd(ctx) : -1;
  for (const q of [...order].reverse()) {
    const ref = resolved.get(q);
    if (!ref || !ref.described || ref.token > ledeEnd) continue;
    const later = order.filter((x) => x !== q && x.speaker!.start > q.speaker!.start).map((x) => resolved.get(x)).filter((x): x is Referent => !!x);
    // (a medium keeps its own name: "an Algerian newspaper" → "Le Matin newspaper")
    const same = later.find((x) => sameKind(x.head, ref.head) && x.name !== ref.name);
    const next = later.find((x) => ctx.sentOf[x.token] - ctx.sentOf[ref.token] <= 2);
    const to = same ?? (ref.human && !ref.plural && next && next.entity?.type === 'PERSON' ? next : undefined);
    if (to) resolved.set(q, { ...to, token: ref.token });
  }
  for (const q of order) {
    const ref = resolved.get(q);
    if (!ref) continue;
    q.speaker!.name = ref.name;
    q.speaker!.entity = ref.entity?.id ?? null;
  }
}

/** End (exclusive, in tokens) of the headline and the first sentence after the dateline. */
function firstBodySentenceEnd(ctx: Ctx): number {
  const doc = ctx.doc;
  let seenBody = 0;
  for (const s of doc.sentences) {
    const text = doc.text.slice(s.start, s.end);
    if (s.start <= ctx.headlineEnd) continue;
    // bylines and datelines are short lines without a verb
    if (text.split(/\s+/).length < 6) continue;
    if (++seenBody === 1) return s.tokenEnd;
  }
  return -1;
}
