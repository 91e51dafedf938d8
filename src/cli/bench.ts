/**
 * `herald bench`: throughput and memory of the full pipeline on worker threads, against the `compromise`
 * library (people/places/organizations/quotations, one thread) on the same documents in the same run.
 * Prints readable lines, then one JSON line last.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../nlp/paths.js';
import { HeraldError, USAGE } from '../text/errors.js';
import { listInputFiles, readArticles, type Article } from '../text/inputs.js';
import { analyzeMany, createAnalyzer, defaultWorkers } from '../pipeline/workers.js';
import { parseFlags, stringFlag, type Command } from './args.js';

const MIN_DOCS = 200;

function intFlag(name: string, v: string | undefined, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new HeraldError(`herald bench: --${name} must be a whole number ≥ ${min} (got '${v}')`, USAGE);
  return Number(v);
}

/** Whitespace-separated words: the token estimate used for tokens_per_sec. */
const wordCount = (s: string): number => {
  const m = s.match(/\S+/g);
  return m ? m.length : 0;
};

/** Peak resident set of the whole process (worker threads included), in MB. */
function peakRssMb(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux: fall through to the current RSS
  }
  return Math.round(process.memoryUsage().rss / 1048576);
}

type Nlp = (text: string) => {
  people(): { out(f: string): unknown };
  places(): { out(f: string): unknown };
  organizations(): { out(f: string): unknown };
  quotations(): { out(f: string): unknown };
};

async function loadCompromise(): Promise<Nlp | undefined> {
  try {
    const mod = (await import('compromise')) as { default: Nlp };
    return mod.default;
  } catch {
    return undefined;
  }
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure analysis throughput and memory against the compromise library',
  help: `Usage: herald bench [--corpus DIR] [--workers N] [--docs N]

Analyzes a corpus with the full pipeline on worker threads and prints docs/s, tokens/s (estimated as
whitespace-separated words), peak RSS of the process (main thread and workers), and the ratio to the
compromise library doing people/places/organizations/quotations on the same documents (one thread).
Both are timed after an untimed warm-up over each distinct article once. The last line is one JSON object.

Options:
  --corpus DIR   articles to analyze (default: the bundled examples/)
  --workers N    worker threads (default: one per core)
  --docs N       documents to analyze; the corpus is repeated to reach it (default: at least ${MIN_DOCS})
  --no-baseline  skip the compromise comparison

Examples:
  herald bench
  herald bench --corpus news/ --workers 2 --docs 500`,
  async run(argv) {
    const p = parseFlags('bench', argv, {
      corpus: { type: 'string' },
      workers: { type: 'string' },
      docs: { type: 'string' },
      'no-baseline': { type: 'boolean' },
    });
    if (p.positionals.length) throw new HeraldError(`herald bench: unexpected argument '${p.positionals[0]}'; use --corpus DIR`, USAGE);
    const corpus = stringFlag(p, 'corpus') ?? join(packageRoot(), 'examples');
    const workers = intFlag('workers', stringFlag(p, 'workers'), defaultWorkers(), 0);
    const base: Article[] = [];
    for (const f of listInputFiles(corpus)) {
      try {
        base.push(...readArticles(f));
      } catch (e) {
        if (!(e instanceof HeraldError)) throw e;
        console.error(`skipped ${e.message}`);
      }
    }
    const usable = base.filter((a) => a.text.trim());
    if (!usable.length) throw new HeraldError(`herald bench: ${corpus}: no non-empty articles to analyze`);
    const target = intFlag('docs', stringFlag(p, 'docs'), Math.max(MIN_DOCS, usable.length), 1);
    const docs: Article[] = [];
    for (let i = 0; docs.length < target; i++) docs.push(usable[i % usable.length]);
    const tokens = docs.reduce((n, a) => n + wordCount(a.text), 0);
    console.log(`corpus: ${corpus} (${usable.length} articles, repeated to ${docs.length} documents, ${tokens} words)`);

    // Both sides are timed warm: before the clock starts, each analyses every distinct article once (untimed),
    // so that JIT compilation and first-use caches are not part of either figure.
    const warm = usable.slice(0, Math.min(usable.length, docs.length));
    const analyzer = createAnalyzer({ workers, resultOptions: { text: false } });
    let failed = 0;
    let secs: number;
    try {
      const t0 = performance.now();
      await analyzer.ready();
      console.log(`herald: ${analyzer.size} worker${analyzer.size === 1 ? '' : 's'} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      for await (const o of analyzeMany(analyzer, warm)) void o;
      const t1 = performance.now();
      for await (const o of analyzeMany(analyzer, docs)) if (o.error) failed++;
      secs = (performance.now() - t1) / 1000;
    } finally {
      await analyzer.close();
    }
    // Herald's peak, before the baseline runs in this same process.
    const peak = peakRssMb();
    const docsPerSec = docs.length / secs;
    console.log(`herald: ${docs.length} documents in ${secs.toFixed(2)} s = ${docsPerSec.toFixed(1)} docs/s, ${(tokens / secs).toFixed(0)} words/s${failed ? ` (${failed} failed)` : ''}`);

    let compromiseDps: number | null = null;
    if (p.values['no-baseline'] !== true) {
      const nlp = await loadCompromise();
      if (!nlp) console.log('compromise: not installed (npm install -D compromise); baseline skipped');
      else {
        const run = (a: Article): void => {
          const d = nlp(a.text);
          d.people().out('array');
          d.places().out('array');
          d.organizations().out('array');
          d.quotations().out('array');
        };
        for (const a of warm) run(a);
        const t2 = performance.now();
        for (const a of docs) run(a);
        const s2 = (performance.now() - t2) / 1000;
        compromiseDps = docs.length / s2;
        console.log(`compromise (1 thread): ${docs.length} documents in ${s2.toFixed(2)} s = ${compromiseDps.toFixed(1)} docs/s`);
      }
    }
    const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
    const out = {
      docs: docs.length,
      docs_per_sec: round(docsPerSec),
      tokens_per_sec: round(tokens / secs, 0),
      tokens_estimate: 'whitespace-separated words',
      peak_rss_mb: peak,
      workers,
      warmup_docs: warm.length,
      compromise_docs_per_sec: compromiseDps === null ? null : round(compromiseDps),
      baseline_ratio: compromiseDps === null ? null : round(docsPerSec / compromiseDps, 2),
      failed,
    };
    console.log(JSON.stringify(out));
    return failed ? 1 : 0;
  },
};
