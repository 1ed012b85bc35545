/**
 * Frames for rules the server enforces that no record frame already gave:
 * no duplicates ("no duplicates", "already taken", "only once"), dates in
 * order ("end date can't be before start date"), two different parties ("a
 * team cannot play itself"), prerequisites ("only once they've done the
 * induction"), and stock that never goes negative.
 *
 * @module
 */
import type { Rule } from "../../../core/behaviours.ts";
import { snakeCase } from "../../../core/words.ts";
import {
  addField,
  type Draft,
  ensureEntity,
  findEntity,
  relate,
  require,
  sentence,
} from "../draft.ts";
import { proveRule, proveView } from "../proofs.ts";
import { mentionsOf } from "../entities.ts";
import { clauseMatching, entityOf, mainEntity, says } from "./_context.ts";
import type { Frame } from "./mod.ts";

function addRule(draft: Draft, rule: Rule): Rule {
  const same = draft.rules.find((r) =>
    r.kind === rule.kind && r.entity === rule.entity &&
    JSON.stringify(r.fields ?? r.via ?? r.first) ===
      JSON.stringify(rule.fields ?? rule.via ?? rule.first)
  );
  if (same !== undefined) return same;
  draft.rules.push(rule);
  return rule;
}

function readUnique(draft: Draft): void {
  const at = clauseMatching(
    draft,
    /\b(no duplicates?|already taken|unique|only (be )?used once|can be used only once|used only once|(can'?t|cannot|not) (be )?(used|subscribe|register|record)\w* (again|twice)|same (email|name|code|username|problem|address) (cannot|can'?t|twice))\b/i,
  );
  if (at < 0) return;
  const text = draft.parsed.clauses[at]!.text.toLowerCase();
  if (
    /username|already taken/.test(text) && draft.auth &&
    !draft.entities.some((e) => e.fields.some((f) => f.name === "username"))
  ) {
    require(draft, {
      text: sentence(draft.parsed.clauses[at]!.text),
      kinds: ["rule_unique"],
      by: ["endpoint:POST /api/auth/register"],
      status: "implemented",
      clause: at,
      prove: () => [{
        name: "an email already registered cannot register again",
        steps: [
          {
            as: "anonymous",
            method: "POST",
            path: "/api/auth/register",
            body: { email: "taken-{run}@example.com", password: "Secret-{run}-pw", name: "First" },
            status: 201,
          },
          {
            as: "anonymous",
            method: "POST",
            path: "/api/auth/register",
            body: {
              email: "taken-{run}@example.com",
              password: "Secret-{run}-pw2",
              name: "Second",
            },
            status: 409,
          },
        ],
      }],
    });
    return;
  }
  const entity = entityOf(draft, at, (e) => !e.person) ?? mainEntity(draft);
  if (entity === undefined) return;
  const named = entity.fields.find((f) => text.includes(f.name.replace(/_/g, " "))) ??
    entity.fields.find((f) => f.type === "email") ?? entity.fields.find((f) => f.name === "code") ??
    entity.fields.find((f) => f.name === entity.display);
  if (named === undefined || named.computed !== undefined && named.computed.kind !== "code") {
    if (named?.computed?.kind === "code") named.unique = true;
    return;
  }
  named.unique = true;
  const rule = addRule(draft, {
    kind: "unique",
    entity: entity.name,
    fields: [named.name],
    message: `This ${named.name.replace(/_/g, " ")} is already taken`,
  });
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["rule_unique"],
    by: [`field:${entity.name}.${named.name}`],
    status: "implemented",
    clause: at,
    prove: (s) => proveRule(s, rule),
  });
}

function readDateOrder(draft: Draft): void {
  const at = clauseMatching(
    draft,
    /\b(end( date| time)? (can'?t|cannot|must not|may not) be before (the )?start|end(s)? after (the )?start|before (its|the) start)\b/i,
  );
  if (at < 0) return;
  const entity = entityOf(draft, at, (e) => !e.person) ?? mainEntity(draft);
  if (
    entity === undefined || draft.rules.some((r) => r.kind === "order" && r.entity === entity.name)
  ) return;
  const dated = entity.fields.some((f) => f.type === "datetime");
  const start = entity.fields.find((f) => /^start/.test(f.name)) ??
    addField(entity, {
      name: dated ? "starts_at" : "starts_on",
      type: dated ? "datetime" : "date",
      required: true,
    });
  const end = entity.fields.find((f) => /^end/.test(f.name)) ??
    addField(entity, { name: dated ? "ends_at" : "ends_on", type: start.type, required: true });
  const rule = addRule(draft, {
    kind: "order",
    entity: entity.name,
    first: start.name,
    then: end.name,
    message: "The end date cannot be before the start date",
  });
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["rule_consistency"],
    by: [`rule:${entity.name}.order`],
    status: "implemented",
    clause: at,
    prove: (s) => proveRule(s, rule),
  });
}

function readMatches(draft: Draft): void {
  const at = clauseMatching(
    draft,
    /\b(match(es)?|games?|results?) between (two )?(teams?|players?)|record a match|match results?|play(s|ed)? against|\bitself\b/i,
  );
  if (at < 0 || !says(draft, /\b(teams?|players?)\b/i)) return;
  const side = findEntity(draft, "team") ?? findEntity(draft, "player") ??
    ensureEntity(draft, [says(draft, /\bteams?\b/i) ? "team" : "player"], {
      person: !says(draft, /\bteams?\b/i),
    });
  const match = ensureEntity(draft, ["match"], {
    aliases: ["match result", "result", "game"],
    display: "played_on",
  });
  // "home team, away team and score": the sides are the relations below, the
  // score is the two scores.
  const sides = new RegExp(`^(home|away)_(${snakeCase(side.name)}|side)$|^(name|title|score)$`);
  match.fields = match.fields.filter((f) => !sides.test(f.name));
  addField(match, { name: "played_on", type: "date", required: true });
  addField(match, { name: "home_score", type: "integer", required: true, min: 0, max: 999 });
  addField(match, { name: "away_score", type: "integer", required: true, min: 0, max: 999 });
  match.display = "played_on";
  relate(match, side, { field: "home_id" });
  relate(match, side, { field: "away_id" });
  const rule = addRule(draft, {
    kind: "different",
    entity: match.name,
    fields: ["home_id", "away_id"],
    message: `A ${side.label} cannot play itself`,
  });
  const itself = clauseMatching(draft, /\bitself\b/i);
  require(draft, {
    text: itself >= 0
      ? sentence(draft.parsed.clauses[itself]!.text)
      : `A match between a ${side.label} and itself is refused`,
    kinds: ["rule_consistency"],
    by: [`rule:${match.name}.different`],
    status: "implemented",
    prove: (s) => proveRule(s, rule),
  });
}

function readPrerequisite(draft: Draft): void {
  const at = clauseMatching(
    draft,
    /\bonly once (they'?ve|they have|you'?ve|he|she) (done|completed|passed)|without (having )?(done|completed)|only after (doing|completing)|must have (done|completed|passed)\b/i,
  );
  if (at < 0) return;
  const proof = draft.entities.find((e) =>
    /induction|training|course|certificat|lesson/.test(e.label)
  );
  const resource = draft.entities.find((e) =>
    /machine|equipment|tool|room|vehicle|boat/.test(e.label)
  );
  if (proof === undefined || resource === undefined) return;
  const booking = ensureEntity(draft, [resource.label, "booking"], { display: "day", clause: at });
  booking.fields = booking.fields.filter((f) => f.name !== "name" && f.name !== "title");
  addField(booking, { name: "day", type: "date", required: true });
  booking.display = "day";
  relate(booking, resource);
  relate(proof, resource);
  const key = draft.auth ? "owner_id" : "member";
  if (!draft.auth) {
    addField(booking, { name: "member", type: "string", required: true });
    addField(proof, { name: "member", type: "string", required: true });
  }
  const via = `${snakeCase(resource.name)}_id`;
  const rule = addRule(draft, {
    kind: "requires",
    entity: booking.name,
    other: proof.name,
    match: [[key, key], [via, via]],
    message: `Book a ${resource.label} only after doing its ${proof.label}`,
  });
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["rule_consistency"],
    by: [`rule:${booking.name}.requires`],
    status: "implemented",
    clause: at,
    prove: (s) => proveRule(s, rule),
  });
}

// ─── Stock in and out ───────────────────────────────────────────────────────

function readStock(draft: Draft): void {
  if (
    !says(
      draft,
      /\b(stock|inventory|supplies|in stock|below (its|their|the) minimum|low[- ]stock|go(es)? negative|below zero)\b/i,
    )
  ) return;
  const ins = says(draft, /\b(deliver\w*|restock\w*|receiv\w*|purchases?|stock (in|comes))\b/i);
  const outs = says(draft, /\b(use[sd]?|usage|consum\w*|sold|sales?|what we use|take[sn]? out)\b/i);
  const item = draft.entities.find((e) => !e.person && !/deliver|usage|use|sale/.test(e.label)) ??
    ensureEntity(draft, ["supply"], { first: true });
  if (!ins && !outs) {
    addField(item, { name: "quantity", type: "number", required: true, min: 0, max: 1_000_000 });
    return;
  }
  const delivery = ensureEntity(draft, ["delivery"], { display: "quantity" });
  const usage = ensureEntity(draft, ["usage"], { display: "quantity" });
  for (const child of [delivery, usage]) {
    child.fields = child.fields.filter((f) => f.name !== "name" && f.name !== "title");
    addField(child, { name: "quantity", type: "number", required: true, min: 0, max: 1_000_000 });
    addField(child, { name: "date", type: "date", required: true });
    child.display = "quantity";
    relate(child, item);
  }
  const via = `${snakeCase(item.name)}_id`;
  item.fields = item.fields.filter((f) => f.name !== "quantity");
  addField(item, {
    name: "delivered",
    type: "number",
    required: false,
    computed: { kind: "aggregate", op: "sum", entity: delivery.name, via, field: "quantity" },
  });
  addField(item, {
    name: "used",
    type: "number",
    required: false,
    computed: { kind: "aggregate", op: "sum", entity: usage.name, via, field: "quantity" },
  });
  addField(item, {
    name: "in_stock",
    type: "number",
    required: false,
    computed: { kind: "remaining", from: "delivered", minus: "used" },
  });
  const current = clauseMatching(draft, /\b(deliver\w*|what we use|current quantity|how much)\b/i);
  require(draft, {
    text: current >= 0
      ? sentence(draft.parsed.clauses[current]!.text)
      : `Each ${item.label} shows what is in stock, from its deliveries and usage`,
    kinds: ["aggregate", "relation"],
    by: [`field:${item.name}.in_stock`],
    status: "implemented",
    prove: (s) => [{
      name: "stock is deliveries minus usage",
      steps: [
        {
          method: "POST",
          path: `/api/${s.entities.find((e) => e.name === item.name)!.plural}`,
          body: stockBody(s, item.name),
          status: 201,
          save: { item: "id" },
        },
        {
          method: "POST",
          path: `/api/${s.entities.find((e) => e.name === delivery.name)!.plural}`,
          body: { quantity: 10, date: "{today}", [via]: "{item}" },
          status: 201,
        },
        {
          method: "POST",
          path: `/api/${s.entities.find((e) => e.name === usage.name)!.plural}`,
          body: { quantity: 4, date: "{today}", [via]: "{item}" },
          status: 201,
        },
        {
          method: "GET",
          path: `/api/${s.entities.find((e) => e.name === item.name)!.plural}/{item}`,
          status: 200,
          expect: { delivered: 10, used: 4, in_stock: 6 },
        },
      ],
    }],
  });
  const never = clauseMatching(draft, /\b(negative|below zero|can'?t go|cannot go|not enough)\b/i);
  if (never >= 0 || outs) {
    const rule = addRule(draft, {
      kind: "non_negative",
      entity: usage.name,
      via,
      field: "in_stock",
      message: "Not enough in stock for this usage",
    });
    require(draft, {
      text: never >= 0
        ? sentence(draft.parsed.clauses[never]!.text)
        : "Usage that would take stock below zero is refused",
      kinds: ["rule_capacity"],
      by: [`rule:${usage.name}.non_negative`],
      status: "implemented",
      ...(never >= 0 ? { clause: never } : {}),
      prove: (s) => proveRule(s, rule),
    });
  }
  const low = clauseMatching(
    draft,
    /\b(below (its|their|the) minimum|low[- ]?stock|running low|warn me|minimum)\b/i,
  );
  if (low >= 0) {
    addField(item, { name: "minimum", type: "number", required: true, min: 0, max: 1_000_000 });
    const view = {
      name: "low_stock",
      kind: "filter" as const,
      entity: item.name,
      label: "Low stock",
      where: [{ field: "in_stock", op: "lt" as const, value: { field: "minimum" } }],
    };
    draft.views.push(view);
    require(draft, {
      text: sentence(draft.parsed.clauses[low]!.text),
      kinds: ["view_filtered"],
      by: [`view:${item.name}.low_stock`],
      status: "implemented",
      clause: low,
      prove: (s) => proveView(s, view),
    });
  }
}

function stockBody(
  spec: import("../../../core/spec.ts").Spec,
  name: string,
): Record<string, unknown> {
  const entity = spec.entities.find((e) => e.name === name)!;
  const body: Record<string, unknown> = {};
  for (const f of entity.fields) {
    if (f.computed !== undefined) continue;
    body[f.name] = f.type === "string" || f.type === "text"
      ? `${f.name} {run}`
      : f.type === "number" || f.type === "integer"
      ? 2
      : f.type === "date"
      ? "{today}"
      : f.values?.[0] ?? null;
  }
  return body;
}

/** "never add the same album (artist + title) twice", "can't log the same bird twice". */
const SAME_TWICE =
  /\b(never|not|don'?t|can'?t|cannot|shouldn'?t|no) (?:\w+ ){0,2}?(?:add|enter|record|log|list|create|save|register)\w* the same (\p{L}+)(?: \(([^)]+)\))?[^.]*?\b(twice|again|two times)\b/iu;

/**
 * No two rows alike: "never add the same album (artist + title) twice" is a
 * unique rule over the fields in the brackets, or over the thing's name.
 */
function readSameTwice(draft: Draft): void {
  draft.parsed.sentences.forEach((text, sentence) => {
    const match = text.match(SAME_TWICE);
    if (match === null) return;
    const entity = findEntity(draft, match[2]!.toLowerCase());
    if (entity === undefined) return;
    const named = (match[3] ?? "").split(/\s*(?:\+|,|\/|&|\band\b)\s*/).map((w) =>
      snakeCase(w.trim())
    )
      .map((w) => entity.fields.find((f) => f.name === w || f.name.startsWith(`${w}_`))?.name)
      .filter((f): f is string => f !== undefined);
    const fields = named.length > 0 ? [...new Set(named)] : [entity.display];
    if (draft.rules.some((r) => r.kind === "unique" && r.entity === entity.name)) return;
    const rule = addRule(draft, {
      kind: "unique",
      entity: entity.name,
      fields,
      message: `This ${entity.label} is already there`,
    });
    const at = draft.parsed.clauses.findIndex((c) =>
      c.sentence === sentence && /\b(same|twice|again)\b/i.test(c.text)
    );
    require(draft, {
      text: `The same ${entity.label} (${
        fields.map((f) => f.replace(/_/g, " ")).join(" + ")
      }) cannot be added twice`,
      kinds: [fields.length > 1 ? "rule_unique_combined" : "rule_unique"],
      by: [`rule:${entity.name}.unique`],
      status: "implemented",
      ...(at >= 0 ? { clause: at } : {}),
      prove: (s) => proveRule(s, rule),
    });
  });
}

/** A number a parent holds at most: "without going over 8", "no more than 6". */
const AT_MOST =
  /\b(without going over|without exceeding|no more than|not more than|never more than|at most|max(?:imum)?(?: of)?) (\d{1,5})\b/i;
/** Words before the parent: "put guests at tables", "kids in groups", "add players to a team". */
const INTO = new Set(["at", "to", "in", "into", "on", "onto"]);

/**
 * How many of one thing another holds: "put guests at tables without going
 * over 8" is a capacity per table, counted over its guests (409 when full).
 * Sign-ups keep their own capacity (records.ts); this is for the rest.
 */
function readHolds(draft: Draft): void {
  const at = clauseMatching(draft, AT_MOST);
  if (at < 0 || draft.rules.some((r) => r.kind === "capacity" || r.kind === "max_parent")) return;
  const clause = draft.parsed.clauses[at]!;
  const found = (from: number, to: number) =>
    mentionsOf(clause).filter((m) => m.at >= from && m.at < to).map((m) =>
      findEntity(draft, m.words.join(" ")) ?? findEntity(draft, m.words.at(-1)!)
    ).find((e) => e !== undefined);
  // The first "at/to/in" with a thing on each side ("I want to put guests at tables").
  const into = clause.words.findIndex((w, i) =>
    INTO.has(w.lower) && found(0, i) !== undefined && found(i + 1, i + 3) !== undefined
  );
  if (into < 0) return;
  const child = found(0, into);
  const parent = found(into + 1, into + 3);
  if (child === undefined || parent === undefined || child === parent) return;
  const link = child.relations.find((r) => r.target === parent.name) ?? relate(child, parent);
  const limit =
    parent.fields.find((f) =>
      (f.type === "integer" || f.type === "number") && f.computed === undefined &&
      /(^|_)(capacity|seats|spots|places|max|limit|size)(_|$)/.test(f.name)
    ) ??
      addField(parent, { name: "capacity", type: "integer", required: true, min: 1, max: 10_000 });
  limit.required = true;
  const rule = addRule(draft, {
    kind: "capacity",
    entity: child.name,
    via: link.field,
    limit: limit.name,
    message: `This ${parent.label} is full`,
  });
  require(draft, {
    text: sentence(clause.text),
    kinds: ["rule_capacity"],
    by: [`rule:${child.name}.capacity`],
    status: "implemented",
    clause: at,
    prove: (s) => proveRule(s, rule),
  });
}

/** The rule frames, in order. */
export const RULE_FRAMES: readonly Frame[] = [
  { name: "stock", read: readStock },
  { name: "matches", read: readMatches },
  { name: "prerequisite", read: readPrerequisite },
  { name: "unique", read: readUnique },
  { name: "date_order", read: readDateOrder },
  { name: "holds", read: readHolds },
  { name: "same_twice", read: readSameTwice },
];
