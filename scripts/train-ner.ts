/**
 * Trains the NER model (src/nlp/ner/) on CoNLL-2003 English and writes models/ner.bin.gz.
 *
 *   node --import tsx scripts/train-ner.ts [--train FILE] [--dev FILE] [--out FILE] [--epochs N]
 *        [--stages 1|2] [--folds K] [--seed S] [--clusters FILE|none] [--gazetteer FILE|none]
 *        [--vector-clusters FILE|none] [--bags N] [--no-save]
 *
 * Defaults: ../shared/data/ner/conll2003/eng.train, tuned/reported on eng.testa, resources
 * data/word-clusters.tsv.gz (scripts/build-word-clusters.ts) and data/ner-gazetteer.json.gz
 * (scripts/build-ner-gazetteer.ts) and data/glove-clusters.tsv.gz (scripts/build-glove-clusters.ts), all embedded
 * in the model file. Deterministic for a given seed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readConll2003, scoreNer, formatNerScore, type ConllDocument } from '../src/nlp/conll2003.js';
import type { NerModel } from '../src/nlp/ner/model.js';
import { trainNer, type NerTrainDoc } from '../src/nlp/ner/train.js';
import { dataPath, modelPath, sharedDataPath } from '../src/nlp/paths.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
};
const trainPath = opt('--train', sharedDataPath('ner/conll2003/eng.train'));
const devPath = opt('--dev', sharedDataPath('ner/conll2003/eng.testa'));
const outPath = opt('--out', modelPath('ner.bin.gz'));
const epochs = Number(opt('--epochs', '10'));
const stages = Number(opt('--stages', '2')) as 1 | 2;
const folds = Number(opt('--folds', '5'));
const seed = Number(opt('--seed', '1'));
const minWeight = Number(opt('--min-weight', '0.05'));
const bags = Number(opt('--bags', '1'));
const clustersPath = opt('--clusters', dataPath('word-clusters.tsv.gz'));
const gazetteerPath = opt('--gazetteer', dataPath('ner-gazetteer.json.gz'));
const vectorsPath = opt('--vector-clusters', dataPath('glove-clusters.tsv.gz'));

function readResource(path: string): string {
  if (path === 'none') return '';
  if (!existsSync(path)) {
    console.warn(`warning: ${path} not found; training without it`);
    return '';
  }
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

const toTrain = (docs: ConllDocument[]): NerTrainDoc[] =>
  docs.map((d) => ({ sentences: d.sentences.map((s) => ({ tokens: s.tokens, tags: s.tags })) }));

/** Scores the model on documents; speed is tokens per CPU-second of this process (robust to a busy machine). */
function evaluate(model: NerModel, docs: ConllDocument[]): { line: string; tps: number; wall: number; f1: number } {
  const gold: string[][] = [];
  const pred: string[][] = [];
  let tokens = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const d of docs) {
    const sents = d.sentences.map((s) => s.tokens);
    pred.push(...model.tagDocument(sents));
    for (const s of d.sentences) {
      gold.push(s.tags);
      tokens += s.tokens.length;
    }
  }
  const cpu = process.cpuUsage(c0);
  const secs = (cpu.user + cpu.system) / 1e6;
  const wall = (performance.now() - t0) / 1000;
  const score = scoreNer(gold, pred);
  return { line: formatNerScore(score), tps: tokens / secs, wall: tokens / wall, f1: score.f1 };
}

const t0 = performance.now();
const train = readConll2003(trainPath);
const dev = readConll2003(devPath);
console.log(`train: ${train.length} documents; dev: ${dev.length} documents`);
const model = trainNer(toTrain(train), {
  epochs,
  stages,
  folds,
  seed,
  minWeight,
  bags,
  clustersText: readResource(clustersPath),
  gazetteerJson: readResource(gazetteerPath),
  vectorsText: readResource(vectorsPath),
  dev: toTrain(dev),
  log: (l) => console.log(`  ${l} (${((performance.now() - t0) / 1000).toFixed(0)}s)`),
});
const trainSecs = (performance.now() - t0) / 1000;
console.log(`trained in ${trainSecs.toFixed(0)}s; stage 1 ${model.stage1.features} features` +
  (model.stage2 ? `, stage 2 ${model.stage2.features}` : '') + `; temperature ${model.temperature.toFixed(3)}`);
evaluate(model, dev.slice(0, 20)); // warm-up
const res = evaluate(model, dev);
console.log(`dev (${devPath}):\n${res.line}`);
console.log(
  `speed: ${Math.round(res.tps)} tokens per CPU-second (${Math.round(res.wall)} tokens/s wall clock), one thread, whole documents`,
);
if (!args.includes('--no-save')) {
  const bytes = model.save(outPath);
  console.log(`wrote ${outPath} (${(bytes / 1e6).toFixed(2)} MB)`);
}
console.log(JSON.stringify({ f1: res.f1, tokens_per_sec: Math.round(res.tps), train_secs: Math.round(trainSecs) }));
