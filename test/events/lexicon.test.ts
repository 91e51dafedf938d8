// Tests of the compiled verb lexicon and CAMEO/PLOVER table (data/verbs.json, data/cameo.json). They read only
// the committed files under data/, so they run without ../shared; the last test rebuilds the dictionaries from
// ../shared when it is there and checks the committed files are exactly what the build writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataPath, packageRoot, sharedDataPath } from '../../src/nlp/paths.js';
import {
  cameoInfo,
  loadCameoTable,
  loadVerbLexicon,
  ploverFor,
  ploverV05to20,
  type VerbPattern,
} from '../../src/events/lexicon.js';

const byLine = (patterns: VerbPattern[], line: number): VerbPattern => {
  const p = patterns.find((x) => x.line === line);
  assert.ok(p, `no pattern at line ${line}`);
  return p;
};

test('cameoInfo: 163 is root 16, material conflict, Goldstein -8', () => {
  assert.deepEqual(cameoInfo('163'), {
    code: '163',
    name: 'Impose embargo, boycott, or sanctions',
    root: '16',
    goldstein: -8,
    quadClass: 4,
  });
  assert.deepEqual(cameoInfo('042'), { code: '042', name: 'Make a visit', root: '04', goldstein: 1.9, quadClass: 1 });
  assert.equal(cameoInfo('999'), undefined);
  assert.equal(cameoInfo('42'), undefined, 'CAMEO codes keep their leading zero');
});

test('quad class follows the root: 01-05 -> 1, 06-09 -> 2, 10-14 -> 3, 15-20 -> 4', () => {
  const expect: [string, number][] = [
    ['010', 1], ['057', 1], ['061', 2], ['09', 2], ['094', 2], ['100', 3], ['145', 3], ['150', 4], ['204', 4],
  ];
  for (const [code, quad] of expect) assert.equal(cameoInfo(code)?.quadClass, quad, code);
  const t = loadCameoTable();
  for (const code of t.codes()) {
    const info = t.cameoInfo(code);
    assert.ok(info);
    assert.equal(info.root, code.slice(0, 2));
    const r = Number(info.root);
    assert.equal(info.quadClass, r <= 5 ? 1 : r <= 9 ? 2 : r <= 14 ? 3 : 4, code);
  }
});

test('Goldstein scores come from the table', () => {
  assert.equal(cameoInfo('010')?.goldstein, 0);
  assert.equal(cameoInfo('145')?.goldstein, -7.5);
  assert.equal(cameoInfo('0874')?.goldstein, 10);
  assert.equal(cameoInfo('186')?.goldstein, -10);
});

test('ploverFor: 163 is SANCTION, 042 is CONSULT visit', () => {
  assert.deepEqual(ploverFor('163'), { type: 'SANCTION', mode: 'discontinue', context: ['economic'] });
  assert.deepEqual(ploverFor('042'), { type: 'CONSULT', mode: 'visit', context: [] });
  assert.deepEqual(ploverFor('043'), { type: 'CONSULT', mode: 'visit', context: [] });
  assert.deepEqual(ploverFor('094'), { type: 'ACCUSE', mode: 'investigate', context: ['military', 'legal'] });
});

test('ploverFor reads CAMEO2PLOVER quirks: 08 split, rows under another root, dropped 01/02', () => {
  assert.equal(ploverFor('081')?.type, 'CONCEDE');
  assert.equal(ploverFor('084')?.type, 'RETREAT');
  assert.deepEqual(ploverFor('0874'), { type: 'RETREAT', mode: 'disarm', context: ['military'] });
  // 191 is listed under the "17:" heading of the file
  assert.deepEqual(ploverFor('191'), { type: 'COERCE', mode: 'restrict', context: ['military'] });
  // 175's mode slot holds a context in the file
  assert.deepEqual(ploverFor('175'), { type: 'ASSAULT', mode: '', context: ['military', 'pro_autocracy'] });
  assert.deepEqual(ploverFor('186'), { type: 'ASSAULT', mode: 'targeted', context: [] });
  assert.equal(ploverFor('010'), null);
  assert.equal(ploverFor('0214'), null);
  assert.equal(ploverFor('999'), null);
});

test('every PLOVER type is one of the 16 PLOVER 2.0 types', () => {
  const t = loadCameoTable();
  assert.equal(t.ploverTypes.length, 16);
  let mapped = 0;
  for (const code of t.codes()) {
    const p = t.ploverFor(code);
    if (code.startsWith('01') || code.startsWith('02')) {
      assert.equal(p, null, code);
      continue;
    }
    assert.ok(p, `${code} has no PLOVER mapping`);
    assert.ok(t.ploverTypes.includes(p.type), `${code}: ${p.type}`);
    mapped++;
  }
  assert.ok(mapped > 250, `only ${mapped} codes mapped`);
});

test('ploverV05to20 maps PLOVER 0.5b1 labels to 2.0 types', () => {
  assert.equal(ploverV05to20('DISAPPROVE'), 'ACCUSE');
  assert.equal(ploverV05to20('DEMAND'), 'REQUEST');
  assert.equal(ploverV05to20('FIGHT'), 'ASSAULT');
  assert.equal(ploverV05to20('INVESTIGATE'), 'ACCUSE');
  assert.equal(ploverV05to20('AGREE'), 'AGREE');
  assert.equal(ploverV05to20('SANCTION'), 'SANCTION');
  assert.equal(ploverV05to20('demand'), 'REQUEST');
  assert.equal(ploverV05to20('DOCUMENT'), null);
  assert.equal(ploverV05to20('NOT_A_LABEL'), null);
});

test('verb "impose": default 170, and a sanctions pattern -> 163', () => {
  const lex = loadVerbLexicon();
  const e = lex.lookup('impose');
  assert.ok(e);
  assert.equal(e.lemma, 'impose');
  assert.equal(e.block, 'IMPOSE');
  assert.equal(e.code, '170');
  const sanctions = e.patterns.filter((p) => p.objectWords.includes('sanctions'));
  assert.equal(sanctions.length, 1);
  assert.equal(sanctions[0].code, '163');
  assert.deepEqual(sanctions[0].after, [{ words: ['sanctions'], head: 'sanctions' }]);
  assert.equal(sanctions[0].verb, 'impose');
  // "impose taxes" is explicitly not an event
  assert.equal(e.patterns.find((p) => p.objectWords[0] === 'taxes')?.code, null);
  // a prepositional pattern: impose blockade (on goods) -> 143
  const blockade = e.patterns.find((p) => p.objectWords[0] === 'blockade');
  assert.ok(blockade);
  assert.equal(blockade.code, '143');
  assert.deepEqual(blockade.prepositions, ['on']);
  assert.deepEqual(blockade.afterPreps, [{ prep: 'on', terms: [{ words: ['goods'], head: 'goods' }] }]);
});

test('inflected and irregular forms find their lemma', () => {
  const lex = loadVerbLexicon();
  assert.equal(lex.lookup('imposed')?.lemma, 'impose');
  assert.equal(lex.lookup('imposing')?.lemma, 'impose');
  assert.equal(lex.lookup('levied')?.lemma, 'levy');
  assert.equal(lex.lookup('brought')?.lemma, 'bring');
  assert.equal(lex.lookup('Imposes')?.lemma, 'impose');
  assert.equal(lex.lookup('xyzzy'), undefined);
  assert.deepEqual(lex.lookup('levy')?.forms, ['levied', 'levies', 'levying']);
});

test('compound verbs keep their particles and codes', () => {
  const lex = loadVerbLexicon();
  const ask = lex.lookup('ask');
  assert.ok(ask);
  assert.equal(ask.code, '020');
  assert.deepEqual(
    ask.compounds.map((c) => [c.after, c.block, c.code]),
    [
      [['for'], 'ASK', '020'],
      [['for'], 'INVITE', '040'],
    ],
  );
  const call = lex.lookup('call');
  assert.ok(call?.compounds.some((c) => c.after[0] === 'off' && c.code === '160'));
});

test('[active:passive] codes, preposition-only phrases and synsets', () => {
  const lex = loadVerbLexicon();
  // ACCELERATE block, "- * (TO) [042:043]  # RUSH"
  const rush = byLine(lex.patterns('ACCELERATE'), 718);
  assert.equal(rush.code, '042');
  assert.equal(rush.passive, '043');
  assert.deepEqual(rush.afterPreps, [{ prep: 'to', terms: [] }]);
  assert.equal(rush.verb, 'rush');
  // "- &MILITARY * [154]": a synset before the verb
  const mil = lex.patterns('ACCELERATE').find((p) => p.before[0]?.head === '&MILITARY');
  assert.equal(mil?.code, '154');
  assert.ok(lex.synset('&MILITARY').some((m) => m.join(' ') === 'troops'));
  assert.ok(lex.synset('&MILITARY').some((m) => m.join(' ') === 'armed forces'));
  // block OFFEND [:110]: the subject receives the event
  const offend = lex.lookup('offend');
  assert.equal(offend?.code, null);
  assert.equal(offend?.passive, '110');
});

test('matchTerm expands synsets, including multi-word members', () => {
  const lex = loadVerbLexicon();
  const term = { words: ['&MILITARY'], head: '&MILITARY' };
  assert.equal(lex.matchTerm(term, ['the', 'armed', 'forces'], 2), 1);
  assert.equal(lex.matchTerm(term, ['the', 'troops'], 1), 1);
  assert.equal(lex.matchTerm(term, ['the', 'farmers'], 1), -1);
  const visa = { words: ['visa', 'requirement'], head: 'requirement' };
  assert.equal(lex.matchTerm(visa, ['new', 'visa', 'requirement'], 2), 1);
  assert.equal(lex.matchTerm(visa, ['new', 'requirement'], 1), -1);
  assert.equal(lex.matchWord('$', ['$'], 0), 0, 'markers are resolved by the coder, not matched as words');
});

test('transformations are kept', () => {
  const lex = loadVerbLexicon();
  assert.equal(lex.transformations.length, 8);
  assert.deepEqual(lex.transformations[0], {
    source: 'a',
    inner: { source: 'a', target: 'b', verb: 'attack' },
    verb: 'say',
    result: { source: 'a', target: 'b', code: '015' },
    line: 9178,
  });
});

test('PETR.Validate verbs compile with their test-only codes', () => {
  const lex = loadVerbLexicon(dataPath('petr-validate'));
  const abandon = lex.lookup('abandon');
  assert.ok(abandon);
  assert.equal(abandon.code, '345');
  // "- * NEW_&TIETYPES_RELATIONS [903]": underscores join words, the synset inside the phrase is kept
  const p = abandon.patterns.find((x) => x.code === '903');
  assert.deepEqual(p?.after, [{ words: ['new', '&TIETYPES', 'relations'], head: 'relations' }]);
  assert.equal(lex.matchTerm(p!.after[0], ['new', 'economic', 'relations'], 2), 0);
  // block ADMIT [013:012]
  assert.deepEqual([lex.lookup('admit')?.code, lex.lookup('admit')?.passive], ['013', '012']);
  // WIRE_+TAP: the verb word is "tap", "wire" precedes it
  assert.deepEqual(lex.lookup('tap')?.compounds.map((c) => [c.before, c.code]), [[['wire'], '1711']]);
  // codes with letters (WEIS-era test codes) are kept verbatim
  assert.ok(lex.lookup('accord')?.patterns.some((x) => x.code === '075A'));
});

test('committed dictionaries are exactly what the build writes', { skip: !existsSync(sharedDataPath('events/petrarch2/dictionaries/CAMEO.2.0.txt')) }, () => {
  const out = mkdtempSync(join(tmpdir(), 'herald-dict-'));
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-dictionaries.ts', '--out', out], {
      cwd: packageRoot(),
      stdio: 'pipe',
    });
    const files = ['actors.json.gz', 'agents.json', 'verbs.json', 'discards.json', 'cameo.json'];
    files.push(...readdirSync(join(out, 'petr-validate')).map((f) => `petr-validate/${f}`));
    for (const f of files) {
      assert.ok(readFileSync(join(out, f)).equals(readFileSync(dataPath(f))), `${f} differs from a fresh build`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
