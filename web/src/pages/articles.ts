/** Articles: the stored documents (filter by title) and one article with its layers highlighted. */
import { ApiError, getJson, type DocumentIn, type DocumentSummary, type Page } from '../api.js';
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
  /** The first article of the unfiltered list, opened at #/articles. */
  let newest: string | null = null;

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
      if (reset && !filter.value) newest = page.items[0]?.id ?? null;
    } catch (e) {
      if (seq === loadSeq) list.replaceChildren(h('li', {}, errorBox((e as Error).message)));
    }
  }

  /** The page for an address that names no stored article (cut short, mistyped, or from another database). */
  const notFound = (): HTMLElement =>
    h(
      'div',
      { class: 'card not-found' },
      h('h3', {}, 'Article not found'),
      h('p', {}, 'No article in this database has this address. The link may have been cut short or mistyped, or it may come from another Herald database.'),
      h('p', {}, h('a', { href: '#/articles' }, 'Open the newest article'), ' or choose one from the list.'),
    );

  async function openDoc(id: string, select?: string): Promise<void> {
    current = id;
    for (const a of list.querySelectorAll<HTMLAnchorElement>('a[data-id]')) a.setAttribute('aria-current', a.dataset.id === id ? 'true' : 'false');
    // Stored articles are named by the sha256 of their text; anything else cannot be one.
    if (!/^[0-9a-f]{64}$/.test(id)) {
      pane.replaceChildren(notFound());
      return;
    }
    pane.replaceChildren(h('p', { class: 'loading' }, 'Loading the article…'));
    try {
      const doc = await getJson<DocumentIn>(`/api/documents/${encodeURIComponent(id)}`);
      if (current !== id) return;
      pane.replaceChildren(
        h('div', { class: 'article-head' }, h('h3', {}, doc.meta?.title || firstLine(doc.text ?? '') || 'Untitled article'), metaLine(doc)),
        renderArticle(doc, { select }),
      );
    } catch (e) {
      if (current !== id) return;
      pane.replaceChildren(e instanceof ApiError && e.status === 404 ? notFound() : errorBox((e as Error).message));
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
      else if (newest && current !== newest) void openDoc(newest);
      else if (current === null) pane.replaceChildren(h('p', { class: 'empty' }, 'Choose an article.'));
      return true;
    },
  };
}
