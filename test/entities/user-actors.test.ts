/** A user's own actors file (`--actors FILE`): it extends and overrides the shipped KB; bad files say what to fix. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPipeline, loadResources } from '../../src/pipeline/analyze.js';
import { loadUserActors } from '../../src/entities/user-actors.js';
import { HeraldError } from '../../src/text/errors.js';
import { tempDir } from '../helpers/temp.js';

const FILE = 'test/fixtures/actors/my-actors.json';
const TEXT = 'Ursula von der Leyen met Kim Jong-un in Brussels on Monday.';

const coded = (pipeline: ReturnType<typeof createPipeline>, published: string) => {
  const r = pipeline.analyze(TEXT, { published });
  return {
    people: r.entities.filter((e) => e.type === 'PERSON').map((e) => [e.name, e.actor?.code ?? null]),
    events: r.events.map((e) => `${e.cameo.code} ${e.source?.actor?.code ?? '-'}>${e.target?.actor?.code ?? '-'}`),
  };
};

test('without a file, the 2016 dictionaries code von der Leyen as a German minister and know no Kim Jong-un', () => {
  const r = coded(createPipeline(loadResources({ actors: null })), '2024-03-04');
  assert.deepEqual(r.people, [['Ursula von der Leyen', 'DEUGOVLAB'], ['Kim Jong-un', null]]);
});

test("the user's file codes new actors and overrides old ones, with dated roles", () => {
  const pipeline = createPipeline(loadResources({ actors: loadUserActors(FILE) }));
  assert.deepEqual(coded(pipeline, '2024-03-04'), {
    people: [['Ursula von der Leyen', 'IGOEEC'], ['Kim Jong-un', 'PRKGOV']],
    events: ['040 IGOEEC>PRKGOV', '040 PRKGOV>IGOEEC'],
  });
  assert.deepEqual(coded(pipeline, '2015-06-01').people, [['Ursula von der Leyen', 'DEUGOV'], ['Kim Jong-un', 'PRKGOV']]);
});

test('a broken actors file is refused with the file, the entry and the fix', () => {
  const dir = tempDir('herald-actors-');
  const bad = (name: string, body: string): string => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };
  const cases: [string, RegExp][] = [
    [bad('a.json', '{"actors": [{"name": "X"}]}'), /actors\[0\] \("X"\): give a "code"/],
    [bad('b.json', '{"actors": [{"name": "X", "code": "korea"}]}'), /"korea" is no CAMEO actor code/],
    [bad('c.json', '{"actors": '), /not valid JSON; an actors file holds/],
    [bad('d.json', '{"actors": [{"name": "X", "roles": [{"code": "PRKGOV", "from": "2024"}]}]}'), /roles\[0\]\.from must be an ISO date/],
    [bad('e.json', '{"demonyms": {"azeri": "Azerbaijan"}}'), /demonym "azeri" needs a three-letter country code/],
    [join(dir, 'missing.json'), /cannot read the actors file \(ENOENT\); check the --actors path/],
  ];
  for (const [path, message] of cases) {
    assert.throws(() => loadUserActors(path), (e: unknown) => e instanceof HeraldError && message.test(e.message) && e.message.startsWith(path));
  }
});
