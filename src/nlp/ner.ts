/**
 * The named-entity recogniser's public face (the model is in ner/: model.ts loads and decodes, features.ts,
 * decoder.ts, labels.ts, resources.ts, train.ts, types.ts). Kept as one import for src/cli and the scripts.
 */
export { conllForm as normalizeForm } from './linear/normalize.js';
export { NER_ENTITY_TYPES, bioToLabels, type NerEntitySpan, type NerType } from './ner/labels.js';
export { NerModel } from './ner/model.js';
export { GAZ_KINDS, Gazetteer, type GazKind, type NerResources, WordClusters } from './ner/resources.js';
export { trainNer, type NerTrainDoc, type NerTrainOptions } from './ner/train.js';
export { heraldType, type HeraldEntityType } from './ner/types.js';
