/** The Herald web UI: a single-page app with one view per tab, addressed by the URL hash (#/quotes?speaker=…). */
import { getJson } from './api.js';
import { plural } from './dom.js';
import { actorsView } from './pages/actors.js';
import { analyzeView } from './pages/analyze.js';
import { articlesView } from './pages/articles.js';
import { quotesView } from './pages/quotes.js';
import { timelineView } from './pages/timeline.js';
import type { RouteContext, View } from './view.js';

const VIEWS: Record<string, () => View> = {
  articles: articlesView,
  analyze: analyzeView,
  quotes: quotesView,
  actors: actorsView,
  timeline: timelineView,
};

let current: { name: string; view: View } | undefined;

function parseHash(): { name: string; ctx: RouteContext } {
  const raw = location.hash.replace(/^#\/?/, '');
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const segments = pathPart.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  const name = segments[0] && segments[0] in VIEWS ? segments[0] : 'articles';
  return { name, ctx: { path: segments.slice(1), params: new URLSearchParams(queryPart) } };
}

function route(): void {
  const main = document.getElementById('main') as HTMLElement;
  const { name, ctx } = parseHash();
  for (const a of document.querySelectorAll<HTMLAnchorElement>('.tabs a')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (current?.name === name && current.view.update?.(ctx)) return;
  const view = VIEWS[name]();
  const changed = current?.name !== name;
  current = { name, view };
  main.replaceChildren();
  view.mount(main, ctx);
  // A new page of the app starts at its top (the quotes' next page, another tab).
  window.scrollTo(0, 0);
  document.title = `${view.title} · Herald`;
  if (changed) main.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
}

async function corpus(): Promise<void> {
  const el = document.getElementById('corpus');
  if (!el) return;
  try {
    const info = await getJson<{ counts: { documents: number; quotes: number; events: number } }>('/api/info');
    const c = info.counts;
    el.textContent = `${plural(c.documents, 'article')} · ${plural(c.quotes, 'quote')} · ${plural(c.events, 'event')}`;
  } catch {
    el.textContent = '';
  }
}

window.addEventListener('hashchange', route);
route();
void corpus();
