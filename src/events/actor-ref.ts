/**
 * An event's argument as the coder reads it off the sentence: the composed actor code and where it was found. Its
 * own module so that the argument model (arguments.ts) and the rules that find arguments (args.ts) both stand on it
 * without importing each other.
 */
export interface ActorRef {
  /** Composed CAMEO actor code (IRNGOV, GONMIL, GOV for an agent without a country). */
  code: string;
  /** Head token of the argument (doc-level). */
  head: number;
  /** Token range [start, end) the code was read from. */
  start: number;
  end: number;
  /** Entity id when the actor came from (or lies in) an entity mention. */
  entity: string | null;
  /** Display name: the entity's canonical name, the KB actor's name, or the phrase as written. */
  name: string;
  /** Where the code came from. */
  via: 'entity' | 'kb' | 'anaphora' | 'pronoun';
  /** Only an agent was found (GOV, MIL, CVL): no country or named actor. */
  agentOnly: boolean;
}
