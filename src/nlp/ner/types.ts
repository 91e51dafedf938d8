/**
 * Herald's entity types from the NER's CoNLL types and the shipped gazetteer.
 */
import { type NerType } from './labels.js';
import { NerModel } from './model.js';
import { GAZ_KINDS, type GazKind, gazKey, type Gazetteer } from './resources.js';

export type HeraldEntityType = 'PERSON' | 'ORG' | 'GPE' | 'LOC' | 'NORP' | 'EVENT' | 'OTHER';

const EVENT_WORDS = /\b(war|wars|cup|games|olympics|olympic|championship|championships|open|revolution|intifada|summit|conference|festival|election|elections|crisis|massacre|holocaust|spring|tournament|grand prix|world series|super bowl)\b/i;

/**
 * Maps a CoNLL type plus the entity's tokens to Herald's output type, using the shipped gazetteer:
 * LOC that is a country or a listed place → GPE; MISC that is a demonym, nationality or religion → NORP;
 * MISC that looks like a named event (war, cup, games, …) → EVENT; other MISC → OTHER.
 */
export function heraldType(type: NerType, tokens: readonly string[], gazetteer: Gazetteer | null = NerModel.default().resources.gazetteer): HeraldEntityType {
  const key = tokens.map(gazKey).join(' ').replace(/ 's$| '$/, '');
  const kinds = gazetteer ? gazetteer.kindsOf(key) : 0;
  const bit = (k: GazKind): boolean => (kinds & (1 << GAZ_KINDS.indexOf(k))) !== 0;
  switch (type) {
    case 'PER':
      return 'PERSON';
    case 'ORG':
      return 'ORG';
    case 'LOC':
      if (bit('COUNTRY') || bit('PLACE')) return 'GPE';
      return 'LOC';
    case 'MISC':
      if (bit('DEMONYM') || bit('RELIGION')) return 'NORP';
      if (gazetteer && tokens.length === 1 && (gazetteer.has('DEMONYM', [tokens[0]]) || gazetteer.has('RELIGION', [tokens[0]]))) return 'NORP';
      if (EVENT_WORDS.test(tokens.join(' '))) return 'EVENT';
      return 'OTHER';
  }
}
