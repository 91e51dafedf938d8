/**
 * Rebuilds the documents of CoNLL-2003 `eng.train` as plain-text articles in the layout of the news-gold dev
 * articles (`../shared/data/news-gold/dev/articles/*.json`): headline, blank line, dateline ("BONN 1996-08-30"),
 * blank line, then one paragraph per sentence, tokens detokenised the same way. Writes `OUT/train-NNN.json` =
 * `{id, published, title, text}` for every document (NNN = 0-based document index, as dev's `testa-NNN`) and
 * `OUT/../selected.txt`: the ids of the political stories (government, diplomacy, conflict, protest, courts,
 * elections), chosen by a deterministic keyword score, one per line in document order.
 *
 * Usage: node --import tsx scripts/news-train-articles.ts --out /tmp/news-train/articles
 *          [--conll ../shared/data/ner/conll2003/eng.train] [--prefix train] [--selected PATH]
 * (`--conll …/eng.testa --prefix testa` rebuilds the dev articles byte for byte; used to check the layout.)
 * The rebuilt texts are Reuters news (research use): never commit them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Token { word: string; pos: string }
type Sentence = Token[];

export interface RebuiltArticle { id: string; published: string | null; title: string; text: string }

/**
 * Splits a CoNLL-2003 file into documents (sentences of tokens) at its `-DOCSTART-` lines. Text before the first
 * separator is document 0 (the shared copies have no leading `-DOCSTART-`, but one after the last document); an
 * empty last document is dropped, so indexes are those of the news-gold dev ids (`testa-070` = document 70).
 */
export function readDocuments(conll: string): Sentence[][] {
  let doc: Sentence[] = [];
  const docs: Sentence[][] = [doc];
  let sent: Sentence = [];
  const flush = (): void => { if (sent.length) doc.push(sent); sent = []; };
  for (const line of conll.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (!cols[0]) { flush(); continue; }
    if (cols[0] === '-DOCSTART-') { flush(); doc = []; docs.push(doc); continue; }
    sent.push({ word: cols[0], pos: cols[1] ?? '' });
  }
  flush();
  if (docs.length > 1 && docs[docs.length - 1].length === 0) docs.pop();
  if (docs[0].length === 0) docs.shift(); // a file that does start with -DOCSTART-
  return docs;
}

const ATTACH_LEFT = new Set(['.', ',', ';', ':', '?', '!', '%', ')', ']', '}']);
const ATTACH_RIGHT = new Set(['(', '[', '{', '$']);
const CLITIC = /^(?:'s|'S|'re|'ve|'ll|'d|'m|n't|N'T|'RE|'VE|'LL|'D|'M)$/;

/** Joins one sentence's tokens as running text (Reuters style: "Netanyahu's", "(OSCE),", "\"Help me,\" he said."). */
export function detokenise(tokens: readonly Token[]): string {
  let out = '';
  let glueNext = false; // the previous token attaches to the next one
  let dquoteOpen = false; // double quotes alternate within a sentence, the first one opening
  let squoteOpen = false;
  for (const { word, pos } of tokens) {
    let left = false; // attaches to the previous token
    let right = false;
    if (word === '"') {
      if (dquoteOpen) left = true; else right = true;
      dquoteOpen = !dquoteOpen;
    } else if (word === "'" && pos !== 'POS') {
      if (squoteOpen) left = true; else right = true;
      squoteOpen = !squoteOpen;
    } else if (word === "'" || CLITIC.test(word) || ATTACH_LEFT.has(word)) {
      left = true;
    } else if (ATTACH_RIGHT.has(word)) {
      right = true;
    }
    if (out && !left && !glueNext) out += ' ';
    out += word;
    glueNext = right;
  }
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Rebuilds one document: headline, dateline, then one paragraph per sentence, all separated by blank lines. */
export function rebuildDocument(doc: readonly Sentence[], id: string): RebuiltArticle {
  const paras = doc.map(detokenise);
  const dateline = doc.findIndex((s) => s.length > 0 && DATE.test(s[s.length - 1].word));
  const published = dateline >= 0 ? doc[dateline][doc[dateline].length - 1].word : null;
  return { id, published, title: paras[0] ?? '', text: paras.join('\n\n') };
}

// Political-story selection: a keyword score over the words of the text, minus sport/market/company cues.
const POLITICAL = new Set(`government governments minister ministers ministry president presidential premier
parliament parliamentary senate congress legislators lawmakers election elections elected vote voters
referendum opposition party parties coalition cabinet diplomat diplomats diplomatic embassy ambassador envoy
talks negotiations treaty ceasefire truce peace war troops soldiers army military rebels rebel guerrillas
guerrilla militia militants police arrested arrest detained court judge trial sentenced prosecutors charged
protest protests protesters demonstrators demonstration strike riot riots clashes killed attack attacks bomb
bombing shelling fighting sanctions embargo refugees hostage hostages kidnapped coup regime nato u.n.
united nations security council accused condemned urged warned visit summit foreign interior defence defense
spokesman officials authorities independence separatist insurgents junta martial amnesty human rights
`.split(/\s+/).filter(Boolean));
const NON_POLITICAL = new Set(`soccer football cricket tennis golf rugby baseball basketball hockey racing
cycling athletics olympic olympics league cup match matches championship tournament innings wickets goals
scored seed seeded win wins beat beats defeated standings results points half-time striker coach champion
stocks shares bourse index dealers traders trading prices price futures bonds yields bond dollar yen mark
tonnes crude oil wheat corn soybeans coffee sugar gold copper market markets profit profits net revenue
revenues earnings dividend quarter fiscal company's shareholders analyst analysts forecast rating ratings
moody's s&p weather temperatures rain forecasters flood floods blaze fire collision derailed poisoning
epidemic kidney surgery heart hospitalised
`.split(/\s+/).filter(Boolean));

/** Deterministic political score of a rebuilt article (positive = political story). */
export function politicalScore(a: RebuiltArticle): { pol: number; non: number; words: number } {
  const words = a.text.toLowerCase().match(/[a-z][a-z.&']*[a-z]|[a-z]/g) ?? [];
  let pol = 0, non = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i].replace(/\.$/, '');
    const bi = i + 1 < words.length ? `${w} ${words[i + 1]}` : '';
    if (POLITICAL.has(w) || POLITICAL.has(bi)) pol++;
    if (NON_POLITICAL.has(w)) non++;
  }
  return { pol, non, words: words.length };
}

export function isPolitical(a: RebuiltArticle): boolean {
  const { pol, non, words } = politicalScore(a);
  if (words < 80) return false; // briefs, tables and one-liners
  if (/^(?:PRESS DIGEST|RTRS)\b/i.test(a.title)) return false; // lists of other papers' headlines, market wires
  const digits = (a.text.match(/\d/g) ?? []).length;
  if (digits > a.text.length * 0.08) return false; // results tables, price lists
  return pol >= 6 && pol >= 2.5 * non && pol / words >= 0.03;
}

function main(argv: string[]): void {
  const opt = (name: string, def: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : def;
  };
  const out = resolve(opt('--out', '/tmp/news-train/articles'));
  const conll = resolve(opt('--conll', '../shared/data/ner/conll2003/eng.train'));
  const prefix = opt('--prefix', 'train');
  const selectedPath = resolve(opt('--selected', join(dirname(out), 'selected.txt')));
  mkdirSync(out, { recursive: true });
  const docs = readDocuments(readFileSync(conll, 'utf8'));
  const selected: string[] = [];
  docs.forEach((doc, i) => {
    const id = `${prefix}-${String(i).padStart(3, '0')}`;
    const art = rebuildDocument(doc, id);
    writeFileSync(join(out, `${id}.json`), JSON.stringify(art, null, 1));
    if (isPolitical(art)) selected.push(id);
  });
  writeFileSync(selectedPath, selected.length ? selected.join('\n') + '\n' : '');
  console.log(`${docs.length} documents -> ${out}; ${selected.length} political -> ${selectedPath}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
