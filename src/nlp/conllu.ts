/**
 * CoNLL-U reader for training and evaluation data (Universal Dependencies).
 * Multi-word token lines (`1-2`) and empty nodes (`1.1`) are kept apart: the syntactic words are what the
 * tagger and parser see; the multi-word ranges tell the tokenizer evaluation what the surface tokens were.
 */
import { readFileSync } from 'node:fs';

export interface ConlluWord {
  form: string;
  lemma: string;
  upos: string;
  xpos: string;
  feats: string;
  /** 0 = root; otherwise 1-based index of the head word. */
  head: number;
  deprel: string;
  misc: string;
}

export interface ConlluSentence {
  /** `# text =` line, when present. */
  text: string;
  sentId: string;
  /** True when a `# newdoc` comment opens this sentence. */
  newDoc: boolean;
  /** True when a `# newpar` comment opens this sentence. */
  newPar: boolean;
  words: ConlluWord[];
  /** Surface tokens: each multi-word range covers words [from, to] (0-based, inclusive). */
  multiword: { from: number; to: number; form: string }[];
}

export function parseConllu(content: string): ConlluSentence[] {
  const out: ConlluSentence[] = [];
  let cur: ConlluSentence | null = null;
  const fresh = (): ConlluSentence => ({ text: '', sentId: '', newDoc: false, newPar: false, words: [], multiword: [] });
  for (const raw of content.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') {
      if (cur && cur.words.length) out.push(cur);
      cur = null;
      continue;
    }
    cur ??= fresh();
    if (line.startsWith('#')) {
      const m = /^#\s*([^=]+?)\s*=\s?(.*)$/.exec(line);
      if (m) {
        const key = m[1];
        if (key === 'text') cur.text = m[2];
        else if (key === 'sent_id') cur.sentId = m[2];
        else if (key.startsWith('newdoc')) cur.newDoc = true;
        else if (key.startsWith('newpar')) cur.newPar = true;
      } else if (/^#\s*newdoc/.test(line)) cur.newDoc = true;
      else if (/^#\s*newpar/.test(line)) cur.newPar = true;
      continue;
    }
    const cols = line.split('\t');
    if (cols.length < 8) continue;
    const id = cols[0];
    if (id.includes('.')) continue; // empty node
    const dash = id.indexOf('-');
    if (dash > 0) {
      const from = Number(id.slice(0, dash)) - 1;
      const to = Number(id.slice(dash + 1)) - 1;
      cur.multiword.push({ from, to, form: cols[1] });
      continue;
    }
    cur.words.push({
      form: cols[1],
      lemma: cols[2],
      upos: cols[3],
      xpos: cols[4],
      feats: cols[5],
      head: cols[6] === '_' ? 0 : Number(cols[6]),
      deprel: cols[7],
      misc: cols[9] ?? '_',
    });
  }
  if (cur && cur.words.length) out.push(cur);
  return out;
}

export function readConllu(path: string): ConlluSentence[] {
  return parseConllu(readFileSync(path, 'utf8'));
}
