/**
 * The actor network as drawn: which actors to show (generic role nouns and actors with too few links left
 * out, isolated ones dropped), a force layout sized to the space available, and labels placed where they
 * collide with no other label or node (a label that fits nowhere is shown on hover only).
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import { scaleLinear, scaleSqrt } from 'd3-scale';
import type { Stats } from './api.js';
import { QUADS, quadName } from './colors.js';
import { plural, svg } from './dom.js';

export type ActorNode = Stats['actors']['nodes'][number];
export type ActorEdge = Stats['actors']['edges'][number];

/**
 * CAMEO agent (sector) codes: a code made of these alone names a kind of actor in no particular country
 * ("EDU" for "school", "MED" for "website", "COP" for "police"). IGO, NGO and multinationals are left out: "IGOUNO" is
 * the UN.
 */
const SECTORS = new Set(
  'GOV MIL REB OPP CRM BUS CVL JUD MED HLH LEG COP EDU UAF MUS AGR SPY REL CHR LAB HIN REF PTY BUD JEW ENV ELI HRI RAD PPL INS SEP MOD DEV'.split(' '),
);
/** Role titles that, alone, name nobody in particular ("Professor", "President" without a name). */
const TITLES = new Set(
  'professor president minister official officials spokesman spokeswoman spokesperson teacher teachers student students leader leaders police school schools people government authorities'.split(' '),
);

/** A node that names a kind of actor ("girls", "website", "School (EDU)", "Police (COP)") rather than someone. */
export function isGeneric(n: ActorNode): boolean {
  const name = n.name.trim().replace(/^the\s+/i, '');
  if (!/\p{Lu}/u.test(name)) return true;
  if (TITLES.has(name.toLowerCase())) return true;
  if (n.code) {
    const parts = n.code.match(/.{1,3}/g) ?? [];
    if (parts.length > 0 && parts.every((p) => SECTORS.has(p))) return true;
  }
  return false;
}

export interface GraphChoice {
  /** Show only actors with at least this many links (distinct partners, either direction). */
  minLinks: number;
  /** Keep generic actors (`isGeneric`). */
  generic: boolean;
}

export interface GraphSelection {
  nodes: ActorNode[];
  edges: ActorEdge[];
  /** Generic actors left out. */
  generic: ActorNode[];
  /** Other actors left out: too few links, or no link left to a shown actor. */
  sparse: number;
}

/** The actors and links to draw. Self-links are never drawn, so they do not count as links. */
export function selectGraph(actors: Stats['actors'], choice: GraphChoice): GraphSelection {
  const generic = choice.generic ? [] : actors.nodes.filter(isGeneric);
  const out = new Set(generic.map((n) => n.id));
  let edges = actors.edges.filter((e) => e.source !== e.target && !out.has(e.source) && !out.has(e.target));
  const partners = new Map<string, Set<string>>();
  const link = (a: string, b: string): void => {
    let s = partners.get(a);
    if (!s) partners.set(a, (s = new Set()));
    s.add(b);
  };
  for (const e of edges) {
    link(e.source, e.target);
    link(e.target, e.source);
  }
  const keep = new Set([...partners.entries()].filter(([, s]) => s.size >= choice.minLinks).map(([id]) => id));
  edges = edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  const used = new Set(edges.flatMap((e) => [e.source, e.target]));
  const nodes = actors.nodes.filter((n) => used.has(n.id));
  return { nodes, edges, generic, sparse: actors.nodes.length - generic.length - nodes.length };
}

interface SimNode extends SimulationNodeDatum {
  id: string;
  node: ActorNode;
  r: number;
  /** Width of the name in the label. */
  labelW: number;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const NAME_PX = 12;
const CODE_PX = 10;

let ctx2d: CanvasRenderingContext2D | null | undefined;

/** Width of `text` in pixels at `px` (canvas metrics; an estimate where there is no canvas). */
function textWidth(text: string, px: number, bold = false): number {
  if (ctx2d === undefined) ctx2d = document.createElement('canvas').getContext('2d');
  if (!ctx2d) return text.length * px * 0.6;
  ctx2d.font = `${bold ? '600 ' : ''}${px}px ${FONT}`;
  return ctx2d.measureText(text).width;
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** The name a node is labelled with: its most frequent name without a leading "the" ("the United States"). */
const shownName = (n: ActorNode): string => (n.name ? n.name.replace(/^the\s+(?=\S)/i, '') : n.code ?? n.id);

export const nodeLabel = (n: ActorNode): string => (n.code ? (n.name && n.name !== n.code ? `${n.name} (${n.code})` : n.code) : n.name);

/** Scales the layout to fill the box (at most 3×) and keeps every node inside it with `pad` around. */
function spread(nodes: SimNode[], W: number, H: number, padX: number, padY: number): void {
  const xs = nodes.map((n) => n.x ?? 0);
  const ys = nodes.map((n) => n.y ?? 0);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.min(3, (W - 2 * padX) / Math.max(1, x1 - x0), (H - 2 * padY) / Math.max(1, y1 - y0));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  for (const n of nodes) {
    n.x = Math.max(padX, Math.min(W - padX, W / 2 + ((n.x ?? cx) - cx) * k));
    n.y = Math.max(padY, Math.min(H - padY, H / 2 + ((n.y ?? cy) - cy) * k));
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
  const cx = (x1 + x2) / 2 - dy * bend;
  const cy = (y1 + y2) / 2 + dx * bend;
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

/** The picture's size for a container `width` px wide: landscape on wide screens, portrait on phones. */
export function graphSize(width: number, nodes: number): { W: number; H: number } {
  const W = Math.max(280, Math.round(width));
  const H = W >= 700 ? Math.round(Math.min(720, Math.max(440, W * 0.6))) : Math.round(Math.min(W * 1.5, Math.max(W * 1.05, 300 + nodes * 14)));
  return { W, H };
}

/** Draws the selected actors and links `width` px wide; same data and width, same picture. */
export function drawGraph(sel: GraphSelection, width: number): SVGSVGElement {
  const { nodes, edges } = sel;
  const { W, H } = graphSize(width, nodes.length);
  const small = W < 600;
  const total = (n: ActorNode): number => n.in + n.out;
  const maxTotal = Math.max(1, ...nodes.map(total));
  const radius = scaleSqrt().domain([0, maxTotal]).range(small ? [4, 16] : [5, 24]);
  const simNodes: SimNode[] = nodes.map((node) => ({ id: node.id, node, r: radius(total(node)), labelW: textWidth(shownName(node), NAME_PX, true) }));
  const byId = new Map(simNodes.map((n) => [n.id, n]));
  const links: SimulationLinkDatum<SimNode>[] = edges.map((e) => ({ source: e.source, target: e.target }));

  // Distances from the room each node has; a fixed number of ticks so that the same data gives the same picture.
  const room = Math.sqrt((W * H) / Math.max(1, nodes.length));
  const dist = Math.max(36, Math.min(140, room * 0.6));
  const sim = forceSimulation(simNodes)
    .force('link', forceLink<SimNode, SimulationLinkDatum<SimNode>>(links).id((d) => d.id).distance(dist).strength(0.4))
    .force('charge', forceManyBody().strength(-dist * 3.2))
    .force('x', forceX(W / 2).strength(W < H ? 0.1 : 0.05))
    .force('y', forceY(H / 2).strength(W < H ? 0.05 : 0.09))
    // nodes keep apart by their size and part of their label's width
    .force('collide', forceCollide<SimNode>().radius((d) => Math.max(d.r + (small ? 16 : 26), d.labelW * 0.35)))
    .stop();
  for (let i = 0; i < 320; i++) sim.tick();
  // Room at the sides for the widest labels, so that nodes at the edge keep theirs.
  const widest = Math.max(0, ...simNodes.map((n) => n.labelW));
  spread(simNodes, W, H, Math.max(small ? 30 : 60, Math.min(W * 0.16, widest / 2 + 6)), small ? 30 : 36);

  const maxCount = Math.max(1, ...edges.flatMap((e) => e.quad));
  const strokeWidth = scaleLinear().domain([1, maxCount]).range(small ? [1.2, 6] : [1.5, 9]).clamp(true);

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
            'stroke-width': strokeWidth(part.n).toFixed(2),
            'marker-end': `url(#arrow-${part.q})`,
            'data-source': e.source,
            'data-target': e.target,
          },
          svg('title', {}, `${nodeLabel(s.node)} → ${nodeLabel(t.node)}: ${plural(part.n, `${quadName(part.q || null).toLowerCase()} event`)}${e.goldstein !== null ? ` (mean Goldstein of all ${e.count}: ${e.goldstein})` : ''}`),
        ),
      );
    });
  }

  // Labels: the busiest actors first, each at the first of 24 places around its node that stays inside the
  // picture and clear of every node and every label placed so far; a label that fits nowhere shows on hover.
  const circles: Box[] = simNodes.map((n) => ({ x0: (n.x ?? 0) - n.r - 2, y0: (n.y ?? 0) - n.r - 2, x1: (n.x ?? 0) + n.r + 2, y1: (n.y ?? 0) + n.r + 2 }));
  const placed: Box[] = [];
  /** Where each placed label goes: its anchor point (x) and top (y), in the picture's coordinates. */
  const spots = new Map<SimNode, { x: number; y: number; anchor: 'start' | 'middle' | 'end' }>();
  let rank = 0;
  const order = [...simNodes].sort((a, b) => total(b.node) - total(a.node) || (a.id < b.id ? -1 : 1));
  for (const n of order) {
    const name = shownName(n.node);
    const code = n.node.code && n.node.code !== name ? n.node.code : '';
    // the box a label's glyphs take (ascenders, descenders) and a little air around it
    const w = Math.max(textWidth(name, NAME_PX, true), code ? textWidth(code, CODE_PX) : 0) + 6;
    const lh = code ? NAME_PX + CODE_PX + 8 : NAME_PX + 6;
    const x = n.x ?? 0;
    const y = n.y ?? 0;
    // (left, top) of the label box and how its text is anchored: eight places around the node, then the same
    // further out, twice
    const candidates: [number, number, 'start' | 'middle' | 'end'][] = [];
    for (const g of [2, 10, 22]) {
      const d = n.r * 0.7 + g;
      candidates.push(
        [x - w / 2, y + n.r + g, 'middle'],
        [x - w / 2, y - n.r - g - lh, 'middle'],
        [x + n.r + g, y - lh / 2, 'start'],
        [x - n.r - g - w, y - lh / 2, 'end'],
        [x + d, y + d, 'start'],
        [x - d - w, y + d, 'end'],
        [x + d, y - d - lh, 'start'],
        [x - d - w, y - d - lh, 'end'],
      );
    }
    // Each place slid inside the picture (a label centred under or over its node moves sideways), or null.
    const fit = ([left0, top, anchor0]: [number, number, 'start' | 'middle' | 'end']): { box: Box; anchor: 'start' | 'middle' | 'end' } | null => {
      let left = left0;
      let anchor = anchor0;
      if (anchor === 'middle' && (left < 1 || left + w > W - 1)) {
        left = Math.max(1, Math.min(W - 1 - w, left));
        anchor = left < x - w / 2 ? 'end' : 'start';
      }
      const box = { x0: left, y0: top, x1: left + w, y1: top + lh };
      return box.x0 < 1 || box.y0 < 1 || box.x1 > W - 1 || box.y1 > H - 1 ? null : { box, anchor };
    };
    const near = candidates.slice(0, 8).map(fit).filter((c): c is { box: Box; anchor: 'start' | 'middle' | 'end' } => c !== null);
    const inside = candidates.map(fit).filter((c): c is { box: Box; anchor: 'start' | 'middle' | 'end' } => c !== null);
    const free = (c: { box: Box }): boolean => !placed.some((b) => overlaps(b, c.box));
    const clear = (c: { box: Box }): boolean => free(c) && !circles.some((b) => overlaps(b, c.box));
    // Clear of labels and nodes. The three busiest actors are always named: next to their node over smaller nodes
    // (labels are drawn over them) rather than further out, and anywhere clear of labels as a last resort.
    const top = rank < 3;
    const choice = near.find(clear) ?? (top ? near.find(free) : undefined) ?? inside.find(clear) ?? (top ? inside.find(free) : undefined);
    rank++;
    if (choice) {
      placed.push(choice.box);
      const { box, anchor } = choice;
      spots.set(n, { x: anchor === 'middle' ? box.x0 + w / 2 : anchor === 'start' ? box.x0 + 3 : box.x1 - 3, y: box.y0, anchor });
    }
  }

  const labelText = (n: SimNode, x: number, top: number, anchor: string): SVGTextElement => {
    const name = shownName(n.node);
    const code = n.node.code && n.node.code !== name ? n.node.code : '';
    return svg(
      'text',
      { x: x.toFixed(1), y: (top + NAME_PX + 1).toFixed(1), 'text-anchor': anchor, 'data-id': n.id },
      svg('tspan', { class: 'n' }, name),
      code ? svg('tspan', { class: 'c', x: x.toFixed(1), dy: CODE_PX + 3 }, code) : null,
    );
  };
  const nodeEls = simNodes.map((n) => {
    const full = nodeLabel(n.node);
    const about = `${full}: ${plural(n.node.out, 'event')} as source, ${n.node.in} as target`;
    const shown = spots.has(n);
    return svg(
      'g',
      {
        class: `node${n.node.code ? '' : ' uncoded'}${shown ? '' : ' unlabelled'}`,
        transform: `translate(${(n.x ?? 0).toFixed(1)},${(n.y ?? 0).toFixed(1)})`,
        'data-id': n.id,
        tabindex: 0,
        role: 'img',
        'aria-label': about,
      },
      svg('circle', { r: n.r.toFixed(1) }),
      // a label with no room of its own shows under its node on hover or focus
      shown ? null : labelText(n, 0, n.r + 2, 'middle'),
      svg('title', {}, about),
    );
  });
  // The placed labels in a layer of their own over every node and arrow.
  const labelEls = simNodes.flatMap((n) => {
    const s = spots.get(n);
    return s ? [labelText(n, s.x, s.y, s.anchor)] : [];
  });

  return svg(
    'svg',
    {
      class: 'graph',
      viewBox: `0 0 ${W} ${H}`,
      width: W,
      height: H,
      role: 'group',
      'aria-label': `Network of ${plural(nodes.length, 'actor')} and ${plural(edges.length, 'directed interaction')}`,
    },
    defs,
    svg('g', {}, edgeEls),
    svg('g', {}, nodeEls),
    svg('g', { class: 'labels', 'aria-hidden': 'true' }, labelEls),
  );
}
