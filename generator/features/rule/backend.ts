/**
 * The backend of the `rule` feature: each rule becomes one call in its
 * entity's `check_<singular>()` of `app/rules.py`, to a helper of
 * `app/rule_kinds.py`, with tests of its refusal and its allowed case.
 *
 * @module
 */
import type { Rule } from "../../../core/behaviours.ts";
import type { FeatureOf } from "../../../core/features.ts";
import { type BackendContext, type EntityPlan, planOf } from "../../backend/context.ts";
import type { BackendFeature } from "../../backend/feature_part.ts";
import { completeName } from "../../backend/computed.ts";
import { pyConditions } from "../../backend/conditions.ts";
import { pyStr, wrapCall } from "../../backend/python.ts";
import { pyTuple } from "../../backend/route_access.ts";
import { RULE_KINDS_MODULE } from "./_kinds.ts";
import { ruleTests } from "./_tests.ts";

/** The backend of the `rule` feature. */
export const ruleBackend: BackendFeature<FeatureOf<"rule">> = {
  routerModules: [],
  render: ({ rule }, ctx) => {
    const plan = planOf(ctx.entities, rule.entity);
    const { call, helper, complete } = ruleCall(ctx, plan, rule);
    const imports: Record<string, string[]> = helper === "check_unique"
      ? { "app.checks": [helper] }
      : { "app.rule_kinds": [helper] };
    if (complete !== undefined) imports["app.computed"] = [complete];
    return {
      routers: [],
      modules: helper === "check_unique"
        ? []
        : [{ path: "rule_kinds.py", source: RULE_KINDS_MODULE }],
      writeChecks: [{ entity: rule.entity, imports, lines: [call] }],
      tests: [{
        file: "test_rules.py",
        doc: "Tests of the rules the server enforces on writes.",
        functions: ruleTests(ctx, plan, rule),
      }],
    };
  },
};

function parentPlan(ctx: BackendContext, plan: EntityPlan, via: string | undefined) {
  const link = plan.parents.find((p) => p.relation.field === via);
  return link === undefined ? undefined : planOf(ctx.entities, link.parent.name);
}

function ruleCall(
  ctx: BackendContext,
  plan: EntityPlan,
  rule: Rule,
): { call: string; helper: string; complete?: string } {
  const table = pyStr(plan.plural);
  const message = pyStr(rule.message);
  const s = (v: string | undefined) => pyStr(v ?? "");
  const call = (helper: string, args: string[], complete?: string) => ({
    call: wrapCall("    ", helper, args),
    helper,
    ...(complete === undefined ? {} : { complete }),
  });
  const parent = parentPlan(ctx, plan, rule.via);
  const parentComplete = (field: string | undefined) =>
    parent !== undefined && parent.behaviour.derived.some((f) => f.name === field)
      ? completeName(parent)
      : undefined;
  switch (rule.kind) {
    case "unique":
      return call("check_unique", ["db", table, "row", pyTuple(rule.fields ?? []), message]);
    case "capacity": {
      const complete = parentComplete(rule.limit);
      return call("check_capacity", [
        "db",
        table,
        "row",
        s(rule.via),
        pyStr(parent?.plural ?? ""),
        s(rule.limit),
        message,
        ...(rule.where?.length ? [`where=${pyConditions(rule.where)}`] : []),
        ...(rule.measure ? [`measure=${pyStr(rule.measure)}`] : []),
        ...(complete ? [`complete=${complete}`] : []),
      ], complete);
    }
    case "max_parent": {
      const complete = parentComplete(rule.limit);
      return call("check_max_parent", [
        "db",
        "row",
        s(rule.field),
        s(rule.via),
        pyStr(parent?.plural ?? ""),
        s(rule.limit),
        message,
        ...(complete ? [`complete=${complete}`] : []),
      ], complete);
    }
    case "available":
      return call("check_available", [
        "db",
        table,
        "row",
        s(rule.via),
        pyConditions(rule.active ?? []),
        message,
      ]);
    case "no_overlap":
      return call("check_no_overlap", [
        "db",
        table,
        "row",
        s(rule.via),
        s(rule.start),
        s(rule.end),
        message,
      ]);
    case "order":
      return call("check_order", ["db", "row", s(rule.first), s(rule.then), message]);
    case "different":
      return call("check_different", ["db", "row", pyTuple(rule.fields ?? []), message]);
    case "same_parent": {
      const target = parentPlan(ctx, plan, rule.field);
      return call("check_same_parent", [
        "db",
        "row",
        s(rule.field),
        pyStr(target?.plural ?? ""),
        s(rule.parent),
        s(rule.equals),
        message,
      ]);
    }
    case "non_negative": {
      const complete = parent === undefined ? undefined : completeName(parent);
      return call("check_non_negative", [
        "db",
        "row",
        s(rule.via),
        pyStr(parent?.plural ?? ""),
        s(rule.field),
        complete ?? "None",
        message,
      ], complete);
    }
    case "requires": {
      const other = planOf(ctx.entities, rule.other ?? "");
      const pairs = (rule.match ?? []).map(([mine, theirs]) =>
        `(${pyStr(mine)}, ${pyStr(theirs)})`
      );
      return call("check_requires", [
        "db",
        "row",
        pyStr(other.plural),
        pairs.length === 1 ? `(${pairs[0]},)` : `(${pairs.join(", ")})`,
        message,
      ]);
    }
  }
}
