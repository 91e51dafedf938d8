/** Analyze: paste an article, see it annotated (POST /api/analyze; nothing is stored). */
import { postJson, type DocumentIn } from '../api.js';
import { renderArticle } from '../annotate.js';
import { errorBox, field, h, plural } from '../dom.js';
import type { View } from '../view.js';

const SAMPLE = `Iran’s supreme leader Ayatollah Ali Khamenei on Tuesday called Israel a “cancerous tumor” and said the Palestinian uprising would continue.

“The people of Palestine will not give up,” Khamenei told the conference in Tehran.

The United States imposed new sanctions on Iran on Friday, the Treasury Department said.`;

export function analyzeView(): View {
  return {
    title: 'Analyze',
    mount(root) {
      const text = h('textarea', { name: 'text', 'aria-required': 'true', spellcheck: 'false' });
      const title = h('input', { type: 'text', name: 'title' });
      const published = h('input', { type: 'date', name: 'published' });
      const go = h('button', { type: 'submit' }, 'Analyze');
      const sample = h('button', { type: 'button', class: 'secondary' }, 'Use a sample');
      const status = h('p', { class: 'note', 'aria-live': 'polite' });
      const out = h('section', { class: 'result', 'aria-label': 'Analysis' });
      sample.addEventListener('click', () => {
        text.value = SAMPLE;
        if (!published.value) published.value = '2017-02-21';
        text.focus();
      });
      const form = h(
        'form',
        { class: 'card analyze-form' },
        field('Article text', text, true),
        h('div', { class: 'row' }, field('Title (optional)', title, true), field('Published (optional)', published), go, sample),
        status,
      );
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        if (!text.value.trim()) {
          out.replaceChildren(errorBox('Paste the text of an article first.'));
          text.focus();
          return;
        }
        go.disabled = true;
        status.textContent = 'Analyzing… (the first text loads the models, which takes a few seconds)';
        out.replaceChildren();
        const t0 = performance.now();
        try {
          const doc = await postJson<DocumentIn>('/api/analyze', {
            text: text.value,
            ...(title.value.trim() ? { title: title.value.trim() } : {}),
            ...(published.value ? { published: published.value } : {}),
          });
          status.textContent = `Analyzed in ${((performance.now() - t0) / 1000).toFixed(1)} s.`;
          out.replaceChildren(
            h('h3', {}, doc.meta?.title || 'Result'),
            h(
              'p',
              { class: 'counts' },
              h('span', {}, plural(doc.sentences?.length ?? 0, 'sentence')),
              h('span', {}, plural(doc.entities?.length ?? 0, 'entity', 'entities')),
              h('span', {}, plural(doc.quotes?.length ?? 0, 'quote')),
              h('span', {}, plural(doc.events?.length ?? 0, 'event')),
            ),
            renderArticle(doc),
          );
        } catch (e) {
          status.textContent = '';
          out.replaceChildren(errorBox((e as Error).message));
        } finally {
          go.disabled = false;
        }
      });
      root.append(
        h('h2', { class: 'view-title', tabindex: -1 }, 'Analyze an article'),
        h('p', { class: 'lead' }, 'Paste the text of a news article to see its entities, quotes and events. Nothing is stored.'),
        form,
        out,
      );
    },
  };
}
