/**
 * The generated tests of one action: its happy path and its refusals.
 *
 * @module
 */
import type { Action } from "../../../core/behaviours.ts";
import type { Endpoint } from "../../../core/spec.ts";
import type { BackendContext } from "../../backend/context.ts";

/**
 * @param _ctx The render context.
 * @param _action The action.
 * @param _endpoint Its endpoint.
 * @returns Test functions.
 */
export function actionTests(_ctx: BackendContext, _action: Action, _endpoint: Endpoint): string[] {
  return [];
}
