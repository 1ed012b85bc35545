/**
 * Frames for what happens to a row over its life: one-click state changes
 * with the time they happened (close a ticket, approve a request, publish a
 * post, claim an item, mark a task done), moves (a card to another column,
 * a chore to another kid) and reordering (up and down within a list).
 *
 * @module
 */
import type { Action } from "../../../core/behaviours.ts";
import { snakeCase } from "../../../core/words.ts";
import { addField, type Draft, type DraftEntity, relate, require, sentence } from "../draft.ts";
import { proveAction, proveOrder, proveView } from "../proofs.ts";
import { createSteps } from "../scenarios.ts";
import { clauseMatching, entityOf, mainEntity, says } from "./_context.ts";
import type { Frame } from "./mod.ts";

/** A kind of one-click change: the words that ask for it and what it does. */
interface Transition {
  test: RegExp;
  /** The action's name and button label. */
  name: string;
  label: string;
  /** The states of the row: the first is where it starts. */
  states?: string[];
  /** The state the action moves to (with `states`). */
  to?: string;
  /** The states it may run from. */
  from?: string[];
  /** The stamp it sets, e.g. `closed_at`. */
  stamp: string;
  stampType?: "date" | "datetime";
  /** Who may run it, when the app has staff roles. */
  staff?: boolean;
}

const TRANSITIONS: readonly Transition[] = [
  {
    test:
      /\b(pick(s|ed)? (them|it|tickets?) up|take (them|it|tickets?)|assign (it|them) to themselves)\b/i,
    name: "take",
    label: "Take",
    states: ["open", "in_progress", "closed"],
    to: "in_progress",
    from: ["open"],
    stamp: "taken_at",
    stampType: "datetime",
    staff: true,
  },
  {
    test: /\b(close[sd]?|closing|resolve[sd]?)\b/i,
    name: "close",
    label: "Close",
    states: ["open", "in_progress", "closed"],
    to: "closed",
    from: ["open", "in_progress"],
    stamp: "closed_at",
    stampType: "datetime",
    staff: true,
  },
  {
    test: /\bapprov\w*/i,
    name: "approve",
    label: "Approve",
    states: ["pending", "approved", "rejected"],
    to: "approved",
    from: ["pending"],
    stamp: "approved_at",
    stampType: "datetime",
    staff: true,
  },
  {
    test: /\breject\w*/i,
    name: "reject",
    label: "Reject",
    states: ["pending", "approved", "rejected"],
    to: "rejected",
    from: ["pending"],
    stamp: "rejected_at",
    stampType: "datetime",
    staff: true,
  },
  {
    test: /\b(publish\w*|go live)\b/i,
    name: "publish",
    label: "Publish",
    states: ["draft", "published"],
    to: "published",
    from: ["draft"],
    stamp: "published_at",
    stampType: "datetime",
  },
  { test: /\bclaim\w*/i, name: "claim", label: "Claim", stamp: "claimed_at" },
  {
    test: /\b(mark\w* (an animal |it |them )?(as )?adopted|adopted)\b/i,
    name: "adopt",
    label: "Mark adopted",
    stamp: "adopted_at",
    staff: true,
  },
  {
    test:
      /\b(mark\w* (a book |it )?(as )?finished|finished (it|reading)|marking a book finished)\b/i,
    name: "finish",
    label: "Finished",
    stamp: "finished_at",
  },
  {
    test:
      /\b(check(ing|s|ed)? (off|a task)|tick(s|ed)? (them |it )?off|mark(s|ed)? (it |them )?(as )?(done|complete\w*)|complete[sd]?|completion)\b/i,
    name: "complete",
    label: "Done",
    stamp: "completed_at",
  },
  {
    test: /\b(mark\w* (ideas? |it )?(as )?(planned|shipped)|planned or shipped)\b/i,
    name: "plan",
    label: "Planned",
    states: ["new", "planned", "shipped"],
    to: "planned",
    from: ["new"],
    stamp: "planned_at",
    stampType: "datetime",
    staff: true,
  },
  {
    test: /\bshipped\b/i,
    name: "ship",
    label: "Shipped",
    states: ["new", "planned", "shipped"],
    to: "shipped",
    from: ["new", "planned"],
    stamp: "shipped_at",
    stampType: "datetime",
    staff: true,
  },
  { test: /\barchiv\w*/i, name: "archive", label: "Archive", stamp: "archived_at" },
  {
    test: /\bcancel\w*\b(?! the sign)/i,
    name: "cancel",
    label: "Cancel",
    states: ["booked", "cancelled"],
    to: "cancelled",
    from: ["booked"],
    stamp: "cancelled_at",
    stampType: "datetime",
  },
];

function addAction(draft: Draft, action: Action): Action {
  const existing = draft.actions.find((a) => a.entity === action.entity && a.name === action.name);
  if (existing !== undefined) return existing;
  draft.actions.push(action);
  return action;
}

function readTransitions(draft: Draft): void {
  const staffRoles = draft.roles.filter((r) => r.staff).map((r) => r.name);
  const seen = new Set<string>();
  for (const t of TRANSITIONS) {
    const at = clauseMatching(draft, t.test);
    if (at < 0) continue;
    // Already handled by a record frame (a loan's return).
    if (draft.actions.some((a) => a.name === t.name)) continue;
    const entity = entityOf(draft, at, (e) => !e.person) ?? mainEntity(draft);
    if (entity === undefined || seen.has(`${entity.name}.${t.name}`)) continue;
    seen.add(`${entity.name}.${t.name}`);
    const stamp = addField(entity, {
      name: t.stamp,
      type: t.stampType ?? "date",
      required: false,
      computed: { kind: "stamp", action: t.name },
    });
    const action: Action = {
      name: t.name,
      entity: entity.name,
      kind: "transition",
      label: t.label,
      ...(t.staff && staffRoles.length > 0 ? { roles: staffRoles } : {}),
    };
    if (t.states !== undefined) {
      const state = stateField(entity, t.states);
      action.set = [{ field: state, value: t.to! }];
      action.when = t.from!.length === 1
        ? [{ field: state, op: "eq", value: t.from![0]! }]
        : [{ field: state, op: "ne", value: t.to! }];
      action.message = `This ${entity.label} is already ${t.to!.replace(/_/g, " ")}`;
    } else {
      action.when = [{ field: stamp.name, op: "is_null" }];
      action.message = `This ${entity.label} was already ${
        t.label.toLowerCase().replace(/^mark /, "")
      }`;
    }
    addAction(draft, action);
    const clause = draft.parsed.clauses[at]!;
    require(draft, {
      text: sentence(clause.text),
      kinds: ["action_transition", "transition_timestamp"],
      by: [`action:${entity.name}.${t.name}`, `field:${entity.name}.${stamp.name}`],
      status: "implemented",
      clause: at,
      prove: (s) =>
        proveAction(s, s.actions!.find((a) => a.entity === entity.name && a.name === t.name)!),
    });
    if (t.name === "publish") publishedOnly(draft, entity);
    if (t.name === "close" || t.name === "complete" || t.name === "approve") {
      openView(draft, entity, t);
    }
  }
}

/** The entity's state field, made of the given states (merged with one it has). */
function stateField(entity: DraftEntity, states: string[]): string {
  const existing = entity.fields.find((f) => f.name === "status");
  if (existing !== undefined) {
    const values = [...new Set([...(existing.values ?? []), ...states])];
    existing.type = "enum";
    existing.values = states[0] !== undefined && values[0] !== states[0]
      ? [states[0], ...values.filter((v) => v !== states[0])]
      : values;
    existing.required = false;
    existing.computed = { kind: "state" };
    return existing.name;
  }
  addField(entity, {
    name: "status",
    type: "enum",
    required: false,
    values: states,
    computed: { kind: "state" },
  });
  return "status";
}

/** Drafts are seen by their owner only, until published. */
function publishedOnly(draft: Draft, entity: DraftEntity): void {
  if (!draft.auth) {
    draft.auth = true;
  }
  entity.access = "owner_write";
  entity.publicWhere = [{ field: "status", op: "eq", value: "published" }];
  entity.order ??= { field: "published_at", direction: "desc" };
  const at = clauseMatching(draft, /\b(public|only published|drafts?|newest first)\b/i);
  require(draft, {
    text: at >= 0
      ? sentence(draft.parsed.clauses[at]!.text)
      : `Only published ${entity.labelPlural} are listed publicly, newest first`,
    kinds: ["view_filtered", "view_order"],
    by: [`entity:${entity.name}.publicWhere`],
    status: "implemented",
    ...(at >= 0 ? { clause: at } : {}),
    prove: (s) => provePublished(s, entity.name),
  });
}

function provePublished(spec: import("../../../core/spec.ts").Spec, name: string) {
  const entity = spec.entities.find((e) => e.name === name)!;
  const path = `/api/${entity.plural}`;
  const create = createSteps(spec, name, "post", { as: "alice" });
  return [{
    name: "a draft is seen only by its author until published",
    actors: { alice: {}, bob: {} },
    steps: [
      ...create,
      {
        as: "anonymous",
        method: "GET" as const,
        path: `${path}?limit=500`,
        status: 200,
        expect: { $lacks: { id: "{post}" } },
      },
      { as: "bob", method: "GET" as const, path: `${path}/{post}`, status: 404 },
      {
        method: "POST" as const,
        path: `${path}/{post}/publish`,
        status: 200,
        expect: { status: "published", published_at: { $type: "string" } },
      },
      {
        as: "anonymous",
        method: "GET" as const,
        path: `${path}?limit=500`,
        status: 200,
        expect: { $has: { id: "{post}" } },
      },
    ],
  }];
}

/** "A list of the tickets that are still open": a filter view. */
function openView(draft: Draft, entity: DraftEntity, t: Transition): void {
  const at = clauseMatching(
    draft,
    /\b(still open|open (tickets?|requests?|items?)|not (yet )?(done|closed|finished|approved)|unfinished|pending|to ?do|only the tasks)\b/i,
  );
  if (at < 0) return;
  const where = t.states !== undefined
    ? [{ field: "status", op: "ne" as const, value: t.to! }]
    : [{ field: t.stamp, op: "is_null" as const }];
  const name = t.states !== undefined ? (t.to === "approved" ? "pending" : "open") : "not_done";
  if (draft.views.some((v) => v.name === name)) return;
  const view = {
    name,
    kind: "filter" as const,
    entity: entity.name,
    label: `${
      name === "not_done" ? "Not done" : name === "pending" ? "Pending" : "Open"
    } ${entity.labelPlural}`,
    where,
  };
  draft.views.push(view);
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["view_filtered"],
    by: [`view:${entity.name}.${name}`],
    status: "implemented",
    clause: at,
    prove: (s) => proveView(s, view),
  });
}

// ─── Moving and reordering ──────────────────────────────────────────────────

const MOVE =
  /\b(move[sd]?|moving|drag\w*|reassign\w*|give (a|the) \w+ to (a )?different|to a different|another column|between columns)\b/i;
const REORDER =
  /\b(reorder\w*|re-order\w*|order matters|up (or|and) down|change (a|its) \w+'?s? position|position|rearrang\w*|in (a|the) chosen order|in the order i choose)\b/i;

function readMoves(draft: Draft): void {
  const at = clauseMatching(draft, MOVE);
  if (at >= 0) {
    const entity = entityOf(draft, at, (e) => !e.person && e.relations.length > 0) ??
      entityOf(draft, at, (e) => !e.person);
    const target = entity?.relations.find((r) => !["owner_id"].includes(r.field));
    if (entity !== undefined && target !== undefined) {
      const action = addAction(draft, {
        name: "move",
        entity: entity.name,
        kind: "move",
        label: /kid|child|person|member/.test(target.target.toLowerCase()) ? "Reassign" : "Move",
        fields: [target.field],
        ...(draft.roles.some((r) => r.staff)
          ? { roles: draft.roles.filter((r) => r.staff).map((r) => r.name) }
          : {}),
      });
      require(draft, {
        text: sentence(draft.parsed.clauses[at]!.text),
        kinds: ["action_move"],
        by: [`action:${entity.name}.move`],
        status: "implemented",
        clause: at,
        prove: (s) => proveAction(s, action),
      });
    }
  }
  const re = clauseMatching(draft, REORDER);
  if (re < 0) return;
  const entity = entityOf(draft, re, (e) => !e.person && e.relations.length > 0) ??
    entityOf(draft, re, (e) => !e.person);
  if (entity === undefined) return;
  const position = addField(entity, {
    name: "position",
    type: "integer",
    required: false,
    min: 0,
    max: 100_000,
  });
  entity.order = { field: position.name, direction: "asc" };
  const within = entity.relations[0]?.field;
  for (const direction of ["up", "down"] as const) {
    const action = addAction(draft, {
      name: direction,
      entity: entity.name,
      kind: "swap",
      label: direction === "up" ? "Up" : "Down",
      field: position.name,
      direction,
      ...(within ? { within } : {}),
    });
    if (direction === "up") {
      require(draft, {
        text: sentence(draft.parsed.clauses[re]!.text),
        kinds: ["action_move", "view_order"],
        by: [
          `action:${entity.name}.up`,
          `action:${entity.name}.down`,
          `field:${entity.name}.position`,
        ],
        status: "implemented",
        clause: re,
        prove: (s) => [...proveAction(s, action), ...proveOrder(s, entity.name)],
      });
    }
  }
}

/** Kanban boards: cards in columns. */
function readBoard(draft: Draft): void {
  if (!says(draft, /\b(kanban|columns?|board)\b/i) || !says(draft, /\bcards?\b|\bcolumns?\b/i)) {
    return;
  }
  const card = draft.entities.find((e) => /^(card|task|video|issue)$/.test(e.label));
  const column = draft.entities.find((e) => /^column$/.test(e.label));
  if (card === undefined || column === undefined) return;
  relate(card, column, { field: `${snakeCase(column.name)}_id` });
  addField(column, { name: "position", type: "integer", required: false, min: 0, max: 1000 });
  column.order = { field: "position", direction: "asc" };
}

/** The workflow frames, in order. */
export const WORKFLOW_FRAMES: readonly Frame[] = [
  { name: "board", read: readBoard },
  { name: "transitions", read: readTransitions },
  { name: "moves", read: readMoves },
];
