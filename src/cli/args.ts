/**
 * Flag parsing on top of node:util parseArgs, turning its exceptions into one-line usage errors that say
 * which flag is wrong and where to read about the right ones.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HeraldError, USAGE } from '../text/errors.js';
import { isoDateProblem } from '../time/publication.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  name: string;
  summary: string;
  /** Full help text shown by `herald <cmd> --help`. */
  help: string;
  run(argv: string[]): Promise<number>;
}

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseFlags(command: string, argv: string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new HeraldError(`herald ${command}: ${msg}; see 'herald ${command} --help'`, USAGE);
  }
}

export function stringFlag(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function oneOf<T extends string>(command: string, flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new HeraldError(`herald ${command}: --${flag} must be one of ${allowed.join(', ')} (got '${value}')`, USAGE);
}

/** A YYYY-MM-DD flag that must be a real day (`--since 2017-13-45` is an error, not a string to compare). */
export function checkDate(command: string, flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const why = isoDateProblem(value);
  if (why) throw new HeraldError(`herald ${command}: ${flag} must be a real date like 2017-02-21 (got '${value}': ${why})`, USAGE);
  return value;
}
