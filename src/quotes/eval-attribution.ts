/**
 * `herald eval attribution --gold DIR`: scores the quotes stage on PolNeAR-format data.
 *
 * Each attribution the quotes stage found (`attributionsOf`: its quotes plus the attributions that are not
 * reported speech by the news conventions) with confidence ≥ 0.5 predicts a content span (its `parts` when interrupted), its cue and its
 * speaker mention. Gold: every Source / Cue / Content span of the annotation file (the first annotator's
 * file in sorted order where a text has several). Spans are compared after trimming whitespace and quote
 * marks from each piece; `exact` needs identical pieces, `_overlap` needs shared characters ≥ 50% of the longer
 * span. Matching is one-to-one. `relation`: a quote whose content and speaker both overlap-match the content
 * and source of one gold attribution.
 */
import type { Span } from '../doc/doc.js';
import { readPolnearDir, type BratSpan } from './polnear.js';
import { attributionsOf, type Quote } from './stage.js';

export interface Prf {
  p: number;
  r: number;
  f1: number;
}

const QUOTE_CHARS = /[\s“”"‘’'«»`]/u;

/** Pieces trimmed of whitespace and quote marks; empty pieces dropped. */
export function normalizeSpan(frags: Span[], text: string): Span[] {
  const out: Span[] = [];
  for (const f of [...frags].sort((a, b) => a.start - b.start)) {
    let s = f.start;
    let e = f.end;
    while (s < e && QUOTE_CHARS.test(text[s])) s++;
    while (e > s && QUOTE_CHARS.test(text[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e });
  }
  return out;
}

const keyOf = (sp: Span[]): string => sp.map((f) => `${f.start}-${f.end}`).join(',');
const lengthOf = (sp: Span[]): number => sp.reduce((n, f) => n + f.end - f.start, 0);

function shared(a: Span[], b: Span[]): number {
  let n = 0;
  for (const x of a) for (const y of b) n += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
  return n;
}

export function overlapRatio(a: Span[], b: Span[]): number {
  const l = Math.max(lengthOf(a), lengthOf(b));
  return l === 0 ? 0 : shared(a, b) / l;
}

interface Counts {
  tp: number;
  pred: number;
  gold: number;
}

/** One-to-one matching count between predicted and gold spans. */
function matchCount(pred: Span[][], gold: Span[][], overlap: boolean): number {
  const used = new Uint8Array(gold.length);
  let tp = 0;
  if (!overlap) {
    const byKey = new Map<string, number[]>();
    gold.forEach((g, i) => byKey.set(keyOf(g), [...(byKey.get(keyOf(g)) ?? []), i]));
    for (const p of pred) {
      const list = byKey.get(keyOf(p));
      const i = list?.find((k) => !used[k]);
      if (i !== undefined) {
        used[i] = 1;
        tp++;
      }
    }
    return tp;
  }
  // greedy by best ratio
  const pairs: [number, number, number][] = [];
  pred.forEach((p, i) =>
    gold.forEach((g, j) => {
      const r = overlapRatio(p, g);
      if (r >= 0.5) pairs.push([r, i, j]);
    }),
  );
  pairs.sort((a, b) => b[0] - a[0]);
  const usedP = new Uint8Array(pred.length);
  for (const [, i, j] of pairs) {
    if (usedP[i] || used[j]) continue;
    usedP[i] = 1;
    used[j] = 1;
    tp++;
  }
  return tp;
}

const r4 = (x: number): number => Math.round(x * 10000) / 10000;

const prf = (c: Counts): Prf => {
  const p = c.pred ? c.tp / c.pred : 0;
  const r = c.gold ? c.tp / c.gold : 0;
  return { p, r, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
};

function dedupe(spans: Span[][]): Span[][] {
  const seen = new Set<string>();
  return spans.filter((s) => {
    const k = keyOf(s);
    if (s.length === 0 || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface AttributionScores {
  [key: string]: unknown;
  source: Prf;
  cue: Prf;
  content: Prf;
  source_overlap: Prf;
  cue_overlap: Prf;
  content_overlap: Prf;
  relation: Prf;
}

/** Scores predicted quotes against one gold text; adds into `acc`. */
export function scoreDocument(
  text: string,
  goldSpans: BratSpan[],
  goldAttrs: { source: BratSpan | null; content: BratSpan[] }[],
  quotes: Quote[],
  acc: Record<string, Counts>,
): void {
  const norm = (f: Span[]): Span[] => normalizeSpan(f, text);
  const gold = (label: string): Span[][] => dedupe(goldSpans.filter((s) => s.label === label).map((s) => norm(s.frags)));
  const kept = quotes.filter((q) => q.confidence >= 0.5);
  const pred = {
    Content: dedupe(kept.map((q) => norm(q.parts ?? [{ start: q.start, end: q.end }]))),
    Cue: dedupe(kept.filter((q) => q.cue).map((q) => norm([q.cue!]))),
    Source: dedupe(kept.filter((q) => q.speaker).map((q) => norm([q.speaker!]))),
  };
  for (const [label, name] of [
    ['Content', 'content'],
    ['Cue', 'cue'],
    ['Source', 'source'],
  ] as const) {
    const g = gold(label);
    const p = pred[label];
    for (const [suffix, ov] of [
      ['', false],
      ['_overlap', true],
    ] as const) {
      const c = (acc[name + suffix] ??= { tp: 0, pred: 0, gold: 0 });
      c.tp += matchCount(p, g, ov);
      c.pred += p.length;
      c.gold += g.length;
    }
  }
  // relation: content and source both overlap-matched within the same attribution
  const ga = goldAttrs
    .filter((a) => a.source && a.content.length)
    .map((a) => ({ src: norm(a.source!.frags), cnt: norm(a.content.flatMap((c) => c.frags)) }));
  const pa = kept
    .filter((q) => q.speaker)
    .map((q) => ({ src: norm([q.speaker!]), cnt: norm(q.parts ?? [{ start: q.start, end: q.end }]) }));
  const used = new Uint8Array(ga.length);
  let tp = 0;
  for (const p of pa) {
    const j = ga.findIndex((g, k) => !used[k] && overlapRatio(p.cnt, g.cnt) >= 0.5 && overlapRatio(p.src, g.src) >= 0.5);
    if (j >= 0) {
      used[j] = 1;
      tp++;
    }
  }
  const r = (acc.relation ??= { tp: 0, pred: 0, gold: 0 });
  r.tp += tp;
  r.pred += pa.length;
  r.gold += ga.length;
}

/** Analyses one text the way the shipped pipeline does and returns its quotes. */
export type QuoteRunner = (text: string) => Quote[];

export function evaluateAttribution(
  dir: string,
  run: QuoteRunner,
  log: (s: string) => void = console.log,
): AttributionScores {
  const docs = readPolnearDir(dir);
  if (docs.length === 0) throw new Error(`${dir}: no PolNeAR texts with annotations found`);
  const multi = docs.filter((d) => d.annotatorFiles > 1);
  log(
    `gold: ${dir}  (${docs.length} texts; ${multi.length} have several annotators' files, scored against the first ` +
      'in sorted order)',
  );
  const acc: Record<string, Counts> = {};
  const t0 = performance.now();
  let chars = 0;
  for (const d of docs) {
    // PolNeAR annotates attributions in a broader sense than reported speech (stance, intention: "X wants …",
    // "X declined to comment"): the taggers' full set is scored, not only the quotes the news conventions keep.
    const quotes = attributionsOf(run(d.text));
    chars += d.text.length;
    scoreDocument(d.text, d.spans, d.attributions, quotes, acc);
  }
  const ms = performance.now() - t0;
  const out: Record<string, unknown> = {};
  for (const k of ['source', 'cue', 'content', 'source_overlap', 'cue_overlap', 'content_overlap', 'relation']) {
    const c = acc[k] ?? { tp: 0, pred: 0, gold: 0 };
    const s = prf(c);
    out[k] = { p: r4(s.p), r: r4(s.r), f1: r4(s.f1) };
    log(
      `${k.padEnd(16)} P ${(100 * s.p).toFixed(2)}  R ${(100 * s.r).toFixed(2)}  F1 ${(100 * s.f1).toFixed(2)}` +
        `   (${c.tp} matched, ${c.pred} predicted, ${c.gold} gold)`,
    );
  }
  out.texts = docs.length;
  out.chars_per_sec = Math.round((chars / ms) * 1000);
  log(`speed: ${out.chars_per_sec} chars/s (whole pipeline, one core)`);
  return out as AttributionScores;
}

