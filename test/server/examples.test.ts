/**
 * The example corpus: the GUM → Wikinews rebuild (paragraphs, title, date, captions left out) on a small
 * CoNLL-U sample, and the shipped examples/ folder (every record complete and credited in its README).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newsArticles } from '../../scripts/build-examples.js';

const examples = fileURLToPath(new URL('../../examples', import.meta.url));

const SAMPLE = `# newdoc id = GUM_academic_x
# meta::title = Not news
# text = Skipped.
1	Skipped	skip	VERB	VB	_	0	root	_	_

# newdoc id = GUM_news_demo
# meta::dateCreated = 2015-05-18
# meta::sourceURL = https://en.wikinews.org/wiki/Demo
# meta::title = Demo headline
# newpar
# newpar_block = head (1 s)
# sent_id = GUM_news_demo-1
# text = Demo headline
1	Demo	demo	NOUN	NN	_	0	root	_	_

# newpar
# newpar_block = p (2 s)
# text = First sentence.
1	First	first	ADJ	JJ	_	0	root	_	_

# text = Second one.
1	Second	second	ADJ	JJ	_	0	root	_	_

# newpar
# newpar_block = figure rend:::"photo" (1 s) | caption (1 s)
# text = A caption.
1	A	a	DET	DT	_	0	root	_	_

# newpar
# newpar_block = quote (1 s)
# text = "A quoted paragraph."
1	A	a	DET	DT	_	0	root	_	_

`;

test('news documents become articles: paragraphs, title, date and URL; captions left out', () => {
  assert.deepEqual(newsArticles(SAMPLE), [
    {
      name: 'demo',
      title: 'Demo headline',
      published: '2015-05-18',
      url: 'https://en.wikinews.org/wiki/Demo',
      text: 'First sentence. Second one.\n\n"A quoted paragraph."\n',
    },
  ]);
});

test('the shipped examples are complete records, each credited in examples/README.md', () => {
  const readme = readFileSync(join(examples, 'README.md'), 'utf8');
  assert.match(readme, /CC BY 2\.5/);
  const files = readdirSync(examples).filter((f) => f.startsWith('wikinews-'));
  assert.ok(files.length >= 20, `${files.length} Wikinews examples`);
  assert.ok(readdirSync(examples).includes('seed-article.txt'));
  for (const f of files) {
    const r = JSON.parse(readFileSync(join(examples, f), 'utf8')) as Record<string, string>;
    for (const k of ['text', 'title', 'published', 'url', 'source']) assert.equal(typeof r[k], 'string', `${f}: ${k}`);
    assert.match(r.published, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(r.url, /^https:\/\/en\.wikinews\.org\/wiki\//);
    assert.ok(r.text.length > 500, `${f} has text`);
    assert.ok(readme.includes(`\`${f}\``) && readme.includes(r.url), `${f} is credited`);
  }
});
