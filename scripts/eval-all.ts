/**
 * `npm run eval`: every evaluation on the shared dev sets (../shared/data, or --data DIR), one after another,
 * each through the CLI exactly as a user would run it. Prints each command's detail, then a summary JSON line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/nlp/paths.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, only: { type: 'string' } } });
const root = packageRoot();
const data = values.data ?? join(root, '..', 'shared', 'data');
if (!existsSync(data)) {
  console.error(`eval: ${data} not found; pass --data DIR pointing at the shared corpora`);
  process.exit(1);
}
const runs: [string, string[]][] = [
  ['ud_ewt_dev', ['ud', '--gold', join(data, 'ud/en_ewt-ud-dev.conllu')]],
  ['ud_gum_dev', ['ud', '--gold', join(data, 'ud/en_gum-ud-dev.conllu')]],
  ['ner_testa', ['ner', '--gold', join(data, 'ner/conll2003/eng.testa')]],
  ['coref_gum_dev', ['coref', '--gold', join(data, 'ud/en_gum-ud-dev.conllu')]],
  ['attribution_polnear_dev', ['attribution', '--gold', join(data, 'attribution/polnear/dev')]],
  ['events_petrarch', ['events', '--gold', join(data, 'events/petrarch2/PETR.UnitTest.records.xml'), '--dictionaries', join(data, 'events/petrarch2/dictionaries')]],
  ['news_gold_dev', ['news', '--gold', join(data, 'news-gold/dev')]],
  ['events_plover_gsr', ['events', '--gold', join(data, 'events/plover/PLOVER_GSR_dev.json')]],
];
const summary: Record<string, unknown> = {};
for (const [name, args] of runs) {
  if (values.only && !name.startsWith(values.only)) continue;
  console.log(`\n## herald eval ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'herald.js'), 'eval', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout);
  if (r.status !== 0) {
    process.stdout.write(r.stderr);
    summary[name] = { error: r.stderr.trim().split('\n').pop() };
    continue;
  }
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  summary[name] = JSON.parse(last);
}
console.log(JSON.stringify(summary));
