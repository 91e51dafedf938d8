/**
 * NLP core benchmark (one core): model load time, tag + parse throughput on gold-tokenised sentences, the
 * full NLP stage (tokenise, split, tag, lemmatise, parse) on the bundled examples, and the wall time of the
 * CLI analysing the seed article from a cold start, and how the whole pipeline's time grows with document length
 * (`scaling`, bench/scaling.ts: exponents over 1×, 4× and 16× of a repetitive and of a varied text; issue 14
 * asks for ≤ 1.15). JSON line last.
 *
 *   npm run bench [-- --repeat N] [--sentences N] [--no-scaling] [--only-scaling]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/nlp/paths.js';
import { loadNlpResources, nlpStage } from '../src/nlp/stage.js';
import { NeuralCore } from '../src/nlp/neural/core.js';
import { ortRuntime } from '../src/nlp/neural/runtime.js';
import { createPipeline, loadResources, newDoc } from '../src/pipeline/analyze.js';
import { measureScaling } from './scaling.js';

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '20' },
    /** Sentences of the repetitive text at 1× ("Obama spoke." repeated). */
    sentences: { type: 'string', default: '2000' },
    'no-scaling': { type: 'boolean', default: false },
    'only-scaling': { type: 'boolean', default: false },
  },
});
const repeat = Number(values.repeat);
const root = packageRoot();
const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join(root, 'examples', f), 'utf8'));

/**
 * Scaling: the repetitive text, and the example articles (text and JSON) that code at least one event
 * concatenated — so that every stage has work; a story-level discard (a sports report) would silence the
 * events stage of the whole concatenation.
 */
function scaling(): Record<string, unknown> {
  const resources = loadResources();
  const pipeline = createPipeline(resources);
  const meta = { published: '2017-02-21' };
  const articles = readdirSync(join(root, 'examples'))
    .filter((f) => f.endsWith('.txt') || (f.endsWith('.json') && !f.endsWith('.meta.json')))
    .sort()
    .map((f) => {
      const raw = readFileSync(join(root, 'examples', f), 'utf8');
      return f.endsWith('.json') ? (JSON.parse(raw) as { text: string }).text : raw;
    })
    .filter((text) => pipeline.analyze(text, meta).events.length > 0);
  const repetitive = measureScaling(resources, 'Obama spoke. '.repeat(Number(values.sentences)), meta);
  // the same with a pronoun and a quote in every second sentence: coreference and quote attribution get work
  const speech = measureScaling(resources, 'Obama spoke. He said "we will win." '.repeat(Number(values.sentences) / 2), meta);
  const varied = measureScaling(resources, articles.join('\n\n'), meta);
  for (const [name, r] of [['repetitive', repetitive], ['repetitive_speech', speech], ['varied', varied]] as const) {
    console.log(`scaling ${name}: exponent ${r.exponent} (${r.points.map((p) => `${p.multiplier}× ${p.chars} chars ${p.ms} ms`).join('; ')}); per stage ${JSON.stringify(r.stages)}`);
  }
  return {
    scaling_exponent_repetitive: repetitive.exponent,
    scaling_exponent_repetitive_speech: speech.exponent,
    scaling_exponent_varied: varied.exponent,
    scaling: { repetitive, repetitive_speech: speech, varied },
  };
}

if (values['only-scaling']) {
  console.log(JSON.stringify(scaling()));
  process.exit(0);
}

let t0 = performance.now();
const res = loadNlpResources();
const loadMs = performance.now() - t0;

// Segment once, then time tagging + parsing alone on the resulting sentences.
const sentences: string[][] = [];
const byExample: string[][][] = [];
for (const text of examples) {
  const doc = newDoc(text);
  nlpStage(doc, res, { parse: false });
  byExample.push([]);
  for (const s of doc.sentences) {
    sentences.push(doc.tokens.form.slice(s.tokenStart, s.tokenEnd));
    byExample[byExample.length - 1].push(sentences[sentences.length - 1]);
  }
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

// The accurate profile (the neural core), each example's sentences in one call as the pipeline runs an article's.
let accurate: { load_ms: number; tokens_per_sec: number } | string;
if (!ortRuntime()) accurate = 'onnxruntime-node not installed';
else if (!NeuralCore.filesPresent()) accurate = 'models/neural absent';
else {
  t0 = performance.now();
  const core = NeuralCore.default();
  const load = performance.now() - t0;
  for (const ex of byExample) core.annotate(ex); // warm-up
  t0 = performance.now();
  let n = 0;
  for (let r = 0; r < repeat; r++) for (const ex of byExample) n += core.annotate(ex).reduce((a, p) => a + p.upos.length, 0);
  accurate = { load_ms: Math.round(load), tokens_per_sec: Math.round(n / ((performance.now() - t0) / 1000)) };
}

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
  accurate_tag_parse_tokens_per_sec: typeof accurate === 'string' ? null : accurate.tokens_per_sec,
  accurate_model_load_ms: typeof accurate === 'string' ? null : accurate.load_ms,
  ...(typeof accurate === 'string' ? { accurate_unavailable: accurate } : {}),
  nlp_stage_tokens_per_sec: Math.round(fullTokens / fullSec),
  nlp_stage_chars_per_sec: Math.round(chars / fullSec),
  cli_analyze_seed_ms: Math.round(cliMs),
  tokens_timed: tokens,
  ...(values['no-scaling'] ? {} : scaling()),
};
console.log(`model load ${result.model_load_ms} ms; tag+parse ${result.tag_parse_tokens_per_sec} tok/s (accurate profile: ${typeof accurate === 'string' ? accurate : `${accurate.tokens_per_sec} tok/s`}); full NLP stage ${result.nlp_stage_tokens_per_sec} tok/s; CLI analyze seed article ${result.cli_analyze_seed_ms} ms`);
console.log(JSON.stringify(result));
