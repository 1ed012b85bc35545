/**
 * The consistency of a spec's behaviours: every computed field, link,
 * action, rule, view, redirect, role and requirement names things that
 * exist, with the properties its kind needs. `specProblems()` includes
 * these, so a model's inconsistent spec goes back to the planner.
 *
 * @module
 */
import type { Action, Condition, Rule, View } from "./behaviours.ts";
import type { Entity, Field, Spec } from "./spec.ts";

const IMPLICIT = ["id", "created_at", "updated_at", "owner_id"];
const NUMERIC = new Set<Field["type"]>(["integer", "number"]);
const DATES = new Set<Field["type"]>(["date", "datetime"]);

/** Every column name of an entity: fields, relations, links and the implicit ones. */
export function columnsOf(entity: Entity): Set<string> {
  return new Set([
    ...IMPLICIT,
    ...entity.fields.map((f) => f.name),
    ...entity.relations.map((r) => r.field),
    ...(entity.links ?? []).map((l) => l.field),
  ]);
}

/**
 * @param spec A spec that parsed with `SpecSchema`.
 * @returns One message per problem of its behaviours; empty when consistent.
 */
export function behaviourProblems(spec: Spec): string[] {
  const problems: string[] = [];
  const byName = new Map(spec.entities.map((e) => [e.name, e]));
  const roles = new Set((spec.roles ?? []).map((r) => r.name));
  const actions = spec.actions ?? [];
  const entity = (name: string | undefined, where: string): Entity | undefined => {
    const found = name === undefined ? undefined : byName.get(name);
    if (found === undefined) problems.push(`${where}: unknown entity "${name ?? ""}"`);
    return found;
  };
  const column = (e: Entity, name: string | undefined, where: string, what = "field") => {
    if (name === undefined) problems.push(`${where}: needs a ${what}`);
    else if (!columnsOf(e).has(name)) {
      problems.push(`${where}: "${name}" is not a field of "${e.name}"`);
    }
  };
  const field = (e: Entity, name: string | undefined) => e.fields.find((f) => f.name === name);
  const relationTo = (child: Entity, via: string | undefined, parent: Entity, where: string) => {
    const relation = child.relations.find((r) => r.field === via);
    if (relation === undefined) {
      problems.push(`${where}: "${via ?? ""}" is not a relation of "${child.name}"`);
    } else if (relation.target !== parent.name) {
      problems.push(
        `${where}: "${child.name}.${via}" points at "${relation.target}", not "${parent.name}"`,
      );
    }
  };
  const parentOf = (child: Entity, via: string | undefined, where: string): Entity | undefined => {
    const relation = child.relations.find((r) => r.field === via);
    if (relation === undefined) {
      problems.push(`${where}: "${via ?? ""}" is not a relation of "${child.name}"`);
      return undefined;
    }
    return byName.get(relation.target);
  };
  const conditions = (e: Entity, list: readonly Condition[] | undefined, where: string) => {
    for (const c of list ?? []) {
      column(e, c.field, where);
      const needsValue = c.op !== "is_null" && c.op !== "not_null";
      if (needsValue !== (c.value !== undefined)) {
        problems.push(
          `${where}: condition on "${c.field}" with "${c.op}" ${
            needsValue ? "needs a value" : "takes no value"
          }`,
        );
      }
      if (c.value !== null && typeof c.value === "object" && "field" in c.value) {
        column(e, c.value.field, where);
      }
    }
  };
  const knownRoles = (list: readonly string[] | undefined, where: string) => {
    for (const role of list ?? []) {
      if (!roles.has(role)) problems.push(`${where}: unknown role "${role}"`);
    }
  };

  if (spec.roles !== undefined) {
    if (!spec.auth) problems.push("Roles need auth in the spec");
    if (spec.roles.length > 0 && spec.roles[0]!.staff) {
      problems.push(
        `Role "${
          spec.roles[0]!.name
        }": the first role is what everyone signs up as, so it cannot be staff`,
      );
    }
    if (roles.size !== spec.roles.length) problems.push("A role is defined twice");
  }

  for (const e of spec.entities) {
    const at = `Entity "${e.name}"`;
    for (const f of e.fields) {
      const c = f.computed;
      if (c === undefined) continue;
      const where = `${at}: computed field "${f.name}"`;
      if (f.required) problems.push(`${where} cannot be required (the client never sends it)`);
      if (f.unique && c.kind !== "slug" && c.kind !== "code") {
        problems.push(`${where}: only slugs and codes can be unique`);
      }
      switch (c.kind) {
        case "counter":
          if (f.type !== "integer") problems.push(`${where}: a counter must be an integer`);
          break;
        case "state":
          if (f.type !== "enum") problems.push(`${where}: a state must be an enum`);
          if (
            !actions.some((a) =>
              a.entity === e.name && (a.set ?? []).some((s) => s.field === f.name)
            )
          ) {
            problems.push(`${where}: no action of "${e.name}" changes it`);
          }
          break;
        case "stamp":
          if (!DATES.has(f.type)) problems.push(`${where}: a stamp must be a date or datetime`);
          if (!actions.some((a) => a.entity === e.name && a.name === c.action)) {
            problems.push(`${where}: no action "${c.action}" on "${e.name}" sets it`);
          }
          break;
        case "slug":
        case "code":
          if (f.type !== "string") problems.push(`${where}: a ${c.kind} must be a string`);
          if (c.kind === "slug") column(e, c.from, where);
          break;
        case "aggregate": {
          const child = entity(c.entity, where);
          if (child === undefined) break;
          relationTo(child, c.via, e, where);
          if (c.op !== "count") column(child, c.field, where, `field to ${c.op}`);
          if (
            c.op === "streak" && c.field !== undefined &&
            !DATES.has(field(child, c.field)?.type ?? "string")
          ) {
            problems.push(`${where}: a streak counts days of a date field`);
          }
          conditions(child, c.where, where);
          break;
        }
        case "remaining":
          column(e, c.from, where);
          column(e, c.minus, where);
          break;
        case "percent":
          column(e, c.part, where);
          if (typeof c.whole === "string") column(e, c.whole, where);
          else {
            column(e, c.whole.siblings, where);
            column(e, c.whole.via, where);
          }
          break;
        case "date_plus":
          column(e, c.from, where);
          column(e, c.days, where);
          if (f.type !== "date") problems.push(`${where}: date_plus gives a date`);
          break;
      }
    }
    for (const link of e.links ?? []) {
      entity(link.target, `${at}: link "${link.name}"`);
      if (e.fields.some((f) => f.name === link.field)) {
        problems.push(`${at}: link field "${link.field}" is also a field`);
      }
    }
    if (e.order) column(e, e.order.field, `${at}: order`);
    for (const name of e.search ?? []) {
      column(e, name, `${at}: search`);
      const type = field(e, name)?.type;
      if (type !== undefined && !["string", "text", "email", "url", "enum"].includes(type)) {
        problems.push(`${at}: search field "${name}" is not text`);
      }
    }
    for (const name of e.filters ?? []) column(e, name, `${at}: filter`);
    conditions(e, e.publicWhere, `${at}: publicWhere`);
    if (e.publicWhere !== undefined && e.access !== "owner_write") {
      problems.push(`${at}: publicWhere needs access "owner_write" (owners see their other rows)`);
    }
    const p = e.permissions;
    if (p !== undefined) {
      for (const list of [p.create, p.update, p.delete, p.all]) {
        knownRoles(list, `${at}: permissions`);
      }
      if (p.all !== undefined && e.access !== "private") {
        problems.push(`${at}: permissions.all applies to private entities only`);
      }
    }
  }

  for (const a of actions) checkAction(a);
  function checkAction(a: Action): void {
    const where = `Action "${a.entity}.${a.name}"`;
    const e = entity(a.entity, where);
    if (e === undefined) return;
    knownRoles(a.roles, where);
    conditions(e, a.when, where);
    switch (a.kind) {
      case "transition":
        if (
          (a.set ?? []).length === 0 &&
          !e.fields.some((f) => f.computed?.kind === "stamp" && f.computed.action === a.name)
        ) {
          problems.push(`${where}: a transition sets a field or a stamp`);
        }
        for (const s of a.set ?? []) column(e, s.field, where);
        break;
      case "increment":
      case "swap": {
        column(e, a.field, where);
        const f = field(e, a.field);
        if (f !== undefined && f.type !== "integer") {
          problems.push(`${where}: "${f.name}" must be an integer`);
        }
        if (a.kind === "swap") {
          if (a.direction === undefined) problems.push(`${where}: a swap needs a direction`);
          if (a.within !== undefined) column(e, a.within, where);
        }
        break;
      }
      case "record": {
        const child = entity(a.child, where);
        if (child === undefined) break;
        relationTo(child, a.via, e, where);
        for (const name of a.fields ?? []) column(child, name, where);
        for (const s of a.set ?? []) column(child, s.field, where);
        break;
      }
      case "move":
        if ((a.fields ?? []).length === 0) {
          problems.push(`${where}: a move needs the fields it sets`);
        }
        for (const name of a.fields ?? []) column(e, name, where);
        break;
    }
    if (actions.filter((b) => b.entity === a.entity && b.name === a.name).length > 1) {
      problems.push(`${where} is defined twice`);
    }
  }

  for (const r of spec.rules ?? []) checkRule(r);
  function checkRule(r: Rule): void {
    const where = `Rule ${r.kind} on "${r.entity}"`;
    const e = entity(r.entity, where);
    if (e === undefined) return;
    switch (r.kind) {
      case "unique":
      case "different":
        if ((r.fields ?? []).length < (r.kind === "different" ? 2 : 1)) {
          problems.push(`${where}: needs ${r.kind === "different" ? "two" : "its"} fields`);
        }
        for (const name of r.fields ?? []) column(e, name, where);
        break;
      case "capacity":
      case "max_parent": {
        const parent = parentOf(e, r.via, where);
        if (parent === undefined) break;
        column(parent, r.limit, where, "limit field");
        if (r.kind === "capacity" && r.measure !== undefined) column(e, r.measure, where);
        if (r.kind === "max_parent") column(e, r.field, where);
        conditions(e, r.where, where);
        break;
      }
      case "available":
        parentOf(e, r.via, where);
        if ((r.active ?? []).length === 0) {
          problems.push(`${where}: needs the conditions of an active row`);
        }
        conditions(e, r.active, where);
        break;
      case "no_overlap":
        parentOf(e, r.via, where);
        column(e, r.start, where, "start field");
        column(e, r.end, where, "end field");
        break;
      case "order":
        column(e, r.first, where, "first field");
        column(e, r.then, where, "then field");
        break;
      case "same_parent": {
        const target = parentOf(e, r.field, where);
        column(e, r.equals, where, "equals field");
        if (target !== undefined) column(target, r.parent, where, "parent field");
        break;
      }
      case "non_negative": {
        const parent = parentOf(e, r.via, where);
        if (parent !== undefined) column(parent, r.field, where);
        break;
      }
      case "requires": {
        const other = entity(r.other, where);
        if ((r.match ?? []).length === 0) problems.push(`${where}: needs match pairs`);
        for (const [mine, theirs] of r.match ?? []) {
          column(e, mine, where);
          if (other !== undefined) column(other, theirs, where);
        }
        break;
      }
    }
  }

  const viewNames = new Set<string>();
  for (const v of spec.views ?? []) checkView(v);
  function checkView(v: View): void {
    const where = `View "${v.name}"`;
    if (viewNames.has(v.name)) problems.push(`${where} is defined twice`);
    viewNames.add(v.name);
    const e = entity(v.entity, where);
    if (e === undefined) return;
    conditions(e, v.where, where);
    switch (v.kind) {
      case "filter":
        if ((v.where ?? []).length === 0) problems.push(`${where}: a filter view needs conditions`);
        if (v.order) column(e, v.order.field, where);
        break;
      case "grouped":
        if ((v.by ?? []).length === 0) problems.push(`${where}: a grouped view needs "by" fields`);
        for (const b of v.by ?? []) {
          column(e, b.field, where);
          if (
            b.bucket !== undefined && !DATES.has(field(e, b.field)?.type ?? "string") &&
            b.field !== "created_at"
          ) {
            problems.push(`${where}: only dates can be bucketed by ${b.bucket}`);
          }
        }
        if (v.measure === undefined) problems.push(`${where}: a grouped view needs a measure`);
        else if (v.measure.op !== "count") {
          column(e, v.measure.field, where, "measure field");
          const type = field(e, v.measure.field)?.type;
          if (type !== undefined && !NUMERIC.has(type)) {
            problems.push(`${where}: the measure must be a number`);
          }
        }
        break;
      case "schedule":
        column(e, v.date, where, "date field");
        if (v.time !== undefined) column(e, v.time, where);
        break;
      case "balance": {
        const member = entity(v.member, where);
        if (member === undefined) break;
        relationTo(e, v.payer, member, where);
        column(e, v.amount, where, "amount field");
        const link = (e.links ?? []).find((l) => l.field === v.split || l.name === v.split);
        if (link === undefined || link.target !== member.name) {
          problems.push(
            `${where}: "${v.split ?? ""}" is not a link of "${e.name}" to "${member.name}"`,
          );
        }
        if (v.group !== undefined) column(e, v.group, where, "group relation");
        if (v.payment !== undefined) {
          const payment = entity(v.payment.entity, where);
          if (payment !== undefined) {
            relationTo(payment, v.payment.from, member, where);
            relationTo(payment, v.payment.to, member, where);
            column(payment, v.payment.amount, where);
          }
        }
        break;
      }
    }
  }

  for (const r of spec.redirects ?? []) {
    const where = `Redirect "/${r.prefix}"`;
    const e = entity(r.entity, where);
    if (e === undefined) continue;
    column(e, r.code, where, "code field");
    const code = field(e, r.code);
    if (
      code !== undefined && !code.unique && code.computed?.kind !== "code" &&
      code.computed?.kind !== "slug"
    ) {
      problems.push(`${where}: the code field "${r.code}" must be unique`);
    }
    column(e, r.target, where, "target field");
    if (field(e, r.target)?.type !== undefined && field(e, r.target)?.type !== "url") {
      problems.push(`${where}: the target "${r.target}" must be a url field`);
    }
    if (r.counter !== undefined && field(e, r.counter)?.computed?.kind !== "counter") {
      problems.push(`${where}: "${r.counter}" must be a counter field`);
    }
    if (r.prefix === "api") problems.push(`${where}: the prefix cannot be "api"`);
  }

  const ids = new Set<string>();
  for (const r of spec.requirements ?? []) {
    if (ids.has(r.id)) problems.push(`Requirement "${r.id}" is defined twice`);
    ids.add(r.id);
    if (r.status === "not_implemented" && !r.reason) {
      problems.push(`Requirement "${r.id}": say why it is not implemented`);
    }
    if (r.status === "implemented" && r.scenarios.length === 0) {
      problems.push(
        `Requirement "${r.id}": an implemented requirement needs a scenario that proves it`,
      );
    }
    for (const s of r.scenarios) {
      for (const [actor, info] of Object.entries(s.actors ?? {})) {
        if (!spec.auth) {
          problems.push(`Requirement "${r.id}": actor "${actor}" needs auth in the spec`);
        }
        if (info.role !== undefined && !roles.has(info.role)) {
          problems.push(`Requirement "${r.id}": actor "${actor}" has unknown role "${info.role}"`);
        }
      }
    }
  }
  for (const endpoint of spec.endpoints) knownRoles(endpoint.roles, `Endpoint "${endpoint.id}"`);
  return problems;
}
