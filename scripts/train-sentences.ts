/**
 * Trains the sentence splitter (and learns the tokenizer's abbreviation and hyphen-prefix lists) on UD English
 * EWT train, picks the epoch and the decision threshold on EWT dev, reports raw-text segmentation scores on EWT
 * dev and GUM dev (GUM is non-commercial: evaluation only, never training), and writes
 * models/sentences.bin.gz and data/abbreviations.json.
 *
 *   npm run train:sentences [-- --train F --dev F --gum F --epochs N --seed N --out F]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { readConllu } from '../src/nlp/conllu.js';
import { dataPath, modelPath, sharedDataPath } from '../src/nlp/paths.js';
import { rawTextFromConllu, scoreSegmentation } from '../src/nlp/segmentation-eval.js';
import { SentenceSplitter } from '../src/nlp/sentences/splitter.js';
import { conlluToSplitterDocs, trainSentenceSplitter, tuneThreshold } from '../src/nlp/sentences/train.js';
import { learnTokenizerLexicon, setTokenizerLexicon } from '../src/nlp/tokenizer/lexicon.js';
import { tokenize } from '../src/nlp/tokenizer/tokenizer.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

const trainPath = arg('train', sharedDataPath('ud/en_ewt-ud-train.conllu'));
const devPath = arg('dev', sharedDataPath('ud/en_ewt-ud-dev.conllu'));
const gumPath = arg('gum', sharedDataPath('ud/en_gum-ud-dev.conllu'));
const epochs = Number(arg('epochs', '12'));
const seed = Number(arg('seed', '1'));
const out = arg('out', modelPath('sentences.bin.gz'));
const lexOut = arg('lexicon-out', dataPath('abbreviations.json'));
const linePerSentence = Number(arg('line-per-sentence', '0.1'));
const hardWrap = Number(arg('hard-wrap', '0.1'));

const t0 = performance.now();
const train = readConllu(trainPath);
const dev = readConllu(devPath);

// 1. Tokenizer lexicon.
const lexicon = learnTokenizerLexicon(train);
setTokenizerLexicon(lexicon);
console.log(`lexicon: ${lexicon.abbreviations.length} learned abbreviations, ${lexicon.hyphenPrefixes.length} hyphen prefixes`);

// 2. Splitter.
const trainDocs = conlluToSplitterDocs(train, { linePerSentence, hardWrap, seed });
const devDocs = conlluToSplitterDocs(dev);
const splitter = trainSentenceSplitter(trainDocs, { epochs, seed, dev: devDocs, log: (l) => console.log(l) });
const candidates: number[] = [];
for (let t = -3; t <= 3.001; t += 0.25) candidates.push(Math.round(t * 100) / 100);
const tuned = tuneThreshold(splitter, devDocs, candidates);
console.log(`best epoch ${String(splitter.meta.epochs)}, threshold ${tuned.threshold} (dev sentences F1 ${tuned.f1.toFixed(4)})`);

// 3. Raw-text evaluation.
function evaluate(label: string, path: string): Record<string, number> {
  const gold = rawTextFromConllu(readConllu(path));
  const t = performance.now();
  const tokens = tokenize(gold.text);
  const t1 = performance.now();
  const sentences = splitter.split(gold.text, tokens);
  const t2 = performance.now();
  const s = scoreSegmentation(gold, { tokens, sentences });
  const surface = scoreSegmentation(rawTextFromConllu(readConllu(path), { multiword: 'surface' }), { tokens, sentences });
  const res = {
    tokens_f1: s.tokens_f1, sentences_f1: s.sentences_f1,
    tokens_p: s.tokens.p, tokens_r: s.tokens.r, sentences_p: s.sentences.p, sentences_r: s.sentences.r,
    surface_tokens_f1: surface.tokens_f1,
    tokenizer_chars_per_sec: gold.text.length / ((t1 - t) / 1000),
    splitter_chars_per_sec: gold.text.length / ((t2 - t1) / 1000),
  };
  console.log(`${label}: tokens F1 ${res.tokens_f1.toFixed(4)} (P ${res.tokens_p.toFixed(4)} R ${res.tokens_r.toFixed(4)}; ` +
    `surface-token F1 ${res.surface_tokens_f1.toFixed(4)}), sentences F1 ${res.sentences_f1.toFixed(4)} ` +
    `(P ${res.sentences_p.toFixed(4)} R ${res.sentences_r.toFixed(4)}), tokenizer ${(res.tokenizer_chars_per_sec / 1e6).toFixed(2)}M chars/s, ` +
    `splitter ${(res.splitter_chars_per_sec / 1e6).toFixed(2)}M chars/s`);
  return res;
}
// Warm up the JIT so that speeds are steady-state.
{
  const warm = rawTextFromConllu(dev).text;
  for (let r = 0; r < 3; r++) splitter.split(warm, tokenize(warm));
}
const ewt = evaluate('EWT dev', devPath);
let gum: Record<string, number> | null = null;
try {
  gum = evaluate('GUM dev (evaluation only)', gumPath);
} catch (e) {
  console.log(`GUM dev not evaluated: ${(e as Error).message}`);
}

// 4. Write the model and the lexicon.
mkdirSync(dirname(lexOut), { recursive: true });
writeFileSync(lexOut, JSON.stringify({
  source: 'learned from UD English EWT train (CC BY-SA 4.0) by scripts/train-sentences.ts, plus the hand lists in src/nlp/tokenizer/lexicon.json',
  ...lexicon,
}, null, 1) + '\n');
const bytes = splitter.save(out, {
  trainedOn: 'UD English EWT train (CC BY-SA 4.0)',
  tunedOn: 'UD English EWT dev',
  seed, linePerSentence, hardWrap,
  ewtDev: { tokens_f1: ewt.tokens_f1, sentences_f1: ewt.sentences_f1 },
  gumDev: gum ? { tokens_f1: gum.tokens_f1, sentences_f1: gum.sentences_f1 } : null,
});
console.log(`wrote ${out} (${(bytes / 1024).toFixed(0)} KB, ${splitter.model.features} features) and ${lexOut} in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
console.log(JSON.stringify({ ewt_dev: ewt, gum_dev: gum, model_bytes: bytes }));
// Check the file loads.
SentenceSplitter.load(out);
