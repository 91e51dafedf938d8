/**
 * Test helper: a Doc with a hand-written dependency parse, so the time and geo stages are tested on real
 * news sentences independently of the trained models. Each sentence is its text plus one line per token,
 * `form lemma UPOS XPOS head deprel` (head: 1-based within the sentence, 0 = root), UD v2 / EWT style.
 */
import { createHash } from 'node:crypto';
import { emptyTokenLayer, uposIndex, type Doc, type DocMeta } from '../../src/doc/doc.js';

/** Like the pipeline's `newDoc` (not imported, so these tests do not load the NLP stage's modules). */
function newDoc(text: string, meta: DocMeta): Doc {
  return { id: createHash('sha256').update(text).digest('hex'), text, meta, tokens: emptyTokenLayer(0), sentences: [] };
}

export interface ParsedSentence {
  text: string;
  rows: string;
}

export function parsedDoc(sentences: ParsedSentence[], meta: DocMeta = {}, sep = ' '): Doc {
  const text = sentences.map((s) => s.text).join(sep);
  const rows = sentences.map((s) =>
    s.rows
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/)),
  );
  const n = rows.reduce((k, r) => k + r.length, 0);
  const doc = newDoc(text, meta);
  const t = emptyTokenLayer(n);
  let pos = 0;
  let k = 0;
  sentences.forEach((s, si) => {
    const sStart = text.indexOf(s.text, pos);
    const tokenStart = k;
    let p = sStart;
    for (const cols of rows[si]) {
      if (cols.length !== 6) throw new Error(`sentence ${si}: bad row "${cols.join(' ')}"`);
      const [form, lemma, upos, xpos, head, deprel] = cols;
      while (/\s/.test(text[p])) p++;
      if (text.slice(p, p + form.length) !== form) {
        throw new Error(`sentence ${si}: token "${form}" does not match text at ${p}: "${text.slice(p, p + 20)}"`);
      }
      t.start[k] = p;
      t.end[k] = p + form.length;
      t.form[k] = form;
      t.lemma[k] = lemma;
      t.upos[k] = uposIndex(upos);
      t.xpos[k] = xpos;
      const h = Number(head);
      t.head[k] = h === 0 ? -1 : tokenStart + h - 1;
      t.deprel[k] = deprel;
      p += form.length;
      k++;
    }
    doc.sentences.push({ start: sStart, end: sStart + s.text.length, tokenStart, tokenEnd: k });
    pos = sStart + s.text.length;
  });
  doc.tokens = t;
  return doc;
}

/** Index (in the doc) of the `nth` token of sentence `si` whose form is `form`. */
export function tok(doc: Doc, si: number, form: string, nth = 0): number {
  const s = doc.sentences[si];
  for (let i = s.tokenStart; i < s.tokenEnd; i++) if (doc.tokens.form[i] === form && nth-- === 0) return i;
  throw new Error(`no token "${form}" in sentence ${si}`);
}

/** A one-sentence Doc tokenised by a simple rule (words, numbers, "’s", punctuation) and not tagged or parsed. */
export function plainDoc(text: string, meta: DocMeta = {}): Doc {
  const doc = newDoc(text, meta);
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/\p{L}[\p{L}\p{N}'’-]*(?:\.\p{L}+)*\.?|\p{N}+(?:[.,:]\p{N}+)*|\S/gu)) {
    let s = m.index;
    const e = s + m[0].length;
    const w = m[0];
    const poss = /[’']s$/.exec(w);
    if (poss && w.length > 2) {
      spans.push([s, e - 2]);
      s = e - 2;
    } else if (w.endsWith('.') && w.length > 2 && w.indexOf('.') === w.length - 1) {
      spans.push([s, e - 1]);
      s = e - 1;
    }
    spans.push([s, e]);
  }
  const t = emptyTokenLayer(spans.length);
  spans.forEach(([s, e], i) => {
    t.start[i] = s;
    t.end[i] = e;
    t.form[i] = text.slice(s, e);
  });
  doc.tokens = t;
  doc.sentences = [{ start: 0, end: text.length, tokenStart: 0, tokenEnd: spans.length }];
  return doc;
}

/** The same Doc with its dependency parse removed (heads -2), to test the no-parse paths. */
export function withoutParse(doc: Doc): Doc {
  const t = { ...doc.tokens, head: new Int32Array(doc.tokens.count).fill(-2), deprel: new Array<string>(doc.tokens.count).fill('') };
  return { ...doc, tokens: t };
}
