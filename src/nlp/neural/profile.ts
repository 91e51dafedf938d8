/**
 * The NLP profile: `fast` (the averaged-perceptron tagger and transition parser, Node alone) or `accurate` (the
 * neural core through onnxruntime-node). The global `--profile` sets HERALD_PROFILE, so worker threads, which
 * inherit the environment, load the same models.
 */
import { HeraldError, USAGE } from '../../text/errors.js';

export type NlpProfile = 'fast' | 'accurate';
export const PROFILE_ENV = 'HERALD_PROFILE';
export const PROFILES: readonly NlpProfile[] = ['fast', 'accurate'];
export const DEFAULT_PROFILE: NlpProfile = 'fast';

export function parseProfile(value: string): NlpProfile {
  if (value === 'fast' || value === 'accurate') return value;
  throw new HeraldError(`herald: unknown profile '${value}'; --profile is fast (perceptron models, Node alone) or accurate (the neural core, needs onnxruntime-node)`, USAGE);
}

export function profileFromEnv(): NlpProfile {
  const v = process.env[PROFILE_ENV];
  return v ? parseProfile(v) : DEFAULT_PROFILE;
}
