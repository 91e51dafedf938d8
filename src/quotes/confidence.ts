/**
 * A quote's `confidence`: how likely it is that this is a real quote with the right speaker. It adds up what
 * makes quotes go wrong on real news (news-gold dev, see README "Quotes"): quotation marks and a plain verb of
 * saying are the safest; a continuation quote or an accuse/describe-type attribution less so; a speaker given
 * by a name is safer than one resolved from a pronoun or a description, and a quote without a speaker is
 * often not one. Measured (right = a real quote with the right speaker): news-gold dev, 120 quotes at 0.8 or
 * more are 99% right, 35 below 0.8 are 74%; on the 204 news-train stories (not used to set these weights
 * beyond the speech-verb step) 925 quotes at 0.8+ are 88% right (0.9+: 90%), 259 below 0.8 are 50%.
 */
import type { Doc, Quote } from '../doc/doc.js';
import { contentShape, cueVerb } from './convention.js';

const PLAIN_SAY = new Set(['say', 'tell', 'add', 'quote', 'report', 'state', 'announce']);
const PRONOUN = /^(he|she|they|it|who|which|that|i|we)$/iu;

export interface QuoteOrigin {
  /** Found with a cue of its own (not a continuation of an earlier attribution). */
  cued: boolean;
  /** A direct quote continuing an earlier attribution's speaker. */
  continues: boolean;
  /** In the headline. */
  headline: boolean;
}

export function quoteConfidence(doc: Doc, q: Quote, origin: QuoteOrigin): number {
  let c = q.kind === 'direct' ? 0.92 : q.kind === 'mixed' ? 0.9 : 0.86;
  if (origin.cued && q.cue) {
    const v = cueVerb(doc, q.cue);
    if (v.kind === 'speech' && PLAIN_SAY.has(v.lemma)) c += 0.03;
    else if (v.kind === 'speech') c -= 0.09;
    else if (v.kind === 'cognition') c -= 0.08;
    if (q.kind === 'indirect' && doc.tokens.count > 0 && v.kind !== 'none') {
      const shape = contentShape(doc, q, v);
      if (shape !== 'clause') c -= 0.08;
    }
  } else if (origin.continues) c -= 0.1;
  else return 0.45;
  const sp = q.speaker;
  if (!sp) c -= 0.25;
  else if (sp.entity) c += 0.02;
  else if (PRONOUN.test(sp.text.trim())) c -= sp.name && sp.name.toLowerCase() !== sp.text.trim().toLowerCase() ? 0.1 : 0.3;
  else c -= 0.04;
  if (origin.headline) c -= 0.1;
  const words = q.text.trim().split(/\s+/u).length;
  if (words < 4) c -= 0.1;
  // an attribution with a cue or a speaker to continue stays at 0.5 or more: below are uncued quotations only
  return Math.round(Math.min(0.99, Math.max(0.5, c)) * 100) / 100;
}
