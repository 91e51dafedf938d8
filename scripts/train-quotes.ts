/**
 * Trains the quotes stage's taggers (attribution cue; source/content) on PolNeAR TRAIN and writes
 * `models/quotes.model`. Needs `data/cue-verbs.json` (scripts/build-cue-verbs.ts).
 *
 *   node --import tsx scripts/train-quotes.ts [--train DIR] [--dev DIR] [--epochs N] [--out FILE]
 *
 * Deterministic (seeded shuffling). Prints token-level chunk scores on DEV after each epoch.
 */
import { PerceptronTrainer, type LinearModel } from '../src/nlp/perceptron.js';
import { seededRandom, shuffle } from '../src/nlp/random.js';
import { modelPath, sharedDataPath } from '../src/nlp/paths.js';
import { loadCueLexicon } from '../src/quotes/cues.js';
import { lexText } from '../src/quotes/lex.js';
import { findQuotes } from '../src/quotes/marks.js';
import { goldLabels, QUOTES_MODEL, saveQuoteModel } from '../src/quotes/model.js';
import { readPolnearDir } from '../src/quotes/polnear.js';
import {
  NO_BIAS,
  buildContext, chunks, CUE_B, CUE_I, SC_BCNT, SC_BSRC, SC_ICNT, SC_ISRC, tagCues, tagSourceContent, type TagContext,
} from '../src/quotes/tagger.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}

const trainDir = arg('train', sharedDataPath('attribution/polnear/train'));
const devDir = arg('dev', sharedDataPath('attribution/polnear/dev'));
const epochs = Number(arg('epochs', '6'));
const out = arg('out', modelPath(QUOTES_MODEL));
/** Averaged weights below this are dropped (smaller model, faster scoring). */
const minWeight = Number(arg('min-weight', '1'));
const lex = loadCueLexicon();

interface Item {
  ctx: TagContext;
  cue: Uint8Array;
  sc: Uint8Array;
}

function prepare(dir: string): Item[] {
  return readPolnearDir(dir).map((d) => {
    const t = lexText(d.text);
    const ctx = buildContext(t, findQuotes(d.text), lex);
    const g = goldLabels(t, d.spans);
    return { ctx, cue: g.cue, sc: g.sc };
  });
}

function chunkF1(gold: Uint8Array[], pred: Uint8Array[], b: number, i: number): string {
  let tp = 0;
  let np = 0;
  let ng = 0;
  for (let d = 0; d < gold.length; d++) {
    const g = new Set(chunks(gold[d], b, i).map((c) => `${c.from}:${c.to}`));
    const p = chunks(pred[d], b, i).map((c) => `${c.from}:${c.to}`);
    ng += g.size;
    np += p.length;
    for (const x of p) if (g.has(x)) tp++;
  }
  const pr = tp / Math.max(1, np);
  const rc = tp / Math.max(1, ng);
  return `P ${(100 * pr).toFixed(1)} R ${(100 * rc).toFixed(1)} F ${((200 * pr * rc) / Math.max(1e-9, pr + rc)).toFixed(1)}`;
}

const t0 = Date.now();
const train = prepare(trainDir);
const dev = prepare(devDir);
console.log(`train ${train.length} texts, dev ${dev.length} texts (${Date.now() - t0} ms to read)`);

const cueTrainer = new PerceptronTrainer(3);
const scTrainer = new PerceptronTrainer(5);
const rnd = seededRandom(42);
let cueModel: LinearModel | null = null;
let scModel: LinearModel | null = null;
for (let ep = 1; ep <= epochs; ep++) {
  shuffle(train, rnd);
  for (const it of train) {
    tagCues(it.ctx, cueTrainer, it.cue);
    tagSourceContent(it.ctx, it.cue, scTrainer, it.sc);
  }
  cueModel = cueTrainer.finalize(minWeight);
  scModel = scTrainer.finalize(minWeight);
  const predCue = dev.map((it) => tagCues(it.ctx, cueModel!));
  const predScGoldCue = dev.map((it) => tagSourceContent(it.ctx, it.cue, scModel!));
  const predSc = dev.map((it, k) => tagSourceContent(it.ctx, predCue[k], scModel!));
  const gc = dev.map((it) => it.cue);
  const gs = dev.map((it) => it.sc);
  console.log(
    `epoch ${ep}: dev cue ${chunkF1(gc, predCue, CUE_B, CUE_I)} | src ${chunkF1(gs, predSc, SC_BSRC, SC_ISRC)}` +
      ` | cnt ${chunkF1(gs, predSc, SC_BCNT, SC_ICNT)} | (gold cues) src ${chunkF1(gs, predScGoldCue, SC_BSRC, SC_ISRC)}` +
      ` cnt ${chunkF1(gs, predScGoldCue, SC_BCNT, SC_ICNT)}  [${((Date.now() - t0) / 1000).toFixed(0)} s]`,
  );
}
const bytes = saveQuoteModel(out, {
  cue: cueModel!,
  sc: scModel!,
  bias: NO_BIAS,
  meta: {
    name: 'herald-quotes',
    trainedOn: 'PolNeAR v1.0.0 TRAIN (first annotator file per text)',
    epochs,
    minWeight,
    cueFeatures: cueModel!.features,
    scFeatures: scModel!.features,
  },
});
console.log(`${out}: ${bytes} bytes (cue ${cueModel!.features} features, source/content ${scModel!.features})`);
