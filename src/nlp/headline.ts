/**
 * Wire headlines are telegraphic: no articles, the present tense, a verb between two bare noun phrases ("Nigeria
 * police kill six robbery suspects.", "Israeli army ransacks Bedouin Palestinian camp."). The perceptron tagger,
 * trained on edited prose, reads such a verb as a noun ("kill/NN", "ransacks/NNS"), and the parse then has no
 * clause: no subject, no object, no event. On the 222 annotated news-train stories, 87 headlines had no finite
 * verb in the tagger's reading, most of them with one in the text.
 *
 * This finds the headline's verb the tagger missed: a word that follows the subject's noun, agrees with it (an
 * -s form after a singular noun, a base form after a plural one), is not the last word, and that the tagger itself
 * reads as a verb when it stands where only a verb can ("It ransacks them.", "They kill them.").
 */
import type { Doc, Sentence } from '../doc/doc.js';

/** Longest headline, in tokens: a longer first line is a sentence of the story, not a title. */
const MAX_HEADLINE_TOKENS = 25;

/** Finite verb tags: a headline with one of these has its clause already. */
const FINITE = new Set(['VBZ', 'VBP', 'VBD', 'MD']);

/** Is sentence `s` the story's headline: its first line, alone on it and followed by a line break? */
export function isHeadline(doc: Doc, s: Sentence, index: number): boolean {
  if (index !== 0 || s.tokenEnd - s.tokenStart > MAX_HEADLINE_TOKENS || s.tokenEnd - s.tokenStart < 3) return false;
  const text = doc.text;
  if (text.slice(0, s.start).trim() !== '' || text.slice(s.start, s.end).includes('\n')) return false;
  const nl = text.indexOf('\n', s.end);
  return nl >= 0 && text.slice(s.end, nl).trim() === '';
}

/** A verb reading the tagger gives word `w` in a frame where only a verb fits. */
export type VerbProbe = (frame: string[]) => string;

/**
 * The token of headline tokens [from, to) to read as its verb, with the tag it takes (VBZ or VBP), or null when the
 * tagger found a finite verb or no word qualifies.
 */
export function headlineVerb(forms: readonly string[], xpos: readonly string[], from: number, to: number, probe: VerbProbe): { tok: number; tag: 'VBZ' | 'VBP' } | null {
  for (let i = from; i < to; i++) if (FINITE.has(xpos[i])) return null;
  // (not the first word, which is the subject's, nor the last before the closing punctuation: a verb has an object
  // or a complement after it in a headline — "Two Thai border police wounded by Burma gunmen.")
  let last = to - 1;
  while (last > from && /^\p{P}+$/u.test(forms[last])) last--;
  for (let i = from + 1; i < last; i++) {
    const w = forms[i];
    if (!/^\p{Ll}+$/u.test(w)) continue;
    const prev = xpos[i - 1];
    // "army ransacks", "Iraq balks": an -s form after a singular noun
    if (xpos[i] === 'NNS' && (prev === 'NN' || prev === 'NNP') && /s$/.test(w)) {
      if (probe(['It', w, 'them', '.']) === 'VBZ') return { tok: i, tag: 'VBZ' };
      continue;
    }
    // "prosecutors file", "police arrest": a base form after a plural noun
    const plural = prev === 'NNS' || prev === 'NNPS' || forms[i - 1].toLowerCase() === 'police';
    if ((xpos[i] === 'NN' || xpos[i] === 'VB') && plural) {
      const tag = probe(['They', w, 'them', '.']);
      if (tag === 'VBP' || tag === 'VB') return { tok: i, tag: 'VBP' };
    }
  }
  return null;
}
