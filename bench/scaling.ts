/**
 * How analysis time grows with document length (issue 14): the whole pipeline, stage by stage, on one text
 * repeated 1×, 4× and 16×, and the exponent k of time ∝ length^k fitted over those sizes (least squares on
 * log-log). Linear work gives k ≈ 1; a stage that rescans the document per sentence, quote or mention shows
 * up as k → 2 on the long sizes.
 */
import type { DocMeta } from '../src/doc/doc.js';
import { entitiesStage } from '../src/entities/stage.js';
import { eventsStage } from '../src/events/stage.js';
import { nlpStage } from '../src/nlp/stage.js';
import { newDoc, type PipelineResources } from '../src/pipeline/analyze.js';
import { toResult } from '../src/pipeline/result.js';
import { quotesStage } from '../src/quotes/stage.js';

export const STAGES = ['nlp', 'entities', 'quotes', 'events', 'result'] as const;
export type Stage = (typeof STAGES)[number];

export interface SizePoint {
  multiplier: number;
  chars: number;
  /** Best of the runs, milliseconds of this process's CPU time (steadier than wall time on a shared host). */
  ms: number;
  stages: Record<Stage, number>;
  events: number;
  quotes: number;
}

export interface ScalingReport {
  points: SizePoint[];
  /** Exponent of the whole analysis's time over length. */
  exponent: number;
  /** The same per stage. */
  stages: Record<Stage, number>;
}

/**
 * Least-squares slope of log(y) over log(x): the exponent k of y ∝ x^k. NaN with fewer than two distinct x or
 * a non-positive value.
 */
export function scalingExponent(points: readonly { x: number; y: number }[]): number {
  if (points.some((p) => !(p.x > 0) || !(p.y > 0))) return NaN;
  const lx = points.map((p) => Math.log(p.x));
  const ly = points.map((p) => Math.log(p.y));
  const n = points.length;
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i] - mx) ** 2;
    sxy += (lx[i] - mx) * (ly[i] - my);
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

/** One analysis, stage by stage in CPU milliseconds (the same stages, in the same order, as `createPipeline().analyze`). */
export function timedAnalysis(res: PipelineResources, text: string, meta: DocMeta): { stages: Record<Stage, number>; events: number; quotes: number } {
  const stages = { nlp: 0, entities: 0, quotes: 0, events: 0, result: 0 };
  const doc = newDoc(text, meta);
  const cpuMs = (): number => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  let t = cpuMs();
  const lap = (s: Stage): void => {
    const now = cpuMs();
    stages[s] = now - t;
    t = now;
  };
  nlpStage(doc, res);
  lap('nlp');
  entitiesStage(doc, res);
  lap('entities');
  quotesStage(doc, res.quotes);
  lap('quotes');
  eventsStage(doc, res.events);
  lap('events');
  const r = toResult(doc, { text: false });
  lap('result');
  return { stages, events: r.events.length, quotes: r.quotes.length };
}

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Times the analysis of `unit` repeated `multipliers` times (joined by a blank line), best of `runs(m)`
 * runs per size, after one untimed warm-up on the smallest size.
 */
export function measureScaling(
  res: PipelineResources,
  unit: string,
  meta: DocMeta,
  multipliers: readonly number[] = [1, 4, 16],
  runs: (m: number) => number = (m) => (m >= 16 ? 1 : m >= 4 ? 2 : 3),
): ScalingReport {
  const text = (m: number): string => Array.from({ length: m }, () => unit).join(unit.endsWith(' ') ? '' : '\n\n');
  timedAnalysis(res, text(multipliers[0]), meta);
  const points: SizePoint[] = [];
  for (const m of multipliers) {
    const t = text(m);
    let best: ReturnType<typeof timedAnalysis> | undefined;
    let bestMs = Infinity;
    for (let r = 0; r < Math.max(1, runs(m)); r++) {
      const one = timedAnalysis(res, t, meta);
      const ms = STAGES.reduce((a, s) => a + one.stages[s], 0);
      if (ms < bestMs) {
        bestMs = ms;
        best = one;
      }
    }
    const b = best as ReturnType<typeof timedAnalysis>;
    points.push({
      multiplier: m,
      chars: t.length,
      ms: Math.round(bestMs),
      stages: Object.fromEntries(STAGES.map((s) => [s, Math.round(b.stages[s])])) as Record<Stage, number>,
      events: b.events,
      quotes: b.quotes,
    });
  }
  const fit = (y: (p: SizePoint) => number): number => round(scalingExponent(points.map((p) => ({ x: p.chars, y: Math.max(1, y(p)) }))), 3);
  return {
    points,
    exponent: fit((p) => p.ms),
    stages: Object.fromEntries(STAGES.map((s) => [s, fit((p) => p.stages[s])])) as Record<Stage, number>,
  };
}
