/**
 * Reader for PolNeAR (Political News Attribution Relations) in its BRAT standoff form:
 * `DIR/text/NAME.txt` and `DIR/attributions/NAME_xxxx.ann` (one file per annotator, `xxxx` = annotator id).
 *
 * `.ann` lines: `T<n>\tSource|Cue|Content|… START END[;START END]\ttext` and
 * `E<n>\tAttribution:T.. Source:T.. Cue:T.. Content:T..` (or `Attribution-no-source:T..`).
 * Where a text has several annotators' files, the FIRST in sorted file-name order is used.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Span } from '../doc/doc.js';

export interface BratSpan {
  id: string;
  label: string;
  frags: Span[];
  text: string;
}

export interface GoldAttribution {
  id: string;
  source: BratSpan | null;
  cue: BratSpan | null;
  content: BratSpan[];
}

export interface PolnearDoc {
  name: string;
  text: string;
  /** The annotation file used, and how many annotators' files the text has. */
  annFile: string;
  annotatorFiles: number;
  spans: BratSpan[];
  attributions: GoldAttribution[];
}

export function parseAnn(ann: string): { spans: BratSpan[]; attributions: GoldAttribution[] } {
  const spans = new Map<string, BratSpan>();
  const events: { id: string; args: [string, string][] }[] = [];
  for (const line of ann.split('\n')) {
    if (!line) continue;
    const cols = line.split('\t');
    if (cols.length < 2) continue;
    const id = cols[0];
    if (id.startsWith('T')) {
      const sp = cols[1].indexOf(' ');
      if (sp < 0) continue;
      const label = cols[1].slice(0, sp);
      const frags: Span[] = [];
      for (const piece of cols[1].slice(sp + 1).split(';')) {
        const [s, e] = piece.trim().split(/\s+/).map(Number);
        if (Number.isFinite(s) && Number.isFinite(e) && e > s) frags.push({ start: s, end: e });
      }
      if (frags.length) spans.set(id, { id, label, frags, text: cols[2] ?? '' });
    } else if (id.startsWith('E')) {
      const args: [string, string][] = [];
      for (const a of cols[1].trim().split(/\s+/)) {
        const k = a.indexOf(':');
        if (k > 0) args.push([a.slice(0, k), a.slice(k + 1)]);
      }
      events.push({ id, args });
    }
  }
  const attributions: GoldAttribution[] = [];
  for (const e of events) {
    const at: GoldAttribution = { id: e.id, source: null, cue: null, content: [] };
    for (const [role, ref] of e.args) {
      const sp = spans.get(ref);
      if (!sp) continue;
      const r = role.replace(/\d+$/, '');
      if (r === 'Source') at.source = sp;
      else if (r === 'Cue') at.cue = sp;
      else if (r === 'Content') at.content.push(sp);
    }
    if (at.cue || at.content.length || at.source) attributions.push(at);
  }
  return { spans: [...spans.values()], attributions };
}

/**
 * Reads every text of a PolNeAR split directory that has at least one annotation file: one doc per text with
 * its first annotation file, or (`allAnnotators`, for training) one doc per annotation file.
 */
export function readPolnearDir(dir: string, opts: { allAnnotators?: boolean } = {}): PolnearDoc[] {
  const textDir = join(dir, 'text');
  const annDir = join(dir, 'attributions');
  if (!existsSync(textDir) || !existsSync(annDir)) {
    throw new Error(`${dir}: expected PolNeAR layout DIR/text/*.txt and DIR/attributions/*.ann`);
  }
  const annByText = new Map<string, string[]>();
  for (const f of readdirSync(annDir).sort()) {
    if (!f.endsWith('.ann')) continue;
    const m = /^(.*)_[0-9a-z]+\.ann$/i.exec(f);
    const key = m ? m[1] : basename(f, '.ann');
    const list = annByText.get(key) ?? [];
    list.push(f);
    annByText.set(key, list);
  }
  const docs: PolnearDoc[] = [];
  for (const f of readdirSync(textDir).sort()) {
    if (!f.endsWith('.txt')) continue;
    const name = basename(f, '.txt');
    const anns = annByText.get(name);
    if (!anns || anns.length === 0) continue;
    const text = readFileSync(join(textDir, f), 'utf8');
    for (const ann of opts.allAnnotators ? anns : anns.slice(0, 1)) {
      const { spans, attributions } = parseAnn(readFileSync(join(annDir, ann), 'utf8'));
      docs.push({ name, text, annFile: ann, annotatorFiles: anns.length, spans, attributions });
    }
  }
  return docs;
}
