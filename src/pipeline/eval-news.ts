/**
 * `herald eval news`: scores events and quotes on whole real articles against a news-gold folder
 * (`../shared/data/news-gold/README.md` gives the rules; its reference scorer gives the same figures on the same
 * output). Per article, an engine event matches a gold event one to one, greedily in the engine's order, when
 * its trigger starts inside the gold event's sentence and the level's test holds; plain statements (010) are
 * left out. A quote matches the gold quote it overlaps most (half the shorter span, a quarter of the longer);
 * its speaker is right when a name token of the gold speaker occurs in the engine's speaker name or text.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeText } from '../text/decode.js';
import { HeraldError } from '../text/errors.js';
import { readArticles } from '../text/inputs.js';
import type { DocMeta } from '../doc/doc.js';
import type { Result } from './result.js';

/** An actor of the news gold (GUIDE.md): the name as the document gives it and its CAMEO code. */
export interface GoldActor {
  name?: string | null;
  code?: string | null;
}

/** One event record of a news-gold file (GUIDE.md), as the scorer and the event trainers read it. */
export interface GoldEvent {
  sentence: string;
  trigger: string;
  code: string;
  source: GoldActor | null;
  target: GoldActor | null;
}

interface GoldQuote {
  speaker: GoldActor | null;
  content: string;
}

interface GoldFile {
  id: string;
  events: GoldEvent[];
  quotes: GoldQuote[];
}

export interface Prf {
  p: number;
  r: number;
  f1: number;
}

export interface NewsScores {
  docs: number;
  events: { root: Prf; exact: Prf; trigger: Prf; herald: number; gold: number; herald_plain_statements: number };
  quotes: Prf & { speaker_acc: number; attributed: Prf; herald: number; gold: number };
}

const r4 = (x: number): number => Math.round(x * 10000) / 10000;

export function prf(tp: number, predicted: number, gold: number): Prf {
  const p = predicted ? tp / predicted : 0;
  const r = gold ? tp / gold : 0;
  return { p: r4(p), r: r4(r), f1: r4(p + r ? (2 * p * r) / (p + r) : 0) };
}

type ActorLike = { code?: string | null; actor?: { code?: string | null } | null } | null | undefined;

const fullCode = (a: ActorLike): string | null => a?.code ?? a?.actor?.code ?? null;
/** The country part of an actor code: its first three letters (`DEUGOV` → `DEU`, `IGOUNO` → `IGO`). */
const countryCode = (a: ActorLike): string | null => (fullCode(a) ?? '').slice(0, 3) || null;

/** What root-level matching reads of a gold event. */
export interface GoldEventLike {
  sentence: string;
  code: string;
  source?: ActorLike;
  target?: ActorLike;
}
/** What root-level matching reads of a coded event. */
export interface CodedEventLike {
  trigger: { start: number };
  cameo: { root: string };
  source?: ActorLike;
  target?: ActorLike;
}
/** A gold event with the character span of its sentence in the article (-1 start when the sentence is not there). */
export interface GoldSpan<G extends GoldEventLike = GoldEventLike> {
  g: G;
  s: number;
  e: number;
}

/** The gold events of an article with their sentences' spans in `text`. */
export function goldSpans<G extends GoldEventLike>(text: string, gold: readonly G[]): GoldSpan<G>[] {
  return gold.map((g) => {
    const s = text.indexOf(g.sentence);
    return { g, s, e: s + g.sentence.length };
  });
}

/**
 * The news gold's root-level matching (news-gold README): each coded event in turn takes the first gold event not
 * yet taken whose sentence holds its trigger, with the same CAMEO root and the same actor countries. Per coded
 * event, the index of the gold event it took, or -1. The scorer, and the trainers that label events with it, share
 * this one definition.
 */
export function matchRoot(spans: readonly GoldSpan[], events: readonly CodedEventLike[]): number[] {
  const used = new Set<number>();
  return events.map((h) => {
    const at = h.trigger.start;
    const k = spans.findIndex(({ g, s, e }, j) => !used.has(j) && at >= s && at < e && h.cameo.root === g.code.slice(0, 2) && countryCode(h.source) === countryCode(g.source) && countryCode(h.target) === countryCode(g.target));
    if (k >= 0) used.add(k);
    return k;
  });
}

/** Words that are no one's name: titles, roles and function words (the scorer's list). */
const NOT_NAMES = new Set(
  ('mr mrs ms dr president prime minister foreign defence defense interior secretary general gen the a an of said ' +
    'spokesman spokeswoman official officials sen senator king queen prince sheikh ayatollah chancellor premier deputy ' +
    'vice leader chief head ambassador envoy').split(' '),
);

/** The name tokens of a speaker: letters only, three or more, titles left out. */
export function nameTokens(s: string | null | undefined): string[] {
  return (s ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z\s-]/g, ' ')
    .split(/[\s-]+/)
    .filter((w) => w.length >= 3 && !NOT_NAMES.has(w));
}

/** One line of detail per miss, for `--verbose`. */
export type MissSink = (line: string) => void;

interface Tally {
  root: number;
  exact: number;
  trigger: number;
  herald: number;
  gold: number;
  plain: number;
  quotesMatched: number;
  speakerOk: number;
  quotesHerald: number;
  quotesGold: number;
}

const LEVELS = ['exact', 'root', 'trigger'] as const;

function scoreEvents(id: string, text: string, gold: GoldEvent[], result: Result, t: Tally, miss?: MissSink): void {
  const spans = goldSpans(text, gold);
  const engine = result.events.filter((h) => {
    if (h.cameo.code === '010') {
      t.plain++;
      return false;
    }
    return true;
  });
  t.herald += engine.length;
  t.gold += gold.length;
  for (const level of LEVELS) {
    const used = new Set<number>();
    for (const h of engine) {
      const at = h.trigger.start;
      const i = spans.findIndex(({ g, s, e }, k) => {
        if (used.has(k) || at < s || at >= e) return false;
        if (level === 'exact') {
          return h.cameo.code === g.code && fullCode(h.source) === fullCode(g.source) && fullCode(h.target) === fullCode(g.target);
        }
        if (h.cameo.root !== g.code.slice(0, 2)) return false;
        return level === 'trigger' || (countryCode(h.source) === countryCode(g.source) && countryCode(h.target) === countryCode(g.target));
      });
      if (i >= 0) {
        used.add(i);
        t[level]++;
      } else if (level === 'root' && miss) {
        miss(`${id} FP ${h.cameo.code} ${fullCode(h.source)}->${fullCode(h.target)} "${h.trigger.text}"`);
      }
    }
    if (level === 'root' && miss) {
      spans.forEach(({ g }, k) => {
        if (!used.has(k)) miss(`${id} FN ${g.code} ${fullCode(g.source)}->${fullCode(g.target)} "${g.trigger}"`);
      });
    }
  }
}

function scoreQuotes(id: string, text: string, gold: GoldQuote[], result: Result, t: Tally, miss?: MissSink): void {
  const spans = gold.map((q) => {
    const s = text.indexOf(q.content);
    return { q, s, e: s + q.content.length };
  });
  t.quotesHerald += result.quotes.length;
  t.quotesGold += gold.length;
  const used = new Set<number>();
  for (const h of result.quotes) {
    let best = -1;
    let bestOverlap = 0;
    spans.forEach(({ s, e }, k) => {
      if (used.has(k)) return;
      const overlap = Math.min(h.end, e) - Math.max(h.start, s);
      const lh = h.end - h.start;
      const lg = e - s;
      if (overlap > 0 && overlap >= 0.5 * Math.min(lh, lg) && overlap >= 0.25 * Math.max(lh, lg) && overlap > bestOverlap) {
        best = k;
        bestOverlap = overlap;
      }
    });
    if (best < 0) {
      miss?.(`${id} quote FP "${h.text.slice(0, 60)}"`);
      continue;
    }
    used.add(best);
    t.quotesMatched++;
    const g = spans[best].q;
    const want = nameTokens(g.speaker?.name);
    const have = new Set([...nameTokens(h.speaker?.name), ...nameTokens(h.speaker?.text)]);
    const ok = want.length > 0 ? want.some((w) => have.has(w)) : have.size === 0;
    if (ok) t.speakerOk++;
    else miss?.(`${id} speaker "${h.speaker?.name ?? h.speaker?.text ?? null}" want "${g.speaker?.name}" for "${h.text.slice(0, 50)}"`);
  }
  if (miss) spans.forEach(({ q }, k) => !used.has(k) && miss(`${id} quote FN ${q.speaker?.name}: "${q.content.slice(0, 60)}"`));
}

function readGold(path: string): GoldFile {
  try {
    return JSON.parse(decodeText(readFileSync(path), path)) as GoldFile;
  } catch (e) {
    if (e instanceof HeraldError) throw e;
    throw new HeraldError(`${path}: not valid JSON; a gold file holds {"id", "events": [...], "quotes": [...]}`);
  }
}

/** Where the articles and the gold files of a news-gold folder are: DIR/{articles,gold}, or a gold folder itself. */
export function newsGoldLayout(dir: string): { articles: string; gold: string } {
  if (!statSync(dir).isDirectory()) throw new HeraldError(`${dir}: give a news-gold folder (with articles/ and gold/), not a file`);
  if (existsSync(join(dir, 'articles')) && existsSync(join(dir, 'gold'))) return { articles: join(dir, 'articles'), gold: join(dir, 'gold') };
  if (basename(dir) === 'gold' && existsSync(join(dirname(dir), 'articles'))) return { articles: join(dirname(dir), 'articles'), gold: dir };
  throw new HeraldError(`${dir}: no articles/ and gold/ folders inside; give a news-gold folder such as ../shared/data/news-gold/dev`);
}

/**
 * Analyses every article of a news-gold folder with `analyze` (its `published` date as the publication date)
 * and scores the results. `miss` receives one line per error when given.
 */
export function evaluateNews(dir: string, analyze: (text: string, meta: DocMeta) => Result, miss?: MissSink): NewsScores {
  const { articles, gold } = newsGoldLayout(dir);
  const files = readdirSync(articles)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new HeraldError(`${articles}: no ID.json articles found`);
  const t: Tally = { root: 0, exact: 0, trigger: 0, herald: 0, gold: 0, plain: 0, quotesMatched: 0, speakerOk: 0, quotesHerald: 0, quotesGold: 0 };
  let docs = 0;
  for (const f of files) {
    const path = join(articles, f);
    for (const art of readArticles(path)) {
      const id = f.replace(/\.json$/, '');
      const goldPath = join(gold, `${id}.gold.json`);
      if (!existsSync(goldPath)) throw new HeraldError(`${goldPath}: missing; every article in ${articles} needs its gold file`);
      const g = readGold(goldPath);
      if (!g || typeof g !== 'object' || !Array.isArray(g.events) || !Array.isArray(g.quotes)) {
        throw new HeraldError(`${goldPath}: a gold file holds {"id", "events": [...], "quotes": [...]} (see news-gold/GUIDE.md)`);
      }
      const result = analyze(art.text, art.meta);
      docs++;
      scoreEvents(id, art.text, g.events, result, t, miss);
      scoreQuotes(id, art.text, g.quotes, result, t, miss);
    }
  }
  return {
    docs,
    events: {
      root: prf(t.root, t.herald, t.gold),
      exact: prf(t.exact, t.herald, t.gold),
      trigger: prf(t.trigger, t.herald, t.gold),
      herald: t.herald,
      gold: t.gold,
      herald_plain_statements: t.plain,
    },
    quotes: {
      ...prf(t.quotesMatched, t.quotesHerald, t.quotesGold),
      speaker_acc: r4(t.quotesMatched ? t.speakerOk / t.quotesMatched : 0),
      attributed: prf(t.speakerOk, t.quotesHerald, t.quotesGold),
      herald: t.quotesHerald,
      gold: t.quotesGold,
    },
  };
}
