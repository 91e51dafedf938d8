/**
 * Publication dates (issue 13): the article's metadata first, then --date, a dateline, the HTML <meta> date, a
 * date in the file name; `dateSource` records which, 'none' when nothing dates the article. Impossible dates
 * are named as such (issue 14).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datedMeta, readArticles, readInput } from '../../src/text/inputs.js';
import { dateFromFileName, datePublication, isoDateProblem, undatedWarning } from '../../src/time/publication.js';
import { tempDir } from '../helpers/temp.js';

const NOW = new Date('2026-12-01T00:00:00Z');

test('a date in the file name: ISO, underscores, dots or 8 digits; real days only; the name, not the folders', () => {
  assert.equal(dateFromFileName('/news/nyt_2016-10-23_trump-rally.txt'), '2016-10-23');
  assert.equal(dateFromFileName('reuters_2016_10_23.txt'), '2016-10-23');
  assert.equal(dateFromFileName('2016.10.23 story.html'), '2016-10-23');
  assert.equal(dateFromFileName('ap-20161023-1.txt'), '2016-10-23');
  assert.equal(dateFromFileName('/2016-10-23/story.txt'), null);
  assert.equal(dateFromFileName('nyt_2016-02-30.txt'), null);
  assert.equal(dateFromFileName('id_120161023.txt'), null);
  assert.equal(dateFromFileName('mixed_2016-10_23.txt'), null);
  assert.equal(dateFromFileName('article.txt'), null);
});

test('precedence: metadata, --date, dateline, HTML <meta>, file name, none', () => {
  const dateline = 'TEHRAN, Feb 21 (Reuters) - Iran said on Tuesday it would respond.';
  const plain = 'Iran said on Tuesday it would respond.';
  const hints = { option: '2018-01-01', html: '2015-05-05T10:00:00Z', fileName: 'x_2014-04-04.txt' };
  assert.deepEqual(datePublication({ published: '2017-02-21', title: 'T' }, dateline, hints, NOW), { published: '2017-02-21', title: 'T', dateSource: 'meta' });
  assert.deepEqual(datePublication({}, dateline, hints, NOW), { published: '2018-01-01', dateSource: 'option' });
  assert.deepEqual(datePublication({}, dateline, { ...hints, option: undefined }, NOW), { published: '2026-02-21', dateSource: 'dateline' });
  assert.deepEqual(datePublication({}, plain, { ...hints, option: undefined }, NOW), { published: '2015-05-05', dateSource: 'html' });
  assert.deepEqual(datePublication({}, plain, { fileName: hints.fileName }, NOW), { published: '2014-04-04', dateSource: 'filename' });
  assert.deepEqual(datePublication({ title: 'T' }, plain, {}, NOW), { title: 'T', dateSource: 'none' });
  // an impossible date in the metadata is no date
  assert.deepEqual(datePublication({ published: '2017-02-30' }, plain, { fileName: hints.fileName }, NOW), { published: '2014-04-04', dateSource: 'filename' });
  // a source already recorded is kept (the pipeline runs this again on what the CLI resolved)
  assert.deepEqual(datePublication({ published: '2014-04-04', dateSource: 'filename' } as never, plain, {}, NOW), { published: '2014-04-04', dateSource: 'filename' });
});

test('files: an HTML page\'s <meta> date comes after a dateline; a sidecar beats everything', () => {
  const dir = tempDir('herald-dates-');
  const page = (body: string): string =>
    `<html><head><title>Story</title><meta property="article:published_time" content="2015-05-05T08:00:00Z"></head><body><article>${body}</article></body></html>`;
  const lead = '<p>Iran said on Tuesday that it would respond to the new sanctions within days, officials said.</p><p>More text follows here to make a body.</p>';
  writeFileSync(join(dir, 'meta-only.html'), page(lead));
  writeFileSync(join(dir, 'with-dateline_2014-04-04.html'), page(`<p>BONN 1996-08-30</p>${lead}`));
  writeFileSync(join(dir, 'nyt_2016-10-23_x.txt'), 'Trump spoke on Sunday.');
  writeFileSync(join(dir, 'side_2016-10-23.txt'), 'Trump spoke on Sunday.');
  writeFileSync(join(dir, 'side_2016-10-23.meta.json'), '{"published": "2016-10-24"}');
  const meta = (f: string, date?: string): unknown => {
    const m: Record<string, unknown> = { ...datedMeta(readArticles(join(dir, f))[0], date) };
    delete m.path;
    delete m.title;
    return m;
  };
  assert.deepEqual(meta('meta-only.html'), { published: '2015-05-05', dateSource: 'html' });
  assert.deepEqual(meta('with-dateline_2014-04-04.html'), { published: '1996-08-30', dateSource: 'dateline' });
  assert.deepEqual(meta('nyt_2016-10-23_x.txt'), { published: '2016-10-23', dateSource: 'filename' });
  assert.deepEqual(meta('nyt_2016-10-23_x.txt', '2020-01-01'), { published: '2020-01-01', dateSource: 'option' });
  assert.deepEqual(meta('side_2016-10-23.txt', '2020-01-01'), { published: '2016-10-24', dateSource: 'meta' });
});

test('JSON Lines: the bad lines are listed by number, the good ones kept; readArticles throws on the first', () => {
  const dir = tempDir('herald-jsonl-');
  const f = join(dir, 'feed_2016-10-23.jsonl');
  writeFileSync(f, '{"text": "One."}\n{"text": \n\n{"text": 3}\n{"text": "Four.", "published": "2017-01-02"}\n');
  const { articles, bad } = readInput(f);
  assert.deepEqual(articles.map((a) => [a.label, a.text]), [[`${f}:1`, 'One.'], [`${f}:5`, 'Four.']]);
  assert.deepEqual(bad.map((b) => b.label), [`${f}:2`, `${f}:4`]);
  assert.match(bad[0].reason, new RegExp(`^${f}:2: not valid JSON \\(.+\\); each line must be one article object$`));
  assert.equal(bad[1].reason, `${f}:4: a JSON article needs a "text" string field ({"text": "...", "title": ..., "published": "YYYY-MM-DD"})`);
  // the file's date is not each line's: one feed holds many days
  assert.deepEqual(datedMeta(articles[0]), { dateSource: 'none' });
  assert.throws(() => readArticles(f), { message: bad[0].reason });
  // a line over the per-document limit is one bad line too
  const small = readInput(f, { maxBytes: 4 });
  assert.deepEqual(small.articles.map((a) => a.text), ['One.']);
  assert.equal(small.bad[2].reason, `${f}:5: 0 MB is over the 0 MB limit for one document (news articles are well under 1 MB); split it into articles (one file each, or JSON Lines), or raise the limit with --max-doc MB`);
});

test('impossible dates are named', () => {
  assert.equal(isoDateProblem('2017-02-21'), null);
  assert.equal(isoDateProblem('2016-02-29'), null);
  assert.equal(isoDateProblem('2017-13-45'), 'month 13 does not exist');
  assert.equal(isoDateProblem('2017-02-29'), '2017-02 has no day 29');
  assert.equal(isoDateProblem('2017-04-00'), '2017-04 has no day 00');
  assert.equal(isoDateProblem('21/02/2017'), 'not a date like 2017-02-21');
  assert.equal(isoDateProblem('2017-02-21T10:00'), 'not a date like 2017-02-21');
});

test('the undated warning names the article and both fixes (no sidecar for a line or stdin)', () => {
  assert.equal(
    undatedWarning('news/a.txt'),
    'news/a.txt: no publication date (none in its metadata, a dateline, an HTML <meta> tag or the file name); actor roles were resolved without one — give --date YYYY-MM-DD or a sidecar news/a.meta.json',
  );
  assert.equal(undatedWarning('feed.jsonl:3').endsWith('give --date YYYY-MM-DD'), true);
  assert.equal(undatedWarning('-').endsWith('give --date YYYY-MM-DD'), true);
});
