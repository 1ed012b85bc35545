/**
 * Who may call an entity's routes, as the router renderer needs it: which
 * routes take the signed-in user (required or optional), whose rows a
 * caller sees (their own, every row for `permissions.all` roles, published
 * ones for `publicWhere`), owner checks and role checks.
 *
 * @module
 */
import type { BackendContext, EntityPlan } from "./context.ts";
import { pyConditions } from "./conditions.ts";
import { type PyImports, pyStr } from "./python.ts";

/** Whether a route takes the signed-in user. */
export type UserNeed = "none" | "optional" | "required";

/** The write routes permissions apply to. */
export type WriteAction = "create" | "update" | "delete";

/** An entity's access, as its router enforces it. */
export interface RouteAccess {
  /** list and get. */
  read: UserNeed;
  write: Record<WriteAction, UserNeed>;
  /** Parameters of `_row` after `db, row_id`. */
  rowParams: string[];
  /** Arguments passed to `_row` after the id. */
  rowArgs(action: "get" | "update" | "delete"): string[];
  /** The owner argument of `find_row`, or empty. */
  ownerArg: string;
  /** The filter of list queries on owners, or undefined. */
  ownerFilter?: string;
  /** True when rows not matching `publicWhere` are hidden from others. */
  hidden: boolean;
  /** True when only owners change rows (`owner_write`). */
  ownerCheck: boolean;
  /**
   * The owner check of a write route on `row`: the staff roles the spec
   * lets do the action (or change every row) pass it on others' rows.
   */
  ownerCheckCall(action: "update" | "delete", row: string): string;
  rowDoc: string;
  /** Module constants: `PUBLIC`, `EVERY`. */
  constants: string[];
  /** The role check of a write route, as lines. */
  roleCheck(action: WriteAction): string[];
  /** The `app.auth` names a router's code uses. */
  imports(code: string): PyImports;
}

/**
 * A Python tuple literal of strings.
 *
 * @param items The strings.
 * @returns e.g. `("agent",)`.
 */
export function pyTuple(items: readonly string[]): string {
  return items.length === 1 ? `(${pyStr(items[0]!)},)` : `(${items.map(pyStr).join(", ")})`;
}

/**
 * The user parameter of a route.
 *
 * @param need Whether it takes the user.
 * @returns The parameter, or nothing.
 */
export function userParam(need: UserNeed): string[] {
  if (need === "required") return ["user: AuthUser = Depends(current_user)"];
  if (need === "optional") return ["user: AuthUser | None = Depends(optional_user)"];
  return [];
}

const AUTH_NAMES = [
  "AuthUser",
  "current_user",
  "optional_user",
  "check_owner",
  "require_role",
  "owner_scope",
  "visible",
];

/**
 * The staff roles that may act on every row of an `owner_write` entity: those
 * the spec names for the action, or as seeing and changing every row.
 *
 * @param ctx The render context.
 * @param granted The roles the spec lets do the action.
 * @param every The entity's `permissions.all`.
 * @returns The staff roles among them, in the spec's order.
 */
export function staffOver(
  ctx: BackendContext,
  granted: readonly string[] | undefined,
  every: readonly string[] | undefined,
): string[] {
  const named = new Set([...granted ?? [], ...every ?? []]);
  return ctx.roles.filter((r) => r.staff && named.has(r.name)).map((r) => r.name);
}

/**
 * The owner check of a write on an `owner_write` row.
 *
 * @param row The row expression.
 * @param noun The entity's label.
 * @param staff The staff roles that pass it on others' rows ({@link staffOver}).
 * @returns e.g. `check_owner(row, user, "job", ("hr",))`.
 */
export function checkOwnerCall(row: string, noun: string, staff: readonly string[]): string {
  return `check_owner(${
    [row, "user", pyStr(noun), ...(staff.length ? [pyTuple(staff)] : [])].join(", ")
  })`;
}

/**
 * Derives the access of an entity's routes.
 *
 * @param ctx The render context.
 * @param plan The entity.
 * @returns Its route access.
 */
export function access(ctx: BackendContext, plan: EntityPlan): RouteAccess {
  const { permissions, publicWhere } = plan.behaviour;
  const roles = ctx.roles.length > 0;
  const every = roles && plan.access === "private" && (permissions.all ?? []).length > 0;
  const hidden = publicWhere !== undefined;
  const constants: string[] = [];
  if (hidden) {
    constants.push(
      "# Rows everyone sees; the others are seen by their owner and staff only.",
      pyConditions(publicWhere!, "", "PUBLIC = "),
    );
  }
  if (every) {
    constants.push(
      "# Roles that see and change every row, not only their own.",
      `EVERY = ${pyTuple(permissions.all!)}`,
    );
  }
  const byRole = (action: WriteAction) => roles && (permissions[action] ?? []).length > 0;
  const write = (action: WriteAction): UserNeed =>
    plan.access !== "public" || byRole(action) ? "required" : "none";
  const isPrivate = plan.access === "private";
  const ownerArg = isPrivate ? (every ? "owner_scope(user, EVERY)" : "user.id") : "";
  const label = plan.entity.label;
  const plural = plan.entity.labelPlural;
  return {
    read: isPrivate ? "required" : hidden ? "optional" : "none",
    write: { create: write("create"), update: write("update"), delete: write("delete") },
    rowParams: isPrivate ? ["user: AuthUser"] : hidden ? ["user: AuthUser | None"] : [],
    rowArgs: () => (isPrivate || hidden ? ["user"] : []),
    ownerArg,
    ...(isPrivate ? { ownerFilter: ownerArg } : {}),
    hidden,
    ownerCheck: plan.access === "owner_write",
    ownerCheckCall: (action, row) =>
      checkOwnerCall(row, plan.entity.label, staffOver(ctx, permissions[action], permissions.all)),
    rowDoc: isPrivate
      ? `The ${label} with this id if the caller may see it, or 404.`
      : hidden
      ? `The ${label} with this id if the caller may see it, or 404.`
      : `The ${label} with this id, or 404.`,
    constants,
    roleCheck: (action) =>
      byRole(action)
        ? [
          `    require_role(user, ${pyTuple(permissions[action]!)}, ${
            pyStr(`${action} ${plural}`)
          })`,
        ]
        : [],
    imports: (code) => {
      const names = AUTH_NAMES.filter((n) => new RegExp(`\\b${n}\\b`).test(code));
      const out: Record<string, string[]> = {};
      if (names.length > 0) out["app.auth"] = names;
      return out;
    },
  };
}
