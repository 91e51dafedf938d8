/**
 * The control of `npm run bench:scale`'s ingest rates: one process that analyses a JSON Lines file of articles
 * the way a `herald worker` does (the built pipeline on one analysis thread, results without text or tokens),
 * with no queue and no store. It loads its models, says `ready` on stdout, waits for a line on stdin (the
 * parent starts every copy at once), analyses the articles one after the other and prints one JSON line: the
 * milliseconds from the start to each article's end. Run one copy, then two at once: what two gain over one is
 * what the machine allows two separate processes at the time. With WARMUP.jsonl it analyses those articles
 * first, before it says `ready` (a worker fleet's processes have long compiled their hot code).
 *
 *   node --import tsx bench/scale-control.ts FEED.jsonl [WARMUP.jsonl]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const feed = process.argv[2];
if (!feed) throw new Error('usage: scale-control.ts FEED.jsonl');
const dist = (p: string): string => pathToFileURL(join(root, 'dist', 'src', p)).href;
// The compiled pipeline and input reader, as `herald ingest --queue` and `herald worker` run them.
const { createAnalyzer } = (await import(dist('pipeline/workers.js'))) as typeof import('../src/pipeline/workers.js');
const { datedMeta, readInputStream } = (await import(dist('text/inputs.js'))) as typeof import('../src/text/inputs.js');
type Article = { text: string; meta: import('../src/doc/doc.js').DocMeta };
const read = async (file: string): Promise<Article[]> => {
  const out: Article[] = [];
  for await (const item of readInputStream(file, {})) if (!item.bad) out.push({ text: item.article.text, meta: datedMeta(item.article) });
  return out;
};
const articles = await read(feed);
const analyzer = createAnalyzer({ workers: 1, resultOptions: { text: false, tokens: false } });
await analyzer.ready();
if (process.argv[3]) for (const a of await read(process.argv[3])) await analyzer.analyze(a.text, a.meta);
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise<void>((r) => lines.once('line', () => r()));
lines.close();
/** CPU seconds per thread of this process (Linux), for the per-thread figures. */
const threads = (): Map<string, number> => {
  const m = new Map<string, number>();
  try {
    for (const t of readdirSync('/proc/self/task')) {
      const st = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      m.set(t, (Number(f[11]) + Number(f[12])) / 100);
    }
  } catch {
    // not Linux
  }
  return m;
};
const before = threads();
const t0 = performance.now();
const ends: number[] = [];
for (const a of articles) {
  await analyzer.analyze(a.text, a.meta);
  ends.push(Math.round(performance.now() - t0));
}
const after = threads();
await analyzer.close();
// Milliseconds of CPU per article of each thread that worked, most first (the analysis thread leads).
const perThread = [...after].map(([t, s]) => Math.round(((s - (before.get(t) ?? 0)) * 1000) / Math.max(1, articles.length))).filter((x) => x > 0).sort((a, b) => b - a);
process.stdout.write(JSON.stringify({ ends, perThread }) + '\n');
