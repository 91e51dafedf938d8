/**
 * Trains the dependency parser on UD English EWT (CC BY-SA 4.0) and writes models/parser.bin.gz.
 *
 *   npm run train:parser -- [--train F] [--dev F] [--gum F] [--out F] [--epochs 12] [--seeds 1,2,3] [--folds 5]
 *                           [--beam 4] [--decode-beam 4] [--beam-margin 750] [--prune-transitions 8]
 *                           [--merge F1,F2,...]
 *                           [--labeler-epochs 0] [--rel-mix 0,0.5,1,2] [--labeler-trees gold|jackknife]
 *                           [--labeler-fold-epochs 8] [--parses-cache F]
 *                           [--gold-tags] [--tagger MODEL] [--tags-cache F] [--dev-tags-cache F]
 *                           [--clusters data/word-clusters.tsv.gz] [--min-weight 1] [--min-feature-count 2]
 *                           [--explore 0.9]
 *
 * Training tags are jackknifed tagger predictions (K contiguous folds: a tagger trained on the other folds tags
 * each one) so the parser learns from the tagger's errors; --gold-tags trains on gold tags. One parser is trained
 * per seed (--beam 1: greedy with the dynamic oracle; > 1: beam search with max-violation updates); dev is scored
 * after every epoch with the shipped tagger's predicted tags, decoding with --decode-beam, and each seed's epoch
 * with the best dev LAS is kept (deterministic for a given seed and tagger). The seeds' parsers are merged into
 * one model by adding their weights (--merge merges saved models instead of training), whose transition weights
 * below --prune-transitions are dropped. --labeler-epochs > 0
 * trains the second-pass labeler on top and keeps it if it raises dev LAS; with --labeler-trees jackknife it learns
 * to label the trees a parser makes on unseen text (each fold of train parsed by a parser trained on the other
 * folds for --labeler-fold-epochs epochs), not the gold trees. --tags-cache / --dev-tags-cache keep
 * the tags in JSON files for quicker experiments. GUM dev is scored as a cross-domain check only: GUM is
 * non-commercial, never trained on.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { readConllu, type ConlluSentence } from '../src/nlp/conllu.js';
import { normalizeWord } from '../src/nlp/linear/normalize.js';
import { Parser } from '../src/nlp/parser/parser.js';
import { scoreParser, trainLabeler, trainParser } from '../src/nlp/parser/train.js';
import { dataPath, modelPath, sharedDataPath } from '../src/nlp/paths.js';
import { Tagger } from '../src/nlp/tagger/tagger.js';
import { trainTagger } from '../src/nlp/tagger/train.js';

type Tags = { upos: string[]; xpos: string[] }[];

const { values: args } = parseArgs({
  options: {
    train: { type: 'string', default: sharedDataPath('ud/en_ewt-ud-train.conllu') },
    dev: { type: 'string', default: sharedDataPath('ud/en_ewt-ud-dev.conllu') },
    gum: { type: 'string', default: sharedDataPath('ud/en_gum-ud-dev.conllu') },
    out: { type: 'string', default: modelPath('parser.bin.gz') },
    epochs: { type: 'string', default: '12' },
    seeds: { type: 'string', default: '1,2,3' },
    merge: { type: 'string' },
    beam: { type: 'string', default: '4' },
    'decode-beam': { type: 'string', default: '4' },
    'beam-margin': { type: 'string', default: '750' },
    'prune-transitions': { type: 'string', default: '8' },
    'labeler-epochs': { type: 'string', default: '0' },
    'rel-mix': { type: 'string', default: '0,0.5,1,2' },
    folds: { type: 'string', default: '5' },
    'gold-tags': { type: 'boolean', default: false },
    tagger: { type: 'string' },
    'tags-cache': { type: 'string' },
    'dev-tags-cache': { type: 'string' },
    clusters: { type: 'string', default: dataPath('word-clusters.tsv.gz') },
    'min-weight': { type: 'string' },
    'min-feature-count': { type: 'string' },
    explore: { type: 'string' },
    'labeler-trees': { type: 'string', default: 'gold' },
    'labeler-fold-epochs': { type: 'string', default: '8' },
    'parses-cache': { type: 'string' },
  },
});

if (args['labeler-trees'] !== 'gold' && args['labeler-trees'] !== 'jackknife') {
  console.error(`train-parser: --labeler-trees ${args['labeler-trees']}: use gold or jackknife`);
  process.exit(2);
}
const log = (msg: string): void => console.log(msg);
const fmt = (x: number): string => (100 * x).toFixed(2);

/** Hierarchical word clusters (data/word-clusters.tsv.gz: `path<TAB>word<TAB>count`), one path per normalised word. */
function loadClusters(path: string): Map<string, string> | undefined {
  if (!existsSync(path)) return undefined;
  const best = new Map<string, [string, number]>();
  for (const line of gunzipSync(readFileSync(path)).toString('utf8').split('\n')) {
    const [bits, word, count] = line.split('\t');
    if (!word) continue;
    const key = normalizeWord(word);
    const n = Number(count);
    const b = best.get(key);
    if (!b || n > b[1]) best.set(key, [bits, n]);
  }
  return new Map([...best].map(([w, [bits]]) => [w, bits]));
}
const started = performance.now();
const train = readConllu(args.train);
const dev = readConllu(args.dev);
log(`train ${train.length} sentences (${args.train}), dev ${dev.length} sentences`);
// Jackknifing (tags, and parses for the labeler): contiguous folds keep each document's sentences together, so a
// held-out fold is as unseen as dev is.
const folds = Number(args.folds);
const foldOf = (i: number): number => Math.floor((i * folds) / train.length);

const tagAll = (tagger: Tagger, sents: ConlluSentence[]): Tags =>
  sents.map((s) => tagger.tagSentence(s.words.map((w) => w.form)));

function tagAccuracy(sents: ConlluSentence[], tags: Tags): string {
  let u = 0;
  let x = 0;
  let n = 0;
  sents.forEach((s, i) => s.words.forEach((w, j) => {
    n++;
    if (tags[i].upos[j] === w.upos) u++;
    if (tags[i].xpos[j] === w.xpos) x++;
  }));
  return `UPOS ${fmt(u / n)} XPOS ${fmt(x / n)}`;
}

let tagger: Tagger | null = null;
try {
  tagger = args.tagger ? Tagger.load(args.tagger) : Tagger.default();
} catch (e) {
  log(`no shipped tagger (${(e as Error).message.split(';')[0]})`);
}
let trainTags: Tags | undefined;
if (!args['gold-tags']) {
  const cache = args['tags-cache'];
  if (cache && existsSync(cache)) {
    trainTags = JSON.parse(readFileSync(cache, 'utf8')) as Tags;
    log(`jackknifed train tags from ${cache}`);
  } else {
    trainTags = new Array<Tags[number]>(train.length);
    for (let f = 0; f < folds; f++) {
      const t0 = performance.now();
      const rest = train.filter((_, i) => foldOf(i) !== f);
      const foldTagger = trainTagger(rest, { seed: 1 });
      for (let i = 0; i < train.length; i++) {
        if (foldOf(i) === f) trainTags[i] = foldTagger.tagSentence(train[i].words.map((w) => w.form));
      }
      log(`jackknife fold ${f + 1}/${folds}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    if (cache) writeFileSync(cache, JSON.stringify(trainTags));
  }
  log(`jackknifed train tags (${args.folds}-fold): ${tagAccuracy(train, trainTags)}`);
}
let devTags: Tags | undefined;
let gumTags: Tags | undefined;
const gum = existsSync(args.gum) ? readConllu(args.gum) : null;
const devCache = args['dev-tags-cache'];
if (devCache && existsSync(devCache)) {
  ({ dev: devTags, gum: gumTags } = JSON.parse(readFileSync(devCache, 'utf8')) as { dev: Tags; gum?: Tags });
  log(`dev tags from ${devCache}: ${tagAccuracy(dev, devTags)}`);
} else if (tagger) {
  devTags = tagAll(tagger, dev);
  if (gum) gumTags = tagAll(tagger, gum);
  log(`dev tags (${args.tagger ?? 'shipped tagger'}): ${tagAccuracy(dev, devTags)}`);
  if (devCache) writeFileSync(devCache, JSON.stringify({ dev: devTags, gum: gumTags }));
} else log('no tagger: scoring dev with gold tags only');

const clusters = loadClusters(args.clusters);
log(clusters ? `word clusters: ${clusters.size} words from ${args.clusters}` : 'no word clusters');

/** Trains one parser; early stopping on dev: the epoch with the best LAS is the one kept. */
function trainOne(seed: number): { epoch: number; uas: number; las: number; parser: Parser } {
  let best: { epoch: number; uas: number; las: number; parser: Parser } | null = null;
  trainParser(train, {
    clusters,
    epochs: Number(args.epochs),
    seed,
    tags: trainTags,
    minWeight: args['min-weight'] ? Number(args['min-weight']) : undefined,
    minFeatureCount: args['min-feature-count'] ? Number(args['min-feature-count']) : undefined,
    explore: args.explore ? Number(args.explore) : undefined,
    beam: Number(args.beam),
    decodeBeam: Number(args['decode-beam']),
    log,
    onEpoch: (epoch, p) => {
      const s = scoreParser(p, dev, devTags);
      if (!best || s.las > best.las) best = { epoch, uas: s.uas, las: s.las, parser: p };
      log(`  dev (${devTags ? 'predicted' : 'gold'} tags) UAS ${fmt(s.uas)} LAS ${fmt(s.las)}, ${s.tokensPerSec} tokens/s`);
    },
  });
  const b = best!;
  log(`seed ${seed}: best dev LAS at epoch ${b.epoch}`);
  return b;
}

/**
 * Heads of every train sentence as parsed by a parser that never saw it (K contiguous folds, as for the tags),
 * so the second-pass labeler learns on trees with a parser's errors. Cached in --parses-cache when given.
 */
function jackknifedParses(): number[][] {
  const cache = args['parses-cache'];
  if (cache && existsSync(cache)) {
    log(`jackknifed parses from ${cache}`);
    return JSON.parse(readFileSync(cache, 'utf8')) as number[][];
  }
  const heads = new Array<number[]>(train.length);
  let right = 0;
  let words = 0;
  for (let f = 0; f < folds; f++) {
    const t0 = performance.now();
    const restIdx = train.map((_, i) => i).filter((i) => foldOf(i) !== f);
    const p = trainParser(restIdx.map((i) => train[i]), {
      clusters,
      epochs: Number(args['labeler-fold-epochs']),
      seed: 1,
      tags: trainTags ? restIdx.map((i) => trainTags![i]) : undefined,
      beam: Number(args.beam),
      decodeBeam: Number(args['decode-beam']),
    });
    for (let i = 0; i < train.length; i++) {
      if (foldOf(i) !== f) continue;
      const s = train[i];
      const tags = trainTags?.[i] ?? { upos: s.words.map((w) => w.upos), xpos: s.words.map((w) => w.xpos) };
      const r = p.parse(s.words.map((w) => w.form), tags.upos, tags.xpos);
      heads[i] = Array.from(r.head);
      s.words.forEach((w, j) => { words++; if (r.head[j] === w.head) right++; });
    }
    log(`jackknifed parses, fold ${f + 1}/${folds}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  log(`jackknifed parses (${folds}-fold): UAS ${fmt(right / words)}`);
  if (cache) writeFileSync(cache, JSON.stringify(heads));
  return heads;
}

// An ensemble of parsers trained on different shuffles is shipped as one summed model (Parser.merge): it
// parses at the speed of a single member.
const members: Parser[] = args.merge ? args.merge.split(',').map((f) => Parser.load(f)) : [];
const epochs: number[] = [];
if (!args.merge) {
  for (const seed of args.seeds.split(',').map(Number)) {
    const b = trainOne(seed);
    members.push(b.parser);
    epochs.push(b.epoch);
  }
}
const merged = members.length === 1 ? members[0] : Parser.merge(members, { seeds: args.seeds, epochsShipped: epochs });
// the shipped decoder drops beam items far behind the best (decoding only; measured on dev: same accuracy, faster)
const pruneT = Number(args['prune-transitions']);
const ensemble = (pruneT > 0 ? merged.prunedTransitions(pruneT) : merged).withMeta({ beam: Number(args['decode-beam']), beamMargin: Number(args['beam-margin']) });
const score = devTags ? scoreParser(ensemble, dev, devTags) : scoreParser(ensemble, dev);
if (members.length > 1) log(`ensemble of ${members.length}: dev UAS ${fmt(score.uas)} LAS ${fmt(score.las)}`);
let chosen = { uas: score.uas, las: score.las, parser: ensemble };

// second-pass labeler over finished trees, trained on the gold trees; the epoch with the best dev LAS is kept
const labelerEpochs = Number(args['labeler-epochs']);
if (labelerEpochs > 0) {
  const base = chosen;
  let bestLab = { epoch: 0, las: base.las, uas: base.uas, parser: base.parser.withLabeler(null) };
  const heads = args['labeler-trees'] === 'jackknife' ? jackknifedParses() : undefined;
  trainLabeler(base.parser.withLabeler(null), train, trainTags, {
    epochs: labelerEpochs,
    heads,
    log,
    onEpoch: (epoch, p) => {
      // the labeler's scores plus `relMix` times the transition-time label scores
      const line: string[] = [];
      for (const mixWeight of args['rel-mix'].split(',').map(Number)) {
        p.relMix = mixWeight;
        const s = devTags ? scoreParser(p, dev, devTags) : scoreParser(p, dev);
        if (s.las > bestLab.las) bestLab = { epoch, las: s.las, uas: s.uas, parser: p.withLabeler(null).withLabeler(p.labeler, mixWeight) };
        line.push(`mix ${mixWeight}: LAS ${fmt(s.las)} ${s.tokensPerSec} tok/s`);
      }
      log(`  dev with labeler: ${line.join(', ')}`);
    },
  });
  log(bestLab.epoch ? `labeler: best dev LAS at epoch ${bestLab.epoch}` : 'labeler: no gain on dev, not shipped');
  chosen = { ...chosen, las: bestLab.las, uas: bestLab.uas, parser: bestLab.parser };
}

const bytes = chosen.parser.save(args.out, {
  trainedOn: 'UD_English-EWT train (CC BY-SA 4.0)',
  trainTags: trainTags ? `${args.folds}-fold jackknifed tagger predictions` : 'gold',
  devUas: Number(chosen.uas.toFixed(4)),
  devLas: Number(chosen.las.toFixed(4)),
  devTags: devTags ? 'predicted' : 'gold',
});
log(`wrote ${args.out}: ${(bytes / 1e6).toFixed(2)} MB, ${JSON.stringify(chosen.parser.features)} features`);

const t0 = performance.now();
const loaded = Parser.load(args.out);
log(`load: ${(performance.now() - t0).toFixed(0)} ms`);

const report = (name: string, sents: ConlluSentence[], tags?: Tags): void => {
  const s = scoreParser(loaded, sents, tags);
  log(`${name}: UAS ${fmt(s.uas)} LAS ${fmt(s.las)} (${s.words} words), parse ${s.tokensPerSec} tokens/s`);
};
if (devTags) report('EWT dev, predicted tags', dev, devTags);
report('EWT dev, gold tags', dev);
if (gum) {
  if (gumTags) report('GUM dev (cross-domain), predicted tags', gum, gumTags);
  report('GUM dev (cross-domain), gold tags', gum);
}
log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
