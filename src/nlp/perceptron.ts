/**
 * The linear model and its trainer, now in linear/model.ts and linear/trainer.ts; re-exported here for the
 * quote models (src/quotes, scripts/train-quotes.ts), which keep their own code for now.
 */
export { argmax, LinearModel } from './linear/model.js';
export { PerceptronTrainer } from './linear/trainer.js';
