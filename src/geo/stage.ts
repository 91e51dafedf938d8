/**
 * The geo stage: `Doc.places`, each sentence's place mentions (places.ts), found the first time a sentence is
 * asked for and kept; the events stage asks for the sentences it places events in.
 */
import type { Doc, PlaceLayer, PlaceMention } from '../doc/doc.js';
import type { Stage } from '../doc/stage.js';
import { Gazetteer } from './gazetteer.js';
import { placesInSentence } from './places.js';

export interface GeoStageOptions {
  /** Default: the shipped gazetteer, loaded when a sentence is first asked for. */
  gazetteer?: Gazetteer;
}

class SentencePlaces implements PlaceLayer {
  private readonly bySentence = new Map<number, PlaceMention[]>();
  constructor(
    private readonly doc: Doc,
    private gazetteer: Gazetteer | undefined,
  ) {}

  mentions(si: number): PlaceMention[] {
    let out = this.bySentence.get(si);
    if (!out) {
      this.gazetteer ??= Gazetteer.default();
      out = placesInSentence(this.doc, si, { gazetteer: this.gazetteer });
      this.bySentence.set(si, out);
    }
    return out;
  }
}

/** Adds `doc.places`. */
export function geoStage(doc: Doc, opts: GeoStageOptions = {}): void {
  doc.places = new SentencePlaces(doc, opts.gazetteer);
}

export function createGeoStage(opts: GeoStageOptions = {}): Stage {
  return { name: 'geo', requires: ['tokens', 'sentences', 'tags', 'lemmas'], assigns: ['places'], run: (doc) => geoStage(doc, opts) };
}
