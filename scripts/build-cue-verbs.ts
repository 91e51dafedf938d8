/**
 * Compiles the attribution-cue lexicon `data/cue-verbs.json` from the cues annotated in PolNeAR TRAIN
 * (../shared/data/attribution/polnear/train) plus a hand list of speech-act verbs with their inflections.
 *
 *   node --import tsx scripts/build-cue-verbs.ts [--polnear DIR] [--out FILE]
 *
 * For each lower-cased word form (tokens of the NLP core's tokenizer, as the Doc has them): how many times a TRAIN
 * token of that form lies inside a gold Cue span, and how many times the form occurs at all; a form is kept when
 * it is hand-listed or was a cue at least twice with a rate of at least 2%.
 */
import { writeFileSync } from 'node:fs';
import { HAND_CUE_VERBS, inflect, type CueLexiconFile } from '../src/quotes/cues.js';
import { tokenize } from '../src/nlp/tokenizer/tokenizer.js';
import { readPolnearDir } from '../src/quotes/polnear.js';
import { dataPath, sharedDataPath } from '../src/nlp/paths.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}

const dir = arg('polnear', sharedDataPath('attribution/polnear/train'));
const out = arg('out', dataPath('cue-verbs.json'));

const docs = readPolnearDir(dir);
const seen = new Map<string, number>();
const cue = new Map<string, number>();
for (const d of docs) {
  const t = tokenize(d.text);
  const inCue = new Uint8Array(t.count);
  const cueFrags = d.spans.filter((s) => s.label === 'Cue').flatMap((s) => s.frags);
  for (const f of cueFrags) {
    for (let i = 0; i < t.count; i++) if (t.start[i] < f.end && t.end[i] > f.start) inCue[i] = 1;
  }
  for (let i = 0; i < t.count; i++) {
    const w = d.text.slice(t.start[i], t.end[i]).toLowerCase();
    seen.set(w, (seen.get(w) ?? 0) + 1);
    if (inCue[i]) cue.set(w, (cue.get(w) ?? 0) + 1);
  }
}

const lemmaOf = new Map<string, string>();
const handForms = new Set<string>();
for (const v of new Set(HAND_CUE_VERBS)) {
  for (const f of inflect(v)) {
    handForms.add(f);
    if (!lemmaOf.has(f)) lemmaOf.set(f, v);
  }
}

const forms: CueLexiconFile['forms'] = {};
const keep = [...new Set([...cue.keys(), ...handForms])].sort();
for (const f of keep) {
  const c = cue.get(f) ?? 0;
  const s = seen.get(f) ?? 0;
  const hand = handForms.has(f);
  if (!hand && !(c >= 2 && c / Math.max(1, s) >= 0.02)) continue;
  forms[f] = [lemmaOf.get(f) ?? f, c, s, hand ? 1 : 0];
}

const file: CueLexiconFile = {
  provenance:
    `Compiled by scripts/build-cue-verbs.ts from the Cue spans of PolNeAR v1.0.0 TRAIN (${docs.length} texts, first ` +
    `annotator file per text) and a hand list of ${new Set(HAND_CUE_VERBS).size} English speech-act verbs. ` +
    'Entry: [lemma, times inside a gold cue, times seen in TRAIN, hand-listed 0/1].',
  forms,
};
writeFileSync(out, JSON.stringify(file) + '\n');
console.log(`${out}: ${Object.keys(forms).length} forms (${handForms.size} hand-listed forms, ${docs.length} TRAIN texts)`);
