/**
 * What frames ask of a draft: which entity a clause talks about (named in
 * it, or the one a pronoun refers back to), the app's main entity, and
 * word tests on clauses. Private to the frames.
 *
 * @module
 */
import type { Field } from "../../../core/spec.ts";
import { addField, type Draft, type DraftEntity, findEntity } from "../draft.ts";
import { mentionsOf } from "../entities.ts";
import type { Clause } from "../nlp.ts";

/**
 * @param draft The draft.
 * @param index A clause.
 * @returns The entities the clause names, in order.
 */
export function entitiesIn(draft: Draft, index: number): DraftEntity[] {
  const clause = draft.parsed.clauses[index];
  if (clause === undefined) return [];
  const out: DraftEntity[] = [];
  for (const mention of mentionsOf(clause)) {
    const entity = findEntity(draft, mention.words.join(" ")) ??
      findEntity(draft, mention.words.at(-1)!);
    if (entity !== undefined && !out.includes(entity)) out.push(entity);
  }
  for (const entity of draft.entities) {
    if (entity.clauses.includes(index) && !out.includes(entity)) out.push(entity);
  }
  return out;
}

/**
 * The entity a clause is about: the first it names, else the last one named
 * before it in the same sentence or the one before ("… close them").
 *
 * @param draft The draft.
 * @param index A clause.
 * @param prefer Entities to pick when the clause names several.
 * @returns The entity, if any.
 */
export function entityOf(
  draft: Draft,
  index: number,
  prefer?: (e: DraftEntity) => boolean,
): DraftEntity | undefined {
  const named = entitiesIn(draft, index);
  const chosen = (prefer ? named.find(prefer) : undefined) ?? named.find((e) => !e.person) ??
    named[0];
  if (chosen !== undefined) return chosen;
  for (let i = index - 1; i >= 0; i--) {
    const before = entitiesIn(draft, i).filter((e) => !e.person);
    if (before.length > 0) return (prefer ? before.find(prefer) : undefined) ?? before.at(-1);
  }
  return mainEntity(draft);
}

/**
 * The thing (not a person) a clause is about, looking back when it names only
 * people: "Members RSVP" signs members up for the nights named before.
 *
 * @param draft The draft.
 * @param index A clause.
 * @param prefer Which things qualify.
 * @returns The entity, if any.
 */
export function thingOf(
  draft: Draft,
  index: number,
  prefer: (e: DraftEntity) => boolean = () => true,
): DraftEntity | undefined {
  for (let i = index; i >= 0; i--) {
    const found = entitiesIn(draft, i).filter((e) => !e.person && prefer(e));
    if (found.length > 0) return i === index ? found[0] : found.at(-1);
  }
  return draft.entities.find((e) => !e.person && prefer(e));
}

/** The app's main entity: the first thing it keeps that is not a person. */
export function mainEntity(draft: Draft): DraftEntity | undefined {
  return draft.entities.find((e) => !e.person) ?? draft.entities[0];
}

/**
 * @param clause A clause.
 * @param test Words to look for.
 * @returns Whether the clause holds one of them (lower case or singular).
 */
export function has(clause: Clause | undefined, test: RegExp): boolean {
  return clause !== undefined && test.test(clause.text);
}

/**
 * The clauses whose text matches.
 *
 * @param draft The draft.
 * @param test The pattern.
 * @returns Their indexes.
 */
export function clausesMatching(draft: Draft, test: RegExp): number[] {
  const out: number[] = [];
  draft.parsed.clauses.forEach((c, i) => {
    if (!draft.consumed.has(i) && matchesFreely(c, test)) out.push(i);
  });
  return out;
}

/**
 * Whether a clause matches outside the words the user listed as fields: "a
 * guest list with meal choice and RSVP yes/no" lists an RSVP field, it asks
 * for no RSVPs. (A clause that only lists fields or stages is consumed, and
 * matches nothing.)
 */
function matchesFreely(clause: Clause, test: RegExp): boolean {
  if (!test.test(clause.text)) return false;
  if (clause.blocked.size === 0) return true;
  const blocked = new Set([...clause.blocked].map((i) => clause.words[i]?.lower));
  const all = new RegExp(test.source, test.flags.includes("g") ? test.flags : `${test.flags}g`);
  for (const match of clause.text.matchAll(all)) {
    const words = match[0].toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(Boolean);
    if (words.length === 0 || words.some((w) => !blocked.has(w))) return true;
  }
  return false;
}

/**
 * The first clause whose text (or its sentence's) matches.
 *
 * @param draft The draft.
 * @param test The pattern.
 * @returns Its index, or -1.
 */
export function clauseMatching(draft: Draft, test: RegExp): number {
  return draft.parsed.clauses.findIndex((c, i) => !draft.consumed.has(i) && matchesFreely(c, test));
}

/**
 * @param draft The draft.
 * @param test The pattern.
 * @returns Whether the prompt says it anywhere.
 */
export function says(draft: Draft, test: RegExp): boolean {
  return test.test(draft.parsed.text);
}

/**
 * Adds (or finds) a field, typed as the frame needs it.
 *
 * @param entity The entity.
 * @param field The field.
 * @returns The entity's field of that name.
 */
export function field(entity: DraftEntity, field: Field): Field {
  return addField(entity, field);
}

/**
 * The entity's first field of a type, if any.
 *
 * @param entity The entity.
 * @param types Field types, in preference order.
 * @returns The field.
 */
export function fieldOfType(entity: DraftEntity, ...types: Field["type"][]): Field | undefined {
  for (const type of types) {
    const found = entity.fields.find((f) => f.type === type && f.computed === undefined);
    if (found !== undefined) return found;
  }
  return undefined;
}
