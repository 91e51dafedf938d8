/**
 * Rebuilds the example corpus: the Wikinews articles (CC BY 2.5) inside the GUM corpus's news documents,
 * from the `# text` lines of ../shared/data/ud/en_gum-ud-{train,dev}.conllu. Only the text is used, not GUM's
 * annotations: sentences are joined into paragraphs (`# newpar`), the headline becomes the title, figure
 * captions are left out. Each article is written as examples/wikinews-NAME.json ({text, title, published, url,
 * source, author}) and credited in examples/README.md.
 *
 *   node --import tsx scripts/build-examples.ts [--gum DIR] [--out DIR]
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { packageRoot, sharedDataPath } from '../src/nlp/paths.js';

export interface Article {
  name: string;
  title: string;
  published: string | null;
  url: string | null;
  text: string;
}

/** The GUM_news_* documents of one CoNLL-U file, as articles. */
export function newsArticles(conllu: string): Article[] {
  const out: Article[] = [];
  let doc: { name: string; meta: Map<string, string>; paras: { block: string; cap: number; sents: string[] }[] } | null = null;
  const flush = (): void => {
    if (!doc) return;
    const title = doc.meta.get('title') ?? doc.paras[0]?.sents.join(' ') ?? doc.name;
    const paras = doc.paras
      .filter((p) => !p.block.startsWith('figure') && !p.block.startsWith('caption') && p.sents.length)
      .map((p) => p.sents.join(' '));
    if (paras.length && paras[0] === title) paras.shift();
    const date = doc.meta.get('dateCreated') ?? null;
    out.push({
      name: doc.name,
      title,
      published: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
      url: doc.meta.get('sourceURL') ?? null,
      text: paras.join('\n\n') + '\n',
    });
    doc = null;
  };
  for (const line of conllu.split('\n')) {
    if (!line.startsWith('#')) continue;
    const newdoc = /^# newdoc id = (.+)$/.exec(line);
    if (newdoc) {
      flush();
      const id = newdoc[1].trim();
      if (id.startsWith('GUM_news_')) doc = { name: id.slice('GUM_news_'.length), meta: new Map(), paras: [] };
      continue;
    }
    if (!doc) continue;
    const meta = /^# meta::(\w+) = (.*)$/.exec(line);
    if (meta) {
      doc.meta.set(meta[1], meta[2].trim());
      continue;
    }
    if (line === '# newpar' || line.startsWith('# newpar ')) {
      doc.paras.push({ block: '', cap: Infinity, sents: [] });
      continue;
    }
    const block = /^# newpar_block = (.*)$/.exec(line);
    if (block) {
      if (!doc.paras.length) doc.paras.push({ block: '', cap: Infinity, sents: [] });
      // "figure rend:::"…" (1 s) | caption (1 s)": the block holds its first count of sentences; what follows
      // before the next # newpar is running text again.
      const para = doc.paras[doc.paras.length - 1];
      para.block = block[1].trim();
      const n = /\((\d+) s\)/.exec(para.block);
      if (n) para.cap = Number(n[1]);
      continue;
    }
    const text = /^# text = (.*)$/.exec(line);
    if (text) {
      let para = doc.paras[doc.paras.length - 1];
      if (!para || para.sents.length >= para.cap) doc.paras.push((para = { block: '', cap: Infinity, sents: [] }));
      para.sents.push(text[1].trim());
    }
  }
  flush();
  return out;
}

function readme(articles: Article[]): string {
  const rows = articles.map((a) => `| \`wikinews-${a.name}.json\` | [${a.title.replace(/\|/g, '\\|')}](${a.url ?? 'https://en.wikinews.org/'}) | ${a.published ?? '—'} |`);
  return `# Example corpus

What \`npm start\` ingests into \`herald.db\` before serving the UI (files already stored are skipped).

- \`seed-article.txt\` — the sample article of Herald's design (Times of Israel, by Raphael Ahren, February 2017).
- \`wikinews-*.json\` — ${articles.length} news articles from **Wikinews**, as records \`{text, title, published, url, source, author}\`.

## Attribution and licence of the Wikinews articles

The articles below were written by Wikinews contributors and are published by Wikinews under the
[Creative Commons Attribution 2.5 licence (CC BY 2.5)](https://creativecommons.org/licenses/by/2.5/). Each is credited
to "Wikinews" with a link to its original page; the date is the article's creation date on Wikinews.

Changes: the text was taken from the \`# text\` lines of the \`GUM_news_*\` documents of the GUM corpus
(Georgetown University Multilayer corpus; Zeldes 2017, *The GUM Corpus: Creating Multilayer Resources in the
Classroom*, Language Resources and Evaluation 51(3)), which reproduces these Wikinews articles (in part). Only
the article text is used here, none of GUM's annotations; sentences are rejoined into paragraphs, the headline is
kept as the title, and image captions are left out. Rebuild with \`npm run build:examples\`
(reads \`../shared/data/ud/en_gum-ud-{train,dev}.conllu\`).

| file | article (Wikinews) | created |
|---|---|---|
${rows.join('\n')}
`;
}

function main(): void {
  const { values } = parseArgs({ options: { gum: { type: 'string' }, out: { type: 'string' } } });
  const gumDir = values.gum ?? sharedDataPath('ud');
  const outDir = values.out ?? join(packageRoot(), 'examples');
  const files = ['en_gum-ud-train.conllu', 'en_gum-ud-dev.conllu'].map((f) => join(gumDir, f));
  for (const f of files) if (!existsSync(f)) throw new Error(`${f} is missing; pass --gum DIR (the folder with the GUM CoNLL-U files)`);
  const articles = files.flatMap((f) => newsArticles(readFileSync(f, 'utf8'))).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const f of readdirSync(outDir)) if (/^wikinews-.*\.json$/.test(f)) rmSync(join(outDir, f));
  for (const a of articles) {
    const record = { title: a.title, published: a.published, url: a.url, source: 'Wikinews', author: 'Wikinews contributors (CC BY 2.5)', text: a.text };
    writeFileSync(join(outDir, `wikinews-${a.name}.json`), JSON.stringify(record, null, 2) + '\n');
  }
  writeFileSync(join(outDir, 'README.md'), readme(articles));
  const chars = articles.reduce((n, a) => n + a.text.length, 0);
  console.log(`${articles.length} Wikinews articles (${(chars / 1024).toFixed(0)} KB of text) written to ${outDir}, with README.md`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (e) {
    console.error(`build-examples: ${(e as Error).message}`);
    process.exit(1);
  }
}
