/** Actors: the network of who acts on whom (directed edges coloured by quad class, as wide as their count). */
import { getJson, query, type Stats } from '../api.js';
import { QUADS } from '../colors.js';
import { errorBox, field, h, plural, tableWrap } from '../dom.js';
import { drawGraph, nodeLabel, selectGraph, type ActorEdge, type GraphChoice } from '../graph.js';
import { go, type View } from '../view.js';

function edgeTable(stats: Stats): HTMLElement {
  const names = new Map(stats.actors.nodes.map((n) => [n.id, nodeLabel(n)]));
  const code = (id: string): string | null => (id.startsWith('name:') ? null : id);
  return tableWrap(h(
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
  ));
}

/**
 * Links per actor by default: 1 (every linked actor), but on a phone, when that would draw more than 12 actors, 2
 * (the rest crowd a small picture).
 */
function defaultMinLinks(actors: Stats['actors'], generic: boolean): number {
  return window.innerWidth < 600 && selectGraph(actors, { minLinks: 1, generic }).nodes.length > 12 ? 2 : 1;
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
      const asked = Math.max(0, Math.min(5, Math.floor(Number(p.get('links'))) || 0));
      let byDefault = 1;
      const links = h('select', {}, [1, 2, 3, 4, 5].map((n) => h('option', { value: n, selected: n === (asked || 1) }, n === 1 ? '1 (all)' : `${n} or more`)));
      const generic = h('input', { type: 'checkbox', checked: p.get('generic') === '1' });
      const form = h(
        'form',
        { class: 'filters', 'aria-label': 'Filter the network' },
        field('From', since),
        field('To', until),
        field('PLOVER type', plover),
        field('Strongest links', edges),
        field('Links per actor', links),
        h('label', { class: 'check' }, generic, 'Generic actors (“people”, “police”)'),
        h('button', { type: 'submit' }, 'Show'),
      );
      const address = (): string =>
        '#/actors' +
        query({
          since: since.value,
          until: until.value,
          plover: plover.value.trim(),
          edges: edges.value,
          links: Number(links.value) === byDefault ? '' : links.value,
          generic: generic.checked ? '1' : '',
        });
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        go(address());
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
          const wrap = h('div', { class: 'graph-wrap' });
          const note = h('p', { class: 'note' });
          out.replaceChildren(legend, wrap, note, h('section', { class: 'block' }, h('h3', {}, 'Interactions'), edgeTable(stats)));
          byDefault = defaultMinLinks(stats.actors, generic.checked);
          if (!asked) links.value = String(byDefault);
          let drawnWidth = 0;
          const draw = (): void => {
            const choice: GraphChoice = { minLinks: Number(links.value), generic: generic.checked };
            const sel = selectGraph(stats.actors, choice);
            drawnWidth = wrap.clientWidth;
            if (!sel.nodes.length) wrap.replaceChildren(h('p', { class: 'empty pad' }, `No actor has ${choice.minLinks} links or more; choose fewer links per actor.`));
            else wrap.replaceChildren(drawGraph(sel, drawnWidth - 2));
            const left: string[] = [];
            if (sel.generic.length) {
              const names = sel.generic.slice(0, 4).map((n) => `“${n.name}”`);
              left.push(`${plural(sel.generic.length, 'generic actor')} (${names.join(', ')}${sel.generic.length > 4 ? ', …' : ''})`);
            }
            if (sel.sparse) left.push(`${plural(sel.sparse, 'actor')} with ${choice.minLinks === 1 ? 'no link to another' : `fewer than ${choice.minLinks} links`}`);
            note.textContent =
              `${plural(sel.nodes.length, 'actor')} and ${plural(sel.edges.length, 'link')} shown, ` +
              `from the ${plural(stats.actors.edges.length, 'strongest link')} of ${stats.actors.totalEdges} (${plural(stats.events, 'event')}). ` +
              (left.length ? `Not shown: ${left.join('; ')}. ` : '') +
              'Hover or focus a node or an arrow for details.';
          };
          draw();
          // The filters over the drawn network apply at once and go into the address (without a new history entry).
          for (const el of [links, generic]) {
            el.addEventListener('change', () => {
              go(address(), true);
              draw();
            });
          }
          let t: number | undefined;
          const onResize = (): void => {
            if (!wrap.isConnected) {
              window.removeEventListener('resize', onResize);
              return;
            }
            clearTimeout(t);
            t = window.setTimeout(() => {
              if (Math.abs(wrap.clientWidth - drawnWidth) > 24) draw();
            }, 200);
          };
          window.addEventListener('resize', onResize);
        },
        (e: Error) => out.replaceChildren(errorBox(e.message)),
      );
    },
  };
}
