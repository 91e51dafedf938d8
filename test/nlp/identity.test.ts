/**
 * The NLP core's outputs are pinned: every tag, lemma, arc, sentence break and NER span (with its score) of the
 * shipped models on the examples, and on the shared dev sets (UD EWT and GUM dev, CoNLL-2003 testa) where
 * ../shared is present, must stay byte-identical to the reference digests in identity.digests.json (made by
 * `node --import tsx test/nlp/identity.ts` before the src/nlp refactoring of issue 15). A change that means to
 * alter outputs regenerates them and says so in its commit.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadNlpResources } from '../../src/nlp/stage.js';
import { digests, dumpText, repoRoot } from './identity.js';

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));
const reference = JSON.parse(readFileSync(here('identity.digests.json'), 'utf8')) as Record<string, string>;

test('NLP outputs on the first lines of the seed article are as pinned (readable diff)', () => {
  const text = readFileSync(join(repoRoot, 'examples', 'seed-article.txt'), 'utf8').split('\n').slice(0, 12).join('\n');
  assert.equal(`${dumpText(text, loadNlpResources())}\n`, readFileSync(here('fixtures/seed-sample.nlp.txt'), 'utf8'));
});

test('NLP outputs on the examples and the shared dev sets are byte-identical to the reference', (t) => {
  const shared = join(repoRoot, '..', 'shared', 'data');
  const have = existsSync(shared) ? shared : null;
  if (!have) t.diagnostic('../shared/data absent: the examples only');
  const got = digests(loadNlpResources(), have);
  for (const [name, d] of Object.entries(got)) {
    assert.ok(reference[name], `no reference digest for ${name}`);
    assert.equal(d, reference[name], `${name}: NLP outputs changed (node --import tsx test/nlp/identity.ts --dump DIR to see them)`);
  }
  assert.ok(Object.keys(got).length >= 20);
});
