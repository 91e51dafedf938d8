/**
 * Penn Treebank constituency trees → a Doc with a UD-style dependency parse (head rules in the manner of the
 * Stanford converter, simplified). PETRARCH2's validation records carry the parse their coder was given; the
 * evaluation can code from it (`parse: 'gold'`) to measure the coder apart from Herald's own parser.
 */
import { emptyTokenLayer, uposIndex, type Doc, type DocMeta } from '../doc/doc.js';
import { documentId } from '../doc/id.js';

interface Node {
  label: string;
  children: Node[];
  /** Leaf: token index. */
  tok: number;
}

interface Leaf {
  form: string;
  tag: string;
}

const UNESCAPE: Record<string, string> = { '-LRB-': '(', '-RRB-': ')', '-LCB-': '{', '-RCB-': '}', '-LSB-': '[', '-RSB-': ']', '``': '"', "''": '"' };

/** Parses "(ROOT (S (NP (NNP Arnor)) …))" into a tree; leaves collected in order. */
export function parseTree(s: string, leaves: Leaf[]): Node | null {
  const toks = s.replace(/\(/g, ' ( ').replace(/\)/g, ' ) ').trim().split(/\s+/);
  let i = 0;
  const node = (): Node | null => {
    if (toks[i] !== '(') return null;
    i++;
    let label = '';
    if (toks[i] !== '(' && toks[i] !== ')') label = toks[i++];
    const children: Node[] = [];
    while (i < toks.length && toks[i] !== ')') {
      if (toks[i] === '(') {
        const c = node();
        if (c) children.push(c);
      } else {
        const form = UNESCAPE[toks[i]] ?? toks[i];
        leaves.push({ form, tag: label });
        i++;
        children.push({ label: '#', children: [], tok: leaves.length - 1 });
      }
    }
    i++;
    if (children.length === 1 && children[0].label === '#') return { label, children: [], tok: children[0].tok };
    return { label, children, tok: -1 };
  };
  const root = node();
  if (!root) return null;
  return root.label === 'ROOT' && root.children.length === 1 ? root.children[0] : root;
}

const cat = (n: Node): string => n.label.split(/[-=]/)[0] || n.label;
const isLeaf = (n: Node): boolean => n.tok >= 0;
const PUNCT_TAGS = new Set(['.', ',', ':', '``', "''", '-LRB-', '-RRB-', '#', '$', 'HYPH', 'NFP']);
const isPunctNode = (n: Node, leaves: Leaf[]): boolean => isLeaf(n) && (PUNCT_TAGS.has(n.label) || /^[\p{P}]+$/u.test(leaves[n.tok].form));
const AUX_LEMMAS = new Set(['be', 'is', 'are', 'was', 'were', 'been', 'being', 'am', "'s", "'re", "'m", 'have', 'has', 'had', 'having', "'ve", "'d", 'do', 'does', 'did', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must', 'wo', 'ca', "'ll"]);
const BE_FORMS = new Set(['be', 'is', 'are', 'was', 'were', 'been', 'being', 'am', "'s", "'re", "'m", 'get', 'got', 'gets', 'getting']);

function upos(tag: string, form: string): string {
  if (tag.startsWith('NNP')) return 'PROPN';
  if (tag.startsWith('NN')) return 'NOUN';
  if (tag.startsWith('VB')) return 'VERB';
  if (tag.startsWith('JJ')) return 'ADJ';
  if (tag.startsWith('RB') || tag === 'WRB') return 'ADV';
  if (tag === 'IN' || tag === 'RP') return 'ADP';
  if (tag === 'DT' || tag === 'PDT' || tag === 'WDT') return 'DET';
  if (tag.startsWith('PRP') || tag.startsWith('WP') || tag === 'EX') return 'PRON';
  if (tag === 'CD') return 'NUM';
  if (tag === 'CC') return 'CCONJ';
  if (tag === 'TO' || tag === 'POS') return 'PART';
  if (tag === 'MD') return 'AUX';
  if (PUNCT_TAGS.has(tag) || /^[\p{P}]+$/u.test(form)) return 'PUNCT';
  return 'X';
}

export interface TreeParse {
  forms: string[];
  tags: string[];
  head: number[];
  deprel: string[];
}

/** Converts a tree to dependencies: heads (0-based token index, -1 root) and UD relations. */
export function treeToDeps(tree: Node, leaves: Leaf[]): TreeParse {
  const n = leaves.length;
  const head = new Array<number>(n).fill(-1);
  const deprel = new Array<string>(n).fill('dep');
  const forms = leaves.map((l) => l.form);
  const tags = leaves.map((l) => l.tag);
  const low = forms.map((f) => f.toLowerCase());

  const attach = (dep: number, h: number, rel: string): void => {
    if (dep < 0 || h < 0 || dep === h) return;
    head[dep] = h;
    deprel[dep] = rel;
  };

  /** Returns the head token of the constituent, attaching its other children. */
  const build = (node: Node): number => {
    if (isLeaf(node)) return node.tok;
    const kids = node.children;
    const c = cat(node);
    const heads = kids.map((k) => build(k));
    const kc = kids.map(cat);
    const pick = (): number => {
      const find = (pred: (k: string, i: number) => boolean, fromRight = false): number => {
        const order = kids.map((_, i) => i);
        if (fromRight) order.reverse();
        for (const i of order) if (pred(kc[i], i)) return i;
        return -1;
      };
      // coordination: X CC X → the first conjunct heads
      const cc = find((k, i) => (k === 'CC' || k === 'CONJP') && i > 0);
      if (cc > 0 && c !== 'PP' && kids.some((_, i) => i > cc && !isPunctNode(kids[i], leaves))) {
        const nominal = (k: string): boolean => k.startsWith('NN') || k === 'NP' || k === 'NML' || k === 'PRP' || k === 'CD';
        const before = kc[cc - 1];
        const after = kc[cc + 1] ?? '';
        let lastNoun = -1;
        for (let i = 0; i < kids.length; i++) if (nominal(kc[i])) lastNoun = i;
        // "awful and evil minister", "Eriadori and Calenardhon leaders": coordinated modifiers of a later head
        const modifiers = (c === 'NP' || c === 'NML') && lastNoun > cc + 1;
        const alike = before === after || (nominal(before) && nominal(after)) || (before.startsWith('VB') && after.startsWith('VB'));
        if (!modifiers && alike) {
          const first = find((k, i) => k !== 'CC' && !isPunctNode(kids[i], leaves) && k !== 'DT');
          if (first >= 0 && kc[first] !== 'RB') return first;
        }
      }
      switch (c) {
        case 'S':
        case 'SQ':
        case 'SINV':
        case 'FRAG': {
          const vp = find((k) => k === 'VP');
          if (vp >= 0) return vp;
          const s = find((k) => k === 'S');
          if (s >= 0) return s;
          return find((k) => k === 'NP' || k === 'ADJP');
        }
        case 'SBAR':
        case 'SBARQ':
          return find((k) => k === 'S' || k === 'SQ' || k === 'SINV' || k === 'FRAG');
        case 'VP': {
          const firstVerb = find((k) => k.startsWith('VB') || k === 'MD' || k === 'TO');
          const vp = find((k) => k === 'VP');
          if (vp >= 0 && firstVerb >= 0 && firstVerb < vp) {
            const w = low[heads[firstVerb]];
            if (kc[firstVerb] === 'MD' || kc[firstVerb] === 'TO' || AUX_LEMMAS.has(w)) return vp;
          }
          if (firstVerb >= 0) {
            // copula with a predicate: "is about to …", "is ready"
            const w = low[heads[firstVerb]];
            if (BE_FORMS.has(w) && vp < 0) {
              const pred = find((k, i) => i > firstVerb && (k === 'ADJP' || k === 'NP' || k === 'PP' || k === 'IN' || k === 'ADVP'));
              if (pred >= 0 && kc[pred] !== 'ADVP') return pred;
            }
            return firstVerb;
          }
          if (vp >= 0) return vp;
          const about = find((k) => k === 'IN' || k === 'JJ' || k === 'ADJP');
          if (about >= 0) return about;
          return find((k) => k === 'S' || k === 'NP');
        }
        case 'NP':
        case 'NX':
        case 'NML':
        case 'WHNP': {
          if (kc[kc.length - 1] === 'POS') {
            // "(NP (NNP Ithilen) (POS 's))": the possessor noun heads, the clitic is its case marker
            for (let i = kids.length - 2; i >= 0; i--) if (kc[i].startsWith('NN') || kc[i] === 'NP' || kc[i] === 'PRP' || kc[i] === 'NML') return i;
            return kids.length - 1;
          }
          const np = find((k) => k === 'NP' || k === 'NML');
          const last = find((k) => k.startsWith('NN') || k === 'PRP' || k === 'CD' || k === 'NML' || k === 'EX' || k === 'WP' || k === 'FW', true);
          if (np === 0 && (kids.length === 1 || kc[1] === 'PP' || kc[1] === ',' || kc[1] === 'SBAR' || kc[1] === 'VP' || kc[1] === 'PRN' || kc[1] === 'NP' || kc[1] === 'RRC')) return 0;
          if (last >= 0) {
            // heads come before post-modifiers: rightmost noun before the first PP/SBAR/VP
            const stop = find((k, i) => i > 0 && (k === 'PP' || k === 'SBAR' || k === 'VP' || k === ','));
            if (stop > 0) {
              const before = find((k, i) => i < stop && (k.startsWith('NN') || k === 'PRP' || k === 'CD' || k === 'NML' || k === 'NP'), true);
              // rightmost of the pre-modifier block
              let r = -1;
              for (let i = 0; i < stop; i++) if (kc[i].startsWith('NN') || kc[i] === 'PRP' || kc[i] === 'CD' || kc[i] === 'NML' || kc[i] === 'NP') r = i;
              return r >= 0 ? r : before >= 0 ? before : last;
            }
            return last;
          }
          if (np >= 0) return np;
          const adj = find((k) => k.startsWith('JJ') || k === 'ADJP', true);
          return adj >= 0 ? adj : kids.length - 1;
        }
        case 'PP':
        case 'WHPP': {
          const obj = find((k, i) => i > 0 && (k === 'NP' || k === 'S' || k === 'SBAR' || k === 'ADJP' || k === 'WHNP' || k === 'ADVP' || k === 'PP' || k === 'VP'));
          if (obj >= 0) return obj;
          return 0;
        }
        case 'ADJP':
        case 'WHADJP':
          return Math.max(find((k) => k.startsWith('JJ'), true), find((k) => k === 'ADJP'), 0);
        case 'ADVP':
        case 'WHADVP':
          return Math.max(find((k) => k.startsWith('RB') || k === 'IN'), 0);
        case 'PRT':
          return 0;
        case 'QP':
          return Math.max(find((k) => k === 'CD', true), 0);
        default: {
          const nonPunct = find((k, i) => !isPunctNode(kids[i], leaves));
          return nonPunct >= 0 ? nonPunct : 0;
        }
      }
    };
    let hk = pick();
    if (hk < 0) hk = 0;
    const h = heads[hk];
    const hc = kc[hk];
    // passive: a VBN head whose VP chain has a form of "be"/"get"
    const isPassiveVp = (): boolean => {
      if (!tags[h]?.startsWith('VBN')) return false;
      return kids.some((k, i) => i < hk && (cat(k).startsWith('VB') || cat(k) === 'MD') && BE_FORMS.has(low[heads[i]]));
    };
    let seenCC = false;
    let npAfterHead = 0;
    for (let i = 0; i < kids.length; i++) {
      if (i === hk) continue;
      const d = heads[i];
      const k = kids[i];
      const kcat = kc[i];
      if (d < 0) continue;
      if (isPunctNode(k, leaves)) {
        attach(d, h, 'punct');
        continue;
      }
      if (kcat === 'CC' || kcat === 'CONJP') {
        attach(d, h, i === 0 ? 'cc:preconj' : 'cc');
        seenCC = true;
        continue;
      }
      // coordinated modifiers before the head: the second conjunct attaches to the first
      if (i < hk && i > 0 && cat(kids[i - 1]) === 'CC' && i - 2 >= 0 && heads[i - 2] >= 0) {
        attach(d, heads[i - 2], 'conj');
        continue;
      }
      // coordination: conjuncts after the head
      if (i > hk && (seenCC || (kids.slice(i + 1).some((x) => cat(x) === 'CC') && kcat === hc)) && (kcat === hc || (c === 'NP' && (kcat === 'NP' || kcat.startsWith('NN'))) || (c === 'VP' && kcat === 'VP') || (c === 'S' && kcat === 'S') || (c === 'ADJP' && kcat.startsWith('JJ')))) {
        if (kcat === hc || seenCC || kids.slice(i + 1).some((x) => cat(x) === 'CC')) {
          attach(d, h, 'conj');
          // the cc attaches to the following conjunct in UD
          continue;
        }
      }
      let rel = 'dep';
      switch (c) {
        case 'S':
        case 'SQ':
        case 'SINV':
        case 'FRAG': {
          if (kcat === 'NP' && i < hk) {
            // passive subject when the VP is passive
            rel = 'nsubj';
            const vp = kids[hk];
            if (cat(vp) === 'VP' && vpIsPassive(vp, leaves)) rel = 'nsubj:pass';
          } else if (kcat === 'NP' && i > hk) rel = 'obj';
          else if (kcat === 'PP') rel = 'obl';
          else if (kcat === 'ADVP' || kcat.startsWith('RB')) rel = 'advmod';
          else if (kcat === 'SBAR') rel = 'advcl';
          else if (kcat === 'S') rel = i < hk ? 'advcl' : 'parataxis';
          else if (kcat === 'VP') rel = 'advcl';
          else if (kcat === 'MD' || kcat.startsWith('VB')) rel = 'aux';
          else rel = 'dep';
          break;
        }
        case 'SBAR':
        case 'SBARQ':
          rel = kcat === 'IN' || kcat === 'WHADVP' || kcat === 'DT' || kcat === 'WHNP' ? 'mark' : 'dep';
          break;
        case 'VP': {
          if (i < hk && (kcat === 'MD' || kcat === 'TO' || kcat.startsWith('VB'))) {
            rel = kcat === 'TO' ? 'mark' : BE_FORMS.has(low[d]) && tags[h]?.startsWith('VBN') ? 'aux:pass' : BE_FORMS.has(low[d]) && !tags[h]?.startsWith('VB') ? 'cop' : 'aux';
          } else if (kcat === 'NP') {
            if (i < hk) rel = 'obl:npmod';
            else {
              const more = kids.slice(i + 1).some((x) => cat(x) === 'NP');
              rel = more && npAfterHead === 0 ? 'iobj' : 'obj';
              npAfterHead++;
              if (/^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow)$/.test(low[d])) rel = 'obl:tmod';
            }
          } else if (kcat === 'PP') {
            const p = firstWord(k, leaves);
            rel = p === 'by' && isPassiveVp() ? 'obl:agent' : 'obl';
          } else if (kcat === 'PRT') rel = 'compound:prt';
          else if (kcat === 'ADVP' || kcat.startsWith('RB')) rel = 'advmod';
          else if (kcat === 'S') rel = hasTo(k, leaves) || cat(kids[hk]).startsWith('JJ') || hc === 'IN' || hc === 'ADJP' ? 'xcomp' : 'ccomp';
          else if (kcat === 'SBAR') {
            const m = firstWord(k, leaves);
            rel = m === 'that' || m === 'whether' || m === 'if' || kids[i].children.length === 1 ? 'ccomp' : 'advcl';
          } else if (kcat === 'ADJP') rel = 'xcomp';
          else if (kcat === 'VP') rel = 'conj';
          else if (kcat === 'IN') rel = 'case';
          else rel = 'dep';
          break;
        }
        case 'NP':
        case 'NX':
        case 'NML':
        case 'WHNP': {
          if (kcat === 'DT' || kcat === 'PDT' || kcat === 'WDT') rel = 'det';
          else if (kcat === 'PRP$' || (kcat === 'NP' && cat(k.children[k.children.length - 1] ?? k) === 'POS')) rel = 'nmod:poss';
          else if (kcat === 'POS') rel = 'case';
          else if (kcat.startsWith('JJ') || kcat === 'ADJP' || kcat === 'VBN' || kcat === 'VBG') rel = 'amod';
          else if (kcat === 'CD' || kcat === 'QP') rel = 'nummod';
          else if (kcat.startsWith('NN') || kcat === 'NML' || kcat === 'FW') rel = i < hk ? 'compound' : 'flat';
          else if (kcat === 'NP' && i < hk) rel = 'compound';
          else if (kcat === 'NP' || kcat === 'PRN') rel = 'appos';
          else if (kcat === 'PP') rel = 'nmod';
          else if (kcat === 'SBAR') rel = 'acl:relcl';
          else if (kcat === 'VP' || kcat === 'S') rel = 'acl';
          else if (kcat.startsWith('RB') || kcat === 'ADVP') rel = 'advmod';
          else rel = 'dep';
          if (rel === 'compound' && tags[h]?.startsWith('NNP') && tags[d]?.startsWith('NNP')) rel = 'compound';
          break;
        }
        case 'PP':
        case 'WHPP':
          rel = i < hk ? (kcat === 'IN' || kcat === 'TO' ? (['S', 'SBAR', 'VP'].includes(hc) ? 'mark' : 'case') : 'advmod') : 'dep';
          break;
        case 'ADJP':
        case 'ADVP':
          rel = kcat.startsWith('RB') || kcat === 'ADVP' ? 'advmod' : kcat === 'PP' ? 'obl' : kcat === 'S' ? 'xcomp' : 'dep';
          break;
        default:
          rel = 'dep';
      }
      attach(d, h, rel);
    }
    return h;
  };
  const r = build(tree);
  head[r] = -1;
  deprel[r] = 'root';
  return { forms, tags, head, deprel };
}

function firstWord(n: Node, leaves: Leaf[]): string {
  let x = n;
  while (!isLeaf(x) && x.children.length) x = x.children[0];
  return isLeaf(x) ? leaves[x.tok].form.toLowerCase() : '';
}

function hasTo(n: Node, leaves: Leaf[]): boolean {
  const vp = n.children.find((k) => cat(k) === 'VP');
  return !!vp && firstWord(vp, leaves) === 'to';
}

function vpIsPassive(vp: Node, leaves: Leaf[]): boolean {
  // VP (VBD was) (VP (VBN opposed) …)
  const verbs = vp.children.filter((k) => isLeaf(k) && (cat(k).startsWith('VB') || cat(k) === 'MD'));
  const inner = vp.children.find((k) => cat(k) === 'VP');
  if (!inner) return false;
  if (verbs.some((k) => BE_FORMS.has(leaves[k.tok].form.toLowerCase()))) {
    const v2 = inner.children.find((k) => isLeaf(k) && cat(k).startsWith('VB'));
    if (v2 && cat(v2) === 'VBN') return true;
  }
  return vpIsPassive(inner, leaves);
}

/** A one-sentence Doc from a Penn tree; `lemma` maps a (form, tag) to its lemma. */
export function docFromTree(parse: string, meta: DocMeta, lemma: (form: string, tag: string) => string): Doc | null {
  const leaves: Leaf[] = [];
  const tree = parseTree(parse, leaves);
  if (!tree || !leaves.length) return null;
  const p = treeToDeps(tree, leaves);
  const text = p.forms.join(' ');
  const t = emptyTokenLayer(p.forms.length);
  let pos = 0;
  for (let i = 0; i < p.forms.length; i++) {
    t.start[i] = pos;
    t.end[i] = pos + p.forms[i].length;
    pos += p.forms[i].length + 1;
    t.form[i] = p.forms[i];
    const u = upos(p.tags[i], p.forms[i]);
    t.upos[i] = uposIndex(p.deprel[i].startsWith('aux') || p.deprel[i] === 'cop' ? 'AUX' : u);
    t.xpos[i] = p.tags[i];
    t.lemma[i] = lemma(p.forms[i], p.tags[i]);
    t.head[i] = p.head[i];
    t.deprel[i] = p.deprel[i];
  }
  return {
    id: documentId(text),
    text,
    meta,
    tokens: t,
    sentences: [{ start: 0, end: text.length, tokenStart: 0, tokenEnd: p.forms.length }],
  };
}
