/**
 * The NLP stage: tokens, sentences, POS tags, lemmas and dependency arcs for a Doc. Models are loaded once
 * into `NlpResources` and shared by every document processed with them.
 */
import { emptyTokenLayer, UPOS_TAGS, type Doc } from '../doc/doc.js';
import { Lemmatizer } from './lemmatizer.js';
import { NerModel } from './ner.js';
import { Parser } from './parser.js';
import { SentenceSplitter } from './sentences.js';
import { Tagger } from './tagger.js';
import { tokenize } from './tokenizer.js';

export interface NlpResources {
  splitter: SentenceSplitter;
  tagger: Tagger;
  lemmatizer: Lemmatizer;
  parser: Parser;
  ner: NerModel;
}

export function loadNlpResources(): NlpResources {
  return {
    splitter: SentenceSplitter.default(),
    tagger: Tagger.default(),
    lemmatizer: Lemmatizer.default(),
    parser: Parser.default(),
    ner: NerModel.default(),
  };
}

export interface NlpOptions {
  /** Stop after tagging and lemmatising (no dependency parse). */
  parse?: boolean;
  /** Run the named-entity recogniser (default true). */
  ner?: boolean;
}

/** Tokenises and splits `doc.text`, filling `doc.tokens` and `doc.sentences` (no tagging). */
export function segment(doc: Doc, res: Pick<NlpResources, 'splitter'>): void {
  const spans = tokenize(doc.text);
  const tokens = emptyTokenLayer(spans.count);
  tokens.start.set(spans.start.subarray(0, spans.count));
  tokens.end.set(spans.end.subarray(0, spans.count));
  for (let i = 0; i < spans.count; i++) tokens.form[i] = doc.text.slice(spans.start[i], spans.end[i]);
  doc.tokens = tokens;
  doc.sentences = res.splitter.split(doc.text, spans);
}

export function nlpStage(doc: Doc, res: NlpResources, opts: NlpOptions = {}): void {
  segment(doc, res);
  const t = doc.tokens;
  // Whether a space follows each token: the tagger uses it ("U.S." vs "U. S.", "e-mail" vs "e - mail").
  const spaceAfter = new Uint8Array(t.count);
  for (let i = 0; i < t.count; i++) spaceAfter[i] = i + 1 === t.count || t.end[i] < t.start[i + 1] ? 1 : 0;
  for (const s of doc.sentences) {
    const from = s.tokenStart;
    const to = s.tokenEnd;
    if (to <= from) continue;
    res.tagger.tagInto(t.form, from, to, t.upos, t.xpos, spaceAfter);
    for (let i = from; i < to; i++) t.lemma[i] = res.lemmatizer.lemma(t.form[i], UPOS_TAGS[t.upos[i]], t.xpos[i]);
    if (opts.parse !== false) res.parser.parseInto(t.form, t.upos, t.xpos, from, to, t.head, t.deprel);
  }
  if (opts.ner !== false) nerStage(doc, res);
}

/** Named entities over the whole document at once (the model uses document-level evidence). */
export function nerStage(doc: Doc, res: Pick<NlpResources, 'ner'>): void {
  const sents = doc.sentences.map((s) => doc.tokens.form.slice(s.tokenStart, s.tokenEnd));
  const spans = res.ner.spansDocument(sents);
  doc.ner = [];
  spans.forEach((list, si) => {
    const base = doc.sentences[si].tokenStart;
    for (const sp of list) doc.ner!.push({ tokenStart: base + sp.start, tokenEnd: base + sp.end, type: sp.type, score: sp.score });
  });
}
