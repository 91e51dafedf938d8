/**
 * Checks the shipped neural core in Node against PyTorch: `models/neural/core.check.json` holds the PyTorch
 * model's argmax tags, heads and labels on the first EWT dev sentences (written by training/neural/export.py);
 * the ONNX model run through onnxruntime-node must give the same. Prints the agreement; exit 1 on a difference.
 *
 *   npm run check:neural
 */
import { NeuralCore, readNeuralChecks } from '../src/nlp/neural/core.js';

const core = NeuralCore.load();
const checks = readNeuralChecks();
let words = 0;
let same = 0;
let differ = 0;
for (const c of checks) {
  const raw = core.rawArgmax(c.forms);
  for (let i = 0; i < c.forms.length; i++) {
    words++;
    const ok = raw.upos[i] === c.upos[i] && raw.xpos[i] === c.xpos[i] && raw.heads[i] === c.argmax_heads[i] && raw.rels[i] === c.argmax_rels[i];
    if (ok) same++;
    else if (differ++ < 10) console.error(`differs: "${c.forms.join(' ')}" word ${i + 1} ${c.forms[i]}: node ${raw.upos[i]}/${raw.xpos[i]}/${raw.heads[i]}/${raw.rels[i]}, torch ${c.upos[i]}/${c.xpos[i]}/${c.argmax_heads[i]}/${c.argmax_rels[i]}`);
  }
}
console.log(JSON.stringify({ sentences: checks.length, words, agree: same / words }));
process.exit(differ ? 1 : 0);
