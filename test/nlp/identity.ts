/**
 * Everything the shipped NLP models output, as text, for the identity check (test/nlp/identity.test.ts): a
 * refactoring of src/nlp must leave every tag, lemma, arc, sentence break and NER span (with its score) as it
 * was. Only APIs that every version of the code has are used (stage, readers), so the same dump runs on an older
 * checkout to make the reference.
 *
 *   node --import tsx test/nlp/identity.ts [--shared DIR] [--dump DIR]   prints the digests (--dump: and the outputs)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyTokenLayer, UPOS_TAGS, type Doc } from '../../src/doc/doc.js';
import { readConll2003 } from '../../src/nlp/conll2003.js';
import { readConllu } from '../../src/nlp/conllu.js';
import { loadNlpResources, nlpStage, type NlpResources } from '../../src/nlp/stage.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function docOf(text: string): Doc {
  return { id: '', text, meta: {}, tokens: emptyTokenLayer(0), sentences: [] };
}

/** The whole NLP stage on a text: one line per sentence (tokens with tags, lemma, head, label), then NER spans. */
export function dumpText(text: string, res: NlpResources): string {
  const doc = docOf(text);
  nlpStage(doc, res);
  const t = doc.tokens;
  const lines: string[] = [];
  for (const s of doc.sentences) {
    const toks: string[] = [];
    for (let i = s.tokenStart; i < s.tokenEnd; i++) {
      toks.push(`${t.start[i]}:${t.form[i]}/${UPOS_TAGS[t.upos[i]]}/${t.xpos[i]}/${t.lemma[i]}/${t.head[i]}/${t.deprel[i]}`);
    }
    lines.push(`S ${s.start}-${s.end} ${toks.join(' ')}`);
  }
  for (const e of doc.ner ?? []) lines.push(`N ${e.tokenStart}-${e.tokenEnd} ${e.type} ${e.score}`);
  return lines.join('\n');
}

/** The texts of examples/ (text files, and the `text` of JSON articles), by file name. */
export function exampleTexts(): [string, string][] {
  const dir = join(repoRoot, 'examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt') || (f.endsWith('.json') && !f.endsWith('.meta.json')))
    .sort()
    .map((f) => {
      const raw = readFileSync(join(dir, f), 'utf8');
      return [f, f.endsWith('.json') ? (JSON.parse(raw) as { text: string }).text : raw];
    });
}

/**
 * A CoNLL-U file on its gold tokens (as `herald eval ud`: tags with spacing, lemmas, the parse over predicted
 * tags, and the parse over gold tags), then the whole NLP stage on its raw text.
 */
export function dumpConllu(path: string, res: NlpResources): string {
  const gold = readConllu(path);
  const lines: string[] = [];
  for (const s of gold) {
    const forms = s.words.map((w) => w.form);
    const spaceAfter = s.words.map((w) => (/SpaceAfter=No/.test(w.misc) ? 0 : 1));
    const tags = res.tagger.tagSentence(forms, spaceAfter);
    const parsed = res.parser.parse(forms, tags.upos, tags.xpos);
    const goldParse = res.parser.parse(forms, s.words.map((w) => w.upos), s.words.map((w) => w.xpos));
    lines.push(
      forms
        .map((f, i) => {
          const lemma = res.lemmatizer.lemma(f, tags.upos[i], tags.xpos[i]);
          return `${tags.upos[i]}/${tags.xpos[i]}/${lemma}/${parsed.head[i]}/${parsed.deprel[i]}/${goldParse.head[i]}/${goldParse.deprel[i]}`;
        })
        .join(' '),
    );
  }
  let text = '';
  for (const s of gold) {
    if (s.newDoc || s.newPar) text += '\n\n';
    text += `${s.text} `;
  }
  lines.push(dumpText(text, res));
  return lines.join('\n');
}

/** NER on a CoNLL-2003 file, document by document: BIO tags, and spans with scores. */
export function dumpConll2003(path: string, res: NlpResources): string {
  const lines: string[] = [];
  for (const d of readConll2003(path)) {
    const sents = d.sentences.map((s) => s.tokens);
    lines.push(res.ner.tagDocument(sents).map((tags) => tags.join(' ')).join('\n'));
    for (const spans of res.ner.spansDocument(sents)) lines.push(spans.map((x) => `${x.start}-${x.end}:${x.type}:${x.score}`).join(' '));
  }
  return lines.join('\n');
}

export const digest = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The shared dev sets the identity check covers, when `shared` (../shared/data) has them. */
export function sharedSets(shared: string): [string, string, 'conllu' | 'conll2003'][] {
  return (
    [
      ['ud/en_ewt-ud-dev.conllu', 'ewt_dev', 'conllu'],
      ['ud/en_gum-ud-dev.conllu', 'gum_dev', 'conllu'],
      ['ner/conll2003/eng.testa', 'conll_testa', 'conll2003'],
    ] as const
  )
    .filter(([rel]) => existsSync(join(shared, rel)))
    .map(([rel, name, kind]) => [join(shared, rel), name, kind]);
}

/** name → digest of every output set (examples one by one, and the shared dev sets found in `shared`). */
export function digests(res: NlpResources, shared: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of exampleTexts()) out[`examples/${name}`] = digest(dumpText(text, res));
  if (shared) {
    for (const [path, name, kind] of sharedSets(shared)) {
      out[name] = digest(kind === 'conllu' ? dumpConllu(path, res) : dumpConll2003(path, res));
    }
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--shared');
  const shared = i > 0 ? process.argv[i + 1] : join(repoRoot, '..', 'shared', 'data');
  const res = loadNlpResources();
  const d = process.argv.indexOf('--dump');
  if (d > 0) {
    // full outputs, for a diff when digests differ
    const dir = process.argv[d + 1];
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of exampleTexts()) writeFileSync(join(dir, name), dumpText(text, res));
    for (const [path, name, kind] of existsSync(shared) ? sharedSets(shared) : []) {
      writeFileSync(join(dir, name), kind === 'conllu' ? dumpConllu(path, res) : dumpConll2003(path, res));
    }
  }
  console.log(JSON.stringify(digests(res, existsSync(shared) ? shared : null), null, 2));
}
