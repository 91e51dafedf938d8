import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyTokenLayer, uposIndex, type Doc } from '../../src/doc/doc.js';
import { parseView, reportedClause, subjectOf } from '../../src/quotes/parse.js';

/** A hand-parsed Doc: "Officials warned that the deal would collapse." */
function parsedDoc(): Doc {
  const text = 'Officials warned that the deal would collapse.';
  const words: [string, string, number, string][] = [
    ['Officials', 'NOUN', 1, 'nsubj'],
    ['warned', 'VERB', -1, 'root'],
    ['that', 'SCONJ', 6, 'mark'],
    ['the', 'DET', 4, 'det'],
    ['deal', 'NOUN', 6, 'nsubj'],
    ['would', 'AUX', 6, 'aux'],
    ['collapse', 'VERB', 1, 'ccomp'],
    ['.', 'PUNCT', 1, 'punct'],
  ];
  const t = emptyTokenLayer(words.length);
  let at = 0;
  words.forEach(([form, upos, head, rel], i) => {
    const s = text.indexOf(form, at);
    t.start[i] = s;
    t.end[i] = s + form.length;
    at = s + form.length;
    t.form[i] = form;
    t.upos[i] = uposIndex(upos);
    t.head[i] = head;
    t.deprel[i] = rel;
  });
  return { id: 'x', text, meta: {}, tokens: t, sentences: [{ start: 0, end: text.length, tokenStart: 0, tokenEnd: words.length }] };
}

test('the reported clause is the ccomp subtree of the cue verb; the speaker its nsubj', () => {
  const doc = parsedDoc();
  const v = parseView(doc);
  assert.ok(v);
  const cue = { start: 10, end: 16 };
  const clause = reportedClause(v, cue);
  assert.ok(clause);
  assert.equal(doc.text.slice(clause.start, clause.end), 'that the deal would collapse');
  const subj = subjectOf(v, cue);
  assert.ok(subj);
  assert.equal(doc.text.slice(subj.start, subj.end), 'Officials');
});

test('no parse, no view', () => {
  const doc = parsedDoc();
  doc.tokens.head.fill(-2);
  assert.equal(parseView(doc), null);
});
