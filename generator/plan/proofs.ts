/**
 * Acceptance scenarios that prove each kind of spec element does what it
 * says: CRUD, relations, links, each action, rule, view and redirect kind,
 * roles and privacy. Each takes the finished spec, so it uses the real
 * endpoints and sample bodies that fit the entity's fields.
 *
 * @module
 */
import type {
  Action,
  HttpStep,
  Redirect,
  Rule,
  Scenario,
  Step,
  View,
} from "../../core/behaviours.ts";
import {
  actionEndpoint,
  redirectEndpoint,
  settleEndpoint,
  viewEndpoint,
} from "../../core/routes.ts";
import { entityByName, type Spec } from "../../core/spec.ts";
import { withArticle } from "../../core/words.ts";
import {
  ALICE,
  BOB,
  collectionPath,
  createSteps,
  creatorOf,
  itemPath,
  sampleBody,
  sampleValue,
  scenario,
} from "./scenarios.ts";

/**
 * Rows of an entity can be created, read, changed, listed and deleted.
 *
 * @param spec The spec.
 * @param entityName The entity.
 * @returns The scenarios.
 */
export function proveCrud(spec: Spec, entityName: string): Scenario[] {
  const entity = entityByName(spec, entityName);
  const display = entity.fields.find((f) => f.name === entity.display);
  const changed = display ? sampleValue(display, 1) : undefined;
  const item = itemPath(spec, entityName, "row");
  const update = sampleBody(entity, {}, {}, 1);
  for (const relation of entity.relations) delete update[relation.field];
  const steps: Step[] = [
    ...createSteps(spec, entityName, "row"),
    { method: "GET", path: item, status: 200, expect: { id: "{row}" } },
  ];
  const creator = creatorOf(spec, entity);
  const put = spec.endpoints.find((e) => e.entity === entityName && e.action === "update");
  if (put !== undefined && display !== undefined && display.computed === undefined) {
    steps.push({
      method: "GET",
      path: item,
      status: 200,
      save: Object.fromEntries(entity.relations.map((r) => [`row_${r.field}`, r.field])),
    });
    const body: Record<string, unknown> = {
      ...sampleBody(entity, {}, {}, 0),
      [display.name]: changed,
    };
    for (const relation of entity.relations) body[relation.field] = `{row_${relation.field}}`;
    // A changed start moves its end too, so the end stays after it.
    if (display.type === "date" || display.type === "datetime") {
      for (const f of entity.fields) {
        if ((f.type === "date" || f.type === "datetime") && f.computed === undefined) {
          body[f.name] = sampleValue(f, 1);
        }
      }
    }
    steps.push({
      method: "PUT",
      path: item,
      body,
      status: 200,
      expect: { [display.name]: changed },
    });
  }
  steps.push(
    {
      method: "GET",
      path: collectionPath(spec, entityName) + "?limit=200",
      status: 200,
      expect: { $has: { id: "{row}" } },
    },
  );
  if (spec.endpoints.some((e) => e.entity === entityName && e.action === "delete")) {
    steps.push(
      { method: "DELETE", path: item, status: 204 },
      { method: "GET", path: item, status: 404 },
    );
  }
  // Rows only staff may write are written by staff throughout; a change or
  // a delete only staff may make is made by staff.
  const staffOnly = (action: "update" | "delete") =>
    creatorOf(spec, { ...entity, permissions: { create: entity.permissions?.[action] ?? [] } });
  const actorOf = (step: Step) =>
    "method" in step && step.method === "PUT"
      ? creator ?? staffOnly("update")
      : "method" in step && step.method === "DELETE"
      ? creator ?? staffOnly("delete")
      : creator;
  const as = steps.map((step) => {
    const who = actorOf(step);
    return "method" in step && step.as === undefined && who !== undefined
      ? { ...step, as: who }
      : step;
  });
  return [scenario(spec, `${entity.labelPlural} can be added, changed and deleted`, as)];
}

/**
 * A child row points at its parent and is listed under it.
 *
 * @param spec The spec.
 * @param childName The child entity.
 * @param field The relation field.
 * @returns The scenarios.
 */
export function proveRelation(spec: Spec, childName: string, field: string): Scenario[] {
  const child = entityByName(spec, childName);
  const relation = child.relations.find((r) => r.field === field)!;
  const parent = entityByName(spec, relation.target);
  return [scenario(spec, `${withArticle(child.label)} belongs to ${withArticle(parent.label)}`, [
    ...createSteps(spec, parent.name, "parent"),
    ...createSteps(spec, childName, "child", { parents: { [field]: "{parent}" } }),
    {
      method: "GET",
      path: itemPath(spec, childName, "child"),
      status: 200,
      expect: { [field]: "{parent}" },
    },
    {
      method: "GET",
      path: `${collectionPath(spec, childName)}?${field}={parent}`,
      status: 200,
      expect: { $len: 1 },
    },
  ])];
}

/**
 * A row links to several rows of another entity and is found by one of them.
 *
 * @param spec The spec.
 * @param entityName The entity with the link.
 * @param linkField The link's `_ids` field.
 * @returns The scenarios.
 */
export function proveLink(spec: Spec, entityName: string, linkField: string): Scenario[] {
  const entity = entityByName(spec, entityName);
  const link = (entity.links ?? []).find((l) => l.field === linkField)!;
  const filter = linkField.replace(/_ids$/, "_id");
  return [scenario(spec, `${withArticle(entity.label)} has several ${link.label}`, [
    ...createSteps(spec, link.target, "first"),
    ...createSteps(spec, link.target, "second", { variant: 1 }),
    ...createSteps(spec, entityName, "row", { set: { [linkField]: ["{first}", "{second}"] } }),
    {
      method: "GET",
      path: itemPath(spec, entityName, "row"),
      status: 200,
      expect: { [linkField]: { $len: 2 } },
    },
    {
      method: "GET",
      path: `${collectionPath(spec, entityName)}?${filter}={second}`,
      status: 200,
      expect: { $has: { id: "{row}" } },
    },
  ])];
}

/** The actor that may run an action (a staff role's user when only roles may). */
function actionActors(spec: Spec, action: Action): { actors?: Scenario["actors"]; as?: string } {
  if (!spec.auth) return {};
  const role = action.roles?.[0];
  if (role === undefined) return {};
  return { actors: { [ALICE]: {}, staff: { role } }, as: "staff" };
}

/**
 * What a `record` action needs: the body (the fields it takes, plus the
 * child's required fields and relations nothing else sets) and the steps
 * creating the rows those relations point at.
 *
 * @param spec The spec.
 * @param action A `record` action.
 * @param alias A prefix for the rows it creates.
 * @param options The actor, the sample variant and values to use.
 * @returns The steps to run first and the body.
 */
export function recordCall(
  spec: Spec,
  action: Action,
  alias: string,
  options: { as?: string; variant?: number; set?: Record<string, unknown> } = {},
): { steps: Step[]; body: Record<string, unknown> } {
  const child = entityByName(spec, action.child!);
  const parent = entityByName(spec, action.entity);
  const preset = new Set((action.set ?? []).map((a) => a.field));
  const body: Record<string, unknown> = {};
  const steps: Step[] = [];
  const variant = options.variant ?? 0;
  for (const field of child.fields) {
    if (field.computed !== undefined || preset.has(field.name)) continue;
    if (!(action.fields ?? []).includes(field.name) && !field.required) continue;
    body[field.name] = options.set?.[field.name] ?? sampleValue(field, variant);
  }
  for (const relation of child.relations) {
    if (relation.field === action.via || preset.has(relation.field)) continue;
    const named = (action.fields ?? []).includes(relation.field);
    // The row acted on shares it: the server copies it.
    if (
      !named && (!relation.required || parent.relations.some((r) => r.field === relation.field))
    ) {
      continue;
    }
    const target = `${alias}_${relation.field.replace(/_id$/, "")}`;
    steps.push(...createSteps(spec, relation.target, target, {
      ...(options.as ? { as: options.as } : {}),
      variant,
    }));
    body[relation.field] = `{${target}}`;
  }
  return { steps, body };
}

/**
 * An action does what it says, and is refused when it cannot run.
 *
 * @param spec The spec.
 * @param action The action.
 * @returns The scenarios.
 */
export function proveAction(spec: Spec, action: Action): Scenario[] {
  const endpoint = actionEndpoint(spec, action);
  const path = endpoint.path.replace("{id}", "{row}");
  const { actors, as } = actionActors(spec, action);
  const run = (extra: Partial<Step> = {}): Step => ({
    ...(as ? { as } : {}),
    method: "POST",
    path,
    status: endpoint.status,
    ...extra,
  } as Step);
  const entity = entityByName(spec, action.entity);
  const steps: Step[] = [...createSteps(spec, action.entity, "row")];
  const scenarios: Scenario[] = [];
  switch (action.kind) {
    case "transition": {
      const expect: Record<string, unknown> = {};
      for (const s of action.set ?? []) {
        if (s.value === null || typeof s.value !== "object") expect[s.field] = s.value;
      }
      for (const f of entity.fields) {
        if (f.computed?.kind === "stamp" && f.computed.action === action.name) {
          expect[f.name] = { $type: "string" };
        }
      }
      steps.push(run({ expect }));
      if ((action.when ?? []).length > 0) {
        steps.push(run({ status: 409 }));
      }
      scenarios.push(scenario(spec, `${action.label} ${entity.label}`, steps, actors));
      break;
    }
    case "increment": {
      const by = action.by ?? 1;
      const field = entity.fields.find((f) => f.name === action.field);
      // A counter starts at 0; a quantity the row was given starts where the sample put it.
      const start = field?.computed === undefined ? 2 : 0;
      if (start !== 0) {
        steps.splice(
          0,
          steps.length,
          ...createSteps(spec, action.entity, "row", {
            set: { [action.field!]: start },
          }),
        );
      }
      steps.push(
        run({ expect: { [action.field!]: start + by } }),
        run({ expect: { [action.field!]: start + 2 * by } }),
      );
      if ((action.when ?? []).length > 0 && start + 2 * by <= 0) steps.push(run({ status: 409 }));
      scenarios.push(
        scenario(spec, `${action.label} ${by < 0 ? "takes one away" : "adds one"}`, steps, actors),
      );
      break;
    }
    case "record": {
      const child = entityByName(spec, action.child!);
      const call = recordCall(spec, action, "made");
      steps.push(
        ...call.steps,
        run({ body: call.body, expect: { [action.via!]: "{row}" }, save: { made: "id" } }),
        {
          method: "GET",
          path: `${collectionPath(spec, child.name)}?${action.via}={row}`,
          status: 200,
          expect: { $has: { id: "{made}" } },
        },
      );
      scenarios.push(scenario(spec, `${action.label} records a ${child.label}`, steps, actors));
      break;
    }
    case "move": {
      const body: Record<string, unknown> = {};
      const extra: Step[] = [];
      for (const name of action.fields ?? []) {
        const relation = entity.relations.find((r) => r.field === name);
        if (relation !== undefined) {
          extra.push(...createSteps(spec, relation.target, "target", { variant: 1 }));
          body[name] = "{target}";
        } else {
          const field = entity.fields.find((f) => f.name === name);
          if (field !== undefined) body[name] = sampleValue(field, 1);
        }
      }
      steps.push(...extra, run({ body, expect: body }));
      steps.push({
        method: "GET",
        path: itemPath(spec, action.entity, "row"),
        status: 200,
        expect: body,
      });
      scenarios.push(scenario(spec, `${action.label} ${entity.label}`, steps, actors));
      break;
    }
    case "swap": {
      const within = action.within;
      const parent = within === undefined
        ? undefined
        : entity.relations.find((r) => r.field === within);
      const prelude = parent === undefined ? [] : createSteps(spec, parent.target, "group");
      const parents = parent === undefined ? {} : { [within!]: "{group}" };
      const field = action.field!;
      const swap: Step[] = [
        ...prelude,
        ...createSteps(spec, action.entity, "first", { parents, set: { [field]: 1 } }),
        ...createSteps(spec, action.entity, "second", { parents, set: { [field]: 2 }, variant: 1 }),
      ];
      const mover = action.direction === "up" ? "second" : "first";
      swap.push({
        ...(as ? { as } : {}),
        method: "POST",
        path: endpoint.path.replace("{id}", `{${mover}}`),
        status: 200,
        expect: { [field]: action.direction === "up" ? 1 : 2 },
      });
      scenarios.push(scenario(spec, `${action.label} moves a ${entity.label}`, swap, actors));
      break;
    }
  }
  if (as !== undefined) {
    scenarios.push(
      scenario(spec, `only ${action.roles!.join(" or ")} may ${action.label.toLowerCase()}`, [
        ...createSteps(spec, action.entity, "row", { as: ALICE }),
        { as: ALICE, method: "POST", path, status: 403 },
      ], actors),
    );
  }
  return scenarios;
}

/**
 * A rule refuses the write it forbids and allows the others.
 *
 * @param spec The spec.
 * @param rule The rule.
 * @returns The scenarios.
 */
export function proveRule(spec: Spec, rule: Rule): Scenario[] {
  const entity = entityByName(spec, rule.entity);
  const path = collectionPath(spec, rule.entity);
  const named = `${rule.kind.replace("_", " ")}: ${rule.message}`;
  const create = (
    alias: string,
    parents: Record<string, string>,
    set: Record<string, unknown>,
    status = 201,
    variant = 0,
  ) =>
    createSteps(spec, rule.entity, alias, {
      parents,
      set,
      status,
      variant,
      stock: rule.kind !== "non_negative",
    });
  switch (rule.kind) {
    case "unique": {
      const fields = rule.fields ?? [];
      const prelude: Step[] = [];
      const parents: Record<string, string> = {};
      const set: Record<string, unknown> = {};
      for (const name of fields) {
        const relation = entity.relations.find((r) => r.field === name);
        if (relation !== undefined) {
          prelude.push(...createSteps(spec, relation.target, `u_${name}`));
          parents[name] = `{u_${name}}`;
          continue;
        }
        const field = entity.fields.find((f) => f.name === name);
        if (field !== undefined) set[name] = sampleValue(field, 0);
      }
      // Every other required parent is shared too, so only the rule can refuse.
      const shared: Step[] = [];
      for (const relation of entity.relations) {
        if (parents[relation.field] === undefined && relation.required) {
          // A parent that shares a grandparent with this row shares the same one.
          const target = entityByName(spec, relation.target);
          const known: Record<string, string> = {};
          for (const r of target.relations) {
            const mine = entity.relations.find((m) => m.target === r.target && parents[m.field]);
            if (mine !== undefined) known[r.field] = parents[mine.field]!;
          }
          shared.push(
            ...createSteps(spec, relation.target, `s_${relation.field}`, { parents: known }),
          );
          parents[relation.field] = `{s_${relation.field}}`;
        }
      }
      const varied: Record<string, unknown> = {};
      for (const field of entity.fields) {
        if (
          field.computed === undefined && !fields.includes(field.name) && field.type !== "enum" &&
          field.type !== "boolean"
        ) {
          varied[field.name] = sampleValue(field, 1);
        }
      }
      if (fields.includes("owner_id")) {
        // Bob may do what Alice did once, on parents he can see.
        const bobParents: Record<string, string> = {};
        const bobSteps: Step[] = [];
        for (const [field, alias] of Object.entries(parents)) {
          const relation = entity.relations.find((r) => r.field === field)!;
          if (entityByName(spec, relation.target).access === "private") {
            bobSteps.push(
              ...createSteps(spec, relation.target, `bob_${field}`, { as: BOB, variant: 1 }),
            );
            bobParents[field] = `{bob_${field}}`;
          } else bobParents[field] = alias;
        }
        return [scenario(spec, named, [
          ...prelude,
          ...shared,
          ...create("first", parents, set),
          ...create("again", parents, { ...set, ...varied }, 409),
          ...bobSteps,
          {
            as: BOB,
            method: "POST",
            path,
            body: sampleBody(entity, bobParents, { ...set, ...varied }),
            status: 201,
          },
        ], { [ALICE]: {}, [BOB]: {} })];
      }
      return [scenario(spec, named, [
        ...prelude,
        ...shared,
        ...create("first", parents, set),
        ...create("again", parents, { ...set, ...varied }, 409),
      ])];
    }
    case "capacity": {
      const relation = entity.relations.find((r) => r.field === rule.via)!;
      const parent = entityByName(spec, relation.target);
      const measure = rule.measure;
      const set = measure ? { [measure]: 1 } : {};
      const action = (spec.actions ?? []).find((a) =>
        a.kind === "record" && a.child === rule.entity
      );
      const limitSet = { [rule.limit!]: 1 };
      const steps: Step[] = [...createSteps(spec, parent.name, "parent", { set: limitSet })];
      const owner = rule.fields === undefined &&
        (spec.rules ?? []).some((r) =>
          r.kind === "unique" && r.entity === rule.entity && (r.fields ?? []).includes("owner_id")
        );
      if (action !== undefined) {
        const via = actionEndpoint(spec, action).path.replace("{id}", "{parent}");
        const one = recordCall(spec, action, "one", { variant: 0, set });
        const two = recordCall(spec, action, "two", {
          variant: 1,
          set,
          ...(owner ? { as: BOB } : {}),
        });
        steps.push(
          ...one.steps,
          { method: "POST", path: via, body: one.body, status: 201 },
          ...two.steps,
          { ...(owner ? { as: BOB } : {}), method: "POST", path: via, body: two.body, status: 409 },
        );
      } else {
        steps.push(
          ...create("first", { [rule.via!]: "{parent}" }, set),
          ...create("second", { [rule.via!]: "{parent}" }, set, 409, 1),
        );
      }
      return [scenario(spec, named, steps, spec.auth ? { [ALICE]: {}, [BOB]: {} } : undefined)];
    }
    case "max_parent": {
      const relation = entity.relations.find((r) => r.field === rule.via)!;
      return [scenario(spec, named, [
        ...createSteps(spec, relation.target, "parent", { set: { [rule.limit!]: 2 } }),
        ...create("fits", { [rule.via!]: "{parent}" }, { [rule.field!]: 2 }),
        ...create("too_big", { [rule.via!]: "{parent}" }, { [rule.field!]: 3 }, 422, 1),
      ])];
    }
    case "available": {
      const relation = entity.relations.find((r) => r.field === rule.via)!;
      const steps: Step[] = [
        ...createSteps(spec, relation.target, "target"),
        ...create("first", { [rule.via!]: "{target}" }, {}),
        ...create("second", { [rule.via!]: "{target}" }, {}, 409, 1),
      ];
      const release = (spec.actions ?? []).find((a) =>
        a.entity === rule.entity && a.kind === "transition" &&
        (a.when ?? []).some((w) => (rule.active ?? []).some((c) => c.field === w.field))
      );
      if (release !== undefined) {
        steps.push(
          {
            method: "POST",
            path: actionEndpoint(spec, release).path.replace("{id}", "{first}"),
            status: 200,
          },
          ...create("third", { [rule.via!]: "{target}" }, {}, 201, 2),
        );
      }
      return [scenario(spec, named, steps)];
    }
    case "no_overlap": {
      const relation = entity.relations.find((r) => r.field === rule.via)!;
      // Whole days ("from a start date to an end date") or hours of one day.
      const days = entity.fields.find((f) => f.name === rule.start)?.type === "date";
      const slot = (from: number, to: number) =>
        days ? { [rule.start!]: `{today+${from - 8}}`, [rule.end!]: `{today+${to - 8}}` } : {
          [rule.start!]: `{today+1}T${String(from).padStart(2, "0")}:00:00`,
          [rule.end!]: `{today+1}T${String(to).padStart(2, "0")}:00:00`,
        };
      return [scenario(spec, named, [
        ...createSteps(spec, relation.target, "parent"),
        ...create("first", { [rule.via!]: "{parent}" }, slot(9, 11)),
        ...create("overlap", { [rule.via!]: "{parent}" }, slot(10, 12), 409, 1),
        ...create("after", { [rule.via!]: "{parent}" }, days ? slot(12, 13) : slot(11, 12), 201, 2),
      ])];
    }
    case "order": {
      const first = entity.fields.find((f) => f.name === rule.first)!;
      const value = (day: number) =>
        first.type === "date" ? `{today+${day}}` : `{today+${day}}T10:00:00`;
      return [scenario(spec, named, [
        ...create("bad", {}, { [rule.first!]: value(2), [rule.then!]: value(1) }, 422),
        ...create("good", {}, { [rule.first!]: value(1), [rule.then!]: value(2) }, 201, 1),
      ])];
    }
    case "different": {
      const [a, b] = rule.fields!;
      const target = entity.relations.find((r) => r.field === a)!.target;
      return [scenario(spec, named, [
        ...createSteps(spec, target, "one"),
        ...createSteps(spec, target, "two", { variant: 1 }),
        ...create("same", { [a!]: "{one}", [b!]: "{one}" }, {}, 422),
        ...create("apart", { [a!]: "{one}", [b!]: "{two}" }, {}, 201, 1),
      ])];
    }
    case "same_parent": {
      const linked = entity.relations.find((r) => r.field === rule.field)!;
      const own = entity.relations.find((r) => r.field === rule.equals)!;
      return [scenario(spec, named, [
        ...createSteps(spec, own.target, "mine"),
        ...createSteps(spec, own.target, "other", { variant: 1 }),
        ...createSteps(spec, linked.target, "foreign", { parents: { [rule.parent!]: "{other}" } }),
        ...create("bad", { [rule.field!]: "{foreign}", [rule.equals!]: "{mine}" }, {}, 422),
      ])];
    }
    case "non_negative": {
      const relation = entity.relations.find((r) => r.field === rule.via)!;
      const parent = entityByName(spec, relation.target);
      const feeders = spec.entities.filter((e) =>
        e.name !== entity.name && e.relations.some((r) => r.target === parent.name) &&
        parent.fields.some((f) =>
          f.computed?.kind === "aggregate" && f.computed.entity === e.name &&
          f.computed.op === "sum"
        )
      );
      const measure = parent.fields.find((f) =>
        f.computed?.kind === "aggregate" && f.computed.entity === entity.name
      )?.computed;
      const quantity = measure?.kind === "aggregate" ? measure.field : undefined;
      const feeder = feeders[0];
      const feed = feeder === undefined
        ? undefined
        : parent.fields.find((f) =>
          f.computed?.kind === "aggregate" && f.computed.entity === feeder.name
        )?.computed;
      const feedField = feed?.kind === "aggregate" ? feed.field : undefined;
      const via = feeder?.relations.find((r) => r.target === parent.name)?.field;
      if (
        quantity === undefined || feeder === undefined || feedField === undefined ||
        via === undefined
      ) return [];
      return [scenario(spec, named, [
        ...createSteps(spec, parent.name, "parent"),
        ...createSteps(spec, feeder.name, "in", {
          parents: { [via]: "{parent}" },
          set: { [feedField]: 5 },
        }),
        ...create("ok", { [rule.via!]: "{parent}" }, { [quantity]: 3 }),
        ...create("too_much", { [rule.via!]: "{parent}" }, { [quantity]: 3 }, 409, 1),
      ])];
    }
    case "requires": {
      const other = entityByName(spec, rule.other!);
      const parents: Record<string, string> = {};
      const set: Record<string, unknown> = {};
      const prelude: Step[] = [];
      const otherParents: Record<string, string> = {};
      const otherSet: Record<string, unknown> = {};
      for (const [mine, theirs] of rule.match ?? []) {
        const relation = entity.relations.find((r) => r.field === mine);
        if (relation !== undefined) {
          prelude.push(...createSteps(spec, relation.target, `m_${mine}`));
          parents[mine] = `{m_${mine}}`;
          otherParents[theirs] = `{m_${mine}}`;
        } else {
          const field = entity.fields.find((f) => f.name === mine)!;
          set[mine] = sampleValue(field, 0);
          otherSet[theirs] = set[mine];
        }
      }
      return [scenario(spec, named, [
        ...prelude,
        ...create("refused", parents, set, 422),
        ...createSteps(spec, other.name, "proof", { parents: otherParents, set: otherSet }),
        ...create("allowed", parents, set, 201, 1),
      ])];
    }
  }
}

/**
 * A view lists what it should (and not what it should not).
 *
 * @param spec The spec.
 * @param view The view.
 * @returns The scenarios.
 */
export function proveView(spec: Spec, view: View): Scenario[] {
  const endpoint = viewEndpoint(spec, view);
  switch (view.kind) {
    case "filter":
      return proveFilter(spec, view, endpoint.path);
    case "grouped":
      return proveGrouped(spec, view, endpoint.path);
    case "schedule": {
      const entity = entityByName(spec, view.entity);
      const dateField = entity.fields.find((f) => f.name === view.date)!;
      const inside = dateField.type === "date" ? "{today+1}" : "{today+1}T10:00:00";
      const outside = dateField.type === "date" ? "{today+30}" : "{today+30}T10:00:00";
      return [scenario(spec, `${view.label} lists the coming days in order`, [
        ...createSteps(spec, view.entity, "soon", { set: { [view.date!]: inside } }),
        ...createSteps(spec, view.entity, "later", { set: { [view.date!]: outside }, variant: 1 }),
        {
          method: "GET",
          path: `${endpoint.path}?from={today}&days=7`,
          status: 200,
          expect: {
            $has: { id: "{soon}" },
            $lacks: { id: "{later}" },
            $sorted: { field: view.date, direction: "asc" },
          },
        },
      ])];
    }
    case "balance":
      return proveBalance(spec, view, endpoint.path);
  }
}

function proveFilter(spec: Spec, view: View, path: string): Scenario[] {
  const entity = entityByName(spec, view.entity);
  // Set the stored fields its conditions name so the row matches; a second
  // row that fails one condition must stay out.
  const set: Record<string, unknown> = {};
  const miss: Record<string, unknown> = {};
  const after: { action: Action; alias: string }[] = [];
  for (const c of view.where ?? []) {
    const field = entity.fields.find((f) => f.name === c.field);
    if (field === undefined || field.computed !== undefined) continue;
    const value = c.value;
    const offset = value !== null && typeof value === "object" && "today" in value
      ? value.today
      : undefined;
    const date = (days: number) =>
      field.type === "date"
        ? `{today${days >= 0 ? "+" : ""}${days}}`
        : `{today${days >= 0 ? "+" : ""}${days}}T10:00:00`;
    if (offset !== undefined && (field.type === "date" || field.type === "datetime")) {
      const before = c.op === "lt" || c.op === "le";
      set[c.field] = date(offset + (before ? -3 : 3));
      miss[c.field] = date(offset + (before ? 3 : -3));
    } else if (c.op === "eq" && value !== undefined && typeof value !== "object") {
      set[c.field] = value;
      if (field.type === "enum") miss[c.field] = field.values!.find((v) => v !== value);
      else if (field.type === "boolean") miss[c.field] = !value;
    } else if (c.op === "ne" && field.type === "enum") {
      set[c.field] = field.values!.find((v) => v !== value);
      miss[c.field] = value;
    } else if ((c.op === "lt" || c.op === "le") && typeof value === "number") {
      set[c.field] = value - 1;
      miss[c.field] = value + 1;
    } else if ((c.op === "gt" || c.op === "ge") && typeof value === "number") {
      set[c.field] = value + 1;
      miss[c.field] = value - 1;
    }
  }
  // A condition on an action's stamp (returned_at is null) is left out by running the action.
  for (const c of view.where ?? []) {
    const field = entity.fields.find((f) => f.name === c.field);
    if (field?.computed?.kind === "stamp" && c.op === "is_null") {
      const action = (spec.actions ?? []).find((a) =>
        a.entity === entity.name && a.name === (field.computed as { action: string }).action
      );
      if (action !== undefined) after.push({ action, alias: "done" });
    }
    if (field?.computed?.kind === "state" && (c.op === "ne" || c.op === "eq")) {
      const target = c.op === "ne" ? c.value : undefined;
      const action = (spec.actions ?? []).find((a) =>
        a.entity === entity.name &&
        (a.set ?? []).some((s) =>
          s.field === c.field && (target === undefined || s.value === target)
        )
      );
      if (action !== undefined && c.op === "ne") after.push({ action, alias: "done" });
    }
  }
  const steps: Step[] = [...createSteps(spec, view.entity, "match", { set })];
  const hasMiss = Object.keys(miss).length > 0 || after.length > 0;
  if (hasMiss) {
    steps.push(...createSteps(spec, view.entity, "done", { set: { ...set, ...miss }, variant: 1 }));
    for (const { action } of after) {
      const endpoint = actionEndpoint(spec, action);
      const staff = action.roles?.[0];
      steps.push({
        ...(staff ? { as: "staff" } : {}),
        method: "POST",
        path: endpoint.path.replace("{id}", "{done}"),
        status: endpoint.status,
      });
    }
  }
  steps.push({
    method: "GET",
    path: `${path}?limit=500`,
    status: 200,
    expect: hasMiss
      ? { $has: { id: "{match}" }, $lacks: { id: "{done}" } }
      : { $has: { id: "{match}" } },
  });
  const staffRole = after.map((a) => a.action.roles?.[0]).find((r) => r !== undefined);
  return [
    scenario(
      spec,
      `${view.label} lists the rows it should`,
      steps,
      spec.auth ? { [ALICE]: {}, ...(staffRole ? { staff: { role: staffRole } } : {}) } : undefined,
    ),
  ];
}

function proveGrouped(spec: Spec, view: View, path: string): Scenario[] {
  const entity = entityByName(spec, view.entity);
  const by = view.by ?? [];
  const prelude: Step[] = [];
  const parents: Record<string, string> = {};
  const key: Record<string, unknown> = {};
  const set: Record<string, unknown> = {};
  for (const b of by) {
    const relation = entity.relations.find((r) => r.field === b.field);
    if (relation !== undefined) {
      prelude.push(...createSteps(spec, relation.target, `g_${b.field}`));
      parents[b.field] = `{g_${b.field}}`;
      key[b.field] = `{g_${b.field}}`;
      continue;
    }
    const field = entity.fields.find((f) => f.name === b.field);
    if (field === undefined) continue;
    if (field.type === "date" || field.type === "datetime") {
      set[b.field] = field.type === "date" ? "2031-03-10" : "2031-03-10T10:00:00";
      key[b.field] = b.bucket === "month"
        ? "2031-03"
        : b.bucket === "year"
        ? "2031"
        : b.bucket === "week"
        ? "2031-W11"
        : "2031-03-10";
    } else {
      set[b.field] = sampleValue(field);
      key[b.field] = set[b.field];
    }
  }
  const measure = view.measure;
  const amount = measure?.field;
  const values = amount === undefined ? [] : [2, 3];
  const steps: Step[] = [...prelude];
  // One row per person where a person may add only one per group (a judge's score of a project).
  const onePerOwner = spec.auth &&
    (spec.rules ?? []).some((r) =>
      r.kind === "unique" && r.entity === view.entity && (r.fields ?? []).includes("owner_id")
    );
  for (let i = 0; i < 2; i++) {
    steps.push(...createSteps(spec, view.entity, `row${i}`, {
      parents,
      set: { ...set, ...(amount ? { [amount]: values[i] } : {}) },
      variant: i,
      ...(onePerOwner && i === 1 ? { as: "bob" } : {}),
    }));
  }
  const total = measure?.op === "count" || measure === undefined
    ? 2
    : measure.op === "sum"
    ? 5
    : measure.op === "avg"
    ? 2.5
    : 3;
  const scoped = Object.keys(parents).length > 0;
  steps.push({
    method: "GET",
    path,
    status: 200,
    expect: { $has: { ...key, ...(scoped ? { total, count: 2 } : { total: { $gte: total } }) } },
  });
  return [
    scenario(
      spec,
      `${view.label} adds the rows up per group`,
      steps,
      onePerOwner ? { alice: {}, bob: {} } : undefined,
    ),
  ];
}

function proveBalance(spec: Spec, view: View, path: string): Scenario[] {
  const expense = entityByName(spec, view.entity);
  const member = entityByName(spec, view.member!);
  const groupRelation = view.group === undefined
    ? undefined
    : expense.relations.find((r) => r.field === view.group);
  const steps: Step[] = [];
  const groupParents: Record<string, string> = {};
  let viewPath = path;
  if (groupRelation !== undefined) {
    steps.push(...createSteps(spec, groupRelation.target, "group"));
    groupParents[view.group!] = "{group}";
    viewPath = path.replace("{id}", "{group}");
  }
  const memberGroup = groupRelation === undefined
    ? undefined
    : member.relations.find((r) => r.target === groupRelation.target)?.field;
  const memberParents = memberGroup ? { [memberGroup]: "{group}" } : {};
  steps.push(
    ...createSteps(spec, member.name, "payer", { parents: memberParents }),
    ...createSteps(spec, member.name, "other", { parents: memberParents, variant: 1 }),
    ...createSteps(spec, expense.name, "expense", {
      parents: { ...groupParents, [view.payer!]: "{payer}" },
      set: { [view.amount!]: 30, [view.split!]: ["{payer}", "{other}"] },
    }),
    {
      method: "GET",
      path: viewPath,
      status: 200,
      expect: {
        balances: { $has: { member_id: "{payer}", net: 15 } },
        transfers: { $has: { from_id: "{other}", to_id: "{payer}", amount: 15 } },
      },
    },
  );
  const scenarios = [scenario(spec, `${view.label} say who owes whom`, steps)];
  if (view.payment !== undefined) {
    const settle = settleEndpoint(spec, view).path.replace("{id}", "{group}");
    scenarios.push(scenario(spec, `settling up clears ${view.label.toLowerCase()}`, [
      ...steps.slice(0, -1),
      { method: "POST", path: settle, status: 201 },
      { method: "GET", path: viewPath, status: 200, expect: { transfers: { $len: 0 } } },
    ]));
  }
  return scenarios;
}

/**
 * A redirect sends the browser to the row's URL and counts the visit.
 *
 * @param spec The spec.
 * @param redirect The redirect.
 * @returns The scenarios.
 */
export function proveRedirect(spec: Spec, redirect: Redirect): Scenario[] {
  const endpoint = redirectEndpoint(redirect);
  const target = "https://example.com/landing/{run}";
  const steps: Step[] = [
    ...createSteps(spec, redirect.entity, "row", { set: { [redirect.target]: target } }),
    {
      method: "GET",
      path: itemPath(spec, redirect.entity, "row"),
      status: 200,
      save: { code: redirect.code },
    },
    {
      method: "GET",
      path: endpoint.path.replace(`{${redirect.code}}`, "{code}"),
      status: 307,
      headers: { location: target },
    },
  ];
  if (redirect.counter !== undefined) {
    steps.push({
      method: "GET",
      path: itemPath(spec, redirect.entity, "row"),
      status: 200,
      expect: { [redirect.counter]: 1 },
    });
  }
  steps.push({
    method: "GET",
    path: endpoint.path.replace(`{${redirect.code}}`, "nope{run}"),
    status: 404,
  });
  return [scenario(spec, "the short link redirects and counts the visit", steps)];
}

/**
 * A private entity's rows are seen only by their owner.
 *
 * @param spec The spec.
 * @param entityName The entity.
 * @returns The scenarios.
 */
export function provePrivate(spec: Spec, entityName: string): Scenario[] {
  const entity = entityByName(spec, entityName);
  return [scenario(spec, `another user does not see my ${entity.labelPlural}`, [
    ...createSteps(spec, entityName, "mine", { as: ALICE }),
    {
      as: BOB,
      method: "GET",
      path: `${collectionPath(spec, entityName)}?limit=500`,
      status: 200,
      expect: { $lacks: { id: "{mine}" } },
    },
    { as: BOB, method: "GET", path: itemPath(spec, entityName, "mine"), status: 404 },
    { as: "anonymous", method: "GET", path: collectionPath(spec, entityName), status: 401 },
    { as: ALICE, method: "GET", path: itemPath(spec, entityName, "mine"), status: 200 },
  ], { [ALICE]: {}, [BOB]: {} })];
}

/**
 * Sign-up, sign-in and a refused wrong password.
 *
 * @param spec The spec.
 * @returns The scenarios.
 */
export function proveAuth(spec: Spec): Scenario[] {
  return [scenario(spec, "a user signs up, signs in and is refused with a wrong password", [
    {
      as: "anonymous",
      method: "POST",
      path: "/api/auth/register",
      body: { email: "new-{run}@example.com", password: "Secret-{run}-pw", name: "New User" },
      status: 201,
      expect: { token: { $type: "string" } },
    },
    {
      as: "anonymous",
      method: "POST",
      path: "/api/auth/login",
      body: { email: "new-{run}@example.com", password: "Secret-{run}-pw" },
      status: 200,
      save: { token: "token" },
    },
    {
      as: "anonymous",
      method: "POST",
      path: "/api/auth/login",
      body: { email: "new-{run}@example.com", password: "wrong-password-1" },
      status: 401,
    },
    {
      as: "anonymous",
      method: "POST",
      path: "/api/auth/register",
      body: { email: "new-{run}@example.com", password: "Secret-{run}-pw", name: "Again" },
      status: 409,
    },
  ], {})];
}

/**
 * List search by text finds the matching row only.
 *
 * @param spec The spec.
 * @param entityName The entity.
 * @returns The scenarios.
 */
export function proveSearch(spec: Spec, entityName: string): Scenario[] {
  const entity = entityByName(spec, entityName);
  const field = (entity.search ?? [])[0];
  if (field === undefined) return [];
  return [scenario(spec, `${entity.labelPlural} can be searched`, [
    ...createSteps(spec, entityName, "hit", { set: { [field]: "Zebra {run}" } }),
    ...createSteps(spec, entityName, "other", { set: { [field]: "Walrus {run}" }, variant: 1 }),
    {
      method: "GET",
      path: `${collectionPath(spec, entityName)}?q=zebra%20{run}`,
      status: 200,
      expect: { $has: { id: "{hit}" }, $lacks: { id: "{other}" } },
    },
  ])];
}

/**
 * A list comes in the entity's order.
 *
 * @param spec The spec.
 * @param entityName The entity.
 * @returns The scenarios.
 */
export function proveOrder(spec: Spec, entityName: string): Scenario[] {
  const entity = entityByName(spec, entityName);
  if (entity.order === undefined) return [];
  return [
    scenario(
      spec,
      `${entity.labelPlural} are listed ${
        entity.order.direction === "desc" ? "highest" : "lowest"
      } ${entity.order.field.replace(/_/g, " ")} first`,
      [
        ...createSteps(spec, entityName, "one"),
        ...createSteps(spec, entityName, "two", { variant: 1 }),
        {
          method: "GET",
          path: `${collectionPath(spec, entityName)}?limit=500`,
          status: 200,
          expect: { $sorted: entity.order },
        },
      ],
    ),
  ];
}

/**
 * Only a staff role writes rows of an entity: a signed-up user's create is
 * refused (403), the staff user's succeeds and can be changed and deleted.
 *
 * @param spec The spec.
 * @param entityName The entity staff keep.
 * @param role The staff role.
 * @returns The scenarios.
 */
export function proveStaffOnly(spec: Spec, entityName: string, role: string): Scenario[] {
  const entity = entityByName(spec, entityName);
  const staffSteps = createSteps(spec, entityName, "row", { as: "staff" });
  const create = staffSteps.findLast((s): s is HttpStep =>
    "method" in s && s.method === "POST" && s.path === collectionPath(spec, entityName)
  );
  if (create === undefined) return [];
  const { save: _save, ...refused } = create;
  return [scenario(spec, `only a ${role} can add ${entity.labelPlural}`, [
    ...staffSteps.slice(0, -1),
    { ...refused, as: ALICE, status: 403 },
    create,
    { as: ALICE, method: "DELETE", path: itemPath(spec, entityName, "row"), status: 403 },
    { as: "staff", method: "DELETE", path: itemPath(spec, entityName, "row"), status: 204 },
  ], { [ALICE]: {}, staff: { role } })];
}

/**
 * Only a staff role runs an action on a user's own row: the owner is refused
 * (403), the staff user succeeds.
 *
 * @param spec The spec.
 * @param entityName The entity.
 * @param actionName The action.
 * @param role The staff role.
 * @returns The scenarios.
 */
export function proveStaffAction(
  spec: Spec,
  entityName: string,
  actionName: string,
  role: string,
): Scenario[] {
  const action = (spec.actions ?? []).find((a) => a.entity === entityName && a.name === actionName);
  if (action === undefined) return [];
  const path = actionEndpoint(spec, action).path.replace("{id}", "{row}");
  return [scenario(spec, `only a ${role} can ${action.label.toLowerCase()}`, [
    ...createSteps(spec, entityName, "row", { as: ALICE }),
    { as: ALICE, method: "POST", path, status: 403 },
    { as: "staff", method: "POST", path, status: 200 },
  ], { [ALICE]: {}, staff: { role } })];
}

/**
 * A row moves through its stages in order, one button each, and a stage
 * cannot be skipped or repeated.
 *
 * @param spec The spec.
 * @param entityName The staged entity.
 * @param actions Its stage actions, in order (the first moves from the first stage).
 * @param state The state field.
 * @returns The scenarios.
 */
export function proveStages(
  spec: Spec,
  entityName: string,
  actions: readonly Action[],
  state: string,
): Scenario[] {
  const entity = entityByName(spec, entityName);
  const first = actions[0]!;
  const { actors, as } = actionActors(spec, first);
  const run = (action: Action, status: number, expect?: Record<string, unknown>): Step => ({
    ...(as ? { as } : {}),
    method: "POST",
    path: actionEndpoint(spec, action).path.replace("{id}", "{row}"),
    status,
    ...(expect ? { expect } : {}),
  } as Step);
  const steps: Step[] = [...createSteps(spec, entityName, "row")];
  // Skipping a stage is refused.
  if (actions.length >= 2) steps.push(run(actions[1]!, 409));
  for (const action of actions) {
    const expect: Record<string, unknown> = {};
    for (const s of action.set ?? []) {
      if (s.field === state) expect[s.field] = s.value;
    }
    for (const f of entity.fields) {
      if (f.computed?.kind === "stamp" && f.computed.action === action.name) {
        expect[f.name] = { $type: "string" };
      }
    }
    steps.push(run(action, actionEndpoint(spec, action).status, expect));
  }
  // And a stage already passed cannot be run again.
  steps.push(run(first, 409));
  return [
    scenario(spec, `${withArticle(entity.label)} moves through its stages in order`, steps, actors),
  ];
}
