/**
 * The `herald` command: dispatches to subcommands and turns every failure into one clear line on stderr
 * (the full stack only with --debug).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HeraldError, USAGE } from '../text/errors.js';
import { packageRoot } from '../nlp/paths.js';
import { ACTORS_ENV, loadUserActors } from '../entities/user-actors.js';
import { NeuralCore } from '../nlp/neural/core.js';
import { parseProfile, PROFILE_ENV } from '../nlp/neural/profile.js';
import { MIN_CONFIDENCE_ENV, parseMinConfidence } from '../events/confidence.js';
import { requireOrtRuntime } from '../nlp/neural/runtime.js';
import { analyzeCommand } from './analyze.js';
import { benchCommand } from './bench.js';
import type { Command } from './args.js';
import { evalCommand } from './eval.js';
import { exportCommand } from './export.js';
import { ingestCommand } from './ingest.js';
import { queryCommand } from './query.js';
import { queueCommand, workerCommand } from './worker.js';
import { serveCommand, startCommand } from './serve.js';

const COMMANDS: Command[] = [analyzeCommand, evalCommand, ingestCommand, queryCommand, exportCommand, serveCommand, startCommand, workerCommand, queueCommand, benchCommand];

function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function mainHelp(): string {
  return `Herald ${version()} — who said what, and who did what to whom, from news text. Offline.

Usage: herald COMMAND [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'herald COMMAND --help' for a command's options.
Global options: --help, --version, --debug (stack traces on errors),
  --actors FILE (your own actors, extending and overriding the shipped knowledge base; analyze, ingest, serve, eval),
  --profile fast|accurate (tagger and parser: fast = perceptron models, the default; accurate = the neural core,
  needs the optional onnxruntime-node; analyze, ingest, serve, worker, eval, bench),
  --min-confidence X (0 to 1: leave out events less likely than X; default the event confidence model's floor,
  minConfidence in models/event-confidence.json; 0 keeps every event the story scope admits).

Examples:
  herald analyze examples/seed-article.txt
  herald analyze article.txt --format json --tokens
  herald eval ud --gold ../shared/data/ud/en_ewt-ud-dev.conllu`;
}

/**
 * Takes every `--name VALUE` or `--name=VALUE` out of `args`, handing each value to `use` (which checks it and
 * throws a HeraldError naming the fix); `missing` is the message for a flag given no value. Returns the other
 * arguments. The global flags are read so once, before a command sees its own.
 */
function takeGlobalFlag(args: string[], name: string, missing: string, use: (value: string) => void): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let value: string | undefined;
    if (a === name) {
      value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new HeraldError(`herald: ${name} ${missing}`, USAGE);
    } else if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
    else {
      out.push(a);
      continue;
    }
    use(value);
  }
  return out;
}

/**
 * The global flags, each checked once here and handed to every pipeline, worker threads included, through the
 * environment: `--actors FILE` (a user's own actors, src/entities/user-actors.ts; HERALD_ACTORS), `--profile
 * fast|accurate` (src/nlp/neural/profile.ts: the accurate profile's runtime and model must be there; HERALD_PROFILE),
 * `--min-confidence X` (src/events/confidence.ts; HERALD_MIN_CONFIDENCE). Returns the other arguments.
 */
function takeGlobalFlags(args: string[]): string[] {
  let rest = takeGlobalFlag(args, '--actors', 'needs a FILE (a JSON actors file; see the README, "Your own actors")', (file) => {
    const path = resolve(file);
    loadUserActors(path);
    process.env[ACTORS_ENV] = path;
  });
  rest = takeGlobalFlag(rest, '--profile', 'needs fast or accurate', (value) => {
    const profile = parseProfile(value);
    if (profile === 'accurate') {
      requireOrtRuntime();
      if (!NeuralCore.filesPresent()) NeuralCore.load();
    }
    process.env[PROFILE_ENV] = profile;
  });
  return takeGlobalFlag(rest, '--min-confidence', 'needs a number from 0 to 1 (0 keeps every event)', (value) => {
    const x = parseMinConfidence(value);
    if (typeof x === 'string') throw new HeraldError(`herald: ${x}`, USAGE);
    process.env[MIN_CONFIDENCE_ENV] = String(x);
  });
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  // A closed pipe (e.g. `herald analyze … | head`) is a normal way to stop reading, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      console.log(mainHelp());
      return 0;
    }
    if (name === '--version' || name === '-v') {
      console.log(version());
      return 0;
    }
    const cmd = COMMANDS.find((c) => c.name === name);
    if (!cmd) {
      throw new HeraldError(`herald: unknown command '${name}'; commands are ${COMMANDS.map((c) => c.name).join(', ')} (see 'herald --help')`, USAGE);
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(cmd.help);
      return 0;
    }
    return await cmd.run(takeGlobalFlags(rest));
  } catch (e) {
    if (debug) console.error(e);
    else if (e instanceof HeraldError) console.error(e.message);
    else console.error(`herald: ${(e as Error).message ?? String(e)} (run again with --debug for details)`);
    return e instanceof HeraldError ? e.exitCode : 1;
  }
}
