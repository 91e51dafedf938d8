/**
 * The NLP stage: tokens, sentences, POS tags, lemmas and dependency arcs for a Doc. Models are loaded once
 * into `NlpResources` and shared by every document processed with them.
 */
import * as _doc from '../doc/doc.js';
import type { Doc } from '../doc/doc.js';
import type { Layer, Stage } from '../doc/stage.js';
import { Lemmatizer } from './lemmatizer/lemmatizer.js';
import { NeuralCore } from './neural/core.js';
import { profileFromEnv } from './neural/profile.js';
import { headlineVerb, isHeadline } from './headline.js';
import { NerModel } from './ner/model.js';
import { Parser } from './parser/parser.js';
import { SentenceSplitter } from './sentences/splitter.js';
import { Tagger } from './tagger/tagger.js';
import * as _tokenizer from './tokenizer/tokenizer.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const { emptyTokenLayer, UPOS_TAGS, uposIndex } = _doc;
const { tokenize } = _tokenizer;

export interface NlpResources {
  splitter: SentenceSplitter;
  tagger: Tagger;
  lemmatizer: Lemmatizer;
  parser: Parser;
  ner: NerModel;
  /** The accurate profile's neural tagger + parser (then `tagger` and `parser` are not used), else null. */
  neural?: NeuralCore | null;
}

/**
 * The models of the profile HERALD_PROFILE names (`--profile`; default fast). Under the accurate profile the
 * perceptron tagger and parser are loaded only if something asks for them (the coreference evaluation does; the
 * pipeline never does): they are ~40 MB of resident memory that the neural core replaces. The returned object
 * holds them as getters, so copy it with Object.assign onto it rather than with a spread, which would load them.
 */
export function loadNlpResources(): NlpResources {
  const common = { splitter: SentenceSplitter.default(), lemmatizer: Lemmatizer.default(), ner: NerModel.default() };
  if (profileFromEnv() !== 'accurate') return { ...common, tagger: Tagger.default(), parser: Parser.default(), neural: null };
  return {
    ...common,
    get tagger(): Tagger {
      return Tagger.default();
    },
    get parser(): Parser {
      return Parser.default();
    },
    // (a getter too: the thread that only shares the models with its workers never runs the network, and its
    // three ONNX sessions held ~18 MB there for nothing, 217 → 199 MB after sharing; `shareResources` shares the
    // word index alone)
    get neural(): NeuralCore {
      return NeuralCore.default();
    },
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
  if (doc.dateline) splitAfter(doc, doc.dateline.end);
}

/**
 * A wire dateline ("BRUSSELS, March 3, 2024 —") that opens a sentence is a segment of its own: left inside, the
 * parser reads the place as the sentence's subject ("BRUSSELS … imposed sanctions" for the EU's act).
 */
function splitAfter(doc: Doc, offset: number): void {
  const t = doc.tokens;
  const i = doc.sentences.findIndex((s) => s.start < offset && s.end > offset);
  if (i < 0) return;
  const s = doc.sentences[i];
  let k = s.tokenStart;
  while (k < s.tokenEnd && t.start[k] < offset) k++;
  if (k <= s.tokenStart || k >= s.tokenEnd) return;
  const head = { start: s.start, end: t.end[k - 1], tokenStart: s.tokenStart, tokenEnd: k };
  const rest = { start: t.start[k], end: s.end, tokenStart: k, tokenEnd: s.tokenEnd };
  doc.sentences.splice(i, 1, head, rest);
}

export function createNlpStage(res: NlpResources, opts: NlpOptions = {}): Stage {
  const assigns: Layer[] = ['tokens', 'sentences', 'tags', 'lemmas'];
  if (opts.parse !== false) assigns.push('parse');
  if (opts.ner !== false) assigns.push('ner');
  return { name: 'nlp', requires: ['text', 'dateline'], assigns, run: (doc) => nlpStage(doc, res, opts) };
}

export function nlpStage(doc: Doc, res: NlpResources, opts: NlpOptions = {}): void {
  segment(doc, res);
  const t = doc.tokens;
  // Whether a space follows each token: the tagger uses it ("U.S." vs "U. S.", "e-mail" vs "e - mail").
  const spaceAfter = new Uint8Array(t.count);
  for (let i = 0; i < t.count; i++) spaceAfter[i] = i + 1 === t.count || t.end[i] < t.start[i + 1] ? 1 : 0;
  if (res.neural) neuralInto(doc, res.neural, res.lemmatizer, opts.parse !== false);
  else doc.sentences.forEach((s, si) => {
    const from = s.tokenStart;
    const to = s.tokenEnd;
    if (to <= from) return;
    res.tagger.tagInto(t.form, from, to, t.upos, t.xpos, spaceAfter);
    // a telegraphic headline's verb the tagger read as a noun ("Israeli army ransacks/NNS Bedouin camp")
    const verb = isHeadline(doc, s, si) ? headlineVerb(t.form, t.xpos, from, to, (frame) => res.tagger.tagSentence(frame).xpos[1]) : null;
    if (verb) {
      t.xpos[verb.tok] = verb.tag;
      t.upos[verb.tok] = uposIndex('VERB');
    }
    for (let i = from; i < to; i++) t.lemma[i] = res.lemmatizer.lemma(t.form[i], UPOS_TAGS[t.upos[i]], t.xpos[i]);
    if (opts.parse !== false) res.parser.parseInto(t.form, t.upos, t.xpos, from, to, t.head, t.deprel);
  });
  if (opts.ner !== false) nerStage(doc, res);
}

/** The accurate profile: every sentence of the document tagged and parsed by the neural core in one go. */
function neuralInto(doc: Doc, core: NeuralCore, lemmatizer: Lemmatizer, parse: boolean): void {
  const t = doc.tokens;
  const sents = doc.sentences.filter((s) => s.tokenEnd > s.tokenStart);
  const parses = core.annotate(sents.map((s) => t.form.slice(s.tokenStart, s.tokenEnd)));
  sents.forEach((s, k) => {
    const p = parses[k];
    for (let i = s.tokenStart; i < s.tokenEnd; i++) {
      const w = i - s.tokenStart;
      t.upos[i] = uposIndex(p.upos[w]);
      t.xpos[i] = p.xpos[w];
      t.lemma[i] = lemmatizer.lemma(t.form[i], p.upos[w], p.xpos[w]);
      if (parse) {
        t.head[i] = p.head[w] === 0 ? -1 : s.tokenStart + p.head[w] - 1;
        t.deprel[i] = p.deprel[w];
      }
    }
  });
}

/**
 * Named entities over the whole document at once (the model uses document-level evidence).
 *
 * The tokenizer follows UD and splits hyphenated words ("Jean - Claude", "Shin - Wook"), but the NER model was
 * trained on CoNLL-2003, which keeps them whole; split, a hyphenated name loses its first or last part. So the
 * model reads each run of tokens joined by hyphens with no space between as one word, and its spans are mapped
 * back to the UD tokens.
 */
export function nerStage(doc: Doc, res: Pick<NlpResources, 'ner'>): void {
  const t = doc.tokens;
  const sents: string[][] = [];
  // for each sentence, the first UD token of each NER word (plus the sentence end as a last entry)
  const firsts: number[][] = [];
  for (const s of doc.sentences) {
    const forms: string[] = [];
    const first: number[] = [];
    let i = s.tokenStart;
    while (i < s.tokenEnd) {
      let j = i + 1;
      while (j + 1 < s.tokenEnd && isJoinedHyphen(t.form, t.start, t.end, j)) j += 2;
      forms.push(j === i + 1 ? t.form[i] : doc.text.slice(t.start[i], t.end[j - 1]));
      first.push(i);
      i = j;
    }
    first.push(s.tokenEnd);
    sents.push(forms);
    firsts.push(first);
  }
  const spans = res.ner.spansDocument(sents);
  doc.ner = [];
  spans.forEach((list, si) => {
    const first = firsts[si];
    for (const sp of list) doc.ner!.push({ tokenStart: first[sp.start], tokenEnd: first[sp.end], type: sp.type, score: sp.score });
  });
}

/** Token `h` is a hyphen written tight between two words ("Jean-Claude", "U.S.-led", "1990-91"). */
function isJoinedHyphen(form: readonly string[], start: Int32Array, end: Int32Array, h: number): boolean {
  return (
    (form[h] === '-' || form[h] === '‐' || form[h] === '‑') &&
    end[h - 1] === start[h] &&
    end[h] === start[h + 1] &&
    /[\p{L}\p{N}.]$/u.test(form[h - 1]) &&
    /^[\p{L}\p{N}]/u.test(form[h + 1])
  );
}
