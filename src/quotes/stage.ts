/**
 * The quotes stage: who said what. Adds `doc.quotes` (see DESIGN.md's output schema):
 *
 * 1. quote marks are paired over the original text (`marks.ts`: curly/straight, nested, multi-paragraph); the
 *    taggers and the rules below walk the Doc's tokens and sentences (`tokens.ts`);
 * 2. the cue tagger finds attribution cues (said, told, according to, declared, went on, `:` …) and the
 *    source/content tagger the speaker mention and the reported content around each (`tagger/`, trained on
 *    PolNeAR TRAIN) — this covers direct, indirect (reported clause) and mixed quotes alike;
 * 3. sources and contents are grouped with their nearest cue; a content that sits inside a quotation snaps to
 *    the quote marks, and a direct quote with no cue of its own continues the previous speaker's quote;
 * 4. speaker mentions (name, nominal or pronoun) are resolved to a person name by `speaker.ts` until the
 *    entities stage links them (`speaker.entity` stays null here).
 */
import { uposIndex, type Doc, type Quote, type QuoteKind, type QuoteSpan, type Span } from '../doc/doc.js';
import type { Stage } from '../doc/stage.js';
import { hashString } from '../nlp/features.js';
import { loadCueLexicon, type CueLexicon } from './cues.js';
import { isUpperInitial, quoteTokens, tokenAt, type QTokens } from './tokens.js';
import { findQuotes } from './marks.js';
import { loadQuoteModel, type QuoteModel } from './tagger/model.js';
import { cueHead as docHead, parseView, reportedClause, speakerOf, subjectOf } from './parse.js';
import { resolveSpeakers } from './speaker.js';
import { isMediumWord } from './resolve.js';
import { linkDocSpeakers } from './link.js';
import { notSpeechReason, SPEECH_VERBS } from './convention.js';
import { quoteConfidence, type QuoteOrigin } from './confidence.js';
import { buildContext, type TagContext } from './tagger/context.js';
import { decodeCues, decodeSourceContent } from './tagger/decode.js';
import { markCovered, mergeParts, quotedChars, snapToQuotes } from './quote-spans.js';
import { chunks, CUE_B, CUE_I, CUE_O, SC_BCNT, SC_BSRC, SC_ICNT, SC_ISRC, type Chunk } from './tagger/labels.js';

export type { Quote, QuoteKind, QuoteSpan, QuoteSpeaker } from '../doc/doc.js';

/** The layer this stage adds (`Doc.quotes`). */
export type QuoteLayer = Quote[];

export interface QuoteResources {
  lexicon: CueLexicon;
  model: QuoteModel;
}

let defaultResources: QuoteResources | null = null;

export function loadQuoteResources(): QuoteResources {
  if (!defaultResources) defaultResources = { lexicon: loadCueLexicon(), model: loadQuoteModel() };
  return defaultResources;
}

interface Attribution {
  cue: Chunk | null;
  source: Chunk | null;
  contents: Chunk[];
  /** Continuation of attribution `of` (direct quote with no cue of its own). */
  continues: Attribution | null;
  sortKey: number;
  /** Content found by the sentence rule rather than the tagger. */
  fallback?: boolean;
}

const isPunct = (f: string): boolean => /^[\p{P}\p{S}]+$/u.test(f);

const TIME_WORDS = new Set(
  (
    'monday tuesday wednesday thursday friday saturday sunday morning afternoon evening night week weekend month ' +
    'year today yesterday tonight january february march april may june july august september october november ' +
    'december jan. feb. aug. sept. oct. nov. dec.'
  ).split(' '),
);
const TIME_PREPS = new Set('on during at in last this late early earlier later'.split(' '));

/** Keeps what follows the last quote mark inside a tagged source; the part before spills back as content. */
function cleanSource(c: Chunk, t: QTokens): { source: Chunk; spill: Chunk | null } {
  for (let k = c.to - 2; k >= c.from; k--) {
    if (/^[“”"‘’']$/u.test(t.form[k])) return { source: { from: k + 1, to: c.to }, spill: { from: c.from, to: k + 1 } };
  }
  return { source: c, spill: null };
}

/** A chunk made of time words, their prepositions and punctuation only ("Tuesday", "on Monday evening"). */
function isTimeOnly(c: Chunk, t: QTokens): boolean {
  for (let k = c.from; k < c.to; k++) {
    const w = t.lower[k];
    if (!TIME_WORDS.has(w) && !TIME_PREPS.has(w) && !isPunct(t.form[k])) return false;
  }
  return true;
}

/**
 * The part of a source mention that names the speaker, for name resolution only (the output span stays as
 * tagged): time adjuncts ("Netanyahu on Monday evening") and trailing clauses after a comma are cut.
 */
function namingPart(c: Chunk, t: QTokens): Chunk {
  let to = c.to;
  for (let k = c.from + 1; k < to - 1; k++) {
    if (TIME_PREPS.has(t.lower[k]) && (TIME_WORDS.has(t.lower[k + 1]) || /^\d/u.test(t.form[k + 1]))) {
      to = k;
      break;
    }
    if (t.form[k] === ',' && /^\p{Ll}/u.test(t.form[k + 1]) && !/^(and|or|who|which|a|an|the|all|both)$/u.test(t.lower[k + 1])) {
      to = k;
      break;
    }
  }
  while (to > c.from + 1 && /^[,;:.]$/u.test(t.form[to - 1])) to--;
  return { from: c.from, to };
}

const DASHES = new Set(['—', '―', '–', '--', '-']);

/**
 * Cues the tagger tends to miss, by rule: dash attributions after a quotation (`“…” ― Carla Sanchez`) and
 * colon introductions by a speaker label at the start of a paragraph (`PENCE: Well, look …`).
 */
function ruleCues(t: QTokens, mark: Uint8Array, cueLab: Uint8Array): Map<number, Chunk> {
  /** Colon cue token → the speaker label before it. */
  const labels = new Map<number, Chunk>();
  for (let k = 1; k + 1 < t.n; k++) {
    if (cueLab[k] !== CUE_O) continue;
    if (DASHES.has(t.form[k]) && mark[k - 1] === 2 && t.para[k + 1] === t.para[k] && isUpperInitial(t.form[k + 1])) {
      let j = k + 1;
      while (j < t.n && t.para[j] === t.para[k] && j - k <= 5 && (isUpperInitial(t.form[j]) || /^[.,]$/u.test(t.form[j]))) j++;
      if (j >= t.n || t.para[j] !== t.para[k] || mark[j] === 1) cueLab[k] = CUE_B;
    }
  }
  for (let s = 0; s + 1 < t.sentStart.length; s++) {
    const i = t.sentStart[s];
    if (i > 0 && t.para[i] === t.para[i - 1]) continue; // paragraph starts only
    let j = i;
    if (j < t.n && /^["“]$/u.test(t.form[j])) j++;
    const nameFrom = j;
    while (j < t.n && j - nameFrom < 4 && isUpperInitial(t.form[j]) && t.para[j] === t.para[i]) j++;
    if (j > nameFrom && j + 1 < t.n && t.form[j] === ':' && t.para[j + 1] === t.para[i] && cueLab[j] !== CUE_I) {
      if (cueLab[j] === CUE_O) cueLab[j] = CUE_B;
      if (j + 1 >= t.n || cueLab[j + 1] !== CUE_I) labels.set(j, { from: nameFrom, to: j });
    }
  }
  return labels;
}

const DEP_AUX = hashString('aux', 3);
const DEP_AUX_PASS = hashString('aux:pass', 3);
const DEP_ADVMOD = hashString('advmod', 3);
const UPOS_VERB = uposIndex('VERB');

/**
 * PolNeAR cues include the verb's auxiliaries and negation ("has learned", "is demanding", "did not say"; 98% of
 * TRAIN cues with an auxiliary): a cue that starts at its verb takes the auxiliary chain before it.
 */
function extendCuesOverAuxiliaries(ctx: TagContext, cueLab: Uint8Array): void {
  const nf = ctx.nlp;
  if (!nf.parsed) return;
  const t = ctx.t;
  for (let v = 1; v < t.n; v++) {
    if (cueLab[v] !== CUE_B || nf.upos[v] !== UPOS_VERB) continue;
    let from = v;
    for (let k = v - 1; k >= 0 && v - k <= 4 && t.sent[k] === t.sent[v]; k--) {
      if (cueLab[k] !== CUE_O || nf.head[k] !== v) break;
      const d = nf.dep[k];
      if (d === DEP_AUX || d === DEP_AUX_PASS || (d === DEP_ADVMOD && /^(not|n[’']t|never|also)$/u.test(t.lower[k]))) from = k;
      else break;
    }
    if (from === v) continue;
    cueLab[from] = CUE_B;
    for (let k = from + 1; k <= v; k++) cueLab[k] = CUE_I;
  }
}

/** The tokens covering a parse span (null when absent, empty, or overlapping tokens already taken). */
function fromParse(span: Span | null, t: QTokens, taken: Uint8Array | null): Chunk | null {
  if (!span) return null;
  const from = tokenAt(t, span.start);
  let to = from;
  while (to < t.n && t.start[to] < span.end) to++;
  if (to <= from) return null;
  if (taken) for (let k = from; k < to; k++) if (taken[k]) return null;
  return { from, to };
}

/** Rule content for a cue without tagged content: the untagged rest of its sentence on the open side. */
function fallbackContent(a: Attribution, t: QTokens, taken: Uint8Array): Chunk | null {
  const cue = a.cue!;
  const sent = t.sent[cue.from];
  const ss = t.sentStart[sent];
  const se = t.sentStart[sent + 1];
  const right = (): Chunk | null => {
    let from = Math.max(cue.to, a.source && a.source.from >= cue.to ? a.source.to : cue.to);
    while (from < se && isPunct(t.form[from]) && !/^[“"‘]$/u.test(t.form[from])) from++;
    let to = se;
    while (to > from && (isPunct(t.form[to - 1]) && !/^[”"’]$/u.test(t.form[to - 1]))) to--;
    for (let k = from; k < to; k++) if (taken[k]) return null;
    return to - from >= 3 ? { from, to } : null;
  };
  const left = (): Chunk | null => {
    let to = Math.min(cue.from, a.source && a.source.to <= cue.from ? a.source.from : cue.from);
    while (to > ss && isPunct(t.form[to - 1]) && !/^[”"’]$/u.test(t.form[to - 1])) to--;
    const from = ss;
    for (let k = from; k < to; k++) if (taken[k]) return null;
    return to - from >= 3 ? { from, to } : null;
  };
  return right() ?? left();
}


const UPOS_AUX = uposIndex('AUX');

/**
 * For an attribution whose one content runs up to its speech verb, "<clause>, <noun phrase> said [on Wednesday].":
 * the noun phrase becomes the source and the clause the content. The noun phrase starts after the earliest comma
 * from which no verb comes before the cue ("…, a spokesman at the U.S. embassy in Jakarta, 700 km west of
 * Surabaya, said"); nothing but a time or place phrase (no verb) may follow the cue in its sentence.
 */
function splitTrailingTag(doc: Doc, t: QTokens, a: Attribution): void {
  const cue = a.cue!;
  const content = a.contents[0];
  if (!SPEECH_VERBS.has((doc.tokens.lemma[cue.from] ?? '').toLowerCase())) return;
  const upos = doc.tokens.upos;
  const verbal = (k: number): boolean => upos[k] === UPOS_VERB || upos[k] === UPOS_AUX;
  const sentEnd = t.sentStart[t.sent[cue.from] + 1];
  for (let k = cue.to; k < sentEnd; k++) if (verbal(k) || t.form[k] === '"' || t.form[k] === '“') return;
  let comma = -1;
  for (let k = cue.from - 1; k > content.from + 2; k--) {
    if (verbal(k)) break;
    if (t.form[k] === ',') comma = k;
  }
  if (comma < 0 || cue.from - comma < 2) return;
  a.source = { from: comma + 1, to: cue.from };
  a.contents[0] = { from: content.from, to: comma };
}

/** `clause` is `a`'s content when another attribution lies wholly inside it (its cue and every content). */
function takeClauseAroundAttribution(attrs: readonly Attribution[], a: Attribution, clause: Chunk): void {
  const inside = (c: Chunk): boolean => c.from >= clause.from && c.to <= clause.to;
  if (attrs.some((b) => b !== a && b.contents.length > 0 && inside(b.cue!) && b.contents.every(inside))) {
    a.contents.push(clause);
    a.fallback = true;
  }
}

/**
 * Is the source phrase a news medium: a media word at its end ("Interfax news agency", "state radio"; the
 * resolver's `isMediumWord`), or an entity the actor coder files as media (MED)?
 */
function isMedium(doc: Doc, t: QTokens, src: Chunk): boolean {
  if (isMediumWord(t.lower[src.to - 1])) return true;
  const from = t.start[src.from];
  const to = t.end[src.to - 1];
  return (doc.entities ?? []).some((e) => /MED/.test(e.actor?.code ?? '') && e.mentions.some((m) => m.start >= from && m.end <= to));
}

/** Reads the parse and the NER spans when they are there (the taggers' features), links speakers to entities. */
export function createQuotesStage(res: QuoteResources): Stage {
  return { name: 'quotes', requires: ['tokens', 'sentences', 'tags', 'lemmas', 'entities'], assigns: ['quotes'], run: (doc) => quotesStage(doc, res) };
}

export function quotesStage(doc: Doc, res: QuoteResources): void {
  const text = doc.text;
  const t = quoteTokens(doc);
  const pv = parseView(doc);
  const marks = findQuotes(text);
  const ctx = buildContext(doc, marks, res.lexicon, t);
  const bias = res.model.bias;
  const cueLab = decodeCues(ctx, res.model.cue, bias);
  const labels = ruleCues(t, ctx.mark, cueLab);
  extendCuesOverAuxiliaries(ctx, cueLab);
  const scLab = decodeSourceContent(ctx, cueLab, res.model.sc, bias);
  const cues = chunks(cueLab, CUE_B, CUE_I);
  const sources = chunks(scLab, SC_BSRC, SC_ISRC);
  const contents: Chunk[] = chunks(scLab, SC_BCNT, SC_ICNT).map((c) => snapToQuotes(c, t, ctx.quote, marks));

  const attrs: Attribution[] = cues.map((c) => ({ cue: c, source: null, contents: [], continues: null, sortKey: c.from }));
  // The cue attributions by sentence (indices in attrs order) and each paragraph's range of cue sentences, so
  // that the nearest cue is sought outwards from the chunk's sentence instead of among every cue of the
  // document for each chunk (quadratic on long texts, issue 14). Rebuilt if attrs changes length.
  let cueIndex: { n: number; bySent: Map<number, number[]>; paraRange: Map<number, [number, number]> } | undefined;
  const indexCues = (): NonNullable<typeof cueIndex> => {
    if (cueIndex?.n === attrs.length) return cueIndex;
    const bySent = new Map<number, number[]>();
    const paraRange = new Map<number, [number, number]>();
    attrs.forEach((a, i) => {
      const sent = t.sent[a.cue!.from];
      const list = bySent.get(sent);
      if (list) list.push(i);
      else bySent.set(sent, [i]);
      const para = t.para[a.cue!.from];
      const r = paraRange.get(para);
      if (!r) paraRange.set(para, [sent, sent]);
      else {
        r[0] = Math.min(r[0], sent);
        r[1] = Math.max(r[1], sent);
      }
    });
    return (cueIndex = { n: attrs.length, bySent, paraRange });
  };
  // The cue nearest to the chunk in its paragraph (sentences apart × 1000 + tokens apart; the first in attrs
  // order among equals), as a scan over every cue would find it.
  const nearestCue = (c: Chunk, sameSentence: boolean): Attribution | null => {
    const { bySent, paraRange } = indexCues();
    const range = paraRange.get(t.para[c.from]);
    if (!range) return null;
    let best = -1;
    let bestD = Infinity;
    const consider = (i: number): void => {
      const q = attrs[i].cue!;
      if (t.para[q.from] !== t.para[c.from]) return;
      const sd = Math.abs(t.sent[q.from] - t.sent[c.from]);
      if (sameSentence && sd !== 0 && t.sent[q.from] !== t.sent[c.to - 1]) return;
      const d = sd * 1000 + (q.from >= c.to ? q.from - c.to : c.from >= q.to ? c.from - q.to : 0);
      if (d < bestD || (d === bestD && i < best)) {
        bestD = d;
        best = i;
      }
    };
    const sc = t.sent[c.from];
    if (sameSentence) {
      for (const i of bySent.get(sc) ?? []) consider(i);
      if (t.sent[c.to - 1] !== sc) for (const i of bySent.get(t.sent[c.to - 1]) ?? []) consider(i);
    } else {
      // a cue sd sentences away is at least sd·1000 away: stop once that exceeds the best found
      for (let sd = 0; sc - sd >= range[0] || sc + sd <= range[1]; sd++) {
        if (sd * 1000 > bestD) break;
        for (const i of bySent.get(sc - sd) ?? []) consider(i);
        if (sd > 0) for (const i of bySent.get(sc + sd) ?? []) consider(i);
      }
    }
    return best < 0 ? null : attrs[best];
  };
  const spilled: Chunk[] = [];
  for (const s0 of sources) {
    const { source: s, spill } = cleanSource(s0, t);
    if (spill) spilled.push(spill);
    if (isTimeOnly(s, t)) continue; // "on Tuesday" names no speaker: the cue's subject will
    const a = nearestCue(s, true) ?? nearestCue(s, false);
    if (a && !a.source) a.source = s;
  }
  // A participial or second cue of a sentence ("Calling Israel …, the leader said") shares its subject.
  for (const a of attrs) {
    if (a.source) continue;
    const sent = t.sent[a.cue!.from];
    const donor = (indexCues().bySent.get(sent) ?? []).map((i) => attrs[i]).find((b) => b !== a && b.source);
    if (donor) a.source = donor.source;
    else if (pv) {
      const cueSpan = spanOf(text, t, a.cue!);
      const subj = fromParse(subjectOf(pv, cueSpan) ?? speakerOf(pv, cueSpan), t, null);
      if (subj && !isTimeOnly(subj, t)) a.source = subj;
    }
  }
  // A tagged source that is an object or oblique of another verb ("defended its record in the face of criticism
  // by pro-Moscow leaders … and insisted …") yields to the subject the parse gives the cue.
  if (pv) {
    for (const a of attrs) {
      if (!a.source) continue;
      const rel = pv.doc.tokens.deprel[docHead(pv, spanOf(text, t, a.source))] ?? '';
      if (!/^(obl|nmod|obj|iobj)/u.test(rel) || a.source.to > a.cue!.from) continue;
      const cueSpan = spanOf(text, t, a.cue!);
      const subj = fromParse(subjectOf(pv, cueSpan) ?? speakerOf(pv, cueSpan), t, null);
      if (subj && !isTimeOnly(subj, t) && subj.to <= a.cue!.from && !anyQuoted(subj, ctx.quote)) a.source = subj;
    }
  }
  contents.push(...spilled.filter((c) => ctx.quote[c.from] >= 0 || ctx.quote[c.to - 1] >= 0));
  contents.sort((x, y) => x.from - y.from);
  // chunks snapped onto the same (multi-paragraph) quote become one
  for (let k = contents.length - 1; k > 0; k--) {
    if (contents[k].from < contents[k - 1].to) {
      contents[k - 1] = { from: contents[k - 1].from, to: Math.max(contents[k - 1].to, contents[k].to) };
      contents.splice(k, 1);
    }
  }
  const orphans: Chunk[] = [];
  for (const c of contents) {
    const a = nearestCue(c, true) ?? nearestCue(c, false);
    if (a) a.contents.push(c);
    else orphans.push(c);
  }
  // `"…," said a Foreign Office spokesman.`: what the tagger took for the content of a cue that follows a closing
  // quote mark is its (inverted) subject
  for (const a of attrs) {
    const q = a.cue!;
    if (a.source || !(ctx.mark[q.from - 1] === 2 || (q.from > 1 && ctx.mark[q.from - 2] === 2 && t.form[q.from - 1] === ','))) continue;
    const k = a.contents.findIndex((c) => c.from >= q.to && c.from <= q.to + 1 && c.to - c.from <= 12 && t.sent[c.from] === t.sent[q.from] && !anyQuoted(c, ctx.quote));
    if (k < 0) continue;
    let to = a.contents[k].to;
    while (to > a.contents[k].from + 1 && /^[.,;:]$/u.test(t.form[to - 1])) to--;
    a.source = { from: a.contents[k].from, to };
    a.contents.splice(k, 1);
  }
  // A speaker label (`PENCE: Well, look …`): the label is the source, the rest of the paragraph the content.
  for (const a of attrs) {
    const label = labels.get(a.cue!.from);
    if (!label) continue;
    a.source = label;
    let end = a.cue!.to;
    while (end < t.n && t.para[end] === t.para[a.cue!.from]) end++;
    if (end > a.cue!.to) a.contents = [{ from: a.cue!.to, to: end }];
  }
  joinAccusations(attrs, t);
  const headline = headlineAttribution(t);
  if (headline) {
    // the headline's own verbs ("Yeltsin endorses …") are what the agency reports, not attributions
    for (let k = attrs.length - 1; k >= 0; k--) if (t.para[attrs[k].cue!.from] === t.para[0]) attrs.splice(k, 1);
    attrs.push(headline);
  }
  for (const a of [...attrs]) {
    // the "saying" of "quoted X as saying" is no cue of its own
    const saying = quotedAsSaying(a, t);
    if (saying >= 0) for (let k = attrs.length - 1; k >= 0; k--) if (attrs[k] !== a && attrs[k].cue!.from === saying) attrs.splice(k, 1);
  }
  // A cue whose content went to an attribution inside its reported clause ("The ministry said Levy and Kinkel would
  // discuss …", the tagger reading "would discuss" as a cue of its own): the clause is its content, the inner
  // attribution stays.
  if (pv) {
    for (const a of attrs) {
      if (a.contents.length > 0) continue;
      const clause = fromParse(reportedClause(pv, spanOf(text, t, a.cue!)), t, null);
      if (clause) takeClauseAroundAttribution(attrs, a, clause);
    }
  }
  // … and so does a reporting tag after its clause, whatever the parse made of it ("Beijing has called on Seoul to
  // stop South Korean missionaries …, a South Korean embassy spokesman said on Tuesday": the spokesman reports the
  // appeal, and Beijing's appeal stays an attribution of its own)
  // (not a medium's tag: "Chernomyrdin said … that Yeltsin had backed …, Interfax news agency said" is Chernomyrdin's,
  // the agency only carries it — the teller, not the medium)
  for (const a of attrs) {
    const src = a.source;
    if (a.contents.length > 0 || !src || src.to > a.cue!.from || isMedium(doc, t, src)) continue;
    const comma = src.from - 1;
    if (comma <= 0 || t.form[comma] !== ',' || t.sent[comma] !== t.sent[a.cue!.from]) continue;
    const from = t.sentStart[t.sent[comma]];
    // (a quotation's own marks pair it with its cue already)
    if (/^["“”'‘’]$/u.test(t.form[from]) || comma - from < 3) continue;
    takeClauseAroundAttribution(attrs, a, { from, to: comma });
  }
  // A reporting tag the tagger read into the content ("Sierra Leonean rebels killed 31 villagers …, Eastern Region
  // Brigade Commander Major Fallah Sewa said on Wednesday"): the noun phrase after the content's last clause is the
  // source, when only a time or a place follows the cue
  for (const a of attrs) {
    if (a.source || a.contents.length !== 1 || a.contents[0].to !== a.cue!.from) continue;
    splitTrailingTag(doc, t, a);
  }
  // A cue whose content the tagger missed: the rest of its sentence after it, or the part before it.
  const taken = new Uint8Array(t.n);
  for (const c of [...contents, ...sources, ...cues]) for (let k = c.from; k < c.to; k++) taken[k] = 1;
  for (const a of attrs) {
    if (a.contents.length > 0) continue;
    const c0 = (pv && fromParse(reportedClause(pv, spanOf(text, t, a.cue!)), t, taken)) || fallbackContent(a, t, taken);
    const c = c0 && snapToQuotes(c0, t, ctx.quote, marks, false);
    if (c) {
      a.contents.push(c);
      a.fallback = true;
      for (let k = c.from; k < c.to; k++) taken[k] = 1;
    }
  }
  // Direct quotes that no content covers: continuation quotes (speaker of the previous attribution).
  const covered = new Uint8Array(marks.length);
  for (const a of attrs) for (const c of a.contents) markCovered(c, t, marks, covered);
  for (const c of orphans) markCovered(c, t, marks, covered);
  const extra: Chunk[] = [];
  const speakerFromCue = new Map<Chunk, Attribution>();
  for (let qi = 0; qi < marks.length; qi++) {
    if (covered[qi]) continue;
    const q = marks[qi];
    const from = tokenAt(t, q.start);
    let to = from;
    while (to < t.n && t.end[to] <= q.end) to++;
    // A continuation quote opens its sentence in double marks; a quoted phrase or title inside a sentence
    // ('All Bets Are Off.', “smart as hell,”) is not one.
    // (or is followed by a cue: `… “is a necessity and a holy jihad,” he said`).
    const opensSentence = from === t.sentStart[t.sent[from]] || (from > 0 && t.para[from - 1] !== t.para[from]);
    let cueAfter = false;
    for (let k = to; k < Math.min(t.n, to + 3) && !cueAfter && t.para[k] === t.para[to - 1]; k++) if (cueLab[k] !== CUE_O) cueAfter = true;
    if (to - from >= 6 && !q.single && (opensSentence || cueAfter)) {
      const c = { from, to };
      extra.push(c);
      // `“…,” the ayatollah declared.`: the quote is that cue's speaker's, whatever the cue's content is
      const next = cueAfter ? attrs.find((a) => a.cue!.from >= to && a.cue!.from < to + 3) : undefined;
      if (next) speakerFromCue.set(c, next);
    }
  }
  const withContent = attrs.filter((a) => a.contents.length > 0);
  const all: Attribution[] = [...withContent];
  // When the attributions' ends (cue included) never decrease along withContent (text order, the usual case),
  // those ending by `pos` are a prefix, and the scan's answer for every prefix is kept: scanning every
  // attribution for each orphan made long documents quadratic (issue 14). Otherwise the scan below.
  const endWithCue = withContent.map((a) => Math.max(...a.contents.map((c) => c.to), a.cue ? a.cue.to : 0));
  const prefixBest: number[] = [];
  if (endWithCue.every((x, i) => i === 0 || endWithCue[i - 1] <= x)) {
    let b = -1;
    for (let i = 0; i < withContent.length; i++) {
      if (b < 0 || endWithCue[i] > Math.max(...withContent[b].contents.map((c) => c.to))) b = i;
      prefixBest.push(b);
    }
  }
  const prevAttr = (pos: number): Attribution | null => {
    if (prefixBest.length === withContent.length && withContent.length > 0) {
      let m = 0;
      for (let hi = withContent.length; m < hi; ) {
        const mid = (m + hi) >> 1;
        if (endWithCue[mid] <= pos) m = mid + 1;
        else hi = mid;
      }
      return m > 0 ? withContent[prefixBest[m - 1]] : null;
    }
    let best: Attribution | null = null;
    for (const a of withContent) {
      const end = Math.max(...a.contents.map((c) => c.to), a.cue ? a.cue.to : 0);
      if (end <= pos && (!best || end > Math.max(...best.contents.map((c) => c.to)))) best = a;
    }
    return best;
  };
  for (const c of [...orphans, ...extra]) {
    const inQuote = ctx.quote[c.from] >= 0 || ctx.quote[Math.min(t.n - 1, c.from + 1)] >= 0;
    const prev = inQuote ? prevAttr(c.from) : null;
    const near = prev && t.para[c.from] - t.para[prev.contents[prev.contents.length - 1].to - 1] <= 2 ? prev : null;
    all.push({ cue: null, source: null, contents: [c], continues: speakerFromCue.get(c) ?? near, sortKey: c.from });
  }
  all.sort((a, b) => Math.min(...a.contents.map((c) => c.from)) - Math.min(...b.contents.map((c) => c.from)));

  // Speaker names: resolve every source mention in text order.
  const srcOf = (a: Attribution): Chunk | null => {
    let x: Attribution | null = a;
    for (let k = 0; x && k < 10; k++) {
      if (x.source) return x.source;
      x = x.continues;
    }
    return null;
  };
  const mentionChunks = withContent.filter((a) => a.source).map((a) => a.source!);
  const names = resolveSpeakers(
    mentionChunks.map((c0) => {
      const c = namingPart(c0, t);
      return { start: t.start[c.from], text: text.slice(t.start[c.from], t.end[c.to - 1]) };
    }),
  );
  const nameByChunk = new Map<Chunk, string | null>();
  mentionChunks.forEach((c, i) => nameByChunk.set(c, names[i]));

  const quotes: Quote[] = [];
  const origins = new Map<Quote, QuoteOrigin>();
  for (const a of all) {
    const parts = mergeParts(a.contents.map((c) => ({ start: t.start[c.from], end: t.end[c.to - 1] })), text);
    const start = parts[0].start;
    const end = parts[parts.length - 1].end;
    const src = srcOf(a);
    const quoteChars = quotedChars(parts, marks);
    const total = parts.reduce((n, p) => n + p.end - p.start, 0);
    const kind: QuoteKind = quoteChars >= 0.85 * total ? 'direct' : quoteChars > 0 ? 'mixed' : 'indirect';
    const cueSpan = a.cue ? spanOf(text, t, a.cue) : null;
    const drop = notSpeechReason(doc, kind, cueSpan, { start, end });
    let confidence = a.cue ? (src ? 0.9 : 0.75) : a.continues ? 0.7 : 0.45;
    if (kind === 'indirect') confidence -= 0.1;
    const q: Quote = {
      id: '',
      kind,
      start,
      end,
      text: text.slice(start, end),
      cue: cueSpan,
      speaker: src ? { entity: null, name: nameByChunk.get(src) ?? null, ...spanOf(text, t, src) } : null,
      confidence: Math.round(confidence * 100) / 100,
    };
    if (parts.length > 1) q.parts = parts;
    if (drop) notSpeech.set(q, drop);
    else origins.set(q, { cued: !!a.cue, continues: !a.cue && !!a.continues, headline: t.para[a.contents[0].from] === t.para[0] });
    quotes.push(q);
  }
  quotes.sort((x, y) => x.start - y.start);
  const reported = quotes.filter((q) => !notSpeech.has(q));
  reported.forEach((q, i) => (q.id = `Q${i + 1}`));
  let k = reported.length;
  for (const q of quotes) if (notSpeech.has(q)) q.id = `A${++k}`;
  doc.quotes = reported;
  broad.set(reported, quotes);
  linkDocSpeakers(doc);
  for (const q of reported) q.confidence = quoteConfidence(doc, q, origins.get(q)!);
}

/**
 * Attributions in PolNeAR's broader sense (stance, intention, endorsement: "X wants …", "X declined to comment",
 * "X endorsed Clinton", "X condemned the attack") are found by the taggers but are not reported speech by the
 * news conventions (`convention.ts`), so `Doc.quotes` leaves them out. The full set each quotes list was
 * filtered from is kept here, for the PolNeAR evaluation of the taggers (`eval-attribution.ts`).
 */
const broad = new WeakMap<Quote[], Quote[]>();
const notSpeech = new WeakMap<Quote, string>();

/** Every attribution the taggers found for a document's quotes list (the list itself when none was kept). */
export function attributionsOf(quotes: Quote[]): Quote[] {
  return broad.get(quotes) ?? quotes;
}

/** Why an attribution of `attributionsOf` is not reported speech (undefined for the document's quotes). */
export function notSpeechOf(q: Quote): string | undefined {
  return notSpeech.get(q);
}

const ACCUSE_CUE = /^(accus|charg|blam|criticis|criticiz|condemn|prais|thank|suspect)/u;

/**
 * "accused top Iranian leaders of personally ordering the assassination …": the tagger may read "ordering" as a
 * cue of its own; what follows "of" is the accusation's content, so the two attributions are one.
 */
function joinAccusations(attrs: Attribution[], t: QTokens): void {
  for (let k = attrs.length - 1; k >= 0; k--) {
    const b = attrs[k];
    const c = b.cue!.from;
    const of = t.lower[c - 1] === 'of' ? c - 1 : t.lower[c - 2] === 'of' && /ly$/u.test(t.lower[c - 1]) ? c - 2 : -1;
    if (of < 0 || !/ing$/u.test(t.lower[c])) continue;
    const a = attrs.find((x) => x !== b && x.cue!.to <= of && t.sent[x.cue!.from] === t.sent[c] &&
      (() => { for (let j = x.cue!.from; j < x.cue!.to; j++) if (ACCUSE_CUE.test(t.lower[j])) return true; return false; })());
    if (!a) continue;
    const parts = [...a.contents, ...b.contents, { from: of + 1, to: b.cue!.to }];
    const from = Math.min(...parts.map((p) => p.from).filter((f) => f >= a.cue!.to), of + 1);
    const to = Math.max(...parts.map((p) => p.to));
    a.contents = [...a.contents.filter((p) => p.to <= a.cue!.from), { from, to }];
    a.source ??= b.source;
    attrs.splice(k, 1);
  }
}

/**
 * A headline attributed by a dash at its end ("Iran agents stormed German diplomat's home -- Bonn.", "… -
 * agency", "… - report"): the dash is the cue, the one to three words after it the source, the rest the content.
 */
function headlineAttribution(t: QTokens): Attribution | null {
  if (t.n === 0) return null;
  let end = 0;
  while (end < t.n && t.para[end] === t.para[0]) end++;
  let last = end;
  while (last > 0 && /^[.!?]$/u.test(t.form[last - 1])) last--;
  for (let k = last - 2; k >= Math.max(3, last - 4); k--) {
    if (!DASHES.has(t.form[k])) continue;
    for (let j = k + 1; j < last; j++) if (!/^[\p{L}.'’-]+$/u.test(t.form[j])) return null;
    return { cue: { from: k, to: k + 1 }, source: { from: k + 1, to: last }, contents: [{ from: 0, to: k }], continues: null, sortKey: k };
  }
  return null;
}

const QUOTE_CUES = /^(quoted|quoting|quotes|quote|cited|citing|cites|cite)$/u;
const AS_SPEECH = /^(saying|telling|stating|describing|calling|warning|adding|accusing|denying|claiming|urging|asking)$/u;

/**
 * "Interfax quoted Chernomyrdin as saying …", "the agency quoted Foreign Ministry officials as saying": the speaker
 * is the one quoted, not the medium that quotes him (its subject); the content is what follows "as saying", or,
 * when nothing does, the part of the sentence before the medium.
 */
function quotedAsSaying(a: Attribution, t: QTokens): number {
  const cue = a.cue!;
  let verb = -1;
  for (let k = cue.from; k < cue.to; k++) if (QUOTE_CUES.test(t.lower[k])) verb = k;
  if (verb < 0) return -1;
  const sent = t.sent[verb];
  const se = t.sentStart[sent + 1];
  let as = -1;
  for (let k = verb + 1; k + 1 < se && k - verb <= 25; k++) {
    if (t.lower[k] === 'as' && AS_SPEECH.test(t.lower[k + 1])) {
      as = k;
      break;
    }
  }
  if (as < 0) return -1;
  let from = verb + 1;
  let to = as;
  while (from < to && /^[,(]$/u.test(t.form[from])) from++;
  while (to > from && /^[,)]$/u.test(t.form[to - 1])) to--;
  if (to <= from) return -1;
  const medium = a.source;
  a.source = { from, to };
  const after = as + 2;
  const inside = (c: Chunk): boolean => c.from >= verb && c.from <= after;
  const kept = a.contents.filter((c) => !inside(c));
  let end = se;
  while (end > after && /^[.,;:!?]$/u.test(t.form[end - 1])) end--;
  if (end - after >= 2) kept.push({ from: after, to: Math.max(end, ...a.contents.filter(inside).map((c) => c.to)) });
  else if (kept.length === 0) {
    // "During Rosati's trip …, the agency quoted Foreign Ministry officials as saying."
    let left = Math.min(cue.from, medium && medium.to <= cue.from ? medium.from : cue.from);
    while (left > t.sentStart[sent] && /^[,;:—–-]$/u.test(t.form[left - 1])) left--;
    if (left - t.sentStart[sent] >= 3) kept.push({ from: t.sentStart[sent], to: left });
  }
  a.contents = kept;
  return as + 1;
}

function anyQuoted(c: Chunk, quoteOf: Int32Array): boolean {
  for (let k = c.from; k < c.to; k++) if (quoteOf[k] >= 0) return true;
  return false;
}

function spanOf(text: string, t: QTokens, c: Chunk): QuoteSpan {
  const start = t.start[c.from];
  const end = t.end[c.to - 1];
  return { start, end, text: text.slice(start, end) };
}
