/**
 * Exhaustiveness for switches over a union: the default branch calls
 * {@link assertNever}, so adding a member to the union fails to compile until
 * every switch handles it.
 *
 * @module
 */

/**
 * @param value A value the type system proved cannot exist.
 * @param what What was switched on, for the message.
 * @returns Never; it throws.
 * @throws {TypeError} When reached at run time (data that bypassed the types).
 * @example
 * ```ts
 * import { assertNever } from "./assert_never.ts";
 * type Kind = "a" | "b";
 * const label = (k: Kind) => { switch (k) { case "a": return 1; case "b": return 2; default: return assertNever(k, "kind"); } };
 * if (label("b") !== 2) throw new Error();
 * ```
 */
export function assertNever(value: never, what = "value"): never {
  throw new TypeError(`Unexpected ${what} ${JSON.stringify(value)}: no case handles it`);
}
