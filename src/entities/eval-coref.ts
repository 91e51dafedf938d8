/**
 * `herald eval coref`: scores in-document coreference against CorefUD-style `Entity=` annotations in the MISC
 * column of a CoNLL-U file (GUM). Documents are rebuilt from their gold words, then run through the shipped
 * tagger, parser, NER, mention detection and coreference.
 *
 * Scores, on PERSON entities:
 * - `pronoun_accuracy`: third-person singular personal pronouns (he/she/him/her/his/…) whose gold entity was
 *   mentioned before: correct when the predicted cluster holds an earlier mention of that gold entity.
 * - `pronoun_accuracy_all`: the same including they/them/their.
 * - `muc` and `b3` {p, r, f1}: over gold person mentions, matched to predicted mentions by head token.
 */
import { emptyTokenLayer, uposIndex, type Doc, type Sentence } from '../doc/doc.js';
import type { ConlluSentence } from '../nlp/conllu.js';
import { nerStage, type NlpResources } from '../nlp/stage.js';
import { PERSON_PRONOUNS } from './lexicon.js';
import { cluster } from './coref.js';
import { detectMentions } from './mentions.js';
import type { EntityResources } from './stage.js';

export interface GoldMention {
  entity: string;
  etype: string;
  /** Document word indices, inclusive start, exclusive end. */
  start: number;
  end: number;
  /** Head word (document index). */
  head: number;
}

export interface GoldCorefDoc {
  id: string;
  sentences: ConlluSentence[];
  mentions: GoldMention[];
}

/** Groups sentences into documents and decodes their `Entity=` bracket annotations. */
export function readGoldCoref(sents: ConlluSentence[]): GoldCorefDoc[] {
  const docs: GoldCorefDoc[] = [];
  let cur: GoldCorefDoc | null = null;
  let offset = 0;
  let open = new Map<string, { start: number; etype: string }[]>();
  for (const s of sents) {
    if (s.newDoc || !cur) {
      cur = { id: s.sentId.replace(/-\d+$/, ''), sentences: [], mentions: [] };
      docs.push(cur);
      offset = 0;
      open = new Map();
    }
    const sentBase = offset;
    cur.sentences.push(s);
    s.words.forEach((w, wi) => {
      const at = sentBase + wi;
      const m = /(?:^|\|)Entity=([^|]*)/.exec(w.misc);
      if (!m) return;
      const v = m[1];
      let i = 0;
      while (i < v.length) {
        if (v[i] === '(') {
          let j = i + 1;
          while (j < v.length && v[j] !== '(' && v[j] !== ')') j++;
          const fields = v.slice(i + 1, j).split('-');
          const id = fields[0];
          const etype = fields[1] ?? '';
          if (v[j] === ')') {
            cur!.mentions.push({ entity: id, etype, start: at, end: at + 1, head: at });
            i = j + 1;
          } else {
            if (!open.has(id)) open.set(id, []);
            open.get(id)!.push({ start: at, etype });
            i = j;
          }
        } else {
          let j = i;
          while (j < v.length && v[j] !== ')') j++;
          const id = v.slice(i, j);
          const o = open.get(id)?.pop();
          if (o) cur!.mentions.push({ entity: id, etype: o.etype, start: o.start, end: at + 1, head: at });
          i = j + 1;
        }
      }
    });
    offset += s.words.length;
  }
  // Heads from the gold trees: the word of the span whose head lies outside it.
  for (const d of docs) {
    const heads: number[] = [];
    let base = 0;
    for (const s of d.sentences) {
      for (const w of s.words) heads.push(w.head === 0 ? -1 : base + w.head - 1);
      base += s.words.length;
    }
    for (const m of d.mentions) {
      let h = m.end - 1;
      for (let i = m.start; i < m.end; i++) if (heads[i] < m.start || heads[i] >= m.end) h = i;
      m.head = h;
    }
    d.mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  }
  return docs;
}

export interface PrScore {
  p: number;
  r: number;
  f1: number;
}

const prf = (p: number, r: number): PrScore => ({ p, r, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0 });

/**
 * Scores predicted clusters (lists of head word indices) against a document's gold person mentions.
 * Returns counts so that several documents can be summed.
 */
export function scoreCorefDoc(gold: GoldCorefDoc, words: string[], predicted: number[][]): CorefCounts {
  const persons = gold.mentions.filter((m) => m.etype === 'person');
  const clusterOfHead = new Map<number, number>();
  predicted.forEach((c, ci) => c.forEach((h) => clusterOfHead.set(h, ci)));
  const goldOfHead = new Map<number, string>();
  for (const m of persons) if (!goldOfHead.has(m.head)) goldOfHead.set(m.head, m.entity);
  const counts = emptyCounts();

  // Pronouns.
  const seen = new Set<string>();
  for (const m of persons) {
    const w = words[m.head].toLowerCase();
    const p = m.end - m.start === 1 ? PERSON_PRONOUNS.get(w) : undefined;
    if (p && seen.has(m.entity)) {
      const ci = clusterOfHead.get(m.head);
      const ok = ci !== undefined && predicted[ci].some((h) => h < m.head && goldOfHead.get(h) === m.entity);
      counts.pronAll++;
      if (ok) counts.pronAllOk++;
      if (!p.plural) {
        counts.pron++;
        if (ok) counts.pronOk++;
      }
    }
    seen.add(m.entity);
  }

  // MUC and B³ over gold person mention heads; unpredicted mentions are singletons of the response.
  const keys = new Map<string, number[]>();
  for (const [h, e] of goldOfHead) {
    if (!keys.has(e)) keys.set(e, []);
    keys.get(e)!.push(h);
  }
  const respOf = (h: number): string => (clusterOfHead.has(h) ? `c${clusterOfHead.get(h)}` : `s${h}`);
  const response = new Map<string, number[]>();
  for (const h of goldOfHead.keys()) {
    const r = respOf(h);
    if (!response.has(r)) response.set(r, []);
    response.get(r)!.push(h);
  }
  const partitions = (set: number[], other: (h: number) => string): number => new Set(set.map(other)).size;
  for (const k of keys.values()) {
    counts.mucRN += k.length - partitions(k, respOf);
    counts.mucRD += k.length - 1;
  }
  for (const r of response.values()) {
    counts.mucPN += r.length - partitions(r, (h) => goldOfHead.get(h)!);
    counts.mucPD += r.length - 1;
  }
  for (const [h, e] of goldOfHead) {
    const k = keys.get(e)!;
    const r = response.get(respOf(h))!;
    const overlap = k.filter((x) => r.includes(x)).length;
    counts.b3R += overlap / k.length;
    counts.b3P += overlap / r.length;
    counts.b3N++;
  }
  return counts;
}

export interface CorefCounts {
  pron: number;
  pronOk: number;
  pronAll: number;
  pronAllOk: number;
  mucRN: number;
  mucRD: number;
  mucPN: number;
  mucPD: number;
  b3P: number;
  b3R: number;
  b3N: number;
}

export function emptyCounts(): CorefCounts {
  return { pron: 0, pronOk: 0, pronAll: 0, pronAllOk: 0, mucRN: 0, mucRD: 0, mucPN: 0, mucPD: 0, b3P: 0, b3R: 0, b3N: 0 };
}

export function addCounts(a: CorefCounts, b: CorefCounts): CorefCounts {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof CorefCounts)[]) out[k] += b[k];
  return out;
}

export function summarise(c: CorefCounts): Record<string, unknown> {
  return {
    pronoun_accuracy: c.pron ? c.pronOk / c.pron : 0,
    pronoun_accuracy_all: c.pronAll ? c.pronAllOk / c.pronAll : 0,
    pronouns: c.pron,
    muc: prf(c.mucPD ? c.mucPN / c.mucPD : 0, c.mucRD ? c.mucRN / c.mucRD : 0),
    b3: prf(c.b3N ? c.b3P / c.b3N : 0, c.b3N ? c.b3R / c.b3N : 0),
    person_mentions: c.b3N,
  };
}

/**
 * Runs tagger, parser, NER and the entities stage over each gold document (gold words and sentences, text
 * rebuilt from them with SpaceAfter) and sums the scores.
 */
export function evaluateCoref(docs: GoldCorefDoc[], res: NlpResources & EntityResources): Record<string, unknown> {
  let counts = emptyCounts();
  for (const gold of docs) {
    const doc = docFromGold(gold);
    tagAndParse(doc, res);
    nerStage(doc, res);
    // Score the coreference clusters themselves, including people who are described but never named ("the
    // mechanic … he"): the entities layer keeps only named ones, which is an output choice, not coreference.
    const mentions = detectMentions(doc);
    const predicted = cluster(doc, mentions)
      .filter((c) => c.nerType === 'PER')
      .map((c) => c.mentions.map((i) => mentions[i].head));
    counts = addCounts(counts, scoreCorefDoc(gold, doc.tokens.form, predicted));
  }
  return { ...summarise(counts), documents: docs.length };
}

export function docFromGold(gold: GoldCorefDoc): Doc {
  const words = gold.sentences.flatMap((s) => s.words);
  const tokens = emptyTokenLayer(words.length);
  let text = '';
  const sentences: Sentence[] = [];
  let k = 0;
  for (const s of gold.sentences) {
    const first = k;
    const sentStart = text.length;
    for (const w of s.words) {
      tokens.start[k] = text.length;
      text += w.form;
      tokens.end[k] = text.length;
      tokens.form[k] = w.form;
      if (!/SpaceAfter=No/.test(w.misc)) text += ' ';
      k++;
    }
    sentences.push({ start: sentStart, end: tokens.end[k - 1], tokenStart: first, tokenEnd: k });
    text += '\n';
  }
  return { id: gold.id, text, meta: {}, tokens, sentences };
}

/** Tags, lemmatises and parses an already segmented doc. */
export function tagAndParse(doc: Doc, res: NlpResources): void {
  const t = doc.tokens;
  for (const s of doc.sentences) {
    const forms = t.form.slice(s.tokenStart, s.tokenEnd);
    const tags = res.tagger.tagSentence(forms);
    const parsed = res.parser.parse(forms, tags.upos, tags.xpos);
    forms.forEach((f, i) => {
      const at = s.tokenStart + i;
      t.upos[at] = uposIndex(tags.upos[i]);
      t.xpos[at] = tags.xpos[i];
      t.lemma[at] = res.lemmatizer.lemma(f, tags.upos[i], tags.xpos[i]);
      t.head[at] = parsed.head[i] === 0 ? -1 : s.tokenStart + parsed.head[i] - 1;
      t.deprel[at] = parsed.deprel[i];
    });
  }
}
