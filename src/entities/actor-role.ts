/**
 * One dated CAMEO code of an actor (PETRARCH's date restrictions), as the shipped knowledge base (`actors.ts`) and a
 * user's actors file (`user-actors.ts`) both give it: declared here, below both, so that neither imports the other
 * for it.
 */
export interface ActorRole {
  /** CAMEO actor code; null = deliberately uncoded ("---"). */
  code: string | null;
  /** ISO date, inclusive; null = open. */
  from: string | null;
  /** ISO date, exclusive; null = open. */
  to: string | null;
}
