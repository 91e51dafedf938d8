/**
 * Rule-based tokenizer following UD English (EWT) conventions. Produces spans into the original text (UTF-16
 * offsets, end exclusive); the text is never normalised.
 *
 * One pass over whitespace-delimited chunks. Each chunk is peeled spaCy-style: special whole tokens (URLs,
 * e-mails, @handles, emoticons) are recognised first, then prefixes (opening quotes and brackets, currency),
 * suffixes (closing punctuation, `%`, clitics `n't 's 're 'm 'll 've 'd`, the final period unless the word is an
 * abbreviation) and finally infixes (hyphens between words, dashes, ellipses, slashes and commas between words).
 * All decisions are charCode checks; strings are only built for the rare dictionary look-ups.
 *
 * EWT conventions followed (checked against the treebank): contractions split into their syntactic words
 * (`do|n't`, `ca|n't`, `wo|n't`, `can|not`, `gon|na`, `do|nt`), possessive `'s` and plural `'` split, hyphenated
 * compounds split (`15|-|year`, `Al|-|Zaman`) except after prefixes such as `e-`, `co-`, `pre-`, `non-`
 * (`e-mail`, `co-workers`), phone numbers and dates kept whole (`713-853-3989`, `11-20-2000`), runs of
 * punctuation kept together (`!!!`, `...`, `--`), `7:30|PM`, `65|k`, `$|5`, `10|%`, ordinals and decades whole
 * (`23rd`, `1970s`), abbreviations whole (`U.S.`, `Dr.`, `e.g.`) except that a sentence-final abbreviation gives
 * up its period (`etc|.` at the end of a sentence, as EWT does).
 *
 * Character classes are in chars.ts, the word lists (language data) in lexicon.ts.
 */
import * as _chars from './chars.js';
import * as _lexicon from './lexicon.js';
import type { Lexicon } from './lexicon.js';

// Local bindings of the imports the hot loops use: Node 20 reads an imported binding through its module cell
// on every use, a module-local const it can fold (the NER decoder measured 10% faster so).
const {
  C_LOWER, C_UPPER, C_DIGIT, C_LETTER, C_PUNCT, C_SYMBOL, C_SURROGATE_HI, C_SURROGATE_LO, cls, isSpace,
  isAlpha, isDigit, isAlnum, isUpper, lowerAscii, APOS, RSQUO, LSQUO, BACKTICK, DQUOTE, DOT, HYPHEN, COMMA,
  COLON, SLASH, AT, HASH, ELLIPSIS, isApostrophe, isDash, isOpener, isCloser, isQuoteOrBracketCloser,
  isCurrency,
} = _chars;
const {
  SENTENCE_FINAL_ABBREVIATIONS, SENTENCE_STARTERS, NUMBER_ABBREVIATIONS, SPLIT_WORDS, UNITS, UPPER_UNITS,
  EMOTICONS, SLASH_WORDS, ITS_VERB_CONTEXT, getLexicon,
} = _lexicon;

export interface TokenSpans {
  start: Int32Array;
  end: Int32Array;
  count: number;
}

// ---------------------------------------------------------------------------------------------------------
// The tokenizer.

class Tokenizer {
  text = '';
  /** End of the region being tokenized. */
  limit = 0;
  start: Int32Array = new Int32Array(256);
  end: Int32Array = new Int32Array(256);
  n = 0;
  /** Suffix stack for the current chunk. */
  sufStart: number[] = [];
  sufEnd: number[] = [];
  lex: Lexicon = getLexicon();

  emit(s: number, e: number): void {
    if (e <= s) return;
    if (this.n === this.start.length) {
      const cap = this.start.length * 2;
      const ns = new Int32Array(cap);
      ns.set(this.start);
      const ne = new Int32Array(cap);
      ne.set(this.end);
      this.start = ns;
      this.end = ne;
    }
    this.start[this.n] = s;
    this.end[this.n] = e;
    this.n++;
  }

  run(text: string, from: number, to: number): TokenSpans {
    this.text = text;
    this.limit = to;
    this.n = 0;
    this.lex = getLexicon();
    if (this.start.length < 16) {
      this.start = new Int32Array(256);
      this.end = new Int32Array(256);
    }
    let i = from;
    while (i < to) {
      while (i < to && isSpace(text.charCodeAt(i))) i++;
      if (i >= to) break;
      const s = i;
      while (i < to && !isSpace(text.charCodeAt(i))) i++;
      this.chunk(s, i);
    }
    const out = { start: this.start.slice(0, this.n), end: this.end.slice(0, this.n), count: this.n };
    this.text = '';
    return out;
  }

  /** Splits one whitespace-free chunk [s, e). */
  chunk(s: number, e: number): void {
    const text = this.text;
    const sufStart = this.sufStart;
    const sufEnd = this.sufEnd;
    const base = sufStart.length;
    const chunkEnd = e;
    while (s < e) {
      const c = text.charCodeAt(s);
      // Special whole tokens at the front of what remains.
      const special = this.special(s, e);
      if (special > s) {
        this.emit(s, special);
        s = special;
        continue;
      }
      const p = this.prefix(s, e, c);
      if (p > 0) {
        this.emit(s, s + p);
        s += p;
        continue;
      }
      const q = this.suffix(s, e, chunkEnd);
      if (q > 0) {
        sufStart.push(e - q);
        sufEnd.push(e);
        e -= q;
        continue;
      }
      this.core(s, e);
      break;
    }
    for (let k = sufStart.length - 1; k >= base; k--) this.emit(sufStart[k], sufEnd[k]);
    sufStart.length = base;
    sufEnd.length = base;
  }

  /** End of a URL, e-mail, @handle or emoticon starting at s, or s when there is none. */
  special(s: number, e: number): number {
    const text = this.text;
    const c = text.charCodeAt(s);
    const len = e - s;
    // Emoticons, followed by nothing alphanumeric.
    if (len >= 2 && (c === COLON || c === 59 || c === 61 || c === 56 || c === 60 || c === 94 || c === 88 || c === 120 || c === 66 || c === 40 || c === 41)) {
      for (let n = Math.min(4, len); n >= 2; n--) {
        if ((s + n === e || !isAlnum(text.charCodeAt(s + n))) && EMOTICONS.has(text.slice(s, s + n))) return s + n;
      }
    }
    // Slash abbreviations: w/ w/o b/c c/o
    if (len >= 2 && len <= 3 + (e - s > 3 ? 1 : 0) && text.charCodeAt(s + 1) === SLASH) {
      let n = 2;
      if (s + 2 < e && isAlpha(text.charCodeAt(s + 2))) n = 3;
      if ((s + n === e || !isAlnum(text.charCodeAt(s + n))) && SLASH_WORDS.has(text.slice(s, s + n).toLowerCase())) return s + n;
    }
    // URLs by scheme or www.
    if ((c === 104 || c === 72 || c === 102 || c === 119 || c === 87) && len >= 5) {
      const head = text.slice(s, Math.min(e, s + 8)).toLowerCase();
      if (head.startsWith('http://') || head.startsWith('https://') || head.startsWith('ftp://') || head.startsWith('www.')) {
        return this.trimUrl(s, e);
      }
    }
    // @handles.
    if (c === AT && len >= 2 && (isAlpha(text.charCodeAt(s + 1)) || text.charCodeAt(s + 1) === 95)) {
      let i = s + 1;
      while (i < e && (isAlnum(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
      if (i > s + 1 && (i === e || !isAlnum(text.charCodeAt(i)))) {
        // an e-mail-like continuation is not a handle
        if (i === e || text.charCodeAt(i) !== DOT || i + 1 >= e || !isAlnum(text.charCodeAt(i + 1))) return i;
      }
    }
    // #hashtags (not #1: EWT splits `#|1`).
    if (c === HASH && len >= 2 && isAlpha(text.charCodeAt(s + 1))) {
      let i = s + 1;
      while (i < e && (isAlnum(text.charCodeAt(i)) || text.charCodeAt(i) === 95)) i++;
      return i;
    }
    // E-mail addresses: local@domain.tld
    if (isAlnum(c) && len >= 5) {
      let at = -1;
      for (let i = s; i < e; i++) {
        if (text.charCodeAt(i) === AT) {
          at = i;
          break;
        }
      }
      if (at > s) {
        let i = s;
        while (i < at) {
          const d = text.charCodeAt(i);
          if (isAlnum(d) || d === DOT || d === 95 || d === HYPHEN || d === 43 || d === 37) i++;
          else break;
        }
        if (i === at) {
          let j = at + 1;
          let dots = 0;
          while (j < e) {
            const d = text.charCodeAt(j);
            if (isAlnum(d) || d === HYPHEN || d === 95) j++;
            else if (d === DOT && j + 1 < e && isAlnum(text.charCodeAt(j + 1))) {
              dots++;
              j++;
            } else break;
          }
          if (dots > 0 && j > at + 2) return j;
        }
      }
    }
    return s;
  }

  /** URL end: drop trailing punctuation that belongs to the sentence, and unbalanced closing brackets. */
  trimUrl(s: number, e: number): number {
    const text = this.text;
    let open = 0;
    for (let i = s; i < e; i++) {
      const d = text.charCodeAt(i);
      if (d === 40) open++;
      else if (d === 41) open--;
    }
    while (e > s) {
      const d = text.charCodeAt(e - 1);
      if (d === DOT || d === COMMA || d === 59 || d === COLON || d === 33 || d === 63 || d === DQUOTE || d === APOS ||
        d === 0x201d || d === RSQUO || d === 62 || d === 93 || d === ELLIPSIS) {
        e--;
      } else if (d === 41 && open < 0) {
        open++;
        e--;
      } else break;
    }
    return e;
  }

  /** Length of a prefix token at s (0 = none). */
  prefix(s: number, e: number, c: number): number {
    const text = this.text;
    const k = cls(c);
    if (k === C_LOWER || k === C_UPPER || k === C_DIGIT || k === C_LETTER) return 0;
    if (e - s === 1) return 0; // a lone character is the core
    if (c === APOS || c === RSQUO) {
      const d = text.charCodeAt(s + 1);
      if (d === c) return 2; // ''
      // A clitic or word standing alone keeps its apostrophe: 's, 're, 'em, 'n'
      if (this.isCliticWord(s, e)) return 0;
      if (isDigit(d)) return 0; // '72, '90s
      return 1;
    }
    if (c === BACKTICK) return text.charCodeAt(s + 1) === BACKTICK ? 2 : 1;
    if (c === LSQUO && text.charCodeAt(s + 1) === RSQUO) return 2; // ‘’ used as a double quote
    if ((c === 60 || c === 62) && text.charCodeAt(s + 1) === c) return 2; // << >>
    if (isCurrency(c)) {
      let i = s + 1;
      while (i < e && text.charCodeAt(i) === c) i++;
      return i - s;
    }
    if (c === 43 && isDigit(text.charCodeAt(s + 1))) return 0; // +1
    if (isOpener(c)) return 1;
    if (c === HASH) return 1;
    if (c === DOT || c === HYPHEN || c === 33 || c === 63 || c === 42 || c === 61 || c === 95 || c === 126) {
      // runs of the same mark: ..., --, !!!, ***, ===
      let i = s + 1;
      if (c === 33 || c === 63) while (i < e && (text.charCodeAt(i) === 33 || text.charCodeAt(i) === 63)) i++;
      else while (i < e && text.charCodeAt(i) === c) i++;
      if (c === HYPHEN && i - s === 1 && i < e && isDigit(text.charCodeAt(i))) return 0; // -5
      return i - s;
    }
    if (isDash(c) || c === ELLIPSIS) {
      let i = s + 1;
      while (i < e && text.charCodeAt(i) === c) i++;
      return i - s;
    }
    if (k === C_SURROGATE_HI) return 2;
    if (k === C_PUNCT || k === C_SYMBOL) {
      if (c === 38 || (c === AT && !isDigit(text.charCodeAt(s + 1))) || c === SLASH) return 0; // &, @, / : leave to the core
      return 1;
    }
    return 0;
  }

  isCliticWord(s: number, e: number): boolean {
    const len = e - s;
    if (len < 2 || len > 4) return false;
    const w = this.text.slice(s, e).toLowerCase().replace(/[’`]/g, "'");
    return w === "'s" || w === "'re" || w === "'m" || w === "'ll" || w === "'ve" || w === "'d" || w === "'em" ||
      w === "'n'" || w === "'n" || w === "'t" || w === "'til" || w === "'cause" || w === "'bout";
  }

  /** Length of a suffix token ending at e (0 = none). `chunkEnd` is the end of the whole chunk. */
  suffix(s: number, e: number, chunkEnd: number): number {
    const text = this.text;
    const len = e - s;
    if (len <= 1) return 0;
    const c = text.charCodeAt(e - 1);
    const k = cls(c);
    if (k === C_LOWER || k === C_UPPER) {
      return this.clitic(s, e, c);
    }
    if (k === C_DIGIT || k === C_LETTER) return 0;
    if (c === DOT) {
      const b = text.charCodeAt(e - 2);
      if (b === DOT) {
        let i = e - 2;
        while (i > s && text.charCodeAt(i - 1) === DOT) i--;
        if (i === s) return 0; // all dots: the core is the run
        if (e - i === 2 && this.isAbbreviation(s, e - 1, e)) return 1; // Inc.. = Inc.|.
        return e - i;
      }
      if (b === 33 || b === 63) {
        // ?. !. — keep the run together with the marks before
        return 1;
      }
      if (this.isAbbreviation(s, e, chunkEnd)) return 0;
      return 1;
    }
    if (c === 33 || c === 63) {
      // ?!, ???, .?, :? — EWT keeps a run of final marks together
      let i = e - 1;
      while (i > s) {
        const d = text.charCodeAt(i - 1);
        if (d === 33 || d === 63 || d === DOT || (d === COLON && i === e - 1)) i--;
        else break;
      }
      if (i > s && text.charCodeAt(i) === DOT && isAlpha(text.charCodeAt(i - 1)) && this.isAbbreviation(s, i + 1, e)) i++;
      if (i === s) return 0;
      return e - i;
    }
    if (c === APOS || c === RSQUO) {
      const b = text.charCodeAt(e - 2);
      if (b === c) return len === 2 ? 0 : 2; // ''
      if (this.isCliticWord(s, e)) return 0; // 'n'
      return 1;
    }
    if (c === HYPHEN || c === 42 || c === 61 || c === 95 || c === 126 || isDash(c)) {
      let i = e - 1;
      while (i > s && text.charCodeAt(i - 1) === c) i--;
      if (i === s) return 0;
      return e - i;
    }
    if ((c === 41 || c === 40) && len >= 3) {
      // an emoticon glued to a word: great:-)
      for (let n = 3; n >= 2; n--) {
        if (len > n && EMOTICONS.has(text.slice(e - n, e)) && isAlnum(text.charCodeAt(e - n - 1))) return n;
      }
    }
    if (c === 62 && text.charCodeAt(e - 2) === 62) return len === 2 ? 0 : 2; // >>
    if (c === 0x201d && text.charCodeAt(e - 2) === 0x201d) return 1;
    if (isCloser(c)) return 1;
    if (k === C_SURROGATE_LO) return len >= 2 ? 2 : 0;
    if (k === C_PUNCT || k === C_SYMBOL) return 1;
    return 0;
  }

  /** Clitic suffix length at the end of a word ending in a letter: n't 's 're 'm 'll 've 'd. */
  clitic(s: number, e: number, last: number): number {
    const text = this.text;
    const len = e - s;
    if (len < 3) return 0;
    const l1 = lowerAscii(last);
    if (isApostrophe(text.charCodeAt(e - 2))) {
      // 's 'm 'd after a word; n't
      const b = text.charCodeAt(e - 3);
      if (l1 === 115 && isDigit(b)) return 0; // 1960's, 80's
      if ((l1 === 115 || l1 === 109 || l1 === 100) && isAlnum(b)) return 2;
      if (l1 === 116 && len >= 4 && lowerAscii(text.charCodeAt(e - 3)) === 110 && isAlpha(text.charCodeAt(e - 4))) return 3;
      return 0;
    }
    if (len >= 4 && isApostrophe(text.charCodeAt(e - 3)) && isAlpha(text.charCodeAt(e - 4))) {
      const l2 = lowerAscii(text.charCodeAt(e - 2));
      if ((l2 === 114 && l1 === 101) || (l2 === 118 && l1 === 101) || (l2 === 108 && l1 === 108)) return 3; // 're 've 'll
    }
    return 0;
  }

  /** True when [s, e) (ending in '.') is an abbreviation that keeps its period here. */
  isAbbreviation(s: number, e: number, chunkEnd: number): boolean {
    const text = this.text;
    const len = e - s;
    let known = false;
    let word = '';
    // Letter-and-dot patterns: U.S. e.g. Ph.D. J. a.k.a.
    let pattern = true;
    let letters = 0;
    let dots = 0;
    let run = 0;
    let allUpperInitial = true;
    for (let i = s; i < e; i++) {
      const d = text.charCodeAt(i);
      if (d === DOT) {
        if (run === 0 || run > 2) pattern = false;
        run = 0;
        dots++;
      } else if (isAlpha(d)) {
        run++;
        letters++;
        if (!isUpper(d)) allUpperInitial = false;
      } else {
        pattern = false;
        break;
      }
    }
    if (letters === 0) return false;
    if (pattern && dots >= 2) known = true;
    else if (pattern && len === 2 && allUpperInitial) {
      // initials: J. R. R. Tolkien; but "than I." ends a sentence
      known = text.charCodeAt(s) !== 73 || this.initialFollows(e);
    }
    if (!known && len <= 12) {
      word = text.slice(s, e);
      if (this.lex.abbreviations.has(word)) {
        known = true;
        if (NUMBER_ABBREVIATIONS.has(word)) {
          // needs a number next: No. 5
          let i = e;
          while (i < this.limit && isSpace(text.charCodeAt(i))) i++;
          if (!(i < this.limit && isDigit(text.charCodeAt(i)))) known = false;
        }
      }
    }
    if (!known) return false;
    // A sentence-final abbreviation gives its period to the sentence (EWT: `etc|.`).
    let i = e;
    while (i < chunkEnd && isQuoteOrBracketCloser(text.charCodeAt(i))) i++;
    if (i < chunkEnd) return true; // more text glued on (`Inc.,`): not the end
    let nl = 0;
    while (i < this.limit && isSpace(text.charCodeAt(i))) {
      if (text.charCodeAt(i) === 10) nl++;
      i++;
    }
    if (i >= this.limit || nl >= 2) return false;
    if (!word) word = text.slice(s, e);
    if (SENTENCE_FINAL_ABBREVIATIONS.has(word)) {
      let d = text.charCodeAt(i);
      if (isOpener(d) && i + 1 < this.limit) d = text.charCodeAt(i + 1);
      if (isUpper(d)) return false;
    } else if (pattern && dots >= 2 && isUpper(text.charCodeAt(i)) && word !== 'P.S.' && word !== 'p.s.') {
      // U.S. He …: a dotted acronym before a word that starts sentences but never continues a name.
      let j = i;
      while (j < this.limit && j - i < 10 && isAlpha(text.charCodeAt(j))) j++;
      if (SENTENCE_STARTERS.has(text.slice(i, j))) return false;
    }
    return true;
  }

  /** Is the next word an initial or a capitalised name (I. M. Pei)? */
  initialFollows(e: number): boolean {
    const text = this.text;
    let i = e;
    while (i < this.limit && text.charCodeAt(i) === 32) i++;
    return i + 1 < this.limit && isUpper(text.charCodeAt(i)) && text.charCodeAt(i + 1) === DOT;
  }

  /** The core of a chunk once prefixes and suffixes are gone: split infixes. */
  core(s: number, e: number): void {
    const text = this.text;
    // Fast path: letters only.
    let simple = true;
    for (let i = s; i < e; i++) {
      const k = cls(text.charCodeAt(i));
      if (k !== C_LOWER && k !== C_UPPER) {
        simple = false;
        break;
      }
    }
    const len = e - s;
    if (len <= 8 && len >= 2) {
      const pieces = SPLIT_WORDS.get(text.slice(s, e).toLowerCase());
      if (pieces) {
        if (len === 3 && (pieces[0] === 2 && pieces[1] === 1) && !this.verbFollows(e)) {
          this.emit(s, e);
          return;
        }
        let p = s;
        for (const n of pieces) {
          this.emit(p, p + n);
          p += n;
        }
        return;
      }
    }
    if (simple) {
      this.emit(s, e);
      return;
    }
    // Clitics on words that were not at the end (e.g. inside a quote) are handled by suffix(); here we split
    // at infix punctuation.
    let tokStart = s;
    let i = s;
    while (i < e) {
      const c = text.charCodeAt(i);
      const k = cls(c);
      if (k === C_LOWER || k === C_UPPER || k === C_DIGIT || k === C_LETTER) {
        if (i === tokStart && i > s) {
          const sp = this.special(i, e);
          if (sp > i) {
            this.emit(i, sp);
            tokStart = sp;
            i = sp;
            continue;
          }
        }
        i++;
        continue;
      }
      if (c === HYPHEN) {
        let j = i + 1;
        while (j < e && text.charCodeAt(j) === HYPHEN) j++;
        if (j - i >= 2 || i === tokStart || j === e) {
          this.piece(tokStart, i);
          this.emit(i, j);
          tokStart = j;
          i = j;
          continue;
        }
        if (this.keepHyphen(tokStart, i, e)) {
          i++;
          continue;
        }
        this.piece(tokStart, i);
        this.emit(i, i + 1);
        tokStart = i + 1;
        i++;
        continue;
      }
      if (c === DOT) {
        let j = i + 1;
        while (j < e && text.charCodeAt(j) === DOT) j++;
        if (j - i >= 2) {
          this.piece(tokStart, i);
          this.emit(i, j);
          tokStart = j;
          i = j;
          continue;
        }
        i++;
        continue;
      }
      if (c === COMMA) {
        // 1,000 stays whole; word,word splits.
        if (i > tokStart && isDigit(text.charCodeAt(i - 1)) && i + 1 < e && isDigit(text.charCodeAt(i + 1))) {
          i++;
          continue;
        }
        this.piece(tokStart, i);
        this.emit(i, i + 1);
        tokStart = i + 1;
        i++;
        continue;
      }
      if (c === COLON || c === SLASH) {
        if (c === COLON && i > tokStart && isDigit(text.charCodeAt(i - 1)) && i + 1 < e && isDigit(text.charCodeAt(i + 1))) {
          i++;
          continue;
        }
        if (c === SLASH && this.keepSlash(tokStart, i, e)) {
          i++;
          continue;
        }
        this.piece(tokStart, i);
        this.emit(i, i + 1);
        tokStart = i + 1;
        i++;
        continue;
      }
      if (c === APOS || c === RSQUO || c === 38 || c === 95 || c === AT || c === HASH || c === 43 || c === 61) {
        i++;
        continue; // O'Brien, AT&T, snake_case, a+b
      }
      if (k === C_SURROGATE_HI && i + 1 < e) {
        this.piece(tokStart, i);
        this.emit(i, i + 2);
        tokStart = i + 2;
        i += 2;
        continue;
      }
      // Any other punctuation or symbol inside a chunk is its own token (runs of the same mark together).
      let j = i + 1;
      while (j < e && text.charCodeAt(j) === c) j++;
      this.piece(tokStart, i);
      this.emit(i, j);
      tokStart = j;
      i = j;
    }
    this.piece(tokStart, e);
  }

  /** `its` is `it|s` (it is) when a word that cannot follow a possessive comes next: `its not`, `its a`. */
  verbFollows(e: number): boolean {
    const text = this.text;
    let i = e;
    while (i < this.limit && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    let j = i;
    while (j < this.limit && j - i <= 12 && isAlpha(text.charCodeAt(j))) j++;
    if (j === i) return false;
    return ITS_VERB_CONTEXT.has(text.slice(i, j).toLowerCase());
  }

  /** Should the hyphen at h (between [a, h) and what follows, up to e) stay inside the word? */
  keepHyphen(a: number, h: number, e: number): boolean {
    const text = this.text;
    const left = text.charCodeAt(h - 1);
    const right = text.charCodeAt(h + 1);
    if (isDigit(left) && isDigit(right)) {
      // Phone numbers and dates stay whole (713-853-3989, 11-20-2000, 345-9945); ranges split (1969-1970).
      let ld = 0;
      let i = h - 1;
      while (i >= a && isDigit(text.charCodeAt(i))) {
        ld++;
        i--;
      }
      let rd = 0;
      let j = h + 1;
      while (j < e && isDigit(text.charCodeAt(j))) {
        rd++;
        j++;
      }
      if (i >= a && text.charCodeAt(i) === HYPHEN) return true; // second hyphen of a group
      if (j < e && text.charCodeAt(j) === HYPHEN && j + 1 < e && isDigit(text.charCodeAt(j + 1))) return true;
      if (ld <= 3 && rd === 4) return true;
      return false;
    }
    // Letter prefix: e-mail, co-workers, non-stop.
    if (h - a <= 7 && isAlnum(right)) {
      let allAlpha = true;
      for (let i = a; i < h; i++) {
        if (!isAlpha(text.charCodeAt(i))) {
          allAlpha = false;
          break;
        }
      }
      if (allAlpha && this.lex.hyphenPrefixes.has(text.slice(a, h).toLowerCase())) return true;
    }
    return false;
  }

  /** Dates (11/28/2000) and single letters (l/c, I/C, w/o) keep their slash; 1|/|2 and and|/|or split. */
  keepSlash(a: number, h: number, e: number): boolean {
    const text = this.text;
    const left = text.charCodeAt(h - 1);
    const right = text.charCodeAt(h + 1);
    if (isDigit(left) && isDigit(right)) {
      let slashes = 0;
      for (let i = a; i < e; i++) {
        const d = text.charCodeAt(i);
        if (d === SLASH) slashes++;
        else if (!isDigit(d)) break;
      }
      if (slashes >= 2) return true;
      // month/day (5/18, 9/11) stays whole; fractions and ranges split (1/2, 19/20)
      let i = h;
      while (i > a && isDigit(text.charCodeAt(i - 1))) i--;
      let j = h + 1;
      while (j < e && isDigit(text.charCodeAt(j))) j++;
      if (h - i > 2 || j - h - 1 !== 2) return false;
      const month = Number(text.slice(i, h));
      const day = Number(text.slice(h + 1, j));
      return month >= 1 && month <= 12 && day >= 11 && day <= 31;
    }
    let r = h + 1;
    while (r < e && isAlpha(text.charCodeAt(r))) r++;
    return h - a === 1 && r - (h + 1) === 1 && isAlpha(left) && (r === e || !isAlnum(text.charCodeAt(r)));
  }

  /** Emits one infix-free piece, splitting a number from a unit (`7:30|PM`, `65|k`). */
  piece(s: number, e: number): void {
    if (e <= s) return;
    const text = this.text;
    if (isDigit(text.charCodeAt(s))) {
      let i = s;
      while (i < e) {
        const d = text.charCodeAt(i);
        if (isDigit(d) || ((d === DOT || d === COMMA || d === COLON) && i + 1 < e && isDigit(text.charCodeAt(i + 1)))) i++;
        else break;
      }
      if (i < e && i > s && isAlpha(text.charCodeAt(i)) && e - i <= 4) {
        const unit = text.slice(i, e);
        const lower = unit.toLowerCase();
        if (unit === lower ? UNITS.has(unit) : UPPER_UNITS.has(unit) || (UNITS.has(lower) && isUpper(unit.charCodeAt(0)) && unit.length > 1 && unit.slice(1) === lower.slice(1))) {
          this.emit(s, i);
          this.emit(i, e);
          return;
        }
      }
    }
    this.emit(s, e);
  }
}

const shared = new Tokenizer();

/** Tokenizes text[from, to) into spans of the original text. */
export function tokenize(text: string, from = 0, to = text.length): TokenSpans {
  return shared.run(text, from, to);
}

/** The token strings (for tests and debugging). */
export function tokenStrings(text: string, tokens: TokenSpans): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.count; i++) out.push(text.slice(tokens.start[i], tokens.end[i]));
  return out;
}
