/**
 * Training the sentence splitter on UD EWT train, with part of the paragraphs rewritten to use line breaks (one
 * sentence per line, or hard-wrapped lines) so that the model learns what a line break means; and scoring it.
 */
import type { ConlluSentence } from '../conllu.js';
import { FeatureBuffer } from '../linear/keys.js';
import { PerceptronTrainer } from '../linear/trainer.js';
import { seededRandom, shuffle } from '../random.js';
import { rawTextFromConllu, type RawTextGold } from '../segmentation-eval.js';
import { tokenize, type TokenSpans } from '../tokenizer/tokenizer.js';
import { features, fresh, G_BLANK, G_NEWLINE, type State, TokenInfo, updateState } from './features.js';
import { SentenceSplitter } from './splitter.js';

export interface SplitterTrainingDoc {
  text: string;
  tokens: TokenSpans;
  /** 1 where a gold sentence ends after token i. */
  gold: Uint8Array;
}

export interface TrainSentenceOptions {
  epochs?: number;
  seed?: number;
  /** Whose boundaries reset the sentence state during training: the model's own (default) or the gold ones. */
  history?: 'predicted' | 'gold';
  /** Dev documents: the best epoch on dev is kept. */
  dev?: SplitterTrainingDoc[];
  log?: (line: string) => void;
}

/** Marks the gold boundaries on the predicted tokens. */
export function makeTrainingDoc(text: string, sentences: { start: number; end: number }[], tokens = tokenize(text)): SplitterTrainingDoc {
  const ends = new Set<number>();
  for (const s of sentences) ends.add(s.end);
  const gold = new Uint8Array(tokens.count);
  for (let i = 0; i < tokens.count; i++) if (ends.has(tokens.end[i])) gold[i] = 1;
  return { text, tokens, gold };
}

/**
 * Splits a treebank into documents (at `# newdoc`) and renders each as raw text. With `augment`, a fraction
 * of the documents put one sentence per line and another fraction is hard-wrapped at 60–80 columns,
 * deterministically from `seed`.
 */
export function conlluToSplitterDocs(
  sents: ConlluSentence[],
  augment: { linePerSentence: number; hardWrap: number; seed: number } | null = null,
): SplitterTrainingDoc[] {
  const docs: ConlluSentence[][] = [];
  for (const s of sents) {
    if (s.newDoc || docs.length === 0) docs.push([]);
    docs[docs.length - 1].push(s);
  }
  const random = seededRandom(augment?.seed ?? 1);
  const out: SplitterTrainingDoc[] = [];
  for (const d of docs) {
    const gold = rawTextFromConllu(d);
    const text = augment ? augmentText(gold, d, augment, random) : gold.text;
    out.push(makeTrainingDoc(text, gold.sentences));
  }
  return out;
}

function augmentText(
  gold: RawTextGold,
  sents: ConlluSentence[],
  augment: { linePerSentence: number; hardWrap: number },
  random: () => number,
): string {
  const chars = gold.text.split('');
  // One mode per document, so that its line structure is consistent.
  const r = random();
  const width = 60 + Math.floor(random() * 21);
  // Paragraph ranges: sentence indices [a, b).
  let a = 0;
  for (let k = 1; k <= sents.length; k++) {
    if (k < sents.length && !(sents[k].newPar || sents[k].newDoc)) continue;
    if (r < augment.linePerSentence) {
      for (let j = a + 1; j < k; j++) chars[gold.sentences[j].start - 1] = '\n';
    } else if (r < augment.linePerSentence + augment.hardWrap) {
      const from = gold.sentences[a].start;
      const to = gold.sentences[k - 1].end;
      let lineStart = from;
      let lastSpace = -1;
      for (let i = from; i < to; i++) {
        if (chars[i] === ' ') lastSpace = i;
        if (i - lineStart >= width && lastSpace > lineStart) {
          chars[lastSpace] = '\n';
          lineStart = lastSpace + 1;
          lastSpace = -1;
        }
      }
    }
    a = k;
  }
  return chars.join('');
}

/** Sentence F1 (exact token-range matches) of the splitter on documents with gold boundaries. */
export function scoreSplitter(splitter: SentenceSplitter, docs: SplitterTrainingDoc[]): number {
  let hit = 0;
  let np = 0;
  let ng = 0;
  for (const d of docs) {
    const gold = new Set<number>();
    let first = 0;
    for (let i = 0; i < d.tokens.count; i++) {
      if (d.gold[i] || i === d.tokens.count - 1) {
        gold.add(first * 1048576 + i + 1);
        first = i + 1;
      }
    }
    const pred = splitter.split(d.text, d.tokens);
    for (const p of pred) if (gold.has(p.tokenStart * 1048576 + p.tokenEnd)) hit++;
    np += pred.length;
    ng += gold.size;
  }
  const p = np ? hit / np : 0;
  const r = ng ? hit / ng : 0;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

export function trainSentenceSplitter(train: SplitterTrainingDoc[], options: TrainSentenceOptions = {}): SentenceSplitter {
  const epochs = options.epochs ?? 10;
  const goldHistory = options.history === 'gold';
  const random = seededRandom(options.seed ?? 7);
  const log = options.log ?? (() => {});
  const trainer = new PerceptronTrainer(2);
  const infos = train.map((d) => new TokenInfo(d.text, d.tokens));
  const order = train.map((_, i) => i);
  const buf = new FeatureBuffer(64);
  const scores = new Float64Array(2);
  let best: SentenceSplitter | null = null;
  let bestScore = -1;
  let bestEpoch = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(order, random);
    let errors = 0;
    let total = 0;
    for (const di of order) {
      const doc = train[di];
      const info = infos[di];
      const n = doc.tokens.count;
      const st: State = { dist: 0, quote: 0, bracket: 0, content: false };
      for (let i = 0; i < n; i++) {
        updateState(info, i, st);
        let pred: number;
        const g = info.gap[i];
        if (i === n - 1 || g === G_BLANK || (g === G_NEWLINE && !info.wrapped)) pred = 1;
        else {
          features(info, i, st, buf);
          scores[0] = 0;
          scores[1] = 0;
          trainer.score(buf.keys, buf.n, scores);
          pred = scores[1] > scores[0] ? 1 : 0;
          const gold = doc.gold[i];
          trainer.tick();
          total++;
          if (pred !== gold) {
            errors++;
            trainer.update(buf.keys, buf.n, gold, 1);
            trainer.update(buf.keys, buf.n, pred, -1);
          }
          // The history (distance, quote state) follows the model's own decisions, as it will when splitting,
          // unless asked to follow the gold boundaries.
          if (goldHistory) pred = gold;
        }
        if (pred) fresh(st);
      }
    }
    const model = trainer.finalize();
    const splitter = new SentenceSplitter(model, 0, {});
    const devScore = options.dev ? scoreSplitter(splitter, options.dev) : 0;
    log(`epoch ${epoch}: train errors ${errors}/${total} (${((100 * errors) / total).toFixed(2)}%), features ${model.features}` +
      (options.dev ? `, dev sentences F1 ${devScore.toFixed(4)}` : ''));
    if (!options.dev || devScore > bestScore) {
      best = splitter;
      bestScore = devScore;
      bestEpoch = epoch;
    }
  }
  const result = best!;
  (result.meta as Record<string, unknown>).epochs = bestEpoch;
  return result;
}

/**
 * Picks the margin threshold that maximises sentence F1 on `docs`, smoothed over neighbouring candidates
 * (sorted ascending) so that a lucky spike on a small dev set does not decide.
 */
export function tuneThreshold(splitter: SentenceSplitter, docs: SplitterTrainingDoc[], candidates: number[]): { threshold: number; f1: number } {
  const f: number[] = [];
  for (const t of candidates) {
    splitter.threshold = t;
    f.push(scoreSplitter(splitter, docs));
  }
  let best = 0;
  let bestSmooth = -1;
  for (let k = 0; k < f.length; k++) {
    const lo = Math.max(0, k - 1);
    const hi = Math.min(f.length - 1, k + 1);
    let sum = 0;
    for (let j = lo; j <= hi; j++) sum += f[j];
    const smooth = sum / (hi - lo + 1);
    if (smooth > bestSmooth) {
      bestSmooth = smooth;
      best = k;
    }
  }
  splitter.threshold = candidates[best];
  return { threshold: candidates[best], f1: f[best] };
}
