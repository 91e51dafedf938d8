/**
 * Checks that the attribution taggers' fast decoders (`src/quotes/tagger/decode.ts`) give exactly what the
 * key-by-key taggers over the training templates (`referenceCues`, `referenceSourceContent`) give with the shipped model: the same labels on every text, and
 * the same float64 score vector for every token after every pair of previous labels, twice (the first sweep
 * fills the decoders' memos, the second reads them). With and without the NLP core's parse. Exits 1 on any
 * difference. JSON line last.
 *
 *   node --import tsx scripts/check-quote-decoders.ts [DIR …]   (text folders: *.txt, or *.json with "text")
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Doc } from '../src/doc/doc.js';
import { newDoc } from '../src/pipeline/analyze.js';
import { loadNlpResources, nlpStage } from '../src/nlp/stage.js';
import { loadQuoteResources } from '../src/quotes/stage.js';
import { findQuotes } from '../src/quotes/marks.js';
import { decodeCues, decodeSourceContent, referenceCues, referenceSourceContent, scorersForTest } from '../src/quotes/tagger/decode.js';
import { buildContext, type TagContext } from '../src/quotes/tagger/context.js';
import { referenceCueScores, referenceScScores } from '../src/quotes/tagger/features.js';
import { packageRoot } from '../src/nlp/paths.js';

const dirs = process.argv.slice(2);
if (dirs.length === 0) dirs.push(join(packageRoot(), 'examples'));
const texts: string[] = [];
for (const dir of dirs) {
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith('.txt')) texts.push(readFileSync(join(dir, f), 'utf8'));
    else if (f.endsWith('.json') && !f.endsWith('.meta.json')) {
      const j = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { text?: string };
      if (typeof j.text === 'string') texts.push(j.text);
    }
  }
}

const nlp = loadNlpResources();
const { lexicon, model } = loadQuoteResources();
const bias = model.bias;
let tokens = 0;
let vectors = 0;
const diffs: string[] = [];
const same = (a: Float64Array, b: Float64Array): boolean => a.every((x, c) => Object.is(x, b[c]));

function sweep(ctx: TagContext, cueLab: Uint8Array, where: string): void {
  const a = new Float64Array(3);
  const b = new Float64Array(3);
  const refSc = referenceScScores(ctx, cueLab, model.sc);
  const fastSc = scorersForTest.sc(ctx, cueLab, model.sc);
  const a5 = new Float64Array(5);
  const b5 = new Float64Array(5);
  for (let i = 0; i < ctx.t.n; i++) {
    for (const p1 of [9, 0, 1, 2]) {
      for (const p2 of [9, 0, 1, 2]) {
        a.fill(0);
        b.fill(0);
        referenceCueScores(ctx, model.cue, i, p1, p2, a);
        scorersForTest.cue(ctx, model.cue, i, p1, p2, b);
        vectors++;
        if (!same(a, b) && diffs.length < 20) diffs.push(`${where} cue token ${i} p1 ${p1} p2 ${p2}: ${a} vs ${b}`);
      }
    }
    for (const p1 of [9, 0, 1, 2, 3, 4]) {
      for (const p2 of [9, 0, 1, 2, 3, 4]) {
        a5.fill(0);
        b5.fill(0);
        refSc(i, p1, p2, a5);
        fastSc(i, p1, p2, b5);
        vectors++;
        if (!same(a5, b5) && diffs.length < 20) diffs.push(`${where} sc token ${i} p1 ${p1} p2 ${p2}: ${a5} vs ${b5}`);
      }
    }
  }
}

/** The Doc as if the NLP core had not parsed it (tags, lemmas and NER kept). */
const withoutParse = (doc: Doc): Doc => ({ ...doc, tokens: { ...doc.tokens, head: new Int32Array(doc.tokens.count).fill(-2) } });

texts.forEach((text, d) => {
  const doc = newDoc(text);
  nlpStage(doc, nlp);
  for (const parsed of [true, false]) {
    const ctx = buildContext(parsed ? doc : withoutParse(doc), findQuotes(text), lexicon);
    const where = `text ${d}${parsed ? '' : ' (no parse)'}`;
    const cueRef = referenceCues(ctx, model.cue, bias);
    const cueFast = decodeCues(ctx, model.cue, bias);
    if (cueRef.join() !== cueFast.join()) diffs.push(`${where}: cue labels differ`);
    const scRef = referenceSourceContent(ctx, cueRef, model.sc, bias);
    const scFast = decodeSourceContent(ctx, cueRef, model.sc, bias);
    if (scRef.join() !== scFast.join()) diffs.push(`${where}: source/content labels differ`);
    tokens += ctx.t.n;
    sweep(ctx, cueRef, where);
    sweep(ctx, cueRef, where + ' again');
  }
});
for (const d of diffs) console.error(d);
console.log(JSON.stringify({ texts: texts.length, tokens, vectors, differences: diffs.length }));
process.exitCode = diffs.length ? 1 : 0;
