/** Articles: the stored documents (filter by title) and one article with its layers highlighted. */
import { getJson, type DocumentIn, type DocumentSummary, type Page } from '../api.js';
import { metaLine, renderArticle } from '../annotate.js';
import { clear, errorBox, h, plural } from '../dom.js';
import type { RouteContext, View } from '../view.js';
import { leadLine } from '../../../src/text/lead.js';

const PAGE = 50;

/** The lead line of a text (`leadLine`: not a byline), at most about 100 characters (an untitled article's heading). */
function firstLine(text: string): string {
  const line = leadLine(text);
  return line.length > 100 ? line.slice(0, 99) + '…' : line;
}

export function articlesView(): View {
  let list: HTMLUListElement;
  let more: HTMLButtonElement;
  let pane: HTMLElement;
  let filter: HTMLInputElement;
  let offset = 0;
  let current: string | null = null;
  let loadSeq = 0;

  const docLink = (d: DocumentSummary): HTMLElement =>
    h(
      'li',
      {},
      h(
        'a',
        { href: `#/articles/${d.id}`, 'data-id': d.id, 'aria-current': d.id === current ? 'true' : 'false' },
        h('span', { class: 't' }, d.title || d.excerpt || `Untitled (${d.id.slice(0, 8)})`),
        h('span', { class: 'm' }, [d.published ?? 'undated', plural(d.quotes, 'quote'), plural(d.events, 'event')].join(' · ')),
      ),
    );

  async function loadList(reset: boolean): Promise<void> {
    const seq = ++loadSeq;
    if (reset) offset = 0;
    more.hidden = true;
    try {
      const page = await getJson<Page<DocumentSummary>>('/api/documents', { title: filter.value.trim(), limit: PAGE, offset });
      if (seq !== loadSeq) return;
      if (reset) clear(list);
      for (const d of page.items) list.append(docLink(d));
      if (reset && page.items.length === 0) list.append(h('li', { class: 'empty' }, filter.value ? 'No title matches.' : 'No documents yet: ingest some with herald ingest.'));
      offset += page.items.length;
      more.hidden = !page.more;
      if (reset && !current && page.items.length && !filter.value) void openDoc(page.items[0].id);
    } catch (e) {
      if (seq === loadSeq) list.replaceChildren(h('li', {}, errorBox((e as Error).message)));
    }
  }

  async function openDoc(id: string, select?: string): Promise<void> {
    current = id;
    for (const a of list.querySelectorAll<HTMLAnchorElement>('a[data-id]')) a.setAttribute('aria-current', a.dataset.id === id ? 'true' : 'false');
    pane.replaceChildren(h('p', { class: 'loading' }, 'Loading the article…'));
    try {
      const doc = await getJson<DocumentIn>(`/api/documents/${encodeURIComponent(id)}`);
      if (current !== id) return;
      pane.replaceChildren(
        h('div', { class: 'article-head' }, h('h3', {}, doc.meta?.title || firstLine(doc.text ?? '') || 'Untitled article'), metaLine(doc)),
        renderArticle(doc, { select }),
      );
    } catch (e) {
      if (current === id) pane.replaceChildren(errorBox((e as Error).message));
    }
  }

  return {
    title: 'Articles',
    mount(root, ctx) {
      filter = h('input', { type: 'search', placeholder: 'words in the title', 'aria-controls': 'doclist' });
      let t: number | undefined;
      filter.addEventListener('input', () => {
        clearTimeout(t);
        t = window.setTimeout(() => void loadList(true), 250);
      });
      list = h('ul', { class: 'doclist', id: 'doclist', 'aria-label': 'Articles' });
      more = h('button', { type: 'button', class: 'secondary more', hidden: true }, 'More articles');
      more.addEventListener('click', () => void loadList(false));
      pane = h('section', { 'aria-label': 'Article' });
      root.append(
        h('h2', { class: 'view-title', tabindex: -1 }, 'Articles'),
        h('p', { class: 'lead' }, 'Each stored article with its people, organisations and places, quotes and events highlighted.'),
        h(
          'div',
          { class: 'articles' },
          h('nav', { class: 'card', 'aria-label': 'Stored articles' }, h('label', { class: 'field' }, 'Filter by title', filter), list, more),
          pane,
        ),
      );
      current = null;
      this.update?.(ctx);
      void loadList(true);
    },
    update(ctx: RouteContext) {
      const id = ctx.path[0];
      if (id) void openDoc(id, ctx.params.get('select') ?? undefined);
      else if (current === null) pane.replaceChildren(h('p', { class: 'empty' }, 'Choose an article.'));
      return true;
    },
  };
}
