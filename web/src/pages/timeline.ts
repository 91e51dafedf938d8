/**
 * Timeline: events per day, week or month stacked by quad class with their mean Goldstein score, a world map of
 * event locations (when any event has one), and the matching events. The map's country shapes come from world-atlas (bundled, offline).
 */
import { geoEqualEarth, geoGraticule10, geoPath } from 'd3-geo';
import { scaleBand, scaleLinear, scaleSqrt } from 'd3-scale';
import { line } from 'd3-shape';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { FeatureCollection } from 'geojson';
import { getJson, query, type EventRow, type Page, type Stats } from '../api.js';
import { QUADS, quadColor, quadName } from '../colors.js';
import { append, errorBox, field, fmt, h, plural, svg, tableWrap } from '../dom.js';
import { go, type View } from '../view.js';

type DayStats = Stats['days'][number];
type LocationStats = Stats['locations'][number];

const DAY = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);

/**
 * Days on a continuous calendar: every day between the first and the last (empty ones count 0), grouped into
 * weeks or months when the span is long, so that gaps show as gaps.
 */
export function buckets(days: DayStats[]): { unit: 'day' | 'week' | 'month'; days: DayStats[] } {
  if (!days.length) return { unit: 'day', days: [] };
  const t0 = Date.parse(days[0].date);
  const t1 = Date.parse(days[days.length - 1].date);
  const span = Math.round((t1 - t0) / DAY) + 1;
  const unit = span <= 120 ? 'day' : span <= 7 * 120 ? 'week' : 'month';
  const keyOf = (date: string): string => {
    if (unit === 'day') return date;
    if (unit === 'month') return date.slice(0, 7);
    const t = Date.parse(date);
    const monday = t - ((new Date(t).getUTCDay() + 6) % 7) * DAY;
    return iso(monday);
  };
  const out = new Map<string, DayStats & { gw: number }>();
  for (let t = t0; t <= t1; t += DAY) {
    const k = keyOf(iso(t));
    if (!out.has(k)) out.set(k, { date: k, events: 0, quad: [0, 0, 0, 0], goldstein: null, gw: 0 });
  }
  for (const d of days) {
    const b = out.get(keyOf(d.date));
    if (!b) continue;
    b.events += d.events;
    d.quad.forEach((n, i) => (b.quad[i] += n));
    if (d.goldstein !== null) {
      b.goldstein = ((b.goldstein ?? 0) * b.gw + d.goldstein * d.events) / (b.gw + d.events);
      b.gw += d.events;
    }
  }
  const list = [...out.values()].map(({ gw: _gw, ...b }) => ({ ...b, goldstein: b.goldstein === null ? null : Math.round(b.goldstein * 100) / 100 }));
  return { unit, days: list };
}

export type Unit = 'day' | 'week' | 'month';

/** How a bucket is named in tooltips: `2017-02-21`, `week of 2017-02-20`, `2017-02`. */
const bucketName = (date: string, unit: Unit): string => (unit === 'week' ? `week of ${date}` : date);

/**
 * Bars of events per `unit` stacked by quad class, and each bucket's mean Goldstein score as a line that joins
 * only neighbouring buckets (an empty bucket breaks it: no line across gaps), drawn `width` px wide.
 */
export function drawTimeline(days: DayStats[], unit: Unit, width: number): SVGSVGElement {
  const W = Math.max(300, Math.round(width));
  const small = W < 600;
  const H = small ? 260 : 320;
  const m = small ? { top: 14, right: 36, bottom: 40, left: 36 } : { top: 16, right: 56, bottom: 48, left: 48 };
  // Bars at most ~48 px wide: a few buckets sit in the middle rather than filling the chart.
  const span = Math.min(W - m.left - m.right, days.length * 60);
  const left = m.left + (W - m.left - m.right - span) / 2;
  const x = scaleBand<string>().domain(days.map((d) => d.date)).range([left, left + span]).paddingInner(0.2).paddingOuter(0.1);
  const maxY = Math.max(1, ...days.map((d) => d.events));
  const y = scaleLinear().domain([0, maxY]).nice().range([H - m.bottom, m.top]);
  const g = scaleLinear().domain([-10, 10]).range([H - m.bottom, m.top]);

  const bars: SVGElement[] = [];
  for (const d of days) {
    let acc = 0;
    const x0 = x(d.date) ?? 0;
    const name = bucketName(d.date, unit);
    d.quad.forEach((n, i) => {
      if (!n) return;
      const y0 = y(acc);
      acc += n;
      const y1 = y(acc);
      bars.push(
        svg('rect', { x: x0.toFixed(1), y: y1.toFixed(1), width: Math.max(1, x.bandwidth()).toFixed(1), height: Math.max(0.5, y0 - y1).toFixed(1), fill: QUADS[i].color },
          svg('title', {}, `${name}: ${plural(n, `${QUADS[i].name.toLowerCase()} event`)}`)),
      );
    });
    const other = d.events - d.quad.reduce((a, b) => a + b, 0);
    if (other > 0) {
      const y0 = y(acc);
      const y1 = y(acc + other);
      bars.push(svg('rect', { x: x0.toFixed(1), y: y1.toFixed(1), width: Math.max(1, x.bandwidth()).toFixed(1), height: (y0 - y1).toFixed(1), fill: '#9ca3af' }, svg('title', {}, `${name}: ${plural(other, 'uncoded event')}`)));
    }
  }

  const withG = days.filter((d) => d.goldstein !== null);
  const mid = (d: DayStats): number => (x(d.date) ?? 0) + x.bandwidth() / 2;
  const path = line<DayStats>().defined((d) => d.goldstein !== null).x(mid).y((d) => g(d.goldstein ?? 0))(days) ?? '';

  const labelWidth = unit === 'month' ? 64 : 88;
  const every = Math.max(1, Math.ceil(days.length / Math.max(1, Math.floor(span / labelWidth))));
  const xTicks = days.filter((_, i) => i % every === 0).map((d) =>
    svg('g', { transform: `translate(${mid(d).toFixed(1)},${H - m.bottom})` }, svg('line', { y2: 5 }), svg('text', { y: 18, 'text-anchor': 'middle' }, d.date)),
  );
  const yTicks = y.ticks(Math.min(small ? 4 : 6, maxY)).map((t) =>
    svg('g', { transform: `translate(${m.left},${y(t).toFixed(1)})` }, svg('line', { x2: -5 }), svg('text', { x: -8, dy: '0.32em', 'text-anchor': 'end' }, t)),
  );
  const gTicks = [-10, -5, 0, 5, 10].map((t) =>
    svg('g', { transform: `translate(${W - m.right},${g(t).toFixed(1)})` }, svg('line', { x2: 5 }), svg('text', { x: 8, dy: '0.32em' }, t)),
  );
  const grid = y.ticks(Math.min(small ? 4 : 6, maxY)).map((t) => svg('line', { x1: m.left, x2: W - m.right, y1: y(t).toFixed(1), y2: y(t).toFixed(1) }));
  const midY = (m.top + H - m.bottom) / 2;

  return svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${W} ${H}`,
      width: W,
      height: H,
      role: 'img',
      'aria-label': `Events per ${unit} over ${plural(days.length, unit)}, by quad class, with the mean Goldstein score`,
    },
    svg('g', { class: 'grid' }, grid),
    svg('g', {}, bars),
    svg('line', { class: 'zero', x1: m.left, x2: W - m.right, y1: g(0), y2: g(0) }),
    svg('path', { class: 'g-line', d: path }),
    withG.map((d) => svg('circle', { class: 'g-dot', cx: mid(d).toFixed(1), cy: g(d.goldstein ?? 0).toFixed(1), r: 3.5 }, svg('title', {}, `${bucketName(d.date, unit)}: mean Goldstein ${d.goldstein}`))),
    svg('g', { class: 'axis' }, svg('line', { x1: m.left, x2: W - m.right, y1: H - m.bottom, y2: H - m.bottom }), xTicks),
    svg('g', { class: 'axis' }, svg('line', { x1: m.left, x2: m.left, y1: m.top, y2: H - m.bottom }), yTicks),
    svg('g', { class: 'axis' }, svg('line', { x1: W - m.right, x2: W - m.right, y1: m.top, y2: H - m.bottom }), gTicks),
    svg('text', { x: 11, y: midY, transform: `rotate(-90 11 ${midY})`, 'text-anchor': 'middle' }, `events per ${unit}`),
    svg('text', { x: W - 8, y: midY, transform: `rotate(90 ${W - 8} ${midY})`, 'text-anchor': 'middle' }, 'mean Goldstein'),
  );
}

let world: Promise<FeatureCollection> | undefined;

function loadWorld(): Promise<FeatureCollection> {
  world ??= fetch('/world-110m.json')
    .then((r) => {
      if (!r.ok) throw new Error(`the world map is missing (${r.status}); rebuild the UI with npm run build`);
      return r.json() as Promise<Topology<{ countries: GeometryCollection }>>;
    })
    .then((topo) => feature(topo, topo.objects.countries) as FeatureCollection);
  world.catch(() => (world = undefined));
  return world;
}

export function drawMap(countries: FeatureCollection, places: LocationStats[]): SVGSVGElement {
  const W = 960;
  const H = 470;
  const sphere = { type: 'Sphere' } as const;
  const projection = geoEqualEarth().fitExtent([[8, 8], [W - 8, H - 8]], sphere);
  const path = geoPath(projection);
  const maxN = Math.max(1, ...places.map((p) => p.events));
  const r = scaleSqrt().domain([0, maxN]).range([0, 22]);
  const dominant = (p: LocationStats): number | null => {
    let best = -1;
    p.quad.forEach((n, i) => {
      if (n > 0 && (best < 0 || n > p.quad[best])) best = i;
    });
    return best < 0 ? null : best + 1;
  };
  return svg(
    'svg',
    { class: 'map', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `World map of ${places.length} event locations` },
    svg('path', { class: 'sphere', d: path(sphere) ?? '' }),
    svg('path', { class: 'graticule', d: path(geoGraticule10()) ?? '' }),
    svg('g', {}, countries.features.map((f) => svg('path', { class: 'country', d: path(f) ?? '' }))),
    svg(
      'g',
      {},
      [...places].sort((a, b) => b.events - a.events).map((p) => {
        const xy = projection([p.lon, p.lat]);
        if (!xy) return null;
        const q = dominant(p);
        return svg(
          'circle',
          { class: 'place', cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: Math.max(3.5, r(p.events)).toFixed(1), fill: quadColor(q) },
          svg('title', {}, `${p.name || 'unnamed place'}${p.country ? `, ${p.country}` : ''}: ${p.events} event${p.events === 1 ? '' : 's'}, mostly ${quadName(q).toLowerCase()}${p.goldstein !== null ? `, mean Goldstein ${p.goldstein}` : ''}`),
        );
      }),
    ),
  );
}

function dayTable(days: DayStats[]): HTMLElement {
  return h(
    'details',
    { class: 'table-toggle' },
    h('summary', {}, 'Show the numbers per day as a table'),
    tableWrap(h(
      'table',
      { class: 'data' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col', class: 'num' }, 'Events'), QUADS.map((q) => h('th', { scope: 'col', class: 'num' }, q.name)), h('th', { scope: 'col', class: 'num' }, 'Mean Goldstein'))),
      h('tbody', {}, days.map((d) => h('tr', {}, h('td', { class: 'nowrap' }, d.date), h('td', { class: 'num' }, d.events), d.quad.map((n) => h('td', { class: 'num' }, n)), h('td', { class: 'num' }, d.goldstein ?? '—')))),
    ), 'Events per day'),
  );
}

function eventsTable(rows: EventRow[]): HTMLElement {
  const who = (name: string | null, code: string | null): string => (name ? (code ? `${name} (${code})` : name) : code ?? '—');
  return tableWrap(h(
    'table',
    { class: 'data' },
    h('thead', {}, h('tr', {}, ['Date', 'Source', 'Event', 'Target', 'Place', 'Article'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {},
          h('td', { class: 'nowrap' }, r.date ?? '—'),
          h('td', {}, who(r.source, r.source_code)),
          h('td', {}, h('span', { class: `swatch bg-${r.quad_class ?? 0}`, title: quadName(r.quad_class), 'aria-hidden': 'true' }), r.trigger ?? '', r.cameo_code ? ` · ${r.cameo_code} ${r.cameo_name ?? ''}` : '', r.plover_type ? ` · ${r.plover_type}` : ''),
          h('td', {}, who(r.target, r.target_code)),
          h('td', {}, r.location ?? ''),
          h('td', {}, h('a', { href: `#/articles/${r.document}?select=${encodeURIComponent(r.event)}` }, r.title || 'open')),
        ),
      ),
    ),
  ), 'Events');
}

export function timelineView(): View {
  return {
    title: 'Timeline',
    mount(root, ctx) {
      const p = ctx.params;
      const inputs = {
        since: h('input', { type: 'date', value: p.get('since') ?? '' }),
        until: h('input', { type: 'date', value: p.get('until') ?? '' }),
        source: h('input', { type: 'text', value: p.get('source') ?? '', placeholder: 'e.g. USA', size: 9 }),
        target: h('input', { type: 'text', value: p.get('target') ?? '', placeholder: 'e.g. IRN', size: 9 }),
        cameo: h('input', { type: 'text', value: p.get('cameo') ?? '', placeholder: 'e.g. 16', size: 6, inputmode: 'numeric' }),
        plover: h('input', { type: 'text', value: p.get('plover') ?? '', placeholder: 'e.g. SANCTION', size: 12 }),
      };
      const form = h(
        'form',
        { class: 'filters', 'aria-label': 'Filter events' },
        field('From', inputs.since),
        field('To', inputs.until),
        field('Source actor', inputs.source),
        field('Target actor', inputs.target),
        field('CAMEO root or code', inputs.cameo),
        field('PLOVER type', inputs.plover),
        h('button', { type: 'submit' }, 'Show'),
      );
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const v = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value.trim()]));
        go('#/timeline' + query(v));
      });
      const filters = Object.fromEntries(Object.keys(inputs).map((k) => [k, p.get(k)]));
      const chart = h('section', { class: 'block', 'aria-label': 'Events over time' }, h('p', { class: 'loading' }, 'Loading…'));
      const map = h('section', { class: 'block', 'aria-label': 'Map' });
      const list = h('section', { class: 'block', 'aria-label': 'Events' });
      root.append(
        h('h2', { class: 'view-title', tabindex: -1 }, 'Timeline'),
        h(
          'p',
          { class: 'lead' },
          'Events over time by quad class (per day, week or month, whichever suits the span), with their mean Goldstein score (−10 most conflictual, +10 most cooperative), and where they happened.',
        ),
        form,
        chart,
        map,
        list,
      );
      const legend = (): HTMLElement =>
        h('div', { class: 'legend' }, QUADS.map((q) => h('span', {}, h('span', { class: `swatch bg-${q.n}`, 'aria-hidden': 'true' }), q.name)), h('span', {}, '— mean Goldstein'));

      getJson<Stats>('/api/stats', { ...filters, edges: 0 }).then(
        (stats) => {
          const b = buckets(stats.days);
          chart.replaceChildren();
          const wrap = h('div', { class: 'chart-wrap card' });
          append(chart, [
            h('h3', {}, `Events per ${b.unit}`),
            stats.days.length
              ? [
                  legend(),
                  wrap,
                  h('p', { class: 'note' }, `The line joins neighbouring ${b.unit}s only: a ${b.unit} without events breaks it.`),
                  dayTable(stats.days),
                ]
              : h('p', { class: 'empty' }, 'No dated events match.'),
            h('p', { class: 'note' }, `${plural(stats.events, 'event')}${stats.undated ? `, ${fmt.format(stats.undated)} of them undated` : ''}.`),
          ]);
          if (stats.days.length) {
            let drawn = 0;
            const inner = (): number => {
              const cs = getComputedStyle(wrap);
              return wrap.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
            };
            const draw = (): void => {
              drawn = inner();
              wrap.replaceChildren(drawTimeline(b.days, b.unit, drawn));
            };
            draw();
            let t: number | undefined;
            const onResize = (): void => {
              if (!wrap.isConnected) return window.removeEventListener('resize', onResize);
              clearTimeout(t);
              t = window.setTimeout(() => {
                if (Math.abs(inner() - drawn) > 24) draw();
              }, 200);
            };
            window.addEventListener('resize', onResize);
          }
          // The world map only when some event has a place.
          if (!stats.locations.length) {
            map.replaceChildren(h('h3', {}, 'Where'), h('p', { class: 'empty' }, stats.events ? 'No event has a known place.' : 'No events match.'));
            return;
          }
          map.replaceChildren(h('h3', {}, 'Where'), h('p', { class: 'loading' }, 'Loading the map…'));
          loadWorld().then(
            (countries) =>
              map.replaceChildren(
                h('h3', {}, 'Where'),
                h('p', { class: 'note' }, `${plural(stats.locations.length, 'place')}; circles sized by events, coloured by their most frequent quad class.`),
                h('div', { class: 'map-wrap' }, drawMap(countries, stats.locations)),
              ),
            (e: Error) => map.replaceChildren(h('h3', {}, 'Where'), errorBox(e.message)),
          );
        },
        (e: Error) => chart.replaceChildren(errorBox(e.message)),
      );

      let offset = 0;
      const rows: EventRow[] = [];
      const more = h('button', { type: 'button', class: 'secondary more' }, 'More events');
      const loadEvents = async (): Promise<void> => {
        try {
          const page = await getJson<Page<EventRow>>('/api/events', { ...filters, limit: 50, offset });
          rows.push(...page.items);
          offset += page.items.length;
          list.replaceChildren(h('h3', {}, 'Events'), rows.length ? eventsTable(rows) : h('p', { class: 'empty' }, 'No events match.'));
          if (page.more) list.append(more);
        } catch (e) {
          list.replaceChildren(h('h3', {}, 'Events'), errorBox((e as Error).message));
        }
      };
      more.addEventListener('click', () => void loadEvents());
      void loadEvents();
    },
  };
}
