/**
 * Big corpora for `npm run bench:scale` without analysing them: a few hundred real articles are analysed once
 * (their results cached), then replicated with new ids, publication dates spread over two years (event dates
 * moved with them) and new names for a share of their people and organisations, drawn from pools that grow
 * with the corpus (as a newsroom's cast does: sublinearly), and stored through the store's own write path.
 * One copy's quoted speaker gets a name nobody else has, for the rare-speaker search.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { documentProblem, isDocumentIn, type DocumentIn } from '../src/store/types.js';
import { isPolitical, readDocuments, rebuildDocument } from '../scripts/news-train-articles.js';

export const RARE_SPEAKER = 'Quintilla Marwick-Odunsi';
export const CORPUS_START = '2015-01-01';
export const CORPUS_DAYS = 730;

export interface ArticleIn {
  text: string;
  title?: string;
  published?: string;
  source?: string;
  url?: string;
}

/**
 * Real news articles from the shared corpora: political Reuters stories rebuilt from CoNLL-2003 eng.train
 * (event-dense) and PolNeAR 2016 US political news (quote-dense), alternating, `count` in all.
 */
export function realArticles(shared: string, count: number): ArticleIn[] {
  const reuters: ArticleIn[] = [];
  const conll = join(shared, 'ner', 'conll2003', 'eng.train');
  if (existsSync(conll)) {
    readDocuments(readFileSync(conll, 'utf8')).forEach((doc, i) => {
      const a = rebuildDocument(doc, `train-${String(i).padStart(3, '0')}`);
      if (isPolitical(a)) reuters.push({ text: a.text, title: a.title, published: a.published ?? undefined, source: 'Reuters' });
    });
  }
  const polnear: ArticleIn[] = [];
  const dir = join(shared, 'attribution', 'polnear', 'train', 'text');
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      const m = /^([a-z]+)_(\d{4}-\d{2}-\d{2})_/.exec(f);
      polnear.push({ text: readFileSync(join(dir, f), 'utf8'), published: m?.[2], source: m?.[1] });
    }
  }
  const out: ArticleIn[] = [];
  for (let i = 0; out.length < count && (i < reuters.length || i < polnear.length); i++) {
    if (i < reuters.length) out.push(reuters[i]);
    if (i < polnear.length && out.length < count) out.push(polnear[i]);
  }
  if (!out.length) throw new Error(`no articles under ${shared} (looked for ner/conll2003/eng.train and attribution/polnear/train/text)`);
  return out;
}

/** The analysed results of `articles` (text included), from the cache or by `herald analyze` (the built CLI). */
export function analysedBase(root: string, cacheDir: string, articles: ArticleIn[], log: (s: string) => void): DocumentIn[] {
  const key = createHash('sha256').update(JSON.stringify(articles.map((a) => [a.text.length, a.title, a.published]))).digest('hex').slice(0, 16);
  const cache = join(cacheDir, `base-${articles.length}-${key}.jsonl`);
  if (!existsSync(cache)) {
    mkdirSync(cacheDir, { recursive: true });
    const feed = join(cacheDir, `articles-${key}.jsonl`);
    writeFileSync(feed, articles.map((a) => JSON.stringify(a)).join('\n') + '\n');
    log(`analysing ${articles.length} real articles once (cached in ${cache})`);
    const r = spawnSync(process.execPath, [join(root, 'bin', 'herald.js'), 'analyze', feed, '--format', 'jsonl'], {
      maxBuffer: 1 << 30,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`herald analyze failed (${r.status}); run 'npm run build' first`);
    writeFileSync(cache, r.stdout);
  }
  // A check, not a cast: the cache outlives the build that wrote it, and a stale one should say so here rather
  // than fail somewhere inside the store.
  return readFileSync(cache, 'utf8').trim().split('\n').map((l, i) => {
    const doc: unknown = JSON.parse(l);
    if (!isDocumentIn(doc)) throw new Error(`${cache}, line ${i + 1}: ${documentProblem(doc)}; delete the cache to analyse the articles again`);
    return doc;
  });
}

/** The article feed the base was analysed from (for the ingest-rate measurement). */
export function articleFeed(cacheDir: string, articles: ArticleIn[]): string {
  const key = createHash('sha256').update(JSON.stringify(articles.map((a) => [a.text.length, a.title, a.published]))).digest('hex').slice(0, 16);
  return join(cacheDir, `articles-${key}.jsonl`);
}

/** A deterministic random number generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const SURNAMES = ['Abara', 'Bellweather', 'Castellanos', 'Dvorak', 'Eriksen', 'Fontaine', 'Guzman', 'Haddad', 'Ivanova', 'Jansen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rahman', 'Sato', 'Tanaka', 'Usman', 'Varga', 'Weiss', 'Xu', 'Yilmaz', 'Zhou'];

/** A new name for `name` from a pool of `pool` variants, the low ones most often (Zipf-like). */
function variant(name: string, pool: number, r: () => number): string {
  const i = Math.floor(Math.pow(r(), 2.5) * pool);
  return `${name.split(' ')[0]} ${SURNAMES[i % SURNAMES.length]}${i >= SURNAMES.length ? `-${Math.floor(i / SURNAMES.length)}` : ''}`;
}

/** Copy `k` of a corpus of `total`: new id, date and names (see the file's comment). */
export function replicate(base: DocumentIn[], k: number, total: number, r: () => number): DocumentIn {
  const b = base[k % base.length];
  const d = structuredClone(b);
  const text = d.text ?? '';
  d.id = createHash('sha256').update(`${k}\n${text}`).digest('hex');
  const startMs = Date.parse(`${CORPUS_START}T00:00:00Z`);
  const pubMs = startMs + Math.floor((k * CORPUS_DAYS) / total) * DAY_MS + Math.floor(r() * 3) * DAY_MS;
  const oldPub = b.meta?.published ? Date.parse(`${b.meta.published.slice(0, 10)}T00:00:00Z`) : NaN;
  const shift = Number.isFinite(oldPub) ? pubMs - oldPub : 0;
  d.meta = { ...d.meta, published: dayOf(pubMs) };
  for (const e of d.events ?? []) {
    if (e.date && /^\d{4}-\d{2}-\d{2}$/.test(e.date) && shift) e.date = dayOf(Date.parse(`${e.date}T00:00:00Z`) + shift);
  }
  // Names: about half the people and organisations get a variant from a pool that grows as sqrt(corpus so far).
  const pool = Math.ceil(4 * Math.sqrt(k + 1));
  const renamed = new Map<string, string>();
  for (const ent of d.entities ?? []) {
    if ((ent.type === 'PERSON' || ent.type === 'ORG') && r() < 0.5) {
      const to = variant(ent.name, pool, r);
      renamed.set(ent.id, to);
      ent.name = to;
    }
  }
  for (const q of d.quotes ?? []) {
    const sp = q.speaker;
    if (sp?.entity && renamed.has(sp.entity)) sp.name = renamed.get(sp.entity) ?? sp.name;
  }
  for (const e of d.events ?? []) {
    for (const arg of [e.source, e.target]) if (arg?.entity && renamed.has(arg.entity)) arg.name = renamed.get(arg.entity) ?? arg.name;
  }
  if (k === Math.floor(total / 2)) {
    const q = (d.quotes ?? []).find((x) => x.speaker);
    if (q?.speaker) {
      q.speaker.name = RARE_SPEAKER;
      q.speaker.entity = null;
    }
  }
  return d;
}
