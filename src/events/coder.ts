/**
 * The event coder over one parsed sentence (PETRARCH2's dictionary coding, read off the dependency parse):
 *
 * 1. Triggers: verbs found in the verb lexicon by lemma (phrasal compounds such as "call off" by their particle);
 *    with Herald's profile also nominal events ("talks between X and Y", "X's visit to Y") and light verbs whose
 *    object carries the event ("held talks", "launched an attack").
 * 2. Patterns: the verb's block patterns are matched against the words after the verb inside its phrase (objects,
 *    prepositional phrases, complements; not its subject, conjoined clauses or parataxis) and the words before it
 *    in its clause. Terms are adjacent word sequences (synsets expand), consecutive terms may have gaps; `+`/`$`
 *    mark where the target/source actor sits. The pattern with the most matched words wins; none → the verb's
 *    own code; "---" → no event.
 * 3. Arguments: source = subject (inherited through xcomp/conj/participial clauses; object control for
 *    "urged X to …"), or the `by`/obl:agent phrase of a passive whose subject becomes the target; target = the
 *    pattern's `+` actor, else the object, indirect object, prepositional objects, a complement clause's subject,
 *    else the first actor in the verb phrase. Conjoined actors yield one event per pair; an [active:passive]
 *    code adds the reverse event.
 * 4. Modality: a negated trigger ("did not attack") is dropped or marked unless a pattern spells the negation;
 *    with Herald's profile an act under an intent governor or a future auxiliary codes as its intent (03x/13x),
 *    and "threaten <act>" codes the threat refined by the act (138 for force), never the act itself.
 *
 * The coder lives in coder/, one module per part: sentence-coder.ts (the class and `code()`, which runs the
 * steps), verb-triggers.ts (step 1 and the trigger model), patterns.ts (step 2), actors.ts (argument finding for
 * step 3), emit.ts (a verb's events), trigger-rules.ts (light verbs, intents and threats: step 4; story-scope
 * readings), nominal-events.ts (event nouns), learned-args.ts (the argument model's step), post-rules.ts (rules
 * over the emitted events), clause.ts (reading a clause off the parse), words.ts (the word sets) and types.ts.
 * This file is what other modules import.
 */
export { SentenceCoder } from './coder/sentence-coder.js';
export { isMutualCode } from './coder/actors.js';
export type { ArgumentSink, CodedEvent, TriggerSink } from './coder/types.js';
