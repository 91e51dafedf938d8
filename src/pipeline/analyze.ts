/**
 * The pipeline: text → Doc → each stage adds its layer → Result. `createPipeline` loads every model once;
 * `analyze` handles one document and `analyzeMany` a stream of them with the same resources.
 */
import { emptyTokenLayer, type Doc, type DocMeta } from '../doc/doc.js';
import { documentId } from '../doc/id.js';
import type { Stage } from '../doc/stage.js';
import { loadNlpResources } from '../nlp/stage.js';
import { NeuralCore } from '../nlp/neural/core.js';
import { profileFromEnv } from '../nlp/neural/profile.js';
import { KbActorCoder } from '../entities/coding.js';
import { userActorsFromEnv, type UserActors } from '../entities/user-actors.js';
import { loadQuoteResources } from '../quotes/stage.js';
import { loadEventResources } from '../events/resources.js';
import { shareModels, type SharedModels } from '../nlp/model-file.js';
import { toResult, type Result, type ResultOptions } from './result.js';
import { checkStages, defaultStages, type StageResources } from './stages.js';

export interface Pipeline {
  analyzeDoc(text: string, meta?: DocMeta): Doc;
  analyze(text: string, meta?: DocMeta, opts?: ResultOptions): Result;
  analyzeMany(items: Iterable<{ text: string; meta?: DocMeta }>, opts?: ResultOptions): Generator<Result>;
}

export function newDoc(text: string, meta: DocMeta = {}): Doc {
  return {
    id: documentId(text),
    text,
    meta,
    tokens: emptyTokenLayer(0),
    sentences: [],
  };
}

export type PipelineResources = StageResources;

/**
 * Loads every model and dictionary once; they are shared by all documents analysed with them. `actors` is a
 * user's own actors file (default: the one HERALD_ACTORS names, which `--actors FILE` sets).
 */
export function loadResources(opts: { actors?: UserActors | null } = {}): PipelineResources {
  const actors = opts.actors === undefined ? userActorsFromEnv() : opts.actors;
  // assigned onto the NLP resources, not spread: a spread would read (and so load) the accurate profile's lazy models
  return Object.assign(loadNlpResources(), { coder: KbActorCoder.load(actors), quotes: loadQuoteResources(), events: loadEventResources({ actors }) });
}

/**
 * The statistical models' arrays, loaded once into shared memory for worker threads (see `shareModels`): each
 * model file decoded, plus the scorer and lookup tables built from them, so that workers map them instead of
 * holding a copy each. The models are loaded as this thread's defaults (`Tagger.default()`, …), so the thread
 * that shares them analyses with those very objects and builds nothing twice.
 */
export function shareResources(): SharedModels {
  return shareModels(() => {
    // the NLP models score through FrozenScorer, whose tables they build as they load; the quote models score
    // through LinearModel.score, whose key table is built here so that it is shared too
    loadNlpResources();
    // (the accurate profile's network runs in the workers only: its word index is shared, its sessions are theirs)
    if (profileFromEnv() === 'accurate') NeuralCore.shareWords();
    const q = loadQuoteResources().model;
    q.cue.prepare();
    q.sc.prepare();
  });
}

/**
 * A pipeline over `stages` (default: the shipped ones, `defaultStages(resources)`), checked once here: a stage
 * whose required layers no earlier stage assigns is an error now, before any document.
 */
export function createPipeline(resources: PipelineResources = loadResources(), stages: readonly Stage[] = defaultStages(resources)): Pipeline {
  checkStages(stages);
  const analyzeDoc = (text: string, meta: DocMeta = {}): Doc => {
    const doc = newDoc(text, meta);
    for (const stage of stages) stage.run(doc);
    return doc;
  };
  return {
    analyzeDoc,
    analyze: (text, meta, opts) => toResult(analyzeDoc(text, meta), opts),
    *analyzeMany(items, opts) {
      for (const item of items) yield toResult(analyzeDoc(item.text, item.meta), opts);
    },
  };
}
