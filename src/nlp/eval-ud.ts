/**
 * `herald eval ud`: scores the NLP stage against any CoNLL-U file.
 * Tagging, lemmas and parsing are scored on the gold tokens with predicted tags (as the CoNLL shared tasks'
 * "gold tokenisation" setting); tokenisation and sentence splitting are scored on the raw `# text` lines.
 */
import type { ConlluSentence } from './conllu.js';
import { rawTextFromConllu, scoreSegmentation } from './segmentation-eval.js';
import type { NlpResources } from './stage.js';
import { tokenize } from './tokenizer/tokenizer.js';

export interface UdScores {
  upos: number;
  xpos: number;
  lemma: number;
  uas: number;
  las: number;
  tokens_f1: number;
  sentences_f1: number;
  tokens_per_sec: number;
  words: number;
  sentences: number;
}

/**
 * The accurate profile's tags and parses of `gold`, run one document (`# newdoc`) at a time as the pipeline runs
 * one article's sentences together; `elapsed` gets the time taken.
 */
function neuralParses(gold: ConlluSentence[], res: NlpResources, time: { ms: number }): { upos: string[]; xpos: string[]; head: ArrayLike<number>; deprel: string[] }[] {
  const out = [];
  for (let i = 0; i < gold.length; ) {
    let j = i + 1;
    while (j < gold.length && !gold[j].newDoc) j++;
    const t0 = performance.now();
    out.push(...res.neural!.annotate(gold.slice(i, j).map((s) => s.words.map((w) => w.form))));
    time.ms += performance.now() - t0;
    i = j;
  }
  return out;
}

export function evaluateUd(gold: ConlluSentence[], res: NlpResources): UdScores {
  let words = 0;
  let upos = 0;
  let xpos = 0;
  let lemma = 0;
  let uas = 0;
  let las = 0;
  let elapsed = 0;
  const time = { ms: 0 };
  const neural = res.neural ? neuralParses(gold, res, time) : null;
  elapsed += time.ms;
  for (const [k, s] of gold.entries()) {
    const forms = s.words.map((w) => w.form);
    // Spacing is part of the raw text (SpaceAfter=No), not of the annotation: the pipeline sees it too.
    const spaceAfter = s.words.map((w) => (/SpaceAfter=No/.test(w.misc) ? 0 : 1));
    const t0 = performance.now();
    const tags = neural ? neural[k] : res.tagger.tagSentence(forms, spaceAfter);
    const parsed = neural ? neural[k] : res.parser.parse(forms, tags.upos, tags.xpos);
    if (!neural) elapsed += performance.now() - t0;
    for (let i = 0; i < s.words.length; i++) {
      const g = s.words[i];
      words++;
      if (tags.upos[i] === g.upos) upos++;
      if (tags.xpos[i] === g.xpos) xpos++;
      if (res.lemmatizer.lemma(forms[i], tags.upos[i], tags.xpos[i]) === g.lemma) lemma++;
      if (parsed.head[i] === g.head) {
        uas++;
        if (parsed.deprel[i] === g.deprel) las++;
      }
    }
  }
  const raw = rawTextFromConllu(gold);
  const spans = tokenize(raw.text);
  const predTokens = [];
  for (let i = 0; i < spans.count; i++) predTokens.push({ start: spans.start[i], end: spans.end[i] });
  const predSentences = res.splitter.split(raw.text, spans).map((x) => ({ start: x.start, end: x.end }));
  const seg = scoreSegmentation(
    { tokens: raw.tokens, sentences: raw.sentences },
    { tokens: predTokens, sentences: predSentences },
  );
  const frac = (n: number): number => (words ? n / words : 0);
  return {
    upos: frac(upos),
    xpos: frac(xpos),
    lemma: frac(lemma),
    uas: frac(uas),
    las: frac(las),
    tokens_f1: seg.tokens_f1,
    sentences_f1: seg.sentences_f1,
    tokens_per_sec: elapsed > 0 ? Math.round(words / (elapsed / 1000)) : 0,
    words,
    sentences: gold.length,
  };
}
