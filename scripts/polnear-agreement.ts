/**
 * How far PolNeAR's annotators agree with each other: on every text with two or more annotators' files, the
 * first file in sorted order is scored against the second exactly as `herald eval attribution` scores Herald
 * (spans trimmed of whitespace and quote marks; exact, and overlap = shared characters ≥ 50% of the longer span,
 * one-to-one). The F1 is symmetric, so which file plays gold does not matter. This is the ceiling that a
 * system scored against one annotator can be expected to reach.
 *
 *   npm run eval:agreement [-- DIR]     (default ../shared/data/attribution/polnear/train)
 *
 * Prints one line per span kind, then one JSON line.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '../src/doc/doc.js';
import { sharedDataPath } from '../src/nlp/paths.js';
import { normalizeSpan, overlapRatio } from '../src/quotes/eval-attribution.js';
import { parseAnn } from '../src/quotes/polnear.js';

const dir = process.argv[2] ?? sharedDataPath('attribution/polnear/train');
const annDir = join(dir, 'attributions');
if (!existsSync(annDir) || !existsSync(join(dir, 'text'))) {
  console.error(`polnear-agreement: ${dir}: expected DIR/text/*.txt and DIR/attributions/*.ann (a PolNeAR split)`);
  process.exit(2);
}

// NAME_xxxx.ann: one file per annotator of NAME.txt
const filesOf = new Map<string, string[]>();
for (const f of readdirSync(annDir).filter((x) => x.endsWith('.ann')).sort()) {
  const name = f.replace(/_[0-9a-z]+\.ann$/i, '');
  filesOf.set(name, [...(filesOf.get(name) ?? []), f]);
}

const key = (sp: Span[]): string => sp.map((x) => `${x.start}-${x.end}`).join(',');
const counts = new Map<string, { tp: number; a: number; b: number }>();
const add = (k: string, tp: number, a: number, b: number): void => {
  const c = counts.get(k) ?? { tp: 0, a: 0, b: 0 };
  c.tp += tp;
  c.a += a;
  c.b += b;
  counts.set(k, c);
};
let texts = 0;
for (const [name, files] of filesOf) {
  if (files.length < 2 || !existsSync(join(dir, 'text', `${name}.txt`))) continue;
  texts++;
  const text = readFileSync(join(dir, 'text', `${name}.txt`), 'utf8');
  const [first, second] = files.slice(0, 2).map((f) => parseAnn(readFileSync(join(annDir, f), 'utf8')));
  for (const label of ['Cue', 'Source', 'Content']) {
    const A = first.spans.filter((s) => s.label === label).map((s) => normalizeSpan(s.frags, text));
    const B = second.spans.filter((s) => s.label === label).map((s) => normalizeSpan(s.frags, text));
    const inB = new Map<string, number>();
    for (const b of B) inB.set(key(b), (inB.get(key(b)) ?? 0) + 1);
    let exact = 0;
    for (const a of A) {
      const left = inB.get(key(a)) ?? 0;
      if (left > 0) {
        exact++;
        inB.set(key(a), left - 1);
      }
    }
    const used = new Uint8Array(B.length);
    let overlap = 0;
    for (const a of A) {
      const j = B.findIndex((b, k) => !used[k] && overlapRatio(a, b) >= 0.5);
      if (j >= 0) {
        used[j] = 1;
        overlap++;
      }
    }
    add(label.toLowerCase(), exact, A.length, B.length);
    add(`${label.toLowerCase()}_overlap`, overlap, A.length, B.length);
  }
}
if (texts === 0) {
  console.error(`polnear-agreement: ${dir}: no text has two annotators' files`);
  process.exit(2);
}
const out: Record<string, unknown> = { texts };
for (const [k, c] of counts) {
  const f1 = c.a + c.b ? (2 * c.tp) / (c.a + c.b) : 0;
  out[k] = { f1: Number(f1.toFixed(4)), matched: c.tp, first: c.a, second: c.b };
  console.log(`${k.padEnd(16)} F1 ${(100 * f1).toFixed(2)}  (${c.tp} matched; ${c.a} and ${c.b} spans)`);
}
console.log(JSON.stringify(out));
