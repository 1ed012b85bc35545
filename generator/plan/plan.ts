/**
 * The offline planner: derives a spec from the prompt and the retrieved
 * library patterns, deterministically. It reads the prompt as a list of
 * mentions (known entities, compound nouns, attribute words, other nouns) and
 * the cues between them ("X with Y and Z" makes Y and Z children or
 * attributes of X), then fills in the best-matching pattern's core entities.
 *
 * @module
 */
import type { Pattern, PatternEntity } from "../../rag/pattern.ts";
import { completeSpec } from "../../core/routes.ts";
import type { Entity, Field, Spec } from "../../core/spec.ts";
import { SpecSchema } from "../../core/spec.ts";
import {
  capitalize,
  labelOf,
  pascalCase,
  pluralize,
  singularize,
  snakeCase,
  words,
} from "../../core/words.ts";
import {
  ACTION_VERBS,
  ATTRIBUTES,
  AUTH_PATTERN,
  BUSINESS_NOUNS,
  COMPOUND_HEADS,
  FEATURE_WORDS,
  GENERIC_KEYWORDS,
  STOPWORDS,
  TITLED_ENTITIES,
  TRACKER_NOUNS,
  VERB_NOUNS,
} from "./lexicon.ts";

/** What the offline planner reads. */
export interface PlanInput {
  /** The sanitised prompt. */
  prompt: string;
  /** Retrieved patterns, best first. */
  hits: readonly { pattern: Pattern; score: number }[];
  /** The whole pattern library, to recognise entities of patterns not retrieved. */
  library: readonly Pattern[];
}

const MAX_ENTITIES = 8;
const COLLECTIONS = new Set(["book", "collection", "library", "archive", "box", "album"]);
const POSSESSIVES = new Set(["my", "our", "your", "their"]);
/** Verbs whose act is itself a record: "lend books to members" stores loans. */
const VERB_ENTITIES: Record<string, string> = {
  lend: "loan",
  borrow: "loan",
  rent: "rental",
  apply: "application",
  enroll: "enrollment",
  enrol: "enrollment",
  subscribe: "subscription",
  donate: "donation",
  vote: "vote",
  adopt: "adoption",
};
const GENERIC_ALIASES = new Set(["item", "entry", "record", "thing", "element", "object", "data"]);
const DETERMINERS = new Set(
  "each the a an my their them it every all your our his her its this that these those".split(" "),
);
const SUBJECTS = new Set(
  "i we you they to can will should who users visitors customers clients members people guests students staff"
    .split(" "),
);
const ACRONYMS = new Set(["crm", "cms", "erp", "hr", "faq", "rsvp", "kpi"]);
const LIST_CUES = new Set(["and", ",", "&", "plus", "or"]);
const CHILD_CUES = new Set(["with", "having", "containing", "has", "have"]);

/** Something the prompt names, at token `at`, covering `span` tokens. */
type Mention =
  & { at: number; span: number }
  & (
    /** `as`: the user's own word for a pattern entity ("tickets" for Issue). */
    | { kind: "entity"; entity: PatternEntity; pattern: string; as?: string }
    /** `links`: a record made by a verb, linking the entities around it. */
    | { kind: "noun"; words: string[]; links?: boolean }
    /** `plural`: named in the plural ("their authors"), so maybe an entity. */
    | { kind: "attribute"; field: Field; plural?: boolean }
  );

interface Draft {
  entity: Entity;
  /** True when the entity was made from a noun, not taken from a pattern. */
  generic: boolean;
  /** The entity this one was introduced as a child of ("X with Y"). */
  parent?: string;
  /** More entities it belongs to: a loan belongs to a book and a member. */
  links?: string[];
}

/**
 * Plans an app from a prompt.
 *
 * @param input The prompt, retrieved patterns and the library.
 * @returns A complete, consistent spec.
 * @example
 * ```ts
 * import { planOffline } from "./plan.ts";
 * const spec = planOffline({ prompt: "a habit tracker with check-ins", hits: [], library: [] });
 * if (!spec.entities.some((e) => e.name === "Habit")) throw new Error();
 * ```
 */
export function planOffline(input: PlanInput): Spec {
  const tokens = tokenize(input.prompt);
  const auth = AUTH_PATTERN.test(input.prompt);
  const primary = pickPrimary(input.hits, tokens);
  const mentions = readMentions(tokens, input.library, primary, auth);

  const drafts = new Map<string, Draft>();
  const add = (entity: Entity, generic: boolean, parent?: string) => {
    if (drafts.has(entity.name) || drafts.size >= MAX_ENTITIES) return;
    drafts.set(entity.name, {
      entity: structuredClone(entity),
      generic,
      ...(parent ? { parent } : {}),
    });
  };
  if (primary !== undefined) {
    for (const entity of primary.entities) if (entity.core) add(stripPattern(entity), false);
  }

  const renames = new Map<string, string>();
  // Walk the mentions keeping the entity a "with" list hangs off.
  let anchor: string | undefined;
  let listOwner: string | undefined;
  let previous: Mention | undefined;
  for (const mention of mentions) {
    const cue = cueBetween(tokens, previous, mention);
    if (CHILD_CUES.has(cue)) listOwner = anchor;
    else if (!LIST_CUES.has(cue) && cue !== "") listOwner = undefined;
    if (
      mention.kind === "attribute" &&
      !(mention.plural && listOwner === undefined && mention.field.type === "string")
    ) {
      const owner = drafts.get(listOwner ?? anchor ?? "") ?? drafts.values().next().value;
      if (owner !== undefined) addField(owner.entity, mention.field);
    } else if (mention.kind === "attribute") {
      // "the books I've read, their authors": a list of things, not a field.
      const entity = genericEntity([mention.field.name]);
      if (findDraft(drafts, entity) === undefined) add(entity, true);
      anchor = findDraft(drafts, entity)?.entity.name ?? anchor;
    } else {
      const generic = mention.kind === "noun";
      let entity = generic ? genericEntity(mention.words) : stripPattern(mention.entity);
      entity = drafts.get(renames.get(entity.name) ?? "")?.entity ?? entity;
      if (mention.kind === "entity" && mention.as !== undefined && !renames.has(entity.name)) {
        // Speak the user's words: "tickets" makes the Issue entity a Ticket.
        const renamed = renameEntity(entity, mention.as);
        if (!drafts.has(renamed.name)) {
          const draft = drafts.get(entity.name);
          renames.set(entity.name, renamed.name);
          if (draft !== undefined) {
            drafts.delete(entity.name);
            drafts.set(renamed.name, { ...draft, entity: renamed });
          }
          entity = renamed;
        }
      }
      const known = findDraft(drafts, entity);
      const name = known?.entity.name ?? entity.name;
      if (known === undefined) add(entity, generic, listOwner);
      // "check-ins for each habit": the entity before "each" belongs to this one.
      const before = drafts.get(anchor ?? "");
      if (
        cue === "each" && before !== undefined && before.parent === undefined && anchor !== name
      ) {
        before.parent = name;
      }
      if (drafts.has(name)) anchor = name;
    }
    previous = mention;
  }
  if (drafts.size === 0) add(genericEntity(["item"]), true);
  linkVerbRecords(mentions, drafts);
  applyRenames(drafts, renames);

  const entities = linkEntities(
    [...drafts.values()],
    auth,
    /\b(my|personal|private|own)\b/i.test(input.prompt),
  );
  const title = appTitle(tokens, primary, entities);
  return SpecSchema.parse(completeSpec({
    name: snakeCase(title).slice(0, 40).replace(/_+$/, "") || "app",
    title,
    summary: summarize(title, entities, auth),
    patterns: usedPatterns(primary, mentions, entities, auth),
    auth,
    entities,
  }));
}

function tokenize(prompt: string): string[] {
  return prompt.toLowerCase()
    .replace(/[’']s\b/g, "")
    .replace(/check[- ]ins?\b/g, "checkin")
    .replace(/to[- ]?dos?\b/g, "todo")
    .replace(/e-?mail/g, "email")
    .replace(/[,;:()]/g, " , ")
    .replace(/[^a-z0-9, ]+/g, " ")
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

function tokensMention(tokens: string[], pattern: Pattern): boolean {
  // Verbs ("post a job") and attribute words ("notes", "status") say little
  // about which kind of app this is.
  const words = new Set(
    tokens.flatMap((t) => [t, singularize(t)]).filter((w) =>
      !(VERB_NOUNS.has(w) && tokens.includes(w)) &&
      !ATTRIBUTES.some((a) => a.words.includes(singularize(w)))
    ),
  );
  const specific = (word: string) => !GENERIC_KEYWORDS.has(word) && !STOPWORDS.has(word);
  return pattern.keywords.some((k) => specific(k.toLowerCase()) && words.has(k.toLowerCase())) ||
    pattern.entities.some((e) => e.core && e.aliases.some((a) => specific(a) && words.has(a)));
}

function pickPrimary(
  hits: PlanInput["hits"],
  tokens: string[],
): Pattern | undefined {
  // A pattern leads only when the prompt itself names one of its words; the
  // auth pattern adds sign-in, not the app's subject.
  return hits.find((h) => h.pattern.id !== "auth" && tokensMention(tokens, h.pattern))?.pattern;
}

function readMentions(
  tokens: string[],
  library: readonly Pattern[],
  primary: Pattern | undefined,
  auth: boolean,
): Mention[] {
  const aliases = new Map<string, { entity: PatternEntity; pattern: string }>();
  // The primary pattern's entities win when two patterns use the same word.
  const ordered = primary ? [primary, ...library.filter((p) => p !== primary)] : library;
  for (const pattern of ordered) {
    if (pattern.id === "auth" && !auth) continue;
    for (const entity of pattern.entities) {
      // Another pattern's entity is only pulled in by its own name ("tags",
      // "reviews"), not by a loose alias ("server" for a chat channel).
      const names = pattern === primary
        ? [...entity.aliases, entity.label]
        : [entity.label, singularize(entity.labelPlural)];
      for (const alias of names) {
        if (!aliases.has(alias)) aliases.set(alias, { entity, pattern: pattern.id });
      }
    }
  }
  const keywords = new Set(library.flatMap((p) => p.keywords.map((k) => k.toLowerCase())));
  const primaryIds = new Set(primary?.entities.map((e) => e.name) ?? []);
  const patternIds = new Set(library.map((p) => p.id));
  const labels = new Set(library.flatMap((p) => p.entities.map((e) => e.label)));
  const mentions: Mention[] = [];
  const fallback: string[] = [];
  const attribute = (phrase: string | undefined) =>
    phrase === undefined ? undefined : ATTRIBUTES.find((a) => a.words.includes(phrase));
  for (let i = 0; i < tokens.length; i++) {
    const raw = tokens[i]!;
    const one = singularize(raw);
    const next = tokens[i + 1] === undefined ? undefined : singularize(tokens[i + 1]!);
    const two = next === undefined ? undefined : `${one} ${next}`;
    if (FEATURE_WORDS.has(raw) || FEATURE_WORDS.has(one)) continue;
    // "clients book ...", "agents add ...": the word before a verb is an actor,
    // unless it names an entity ("companies post openings").
    if (
      next !== undefined && ACTION_VERBS.has(next) && raw !== one && !labels.has(one) &&
      VERB_ENTITIES[next] === undefined
    ) {
      continue;
    }
    // "lend books to members": the verb names a record linking both.
    const event = VERB_ENTITIES[one] ?? VERB_ENTITIES[raw];
    if (event !== undefined) {
      mentions.push({ kind: "noun", words: [event], at: i, span: 1, links: true });
      continue;
    }
    // A verb that also reads as a noun: "book appointments", "I record".
    if (
      VERB_NOUNS.has(one) &&
      ((next !== undefined && tokens[i + 1] !== next && /^[a-z]{3,}$/.test(next) &&
        !STOPWORDS.has(next)) ||
        DETERMINERS.has(tokens[i + 1] ?? "") || SUBJECTS.has(tokens[i - 1] ?? ""))
    ) {
      continue;
    }
    // "hair salon", "adoption site", "library system": the word describes
    // the business or the app; kept only if nothing else is named.
    if (next !== undefined && BUSINESS_NOUNS.has(next) && !aliases.has(one)) {
      if (isNoun(one)) fallback.push(one);
      continue;
    }
    // "my team", "our office": the user's own group, not a record of the app.
    if (
      POSSESSIVES.has(tokens[i - 1] ?? "") && raw === one && next !== undefined && !isNoun(next)
    ) {
      continue;
    }
    // "a recipe book", "a stamp collection": the app is the collection.
    if (COLLECTIONS.has(raw) && mentions.at(-1)?.at === i - 1) continue;
    if ((TRACKER_NOUNS.has(one) && i > 0) || (BUSINESS_NOUNS.has(one) && !aliases.has(one))) {
      continue;
    }
    const alias = (phrase: string) => {
      const found = aliases.get(phrase);
      // A word that is also an attribute ("notes", "photo") names another
      // pattern's entity only when that pattern leads.
      if (found && attribute(phrase) && !primaryIds.has(found.entity.name)) return undefined;
      return found;
    };
    const known = two === undefined ? undefined : alias(two);
    if (known) {
      mentions.push({ kind: "entity", ...known, at: i++, span: 2 });
    } else if (attribute(two)) {
      mentions.push({ kind: "attribute", field: attribute(two)!.field, at: i++, span: 2 });
    } else if (!STOPWORDS.has(one) && alias(one)) {
      const found = alias(one)!;
      const own = one !== found.entity.label && one !== singularize(found.entity.labelPlural) &&
        !GENERIC_ALIASES.has(one) && isNoun(one) && !BUSINESS_NOUNS.has(one) &&
        !TRACKER_NOUNS.has(one);
      mentions.push({ kind: "entity", ...found, at: i, span: 1, ...(own ? { as: one } : {}) });
    } else if (next !== undefined && isNoun(one) && raw === one && attribute(next)) {
      // "return dates", "cooking notes": a named variant of an attribute.
      const field = attribute(next)!.field;
      const name = `${one}_${field.name}`;
      mentions.push({ kind: "attribute", field: { ...field, name }, at: i++, span: 2 });
    } else if (
      next !== undefined && !patternIds.has(one) && !BUSINESS_NOUNS.has(one) && raw === one &&
      // "a workout log" is the app; "watering logs" are records.
      !(TRACKER_NOUNS.has(next) && tokens[i + 1] === next) &&
      // "watering logs", "fitness classes": a noun used as an adjective.
      ((/^[a-z]{3,}ing$/.test(one) && COMPOUND_HEADS.has(next)) ||
        (isNoun(one) && (COMPOUND_HEADS.has(next) || (tokens[i + 1] !== next && isNoun(next)))))
    ) {
      mentions.push({ kind: "noun", words: [one, next], at: i++, span: 2 });
    } else if (attribute(one) && !keywords.has(one)) {
      mentions.push({
        kind: "attribute",
        field: attribute(one)!.field,
        at: i,
        span: 1,
        ...(raw !== one ? { plural: true } : {}),
      });
    } else if (isNoun(one) && !keywords.has(one) && !keywords.has(raw)) {
      mentions.push({ kind: "noun", words: [one], at: i, span: 1 });
    }
  }
  if (!mentions.some((m) => m.kind !== "attribute") && fallback.length > 0) {
    mentions.unshift({ kind: "noun", words: [fallback[0]!], at: 0, span: 0 });
  }
  return mentions;
}

function isNoun(word: string): boolean {
  return /^[a-z]{3,24}$/.test(word) && !STOPWORDS.has(word) && !FEATURE_WORDS.has(word) &&
    !/(ing|ly|ed|ful|ous|ive)$/.test(word) && !/^[a-z]{4,}(able|ible)$/.test(word);
}

/** The nearest cue word between two mentions: a connector like "with" or "and". */
function cueBetween(tokens: string[], previous: Mention | undefined, mention: Mention): string {
  if (previous === undefined) return "";
  const between = tokens.slice(
    previous.at + previous.span,
    mention.at,
  );
  for (const word of between) if (CHILD_CUES.has(word)) return word;
  if (between.some((w) => w === "each" || w === "per" || w === "every")) return "each";
  const last = between.at(-1);
  if (last !== undefined && LIST_CUES.has(last)) return last;
  return between.length === 0 ? "," : "other";
}

function stripPattern(entity: PatternEntity): Entity {
  const { core: _core, aliases: _aliases, ...rest } = entity;
  return rest;
}

function genericEntity(words: string[]): Entity {
  const singular = words.map(singularize);
  const name = pascalCase(singular.join(" "));
  const label = labelOf(singular.join(" "));
  const head = singular.at(-1)!;
  const display = TITLED_ENTITIES.has(head) ? "title" : "name";
  return {
    name,
    plural: snakeCase(pluralize(label)),
    label,
    labelPlural: pluralize(label),
    description: `A ${label} of the app.`,
    display,
    fields: [
      { name: display, type: "string", required: true },
      { name: "description", type: "text", required: false },
    ],
    relations: [],
    access: "public",
  };
}

/** A pattern entity under the user's word, e.g. Issue as "ticket". */
function renameEntity(entity: Entity, word: string): Entity {
  const label = labelOf(word);
  return {
    ...structuredClone(entity),
    name: pascalCase(word),
    label,
    labelPlural: pluralize(label),
    plural: snakeCase(pluralize(label)),
  };
}

/** Points relations at renamed entities, renaming `issue_id` to `ticket_id` too. */
function applyRenames(drafts: Map<string, Draft>, renames: Map<string, string>): void {
  for (const draft of drafts.values()) {
    draft.entity.relations = draft.entity.relations.map((r) => {
      const target = renames.get(r.target);
      if (target === undefined) return r;
      const field = r.field === `${snakeCase(r.target)}_id` &&
          !draft.entity.fields.some((f) => f.name === `${snakeCase(target)}_id`)
        ? `${snakeCase(target)}_id`
        : r.field;
      return { ...r, target, field };
    });
    if (draft.parent !== undefined) draft.parent = renames.get(draft.parent) ?? draft.parent;
    if (draft.links) draft.links = draft.links.map((l) => renames.get(l) ?? l);
  }
}

/** The patterns the spec drew entities from, the leading one first. */
function usedPatterns(
  primary: Pattern | undefined,
  mentions: Mention[],
  entities: Entity[],
  auth: boolean,
): string[] {
  const names = new Set(entities.map((e) => e.name));
  const ids = mentions.flatMap((m) =>
    m.kind === "entity" && names.has(m.entity.name) ? [m.pattern] : []
  );
  return [...new Set([...(primary ? [primary.id] : []), ...ids, ...(auth ? ["auth"] : [])])];
}

/** Makes each record named by a verb belong to the entities named around it. */
function linkVerbRecords(mentions: Mention[], drafts: Map<string, Draft>): void {
  const nameOf = (m: Mention | undefined) => {
    if (m === undefined || m.kind === "attribute") return undefined;
    const entity = m.kind === "noun" ? genericEntity(m.words) : stripPattern(m.entity);
    return findDraft(drafts, entity)?.entity.name;
  };
  mentions.forEach((mention, index) => {
    if (mention.kind !== "noun" || !mention.links) return;
    const record = nameOf(mention);
    const draft = drafts.get(record ?? "");
    if (draft === undefined || !draft.generic) return;
    const entities = mentions.filter((m) =>
      m.kind !== "attribute" && !(m.kind === "noun" && m.links)
    );
    const at = mentions[index]!.at;
    const before = entities.filter((m) => m.at < at).map(nameOf);
    const after = entities.filter((m) => m.at > at).map(nameOf);
    // The actor before the verb and its object after; "candidates apply" with
    // nothing after links to the two named before.
    const around = before.length === 0
      ? after.slice(0, 2)
      : after.length === 0
      ? before.slice(-2)
      : [before.at(-1), after[0]];
    draft.links = [...new Set(around)].filter((n): n is string => n !== undefined && n !== record);
  });
}

function findDraft(drafts: Map<string, Draft>, entity: Entity): Draft | undefined {
  return drafts.get(entity.name) ??
    [...drafts.values()].find((d) =>
      d.entity.plural === entity.plural || d.entity.label === entity.label
    );
}

function addField(entity: Entity, field: Field): void {
  if (entity.fields.some((f) => f.name === field.name)) return;
  if (entity.relations.some((r) => r.field === field.name)) return;
  entity.fields.push(structuredClone(field));
}

/**
 * Keeps relations whose target is in the app, hangs children introduced with
 * "X with Y" off their parent, and sets access from auth.
 */
function linkEntities(drafts: Draft[], auth: boolean, personal: boolean): Entity[] {
  const names = new Set(drafts.map((d) => d.entity.name));
  const byName = new Map(drafts.map((d) => [d.entity.name, d.entity]));
  const entities = drafts.map(({ entity, generic, parent, links }) => {
    const kept = entity.relations.filter((r) => names.has(r.target));
    const dropped = entity.relations.some((r) => !names.has(r.target) && r.required);
    const reverse = byName.get(parent ?? "")?.relations.some((r) => r.target === entity.name);
    // Pattern entities keep their curated links; a generic child, or one that
    // lost a required parent, hangs off the entity it was introduced with.
    const parents = [
      ...(parent !== undefined && !reverse && (generic || dropped) ? [parent] : []),
      ...(generic ? links ?? [] : []),
    ];
    for (const target of parents) {
      const field = `${snakeCase(target)}_id`;
      if (
        target !== entity.name && !kept.some((r) => r.target === target) &&
        !entity.fields.some((f) => f.name === field)
      ) {
        kept.push({ target, field, required: true });
      }
    }
    const access: Entity["access"] = !auth
      ? "public"
      : entity.access !== "public"
      ? entity.access
      : personal && parent === undefined
      ? "private"
      : entity.access;
    return { ...entity, relations: kept, access };
  });
  // A child of a private parent must be private too, or anyone could read it.
  for (let changed = true; changed;) {
    changed = false;
    for (const entity of entities) {
      const privateParent = entity.relations.some((r) =>
        byName.has(r.target) && entities.find((e) => e.name === r.target)?.access === "private"
      );
      if (privateParent && entity.access !== "private") {
        entity.access = "private";
        changed = true;
      }
    }
  }
  breakRequiredCycles(entities);
  return entities;
}

/**
 * Makes optional the required relations that close a cycle (A needs B needs
 * A), since no row of either could ever be created first.
 */
function breakRequiredCycles(entities: Entity[]): void {
  const byName = new Map(entities.map((e) => [e.name, e]));
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return (byName.get(from)?.relations ?? []).some((r) =>
      r.required && reaches(r.target, to, seen)
    );
  };
  for (const entity of entities) {
    entity.relations = entity.relations.map((r) =>
      r.required && reaches(r.target, entity.name) ? { ...r, required: false } : r
    );
  }
}

const APP_NOUNS = new Set([...BUSINESS_NOUNS, ...TRACKER_NOUNS, "app", "system", "dashboard"]);

function titleCase(words: string[]): string {
  return words.map((w) => ACRONYMS.has(w) ? w.toUpperCase() : capitalize(w)).join(" ");
}

function appTitle(tokens: string[], primary: Pattern | undefined, entities: Entity[]): string {
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!;
    if (!APP_NOUNS.has(word)) continue;
    const before: string[] = [];
    for (let j = i - 1; j >= 0 && before.length < 2; j--) {
      const w = tokens[j]!;
      if (STOPWORDS.has(w) || FEATURE_WORDS.has(w) || !/^[a-z]+$/.test(w)) break;
      before.unshift(w);
    }
    if (before.length > 0) return titleCase([...before, word]);
    if (!["app", "system", "site", "list"].includes(word)) return titleCase([word]);
  }
  if (primary !== undefined) return primary.title.slice(0, 80);
  return titleCase([...words(entities[0]!.label), "app"]);
}

function summarize(title: string, entities: Entity[], auth: boolean): string {
  const parts = entities.map((e) => e.labelPlural);
  const list = parts.length === 1
    ? parts[0]!
    : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `${title} keeps track of ${list}${auth ? ", with accounts and sign-in" : ""}.`;
}
