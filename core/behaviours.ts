/**
 * What an app does beyond storing rows: the behaviour vocabulary of the
 * spec. Server-computed fields, one-click actions, rules the server
 * enforces, computed views, redirects and roles — each written as data, so
 * the offline renderers implement it, real models are told about it, and
 * acceptance scenarios prove it.
 *
 * The HTTP shape of every behaviour is fixed by `routes.ts` (its endpoints)
 * and described here per kind; the generated backend, the frontend, the
 * scenarios and the verifier all follow it.
 *
 * @module
 */
import { z } from "zod";

const snakeName = z.string().regex(
  /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/,
  "must be snake_case, starting with a letter",
);
const pascalName = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, "must be PascalCase");

/**
 * A value a condition compares with: a literal, today's date shifted by
 * whole days (`{"today": -1}` is yesterday), the current time, or another
 * field of the same row.
 */
export const ValueSchema = z.union([
  z.string().max(200),
  z.number(),
  z.boolean(),
  z.null(),
  z.object({ today: z.number().int().min(-3650).max(3650) }).strict(),
  z.object({ now: z.literal(true) }).strict(),
  z.object({ field: snakeName }).strict(),
]);

/** A condition on one field of a row (stored, relation or computed). */
export type Value = z.infer<typeof ValueSchema>;

/** Comparison operators of a {@link Condition}. */
export const CONDITION_OPS = ["eq", "ne", "lt", "le", "gt", "ge", "is_null", "not_null"] as const;

/** A condition on one field of a row; `is_null`/`not_null` take no value. */
export const ConditionSchema = z.object({
  field: snakeName,
  op: z.enum(CONDITION_OPS),
  value: ValueSchema.optional(),
});

/** A condition on one field of a row. */
export type Condition = z.infer<typeof ConditionSchema>;

/** Aggregate operations over child rows. */
export const AGGREGATE_OPS = ["count", "sum", "avg", "min", "max", "streak"] as const;

/**
 * A field the server computes and never accepts from a client (it is not in
 * the input schemas; a body naming it is refused with 422 like any unknown
 * field):
 * - `counter`: an integer starting at 0 that only actions and redirects
 *   change (clicks, likes).
 * - `state`: an enum starting at its first value that only actions change
 *   (a ticket's status: open → in progress → closed; a post: draft →
 *   published).
 * - `stamp`: a date or datetime set when the named action runs (`closed_at`,
 *   `returned_at`, `published_at`), null before.
 * - `slug`: made from another field at creation (lower-case, dashes, made
 *   unique with `-2`, `-3`…).
 * - `code`: a random URL-safe code of `length` characters made at creation,
 *   unique (short links, ticket numbers, invite codes).
 * - `aggregate`: computed on read over the rows of `entity` whose relation
 *   field `via` points at this row, optionally only those matching `where`:
 *   `count`, `sum`/`avg`/`min`/`max` of `field`, or `streak` (days in a row
 *   up to today with a row, by the date `field`).
 * - `remaining`: `from` minus `minus`, two numeric fields of this row
 *   (capacity minus the count of sign-ups; delivered minus used).
 * - `percent`: 100 × `part` / `whole` rounded to one decimal (0 when the
 *   whole is 0); `whole` is a field of this row, or `{ "siblings": field,
 *   "via": relation }`: the sum of `field` over the rows sharing this row's
 *   `via` parent (an option's share of its poll's votes).
 * - `date_plus`: the date `from` plus `days` (a field holding a number of
 *   days): when a plant is next due for water; today when `from` is empty
 *   (a plant never watered is due now).
 */
export const ComputedSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("counter") }),
  z.object({ kind: z.literal("state") }),
  z.object({ kind: z.literal("stamp"), action: snakeName }),
  z.object({ kind: z.literal("slug"), from: snakeName }),
  z.object({ kind: z.literal("code"), length: z.number().int().min(4).max(16) }),
  z.object({
    kind: z.literal("aggregate"),
    op: z.enum(AGGREGATE_OPS),
    entity: pascalName,
    via: snakeName,
    field: snakeName.optional(),
    where: z.array(ConditionSchema).max(5).optional(),
  }),
  z.object({ kind: z.literal("remaining"), from: snakeName, minus: snakeName }),
  z.object({
    kind: z.literal("percent"),
    part: snakeName,
    whole: z.union([
      snakeName,
      z.object({ siblings: snakeName, via: snakeName }).strict(),
    ]),
  }),
  z.object({ kind: z.literal("date_plus"), from: snakeName, days: snakeName }),
]);

/** A server-computed field's rule. */
export type Computed = z.infer<typeof ComputedSchema>;

/** One of {@link ComputedSchema}'s kinds. */
export type ComputedKind = Computed["kind"];

/**
 * A many-to-many link: each row of the entity links to any number of rows of
 * `target` through the integer-list field `field` (e.g. `tag_ids`), stored in
 * a join table. The list is part of the input and output schemas, and list
 * endpoints filter by one linked id (`?tag_id=3`).
 */
export const LinkSchema = z.object({
  /** snake_case plural naming the linked rows, e.g. `tags`, `members`. */
  name: snakeName,
  target: pascalName,
  field: snakeName.regex(/_ids$/, "must end in _ids"),
  /** Human label, e.g. "split between". */
  label: z.string().min(1).max(60),
});

/** A many-to-many link. */
export type Link = z.infer<typeof LinkSchema>;

/** A field and direction to order rows by. */
export const OrderSchema = z.object({
  field: snakeName,
  direction: z.enum(["asc", "desc"]),
});

/** A field and direction to order rows by. */
export type Order = z.infer<typeof OrderSchema>;

/** How an action changes a field: `{ "field": "status", "value": "closed" }`. */
export const AssignmentSchema = z.object({ field: snakeName, value: ValueSchema });

/**
 * A one-click domain operation with its own endpoint,
 * `POST /api/<plural>/{id}/<name>`, and its own button in the UI. It runs
 * only when `when` holds for the row (otherwise 409 with `message`), and
 * only for `roles` when given (otherwise 403). Kinds:
 * - `transition`: sets `set` on the row and the `stamp` fields whose
 *   computed `action` is this one; answers 200 with the row (close a ticket,
 *   return a loan, publish a post, approve a request, mark done).
 * - `increment`: adds `by` (default 1) to the integer `field`; 200 with the
 *   row (a like; `by: -1` with `when: [{field, op: "gt", value: 0}]` takes a
 *   dose from the pills left, refused at none).
 * - `record`: creates a row of `child` whose relation `via` points at this
 *   row, from the body's `fields` and the defaults `set`; 201 with the new
 *   child row (vote, RSVP, sign up, check in, "watered today"). The child's
 *   rules apply.
 * - `move`: sets the `fields` the body gives (another column, a position, a
 *   kid); 200 with the row.
 * - `swap`: swaps the row's integer `field` with its neighbour's among the
 *   rows sharing its relation `within`, upwards (`up`: the next smaller
 *   value) or downwards; 200 with the row; 409 at the end of the list.
 */
export const ActionSchema = z.object({
  /** snake_case verb, the last path segment, e.g. `close`, `vote`. */
  name: snakeName,
  entity: pascalName,
  kind: z.enum(["transition", "increment", "record", "move", "swap"]),
  /** The button's text, e.g. "Return". */
  label: z.string().min(1).max(40),
  /** Roles that may run it (auth apps with roles only); absent: anyone who may update the row. */
  roles: z.array(snakeName).max(10).optional(),
  /** When the action may run; it is refused with 409 otherwise. */
  when: z.array(ConditionSchema).max(5).optional(),
  /** Why it was refused when `when` does not hold, e.g. "This loan was already returned". */
  message: z.string().max(200).optional(),
  /** `transition`: the fields it sets; `record`: defaults of the child row. */
  set: z.array(AssignmentSchema).max(10).optional(),
  /** `increment`, `swap`: the field it changes. */
  field: snakeName.optional(),
  /** `increment`: how much it adds (default 1; -1 takes one away). */
  by: z.number().int().min(-1000).max(1000).refine((n) => n !== 0, "must not be 0").optional(),
  /** `record`: the child entity and its relation to this one. */
  child: pascalName.optional(),
  via: snakeName.optional(),
  /** `record`, `move`: the fields the body gives. */
  fields: z.array(snakeName).max(10).optional(),
  /** `swap`: which way, and the relation whose rows are the neighbours. */
  direction: z.enum(["up", "down"]).optional(),
  within: snakeName.optional(),
});

/** A one-click domain operation. */
export type Action = z.infer<typeof ActionSchema>;

/**
 * A rule the server enforces on every create and update of `entity` (and
 * on the actions that create its rows), answering 409 (a conflict with other
 * rows) or 422 (an invalid row) with `message`. Kinds:
 * - `unique`: no two rows share the values of `fields` (one field, or a
 *   combination: a table and a time slot). 409.
 * - `capacity`: the rows of `entity` pointing at one parent through `via`
 *   (only those matching `where`, if given) count up, or sum `measure`, to
 *   at most the parent's `limit` field. 409.
 * - `max_parent`: the row's `field` is at most the parent's `limit` field
 *   (a party no larger than the table's seats). 422.
 * - `available`: at most one row matching `active` per parent `via` (a book
 *   on loan cannot be lent again). 409.
 * - `no_overlap`: two rows with the same `via` parent cannot overlap in time
 *   from `start` to `end`. 409.
 * - `order`: `then` must come after `first` (an end after its start). 422.
 * - `different`: the relation fields `fields` must differ (a team does not
 *   play itself). 422.
 * - `same_parent`: the row linked through `field` must have its `parent`
 *   field equal to this row's `equals` field (the voted option belongs to the
 *   poll voted in; the winner is one of the players). 422.
 * - `non_negative`: writing `entity` must leave the computed `field` of the
 *   parent it points at through `via` at 0 or more (stock). 409.
 * - `requires`: a row of `other` must exist whose fields equal this row's
 *   per `match` pairs `[mine, theirs]` (a machine booking needs an
 *   induction on that machine). 422.
 */
export const RuleSchema = z.object({
  kind: z.enum([
    "unique",
    "capacity",
    "max_parent",
    "available",
    "no_overlap",
    "order",
    "different",
    "same_parent",
    "non_negative",
    "requires",
  ]),
  entity: pascalName,
  /** What the client is told when the rule refuses a write. */
  message: z.string().min(1).max(200),
  fields: z.array(snakeName).min(1).max(4).optional(),
  via: snakeName.optional(),
  limit: snakeName.optional(),
  measure: snakeName.optional(),
  where: z.array(ConditionSchema).max(5).optional(),
  field: snakeName.optional(),
  active: z.array(ConditionSchema).max(5).optional(),
  start: snakeName.optional(),
  end: snakeName.optional(),
  first: snakeName.optional(),
  then: snakeName.optional(),
  parent: snakeName.optional(),
  equals: snakeName.optional(),
  other: pascalName.optional(),
  match: z.array(z.tuple([snakeName, snakeName])).max(4).optional(),
});

/** A rule the server enforces. */
export type Rule = z.infer<typeof RuleSchema>;

/** Time buckets a grouped view can group dates by. */
export const BUCKETS = ["day", "week", "month", "year"] as const;

/**
 * A computed list with its own endpoint and page. Kinds:
 * - `filter`: `GET /api/<plural>/<name>`: the rows matching every `where`
 *   condition (computed fields included), ordered by `order`: overdue loans,
 *   low stock, plants due for water, open tickets.
 * - `grouped`: `GET /api/<plural>/<name>`: one row per distinct value of
 *   the `by` fields (a date field may be bucketed by day, week, month or
 *   year), each with `total` (the `measure`: `count`, or `sum`/`avg`/`max` of
 *   a field) and `count`, ordered by `order` (default: the groups): spending
 *   per category per month, hours per project, wins per player. Each group
 *   is keyed by the `by` field names: a bucketed date holds `YYYY-MM-DD`
 *   (day), `YYYY-Www` (ISO week, e.g. `2026-W09`), `YYYY-MM` (month) or
 *   `YYYY` (year); a relation key holds the id, with the row's display name
 *   beside it as `<key>_label`. Rows whose key is null are grouped under null.
 * - `schedule`: `GET /api/<plural>/<name>?from=YYYY-MM-DD&days=N`: the rows
 *   whose `date` falls in those days (default today and the next 6), ordered
 *   by `date` then `time`; the page shows them day by day.
 * - `balance`: `GET /api/<name>` or, with `group`,
 *   `GET /api/<group plural>/{id}/<name>`: who owes whom among the `member`
 *   rows, from the `expense` rows (each paid by the member its relation
 *   `payer` names, `amount` split equally between the members of its link
 *   `split`) minus the `payment` rows (`from` paid `to` the `amount`):
 *   `{ "balances": [{ "member_id", "name", "paid", "share", "net" }],
 *   "transfers": [{ "from_id", "from", "to_id", "to", "amount" }] }`, the
 *   fewest transfers that settle everyone. With a `payment` entity,
 *   `POST /api/<name>/settle` (or under the group) records the transfers.
 */
export const ViewSchema = z.object({
  /** snake_case, the last path segment, e.g. `overdue`, `by_category`. */
  name: snakeName,
  kind: z.enum(["filter", "grouped", "schedule", "balance"]),
  /** The entity whose rows it lists (`balance`: the expense entity). */
  entity: pascalName,
  /** The page title, e.g. "Overdue loans". */
  label: z.string().min(1).max(60),
  where: z.array(ConditionSchema).max(6).optional(),
  order: OrderSchema.optional(),
  by: z.array(z.object({ field: snakeName, bucket: z.enum(BUCKETS).optional() })).min(1).max(3)
    .optional(),
  measure: z.object({ op: z.enum(["count", "sum", "avg", "max"]), field: snakeName.optional() })
    .optional(),
  date: snakeName.optional(),
  time: snakeName.optional(),
  member: pascalName.optional(),
  payer: snakeName.optional(),
  amount: snakeName.optional(),
  split: snakeName.optional(),
  group: snakeName.optional(),
  payment: z.object({ entity: pascalName, from: snakeName, to: snakeName, amount: snakeName })
    .optional(),
});

/** A computed list. */
export type View = z.infer<typeof ViewSchema>;

/**
 * A non-/api route: `GET /<prefix>/{code}` finds the `entity` row whose
 * `code` field equals the path's code, adds 1 to its `counter` field (if
 * given), and answers 307 with `Location` set to its `target` URL field;
 * 404 for an unknown code.
 */
export const RedirectSchema = z.object({
  entity: pascalName,
  prefix: snakeName,
  code: snakeName,
  target: snakeName,
  counter: snakeName.optional(),
});

/** A non-/api redirect route. */
export type Redirect = z.infer<typeof RedirectSchema>;

/**
 * Kinds of user with their own permissions (auth apps only). Everyone signs
 * up as the first role; a `staff` role is granted at sign-up only with the
 * app's staff code (the `STAFF_SIGNUP_CODE` setting: `"role": "agent",
 * "staff_code": "…"` in the register body). `GET /api/auth/me` includes
 * `role`.
 */
export const RoleSchema = z.object({
  name: snakeName,
  label: z.string().min(1).max(40),
  staff: z.boolean(),
});

/** A kind of user. */
export type Role = z.infer<typeof RoleSchema>;

/** Who may write rows of an entity, by role (absent: as its access says). */
export const PermissionsSchema = z.object({
  create: z.array(snakeName).max(10).optional(),
  update: z.array(snakeName).max(10).optional(),
  delete: z.array(snakeName).max(10).optional(),
  /** For `private` entities: roles that see and change every row, not only their own. */
  all: z.array(snakeName).max(10).optional(),
});

/** Who may write rows of an entity, by role. */
export type Permissions = z.infer<typeof PermissionsSchema>;

/** The behaviour kinds requirements are tagged with (what a user would check). */
export const REQUIREMENT_KINDS = [
  "crud",
  "relation",
  "many_to_many",
  "counter",
  "aggregate",
  "transition_timestamp",
  "generated_value",
  "action_transition",
  "action_increment",
  "action_move",
  "action_signup",
  "rule_unique",
  "rule_unique_combined",
  "rule_capacity",
  "rule_availability",
  "rule_consistency",
  "view_filtered",
  "view_search",
  "view_order",
  "view_grouped",
  "view_balance",
  "view_schedule",
  "redirect",
  "image",
  "roles",
  "owner_private",
  "auth",
  "unsupported",
] as const;

/** One of {@link REQUIREMENT_KINDS}. */
export type RequirementKind = typeof REQUIREMENT_KINDS[number];

/**
 * One HTTP step of an acceptance scenario. `path` and string values of
 * `body` may hold placeholders: `{name}` is a value saved by an earlier step
 * (a string that is exactly one placeholder keeps the saved value's type),
 * `{today}`, `{today+3}`, `{today-1}` are dates (YYYY-MM-DD), `{now}` an ISO
 * datetime, `{run}` a token unique to the run (for unique emails and names).
 * `as` names an actor (the step is sent with that user's token) or is
 * `anonymous` (no token); without `as` the step is sent as the scenario's
 * first actor, or anonymously when it has none. Redirects are not followed.
 * `status` must equal the answer's status. `expect` is matched against the
 * JSON answer: an object matches when each of its keys matches (other keys
 * are ignored); an array matches an array of the same length item by item;
 * other values by equality (numbers within 0.01). Special objects:
 * `{"$len": n}` an array (or string) of length n, `{"$has": x}` an array
 * with an item matching x, `{"$lacks": x}` an array with no item matching x,
 * `{"$sorted": {"field": f, "direction": "asc"|"desc"}}` an array whose
 * items' `f` values are in that order (nulls last), `{"$gte": n}` /
 * `{"$lte": n}` numbers,
 * `{"$type": "string"|"number"|"integer"|"boolean"|"array"|"object"|"null"}`,
 * `{"$absent": true}` a key that is missing, `{"$ne": x}` anything not
 * matching x, `{"$contains": "text"}` a string containing the text.
 * `headers` are expected response headers (names lower-case, values
 * matched like strings, placeholders resolved). `save` stores values of the
 * answer by path (`id`, `user.id`, `0.id`, `code`) under a name.
 */
export const HttpStepSchema = z.object({
  as: snakeName.optional(),
  method: z.enum(["GET", "POST", "PUT", "DELETE"]),
  path: z.string().min(1).max(300),
  body: z.unknown().optional(),
  status: z.number().int().min(100).max(599),
  expect: z.unknown().optional(),
  headers: z.record(z.string().max(60), z.string().max(500)).optional(),
  save: z.record(snakeName, z.string().max(100)).optional(),
});

/** One HTTP step. */
export type HttpStep = z.infer<typeof HttpStepSchema>;

/**
 * One browser step, driven the way a user does: by accessible role and
 * name, label or visible text. `goto` opens `path` (placeholders allowed);
 * `fill` types `value` into the field labelled `label`; `select` picks the
 * option whose text is `value` in the field labelled `label`; `click`
 * presses the `role` (`button` or `link`) named `name`, the `n`-th one when
 * several match (0-based, default 0); `see` and `not_see` wait for `text`
 * to be on the page or not.
 */
export const UiStepSchema = z.object({
  ui: z.enum(["goto", "fill", "select", "click", "see", "not_see"]),
  as: snakeName.optional(),
  path: z.string().max(300).optional(),
  label: z.string().max(100).optional(),
  value: z.string().max(300).optional(),
  role: z.enum(["button", "link"]).optional(),
  name: z.string().max(100).optional(),
  n: z.number().int().min(0).max(50).optional(),
  text: z.string().max(300).optional(),
});

/** One browser step. */
export type UiStep = z.infer<typeof UiStepSchema>;

/** A step of an acceptance scenario. */
export const StepSchema = z.union([HttpStepSchema, UiStepSchema]);

/** A step of an acceptance scenario. */
export type Step = z.infer<typeof StepSchema>;

/**
 * An executable check of one requirement: steps with expected results,
 * run against a fresh backend (the generated pytest suite), over HTTP
 * (`verify`, the validator) and, for UI steps, in Chromium (UI steps are
 * skipped where there is no browser). In auth apps each actor is signed up
 * first, in order: `POST /api/auth/register` with `{"email":
 * "<actor>-{run}@example.com", "password": "<actor>-Pass-{run}", "name":
 * "<Actor>"}`, plus `"role"` and `"staff_code"` (the `STAFF_SIGNUP_CODE`
 * setting) for an actor with a role; its token signs its steps. Values saved
 * by a step are visible to the later steps of the same scenario only; each
 * scenario starts from whatever data the app holds (a scenario creates what
 * it needs and never assumes an empty database).
 */
export const ScenarioSchema = z.object({
  name: z.string().min(1).max(120),
  actors: z.record(snakeName, z.object({ role: snakeName.optional() })).optional(),
  steps: z.array(StepSchema).min(1).max(40),
});

/** An executable check of one requirement. */
export type Scenario = z.infer<typeof ScenarioSchema>;

/**
 * One thing the user asked for, as they would check it, traced to what
 * implements it (`by`: `entity:Loan`, `field:Loan.returned_at`,
 * `action:Loan.return`, `rule:Reservation.unique`, `view:Loan.overdue`,
 * `redirect:Link`, `role:agent`, `endpoint:GET /api/loans`) and proven by
 * `scenarios`. What the app does not do is listed with status
 * `not_implemented` and the reason, never dropped.
 */
export const RequirementSchema = z.object({
  /** e.g. `r1`. */
  id: z.string().regex(/^r[0-9]{1,3}$/),
  text: z.string().min(1).max(300),
  kinds: z.array(z.enum(REQUIREMENT_KINDS)).min(1).max(6),
  status: z.enum(["implemented", "not_implemented"]),
  /** Why it is not implemented. */
  reason: z.string().max(300).optional(),
  by: z.array(z.string().max(160)).max(20),
  scenarios: z.array(ScenarioSchema).max(8),
});

/** One thing the user asked for. */
export type Requirement = z.infer<typeof RequirementSchema>;
