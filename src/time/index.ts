/** The time stage's public API (see expressions.ts, publication.ts, stage.ts). */
export { findTimeExpressions, clauseTense, type TimeExpression, type TimePrecision, type FindOptions } from './expressions.js';
export { publicationDate, type PublicationDate } from './publication.js';
export { createTimeStage, dateForEvent, timeStage, type EventDate, type TimeStageOptions } from './stage.js';
