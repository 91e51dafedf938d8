/**
 * `herald eval events --gold FILE [--dictionaries DIR]`: event coding against
 *  - PETRARCH validation XML (`<Sentence date id>` with `<EventCoding sourcecode targetcode eventcode>` or
 *    `noevents`, `<Text>`, and the `<Parse>` PETRARCH was given), and
 *  - the PLOVER gold-standard records (JSON; PLOVER 0.5b1 labels mapped to 2.0 by the CAMEO table's map).
 *
 * Scores are event-level against the expected codings: each expected coding is aligned with at most one coded
 * event of its sentence (the best: same code, then same actors, root, PLOVER type), then
 *   cameo_exact, cameo_root   code / root equal, over expected codings (codings with a CAMEO code);
 *   source, target            actor code equal (PETRARCH: full code; PLOVER: the country/IGO part);
 *   exact                     code + source + target all equal (PETRARCH's own criterion);
 *   plover_type               PLOVER type equal, over expected codings with a PLOVER type;
 *   precision, recall         coded events that match an expected coding (PETRARCH: exact; PLOVER: type and
 *                             source) over all coded events; expected codings matched over all expected.
 * With `--dictionaries` naming PETRARCH2's dictionary directory (or data/petr-validate) the PETR.Validate
 * compiled dictionaries and PETRARCH2's coding profile are used, and the entity layer (Phoenix actors) is not.
 * Sentences are run through the shipped pipeline; PETRARCH records are also coded from their own parse tree
 * (`gold_parse`), which separates coder errors from parser errors. HERALD_EVENTS_PARSE=gold codes from the
 * trees only (for machines without the parser model).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Doc, DocMeta } from '../doc/doc.js';
import { dataPath } from '../nlp/paths.js';
import { docFromTree } from './ptb.js';
import { loadEventResources, type EventProfile, type EventResources } from './resources.js';
import { eventsStage } from './stage.js';

export interface EvalEventsOptions {
  /** Dictionary directory: PETRARCH2's dictionaries dir or data/petr-validate → the Validate dictionaries. */
  dictionaries?: string;
  /** Runs the shipped pipeline on a sentence (the CLI passes `createPipeline().analyzeDoc`). */
  analyze?: (text: string, meta: DocMeta) => Doc;
  /** 'pipeline' (default when `analyze` is given), 'gold' (PETRARCH trees), or 'both'. */
  parse?: 'pipeline' | 'gold' | 'both';
  log?: (line: string) => void;
  /** Overrides of the coding profile (experiments). */
  profile?: Partial<EventProfile>;
}

interface GoldCoding {
  source: string;
  target: string;
  code: string | null;
  ploverType: string | null;
}

interface GoldSentence {
  id: string;
  date: string;
  text: string;
  parse: string | null;
  codings: GoldCoding[];
}

interface Pred {
  source: string;
  target: string;
  code: string;
  ploverType: string | null;
}

/** Maps the --dictionaries flag to a compiled dictionary dir: PETRARCH2's dir → data/petr-validate. */
export function dictionaryDir(flag: string | undefined): string | undefined {
  if (!flag) return undefined;
  const abs = resolve(flag);
  if (existsSync(resolve(abs, 'verbs.json')) || existsSync(resolve(abs, 'verbs.json.gz'))) return abs;
  if (existsSync(resolve(abs, 'PETR.Validate.verbs.txt')) || /petrarch2?\/dictionaries\/?$/.test(abs) || basename(abs) === 'dictionaries') {
    return dataPath('petr-validate');
  }
  throw new Error(`--dictionaries ${flag}: neither PETRARCH2's dictionary directory nor a compiled one (verbs.json)`);
}

const attr = (s: string, name: string): string | null => {
  const m = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(s);
  return m ? (m[1] ?? m[2]) : null;
};

const unescapeXml = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** PETRARCH's "---" means "no code": "---GOV" → "GOV", "---" → "". */
const normActor = (c: string | null): string => (c === null || c === 'None' ? '' : c.replace(/---/g, ''));

function isoDate(d: string | null): string {
  const m = d ? /^(\d{4})(\d{2})(\d{2})$/.exec(d) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}

export function readPetrarchXml(path: string, res: EventResources): GoldSentence[] {
  const xml = readFileSync(path, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const out: GoldSentence[] = [];
  for (const m of xml.matchAll(/<Sentence\b([^>]*)>([\s\S]*?)<\/Sentence>/g)) {
    const body = m[2];
    const text = /<Text>([\s\S]*?)<\/Text>/.exec(body)?.[1];
    if (!text) continue;
    const codings: GoldCoding[] = [];
    for (const c of body.matchAll(/<EventCoding\b([^>]*)>/g)) {
      const code = attr(c[1], 'eventcode');
      if (!code) continue; // noevents, error="…", discard: nothing expected
      const source = normActor(attr(c[1], 'sourcecode'));
      const target = normActor(attr(c[1], 'targetcode'));
      codings.push({ source, target, code, ploverType: res.cameo.ploverFor(code)?.type ?? null });
    }
    out.push({
      id: attr(m[1], 'id') ?? `#${out.length + 1}`,
      date: isoDate(attr(m[1], 'date')),
      text: unescapeXml(text.replace(/\s+/g, ' ').trim()),
      parse: /<Parse>([\s\S]*?)<\/Parse>/.exec(body)?.[1] ?? null,
      codings,
    });
  }
  return out;
}

interface PloverActor {
  actorText?: string;
  code?: string;
  sector?: string;
}

export function readPloverGsr(path: string, res: EventResources, log: (s: string) => void): GoldSentence[] {
  const rows = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
  const out: GoldSentence[] = [];
  const map = new Map<string, string | null>();
  for (const r of rows) {
    const label = String(r.event ?? '');
    if (!label || label === 'DOCUMENT' || typeof r.text !== 'string') continue;
    const type = res.cameo.ploverV05to20(label);
    map.set(label, type);
    if (!type) continue;
    const list = (x: unknown): PloverActor[] => (Array.isArray(x) ? (x as PloverActor[]) : []);
    const srcs = list(r.source).map((a) => (a.code ?? '').toUpperCase());
    const tgts = list(r.target).map((a) => (a.code ?? '').toUpperCase());
    const codings: GoldCoding[] = [];
    for (const s of srcs.length ? srcs : ['']) {
      for (const t of tgts.length ? tgts : ['']) codings.push({ source: s, target: t, code: null, ploverType: type });
    }
    out.push({
      id: String(r.id ?? `#${out.length + 1}`),
      date: typeof r.date === 'string' ? r.date : '',
      text: (r.text as string).replace(/^\s*\{|\}\s*$/g, '').trim(),
      parse: null,
      codings,
    });
  }
  log('PLOVER 0.5b1 → 2.0 labels: ' + [...map].sort().map(([a, b]) => `${a}→${b ?? '(dropped)'}`).join(', '));
  return out;
}

interface Tally {
  gold: number;
  withCode: number;
  withType: number;
  cameoExact: number;
  cameoRoot: number;
  source: number;
  target: number;
  exact: number;
  ploverType: number;
  pred: number;
  predMatched: number;
  goldMatched: number;
}

const newTally = (): Tally => ({ gold: 0, withCode: 0, withType: 0, cameoExact: 0, cameoRoot: 0, source: 0, target: 0, exact: 0, ploverType: 0, pred: 0, predMatched: 0, goldMatched: 0 });

/**
 * Phoenix keeps some historical CAMEO country codes where the PLOVER records use current ISO-3166 ones (and the
 * records misspell Japan): compared as equal.
 */
const LEGACY: Record<string, string> = { ANG: 'AGO', ROM: 'ROU', ZAR: 'COD', TMP: 'TLS', BUR: 'MMR', JAP: 'JPN', SCGSRB: 'SRB', SCGMNE: 'MNE', SCGKSV: 'XKX', SCG: 'SRB' };
function countryPart(code: string): string {
  const six = LEGACY[code.slice(0, 6)];
  if (six) return six;
  const c = code.slice(0, 3);
  return LEGACY[c] ?? c;
}

/** Actor comparison: PETRARCH codes compare whole; PLOVER codes compare their country (or IGO…) part. */
function actorEq(gold: string, pred: string, plover: boolean): boolean {
  if (!plover) return gold === pred;
  if (!gold) return !pred;
  return countryPart(pred) === countryPart(gold);
}

function score(gold: GoldSentence, preds: Pred[], t: Tally, plover: boolean): string[] {
  const used = new Set<number>();
  const misses: string[] = [];
  const eqPred = (g: GoldCoding, p: Pred): boolean =>
    plover ? p.ploverType === g.ploverType && actorEq(g.source, p.source, true) : p.code === g.code && p.source === g.source && p.target === g.target;
  t.pred += preds.length;
  for (const g of gold.codings) {
    t.gold++;
    let best = -1;
    let bestScore = -1;
    preds.forEach((p, i) => {
      if (used.has(i)) return;
      const s =
        (g.code && p.code === g.code ? 8 : 0) +
        (g.ploverType && p.ploverType === g.ploverType ? 8 : 0) +
        (actorEq(g.source, p.source, plover) ? 3 : 0) +
        (actorEq(g.target, p.target, plover) ? 2 : 0) +
        (g.code && p.code.slice(0, 2) === g.code.slice(0, 2) ? 1 : 0);
      if (s > bestScore) {
        best = i;
        bestScore = s;
      }
    });
    const p = best >= 0 ? preds[best] : null;
    if (p) used.add(best);
    if (g.code) t.withCode++;
    if (g.ploverType) t.withType++;
    if (!p) {
      misses.push(`MISS  ${gold.id}: expected ${g.source || '-'} ${g.target || '-'} ${g.code ?? g.ploverType}; coded nothing`);
      continue;
    }
    if (g.code && p.code === g.code) t.cameoExact++;
    if (g.code && p.code.slice(0, 2) === g.code.slice(0, 2)) t.cameoRoot++;
    if (actorEq(g.source, p.source, plover)) t.source++;
    if (actorEq(g.target, p.target, plover)) t.target++;
    if (g.code && p.code === g.code && p.source === g.source && p.target === g.target) t.exact++;
    if (g.ploverType && p.ploverType === g.ploverType) t.ploverType++;
    if (eqPred(g, p)) t.goldMatched++;
    else misses.push(`WRONG ${gold.id}: expected ${g.source || '-'} ${g.target || '-'} ${g.code ?? g.ploverType}; coded ${p.source || '-'} ${p.target || '-'} ${p.code}${plover ? `/${p.ploverType}` : ''}`);
  }
  preds.forEach((p, i) => {
    if (gold.codings.some((g) => eqPred(g, p))) t.predMatched++;
    else if (!used.has(i)) misses.push(`EXTRA ${gold.id}: coded ${p.source || '-'} ${p.target || '-'} ${p.code}`);
  });
  return misses;
}

const ratio = (a: number, b: number): number => (b ? a / b : 0);

/** Scores; a CAMEO score is null when the gold has no CAMEO codes (PLOVER records), the PLOVER one when no types. */
function summary(t: Tally): Record<string, number | null> {
  const orNull = (a: number, b: number): number | null => (b ? a / b : null);
  return {
    cameo_exact: orNull(t.cameoExact, t.withCode),
    cameo_root: orNull(t.cameoRoot, t.withCode),
    source: ratio(t.source, t.gold),
    target: ratio(t.target, t.gold),
    exact: orNull(t.exact, t.withCode),
    plover_type: orNull(t.ploverType, t.withType),
    precision: ratio(t.predMatched, t.pred),
    recall: ratio(t.goldMatched, t.gold),
  };
}

function predsOf(doc: Doc, plover: boolean): Pred[] {
  const out: Pred[] = [];
  for (const e of doc.events ?? []) {
    if (plover && !e.plover) continue; // PLOVER drops CAMEO 01 and 02
    out.push({ source: e.source?.actor?.code ?? '', target: e.target?.actor?.code ?? '', code: e.cameo.code, ploverType: e.plover?.type ?? null });
  }
  return out;
}

export function evaluateEvents(goldPath: string, opts: EvalEventsOptions = {}): Record<string, unknown> {
  const log = opts.log ?? console.log;
  const dir = dictionaryDir(opts.dictionaries);
  const isXml = /^\s*</.test(readFileSync(goldPath, 'utf8').slice(0, 200));
  // Sentence-level gold (PLOVER GSR, PETRARCH records) codes every event of a sentence, history and quoted acts
  // included: it is scored with the dictionary coder alone, without the story scope and the learned trigger model
  // (trained to whole-story annotation); the story profile's figures are reported beside it (`story_scope`).
  const res = loadEventResources({ dir, profile: { storyScope: false, learnedTriggers: false, learnedArgs: false, ...opts.profile } });
  const storyRes = isXml ? null : loadEventResources({ dir, profile: { ...opts.profile, storyScope: true, learnedTriggers: true, learnedArgs: true } });
  const validate = /petr-validate\/?$/.test(res.dir);
  const sentences = isXml ? readPetrarchXml(goldPath, res) : readPloverGsr(goldPath, res, log);
  const plover = !isXml;
  const envParse = process.env.HERALD_EVENTS_PARSE;
  let mode = opts.parse ?? (envParse === 'gold' || envParse === 'pipeline' || envParse === 'both' ? envParse : opts.analyze ? 'both' : 'gold');
  if (!opts.analyze && mode !== 'gold') mode = 'gold';
  if (plover) {
    if (!opts.analyze) throw new Error('PLOVER records have no parse: the pipeline is needed (analyze)');
    mode = 'pipeline';
  }
  log(`gold: ${goldPath}  (${sentences.length} sentences, ${sentences.reduce((k, s) => k + s.codings.length, 0)} expected codings)`);
  log(`dictionaries: ${res.dir}  profile: ${validate ? 'PETRARCH2' : 'Herald'}  parse: ${mode}`);
  const lemma = (form: string, tag: string): string => (tag.startsWith('VB') ? (res.lexicon.lemmaOf(form) ?? form.toLowerCase()) : form.toLowerCase());
  const pipe = newTally();
  const story = newTally();
  const gold = newTally();
  let nlpMs = 0;
  let eventsMs = 0;
  for (const s of sentences) {
    const meta: DocMeta = s.date ? { published: s.date } : {};
    if (mode !== 'gold' && opts.analyze) {
      const t0 = performance.now();
      const doc = opts.analyze(s.text, meta);
      const t1 = performance.now();
      if (validate) delete doc.entities; // the entity layer codes Phoenix actors, not the Validate ones
      eventsStage(doc, res, { noDatesPlaces: true });
      eventsMs += performance.now() - t1;
      nlpMs += t1 - t0;
      for (const line of score(s, predsOf(doc, plover), pipe, plover)) log(line);
      if (storyRes) {
        eventsStage(doc, storyRes, { noDatesPlaces: true });
        score(s, predsOf(doc, plover), story, plover);
      }
    }
    if (mode !== 'pipeline' && s.parse) {
      const doc = docFromTree(s.parse, meta, lemma);
      if (!doc) continue;
      eventsStage(doc, res, { noDatesPlaces: true });
      const lines = score(s, predsOf(doc, plover), gold, plover);
      if (mode === 'gold') for (const line of lines) log(line);
    }
  }
  const main = mode === 'gold' ? summary(gold) : summary(pipe);
  const out: Record<string, unknown> = { ...main, expected: pipe.gold || gold.gold, coded: mode === 'gold' ? gold.pred : pipe.pred };
  if (mode === 'both') out.gold_parse = roundAll(summary(gold));
  if (storyRes) out.story_scope = roundAll(summary(story));
  if (mode !== 'gold' && nlpMs > 0) out.events_time_share = eventsMs / nlpMs;
  const pct = (x: number | null): string => (x === null ? 'n/a' : (100 * x).toFixed(1) + '%');
  log(
    `${mode === 'gold' ? 'gold parse' : 'pipeline'}: exact ${pct(main.exact)}  cameo ${pct(main.cameo_exact)} (root ${pct(main.cameo_root)})  ` +
      `source ${pct(main.source)}  target ${pct(main.target)}  plover ${pct(main.plover_type)}  P ${pct(main.precision)}  R ${pct(main.recall)}`,
  );
  if (mode === 'both') {
    const g = summary(gold);
    log(`gold parse: exact ${pct(g.exact)}  cameo ${pct(g.cameo_exact)}  source ${pct(g.source)}  target ${pct(g.target)}  P ${pct(g.precision)}  R ${pct(g.recall)}`);
  }
  return out;
}

function roundAll(r: Record<string, number | null>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : Math.round(v * 10000) / 10000]));
}
