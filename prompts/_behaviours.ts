/**
 * What the executors are told about the spec's behaviours and
 * requirements: only the kinds the spec uses, each with its HTTP contract
 * (`core/behaviours.ts`, `core/routes.ts`) for the backend and its UI for
 * the frontend. The text is stackforge's own, so it stands outside the
 * `<spec>` block, which holds the (untrusted) names and values. Private to
 * `prompts/`.
 *
 * @module
 */
import { SCENARIO_COMMAND } from "../core/contract.ts";
import type { Spec } from "../core/spec.ts";

type Side = "backend" | "frontend";

interface Piece {
  /** Whether the spec uses this kind. */
  used: (spec: Spec) => boolean;
  backend: string;
  frontend: string;
}

const computed = (spec: Spec) => spec.entities.some((e) => e.fields.some((f) => f.computed));

const PIECES: Piece[] = [
  {
    used: computed,
    backend:
      'Computed fields (a field with "computed"): the server sets them; they are no part of the input model, and a body naming one is refused with 422. counter: 0 at creation, changed only by actions and redirects. state: the enum\'s first value at creation, changed only by actions. stamp: null until its action runs, then the current date or datetime. slug: from its "from" field at creation, lower-case with dashes, made unique with -2, -3. code: a random URL-safe unique code of "length" characters at creation. aggregate: on read, over the rows of "entity" whose relation "via" points at this row (only those matching "where"): count, sum/avg/min/max of "field" (null when there are none, 0 for count), or streak (days in a row up to today with such a row, by the date "field"). remaining: "from" minus "minus". percent: 100 × part / whole rounded to one decimal, 0 when the whole is 0; a whole {"siblings": f, "via": r} is the sum of f over the rows sharing this row\'s r parent. date_plus: the date "from" plus "days" days, today when "from" is empty.',
    frontend:
      "Computed fields are shown, never edited: no form control for them; a percent with its % sign (a bar beside it is fine), a stamp as a date, a counter as a number.",
  },
  {
    used: (spec) => spec.entities.some((e) => (e.links ?? []).length > 0),
    backend:
      'Links ("links" of an entity): the list field (e.g. tag_ids) holds the linked rows\' ids, kept in a join table, in the input and in the row; list endpoints filter by one linked id (?tag_id=3); an unknown id is 422.',
    frontend:
      "Links: a list field of ids is picked with one checkbox per target row (labelled with its display field) inside a <fieldset> whose <legend> is the link's label.",
  },
  {
    used: (spec) =>
      spec.entities.some((e) =>
        (e.search ?? []).length > 0 || (e.filters ?? []).length > 0 || e.order !== undefined
      ),
    backend:
      'Lists: "order" sorts them (default newest first); ?q= matches rows whose "search" fields contain the text, case-insensitive; each of "filters" is ?<field>=<value>.',
    frontend:
      'Lists: with "search" fields, a search box labelled "Search" sends ?q=; each of "filters" is a control labelled with its field that sends ?<field>=.',
  },
  {
    used: (spec) => (spec.actions ?? []).length > 0,
    backend:
      'Actions: POST /api/<plural>/{id}/<name> as its endpoint says; 404 for a missing row, 403 when "roles" excludes the user, 409 with its "message" when "when" does not hold. transition: sets "set" and the stamp fields of this action, 200 with the row. increment: adds 1 to the counter "field", 200 with the row. record: creates a "child" row whose relation "via" points at this row, from the body\'s "fields" plus the defaults "set", 201 with the child row; the child\'s rules apply. move: sets the "fields" the body gives, 200 with the row. swap: swaps the integer "field" with its neighbour among the rows sharing "within" (up: the next smaller value), 200 with the row, 409 at the end of the list.',
    frontend:
      'Actions: a button whose text is the action\'s "label" beside each row of its entity\'s list and on its detail page, calling its endpoint and showing the new state; a record or move action asks for its "fields" in a small form sent by that button; a refusal (403, 409) shows the answer\'s detail in role="alert".',
  },
  {
    used: (spec) => (spec.rules ?? []).length > 0,
    backend:
      'Rules ("rules"): checked on every create, update and record action of their entity, answering {"detail": the rule\'s message}. unique: no two rows share the values of "fields" (409). capacity: the rows pointing at one parent through "via" (those matching "where") count, or sum "measure", to at most the parent\'s "limit" field (409). max_parent: the row\'s "field" is at most the parent\'s "limit" (422). available: at most one row matching "active" per "via" parent (409). no_overlap: rows with the same "via" parent never overlap from "start" to "end" (409). order: "then" comes after "first" (422). different: the relation "fields" differ (422). same_parent: the row linked through "field" has its "parent" field equal to this row\'s "equals" field (422). non_negative: the write leaves the parent\'s computed "field" (through "via") at 0 or more (409). requires: a row of "other" whose fields equal this row\'s per the "match" pairs exists (422).',
    frontend:
      'Rules: a write the server refuses (409, 422) shows the answer\'s detail in role="alert" beside its form, and the form keeps what was typed.',
  },
  {
    used: (spec) => (spec.views ?? []).length > 0,
    backend:
      'Views ("views", each with its endpoint): filter: the rows matching every "where" condition (computed fields included), ordered by "order". grouped: one row per distinct value of the "by" fields (a date bucketed by day YYYY-MM-DD, week YYYY-Www, month YYYY-MM or year YYYY; a relation key holds the id and "<key>_label" its display field), each with "total" (the "measure") and "count". schedule: ?from=YYYY-MM-DD&days=N (default today and the next 6 days): the rows whose "date" falls in them, by date then "time". balance: {"balances": [{"member_id", "name", "paid", "share", "net"}], "transfers": [{"from_id", "from", "to_id", "to", "amount"}]}, each expense split equally between the members of its "split" link, minus the payments, with the fewest transfers; with a "payment" entity, POST .../settle records the transfers.',
    frontend:
      'Views: a page per view at its route, titled with its "label", showing what its endpoint answers (grouped: a table of the groups with total and count; schedule: day by day; balance: the balances and the transfers, and a "Settle up" button when there is a settle endpoint).',
  },
  {
    used: (spec) => (spec.redirects ?? []).length > 0,
    backend:
      'Redirects: GET /<prefix>/{code} (outside /api) finds the row whose "code" field equals the path\'s code, adds 1 to its "counter", and answers 307 with Location set to its "target" field; 404 for an unknown code.',
    frontend:
      "Redirects: each row shows its short link (the backend's URL + /<prefix>/<code>) as a link, with its counter.",
  },
  {
    used: (spec) => (spec.roles ?? []).length > 0,
    backend:
      'Roles: users have a role (the first role unless register is sent "role"); a staff role is granted only when "staff_code" equals STAFF_SIGNUP_CODE (403 otherwise); GET /api/auth/me includes "role"; "permissions" lists the roles that may create, update or delete an entity\'s rows (403 for others), and "all" the roles that see every row of a private entity.',
    frontend:
      'Roles: the register form has a select labelled "Role" (the spec\'s roles) and, for a staff role, a field labelled "Staff code"; buttons a role may not use are hidden or disabled.',
  },
  {
    used: (spec) => spec.entities.some((e) => (e.publicWhere ?? []).length > 0),
    backend:
      '"publicWhere": rows matching it are seen by everyone (signed in or not), the others only by their owner and the roles in "all".',
    frontend: "",
  },
  {
    used: (spec) => spec.entities.some((e) => e.fields.some((f) => f.type === "image")),
    backend: "Image fields hold an http(s) URL (422 otherwise).",
    frontend:
      "Image fields: a URL input in forms; shown as <img src alt> (alt: the row's display field).",
  },
];

/**
 * The behaviour part of an executor's user message: one paragraph per kind
 * of behaviour the spec uses.
 *
 * @param spec The spec.
 * @param side Which executor.
 * @returns Zero or one part.
 */
export function behaviourParts(spec: Spec, side: Side): string[] {
  const lines = PIECES.filter((p) => p.used(spec) && p[side] !== "").map((p) => `- ${p[side]}`);
  if (lines.length === 0) return [];
  return [`Behaviours of this spec, as the app must implement them:\n${lines.join("\n")}`];
}

/**
 * The requirements part of an executor's user message: how the spec's
 * requirements are proven, so the code is written to pass them.
 *
 * @param spec The spec.
 * @param side Which executor.
 * @returns Zero or one part.
 */
export function requirementParts(spec: Spec, side: Side): string[] {
  const implemented = (spec.requirements ?? []).filter((r) => r.status === "implemented");
  if (implemented.length === 0) return [];
  const ui = implemented.some((r) => r.scenarios.some((s) => s.steps.some((st) => "ui" in st)));
  return [
    side === "backend"
      ? `Requirements: the spec's "requirements" are what the user asked for; the HTTP steps of each implemented one's "scenarios" are run against your backend (${SCENARIO_COMMAND}, each actor signed up first through POST /api/auth/register) and must pass: each step's status equals "status", and the answer matches "expect" (an object on the keys it gives; "$len", "$has", "$lacks", "$sorted", "$gte", "$lte", "$type", "$absent", "$ne", "$contains" as their names say). Implement whatever they need, even beyond the vocabulary above.`
      : `Requirements: the spec's "requirements" are what the user asked for; ${
        ui
          ? 'the UI steps of their "scenarios" run in Chromium against your pages: "fill" types into the field with that label, "select" picks the option with that text, "click" presses the button or link with that name, "see" waits for that text; write the labels, names and texts they use exactly'
          : "their scenarios are run against the backend, so the pages must offer every operation they use"
      }.`,
  ];
}
