/**
 * The generated tests of one rule: its refusal and its allowed case.
 *
 * @module
 */
import type { Rule } from "../../../core/behaviours.ts";
import type { BackendContext, EntityPlan } from "../../backend/context.ts";

/**
 * @param _ctx The render context.
 * @param _plan The rule's entity.
 * @param _rule The rule.
 * @returns Test functions.
 */
export function ruleTests(_ctx: BackendContext, _plan: EntityPlan, _rule: Rule): string[] {
  return [];
}
