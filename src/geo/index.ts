/** The geo stage's public API (see gazetteer.ts, places.ts, stage.ts). */
export { Gazetteer, type Place, type PlaceKind } from './gazetteer.js';
export { placesInSentence, locationForEvent, type PlaceMention, type PlaceOptions, type LocationOptions } from './places.js';
export { nameKey } from './names.js';
export { createGeoStage, geoStage, type GeoStageOptions } from './stage.js';
