/**
 * What the retrieved patterns add to a plan: the leading pattern is the one
 * whose own words the prompt uses; each entity the prompt names takes the
 * fields and relations its counterpart in a pattern has (a Contact gets an
 * email and a phone, a Comment points at its Post). Entities the prompt
 * does not name are never pulled in from a pattern.
 *
 * @module
 */
import type { Pattern, PatternEntity } from "../../rag/pattern.ts";
import type { Field } from "../../core/spec.ts";
import { addField, type Draft, type DraftEntity, relate } from "./draft.ts";
import type { PlanInput } from "./plan.ts";

const GENERIC = new Set(
  `tracker tracking track management manager app system list board site online team user users
  account accounts admin data record records item items planner schedule page pages`.split(/\s+/),
);

function namesPattern(text: string, pattern: Pattern): boolean {
  const words = new Set(text.toLowerCase().match(/[a-z]+/g) ?? []);
  const named = (phrase: string) => {
    const lower = phrase.toLowerCase();
    if (GENERIC.has(lower)) return false;
    return lower.includes(" ")
      ? text.toLowerCase().includes(lower)
      : words.has(lower) || words.has(`${lower}s`);
  };
  return pattern.keywords.some(named) ||
    pattern.entities.some((e) => e.core && e.aliases.some(named));
}

/** What a pattern's field description says the server does. */
const CLAIM =
  /\b(unique|comput\w*|server|derived|set when|kept by|lower-case|upper-case|automatic\w*)\b/i;

/**
 * A pattern's field as the plan may keep it: a description never promises
 * what the generated code does not do — "unique" becomes the field's rule,
 * any other claim ("computed by the server at checkout") is dropped.
 */
function promised(field: Field): Field {
  const copy: Field = { ...field };
  if (copy.description === undefined || !CLAIM.test(copy.description)) return copy;
  if (/\bunique\b/i.test(copy.description)) copy.unique = true;
  delete copy.description;
  return copy;
}

/**
 * @param hits Retrieved patterns, best first.
 * @param text The prompt.
 * @returns The leading pattern: the best hit whose words the prompt uses (never `auth` alone).
 */
export function leadingPattern(hits: PlanInput["hits"], text: string): Pattern | undefined {
  return hits.find((h) => h.pattern.id !== "auth" && namesPattern(text, h.pattern))?.pattern;
}

function counterpart(
  entity: DraftEntity,
  patterns: readonly Pattern[],
): { pattern: Pattern; entity: PatternEntity } | undefined {
  for (const pattern of patterns) {
    for (const candidate of pattern.entities) {
      const names = [candidate.label, candidate.labelPlural, ...candidate.aliases];
      if (entity.words.some((w) => names.includes(w)) || names.includes(entity.label)) {
        return { pattern, entity: candidate };
      }
    }
  }
  return undefined;
}

/** Whether every required parent of a pattern's entity is kept by the draft too. */
function fitsDraft(draft: Draft, pattern: Pattern, candidate: PatternEntity): boolean {
  return candidate.relations.filter((r) => r.required).every((relation) => {
    const match = pattern.entities.find((p) => p.name === relation.target);
    return match === undefined ||
      draft.entities.some((e) =>
        e.words.some((w) => [match.label, match.labelPlural, ...match.aliases].includes(w)) ||
        e.label === match.label
      );
  });
}

/**
 * Enriches the draft's entities from the patterns and records which were used.
 *
 * @param draft The draft.
 * @param input The retrieved patterns and the library.
 * @param enrich Which entities take fields and relations from their counterparts (default: all).
 */
export function usePatterns(
  draft: Draft,
  input: PlanInput,
  enrich: (entity: DraftEntity) => boolean = () => true,
): void {
  const lead = leadingPattern(input.hits, draft.parsed.text);
  const ordered = [
    ...(lead ? [lead] : []),
    ...input.hits.map((h) => h.pattern).filter((p) => p !== lead && p.id !== "auth"),
  ];
  const used: string[] = lead ? [lead.id] : [];
  const words = new Set(
    draft.parsed.clauses.flatMap((c) => c.words.flatMap((w) => [w.lower, w.singular])),
  );
  for (const entity of draft.entities) {
    if (!enrich(entity)) continue;
    // The user listed its fields: the pattern may relate it, not add to them.
    const listed = entity.listed === true;
    const found = counterpart(entity, ordered);
    if (found === undefined) continue;
    // A person's counterpart must be a person too (a chat's Membership is not a member).
    if (entity.person && !/name|email/.test(found.entity.display)) continue;
    // A counterpart that belongs to something this app does not keep is another
    // app's thing (a forum's up/down Vote on a reply is not a poll's vote).
    if (found.pattern !== lead && !fitsDraft(draft, found.pattern, found.entity)) continue;
    if (!used.includes(found.pattern.id)) used.push(found.pattern.id);
    const generic = entity.description === `A ${entity.label} of the app.`;
    if (generic) entity.description = found.entity.description;
    const onlyDisplay = entity.fields.length === 1 && entity.fields[0]!.name === entity.display &&
      (entity.display === "name" || entity.display === "title");
    for (const field of listed ? [] : found.entity.fields) {
      if (entity.fields.some((f) => f.name === field.name)) continue;
      // The plan already says when and who: no second date or name from the pattern.
      const dated = (f: { type: string }) => f.type === "date" || f.type === "datetime";
      if (dated(field) && entity.fields.some(dated)) continue;
      if (/_name$/.test(field.name) && entity.fields.some((f) => /(^|_)name$/.test(f.name))) {
        continue;
      }
      if (
        /_email$|_phone$/.test(field.name) &&
        entity.fields.some((f) => /(^|_)name$/.test(f.name) && f.name !== "name")
      ) continue;
      // A state or a status the frames control is never a plain field.
      if (field.name === "status" && entity.fields.some((f) => f.computed?.kind === "state")) {
        continue;
      }
      if (
        /(_at|_on)$/.test(field.name) && entity.fields.some((f) => f.computed?.kind === "stamp")
      ) continue;
      // A field the prompt never names is the pattern's guess: asked for, not required.
      const named = field.type === "enum" || field.type === "boolean" ||
        field.name.split("_").some((w) => w.length > 2 && words.has(w));
      addField(
        entity,
        field.required && !named ? { ...promised(field), required: false } : promised(field),
      );
    }
    if (onlyDisplay && found.entity.fields.some((f) => f.name === found.entity.display)) {
      const display = found.entity.display;
      if (entity.fields.some((f) => f.name === display && f.computed === undefined)) {
        entity.fields = entity.fields.filter((f) =>
          f.name !== entity.display || f.name === display
        );
        entity.display = display;
      }
    }
    for (const relation of found.entity.relations) {
      const target = draft.entities.find((e) => {
        const match = found.pattern.entities.find((p) => p.name === relation.target);
        return match !== undefined &&
          (e.words.some((w) => [match.label, ...match.aliases].includes(w)) ||
            e.label === match.label);
      });
      if (
        target !== undefined && target !== entity &&
        !entity.relations.some((r) => r.target === target.name)
      ) {
        // The pattern knows which way it goes: "an expense tracker with
        // categories" read no category as belonging to an expense.
        target.relations = target.relations.filter((r) => r.target !== entity.name);
        relate(entity, target, { required: relation.required });
      }
    }
  }
  if (draft.auth && input.library.some((p) => p.id === "auth")) used.push("auth");
  draft.patterns = [...new Set(used)];
}
