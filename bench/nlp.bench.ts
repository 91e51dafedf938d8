/**
 * NLP core benchmark (one core): model load time, tag + parse throughput on gold-tokenised sentences, the
 * full NLP stage (tokenise, split, tag, lemmatise, parse) on the bundled examples, and the wall time of the
 * CLI analysing the seed article from a cold start. JSON line last.
 *
 *   npm run bench [-- --repeat N]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/nlp/paths.js';
import { loadNlpResources, nlpStage } from '../src/nlp/stage.js';
import { newDoc } from '../src/pipeline/analyze.js';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '20' } } });
const repeat = Number(values.repeat);
const root = packageRoot();
const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join(root, 'examples', f), 'utf8'));

let t0 = performance.now();
const res = loadNlpResources();
const loadMs = performance.now() - t0;

// Segment once, then time tagging + parsing alone on the resulting sentences.
const sentences: string[][] = [];
for (const text of examples) {
  const doc = newDoc(text);
  nlpStage(doc, res, { parse: false });
  for (const s of doc.sentences) sentences.push(doc.tokens.form.slice(s.tokenStart, s.tokenEnd));
}
const tagParse = (): number => {
  let n = 0;
  for (const forms of sentences) {
    const tags = res.tagger.tagSentence(forms);
    res.parser.parse(forms, tags.upos, tags.xpos);
    n += forms.length;
  }
  return n;
};
tagParse(); // warm-up (JIT)
t0 = performance.now();
let tokens = 0;
for (let r = 0; r < repeat; r++) tokens += tagParse();
const tagParseSec = (performance.now() - t0) / 1000;

t0 = performance.now();
let fullTokens = 0;
let chars = 0;
for (let r = 0; r < repeat; r++) {
  for (const text of examples) {
    const doc = newDoc(text);
    nlpStage(doc, res);
    fullTokens += doc.tokens.count;
    chars += text.length;
  }
}
const fullSec = (performance.now() - t0) / 1000;

t0 = performance.now();
const cli = spawnSync(process.execPath, [join(root, 'bin', 'herald.js'), 'analyze', join(root, 'examples', 'seed-article.txt'), '--format', 'json'], { encoding: 'utf8' });
const cliMs = performance.now() - t0;
if (cli.status !== 0) console.error(`CLI run failed (is dist/ built? run npm run build): ${cli.stderr}`);

const result = {
  model_load_ms: Math.round(loadMs),
  tag_parse_tokens_per_sec: Math.round(tokens / tagParseSec),
  nlp_stage_tokens_per_sec: Math.round(fullTokens / fullSec),
  nlp_stage_chars_per_sec: Math.round(chars / fullSec),
  cli_analyze_seed_ms: Math.round(cliMs),
  tokens_timed: tokens,
};
console.log(`model load ${result.model_load_ms} ms; tag+parse ${result.tag_parse_tokens_per_sec} tok/s; full NLP stage ${result.nlp_stage_tokens_per_sec} tok/s; CLI analyze seed article ${result.cli_analyze_seed_ms} ms`);
console.log(JSON.stringify(result));
