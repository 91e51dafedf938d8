/**
 * Herald as a library: the front door (package.json "main"). Everything else under src/ is internal.
 *
 *   import { analyze } from 'herald';
 *   const result = analyze(text, { published: '2017-02-21' });   // Result: entities, quotes, events, …
 *   for (const q of result.quotes) console.log(q.speaker?.name, '—', q.text);
 *
 * `analyze` loads every model once, on its first call, and keeps them. `createPipeline(loadResources(…))` gives a
 * pipeline of one's own (e.g. with a user's actors file), and `createPipeline(resources, stages)` one with stages of
 * one's own (`Stage`: name, requires, assigns, run), checked when it is created; `createAnalyzer` spreads documents
 * over worker threads.
 */
import type { DocMeta } from './doc/doc.js';
import { createPipeline, type Pipeline } from './pipeline/analyze.js';
import type { Result, ResultOptions } from './pipeline/result.js';

export { createPipeline, loadResources, type Pipeline, type PipelineResources } from './pipeline/analyze.js';
export { checkStages, defaultStages } from './pipeline/stages.js';
export type { Layer, Stage } from './doc/stage.js';
export { toResult, type EntityRecord, type MentionRecord, type Result, type ResultOptions, type TokenRecord } from './pipeline/result.js';
export {
  analyzeMany, createAnalyzer, type AnalyzeOptions, type AnalyzeOutcome, type Analyzer, type PoolOptions,
} from './pipeline/workers.js';
export { loadUserActors, type UserActor, type UserActors } from './entities/user-actors.js';
export type {
  Actor, DateSource, Dateline, Doc, DocMeta, Entity, EntityType, EventArgument, EventCameo, EventEvidence, EventLocation,
  EventModality, EventPlover, EventRecord, EventVia, Mention, MentionKind, NerSpan, Quote, QuoteKind, QuoteSpan,
  QuoteSpeaker, Sentence, Span, TokenLayer,
} from './doc/doc.js';

let shared: Pipeline | undefined;

/** Analyses one article with the shipped models (loaded on the first call) into Herald's output schema. */
export function analyze(text: string, meta: DocMeta = {}, opts: ResultOptions = {}): Result {
  shared ??= createPipeline();
  return shared.analyze(text, meta, opts);
}
