/**
 * The feature-key helpers, now in linear/keys.ts; re-exported here for the quote models (src/quotes), which
 * keep their own code for now.
 */
export { FeatureBuffer, finish, hashString, key1, key2, key3, mix } from './linear/keys.js';
