/**
 * One article with its layers highlighted: entity mentions (underlined by type), quotes (shaded; the speaker
 * is shown on hover and marked on click) and event triggers (boxed in their quad-class colour). A details
 * panel explains what was clicked; lists under the text reach every quote, event and entity by keyboard.
 */
import type { DocumentIn } from './api.js';
import { ENTITY_LABELS, ENTITY_TYPES, quadName } from './colors.js';
import { append, clear, h, plural, type Child } from './dom.js';

type EntityIn = NonNullable<DocumentIn['entities']>[number];
type QuoteIn = NonNullable<DocumentIn['quotes']>[number];
type EventIn = NonNullable<DocumentIn['events']>[number];

interface Ann {
  start: number;
  end: number;
  rank: number;
  make(): HTMLElement;
}

/** Builds nested elements over `text`; an annotation crossing its parent's end is cut there. */
export function annotateText(text: string, anns: Ann[]): HTMLElement {
  const root = h('p', { class: 'doc-text' });
  const sorted = anns
    .filter((a) => a.end > a.start && a.start >= 0 && a.start < text.length)
    .sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
  const stack: { el: HTMLElement; end: number }[] = [{ el: root, end: text.length }];
  let cursor = 0;
  const emit = (upto: number): void => {
    if (upto > cursor) {
      stack[stack.length - 1].el.append(text.slice(cursor, upto));
      cursor = upto;
    }
  };
  for (const a of sorted) {
    while (stack.length > 1 && stack[stack.length - 1].end <= a.start) {
      emit(stack[stack.length - 1].end);
      stack.pop();
    }
    emit(a.start);
    const end = Math.min(a.end, stack[stack.length - 1].end, text.length);
    if (end <= a.start) continue;
    const el = a.make();
    stack[stack.length - 1].el.append(el);
    stack.push({ el, end });
  }
  while (stack.length > 1) {
    emit(stack[stack.length - 1].end);
    stack.pop();
  }
  emit(text.length);
  return root;
}

const short = (s: string, n = 90): string => (s.length > n ? s.slice(0, n - 1).trimEnd() + '…' : s);
const actorText = (a: { code?: string | null } | null | undefined): string => (a?.code ? ` (${a.code})` : '');

function dl(rows: [string, Child][]): HTMLElement {
  return h('dl', {}, rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export interface ArticleOptions {
  /** Select this quote (`Q1`) or event (`V2`) once shown. */
  select?: string;
}

export function renderArticle(doc: DocumentIn, opts: ArticleOptions = {}): HTMLElement {
  const text = doc.text ?? '';
  const entities = doc.entities ?? [];
  const quotes = doc.quotes ?? [];
  const events = doc.events ?? [];
  const entityById = new Map(entities.map((e) => [e.id, e]));

  const speakerName = (q: QuoteIn): string =>
    q.speaker?.name ?? (q.speaker?.entity ? entityById.get(q.speaker.entity)?.name : undefined) ?? q.speaker?.text ?? 'unknown speaker';
  const participant = (p: EventIn['source']): string => {
    const name = p?.name ?? (p?.entity ? entityById.get(p.entity)?.name : undefined);
    return name || p?.actor?.code ? `${name ?? p?.actor?.code}${name ? actorText(p?.actor) : ''}` : '(unknown)';
  };
  const eventLabel = (v: EventIn): string =>
    `${participant(v.source)} → ${participant(v.target)}: ${v.cameo?.code ? `CAMEO ${v.cameo.code} ${v.cameo.name ?? ''}` : 'uncoded'}`.trim();

  const anns: Ann[] = [];
  for (const q of quotes) {
    const spans = q.parts && q.parts.length ? q.parts : [q];
    for (const s of spans) {
      anns.push({
        start: s.start,
        end: s.end,
        rank: 0,
        make: () =>
          h('span', { class: 'ann-quote', 'data-quote': q.id, tabindex: 0, title: `Quote by ${speakerName(q)}${q.cue ? ` (${q.cue.text})` : ''}` }),
      });
    }
  }
  for (const q of quotes) {
    if (!q.cue) continue;
    anns.push({ start: q.cue.start, end: q.cue.end, rank: 1, make: () => h('span', { class: 'ann-cue', 'data-quote': q.id, title: `Cue of the quote by ${speakerName(q)}` }) });
  }
  for (const e of entities) {
    for (const m of e.mentions ?? []) {
      anns.push({
        start: m.start,
        end: m.end,
        rank: 1,
        make: () => h('span', { class: `ann-mention ent-${e.type ?? 'OTHER'}`, 'data-entity': e.id, title: `${e.name} — ${ENTITY_LABELS[e.type ?? 'OTHER'] ?? e.type}${actorText(e.actor)}` }),
      });
    }
  }
  for (const v of events) {
    if (!v.trigger) continue;
    anns.push({
      start: v.trigger.start,
      end: v.trigger.end,
      rank: 2,
      make: () => h('span', { class: `ann-trigger trig-${v.cameo?.quadClass ?? 0}`, 'data-event': v.id, tabindex: 0, title: eventLabel(v) }),
    });
  }

  const body = annotateText(text, anns);
  const details = h('aside', { class: 'card details', 'aria-live': 'polite', 'aria-label': 'Details' }, h('p', { class: 'note' }, 'Click or press Enter on a highlighted quote, name or event to see its details.'));
  const wrap = h('div', { class: 'article' });

  const mark = (selector: string, cls: string): void => {
    for (const el of body.querySelectorAll(selector)) el.classList.add(cls);
  };
  const unmark = (): void => {
    for (const cls of ['selected', 'speaker', 'actor']) for (const el of body.querySelectorAll(`.${cls}`)) el.classList.remove(cls);
  };
  const show = (...children: Child[]): void => {
    clear(details);
    append(details, children);
  };

  const selectQuote = (id: string): HTMLElement | null => {
    const q = quotes.find((x) => x.id === id);
    if (!q) return null;
    unmark();
    mark(`[data-quote="${id}"]`, 'selected');
    if (q.speaker?.entity) mark(`[data-entity="${q.speaker.entity}"]`, 'speaker');
    show(
      h('h4', {}, 'Quote'),
      h('blockquote', { class: 'quote-item' }, short(q.text, 400)),
      dl([
        ['Speaker', speakerName(q)],
        ['Speaker text', q.speaker?.text && q.speaker.text !== speakerName(q) ? q.speaker.text : null],
        ['Cue', q.cue?.text ?? '—'],
        ['Kind', q.kind ?? null],
        ['Confidence', typeof q.confidence === 'number' ? q.confidence.toFixed(2) : null],
      ]),
    );
    return body.querySelector(`[data-quote="${id}"]`);
  };

  const selectEntity = (id: string): HTMLElement | null => {
    const e = entityById.get(id);
    if (!e) return null;
    unmark();
    mark(`[data-entity="${id}"]`, 'selected');
    const said = quotes.filter((q) => q.speaker?.entity === id);
    show(
      h('h4', {}, e.name),
      dl([
        ['Type', ENTITY_LABELS[e.type ?? 'OTHER'] ?? e.type ?? null],
        ['Actor code', e.actor?.code ?? '—'],
        ['Country', e.actor?.country ?? null],
        ['Sector', e.actor?.sector ?? null],
        ['Mentions', String(e.mentions?.length ?? 0)],
        ['Quotes', String(said.length)],
      ]),
    );
    return body.querySelector(`[data-entity="${id}"]`);
  };

  const selectEvent = (id: string): HTMLElement | null => {
    const v = events.find((x) => x.id === id);
    if (!v) return null;
    unmark();
    mark(`[data-event="${id}"]`, 'selected');
    for (const p of [v.source, v.target]) if (p?.entity) mark(`[data-entity="${p.entity}"]`, 'actor');
    const q = v.cameo?.quadClass ?? null;
    const mode = Array.isArray(v.plover?.mode) ? v.plover.mode.join(', ') : v.plover?.mode;
    const context = Array.isArray(v.plover?.context) ? v.plover.context.join(', ') : v.plover?.context;
    show(
      h('h4', {}, 'Event: ', v.trigger?.text ?? v.id),
      dl([
        ['Source', participant(v.source)],
        ['Target', participant(v.target)],
        ['CAMEO', v.cameo?.code ? `${v.cameo.code} ${v.cameo.name ?? ''}` : '—'],
        ['Quad class', h('span', { class: 'pill' }, h('span', { class: `swatch bg-${q ?? 0}`, 'aria-hidden': 'true' }), quadName(q))],
        ['Goldstein', typeof v.cameo?.goldstein === 'number' ? String(v.cameo.goldstein) : null],
        ['PLOVER', v.plover?.type ? [v.plover.type, mode ? ` (${mode})` : ''].join('') : null],
        ['Context', context || null],
        ['Date', v.date ?? null],
        ['Place', v.location?.name ? `${v.location.name}${v.location.country ? `, ${v.location.country}` : ''}` : null],
        ['Confidence', typeof v.confidence === 'number' ? v.confidence.toFixed(2) : null],
      ]),
    );
    return body.querySelector(`[data-event="${id}"]`);
  };

  const activate = (target: Element | null): void => {
    const el = target?.closest<HTMLElement>('[data-event],[data-entity],[data-quote]');
    if (!el) return;
    if (el.dataset.event) selectEvent(el.dataset.event);
    else if (el.dataset.entity) selectEntity(el.dataset.entity);
    else if (el.dataset.quote) selectQuote(el.dataset.quote);
  };
  body.addEventListener('click', (ev) => activate(ev.target as Element));
  body.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      activate(ev.target as Element);
    }
  });

  const jump = (el: HTMLElement | null): void => {
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    if (el.tabIndex >= 0) el.focus({ preventScroll: true });
  };

  // Layer toggles and legend.
  const toggle = (label: string, cls: string, key: HTMLElement): HTMLElement => {
    const box = h('input', { type: 'checkbox', checked: true });
    box.addEventListener('change', () => wrap.classList.toggle(cls, !box.checked));
    return h('label', {}, box, key, ` ${label}`);
  };
  const typesPresent = ENTITY_TYPES.filter((t) => entities.some((e) => e.type === t));
  const legend = h(
    'div',
    { class: 'legend', role: 'group', 'aria-label': 'Highlight layers' },
    toggle(`Quotes (${quotes.length})`, 'hide-quotes', h('span', { class: 'quote-key' }, '“…”')),
    toggle(`Entities (${entities.length})`, 'hide-entities', h('span', { class: 'ent-key ent-PERSON' }, 'Name')),
    toggle(`Events (${events.length})`, 'hide-events', h('span', { class: 'trig-key' }, 'verb')),
    typesPresent.length ? h('span', { class: 'note' }, 'Entity types:') : null,
    typesPresent.map((t) => h('span', {}, h('span', { class: `ent-key ent-${t}` }, ENTITY_LABELS[t]))),
  );

  const lists = h(
    'div',
    { class: 'layer-list' },
    h('h4', {}, `Quotes (${quotes.length})`),
    quotes.length
      ? h('ul', {}, quotes.map((q) => h('li', {}, h('button', { class: 'linklike', type: 'button', onclick: () => jump(selectQuote(q.id)) }, `${speakerName(q)}: ${short(q.text)}`))))
      : h('p', { class: 'empty' }, 'No quotes found.'),
    h('h4', {}, `Events (${events.length})`),
    events.length
      ? h(
          'ul',
          {},
          events.map((v) =>
            h(
              'li',
              { class: 'event-item' },
              h('span', { class: `swatch bg-${v.cameo?.quadClass ?? 0}`, title: quadName(v.cameo?.quadClass ?? null) }),
              h(
                'span',
                {},
                h('button', { class: 'linklike', type: 'button', onclick: () => jump(selectEvent(v.id)) }, `${participant(v.source)} — ${v.trigger?.text ?? '?'} → ${participant(v.target)}`),
                h('span', { class: 'cameo' }, v.cameo?.code ? `CAMEO ${v.cameo.code}${v.cameo.name ? ` ${v.cameo.name}` : ''}` : 'not coded'),
              ),
            ),
          ),
        )
      : h('p', { class: 'empty' }, 'No events coded.'),
    h('h4', {}, `Entities (${entities.length})`),
    entities.length
      ? h(
          'ul',
          {},
          [...entities]
            .sort((a, b) => (b.mentions?.length ?? 0) - (a.mentions?.length ?? 0))
            .map((e: EntityIn) =>
              h(
                'li',
                {},
                h('button', { class: 'linklike', type: 'button', onclick: () => jump(selectEntity(e.id)) }, e.name),
                ` · ${ENTITY_LABELS[e.type ?? 'OTHER'] ?? e.type}${actorText(e.actor)} · ${plural(e.mentions?.length ?? 0, 'mention')}`,
              ),
            ),
        )
      : h('p', { class: 'empty' }, 'No entities found.'),
  );

  wrap.append(legend, h('div', { class: 'article-body' }, h('div', { class: 'card' }, body, lists), details));
  if (opts.select) {
    const id = opts.select;
    queueMicrotask(() => jump(id.startsWith('V') ? selectEvent(id) : id.startsWith('E') ? selectEntity(id) : selectQuote(id)));
  }
  return wrap;
}

export function metaLine(doc: DocumentIn): HTMLElement {
  const m = doc.meta ?? {};
  const bits: Child[] = [];
  if (m.published) bits.push(m.published);
  if (m.source) bits.push(m.source);
  if (m.author) bits.push(`by ${m.author}`);
  const parts: Child[] = [];
  bits.forEach((b, i) => parts.push(i ? ' · ' : '', b));
  if (m.url && /^https?:\/\//i.test(m.url)) parts.push(parts.length ? ' · ' : '', h('a', { href: m.url, rel: 'noopener noreferrer', target: '_blank' }, 'original'));
  return h('p', { class: 'meta' }, parts);
}
