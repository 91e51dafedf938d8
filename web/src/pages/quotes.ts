/** Quotes: search by speaker and words (and dates), grouped by speaker. */
import { getJson, query, type Page, type QuoteRow } from '../api.js';
import { clear, errorBox, field, fmt, h } from '../dom.js';
import { go, type View } from '../view.js';

const PAGE = 100;
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
      const form = h(
        'form',
        { class: 'filters', role: 'search', 'aria-label': 'Search quotes' },
        field('Speaker', speaker),
        field('Words in the quote', words, true),
        field('From', since),
        field('To', until),
        h('button', { type: 'submit' }, 'Search'),
      );
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        go('#/quotes' + query({ speaker: speaker.value.trim(), text: words.value.trim(), since: since.value, until: until.value }));
      });
      const summary = h('p', { class: 'note', 'aria-live': 'polite' });
      const results = h('div', { class: 'quote-results' });
      const more = h('button', { type: 'button', class: 'secondary more', hidden: true }, 'More quotes');
      root.append(
        h('h2', { class: 'view-title', tabindex: -1 }, 'Quotes'),
        h('p', { class: 'lead' }, 'Who said what: direct and reported speech with its speaker, newest first, grouped by speaker.'),
        form,
        summary,
        results,
        more,
      );

      const filters = { speaker: p.get('speaker') ?? '', text: p.get('text') ?? '', since: p.get('since') ?? '', until: p.get('until') ?? '' };
      const rows: QuoteRow[] = [];
      let offset = 0;
      const render = (hasMore: boolean): void => {
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
        summary.textContent = rows.length
          ? `${fmt.format(rows.length)}${hasMore ? '+' : ''} quotes by ${fmt.format(groups.size)} speakers`
          : 'No quotes match.';
        for (const [name, qs] of sorted) {
          results.append(
            h(
              'section',
              { class: 'speaker-group card', 'aria-label': `Quotes by ${name}` },
              h('h3', {}, name, h('span', { class: 'n' }, `${qs.length} quote${qs.length === 1 ? '' : 's'}`)),
              qs.map((q) =>
                h(
                  'div',
                  { class: 'quote-item' },
                  h('blockquote', {}, q.text),
                  h(
                    'div',
                    { class: 'src' },
                    [q.date ?? 'undated', q.cue ? `cue: ${q.cue}` : '', q.kind ?? ''].filter(Boolean).join(' · '),
                    ' · ',
                    h('a', { href: `#/articles/${q.document}?select=${encodeURIComponent(q.quote)}` }, q.title || 'the article'),
                  ),
                ),
              ),
            ),
          );
        }
        more.hidden = !hasMore;
      };
      const load = async (): Promise<void> => {
        more.disabled = true;
        try {
          const page = await getJson<Page<QuoteRow>>('/api/quotes', { ...filters, limit: PAGE, offset });
          rows.push(...page.items);
          offset += page.items.length;
          render(page.more);
        } catch (e) {
          results.replaceChildren(errorBox((e as Error).message));
          summary.textContent = '';
        } finally {
          more.disabled = false;
        }
      };
      more.addEventListener('click', () => void load());
      summary.textContent = 'Loading…';
      void load();
    },
  };
}
