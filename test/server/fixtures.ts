/**
 * Synthetic analysis results (DESIGN schema) for the server and UI tests: three short articles with entities,
 * quotes and CAMEO/PLOVER events whose spans are computed from the text, so the store is filled exactly as
 * the pipeline would fill it, without trained models. `stubAnalyze` is the same annotator as a pipeline.
 */
import { createHash } from 'node:crypto';
import type { DocumentIn, EntityIn, EventIn, QuoteIn } from '../../src/store/types.js';

interface Actor {
  code: string;
  country: string | null;
  sector: string | null;
}

interface EntitySpec {
  type: string;
  name: string;
  /** Surface forms to find in the text (every occurrence is a mention). */
  forms: { text: string; kind: 'name' | 'nominal' | 'pronoun' }[];
  actor: Actor | null;
}

interface QuoteSpec {
  kind: 'direct' | 'indirect' | 'mixed';
  content: string;
  cue: string | null;
  speaker: string | null;
  /** The speaker entity's name. */
  entity: string | null;
}

interface EventSpec {
  trigger: string;
  source: string;
  target: string;
  cameo: { code: string; name: string; root: string; goldstein: number; quadClass: number };
  plover: { type: string; mode: string; context: string[] };
  date: string | null;
  location: { name: string; country: string | null; lat: number; lon: number } | null;
}

interface ArticleSpec {
  meta: { title?: string; published?: string; source?: string; url?: string };
  text: string;
  entities: EntitySpec[];
  quotes: QuoteSpec[];
  events: EventSpec[];
}

const IRN: Actor = { code: 'IRN', country: 'IRN', sector: null };
const IRNGOV: Actor = { code: 'IRNGOV', country: 'IRN', sector: 'GOV' };
const USAGOV: Actor = { code: 'USAGOV', country: 'USA', sector: 'GOV' };
const ISRGOV: Actor = { code: 'ISRGOV', country: 'ISR', sector: 'GOV' };
const EGYCOP: Actor = { code: 'EGYCOP', country: 'EGY', sector: 'COP' };

export const ARTICLES: ArticleSpec[] = [
  {
    meta: { title: 'Khamenei calls for intifada', published: '2017-02-21', source: 'Times of Israel', url: 'https://example.org/khamenei' },
    text:
      'Iran’s supreme leader Ali Khamenei on Tuesday called Israel a “cancerous tumor.”\n\n' +
      '“The people of Palestine will resist,” Khamenei said. He accused the United States of lying.\n\n' +
      'The United States imposed new sanctions on Iran on Friday in Washington.',
    entities: [
      { type: 'PERSON', name: 'Ali Khamenei', forms: [{ text: 'Ali Khamenei', kind: 'name' }, { text: 'Khamenei said', kind: 'name' }, { text: 'He', kind: 'pronoun' }], actor: IRNGOV },
      { type: 'GPE', name: 'Iran', forms: [{ text: 'Iran’s', kind: 'name' }, { text: 'Iran on', kind: 'name' }], actor: IRN },
      { type: 'GPE', name: 'Israel', forms: [{ text: 'Israel', kind: 'name' }], actor: { code: 'ISR', country: 'ISR', sector: null } },
      { type: 'GPE', name: 'United States', forms: [{ text: 'United States', kind: 'name' }], actor: USAGOV },
    ],
    quotes: [
      { kind: 'direct', content: '“The people of Palestine will resist,”', cue: 'said', speaker: 'Khamenei', entity: 'Ali Khamenei' },
      { kind: 'mixed', content: 'Israel a “cancerous tumor.”', cue: 'called', speaker: 'Ali Khamenei', entity: 'Ali Khamenei' },
    ],
    events: [
      {
        trigger: 'accused', source: 'Ali Khamenei', target: 'United States',
        cameo: { code: '112', name: 'Accuse', root: '11', goldstein: -2, quadClass: 3 },
        plover: { type: 'ACCUSE', mode: '', context: [] }, date: '2017-02-21',
        location: { name: 'Tehran', country: 'IRN', lat: 35.69, lon: 51.42 },
      },
      {
        trigger: 'imposed', source: 'United States', target: 'Iran',
        cameo: { code: '163', name: 'Impose embargo, boycott, or sanctions', root: '16', goldstein: -8, quadClass: 4 },
        plover: { type: 'SANCTION', mode: '', context: ['economic'] }, date: '2017-02-24',
        location: { name: 'Washington', country: 'USA', lat: 38.9, lon: -77.04 },
      },
    ],
  },
  {
    meta: { title: 'Netanyahu meets Trump', published: '2017-02-15', source: 'Wire', url: 'https://example.org/meeting' },
    text:
      'Israeli Prime Minister Benjamin Netanyahu met Donald Trump in Washington on Wednesday.\n\n' +
      'Trump said the talks were “very productive” and praised Netanyahu.',
    entities: [
      { type: 'PERSON', name: 'Benjamin Netanyahu', forms: [{ text: 'Benjamin Netanyahu', kind: 'name' }, { text: 'Netanyahu.', kind: 'name' }], actor: ISRGOV },
      { type: 'PERSON', name: 'Donald Trump', forms: [{ text: 'Donald Trump', kind: 'name' }, { text: 'Trump said', kind: 'name' }], actor: USAGOV },
      { type: 'GPE', name: 'Washington', forms: [{ text: 'Washington', kind: 'name' }], actor: null },
    ],
    quotes: [{ kind: 'mixed', content: 'the talks were “very productive”', cue: 'said', speaker: 'Trump', entity: 'Donald Trump' }],
    events: [
      {
        trigger: 'met', source: 'Benjamin Netanyahu', target: 'Donald Trump',
        cameo: { code: '040', name: 'Consult', root: '04', goldstein: 1, quadClass: 1 },
        plover: { type: 'CONSULT', mode: 'visit', context: [] }, date: '2017-02-15',
        location: { name: 'Washington', country: 'USA', lat: 38.9, lon: -77.04 },
      },
      {
        trigger: 'praised', source: 'Donald Trump', target: 'Benjamin Netanyahu',
        cameo: { code: '051', name: 'Praise or endorse', root: '05', goldstein: 3.4, quadClass: 1 },
        plover: { type: 'COOPERATE', mode: '', context: [] }, date: '2017-02-15', location: null,
      },
    ],
  },
  {
    meta: { title: 'Clashes in Cairo' },
    text: 'Police arrested dozens of protesters in Cairo. The protesters said “we will return”. “Calm has returned,” read a statement. “Shops will reopen,” it added.',
    entities: [
      { type: 'ORG', name: 'Police', forms: [{ text: 'Police', kind: 'nominal' }], actor: EGYCOP },
      { type: 'OTHER', name: 'protesters', forms: [{ text: 'protesters in', kind: 'nominal' }, { text: 'protesters said', kind: 'nominal' }], actor: null },
      { type: 'GPE', name: 'Cairo', forms: [{ text: 'Cairo', kind: 'name' }], actor: { code: 'EGY', country: 'EGY', sector: null } },
    ],
    quotes: [
      { kind: 'direct', content: '“we will return”', cue: 'said', speaker: 'The protesters', entity: 'protesters' },
      // no speaker found: the UI lists such quotes last, under "Unknown speaker", however many they are
      { kind: 'direct', content: '“Calm has returned,”', cue: 'read', speaker: null, entity: null },
      { kind: 'direct', content: '“Shops will reopen,”', cue: 'added', speaker: null, entity: null },
    ],
    events: [
      {
        trigger: 'arrested', source: 'Police', target: 'protesters',
        cameo: { code: '173', name: 'Arrest, detain, or charge with legal action', root: '17', goldstein: -5, quadClass: 4 },
        plover: { type: 'ARREST', mode: '', context: ['political'] }, date: null,
        location: { name: 'Cairo', country: 'EGY', lat: 30.04, lon: 31.24 },
      },
    ],
  },
];

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The span of `needle` in `text` (the first occurrence), trimmed to the needle's first word for "X said"-style forms. */
function find(text: string, needle: string, word?: string): { start: number; end: number; text: string } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`fixture: '${needle}' is not in the text`);
  const w = word ?? needle;
  const off = needle.indexOf(w);
  return { start: at + off, end: at + off + w.length, text: w };
}

/** The first word group of a form: 'Khamenei said' → 'Khamenei', 'Iran’s' → 'Iran', 'Netanyahu.' → 'Netanyahu'. */
function mentionWord(form: string): string {
  return form.replace(/’s$/, '').replace(/[.,]$/, '').replace(/ (said|on|in)$/, '');
}

export function buildResult(a: ArticleSpec, withText = true): DocumentIn {
  const { text } = a;
  const entityId = new Map<string, string>();
  const entities: EntityIn[] = a.entities.map((e, i) => {
    entityId.set(e.name, `E${i + 1}`);
    return {
      id: `E${i + 1}`,
      type: e.type,
      name: e.name,
      mentions: e.forms.map((f) => ({ ...find(text, f.text, mentionWord(f.text)), kind: f.kind })),
      actor: e.actor,
    };
  });
  const quotes: QuoteIn[] = a.quotes.map((q, i) => {
    const content = find(text, q.content);
    const after = text.slice(content.end);
    const cueAt = q.cue ? content.end + after.indexOf(q.cue) : -1;
    const cue = q.cue && after.includes(q.cue) ? { start: cueAt, end: cueAt + q.cue.length, text: q.cue } : q.cue ? find(text, q.cue) : null;
    const sp = q.speaker ? find(text, q.speaker) : null;
    return {
      id: `Q${i + 1}`,
      kind: q.kind,
      start: content.start,
      end: content.end,
      text: content.text,
      cue,
      speaker: sp ? { entity: q.entity ? entityId.get(q.entity) ?? null : null, name: q.entity, start: sp.start, end: sp.end, text: sp.text } : null,
      confidence: 0.9,
    };
  });
  const sentences = sentenceSpans(text);
  const actorOf = (name: string): Actor | null => a.entities.find((e) => e.name === name)?.actor ?? null;
  const events: EventIn[] = a.events.map((v, i) => {
    const trig = find(text, v.trigger);
    return {
      id: `V${i + 1}`,
      trigger: trig,
      sentence: sentences.findIndex((s) => s.start <= trig.start && trig.start < s.end),
      source: { entity: entityId.get(v.source) ?? null, name: v.source, actor: actorOf(v.source) },
      target: { entity: entityId.get(v.target) ?? null, name: v.target, actor: actorOf(v.target) },
      cameo: v.cameo,
      plover: v.plover,
      date: v.date,
      location: v.location,
      quote: null,
      confidence: 0.8,
    };
  });
  return {
    id: sha256(text),
    meta: { ...a.meta },
    ...(withText ? { text } : {}),
    sentences,
    entities,
    quotes,
    events,
  };
}

/** Sentences end at '.', '.”' or a paragraph break. */
export function sentenceSpans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /[^\s][^]*?(?:[.!?][”"]?(?=\s|$)|(?=\n\n)|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export const RESULTS: DocumentIn[] = ARTICLES.map((a) => buildResult(a));

/**
 * The analyzer the tests plug in (HERALD_PIPELINE_MODULE or the server's pipelineModule): fixture texts get
 * their fixture results; any other text gets sentences only, and one PERSON entity per "Name said".
 */
export function stubAnalyze(text: string, meta: Record<string, unknown> = {}): DocumentIn {
  const known = ARTICLES.find((a) => a.text === text);
  if (known) return { ...buildResult(known), meta: { ...known.meta, ...meta } };
  if (text.includes('FAIL-ANALYSIS')) throw new Error('the stub cannot analyse this');
  if (text.includes('SLOW-ANALYSIS')) {
    // Busy for a minute, like a pathological text: only stopping the worker ends it sooner.
    const end = Date.now() + 60_000;
    while (Date.now() < end) {
      // spin
    }
  }
  const entities: EntityIn[] = [];
  const quotes: QuoteIn[] = [];
  const re = /([A-Z][a-z]+) said “([^”]*)”/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const id = `E${entities.length + 1}`;
    entities.push({ id, type: 'PERSON', name: m[1], mentions: [{ start: m.index, end: m.index + m[1].length, text: m[1], kind: 'name' }], actor: null });
    const qs = m.index + m[1].length + 6;
    quotes.push({
      id: `Q${quotes.length + 1}`, kind: 'direct', start: qs, end: qs + m[2].length + 2, text: `“${m[2]}”`,
      cue: { start: m.index + m[1].length + 1, end: m.index + m[1].length + 5, text: 'said' },
      speaker: { entity: id, name: m[1], start: m.index, end: m.index + m[1].length, text: m[1] }, confidence: 0.9,
    });
  }
  return { id: sha256(text), meta, text, sentences: sentenceSpans(text), entities, quotes, events: [] };
}
