/**
 * In-document coreference: mentions (in text order) are merged into clusters.
 * - Names join a cluster with the same name, or whose name contains theirs ("Khamenei" ⊂ "Ali Khamenei").
 * - Nominals join by apposition, by a shared role ("the ayatollah" ~ "Ayatollah Khamenei", "the supreme leader"
 *   ~ "Iran’s supreme leader") or by country + role; a news lede's description ("Iran’s supreme leader …")
 *   may point forward to the first compatible name in the next sentences.
 * - Pronouns take the best-scoring compatible person in a short window: recency, subjecthood, salience and
 *   agreement; an object pronoun cannot take its own clause's subject.
 * Unresolved nominals and pronouns are dropped: an entity is never made of a common noun or a pronoun alone.
 */
import type { Doc } from '../doc/doc.js';
import { PUBLIC_ROLES, ROLE_VARIANTS, type Gender } from './lexicon.js';
import type { MentionCandidate } from './mentions.js';

export interface Cluster {
  mentions: number[];
  /** True while the cluster has no name mention (a described, never named person: "the mechanic"). */
  nominalOnly: boolean;
  /** NER type of the first name mention (PER, ORG, LOC, MISC). */
  nerType: string;
  /** The longest name (lowercased tokens) seen so far. */
  nameTokens: string[];
  roles: Set<string>;
  countryWords: Set<string>;
  gender: Gender;
  lastSentence: number;
  lastToken: number;
  subjects: number;
  /** One-word name mentions it has had ("Trump"): who a bare surname refers to in this text. */
  bareNames: Set<string>;
}

const PRONOUN_WINDOW = 4;

export function cluster(doc: Doc, mentions: MentionCandidate[]): Cluster[] {
  const clusters: Cluster[] = [];
  const clusterOfHead = new Map<number, Cluster>();
  const pendingLede: number[] = [];
  // Clusters the lede opens with an indefinite description as its subject ("A British minister expressed …"):
  // Reuters names that person soon after, as the speaker ("…," Under-Secretary … Liam Fox told reporters); and,
  // later in the story, a definite description with no antecedent that a name with the same title soon follows
  // ("Iraq's ambassador in Khartoum denounced … Ambassador Abdulsamad Hameed Ali told INA"): `role` is that title
  const pendingIntro: { d: Cluster; role: string | null }[] = [];

  const add = (c: Cluster, mi: number): void => {
    const m = mentions[mi];
    c.mentions.push(mi);
    for (const r of m.roles) if (m.kind !== 'pronoun') c.roles.add(r);
    if (m.countryWord) c.countryWords.add(m.countryWord.toLowerCase());
    if (c.gender === 'u' && m.gender !== 'u' && m.gender !== 'n') c.gender = m.gender;
    if (m.kind === 'name') {
      c.nominalOnly = false;
      if (m.nameTokens.length > c.nameTokens.length) c.nameTokens = m.nameTokens;
      if (m.nameTokens.length === 1) c.bareNames.add(m.nameTokens[0]);
    }
    c.lastSentence = m.sentence;
    c.lastToken = m.head;
    if (m.deprel.startsWith('nsubj')) c.subjects++;
    clusterOfHead.set(m.head, c);
  };

  const fresh = (mi: number): Cluster => {
    const m = mentions[mi];
    const c: Cluster = {
      mentions: [], nominalOnly: m.kind !== 'name', nerType: m.nerType ?? 'PER', nameTokens: [], roles: new Set(), countryWords: new Set(),
      gender: 'u', lastSentence: m.sentence, lastToken: m.head, subjects: 0, bareNames: new Set(),
    };
    clusters.push(c);
    add(c, mi);
    return c;
  };

  mentions.forEach((m, mi) => {
    if (m.kind === 'name') {
      const c = findNameCluster(clusters, m, m.nameTokens.length === 1 && m.gender === 'u' ? pronounAfter(mentions, mi) : 'u');
      const target = c ?? fresh(mi);
      if (c) add(c, mi);
      // A lede description waiting for its name takes the first compatible person named soon after it.
      if (m.nerType === 'PER') {
        // "The U.S. ambassador to the United Nations, Madeleine Albright, …": a name in apposition to the
        // description is its name, whatever the cluster's earlier country words ("U.N. Ambassador Albright")
        const apposHead = m.deprel === 'appos' ? doc.tokens.head[m.head] : -2;
        for (let k = pendingLede.length - 1; k >= 0; k--) {
          const d = mentions[pendingLede[k]];
          if (d.head === apposHead || (m.sentence - d.sentence <= 2 && compatibleCountry(d, target))) {
            add(target, pendingLede[k]);
            pendingLede.splice(k, 1);
          }
        }
        // (only a name that acts outside a quotation, as a subject or an apposition: a name inside the quote, "the
        // tragic death of Siraj Mia", is someone the person talks about)
        const rel = phraseDeprel(doc, m);
        if (!m.inQuote && (rel.startsWith('nsubj') || rel === 'appos')) {
          for (let k = pendingIntro.length - 1; k >= 0; k--) {
            const { d, role } = pendingIntro[k];
            const first = mentions[d.mentions[0]];
            const near = m.sentence > first.sentence ? m.sentence - first.sentence <= 2 : first.head === apposHead;
            if (d === target || !d.nominalOnly || !near || !compatibleCountry(first, target)) continue;
            if (role !== null && !sameRole(m.roles, role)) continue;
            if (d.gender !== 'u' && target.gender !== 'u' && d.gender !== target.gender) continue;
            for (const x of d.mentions) add(target, x);
            clusters.splice(clusters.indexOf(d), 1);
            pendingIntro.splice(k, 1);
          }
        }
      }
      return;
    }
    if (m.kind === 'nominal') {
      const appo = m.appositionOf >= 0 ? clusterOfHead.get(m.appositionOf) : undefined;
      const c = appo ?? (m.definite ? findNominalAntecedent(clusters, m) : undefined);
      if (c) add(c, mi);
      else if (m.definite && m.sentence <= 2) pendingLede.push(mi);
      // Someone described but not (yet) named starts a cluster pronouns can refer to; it becomes an entity
      // only if a name joins it.
      else {
        const d = fresh(mi);
        if (m.indefinite && m.sentence <= 2 && m.deprel.startsWith('nsubj') && !m.inQuote && opensClause(doc, m)) pendingIntro.push({ d, role: null });
        else if (m.definite && !m.inQuote && PUBLIC_ROLES.has(m.roles[m.roles.length - 1])) pendingIntro.push({ d, role: m.roles[m.roles.length - 1] });
      }
      return;
    }
    const c = findPronounAntecedent(clusters, mentions, m);
    if (c) add(c, mi);
  });
  for (const c of clusters) c.mentions.sort((a, b) => mentions[a].tokenStart - mentions[b].tokenStart);
  return clusters;
}

/**
 * Does the mention open its clause, before its verb ("A British minister expressed …")? A reporting tag after the
 * clause ("Weizman … consulted with Netanyahu, a spokesman said") introduces the teller, not the person the
 * story then names.
 */
function opensClause(doc: Doc, m: MentionCandidate): boolean {
  const t = doc.tokens;
  const before = m.tokenStart > 0 ? t.form[m.tokenStart - 1] : '';
  return t.head[m.head] > m.head && !/^[,;:"“”'‘’—–-]$/u.test(before);
}

/** A name's relation in its clause: its title's when the parse hangs the name on it ("Ambassador/nsubj Ali/flat"). */
function phraseDeprel(doc: Doc, m: MentionCandidate): string {
  const t = doc.tokens;
  const g = t.head[m.head];
  if ((m.deprel === 'flat' || m.deprel === 'compound') && g >= 0 && g === m.tokenStart - 1 && m.roles.includes(t.form[g].toLowerCase())) return t.deprel[g];
  return m.deprel;
}

/** Is `role` (or another word for it) among a name's titles? */
function sameRole(titles: readonly string[], role: string): boolean {
  return titles.includes(role) || (ROLE_VARIANTS.get(role)?.some((r) => titles.includes(r)) ?? false);
}

function typeCompatible(a: string, b: string): boolean {
  return a === b || (a === 'LOC' && b === 'MISC') || (a === 'MISC' && b === 'LOC');
}

/**
 * The cluster a name mention joins. The same name joins its cluster. A shorter name joins a longer one it ends
 * ("Khamenei" after "Ali Khamenei"; for organisations also one it begins). People who share a surname are kept
 * apart: different first names never merge ("Melania Trump", "Donald Trump"), nor names that differ by "Jr."/"Sr.",
 * nor a gendered title against the other gender ("Mrs. Clinton" is not Bill). A bare surname that fits several
 * goes to the person it already named bare in this text, else to one whose role its title repeats ("President
 * Obama"), else to the most recent.
 */
function findNameCluster(clusters: Cluster[], m: MentionCandidate, hint: Gender = 'u'): Cluster | undefined {
  const name = m.nameTokens;
  const gender = m.gender !== 'u' ? m.gender : hint;
  const person = m.nerType === 'PER';
  let best: Cluster | undefined;
  let bestScore = -Infinity;
  for (const c of clusters) {
    if (c.nameTokens.length === 0 || !typeCompatible(c.nerType, m.nerType ?? '')) continue;
    const other = c.nameTokens;
    const same = other.length === name.length && other.every((w, i) => w === name[i]);
    // "Khamenei" after "Ali Khamenei", or "Benjamin Netanyahu" after "Netanyahu": the shorter is the tail
    // (surname) or the head of the longer.
    const [short, long] = name.length <= other.length ? [name, other] : [other, name];
    const tail = long.slice(long.length - short.length).every((w, i) => w === short[i]);
    const head = !person && long.slice(0, short.length).every((w, i) => w === short[i]);
    // "Banharn" after "Banharn Silpa-archa", "Kim" after "Kim Jong-un": a name whose later part is hyphened is a
    // family-first or given-name-first name whose first word is how the story names the person again
    const hyphenedRest = person && short.length === 1 && long.length >= 3 && long[0] === short[0] && long[1] !== '-' && long.includes('-');
    if (!same && !tail && !head && !hyphenedRest) continue;
    // "ROMANIA-HUNGARY", "PLO-Israel": a hyphenated pair of names is neither of its parts
    if (!same && long.includes('-') && !hyphenedRest) continue;
    if (person && !same) {
      if (gender !== 'u' && c.gender !== 'u' && gender !== c.gender) continue;
      // a "Jr." joins only a name with the "Jr."
      if (isGeneration(name[name.length - 1]) !== isGeneration(other[other.length - 1])) continue;
    }
    let score = c.lastToken * 1e-6;
    if (person && !same && name.length === 1) {
      if (c.bareNames.has(name[0])) score += 2;
      if (m.roles.some((r) => c.roles.has(r))) score += 1;
    }
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/**
 * The gender of the first he/his/she/her after a bare surname in its sentence ("Trump told reporters his campaign
 * …"): the pronoun most likely refers back to it, so it tells which of two Trumps is meant.
 */
function pronounAfter(mentions: MentionCandidate[], mi: number): Gender {
  const m = mentions[mi];
  for (let k = mi + 1; k < mentions.length && mentions[k].sentence === m.sentence; k++) {
    const p = mentions[k];
    if (p.kind === 'pronoun' && !p.plural && p.inQuote === m.inQuote && (p.gender === 'm' || p.gender === 'f')) return p.gender;
    if (p.kind === 'name' && p.nerType === 'PER') return 'u';
  }
  return 'u';
}

const GENERATION = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
const isGeneration = (w: string): boolean => GENERATION.has(w.replace(/\.$/u, ''));

function compatibleCountry(m: MentionCandidate, c: Cluster): boolean {
  if (!m.countryWord || c.countryWords.size === 0) return true;
  const w = m.countryWord.toLowerCase();
  for (const cw of c.countryWords) if (sameCountryWord(w, cw)) return true;
  return false;
}

/** "iran" ~ "iranian", "israel" ~ "israeli": a shared stem of at least 4 letters. */
function sameCountryWord(a: string, b: string): boolean {
  const x = a.replace(/['’]s$/, '');
  const y = b.replace(/['’]s$/, '');
  const n = Math.min(x.length, y.length, 5);
  return n >= 4 && x.slice(0, n) === y.slice(0, n);
}

function findNominalAntecedent(clusters: Cluster[], m: MentionCandidate): Cluster | undefined {
  const role = m.roles[m.roles.length - 1];
  const publicRole = PUBLIC_ROLES.has(role) || m.countryWord !== null;
  let best: Cluster | undefined;
  let bestScore = 0;
  for (const c of clusters) {
    if (c.nerType !== 'PER') continue;
    let score = 0;
    if (c.roles.has(role) || ROLE_VARIANTS.get(role)?.some((r) => c.roles.has(r))) score += 3;
    else if (c.nominalOnly) continue;
    // A multi-word role ("supreme leader") matching a cluster that has it counts more than "leader" alone.
    if (m.roles.length > 1 && m.roles.every((r) => c.roles.has(r))) score += 1;
    if (m.countryWord) {
      if (!compatibleCountry(m, c)) continue;
      if (c.countryWords.size > 0) score += 2;
    }
    // a person named in this or the sentence before, whom nothing has described yet, and a description of public
    // life: "Alexander Lebed may finally get to discuss … It could be a sobering experience for the Kremlin
    // security chief who …" (not "the man", "the doctor" of a narrative; a person who has acted, as a subject, not
    // a byline's author)
    if (score === 0 && publicRole && c.subjects > 0 && c.roles.size === 0 && !c.nominalOnly && m.sentence - c.lastSentence <= 1 && (m.gender === 'u' || c.gender === 'u' || m.gender === c.gender)) score += 1.2;
    if (score === 0 && role !== 'leader') continue;
    score += c.mentions.length * 0.05 - (m.sentence - c.lastSentence) * 0.1;
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return bestScore >= 1 ? best : undefined;
}

interface Recent {
  lastSentence: number;
  subject: boolean;
  named: boolean;
  lastDeprelSubj: boolean;
}

/** Folds mention x into `r` (mentions in the cluster's order): the latest sentence, and c's part in it. */
function foldRecent(r: Recent, x: MentionCandidate): void {
  if (x.sentence > r.lastSentence) {
    r.lastSentence = x.sentence;
    r.subject = r.named = false;
  }
  if (x.sentence === r.lastSentence) {
    if (x.deprel.startsWith('nsubj')) r.subject = true;
    if (x.kind === 'name') r.named = true;
    r.lastDeprelSubj = x.deprel.startsWith('nsubj');
  }
}

/**
 * The fold over a cluster's mentions, kept per cluster and extended as mentions are added (issue 14: folding
 * every mention again for each pronoun made long documents quadratic). Mentions come in text order, so all of a
 * cluster's mentions precede the pronoun; when one does not, the mentions before it are folded afresh.
 */
const recentFolds = new WeakMap<number[], Recent & { n: number; last: number; maxStart: number }>();

function recentMentions(c: Cluster, mentions: MentionCandidate[], m: MentionCandidate): Recent {
  let f = recentFolds.get(c.mentions);
  if (!f || f.n > c.mentions.length || (f.n > 0 && c.mentions[f.n - 1] !== f.last)) {
    f = { lastSentence: -1, subject: false, named: false, lastDeprelSubj: false, n: 0, last: -1, maxStart: -1 };
    recentFolds.set(c.mentions, f);
  }
  for (; f.n < c.mentions.length; f.n++) {
    const x = mentions[c.mentions[f.n]];
    foldRecent(f, x);
    f.maxStart = Math.max(f.maxStart, x.tokenStart);
    f.last = c.mentions[f.n];
  }
  if (f.maxStart < m.tokenStart) return f;
  const r: Recent = { lastSentence: -1, subject: false, named: false, lastDeprelSubj: false };
  for (const mi of c.mentions) if (mentions[mi].tokenStart < m.tokenStart) foldRecent(r, mentions[mi]);
  return r;
}

function findPronounAntecedent(clusters: Cluster[], mentions: MentionCandidate[], m: MentionCandidate): Cluster | undefined {
  if (m.plural || m.roles[0] === undefined) return undefined;
  if (!['m', 'f'].includes(m.gender)) return undefined; // first person and "they" are left to later stages
  let best: Cluster | undefined;
  let bestScore = -Infinity;
  for (const c of clusters) {
    if (c.nerType !== 'PER') continue;
    if (c.gender !== 'u' && c.gender !== m.gender) continue;
    // The most recent sentence mentioning c before m, and how c figures in it (subject? named?).
    const { lastSentence, subject, named, lastDeprelSubj } = recentMentions(c, mentions, m);
    if (lastSentence < 0) continue;
    const dist = m.sentence - lastSentence;
    if (dist > PRONOUN_WINDOW) continue;
    // Binding: an object pronoun does not corefer with the subject of its own verb.
    if (/^(obj|iobj)$/.test(m.deprel) && dist === 0 && lastDeprelSubj) continue;
    let score = -dist;
    if (subject) score += 0.6;
    if (named) score += 0.2;
    score += Math.min(0.4, c.mentions.length * 0.05) + Math.min(0.3, c.subjects * 0.05);
    if (c.gender === m.gender) score += 0.3;
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}
