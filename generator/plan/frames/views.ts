/**
 * Frames for the lists people ask to see: search and filters ("search by
 * name or tag"), an order ("sorted by due date", "newest first",
 * "leaderboard"), totals per group ("how much I spent per month in each
 * category", "hours per project"), schedules ("the week's classes by day"),
 * filtered lists ("renew within the next month"), and tags (many-to-many).
 *
 * @module
 */
import type { View } from "../../../core/behaviours.ts";
import type { Field } from "../../../core/spec.ts";
import { snakeCase } from "../../../core/words.ts";
import {
  addField,
  type Draft,
  type DraftEntity,
  ensureEntity,
  findEntity,
  relate,
  require,
  sentence,
} from "../draft.ts";
import { proveLink, proveOrder, proveSearch, proveView } from "../proofs.ts";
import { clauseMatching, entitiesIn, entityOf, mainEntity } from "./_context.ts";
import { MONEY_ASK } from "./values.ts";
import type { Frame } from "./mod.ts";
import { singularOf } from "../nlp.ts";

/** Quantities a total adds up, kept on each row: "total minutes", "hours per project". */
const QUANTITY =
  /\b(minutes|hours|km|miles|calories|pages|points|steps|reps|glasses|cups|liters|litres|kg)\b/;

function addView(draft: Draft, view: View): View {
  const existing = draft.views.find((v) => v.name === view.name);
  if (existing !== undefined) return existing;
  draft.views.push(view);
  return view;
}

const titled = (text: string) => text[0]!.toUpperCase() + text.slice(1);

// ─── Tags ───────────────────────────────────────────────────────────────────

function readTags(draft: Draft): void {
  const at = clauseMatching(
    draft,
    // "printed on a label" is a sticker; "labels", "label them" sort rows.
    /\btag(s|ged|ging)?\b|\blabels\b|\blabel(l?ed|s)? (them|it|each|with|as)\b|\bcategories\b(?= (like|such))/i,
  );
  if (at < 0) return;
  const owner = entityOf(draft, at, (e) => !/^(tag|label)$/.test(e.label) && !e.person) ??
    mainEntity(draft);
  if (owner === undefined) return;
  owner.fields = owner.fields.filter((f) => f.name !== "tags");
  const word = /\blabels?\b/i.test(draft.parsed.clauses[at]!.text) ? "label" : "tag";
  const tag = ensureEntity(draft, [word], { aliases: ["tag", "label"] });
  const name = tag.fields.find((f) => f.name === "name");
  if (name !== undefined) name.unique = true;
  const field = `${snakeCase(tag.name)}_ids`;
  if (!(owner.links ?? []).some((l) => l.target === tag.name)) {
    (owner.links ??= []).push({
      name: tag.plural,
      target: tag.name,
      field,
      label: tag.labelPlural,
    });
  }
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["many_to_many"],
    by: [`field:${owner.name}.${field}`, `entity:${tag.name}`],
    status: "implemented",
    clause: at,
    prove: (s) => proveLink(s, owner.name, field),
  });
}

// ─── Search and filters ─────────────────────────────────────────────────────

const SEARCH =
  /\b(search(es|ing)?|find|look up|filter(s|ed|ing)?( (them|it|the list|my \w+|entries))?)( (through|for))? ?(by|on|for)?\b/i;

function readSearch(draft: Draft): void {
  draft.parsed.clauses.forEach((clause, at) => {
    if (!SEARCH.test(clause.text)) return;
    const text = clause.text.toLowerCase();
    const entity = entityOf(draft, at, (e) => !e.person && !/^(tag|category)$/.test(e.label)) ??
      mainEntity(draft);
    if (entity === undefined) return;
    const by = text.split(/\bby\b|\bon\b/).slice(1).join(" ");
    const words = by.split(/\bor\b|\band\b|,|\//).map((w) =>
      w.trim().replace(/^(their|its|the|a|an)\s+/, "").split(/\s+/)[0] ?? ""
    ).filter(Boolean);
    const search: string[] = [];
    const filters: string[] = [];
    for (const word of words.length > 0 ? words : ["name"]) {
      const singular = singularOf(word);
      const field = entity.fields.find((f) =>
        f.name === singular || f.name === word || f.name.startsWith(`${singular}_`)
      );
      const relation = entity.relations.find((r) =>
        r.field === `${singular}_id` || r.target.toLowerCase() === singular
      );
      const link = (entity.links ?? []).find((l) => l.name === word || l.name === `${singular}s`);
      if (link !== undefined || relation !== undefined) continue;
      if (field !== undefined && ["string", "text", "email", "url"].includes(field.type)) {
        search.push(field.name);
      } else if (field !== undefined) filters.push(field.name);
      else if (["name", "title", "text", "keyword", "word", "words"].includes(singular)) {
        search.push(entity.display);
      } else if (
        /^(region|grape|genre|person|week|day|month|mood|status|category|author|city|country|type|kind|level)$/
          .test(singular)
      ) {
        const added = addField(entity, attributeField(singular));
        if (added.type === "string") search.push(added.name);
        else filters.push(added.name);
      }
    }
    if (
      search.length === 0 && filters.length === 0 && !(entity.links ?? []).length &&
      entity.relations.length === 0
    ) {
      search.push(entity.display);
    }
    if (search.length > 0) entity.search = [...new Set([...(entity.search ?? []), ...search])];
    if (filters.length > 0) entity.filters = [...new Set([...(entity.filters ?? []), ...filters])];
    if (search.length === 0 && (entity.search ?? []).length === 0) entity.search = [entity.display];
    require(draft, {
      text: sentence(clause.text),
      kinds: ["view_search"],
      by: [
        `entity:${entity.name}.search`,
        ...(entity.filters ?? []).map((f) => `field:${entity.name}.${f}`),
      ],
      status: "implemented",
      clause: at,
      prove: (s) => proveSearch(s, entity.name),
    });
  });
}

function attributeField(word: string): Field {
  if (word === "mood") {
    return {
      name: "mood",
      type: "enum",
      required: true,
      values: ["okay", "great", "good", "low", "bad"],
    };
  }
  if (word === "status") {
    return { name: "status", type: "enum", required: false, values: ["active", "inactive"] };
  }
  if (word === "week" || word === "day" || word === "month") {
    return { name: "date", type: "date", required: true };
  }
  return { name: word === "person" ? "person" : word, type: "string", required: false };
}

// ─── Order ──────────────────────────────────────────────────────────────────

const ORDER =
  /\b(sort(ed)?|order(ed)?|rank(ed|ing)?|leaderboard|newest first|oldest first|soonest first|latest first|most \w+ first|highest first|lowest first|in (the )?order|by (due date|date|name|votes|likes|points|score))\b/i;

function readOrder(draft: Draft): void {
  draft.parsed.clauses.forEach((clause, at) => {
    if (
      !ORDER.test(clause.text) ||
      /order matters|reorder|in the order i choose|chosen order/i.test(clause.text)
    ) return;
    const text = clause.text.toLowerCase();
    const entity = entityOf(draft, at, (e) => !e.person) ?? mainEntity(draft);
    if (entity === undefined || entity.order?.field === "position") return;
    const desc = /\b(newest|latest|most|highest|top|descending|leaderboard|rank)/.test(text);
    const named = entity.fields.find((f) =>
      text.includes(f.name.replace(/_/g, " ")) || (f.name === "due_date" && /due/.test(text))
    );
    const field = named?.name ??
      (/\bnewest|latest|oldest\b/.test(text)
        ? "created_at"
        : entity.fields.find((f) =>
          f.computed?.kind === "counter" || f.computed?.kind === "aggregate"
        )?.name ?? entity.fields.find((f) => f.type === "date" || f.type === "datetime")?.name);
    if (field === undefined) return;
    entity.order = {
      field,
      direction: desc && !/soonest|oldest|earliest/.test(text) ? "desc" : "asc",
    };
    require(draft, {
      text: sentence(clause.text),
      kinds: ["view_order"],
      by: [`entity:${entity.name}.order`],
      status: "implemented",
      clause: at,
      prove: (s) => proveOrder(s, entity.name),
    });
  });
}

/** "the biggest single fish", "longest run", "highest score ever": the row with the most of a quantity. */
const RECORD_ROW =
  /\b(biggest|heaviest|largest|longest|highest|best|fastest|top)\s+(single\s+|ever\s+)?(\p{L}+)/iu;
const RECORD_FIELDS: Record<string, RegExp> = {
  biggest: /weight|size|length|kg|amount|value/,
  heaviest: /weight|kg|lbs/,
  largest: /size|weight|length|amount|value/,
  longest: /length|distance|duration|minutes|km|miles/,
  highest: /score|points|rating|amount|height|value/,
  best: /score|points|rating|time/,
  top: /score|points|rating|amount/,
  fastest: /time|duration|seconds|minutes|pace/,
};

/**
 * A list of rows with the record first: "also biggest single fish" lists the
 * catches heaviest first, so the first row is the record and whose it is.
 */
function readRecordRow(draft: Draft): void {
  const at = clauseMatching(draft, RECORD_ROW);
  if (at < 0) return;
  const text = draft.parsed.clauses[at]!.text.toLowerCase();
  const word = text.match(RECORD_ROW)![1]!;
  const wanted = RECORD_FIELDS[word!]!;
  const numeric = (f: Field) =>
    (f.type === "integer" || f.type === "number") && f.computed === undefined &&
    wanted.test(f.name);
  const entity = entitiesIn(draft, at).find((e) => e.fields.some(numeric)) ??
    draft.entities.find((e) => !e.person && e.fields.some(numeric));
  if (entity === undefined || draft.views.some((v) => v.entity === entity.name && v.order)) return;
  const field = entity.fields.find(numeric)!;
  const fastest = word === "fastest";
  const view = addView(draft, {
    name: `by_${field.name}`.slice(0, 40),
    kind: "filter",
    entity: entity.name,
    label: titled(`${word} ${entity.labelPlural}`).slice(0, 60),
    where: [{ field: field.name, op: "not_null" }],
    order: { field: field.name, direction: fastest ? "asc" : "desc" },
  });
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["view_order"],
    by: [`view:${entity.name}.${view.name}`],
    status: "implemented",
    clause: at,
    prove: (s) => proveView(s, view),
  });
}

// ─── Totals per group ───────────────────────────────────────────────────────

const PER =
  /\b(per|each|every|by|for each|in each) (day|week|month|year|category|project|person|player|team|client|kid|member|climber|room|type)\b|\b(monthly|weekly|daily) (report|total|summary)\b|\b(weekly|monthly) report of\b|\b(wins?|hours|minutes|points|km|kilometres|spending|spent|total) per\b/i;

/**
 * A field of the entity the clause counts or sums per ("how many times I've
 * observed each object", "total kg per crop").
 */
function perField(entity: DraftEntity, text: string): Field | undefined {
  if (!/\b(how many|count|number of|total|sum|most|times)\b/.test(text)) return undefined;
  return entity.fields.find((f) =>
    f.computed === undefined && (f.type === "string" || f.type === "enum") &&
    new RegExp(`\\b(per|each|every|by|for each|in each) ${f.name.replace(/_/g, " ")}\\b`).test(
      text,
    )
  );
}

function readGrouped(draft: Draft): void {
  draft.parsed.clauses.forEach((clause, at) => {
    if (draft.consumed.has(at)) return;
    const text = clause.text.toLowerCase();
    // "sort by year", "ordered by date": an order, not groups.
    if (
      /\b(sort|sorted|order|ordered|rank|ranked|arrange|arranged) by\b/.test(text) &&
      !/\b(per|each|every)\b/.test(text)
    ) {
      return;
    }
    const byField = PER.test(clause.text)
      ? undefined
      : draft.entities.find((e) => perField(e, text) !== undefined);
    if (!PER.test(clause.text) && byField === undefined) return;
    // "each member's matches": a list per member, not a figure per member.
    if (
      /\b(each|every) \w+'s\b/.test(text) &&
      !/\b(how many|count|number of|total|sum|average|most|least|per)\b/.test(text)
    ) return;
    if (/\bmax\b|\bcapacity\b|\bspots?\b|\bseats?\b|\bonce\b/.test(text)) return;
    const entity = byField ?? pickMeasured(draft, at);
    if (entity === undefined) return;
    const by: NonNullable<View["by"]> = [];
    const bucket = /\b(day|daily)\b/.test(text)
      ? "day"
      : /\b(week|weekly)\b/.test(text)
      ? "week"
      : /\b(month|monthly)\b/.test(text)
      ? "month"
      : /\b(year|yearly)\b/.test(text)
      ? "year"
      : undefined;
    if (bucket !== undefined) {
      const date = entity.fields.find((f) =>
        (f.type === "date" || f.type === "datetime") && f.computed === undefined
      ) ??
        addField(entity, { name: "date", type: "date", required: true });
      by.push({ field: date.name, bucket });
    }
    for (const relation of entity.relations) {
      const target = draft.entities.find((e) => e.name === relation.target)!;
      if (
        text.includes(target.label) || text.includes(target.labelPlural) ||
        (relation.field === "winner_id" && /win/.test(text))
      ) {
        by.push({ field: relation.field });
      }
    }
    for (
      const word of [
        "category",
        "project",
        "client",
        "person",
        "player",
        "team",
        "kid",
        "member",
        "room",
      ]
    ) {
      if (!new RegExp(`\\b${word}\\b`).test(text) || by.some((b) => b.field === `${word}_id`)) {
        continue;
      }
      const target = findEntity(draft, word);
      if (target !== undefined && target !== entity) {
        relate(entity, target);
        by.push({ field: `${snakeCase(target.name)}_id` });
      } else if (target === undefined && word === "category") {
        const category = ensureEntity(draft, ["category"]);
        relate(entity, category);
        by.push({ field: "category_id" });
      }
    }
    const field = perField(entity, text);
    if (field !== undefined && !by.some((b) => b.field === field.name)) {
      by.push({ field: field.name });
    }
    if (by.length === 0) return;
    // "total minutes per day": the quantity is kept on each row, even when no
    // other clause named it, so the total is a sum and not a count of rows.
    const quantity = text.match(QUANTITY)?.[1];
    if (
      quantity !== undefined && !/\b(how many|number of)\b/.test(text) &&
      !entity.fields.some((f) =>
        f.name === quantity || f.name.startsWith(`${quantity}_`) || f.name.endsWith(`_${quantity}`)
      )
    ) {
      addField(entity, {
        name: quantity,
        type: /^(km|miles|liters|litres|kg)$/.test(quantity) ? "number" : "integer",
        required: true,
        min: 0,
      });
    }
    // "how much I spent per month": money the rows keep, even before a pattern adds it.
    if (
      MONEY_ASK.test(text) &&
      !entity.fields.some((f) => /(^|_)(amount|price|cost|total|fee)(_|$)/.test(f.name))
    ) {
      addField(entity, { name: "amount", type: "number", required: true, min: 0, max: 1_000_000 });
    }
    const amount = (quantity === undefined
      ? undefined
      : entity.fields.find((f) =>
        f.name === quantity || f.name.startsWith(`${quantity}_`) || f.name.endsWith(`_${quantity}`)
      )) ??
      entity.fields.find((f) =>
        (f.type === "integer" || f.type === "number") && f.computed === undefined &&
        !/position|capacity|party_size/.test(f.name) &&
        (text.includes(f.name.replace(/_/g, " ")) ||
          /amount|minutes|hours|distance|price|points|km/.test(f.name))
      ) ?? entity.fields.find((f) =>
        (f.type === "integer" || f.type === "number") && f.computed === undefined &&
        !/position|capacity/.test(f.name)
      );
    const counting = /\b(wins?|how many|count|number of|most played)\b/.test(text) ||
      amount === undefined;
    const name = [
      "by",
      ...by.map((b) =>
        b.bucket ?? b.field.replace(/_id$/, "")
      ),
    ].join("_");
    const view = addView(draft, {
      name,
      kind: "grouped",
      entity: entity.name,
      label: titled(
        `${counting ? "count" : amount!.name.replace(/_/g, " ")} per ${
          by.map((b) =>
            b.bucket ?? b.field.replace(/_id$/, "").replace(/_/g, " ")
          ).join(" and ")
        }`,
      ).slice(0, 60),
      by,
      measure: counting ? { op: "count" } : { op: "sum", field: amount!.name },
      ...(/\b(most|highest|top|leaderboard|rank)\b/.test(text)
        ? { order: { field: "total", direction: "desc" } }
        : {}),
    });
    require(draft, {
      text: sentence(clause.text),
      kinds: [
        "view_grouped",
        ...(/\b(most|highest|top|first)\b/.test(text) ? ["view_order" as const] : []),
        "aggregate",
      ],
      by: [`view:${entity.name}.${view.name}`],
      status: "implemented",
      clause: at,
      prove: (s) => proveView(s, view),
    });
  });
}

/** The entity whose rows a "per …" clause adds up: one with a number or a date. */
function pickMeasured(draft: Draft, at: number): DraftEntity | undefined {
  const named = entityOf(
    draft,
    at,
    (e) =>
      !e.person &&
      e.fields.some((f) =>
        (f.type === "integer" || f.type === "number") && f.computed === undefined
      ),
  );
  if (named !== undefined) return named;
  const records = draft.entities.filter((e) => !e.person && e.relations.length > 0);
  const numeric = (e: DraftEntity) =>
    e.fields.some((f) => (f.type === "integer" || f.type === "number") && f.computed === undefined);
  return records.find(numeric) ?? records[0] ??
    draft.entities.find((e) => !e.person && numeric(e)) ?? entityOf(draft, at, (e) => !e.person);
}

// ─── Schedules and date windows ─────────────────────────────────────────────

function readSchedules(draft: Draft): void {
  const at = clauseMatching(
    draft,
    /\b(schedule|calendar|timetable|(listed|shown|see|show) (the )?\w*'?s? ?(\w+ )?by (day|date)|day by day|by day and (start )?time|by date and time|week'?s \w+|this week|each day of the week|on each day)\b/i,
  );
  if (at < 0 || draft.views.some((v) => v.kind === "schedule")) return;
  const entity = entityOf(draft, at, (e) => !e.person) ?? mainEntity(draft);
  if (entity === undefined) return;
  const date =
    entity.fields.find((f) =>
      (f.type === "date" || f.type === "datetime") && f.computed === undefined
    ) ??
      addField(entity, { name: "date", type: "date", required: true });
  const time = entity.fields.find((f) => /time|slot|starts_at/.test(f.name) && f !== date) ??
    // A start time only where the prompt speaks of times ("in time order", "slots").
    (date.type === "date" &&
        /\b(times?|slots?|hours?|o'clock|am|pm)\b/i.test(draft.parsed.clauses[at]!.text)
      ? addField(entity, {
        name: "starts_at",
        type: "string",
        required: true,
        description: "Start time, e.g. 18:30",
      })
      : undefined);
  const view = addView(draft, {
    name: "schedule",
    kind: "schedule",
    entity: entity.name,
    label: titled(`${entity.labelPlural} by day`),
    date: date.name,
    ...(time ? { time: time.name } : {}),
  });
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["view_schedule"],
    by: [`view:${entity.name}.schedule`],
    status: "implemented",
    clause: at,
    prove: (s) => proveView(s, view),
  });
}

function readWindows(draft: Draft): void {
  const at = clauseMatching(
    draft,
    /\b(renew\w* (within |in )?(the )?next (month|\d+ days)|due (today|this week|soon)|coming up|upcoming|(in|within) (the )?next (\d+ days|week|month)|next \d+ days|still (available|free)|which \w+ are (still )?free|available (on|for) a)\b/i,
  );
  if (at < 0) return;
  const text = draft.parsed.clauses[at]!.text.toLowerCase();
  // "a 'due in next 30 days' list": of the thing whose date falls due.
  const dated = /\b(due|renew|expir)/.test(text)
    ? draft.entities.find((e) =>
      e.fields.some((f) => /due|next|renew|expir/.test(f.name) && /date/.test(f.type))
    )
    : undefined;
  const entity = entityOf(draft, at, (e) => !e.person) ?? dated ?? mainEntity(draft);
  if (
    entity === undefined || draft.views.some((v) => v.entity === entity.name && v.kind === "filter")
  ) return;
  if (/free|available/.test(text)) {
    const status = entity.fields.find((f) => f.name === "status" && f.computed?.kind === "state");
    if (status !== undefined) {
      const view = addView(draft, {
        name: "available",
        kind: "filter",
        entity: entity.name,
        label: titled(`available ${entity.labelPlural}`),
        where: [{ field: "status", op: "eq", value: status.values![0]! }],
      });
      require(draft, {
        text: sentence(draft.parsed.clauses[at]!.text),
        kinds: ["view_filtered"],
        by: [`view:${entity.name}.available`],
        status: "implemented",
        clause: at,
        prove: (s) => proveView(s, view),
      });
    }
    return;
  }
  const days = /month/.test(text)
    ? 31
    : /week/.test(text)
    ? 7
    : /today/.test(text)
    ? 0
    : Number(text.match(/next (\d+) days/)?.[1] ?? 14);
  const date =
    entity.fields.find((f) =>
      /renew|due|next/.test(f.name) && (f.type === "date" || f.type === "datetime")
    ) ??
      entity.fields.find((f) =>
        (f.type === "date" || f.type === "datetime") && f.computed === undefined
      ) ??
      addField(entity, {
        name: /renew/.test(text) ? "renews_on" : "due_date",
        type: "date",
        required: true,
      });
  const view = addView(draft, {
    name: "upcoming",
    kind: "filter",
    entity: entity.name,
    label: titled(`${entity.labelPlural} coming up`),
    where: [
      { field: date.name, op: "ge", value: { today: 0 } },
      { field: date.name, op: "le", value: { today: days } },
    ],
    order: { field: date.name, direction: "asc" },
  });
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["view_filtered"],
    by: [`view:${entity.name}.upcoming`],
    status: "implemented",
    clause: at,
    prove: (s) => proveView(s, view),
  });
}

/** The view frames, in order. */
export const VIEW_FRAMES: readonly Frame[] = [
  { name: "tags", read: readTags },
  { name: "search", read: readSearch },
  { name: "grouped", read: readGrouped },
  { name: "schedules", read: readSchedules },
  { name: "windows", read: readWindows },
  { name: "order", read: readOrder },
  { name: "record_row", read: readRecordRow },
];
