/**
 * Frames for shared money: who paid what, split between whom, and who owes
 * whom (trips, roommates, lunch tabs), with settling up; and per-role
 * permissions ("only agents can close tickets", "agents see all of them").
 *
 * @module
 */
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
import { proveView } from "../proofs.ts";
import { createSteps, itemPath, scenario } from "../scenarios.ts";
import { clauseMatching, mainEntity, says } from "./_context.ts";
import type { Frame } from "./mod.ts";

const SPLIT =
  /\b(owes?|owing|owed|who owes|split(s|ting)?|settle[ds]? up|settle|balances?|tab\b|iou)\b/i;

function readSplit(draft: Draft): void {
  const at = clauseMatching(draft, SPLIT);
  if (
    at < 0 ||
    !says(draft, /\b(paid|pays|pay|owes?|split|settle|bills?|expenses?|costs?|orders?)\b/i)
  ) return;
  const text = draft.parsed.text.toLowerCase();
  const memberWord = /roommate/.test(text)
    ? "roommate"
    : /colleague/.test(text)
    ? "colleague"
    : /friend/.test(text)
    ? "friend"
    : "member";
  const member = draft.entities.find((e) => e.person) ??
    ensureEntity(draft, [memberWord], { person: true });
  member.person = true;
  const group = draft.entities.find((e) =>
    /^(trip|group|household|flat|event|holiday|tab)$/.test(e.label)
  );
  const expenseWord = /\bbills?\b/.test(text)
    ? "bill"
    : /lunch|order/.test(text)
    ? "lunch order"
    : "expense";
  const expense = findEntity(draft, expenseWord) ?? findEntity(draft, "expense") ??
    findEntity(draft, "cost") ??
    ensureEntity(draft, [expenseWord], { display: "description" });
  expense.fields = expense.fields.filter((f) =>
    f.name !== "price" && f.name !== "title" && f.name !== "name"
  );
  addField(expense, { name: "description", type: "string", required: true });
  addField(expense, { name: "amount", type: "number", required: true, min: 0, max: 1_000_000 });
  expense.display = "description";
  relate(expense, member, { field: "payer_id" });
  if (group !== undefined) {
    relate(expense, group);
    relate(member, group);
  }
  expense.links = (expense.links ?? []).filter((l) => l.target !== member.name);
  expense.links.push({
    name: "split_between",
    target: member.name,
    field: "split_between_ids",
    label: "split between",
  });
  const payment = ensureEntity(draft, ["payment"], { display: "amount" });
  payment.fields = payment.fields.filter((f) => f.name !== "name" && f.name !== "title");
  addField(payment, { name: "amount", type: "number", required: true, min: 0, max: 1_000_000 });
  payment.display = "amount";
  relate(payment, member, { field: "from_id" });
  relate(payment, member, { field: "to_id" });
  if (group !== undefined) relate(payment, group);
  const view = {
    name: "balances",
    kind: "balance" as const,
    entity: expense.name,
    label: "Balances",
    member: member.name,
    payer: "payer_id",
    amount: "amount",
    split: "split_between_ids",
    ...(group !== undefined ? { group: `${snakeCase(group.name)}_id` } : {}),
    payment: { entity: payment.name, from: "from_id", to: "to_id", amount: "amount" },
  };
  draft.views.push(view);
  const owe = clauseMatching(draft, /\bowe|balance/i);
  require(draft, {
    text: sentence(draft.parsed.clauses[owe]?.text ?? "Balances show who owes whom and how much"),
    ...(owe >= 0 ? { clause: owe } : {}),
    kinds: ["view_balance"],
    by: [`view:${expense.name}.balances`],
    status: "implemented",
    prove: (s) => proveView(s, view).slice(0, 1),
  });
  const settle = clauseMatching(draft, /settle/i);
  require(draft, {
    text: settle >= 0
      ? sentence(draft.parsed.clauses[settle]!.text)
      : "Settling up records the payments that clear the balances",
    ...(settle >= 0 ? { clause: settle } : {}),
    kinds: ["view_balance", "action_transition"],
    by: [`endpoint:POST ${view.name}/settle`, `entity:${payment.name}`],
    status: "implemented",
    prove: (s) => proveView(s, view).slice(1),
  });
  const paid = clauseMatching(
    draft,
    /\b(who paid|paid (it|what|for)|who it was for|split (it )?(among|between))\b/i,
  );
  if (paid >= 0) {
    require(draft, {
      text: sentence(draft.parsed.clauses[paid]!.text),
      kinds: ["many_to_many", "relation"],
      by: [`field:${expense.name}.payer_id`, `field:${expense.name}.split_between_ids`],
      status: "implemented",
      clause: paid,
      prove: (s) => proveView(s, view).slice(0, 1),
    });
  }
  if (group !== undefined) {
    const total = addField(group, {
      name: "total_spent",
      type: "number",
      required: false,
      computed: {
        kind: "aggregate",
        op: "sum",
        entity: expense.name,
        via: `${snakeCase(group.name)}_id`,
        field: "amount",
      },
    });
    require(draft, {
      text: `Each ${group.label} shows the total amount spent`,
      kinds: ["aggregate"],
      by: [`field:${group.name}.${total.name}`],
      status: "implemented",
      prove: (s) => proveTotal(s, group.name, expense.name, total.name),
    });
  }
}

// ─── Roles and what each may do ─────────────────────────────────────────────

function readPermissions(draft: Draft): void {
  if (draft.roles.length < 2) return;
  const staff = draft.roles.filter((r) => r.staff).map((r) => r.name);
  const base = draft.roles.find((r) => !r.staff)!.name;
  const text = draft.parsed.text.toLowerCase();
  // "employees should only see their own tickets, agents see all of them"
  const seeAll = new RegExp(
    `\\b(${staff.join("|")})s? (can )?(see|view|read|access)s? (all|every|everything|each)`,
  ).test(text) ||
    /\bonly (see|view) their own\b/.test(text) || /\bsee every\b/.test(text);
  const main = mainEntity(draft);
  if (seeAll && main !== undefined) {
    for (
      const entity of draft.entities.filter((e) =>
        !e.person && (e === main || e.relations.some((r) => r.target === main.name))
      )
    ) {
      entity.permissions = { ...entity.permissions, all: staff };
    }
    draft.personal = true;
    const own = clauseMatching(draft, /\b(own|all of them|see all|every)\b/i);
    require(draft, {
      text: sentence(
        draft.parsed.clauses[own]?.text ?? `Each ${base} sees only their own ${main.labelPlural}`,
      ),
      ...(own >= 0 ? { clause: own } : {}),
      kinds: ["owner_private", "roles"],
      by: [`entity:${main.name}`, ...staff.map((r) => `role:${r}`)],
      status: "implemented",
      prove: (s) => proveStaffSeesAll(s, main.name, staff[0]!),
    });
  }
  // "only HR can post openings", "only teachers can create courses"
  const only = new RegExp(
    `\\bonly (${
      staff.join("|")
    })s? (?:should be able to|are allowed to|get to|can|may|should)? ?(\\w+)`,
    "i",
  );
  const match = text.match(only) ??
    text.match(
      new RegExp(
        `\\b(${staff.join("|")})s? (posts?|creates?|adds?|enters?|assigns?|publishes?) (\\w+)`,
        "i",
      ),
    );
  const writes = draft.entities.filter((e) =>
    !e.person && !draft.actions.some((a) => a.kind === "record" && a.child === e.name)
  );
  if (match !== null) {
    const target = writes.find((e) =>
      text.includes(e.labelPlural) &&
      new RegExp(`${match[1]}s? (\\w+ ){0,5}${e.labelPlural}`).test(text)
    ) ?? writes[0];
    if (target !== undefined) {
      // "only admins can delete pages": deleting only; "only HR posts openings": writing.
      const verb = match[2]!.toLowerCase();
      const which: ("create" | "update" | "delete")[] = /^(delete|remove|archive)/.test(verb)
        ? ["delete"]
        : /^(edit|update|change|modify)/.test(verb)
        ? ["update"]
        : ["create", "update", "delete"];
      const granted = Object.fromEntries(which.map((w) => [w, staff]));
      target.permissions = { ...target.permissions, ...granted };
      const only = clauseMatching(draft, new RegExp(match[1]!, "i"));
      require(draft, {
        text: sentence(
          draft.parsed.clauses[only]?.text ??
            `Only ${staff.join(" or ")} can add ${target.labelPlural}`,
        ),
        ...(only >= 0 ? { clause: only } : {}),
        kinds: ["roles"],
        by: [
          `entity:${target.name}.permissions`,
          ...staff.map((r) => `role:${r}`),
        ],
        status: "implemented",
        prove: (s) =>
          which.length === 1 && which[0] === "delete"
            ? proveStaffDeletes(s, target.name, staff[0]!)
            : proveStaffWrites(s, target.name, staff[0]!),
      });
    }
  }
}

function proveTotal(
  spec: import("../../../core/spec.ts").Spec,
  group: string,
  expense: string,
  total: string,
) {
  const via = `${snakeCase(group)}_id`;
  return [scenario(spec, "the total adds up the expenses", [
    ...createSteps(spec, group, "group"),
    ...createSteps(spec, expense, "one", { parents: { [via]: "{group}" }, set: { amount: 30 } }),
    ...createSteps(spec, expense, "two", {
      parents: { [via]: "{group}" },
      set: { amount: 12.5 },
      variant: 1,
    }),
    { method: "GET", path: itemPath(spec, group, "group"), status: 200, expect: { [total]: 42.5 } },
  ])];
}

function proveStaffSeesAll(spec: import("../../../core/spec.ts").Spec, name: string, role: string) {
  const entity = spec.entities.find((e) => e.name === name)!;
  return [{
    name: `a ${role} sees everyone's ${entity.labelPlural}, others only their own`,
    actors: { alice: {}, bob: {}, staff: { role } },
    steps: [
      // With the rows it belongs to (a practice log's student) made first.
      ...createSteps(spec, name, "mine", { as: "alice" }),
      {
        as: "bob",
        method: "GET" as const,
        path: `/api/${entity.plural}?limit=500`,
        status: 200,
        expect: { $lacks: { id: "{mine}" } },
      },
      {
        as: "staff",
        method: "GET" as const,
        path: `/api/${entity.plural}?limit=500`,
        status: 200,
        expect: { $has: { id: "{mine}" } },
      },
    ],
  }];
}

function proveStaffWrites(spec: import("../../../core/spec.ts").Spec, name: string, role: string) {
  const entity = spec.entities.find((e) => e.name === name)!;
  const body = bodyOf(entity);
  return [{
    name: `only a ${role} can add ${entity.labelPlural}`,
    actors: { alice: {}, staff: { role } },
    steps: [
      { as: "alice", method: "POST" as const, path: `/api/${entity.plural}`, body, status: 403 },
      { as: "staff", method: "POST" as const, path: `/api/${entity.plural}`, body, status: 201 },
    ],
  }];
}

function proveStaffDeletes(
  spec: import("../../../core/spec.ts").Spec,
  name: string,
  role: string,
) {
  const entity = spec.entities.find((e) => e.name === name)!;
  const path = `/api/${entity.plural}`;
  return [{
    name: `only a ${role} can delete ${entity.labelPlural}`,
    actors: { alice: {}, staff: { role } },
    steps: [
      ...createSteps(spec, name, "row", { as: "alice" }),
      { as: "alice", method: "DELETE" as const, path: `${path}/{row}`, status: 403 },
      { as: "staff", method: "DELETE" as const, path: `${path}/{row}`, status: 204 },
      { as: "alice", method: "GET" as const, path: `${path}/{row}`, status: 404 },
    ],
  }];
}

function bodyOf(
  entity: DraftEntity | import("../../../core/spec.ts").Entity,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of entity.fields) {
    if (f.computed !== undefined || !f.required) continue;
    body[f.name] = f.type === "string" || f.type === "text"
      ? `${f.name} {run}`
      : f.type === "integer" || f.type === "number"
      ? Math.max(1, f.min ?? 1)
      : f.type === "date"
      ? "{today}"
      : f.type === "datetime"
      ? "{today}T10:00:00"
      : f.type === "email"
      ? "a-{run}@example.com"
      : f.type === "url" || f.type === "image"
      ? "https://example.com/{run}"
      : f.type === "boolean"
      ? false
      : f.values?.[0];
  }
  return body;
}

/** The money and permission frames, in order. */
export const MONEY_FRAMES: readonly Frame[] = [
  { name: "split", read: readSplit },
  { name: "permissions", read: readPermissions },
];
