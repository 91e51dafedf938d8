/** `herald analyze`: articles in, DESIGN-schema results out (JSON, JSON Lines or readable text). */
import { HeraldError, USAGE } from '../text/errors.js';
import { datedMeta, listInputFiles, readArticles, type Article } from '../text/inputs.js';
import { undatedWarning } from '../time/publication.js';
import { createPipeline } from '../pipeline/analyze.js';
import type { Result } from '../pipeline/result.js';
import { checkDate, oneOf, parseFlags, stringFlag, type Command } from './args.js';

const FORMATS = ['json', 'jsonl', 'text'] as const;

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'analyze articles and print sentences, tokens, entities, quotes and events',
  help: `Usage: herald analyze FILE|DIR|- [options]

Analyzes news articles and prints one result per article in Herald's output schema.
Inputs: a text file, an HTML page, a .json article or .jsonl file of articles ({"text", "title",
"published", "url", "source"}), a directory (read recursively), or - for standard input. A text or HTML
file takes its title, date, url and source from a sidecar beside it, article.txt + article.meta.json.
The publication date comes from the article's metadata, else --date, a dateline, the HTML <meta> date or a
date in the file name (nyt_2016-10-23_x.txt); without one, a warning on stderr, and meta.dateSource is "none"
(actor roles were then resolved without a date).

Options:
  --format json|jsonl|text  json: one pretty object (an array for several articles);
                            jsonl: one compact object per line; text: a readable summary.
                            Default: text on a terminal, json otherwise.
  --tokens                  include every token (start, end, upos, xpos, lemma, head, deprel)
  --no-text                 leave the article text out of the JSON
  --date YYYY-MM-DD         publication date for articles that carry none
  --max-doc MB              largest document (default 5 MB; news articles are well under 1 MB)
  --debug                   show stack traces on errors

Examples:
  herald analyze examples/seed-article.txt
  herald analyze news/ --format jsonl > results.jsonl
  cat article.txt | herald analyze - --format json --tokens`,
  async run(argv) {
    const p = parseFlags('analyze', argv, {
      format: { type: 'string' },
      tokens: { type: 'boolean' },
      'no-text': { type: 'boolean' },
      date: { type: 'string' },
      'max-doc': { type: 'string' },
    });
    if (p.positionals.length === 0) {
      throw new HeraldError("herald analyze: give a file, a directory or - for stdin; see 'herald analyze --help'", USAGE);
    }
    const format = oneOf('analyze', 'format', stringFlag(p, 'format'), FORMATS, process.stdout.isTTY ? 'text' : 'json');
    const date = checkDate('analyze', '--date', stringFlag(p, 'date'));
    const mb = stringFlag(p, 'max-doc');
    if (mb !== undefined && (!/^\d+(\.\d+)?$/.test(mb) || Number(mb) <= 0 || Number(mb) > 200)) {
      throw new HeraldError(`herald analyze: --max-doc is in MB, more than 0 and at most 200 (got '${mb}')`, USAGE);
    }
    const maxBytes = mb === undefined ? undefined : Math.round(Number(mb) * 1048576);
    const articles: Article[] = [];
    for (const input of p.positionals) {
      const files = input === '-' ? ['-'] : listInputFiles(input);
      for (const f of files) articles.push(...readArticles(f, { maxBytes }));
    }
    const pipeline = createPipeline();
    const opts = { tokens: p.values.tokens === true, text: p.values['no-text'] !== true };
    const results: Result[] = [];
    for (const a of articles) {
      const r = pipeline.analyze(a.text, datedMeta(a, date), opts);
      if (r.meta.dateSource === 'none') process.stderr.write(`herald analyze: warning: ${undatedWarning(a.label)}\n`);
      if (format === 'jsonl') process.stdout.write(JSON.stringify(r) + '\n');
      else if (format === 'text') process.stdout.write(formatText(r, a) + '\n');
      else results.push(r);
    }
    if (format === 'json') {
      process.stdout.write(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
    }
    return 0;
  },
};

/**
 * A readable summary: who is in the article, who said what, who did what to whom; with --tokens also each
 * sentence with word/TAG pairs.
 */
function formatText(r: Result, a: Article): string {
  const text = a.text;
  const clip = (s: string, n = 110): string => {
    const one = s.replace(/\s+/g, ' ');
    return one.length > n ? one.slice(0, n - 1) + '…' : one;
  };
  const lines = [`== ${a.label}  (${r.sentences.length} sentences, ${r.entities.length} entities, ${r.quotes.length} quotes, ${r.events.length} events; id ${r.id.slice(0, 12)})`];
  const people = r.entities.filter((e) => e.mentions.length > 1 || e.actor);
  if (people.length) {
    lines.push('', 'Entities:');
    for (const e of people) {
      const forms = [...new Set(e.mentions.map((m) => m.text))].slice(0, 6).join('; ');
      lines.push(`  ${e.id.padEnd(4)} ${e.type.padEnd(6)} ${e.name}${e.actor ? ` [${e.actor.code}]` : ''} — ${e.mentions.length}× (${forms})`);
    }
  }
  if (r.quotes.length) {
    lines.push('', 'Quotes:');
    for (const q of r.quotes) {
      const who = q.speaker ? (q.speaker.name ?? q.speaker.text) : '(unknown)';
      lines.push(`  ${q.id.padEnd(4)} ${who}${q.cue ? ` ${q.cue.text}` : ''} (${q.kind}, ${q.confidence.toFixed(2)}): ${clip(q.text)}`);
    }
  }
  if (r.events.length) {
    lines.push('', 'Events:');
    for (const e of r.events) {
      const src = e.source ? `${e.source.name}${e.source.actor ? ` [${e.source.actor.code}]` : ''}` : '—';
      const tgt = e.target ? `${e.target.name}${e.target.actor ? ` [${e.target.actor.code}]` : ''}` : '—';
      const where = e.location ? ` in ${e.location.name}` : '';
      lines.push(`  ${e.id.padEnd(4)} ${e.cameo.code} ${e.cameo.name}: ${src} → ${tgt} (“${e.trigger.text}”, ${e.date ?? 'undated'}${where})`);
    }
  }
  if (r.tokens) {
    lines.push('', 'Sentences:');
    r.sentences.forEach((s, i) => {
      lines.push(`[${i + 1}] ${clip(text.slice(s.start, s.end), 400)}`);
      const toks = r.tokens!.filter((t) => t.start >= s.start && t.end <= s.end);
      lines.push('    ' + toks.map((t) => `${t.text}/${t.upos}`).join(' '));
    });
  }
  return lines.join('\n');
}
