/** Actors: the network of who acts on whom (directed edges coloured by quad class, as wide as their count). */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import { scaleLinear, scaleSqrt } from 'd3-scale';
import { getJson, query, type Stats } from '../api.js';
import { QUADS, quadName } from '../colors.js';
import { errorBox, field, fmt, h, svg } from '../dom.js';
import { go, type View } from '../view.js';

type ActorNode = Stats['actors']['nodes'][number];
type ActorEdge = Stats['actors']['edges'][number];

interface SimNode extends SimulationNodeDatum {
  id: string;
  node: ActorNode;
  r: number;
}

const W = 960;
const H = 620;

const label = (n: ActorNode): string => (n.code ? (n.name && n.name !== n.code ? `${n.name} (${n.code})` : n.code) : n.name);

export function drawGraph(stats: Stats): SVGSVGElement {
  const { nodes, edges } = stats.actors;
  const total = (n: ActorNode): number => n.in + n.out;
  const maxTotal = Math.max(1, ...nodes.map(total));
  const radius = scaleSqrt().domain([0, maxTotal]).range([5, 26]);
  const simNodes: SimNode[] = nodes.map((node) => ({ id: node.id, node, r: radius(total(node)) }));
  const byId = new Map(simNodes.map((n) => [n.id, n]));
  const links: SimulationLinkDatum<SimNode>[] = edges.map((e) => ({ source: e.source, target: e.target }));

  // A fixed number of ticks computed up front: the same data always gives the same picture.
  const sim = forceSimulation(simNodes)
    .force('link', forceLink<SimNode, SimulationLinkDatum<SimNode>>(links).id((d) => d.id).distance(130).strength(0.4))
    .force('charge', forceManyBody().strength(-420))
    .force('x', forceX(W / 2).strength(0.06))
    .force('y', forceY(H / 2).strength(0.08))
    .force('collide', forceCollide<SimNode>().radius((d) => d.r + 28))
    .stop();
  for (let i = 0; i < 320; i++) sim.tick();
  spread(simNodes);

  const maxCount = Math.max(1, ...edges.flatMap((e) => e.quad));
  const width = scaleLinear().domain([1, maxCount]).range([1.5, 9]).clamp(true);

  const defs = svg(
    'defs',
    {},
    [...QUADS.map((q) => ({ id: `arrow-${q.n}`, color: q.color })), { id: 'arrow-0', color: '#6b7280' }].map((m) =>
      svg(
        'marker',
        { id: m.id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
        svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: m.color }),
      ),
    ),
  );

  const edgeEls: SVGElement[] = [];
  for (const e of edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t || s === t) continue;
    const classes = e.quad.map((n, i) => ({ n, q: i + 1 })).filter((c) => c.n > 0);
    const parts = classes.length ? classes : [{ n: e.count, q: 0 }];
    parts.forEach((part, k) => {
      const color = part.q ? QUADS[part.q - 1].color : '#6b7280';
      edgeEls.push(
        svg(
          'path',
          {
            class: 'edge',
            d: arc(s, t, 0.12 + 0.1 * k),
            stroke: color,
            'stroke-width': width(part.n).toFixed(2),
            'marker-end': `url(#arrow-${part.q})`,
            'data-source': e.source,
            'data-target': e.target,
          },
          svg('title', {}, `${label(s.node)} → ${label(t.node)}: ${part.n} ${quadName(part.q || null).toLowerCase()} event${part.n === 1 ? '' : 's'}${e.goldstein !== null ? ` (mean Goldstein of all ${e.count}: ${e.goldstein})` : ''}`),
        ),
      );
    });
  }

  const nodeEls = simNodes.map((n) =>
    svg(
      'g',
      { class: n.node.code ? 'node' : 'node uncoded', transform: `translate(${(n.x ?? 0).toFixed(1)},${(n.y ?? 0).toFixed(1)})` },
      svg('circle', { r: n.r.toFixed(1) }),
      svg('text', { x: 0, y: n.r + 13, 'text-anchor': 'middle' }, label(n.node)),
      svg('title', {}, `${label(n.node)}: ${n.node.out} events as source, ${n.node.in} as target`),
    ),
  );

  return svg(
    'svg',
    { class: 'graph', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Network of ${nodes.length} actors and ${edges.length} directed interactions` },
    defs,
    svg('g', {}, edgeEls),
    svg('g', {}, nodeEls),
  );
}

/**
 * Scales the layout to fill the picture (at most 3x, keeping its proportions) and keeps every node, with room
 * for its label, inside.
 */
function spread(nodes: SimNode[]): void {
  const padX = 90;
  const padTop = 30;
  const padBottom = 40;
  const xs = nodes.map((n) => n.x ?? 0);
  const ys = nodes.map((n) => n.y ?? 0);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.min(3, (W - 2 * padX) / Math.max(1, x1 - x0), (H - padTop - padBottom) / Math.max(1, y1 - y0));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  for (const n of nodes) {
    n.x = Math.max(padX, Math.min(W - padX, W / 2 + ((n.x ?? cx) - cx) * k));
    n.y = Math.max(padTop, Math.min(H - padBottom, padTop + (H - padTop - padBottom) / 2 + ((n.y ?? cy) - cy) * k));
  }
}

/** A curved path from s to t (bending right of the direction), trimmed to the circles' edges. */
function arc(s: SimNode, t: SimNode, bend: number): string {
  const x1 = s.x ?? 0;
  const y1 = s.y ?? 0;
  const x2 = t.x ?? 0;
  const y2 = t.y ?? 0;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const d = Math.hypot(dx, dy) || 1;
  const cx = (x1 + x2) / 2 - (dy / d) * d * bend;
  const cy = (y1 + y2) / 2 + (dx / d) * d * bend;
  const trim = (px: number, py: number, r: number): [number, number] => {
    const vx = cx - px;
    const vy = cy - py;
    const l = Math.hypot(vx, vy) || 1;
    return [px + (vx / l) * r, py + (vy / l) * r];
  };
  const [sx, sy] = trim(x1, y1, s.r + 1);
  const [tx, ty] = trim(x2, y2, t.r + 3);
  return `M${sx.toFixed(1)},${sy.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${tx.toFixed(1)},${ty.toFixed(1)}`;
}

function edgeTable(stats: Stats): HTMLElement {
  const names = new Map(stats.actors.nodes.map((n) => [n.id, label(n)]));
  const code = (id: string): string | null => (id.startsWith('name:') ? null : id);
  return h(
    'table',
    { class: 'data' },
    h('caption', { class: 'visually-hidden' }, 'Interactions between actors'),
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, 'Source'), h('th', { scope: 'col' }, 'Target'), h('th', { scope: 'col', class: 'num' }, 'Events'),
        QUADS.map((q) => h('th', { scope: 'col', class: 'num' }, h('span', { class: `swatch bg-${q.n}`, 'aria-hidden': 'true' }), q.name)),
        h('th', { scope: 'col', class: 'num' }, 'Mean Goldstein')),
    ),
    h(
      'tbody',
      {},
      stats.actors.edges.map((e: ActorEdge) => {
        const s = code(e.source);
        const t = code(e.target);
        const link = s && t ? h('a', { href: `#/timeline${query({ source: s, target: t })}` }, names.get(e.source) ?? e.source) : names.get(e.source) ?? e.source;
        return h('tr', {}, h('td', {}, link), h('td', {}, names.get(e.target) ?? e.target), h('td', { class: 'num' }, e.count),
          e.quad.map((n) => h('td', { class: 'num' }, n || '')), h('td', { class: 'num' }, e.goldstein ?? '—'));
      }),
    ),
  );
}

export function actorsView(): View {
  return {
    title: 'Actors',
    mount(root, ctx) {
      const p = ctx.params;
      const since = h('input', { type: 'date', value: p.get('since') ?? '' });
      const until = h('input', { type: 'date', value: p.get('until') ?? '' });
      const plover = h('input', { type: 'text', value: p.get('plover') ?? '', placeholder: 'e.g. SANCTION', size: 12 });
      const edges = h('select', {}, ['25', '50', '100', '150', '300'].map((n) => h('option', { value: n, selected: (p.get('edges') ?? '100') === n }, n)));
      const form = h('form', { class: 'filters', 'aria-label': 'Filter the network' }, field('From', since), field('To', until), field('PLOVER type', plover), field('Strongest links', edges), h('button', { type: 'submit' }, 'Show'));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        go('#/actors' + query({ since: since.value, until: until.value, plover: plover.value.trim(), edges: edges.value }));
      });
      const out = h('div', {}, h('p', { class: 'loading' }, 'Loading the network…'));
      root.append(
        h('h2', { class: 'view-title', tabindex: -1 }, 'Actors'),
        h('p', { class: 'lead' }, 'Who acts on whom: an arrow from source to target for each kind of interaction, coloured by quad class and as wide as the number of events.'),
        form,
        out,
      );
      const params = { since: p.get('since'), until: p.get('until'), plover: p.get('plover'), edges: p.get('edges') ?? '100' };
      getJson<Stats>('/api/stats', params).then(
        (stats) => {
          if (!stats.actors.edges.length) {
            out.replaceChildren(h('p', { class: 'empty' }, 'No events with both a source and a target match.'));
            return;
          }
          const legend = h('div', { class: 'legend', 'aria-hidden': 'true' }, QUADS.map((q) => h('span', {}, h('span', { class: `swatch bg-${q.n}` }), q.name)));
          out.replaceChildren(
            legend,
            h('div', { class: 'graph-wrap' }, drawGraph(stats)),
            h('p', { class: 'note' }, `${fmt.format(stats.actors.nodes.length)} actors, the ${fmt.format(stats.actors.edges.length)} strongest of ${fmt.format(stats.actors.totalEdges)} links, from ${fmt.format(stats.events)} events. Hover an arrow or a node for details.`),
            h('section', { class: 'block' }, h('h3', {}, 'Interactions'), edgeTable(stats)),
          );
        },
        (e: Error) => out.replaceChildren(errorBox(e.message)),
      );
    },
  };
}
