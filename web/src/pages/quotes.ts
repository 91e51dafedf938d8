/** Quotes: search by speaker and words (and dates), grouped by speaker. */
import { getJson, query, type Page, type QuoteRow } from '../api.js';
import { clear, errorBox, field, fmt, h, plural } from '../dom.js';
import { go, type View } from '../view.js';

/** Quotes to a page: about two screens on a laptop. */
const PAGE = 20;
/** The confidence filter's choices: [min_confidence, label]. */
const CONFIDENCE: [string, string][] = [
  ['', 'any'],
  ['0.5', '0.5 or more'],
  ['0.8', '0.8 or more (likely right)'],
  ['0.9', '0.9 or more'],
];
/** Group title of the quotes without a speaker. */
const UNKNOWN = 'Unknown speaker';

export function quotesView(): View {
  return {
    title: 'Quotes',
    mount(root, ctx) {
      const p = ctx.params;
      const speaker = h('input', { type: 'search', name: 'speaker', value: p.get('speaker') ?? '', placeholder: 'e.g. Khamenei' });
      const words = h('input', { type: 'search', name: 'text', value: p.get('text') ?? '', placeholder: 'e.g. sanctions' });
      const since = h('input', { type: 'date', name: 'since', value: p.get('since') ?? '' });
      const until = h('input', { type: 'date', name: 'until', value: p.get('until') ?? '' });
      // the quotes' confidence is calibrated (on news-gold dev, 99% of the quotes at 0.8 or more were right)
      const asked = p.get('min_confidence') ?? '';
      const confidence = h(
        'select',
        { name: 'min_confidence' },
        CONFIDENCE.map(([value, label]) => h('option', { value, selected: value === asked }, label)),
      );
      const form = h(
        'form',
        { class: 'filters', role: 'search', 'aria-label': 'Search quotes' },
        field('Speaker', speaker),
        field('Words in the quote', words, true),
        field('From', since),
        field('To', until),
        field('Confidence', confidence),
        h('button', { type: 'submit' }, 'Search'),
      );
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        go('#/quotes' + query({ speaker: speaker.value.trim(), text: words.value.trim(), since: since.value, until: until.value, min_confidence: confidence.value }));
      });
      const summary = h('p', { class: 'note', 'aria-live': 'polite' });
      const results = h('div', { class: 'quote-results' });
      const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of quotes', hidden: true });
      root.append(
        h('h2', { class: 'view-title', tabindex: -1 }, 'Quotes'),
        h('p', { class: 'lead' }, `Who said what: direct and reported speech with its speaker, newest first, ${PAGE} to a page, grouped by speaker.`),
        form,
        summary,
        results,
        pager,
      );

      const filters = { speaker: p.get('speaker') ?? '', text: p.get('text') ?? '', since: p.get('since') ?? '', until: p.get('until') ?? '', min_confidence: asked };
      const pageNo = Math.max(1, Math.min(100_000, Math.floor(Number(p.get('page'))) || 1));
      const offset = (pageNo - 1) * PAGE;
      const pageLink = (n: number, text: string, rel: string): HTMLElement =>
        h('a', { class: 'button secondary', href: '#/quotes' + query({ ...filters, page: n > 1 ? n : '' }), rel }, text);

      const render = (rows: QuoteRow[], hasMore: boolean): void => {
        clear(results);
        const groups = new Map<string, QuoteRow[]>();
        for (const r of rows) {
          const k = r.speaker ?? UNKNOWN;
          let g = groups.get(k);
          if (!g) groups.set(k, (g = []));
          g.push(r);
        }
        // speakers with most quotes first; the quotes nobody could be found for (the least reliable) last
        const last = (k: string): number => (k === UNKNOWN ? 1 : 0);
        const sorted = [...groups.entries()].sort((a, b) => last(a[0]) - last(b[0]) || b[1].length - a[1].length || a[0].localeCompare(b[0]));
        const speakers = groups.size - (groups.has(UNKNOWN) ? 1 : 0);
        const by = speakers ? ` by ${plural(speakers, 'speaker')}` : '';
        const unknown = groups.get(UNKNOWN)?.length ?? 0;
        const without = unknown && speakers ? ` (${fmt.format(unknown)} with no known speaker)` : '';
        if (!rows.length) summary.textContent = offset ? `No quotes on page ${pageNo}.` : 'No quotes match.';
        else if (offset === 0 && !hasMore) summary.textContent = `${plural(rows.length, 'quote')}${by}${without}`;
        else summary.textContent = `Quotes ${fmt.format(offset + 1)}–${fmt.format(offset + rows.length)}${hasMore ? '' : ` of ${fmt.format(offset + rows.length)}`} (page ${pageNo})${by}${without}`;
        for (const [name, qs] of sorted) {
          results.append(
            h(
              'section',
              { class: 'speaker-group card', 'aria-label': `Quotes by ${name}` },
              h('h3', {}, name, h('span', { class: 'n' }, plural(qs.length, 'quote'))),
              qs.map((q) =>
                h(
                  'div',
                  { class: 'quote-item' },
                  h('blockquote', {}, q.text),
                  h(
                    'div',
                    { class: 'src' },
                    [q.date ?? 'undated', q.cue ? `cue: ${q.cue}` : '', q.kind ?? '', q.confidence !== null ? `confidence ${q.confidence.toFixed(2)}` : ''].filter(Boolean).join(' · '),
                    ' · ',
                    h('a', { href: `#/articles/${q.document}?select=${encodeURIComponent(q.quote)}` }, q.title || 'the article'),
                  ),
                ),
              ),
            ),
          );
        }
        pager.replaceChildren(
          pageNo > 1 ? pageLink(pageNo - 1, '← Newer quotes', 'prev') : '',
          h('span', { class: 'page-no' }, `Page ${fmt.format(pageNo)}`),
          hasMore ? pageLink(pageNo + 1, 'Older quotes →', 'next') : '',
        );
        pager.hidden = pageNo === 1 && !hasMore;
      };
      summary.textContent = 'Loading…';
      getJson<Page<QuoteRow>>('/api/quotes', { ...filters, limit: PAGE, offset }).then(
        (page) => render(page.items, page.more),
        (e: Error) => {
          results.replaceChildren(errorBox(e.message));
          summary.textContent = '';
        },
      );
    },
  };
}
