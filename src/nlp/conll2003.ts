/**
 * CoNLL-2003 NER data: reader and conlleval-style scorer.
 *
 * Files have one token per line (`token POS chunk tag`), a blank line between sentences and `-DOCSTART-`
 * lines between documents. Tags are IOB1 in the original release (`I-X` opens an entity unless the previous
 * token is also X; `B-X` only separates two adjacent X entities); BIO (IOB2) files read the same way.
 * Everything is converted to BIO and to spans `{start, end, type}` (token indices, end exclusive).
 */
import { readFileSync } from 'node:fs';

export type NerType = 'PER' | 'ORG' | 'LOC' | 'MISC';
export const NER_TYPES: readonly NerType[] = ['PER', 'ORG', 'LOC', 'MISC'];

export interface NerSpan {
  start: number;
  end: number;
  type: string;
}

export interface ConllSentence {
  tokens: string[];
  pos: string[];
  chunk: string[];
  /** BIO tags (converted from the file's IOB1). */
  tags: string[];
  spans: NerSpan[];
}

export interface ConllDocument {
  sentences: ConllSentence[];
}

/** Converts IOB1 (or BIO) tags of one sentence to BIO. */
export function iob1ToBio(tags: readonly string[]): string[] {
  const out: string[] = new Array<string>(tags.length);
  let prevType = '';
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i];
    if (t === 'O' || t.length < 3 || t[1] !== '-') {
      out[i] = 'O';
      prevType = '';
      continue;
    }
    const type = t.slice(2);
    out[i] = t[0] === 'B' || type !== prevType ? `B-${type}` : `I-${type}`;
    prevType = type;
  }
  return out;
}

/**
 * Spans of a BIO (or IOB1) tag sequence, the way conlleval chunks them: an entity starts at `B-X`, or at
 * `I-X` that does not continue an X entity, and ends before the next token that does not continue it.
 */
export function bioToSpans(tags: readonly string[]): NerSpan[] {
  const spans: NerSpan[] = [];
  let start = -1;
  let type = '';
  for (let i = 0; i <= tags.length; i++) {
    const t = i < tags.length ? tags[i] : 'O';
    const isTag = t.length > 2 && t[1] === '-';
    const tType = isTag ? t.slice(2) : '';
    const cont = isTag && t[0] === 'I' && tType === type && start >= 0;
    if (!cont) {
      if (start >= 0) spans.push({ start, end: i, type });
      start = -1;
      type = '';
      if (isTag) {
        start = i;
        type = tType;
      }
    }
  }
  return spans;
}

/** BIO tags of `n` tokens from spans. */
export function spansToBio(spans: readonly NerSpan[], n: number): string[] {
  const tags = new Array<string>(n).fill('O');
  for (const s of spans) {
    for (let i = s.start; i < s.end; i++) tags[i] = `${i === s.start ? 'B' : 'I'}-${s.type}`;
  }
  return tags;
}

/** Parses CoNLL-2003 text into documents of sentences. Text before the first `-DOCSTART-` forms a document. */
export function parseConll2003(text: string): ConllDocument[] {
  const docs: ConllDocument[] = [];
  let doc: ConllDocument | null = null;
  let tokens: string[] = [];
  let pos: string[] = [];
  let chunk: string[] = [];
  let raw: string[] = [];
  const flush = (): void => {
    if (tokens.length === 0) return;
    if (!doc) {
      doc = { sentences: [] };
      docs.push(doc);
    }
    const tags = iob1ToBio(raw);
    doc.sentences.push({ tokens, pos, chunk, tags, spans: bioToSpans(tags) });
    tokens = [];
    pos = [];
    chunk = [];
    raw = [];
  };
  for (const line0 of text.split('\n')) {
    const line = line0.trim();
    if (line === '') {
      flush();
      continue;
    }
    const cols = line.split(/\s+/);
    if (cols[0] === '-DOCSTART-') {
      flush();
      doc = { sentences: [] };
      docs.push(doc);
      continue;
    }
    tokens.push(cols[0]);
    pos.push(cols.length > 3 ? cols[1] : '_');
    chunk.push(cols.length > 3 ? cols[2] : '_');
    raw.push(cols.length > 1 ? cols[cols.length - 1] : 'O');
  }
  flush();
  return docs.filter((d) => d.sentences.length > 0);
}

/** Reads a CoNLL-2003 file (`token POS chunk IOB1-tag`, `-DOCSTART-` between documents). */
export function readConll2003(path: string): ConllDocument[] {
  return parseConll2003(readFileSync(path, 'utf8'));
}

export interface PrfScore {
  p: number;
  r: number;
  f1: number;
  /** Counts behind the fractions. */
  gold: number;
  pred: number;
  correct: number;
}

export interface NerScore {
  precision: number;
  recall: number;
  f1: number;
  per_type: Record<string, PrfScore>;
  gold: number;
  pred: number;
  correct: number;
}

/** One sentence's labels: BIO/IOB1 tags, or spans. */
export type NerLabels = readonly string[] | readonly NerSpan[];

function toSpans(labels: NerLabels): readonly NerSpan[] {
  if (labels.length === 0) return [];
  return typeof labels[0] === 'string' ? bioToSpans(labels as readonly string[]) : (labels as readonly NerSpan[]);
}

function prf(correct: number, gold: number, pred: number): PrfScore {
  const p = pred > 0 ? correct / pred : 0;
  const r = gold > 0 ? correct / gold : 0;
  const f1 = p + r > 0 ? (2 * p * r) / (p + r) : 0;
  return { p, r, f1, gold, pred, correct };
}

/**
 * conlleval scoring: an entity counts as correct only when its start, end and type all match a gold entity.
 * `gold[i]` and `pred[i]` are the labels of sentence i (tags or spans). Types seen in gold or predictions all
 * get a `per_type` entry; the four CoNLL types are always present.
 */
export function scoreNer(gold: readonly NerLabels[], pred: readonly NerLabels[]): NerScore {
  if (gold.length !== pred.length) {
    throw new Error(`scoreNer: ${gold.length} gold sentences but ${pred.length} predicted`);
  }
  const counts = new Map<string, { gold: number; pred: number; correct: number }>();
  const bump = (type: string): { gold: number; pred: number; correct: number } => {
    let c = counts.get(type);
    if (!c) {
      c = { gold: 0, pred: 0, correct: 0 };
      counts.set(type, c);
    }
    return c;
  };
  for (const t of NER_TYPES) bump(t);
  for (let s = 0; s < gold.length; s++) {
    const g = toSpans(gold[s]);
    const p = toSpans(pred[s]);
    const goldKeys = new Set<string>();
    for (const span of g) {
      bump(span.type).gold++;
      goldKeys.add(`${span.start}:${span.end}:${span.type}`);
    }
    for (const span of p) {
      const c = bump(span.type);
      c.pred++;
      if (goldKeys.has(`${span.start}:${span.end}:${span.type}`)) c.correct++;
    }
  }
  let tg = 0;
  let tp = 0;
  let tc = 0;
  const per_type: Record<string, PrfScore> = {};
  for (const [type, c] of counts) {
    per_type[type] = prf(c.correct, c.gold, c.pred);
    tg += c.gold;
    tp += c.pred;
    tc += c.correct;
  }
  const all = prf(tc, tg, tp);
  return { precision: all.p, recall: all.r, f1: all.f1, per_type, gold: tg, pred: tp, correct: tc };
}

/** conlleval-like table of a score, one line per type. */
export function formatNerScore(s: NerScore): string {
  const pct = (x: number): string => (100 * x).toFixed(2).padStart(6);
  const lines = [
    `entities: gold ${s.gold}, predicted ${s.pred}, correct ${s.correct}`,
    `overall    P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}`,
  ];
  for (const [type, t] of Object.entries(s.per_type)) {
    lines.push(`${type.padEnd(10)} P ${pct(t.p)}  R ${pct(t.r)}  F1 ${pct(t.f1)}  (gold ${t.gold}, pred ${t.pred})`);
  }
  return lines.join('\n');
}
