/**
 * The shipped stages in order, and the check `createPipeline` makes once: every layer a stage requires is given
 * (the text and its metadata) or assigned by a stage before it.
 */
import { GIVEN_LAYERS, type Layer, type Stage } from '../doc/stage.js';
import { createEntitiesStage, type EntityResources } from '../entities/stage.js';
import { createEventsStage } from '../events/stage.js';
import type { EventResources } from '../events/resources.js';
import { createGeoStage } from '../geo/stage.js';
import { createNlpStage, type NlpResources } from '../nlp/stage.js';
import { createQuotesStage, type QuoteResources } from '../quotes/stage.js';
import { publicationStage } from '../text/dateline.js';
import { createTimeStage } from '../time/stage.js';

export interface StageResources extends NlpResources, EntityResources {
  quotes: QuoteResources;
  events: EventResources;
}

/** Herald's stages: publication date and dateline, NLP core, entities, quotes, time, places, events. */
export function defaultStages(res: StageResources): Stage[] {
  return [
    publicationStage,
    createNlpStage(res),
    createEntitiesStage(res),
    createQuotesStage(res.quotes),
    createTimeStage(),
    createGeoStage(),
    createEventsStage(res.events),
  ];
}

/**
 * Throws when a stage requires a layer that neither the Doc nor an earlier stage provides, or when two stages
 * share a name; the message names the stage, the layer, and which stage (if any) assigns it.
 */
export function checkStages(stages: readonly Stage[]): void {
  const have = new Set<Layer>(GIVEN_LAYERS);
  const names = new Set<string>();
  const order = stages.map((s) => s.name).join(' → ');
  stages.forEach((stage, i) => {
    if (names.has(stage.name)) throw new Error(`createPipeline: two stages are named "${stage.name}" (stages: ${order})`);
    names.add(stage.name);
    const missing = stage.requires.filter((l) => !have.has(l));
    if (missing.length) {
      const later = stages.slice(i + 1).find((s) => missing.some((l) => s.assigns.includes(l)));
      const fix = later
        ? `"${later.name}" assigns ${quoted(missing.filter((l) => later.assigns.includes(l)))} but runs after it; put it before "${stage.name}"`
        : `no stage assigns ${missing.length > 1 ? 'them' : 'it'}; add one before "${stage.name}"`;
      throw new Error(`createPipeline: stage "${stage.name}" requires ${quoted(missing)}, which no stage before it assigns (stages: ${order}): ${fix}`);
    }
    for (const l of stage.assigns) have.add(l);
  });
}

const quoted = (layers: readonly Layer[]): string => layers.map((l) => `"${l}"`).join(', ');
