/**
 * The generated tests of one view: what it lists.
 *
 * @module
 */
import type { View } from "../../../core/behaviours.ts";
import type { Endpoint } from "../../../core/spec.ts";
import type { BackendContext } from "../../backend/context.ts";

/**
 * @param _ctx The render context.
 * @param _view The view.
 * @param _endpoint Its endpoint.
 * @param _settle Its settle-up endpoint, if any.
 * @returns Test functions.
 */
export function viewTests(
  _ctx: BackendContext,
  _view: View,
  _endpoint: Endpoint,
  _settle: Endpoint | undefined,
): string[] {
  return [];
}
