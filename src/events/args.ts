/**
 * Event arguments → actors. An argument is a nominal head in the dependency parse; its actor code comes from
 * the entity layer when the head lies inside a coded entity mention, else from the actor KB over the
 * argument's own phrase ("Osgiliath soldiers" → OSGMIL, "Bree Prime Minister Romendacil" → BREGOV), its
 * possessor and of/in/from modifiers when the head is an agent word ("Gondor's government" → GONGOV,
 * "ambassadors of Arnor, Osgiliath and Gondor" → three), and its apposition. Conjoined arguments yield one
 * actor each ("Fornost and Gondor"); an agent-only conjunct borrows its neighbour's country ("lawmakers and
 * officials in Fornost" → FORLEG, FORGOV).
 */
import type { Doc, Entity } from '../doc/doc.js';
import type { ActorMatch, AgentEntry, AgentMatch } from '../entities/actors.js';
import type { EventResources } from './resources.js';
import type { SentenceView } from './view.js';
import type { ActorRef } from './actor-ref.js';

/** Verbs whose subject is the speaker of what the sentence reports. */
const SPEECH_LEMMAS = new Set(['say', 'tell', 'add', 'state', 'announce', 'declare']);

export type { ActorRef } from './actor-ref.js';

/** Relations that stay inside an actor's own name phrase. */
const NAME_RELS = new Set(['compound', 'flat', 'amod', 'det', 'nummod', 'fixed', 'goeswith', 'nmod:npmod', 'flat:name', 'compound:prt']);
/** Prepositions whose object names the owner of an agent ("soldiers from Gondor", "lawmakers in Fornost"). */
const OWNER_PREPS = new Set(['of', 'from', 'in', 'for', 'at']);
/** Definite nouns that stand for a country named shortly before ("the regime", "the government"). */
const ANAPHORA_NOUNS = new Set(['regime', 'government', 'administration', 'country', 'state', 'nation', 'republic', 'kingdom', 'leadership', 'authorities']);
/** Person and group nouns that take their possessor's country ("Iran's leader", "Gondor's people"). */
const ROLE_NOUNS = new Set(['leader', 'leaders', 'leadership', 'mayor', 'chief', 'head', 'spokesman', 'spokeswoman', 'spokesperson', 'envoy', 'envoys', 'representative', 'representatives', 'delegation', 'delegations', 'people', 'citizens', 'forces', 'allies', 'ally', 'counterpart', 'counterparts', 'army', 'navy', 'ruler', 'rulers', 'regime', 'population', 'nationals', 'official', 'officials', 'negotiator', 'negotiators']);
/** Quantities and parts whose of-phrase names the actor ("thousands of Nigerians", "a member of the Syrian parliament"). */
const PARTITIVE_NOUNS = new Set(['thousands', 'hundreds', 'dozens', 'scores', 'millions', 'tens', 'member', 'members', 'supporter', 'supporters', 'majority', 'most', 'some', 'many', 'all', 'both', 'remnants', 'unit', 'units', 'elements', 'wing', 'faction', 'factions', 'activists', 'crowds', 'crowd', 'group', 'team', 'teams', 'inhabitants', 'residents', 'villagers', 'natives']);
const POSSESSIVE_PRONOUNS = new Set(['his', 'her', 'its', 'their', 'he', 'she', 'it', 'they', 'him', 'them']);
/** "the two sides", "both leaders": plural nouns that, counted as two, stand for the story's two parties. */
const PAIR_NOUNS = new Set(['sides', 'leaders', 'countries', 'governments', 'factions', 'parties', 'men', 'ministers', 'presidents', 'neighbours', 'neighbors', 'nations', 'states', 'delegations', 'rivals', 'foes', 'groups', 'armies', 'premiers', 'officials', 'delegates', 'negotiators']);
/** How far back (tokens) "the two sides" looks for its two parties. */
const PAIR_WINDOW = 150;

/** token → entity, for tokens inside a mention of an entity (heads win over other tokens). */
export function entityIndex(doc: Doc): (Entity | undefined)[] {
  const out: (Entity | undefined)[] = [];
  for (const e of doc.entities ?? []) {
    for (const m of e.mentions) for (let k = m.tokenStart; k < m.tokenEnd; k++) if (!out[k]) out[k] = e;
  }
  for (const e of doc.entities ?? []) for (const m of e.mentions) if (m.head >= 0) out[m.head] = e;
  return out;
}

/**
 * The entity's mention covering token `k`, from a per-entity index built once: scanning every mention for each
 * argument made documents with one often-named entity quadratic (issue 14).
 */
const mentionIndex = new WeakMap<Entity, Map<number, Entity['mentions'][number]>>();
function mentionAt(e: Entity, k: number): Entity['mentions'][number] | undefined {
  let idx = mentionIndex.get(e);
  if (!idx) {
    idx = new Map();
    for (const x of e.mentions) for (let t = x.tokenStart; t < x.tokenEnd; t++) if (!idx.has(t)) idx.set(t, x);
    mentionIndex.set(e, idx);
  }
  return idx.get(k);
}

interface Member {
  head: number;
  actors: { code: string; start: number; end: number; name: string; entity: string | null; via: ActorRef['via']; bare?: boolean }[];
  agents: AgentEntry[];
  agentSpan: [number, number] | null;
}

export interface ArgContext {
  /** Publication (or record) date for dated actor roles. */
  date: string | undefined;
  entities: (Entity | undefined)[];
  /** The story's home country (the dateline's), for agents the sentence gives no country. */
  storyCountry?: string | null;
  /** Per sentence, the head tokens of coded entities' mentions in it (the argument model's candidates). */
  mentionHeads?: number[][];
  /** The person the previous sentence's speaker or subject describes without a name (`describedSubject`). */
  describedBefore?: ActorRef | null;
}

/** Per sentence, the head tokens of the mentions of coded entities (one pass over the entities). */
export function codedMentionHeads(doc: Doc): number[][] {
  const out: number[][] = doc.sentences.map(() => []);
  const sentenceOf = new Int32Array(doc.tokens.count).fill(-1);
  doc.sentences.forEach((s, i) => sentenceOf.fill(i, s.tokenStart, s.tokenEnd));
  for (const e of doc.entities ?? []) {
    if (!e.actor) continue;
    for (const m of e.mentions) if (m.head >= 0 && m.head < sentenceOf.length && sentenceOf[m.head] >= 0) out[sentenceOf[m.head]].push(m.head);
  }
  return out;
}

export class ArgumentCoder {
  /** Actors standing for possessive pronouns of the current clause ("his trips" → the clause's subject). */
  pronounActors: ActorRef[] = [];
  /** Possessors the parse attached elsewhere (head → possessor token), set by the coder. */
  readonly extraPossessor = new Map<number, number>();
  private readonly actorMemo: (ActorMatch | null | undefined)[] = [];
  private readonly agentMemo: (AgentMatch | null | undefined)[] = [];
  private readonly demonymMemo: (string | null | undefined)[] = [];

  /** The KB actor starting at token `i` (memoised per sentence). */
  actorAt(i: number): ActorMatch | null {
    const k = i - this.view.from;
    let a = this.actorMemo[k];
    if (a === undefined) {
      // Herald: a person's name is coded by the entities stage from the whole name the story gives; a dictionary
      // hit on one of its words is another person ("Randall Stephenson, AT&T's chief executive" is not the
      // Saint Lucian minister the dictionary lists as "Stephenson")
      const person = this.res.profile.storyScope && this.ctx.entities[i]?.type === 'PERSON';
      a = this.actorMemo[k] = person ? null : (this.res.actors.lookup(this.view.forms, k, this.ctx.date, this.view.normForms) ?? this.underscored(k));
    }
    return a;
  }

  /** A name written with underscores ("Dol_Amroth") looked up word by word; the match must end on a token edge. */
  private underscored(k: number): ActorMatch | null {
    const forms = this.view.forms;
    // most tokens start no underscored name: check before copying the window
    let any = false;
    for (let j = k; j < k + 6 && j < forms.length && !any; j++) any = forms[j].length > 2 && forms[j].includes('_');
    if (!any) return null;
    const win = forms.slice(k, k + 6);
    const parts: string[] = [];
    const owner: number[] = [];
    win.forEach((w, j) => {
      for (const p of w.split('_')) {
        if (!p) continue;
        parts.push(p);
        owner.push(j);
      }
    });
    const m = this.res.actors.lookup(parts, 0, this.ctx.date);
    if (!m || (m.length < parts.length && owner[m.length] === owner[m.length - 1])) return null;
    return { ...m, start: k, length: owner[m.length - 1] + 1 };
  }

  /** The KB agent starting at token `i` (memoised). */
  agentAt(i: number): AgentMatch | null {
    const k = i - this.view.from;
    let a = this.agentMemo[k];
    if (a === undefined) a = this.agentMemo[k] = this.res.actors.lookupAgent(this.view.forms, k, this.view.normForms);
    return a;
  }

  /** The country of a capitalised demonym at token `i` ("Iranian" → IRN), memoised. */
  demonymAt(i: number): string | null {
    const k = i - this.view.from;
    let d = this.demonymMemo[k];
    if (d === undefined) {
      const f = this.view.forms[k];
      d = this.demonymMemo[k] = f && f[0] !== f[0].toLowerCase() ? this.res.actors.countryOfDemonym(f) : null;
    }
    return d;
  }

  constructor(
    readonly view: SentenceView,
    readonly res: EventResources,
    readonly ctx: ArgContext,
  ) {}

  /**
   * Actors of the argument headed by `head` and its conjuncts; empty when none is coded. One actor per code, or
   * with `perMember` one per code and conjunct (the two sides of "talks between Lebed and Chechen leaders").
   */
  group(head: number, depth = 0, perMember = false): ActorRef[] {
    const v = this.view;
    const members = v.conjuncts(head).filter((m) => m === head || v.isNominal(m) || v.upos(m) === 'ADJ');
    for (const c of v.children(head)) {
      // "Israel and the Palestinians/nmod(Israel)": a case-less dependent with its own "and" is a conjunct
      if ((v.base(c) === 'nmod' || v.base(c) === 'appos') && c > head && !v.caseOf(c) && !members.includes(c) && v.children(c).some((k) => v.base(k) === 'cc' && k < c && (v.lc[k] === 'and' || v.lc[k] === 'or'))) members.push(c);
    }
    if (!this.res.profile.linearTarget) {
      // "Libyan leader Muammar Gaddafi/appos and Bulgarian President Todor Zhivkov/conj(Gaddafi)": a conjunct
      // the parse hung on the apposed name (or its flat part) is the argument's conjunct
      for (const a of v.children(head)) {
        if (v.rel(a) !== 'appos') continue;
        for (const x of [a, ...v.children(a).filter((f) => v.base(f) === 'flat')]) for (const c of v.children(x)) if (v.base(c) === 'conj' && v.isNominal(c) && !members.includes(c)) members.push(c);
      }
    }
    const up = v.head(head);
    if (!this.res.profile.linearTarget && members.length === 1 && up >= 0 && up < head && v.base(head) === 'nmod' && v.upos(head) === 'PROPN' && !this.ctx.entities[up]?.actor && !this.actorAt(up)) {
      // a list the parse hung on the noun before it ("… in late February to Iran, Libya/conj(February), Sudan"):
      // names conjoined to that uncoded noun after this one are this argument's conjuncts
      for (const c of v.children(up)) if (c > head && v.base(c) === 'conj' && v.upos(c) === 'PROPN') members.push(c);
    }
    if (this.res.profile.linearTarget) {
      // PETRARCH2 lists: "Evil Mordor, the awful Fornost/appos, and good Gondor" — an apposed name is one more actor
      for (const m of [...members]) for (const c of v.children(m)) if (v.rel(c) === 'appos' && v.upos(c) === 'PROPN' && !members.includes(c)) members.push(c);
    }
    const coded = members.map((m) => this.member(m, depth));
    // agent-only conjuncts borrow the nearest conjunct's actors ("lawmakers and officials in Fornost")
    for (let i = 0; i < coded.length; i++) {
      const c = coded[i];
      if (c.actors.length || !c.agents.length) continue;
      for (let d = 1; d < coded.length && !c.actors.length; d++) {
        for (const j of [i + d, i - d]) {
          if (j < 0 || j >= coded.length || !coded[j].actors.length || c.actors.length) continue;
          // Herald: a conjunct that is itself a name is another party, not where the agents belong ("cooperation
          // between Israel and some Sunni Arab states" is no Israeli Muslims'); PETRARCH2 borrows from it
          if (!this.res.profile.linearTarget && coded[j].actors.some((a) => a.start <= coded[j].head && coded[j].head < a.end)) continue;
          c.actors = coded[j].actors.filter((a) => a.via !== 'entity' || a.code.length === 3);
        }
      }
    }
    const out: ActorRef[] = [];
    for (const c of coded) {
      const kb = this.res.actors;
      if (c.actors.length) {
        for (const a of c.actors) {
          let code = a.code;
          if (!a.bare) for (const ag of c.agents) code = kb.compose(code, ag);
          const start = Math.min(a.start, c.agentSpan?.[0] ?? a.start);
          const end = Math.max(a.end, c.agentSpan?.[1] ?? a.end);
          out.push({ code, head: c.head, start, end, entity: a.entity, name: a.name, via: a.via, agentOnly: false });
        }
      } else if (c.agents.length) {
        let code: string | null = null;
        for (const ag of c.agents) code = kb.compose(code, ag);
        const [start, end] = c.agentSpan ?? [c.head, c.head + 1];
        out.push({ code: code!, head: c.head, start, end, entity: null, name: this.text(start, end), via: 'kb', agentOnly: true });
      }
    }
    const seen = new Set<string>();
    const key = (a: ActorRef): string => (perMember ? `${a.code} ${a.head}` : a.code);
    return out.filter((a) => (seen.has(key(a)) ? false : (seen.add(key(a)), true)));
  }

  private text(start: number, end: number): string {
    const t = this.view.doc.tokens;
    return this.view.doc.text.slice(t.start[start], t.end[end - 1]);
  }

  /** The contiguous name phrase around `m`: `m` and its name-internal dependents. */
  private span(m: number): [number, number] {
    const v = this.view;
    let lo = m;
    let hi = m;
    const walk = (k: number): void => {
      for (const c of v.children(k)) {
        // name-internal relations, and a bare (case-less) nominal modifier right next to the phrase
        // ("Deputy/nsubj Prime Minister/nmod:desc Telemar/nmod")
        const bare = (v.rel(c) === 'nmod' || v.rel(c) === 'nmod:desc') && !v.caseOf(c) && (c === hi + 1 || c === lo - 1 || Math.abs(c - k) <= 3) && v.isNominal(c) && v.upos(c) !== 'PRON';
        if (!bare && !NAME_RELS.has(v.rel(c)) && !NAME_RELS.has(v.base(c))) continue;
        if (v.base(c) === 'det' && v.upos(c) !== 'DET') continue;
        lo = Math.min(lo, c);
        hi = Math.max(hi, c);
        walk(c);
      }
    };
    walk(m);
    const prefix = this.spanPrefix.get(m);
    if (prefix !== undefined) lo = Math.min(lo, prefix);
    return [lo, hi + 1];
  }

  /** Heads whose phrase the parse split off its first words (head → first token), set by the coder. */
  readonly spanPrefix = new Map<number, number>();

  /**
   * The two parties "the two sides" at token `m` stands for: the last two coded entities named before it (within
   * PAIR_WINDOW tokens) whose codes are not one the other's part (ISR and ISRGOV are one side; RUSGOV and RUSREB
   * two). Null when the text names fewer.
   */
  private lastPair(m: number): Entity[] | null {
    const found: Entity[] = [];
    const ents = this.ctx.entities;
    for (let i = m - 1; i >= 0 && i >= m - PAIR_WINDOW && found.length < 2; i--) {
      const e = ents[i];
      if (!e?.actor || found.includes(e)) continue;
      const code = e.actor.code;
      if (found.some((f) => f.actor!.code.startsWith(code) || code.startsWith(f.actor!.code))) continue;
      found.push(e);
    }
    return found.length === 2 ? found.reverse() : null;
  }

  /** The coded country, organisation or body that is (or names) the subject of the previous sentence, or null. */
  private subjectBefore(): Entity | null {
    const v = this.view;
    const doc = v.doc;
    const prev = doc.sentences[v.index - 1];
    if (!prev) return null;
    const t = doc.tokens;
    for (let k = prev.tokenStart; k < prev.tokenEnd; k++) {
      if (!t.deprel[k].startsWith('nsubj')) continue;
      // the subject's head or a word of its phrase ("Syrian radio", "the Iraqi government")
      for (let j = Math.max(prev.tokenStart, k - 4); j <= k; j++) {
        const e = this.ctx.entities[j];
        if (!e?.actor || e.type === 'PERSON') continue;
        if (j === k || t.head[j] === k) return e;
      }
      if (this.ctx.entities[k]?.type === 'PERSON') return null;
    }
    return null;
  }

  /**
   * The actor of a person this sentence describes, without a name, as its speaker (the subject of its "said") or
   * its main-clause subject ("an embassy official", "a Polish diplomat"), or null: whom a "he" or "she" of the next
   * sentence that the entities stage could not link stands for.
   */
  describedSubject(): ActorRef | null {
    const v = this.view;
    let subject = -1;
    for (let k = v.from; k < v.to; k++) {
      if (v.rel(k) !== 'nsubj') continue;
      const h = v.head(k);
      if (h >= 0 && SPEECH_LEMMAS.has(v.lemma(h))) {
        subject = k;
        // '"We are in close touch …," said the Foreign Office spokesman': the parse took the quote for the subject
        // and the speaker after the verb for its object
        let quoted = false;
        for (let j = k + 1; j < h && !quoted; j++) quoted = v.lc[j] === '"' || v.lc[j] === '”';
        const after = quoted ? v.children(h).find((c) => c > h && v.base(c) === 'obj' && v.isNominal(c)) : undefined;
        if (after !== undefined) subject = after;
        break;
      }
      if (h >= 0 && v.head(h) < 0 && subject < 0) subject = k;
    }
    if (subject < 0 || this.ctx.entities[subject] || v.upos(subject) === 'PRON') return null;
    const found = this.group(subject);
    // (a person: a role noun read as an agent, with or without a country — not a country named outright)
    return found.length === 1 && found[0].via !== 'anaphora' && found[0].head === subject && (found[0].agentOnly || found[0].code.length > 3) ? found[0] : null;
  }

  private member(m: number, depth: number): Member {
    const v = this.view;
    const kb = this.res.actors;
    const out: Member = { head: m, actors: [], agents: [], agentSpan: null };
    const ent = this.ctx.entities[m];
    if (ent?.actor) {
      const mention = mentionAt(ent, m);
      // a capital named for its country's government ("Bonn", "Baghdad said") is the government (GUIDE.md, issue 12)
      // (not a city-state's name: "Singapore" is the country)
      const capital = this.res.profile.storyScope && ent.actor.code.length === 3 && mention !== undefined && this.res.actors.countryOfCapital(mention.text) === ent.actor.code && !this.res.actors.country(ent.actor.code)?.names.some((n) => n.toLowerCase() === mention.text.toLowerCase());
      out.actors.push({
        code: capital ? `${ent.actor.code}GOV` : ent.actor.code,
        start: mention?.tokenStart ?? m,
        end: mention?.tokenEnd ?? m + 1,
        name: ent.name,
        entity: ent.id,
        via: 'entity',
      });
      return out;
    }
    // (not when the phrase says who they are: "the two main Iraqi Kurdish rebel groups")
    const described = (): boolean => v.children(m).some((c) => v.base(c) === 'compound' || v.base(c) === 'nmod' || (v.base(c) === 'amod' && /^\p{Lu}/u.test(v.forms[c - v.from])));
    if (this.res.profile.storyScope && PAIR_NOUNS.has(v.lc[m]) && v.children(m).some((c) => v.lc[c] === 'both' || (v.lc[c] === 'two' && v.children(m).some((d) => v.lc[d] === 'the'))) && !described()) {
      const pair = this.lastPair(m);
      if (pair) {
        const [lo, hi] = this.span(m);
        for (const a of pair) out.actors.push({ code: a.actor!.code, start: lo, end: hi, name: a.name, entity: a.id, via: 'anaphora' });
        return out;
      }
    }
    // (only the subject of the sentence's main clause: in "Britain said it would …" the clause's own speaker is meant)
    if (this.res.profile.storyScope && v.lc[m] === 'it' && (v.rel(m) === 'nsubj' || v.rel(m) === 'nsubj:pass') && v.head(m) >= 0 && v.head(v.head(m)) < 0) {
      // "It welcomed the criticism", "But it slammed Damascus": the country or body the previous sentence's
      // subject named (the entities stage links pronouns to people only)
      const a = this.subjectBefore();
      if (a) {
        out.actors.push({ code: a.actor!.code, start: m, end: m + 1, name: a.name, entity: a.id, via: 'anaphora' });
        return out;
      }
    }
    if (this.res.profile.storyScope && (v.lc[m] === 'he' || v.lc[m] === 'she') && v.rel(m) === 'nsubj' && v.head(m) >= 0 && v.head(v.head(m)) < 0) {
      // "An Afghan embassy official said … He did not elaborate.": a pronoun the entities stage could not link
      // (it links pronouns to named people) stands for the person the previous sentence's speaker or subject
      // describes
      const a = this.ctx.describedBefore;
      if (a) {
        out.actors.push({ code: a.code, start: m, end: m + 1, name: a.name, entity: null, via: 'anaphora' });
        return out;
      }
    }
    if (this.res.profile.storyScope && v.upos(m) === 'NUM' && v.base(m) === 'obj' && !v.children(m).some((c) => v.isNominal(c))) {
      // "guerrillas kill one, take 8 hostage": a bare number of people acted on is people (civilians); not a
      // subject ("The two will also discuss …" stands for two named before)
      const people = kb.agentEntry('people');
      if (people) {
        out.agents.push(people);
        out.agentSpan = [m, m + 1];
        return out;
      }
    }
    if (v.upos(m) === 'PRON') {
      if (this.res.profile.pronouns && POSSESSIVE_PRONOUNS.has(v.lc[m])) {
        // "Buyoya … dismissed its threat of an arms embargo": "its" is no person's — the body the previous sentence
        // was about (the U.N. Security Council)
        const person = (a: ActorRef): boolean => !!a.entity && this.view.doc.entities?.find((e) => e.id === a.entity)?.type === 'PERSON';
        if (this.res.profile.storyScope && v.lc[m] === 'its' && this.pronounActors.length && this.pronounActors.every(person)) {
          const body = this.subjectBefore();
          if (body) out.actors.push({ code: body.actor!.code, start: m, end: m + 1, name: body.name, entity: body.id, via: 'anaphora' });
          return out;
        }
        for (const a of this.pronounActors) out.actors.push({ ...a, start: m, end: m + 1, via: 'pronoun' });
      }
      return out;
    }
    const [lo, hi] = this.span(m);
    const f = v.from;
    // Herald: a role word the agent dictionary lacks ("Israeli officials", "his Russian counterpart")
    let roleWord = -1;
    for (let i = lo; i < hi; ) {
      const e = this.ctx.entities[i];
      if (e?.actor && i !== m) {
        const mention = mentionAt(e, i);
        const end = Math.min(hi, mention?.tokenEnd ?? i + 1);
        out.actors.push({ code: e.actor.code, start: i, end, name: e.name, entity: e.id, via: 'entity' });
        i = Math.max(end, i + 1);
        continue;
      }
      const a = this.actorAt(i);
      if (a && a.code && (i + a.length <= hi || this.dominated(i, i + a.length, m))) {
        // a compound entry ([FRO/BIL/SAM]) stands for each of its codes
        for (const code of kb.codesAt(a.actorId, this.ctx.date)) {
          out.actors.push({ code, start: i, end: i + a.length, name: a.name, entity: e?.id ?? null, via: 'kb' });
        }
        i += a.length;
        continue;
      }
      let ag: AgentEntry & { length: number } | null = this.agentAt(i);
      if (ag && !(i + ag.length <= hi || this.dominated(i, i + ag.length, m))) {
        // the longest agent runs past the phrase ("Minister of Silly Walks" split by the parse): the word alone
        const one = kb.agentEntry(v.forms[i - f]);
        ag = one ? { ...one, length: 1 } : null;
      }
      if (ag && this.res.profile.storyScope && ag.length === 1 && (v.lc[i] === 'deputy' || v.lc[i] === 'deputies')) {
        // Phoenix files "deputy" as police (a sheriff's); in world news a deputy is a legislator alone and part of a
        // title before another ("three Russian deputy foreign ministers" are ministers), as describe.ts reads it
        // (whatever the parse made of the title: "deputy/obj foreign ministers/obj(deputy)")
        const title = i + 1 < v.to ? this.agentAt(i + 1) : null;
        const leg = title ? null : kb.agentEntry('legislators');
        if (title) ag = { ...title, length: title.length + 1 };
        else if (leg) ag = { ...leg, length: 1 };
      }
      if (ag && this.res.profile.storyScope && SPOKES.has(v.lc[i + ag.length - 1])) {
        // a spokesman speaks for a government or body (GUIDE.md codes spokesmen GOV); Phoenix files the word as media
        const gov = kb.agentEntry('government');
        if (gov) ag = { ...gov, length: ag.length };
      }
      if (ag) {
        out.agents.push(ag);
        out.agentSpan = out.agentSpan ? [out.agentSpan[0], i + ag.length] : [i, i + ag.length];
        i += ag.length;
        continue;
      }
      const dem = this.demonymAt(i);
      if (dem) {
        out.actors.push({ code: dem, start: i, end: i + 1, name: kb.country(dem)?.name ?? v.forms[i - f], entity: null, via: 'kb' });
      } else if (this.res.profile.storyScope && GOVERNMENT_ROLES.has(v.lc[i])) roleWord = i;
      i++;
    }
    // … is a government's when a country names whose ("Saudi officials" SAUGOV, as GUIDE.md codes spokesmen and
    // officials), never an actor of its own
    if (roleWord >= 0 && out.actors.length && !out.agents.length) {
      const gov = kb.agentEntry('government');
      if (gov) {
        out.agents.push(gov);
        out.agentSpan = [roleWord, roleWord + 1];
      }
    }
    if (out.actors.length && !out.agents.length) {
      // "Bree/nsubj Prime Minister Romendacil/appos": the title in an adjacent apposition is the actor's agent
      for (const c of v.children(m)) {
        if (v.rel(c) !== 'appos' || c < m || c - m > 4) continue;
        const [alo, ahi] = this.span(c);
        for (let i = alo; i < ahi; i++) {
          const ag = this.agentAt(i);
          if (ag && this.dominated(i, i + ag.length, c)) {
            out.agents.push(ag);
            break;
          }
        }
      }
    }
    if (out.actors.length && this.res.profile.looseOwners) {
      // PETRARCH2 reads the first actor of the noun phrase: "Ithilen's … minister Calimehtar" is Ithilen's
      // (also a possessor of a title inside the phrase: "Ithilen's/nmod:poss(minister) … minister/nmod:desc Calimehtar")
      const first = out.actors[0]?.start ?? m;
      const inPhrase = rangeOf(lo, hi).flatMap((k) => v.children(k)).find((c) => c < first && v.rel(c) === 'nmod:poss');
      const poss = v.children(m).find((c) => v.rel(c) === 'nmod:poss' && c < first) ?? this.extraPossessor.get(m) ?? inPhrase;
      const owner = poss !== undefined ? this.group(poss, depth + 1).filter((a) => !a.agentOnly) : [];
      if (owner.length) out.actors = owner.map((o) => ({ code: o.code, start: o.start, end: o.end, name: o.name, entity: o.entity, via: o.via }));
    }
    if (out.actors.length === 1 && out.actors[0].via === 'kb' && !this.res.profile.linearTarget && v.children(m).some((c) => v.lc[c] === 'ethnic')) {
      // "ethnic Albanians in south Serbia", "the ethnic Turks of Bulgaria": a minority is coded by where it lives
      for (const c of v.children(m)) {
        if (v.base(c) !== 'nmod' || !(v.caseOf(c) === 'in' || v.caseOf(c) === 'of')) continue;
        const home = this.group(c, depth + 1).find((a) => !a.agentOnly && kb.splitCode(a.code).country);
        if (home) out.actors = [{ code: kb.splitCode(home.code).country!, start: out.actors[0].start, end: home.end, name: home.name, entity: home.entity, via: home.via }];
        break;
      }
    }
    if (out.actors.length > 1) {
      // "US President Donald Trump": the actor that covers the head names the argument
      const cover = out.actors.find((a) => a.start <= m && m < a.end) ?? out.actors[0];
      out.actors = out.actors.filter((a) => a.start === cover.start);
    }
    if (out.actors.length || depth > 2) return out;
    // owners: possessors, of/in/from phrases, appositions
    const owners: { a: ActorRef; bare: boolean }[] = [];
    const extra = this.extraPossessor.get(m);
    const ownerKids = extra === undefined ? v.children(m) : [...v.children(m), extra];
    for (const c of ownerKids) {
      const r = v.rel(c);
      if (r === 'nmod:poss' || c === extra || (v.base(c) === 'nmod' && OWNER_PREPS.has(v.caseOf(c)))) {
        const owned = out.agents.length > 0 || this.res.profile.looseOwners || ROLE_NOUNS.has(v.lc[m]) || ((PARTITIVE_NOUNS.has(v.lc[m]) || v.upos(m) === 'NUM') && v.caseOf(c) !== 'in');
        if (owned) for (const a of this.group(c, depth + 1)) owners.push({ a, bare: false });
      } else if (r === 'appos') {
        // an apposition names the argument itself: its code stands as it is ("two Muslim countries — Azerbaijan")
        for (const a of this.group(c, depth + 1)) if (!a.agentOnly) owners.push({ a, bare: true });
      }
    }
    for (const { a: o, bare } of owners) {
      if (out.actors.some((a) => a.code === o.code)) continue;
      out.actors.push({ code: o.code, start: o.start, end: o.end, name: o.name, entity: o.entity, via: o.via, bare });
    }
    const anaphor = (k: number): boolean => ANAPHORA_NOUNS.has(v.lemma(k)) && (this.isDefinite(k) || (k > v.from && v.lc[k - 1] === 'the'));
    let hasAnaphor = false;
    for (let k = lo; k < hi && !hasAnaphor; k++) hasAnaphor = anaphor(k);
    if (!out.actors.length && this.res.profile.anaphora && hasAnaphor) {
      // Herald's story scope: "The government declined comment", "the authorities said" in a story from Amman are
      // Jordan's, whatever country the sentence before named (not "the regime", "the country": the seed article's
      // "the regime has … threatened an attack on Tel Aviv" is Iran's, in a story told from Israel)
      const home = this.res.profile.storyScope && (v.lemma(m) === 'government' || v.lemma(m) === 'authority') ? this.ctx.storyCountry : null;
      const c = home ?? this.countryBefore(lo);
      if (c) {
        out.actors.push({ code: c, start: lo, end: hi, name: kb.country(c)?.name ?? c, entity: null, via: 'anaphora' });
      }
    }
    return out;
  }

  /** Are tokens [from, to) all inside the subtree of `m`? ("Prince of Dol Amroth" is one actor name) */
  private dominated(from: number, to: number, m: number): boolean {
    const v = this.view;
    if (to > v.to) return false;
    for (let k = from; k < to; k++) {
      let x = k;
      for (let n = 0; n < 12 && x !== m && x >= 0; n++) x = v.head(x);
      if (x !== m) return false;
    }
    return true;
  }

  private isDefinite(m: number): boolean {
    const v = this.view;
    return v.children(m).some((c) => v.base(c) === 'det' && (v.lc[c] === 'the' || v.lc[c] === 'this'));
  }

  /** Countries the source side of the current clause refers to, excluded from anaphora resolution. */
  excludeCountries = new Set<string>();

  /**
   * The nearest country named before token `before` in this or the previous sentence: a country name, a
   * demonym ("Iranian") or a capital ("Tehran"), not one of `excludeCountries`.
   */
  countryBefore(before: number): string | null {
    const doc = this.view.doc;
    const kb = this.res.actors;
    const si = this.view.index;
    const from = doc.sentences[Math.max(0, si - 1)].tokenStart;
    const forms = doc.tokens.form.slice(from, before).map((f) => f.replace(/[’‘]/g, "'"));
    for (let j = forms.length - 1; j >= 0; j--) {
      const w = forms[j];
      if (!w || w[0] === w[0].toLowerCase()) continue;
      let c = kb.countryOfDemonym(w) ?? kb.countryOfCapital(w);
      if (!c) {
        // a country name ending here ("North Korea", "Iran")
        for (let k = Math.max(0, j - 3); k <= j && !c; k++) {
          const a = kb.lookup(forms, k);
          if (a && k + a.length - 1 === j) c = kb.actor(a.actorId)?.country ?? null;
        }
      }
      if (c && !this.excludeCountries.has(c)) return c;
    }
    return null;
  }
}

/** Role nouns of a government's people that the agent dictionary lacks (it has "authorities", "minister"). */
/** A government's or body's voice (GUIDE.md codes spokesmen GOV; the Phoenix agents dictionary files them as media). */
const SPOKES = new Set(['spokesman', 'spokesmen', 'spokeswoman', 'spokeswomen', 'spokesperson', 'spokespeople', 'spokespersons']);

const GOVERNMENT_ROLES = new Set(['official', 'officials', 'leader', 'leaders', 'leadership', 'counterpart', 'counterparts', 'envoy', 'envoys', 'negotiator', 'negotiators', 'spokesman', 'spokeswoman']);

/** The country part of an actor code (first three letters when they are a country code), or null. */
export function countryOfCode(res: EventResources, code: string): string | null {
  return res.actors.splitCode(code).country;
}

function rangeOf(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i++) out.push(i);
  return out;
}
