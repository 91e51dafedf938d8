/**
 * `herald eval <task> --gold PATH`: scores the shipped models on any gold file. Human-readable detail first,
 * then exactly one JSON line with the scores (fractions in 0..1) as the last line of stdout.
 */
import { existsSync } from 'node:fs';
import { HeraldError, USAGE } from '../text/errors.js';
import { readConllu } from '../nlp/conllu.js';
import { evaluateUd } from '../nlp/eval-ud.js';
import { evaluateAttribution } from '../quotes/eval-attribution.js';
import { loadNlpResources } from '../nlp/stage.js';
import { formatNerScore, readConll2003, scoreNer } from '../nlp/conll2003.js';
import { NerModel } from '../nlp/ner.js';
import { evaluateCoref, readGoldCoref } from '../entities/eval-coref.js';
import { createPipeline, loadResources } from '../pipeline/analyze.js';
import { evaluateEvents } from '../events/eval-events.js';
import { evaluateNews } from '../pipeline/eval-news.js';
import type { Doc, DocMeta } from '../doc/doc.js';
import { parseFlags, stringFlag, type Command } from './args.js';

/** Flags other than --gold that an evaluator may use. */
interface EvalFlags {
  dictionaries?: string;
  /** Print one line per miss (news). */
  verbose?: boolean;
}

type Evaluator = (gold: string, flags: EvalFlags) => Record<string, unknown>;

/** Rounds every fractional number (also inside nested score objects) to 4 decimals. */
const round = (x: unknown): unknown => {
  if (typeof x === 'number') return Number.isInteger(x) ? x : Math.round(x * 10000) / 10000;
  if (x && typeof x === 'object' && !Array.isArray(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, round(v)]));
  return x;
};

const EVALUATORS: Record<string, { gold: string; run: Evaluator }> = {
  ud: {
    gold: 'a CoNLL-U file (e.g. ../shared/data/ud/en_ewt-ud-dev.conllu)',
    run(gold) {
      const sents = readConllu(gold);
      if (sents.length === 0) throw new HeraldError(`${gold}: no CoNLL-U sentences found; give a .conllu file`);
      const scores = evaluateUd(sents, loadNlpResources());
      console.log(`gold: ${gold}  (${scores.sentences} sentences, ${scores.words} words)`);
      console.log(`tagging on gold tokens: UPOS ${pct(scores.upos)}  XPOS ${pct(scores.xpos)}  lemma ${pct(scores.lemma)}`);
      console.log(`parsing with predicted tags: UAS ${pct(scores.uas)}  LAS ${pct(scores.las)}`);
      console.log(`raw text: tokens F1 ${pct(scores.tokens_f1)}  sentences F1 ${pct(scores.sentences_f1)}`);
      console.log(`speed (tag + parse, one core): ${scores.tokens_per_sec} tokens/s`);
      return { ...scores };
    },
  },
  ner: {
    gold: 'a CoNLL-2003 file: token POS chunk IOB-tag, -DOCSTART- between documents (e.g. ../shared/data/ner/conll2003/eng.testa)',
    run(gold) {
      const docs = readConll2003(gold);
      const model = NerModel.default();
      const goldTags: string[][] = [];
      const predTags: string[][] = [];
      let tokens = 0;
      const t0 = performance.now();
      for (const d of docs) {
        const pred = model.tagDocument(d.sentences.map((s) => s.tokens));
        d.sentences.forEach((s, i) => {
          goldTags.push(s.tags);
          predTags.push(pred[i]);
          tokens += s.tokens.length;
        });
      }
      const sec = (performance.now() - t0) / 1000;
      if (tokens === 0) throw new HeraldError(`${gold}: no CoNLL-2003 sentences found`);
      const score = scoreNer(goldTags, predTags);
      console.log(`gold: ${gold}  (${docs.length} documents, ${goldTags.length} sentences, ${tokens} tokens)`);
      console.log(formatNerScore(score));
      return { precision: score.precision, recall: score.recall, f1: score.f1, per_type: score.per_type, tokens_per_sec: Math.round(tokens / sec) };
    },
  },
  attribution: {
    gold: 'a PolNeAR-format directory DIR/text/*.txt + DIR/attributions/*.ann (e.g. ../shared/data/attribution/polnear/dev)',
    run(gold) {
      const pipeline = createPipeline();
      return evaluateAttribution(gold, (text) => pipeline.analyzeDoc(text).quotes ?? []);
    },
  },
  coref: {
    gold: 'a CoNLL-U file with CorefUD Entity= annotations (e.g. ../shared/data/ud/en_gum-ud-dev.conllu)',
    run(gold) {
      const docs = readGoldCoref(readConllu(gold));
      if (!docs.some((d) => d.mentions.length)) throw new HeraldError(`${gold}: no Entity= coreference annotations found in the MISC column`);
      const scores = evaluateCoref(docs, loadResources());
      console.log(`gold: ${gold}  (${docs.length} documents, ${String(scores.person_mentions)} person mentions, ${String(scores.pronouns)} he/she pronouns with an antecedent)`);
      console.log(`pronoun accuracy ${pct(scores.pronoun_accuracy as number)} (incl. they: ${pct(scores.pronoun_accuracy_all as number)})`);
      return scores;
    },
  },
  events: {
    gold: 'PETRARCH validation XML or PLOVER GSR JSON (e.g. ../shared/data/events/plover/PLOVER_GSR_dev.json); --dictionaries DIR',
    run(gold, { dictionaries }) {
      let analyze: ((text: string, meta: DocMeta) => Doc) | undefined;
      try {
        const pipeline = createPipeline();
        analyze = (text, meta) => pipeline.analyzeDoc(text, meta);
      } catch (e) {
        console.log(`pipeline unavailable (${(e as Error).message}); PETRARCH records are coded from their own parse trees`);
      }
      return evaluateEvents(gold, { dictionaries, analyze });
    },
  },
  news: {
    gold: 'a news-gold folder with articles/ID.json and gold/ID.gold.json (e.g. ../shared/data/news-gold/dev); --verbose lists every miss',
    run(gold, { verbose }) {
      const pipeline = createPipeline();
      const scores = evaluateNews(gold, (text, meta) => pipeline.analyze(text, meta), verbose ? (line) => console.log(line) : undefined);
      const e = scores.events;
      const q = scores.quotes;
      console.log(`gold: ${gold}  (${scores.docs} articles, ${e.gold} events, ${q.gold} quotes)`);
      console.log(`events (plain statements left out): root F1 ${pct(e.root.f1)} (P ${pct(e.root.p)} R ${pct(e.root.r)})  exact F1 ${pct(e.exact.f1)}  trigger F1 ${pct(e.trigger.f1)}`);
      console.log(`quotes: detection F1 ${pct(q.f1)} (P ${pct(q.p)} R ${pct(q.r)})  speaker accuracy ${pct(q.speaker_acc)}  attributed F1 ${pct(q.attributed.f1)}`);
      return { ...scores };
    },
  },
};

const pct = (x: number): string => (100 * x).toFixed(2) + '%';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'score the shipped models against a gold file (JSON line last)',
  help: `Usage: herald eval TASK --gold PATH

Runs the shipped pipeline on gold data and prints details, then one JSON line with the scores.
Tasks:
${Object.entries(EVALUATORS)
  .map(([k, v]) => `  ${k.padEnd(12)} --gold ${v.gold}`)
  .join('\n')}

Examples:
  herald eval ud --gold ../shared/data/ud/en_ewt-ud-dev.conllu
  herald eval ner --gold ../shared/data/ner/conll2003/eng.testa
  herald eval attribution --gold ../shared/data/attribution/polnear/dev
  herald eval news --gold ../shared/data/news-gold/dev
  herald eval events --gold ../shared/data/events/petrarch2/PETR.UnitTest.records.xml \\
      --dictionaries ../shared/data/events/petrarch2/dictionaries
  npm run eval    (all of them on the shared dev sets)`,
  async run(argv) {
    const p = parseFlags('eval', argv, { gold: { type: 'string' }, dictionaries: { type: 'string' }, verbose: { type: 'boolean' } });
    const task = p.positionals[0];
    if (!task || !(task in EVALUATORS)) {
      throw new HeraldError(
        `herald eval: name a task (${Object.keys(EVALUATORS).join(', ')})${task ? `, not '${task}'` : ''}; see 'herald eval --help'`,
        USAGE,
      );
    }
    const gold = stringFlag(p, 'gold');
    if (!gold) throw new HeraldError(`herald eval ${task}: --gold PATH is required (${EVALUATORS[task].gold})`, USAGE);
    if (!existsSync(gold)) throw new HeraldError(`${gold}: no such file or directory; check the --gold path`);
    const scores = EVALUATORS[task].run(gold, { dictionaries: stringFlag(p, 'dictionaries'), verbose: p.values.verbose === true });
    console.log(JSON.stringify(round(scores)));
    return 0;
  },
};
