/**
 * Standoff records for the news-train annotations (events and quotes on CoNLL-2003 eng.train stories, annotated
 * by ../shared/data/news-gold/GUIDE.md). The Reuters texts are not redistributed: a record holds character
 * offsets into the article text that scripts/news-train-articles.ts rebuilds from ../shared, the text's sha256,
 * and only short actor names and cue words.
 *
 *   --to-standoff GOLD_DIR --articles DIR --out data/news-train/ [--annotator NAME] [--date YYYY-MM-DD] [--force]
 *       gold JSON (GOLD_DIR/ID.gold.json, articles in DIR/ID.json) -> data/news-train/ID.ann.json; an existing
 *       record is kept unless --force (so a second annotator's files never replace the first's).
 *   --to-gold data/news-train/ [--out /tmp/news-train/set] [--conll ../shared/data/ner/conll2003/eng.train]
 *       standoff -> a news-gold folder OUT/articles/ID.json + OUT/gold/ID.gold.json, texts rebuilt from CoNLL and
 *       checked against text_sha256; then `node bin/herald.js eval news --gold OUT` scores on it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readDocuments, rebuildDocument, type RebuiltArticle } from './news-train-articles.js';

type Span = [number, number];
interface Actor { name: string; code: string | null }
interface GoldEvent {
  sentence: string; trigger: string; code: string; source: Actor | null; target: Actor | null;
  date: string | null; note?: string;
}
interface GoldQuote { speaker: Actor | null; cue: string; kind: string; content: string; note?: string }
interface GoldFile { id: string; published: string | null; events: GoldEvent[]; quotes: GoldQuote[] }
interface StandoffEvent {
  sentence: Span; trigger: Span; code: string; source: Actor | null; target: Actor | null;
  date: string | null; note?: string;
}
interface StandoffQuote { content: Span; cue: string; kind: string; speaker: Actor | null }
export interface StandoffRecord {
  id: string; doc: number; text_sha256: string;
  provenance: { annotator: string; date: string; guide: string };
  events: StandoffEvent[]; quotes: StandoffQuote[];
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const actor = (a: Actor | null | undefined): Actor | null => (a ? { name: a.name, code: a.code ?? null } : null);

/** One line per event and quote, so that records diff well. */
export function formatRecord(rec: StandoffRecord): string {
  const { events, quotes, ...head } = rec;
  const list = (xs: unknown[]): string => (xs.length ? `[\n${xs.map((x) => `  ${JSON.stringify(x)}`).join(',\n')}\n ]` : '[]');
  const top = Object.entries(head).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n${top.join(',\n')},\n "events": ${list(events)},\n "quotes": ${list(quotes)}\n}\n`;
}

/** Document index of an id such as `train-042`. */
export function docIndex(id: string): number {
  const m = /^train-(\d+)$/.exec(id);
  if (!m) throw new Error(`not a news-train id: ${id}`);
  return Number(m[1]);
}

/** Gold JSON -> standoff; offsets are those the scorer uses (first occurrence of `sentence` and `content`). */
export function toStandoff(gold: GoldFile, art: RebuiltArticle, annotator: string, date: string): StandoffRecord {
  const text = art.text;
  const at = (s: string, what: string): number => {
    const i = text.indexOf(s);
    if (i < 0) throw new Error(`${gold.id}: ${what} not in text: ${s.slice(0, 60)}`);
    return i;
  };
  const events = gold.events.map((e): StandoffEvent => {
    const s = at(e.sentence, 'sentence');
    const k = e.sentence.indexOf(e.trigger);
    if (k < 0) throw new Error(`${gold.id}: trigger "${e.trigger}" not in its sentence`);
    const out: StandoffEvent = {
      sentence: [s, s + e.sentence.length], trigger: [s + k, s + k + e.trigger.length], code: e.code,
      source: actor(e.source), target: actor(e.target), date: e.date ?? null,
    };
    if (e.note) out.note = e.note;
    return out;
  });
  const quotes = gold.quotes.map((q): StandoffQuote => {
    const s = at(q.content, 'quote content');
    return { content: [s, s + q.content.length], cue: q.cue, kind: q.kind, speaker: actor(q.speaker) };
  });
  return {
    id: gold.id, doc: docIndex(gold.id), text_sha256: sha256(text),
    provenance: { annotator, date, guide: 'news-gold GUIDE.md' }, events, quotes,
  };
}

/** Standoff + rebuilt text -> gold JSON (the news-gold form). */
export function toGold(rec: StandoffRecord, art: RebuiltArticle): GoldFile {
  if (sha256(art.text) !== rec.text_sha256) throw new Error(`${rec.id}: rebuilt text does not match text_sha256`);
  const cut = ([s, e]: Span): string => art.text.slice(s, e);
  return {
    id: rec.id, published: art.published,
    events: rec.events.map((e) => {
      const sentence = cut(e.sentence);
      const trigger = cut(e.trigger);
      if (e.trigger[0] < e.sentence[0] || e.trigger[1] > e.sentence[1]) throw new Error(`${rec.id}: trigger outside sentence`);
      const out: GoldEvent = { sentence, trigger, code: e.code, source: e.source, target: e.target, date: e.date };
      if (e.note) out.note = e.note;
      return out;
    }),
    quotes: rec.quotes.map((q) => ({ speaker: q.speaker, cue: q.cue, kind: q.kind, content: cut(q.content) })),
  };
}

function main(argv: string[]): void {
  const opt = (name: string): string | undefined => {
    const i = argv.lastIndexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const toStandoffDir = opt('--to-standoff');
  const toGoldDir = opt('--to-gold');
  if (toStandoffDir) {
    const articles = opt('--articles');
    const out = opt('--out');
    if (!articles || !out) throw new Error('--to-standoff GOLD_DIR needs --articles DIR and --out DIR');
    const annotator = opt('--annotator') ?? 'A';
    const date = opt('--date') ?? new Date().toISOString().slice(0, 10);
    const force = argv.includes('--force');
    mkdirSync(out, { recursive: true });
    let written = 0, kept = 0;
    for (const f of readdirSync(toStandoffDir).filter((x) => x.endsWith('.gold.json')).sort()) {
      const gold = readJson<GoldFile>(join(toStandoffDir, f));
      const dest = join(out, `${gold.id}.ann.json`);
      if (existsSync(dest) && !force) { kept++; continue; }
      const rec = toStandoff(gold, readJson<RebuiltArticle>(join(articles, `${gold.id}.json`)), annotator, date);
      writeFileSync(dest, formatRecord(rec));
      written++;
    }
    console.log(`${written} standoff records -> ${out}${kept ? ` (${kept} existing kept)` : ''}`);
  } else if (toGoldDir) {
    const out = resolve(opt('--out') ?? '/tmp/news-train/set');
    const conll = resolve(opt('--conll') ?? '../shared/data/ner/conll2003/eng.train');
    const docs = readDocuments(readFileSync(conll, 'utf8'));
    mkdirSync(join(out, 'articles'), { recursive: true });
    mkdirSync(join(out, 'gold'), { recursive: true });
    let n = 0, events = 0, quotes = 0;
    for (const f of readdirSync(toGoldDir).filter((x) => x.endsWith('.ann.json')).sort()) {
      const rec = readJson<StandoffRecord>(join(toGoldDir, f));
      if (!docs[rec.doc]) throw new Error(`${rec.id}: no document ${rec.doc} in ${conll}`);
      const art = rebuildDocument(docs[rec.doc], rec.id);
      const gold = toGold(rec, art);
      writeFileSync(join(out, 'articles', `${rec.id}.json`), JSON.stringify(art, null, 1));
      writeFileSync(join(out, 'gold', `${rec.id}.gold.json`), JSON.stringify(gold, null, 2) + '\n');
      n++; events += gold.events.length; quotes += gold.quotes.length;
    }
    console.log(`${n} articles, ${events} events, ${quotes} quotes -> ${out} (herald eval news --gold ${out})`);
  } else {
    console.error('usage: news-train-standoff.ts --to-standoff GOLD_DIR --articles DIR --out DIR | --to-gold DIR [--out DIR]');
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
