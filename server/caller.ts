/**
 * Who is calling, decided by the credential alone, never by an argument:
 *
 * - **local**: stdio (or in-process): the user of this machine. Sees every
 *   job in the jobs folder, may approve held files, sees absolute paths.
 * - **anonymous**: HTTP with no token configured (loopback only). Sees every
 *   job like the local user, but may not approve held files: approving over
 *   HTTP needs the operator's token.
 * - **operator**: HTTP with `STACKFORGE_MCP_TOKEN`. One identity shared by
 *   whoever holds the token: sees every job, may approve, may name any
 *   `user_id`, which is then only a label for rate limits and quota.
 * - **user**: HTTP with a token of `STACKFORGE_MCP_USERS`. Sees only that
 *   user's jobs; `user_id` can only repeat their own name; approves held
 *   files only when `STACKFORGE_MCP_USERS_MAY_APPROVE=true`.
 *
 * `user_id` never decides what a caller may read: with a shared token it is
 * free text, so it only labels jobs; isolation between people takes one
 * token each.
 *
 * @module
 */
import type { AuthInfo } from "@modelcontextprotocol/server";
import type { JobRecord } from "../jobs/store.ts";

/** How a request signed in, as the HTTP handler records it in `authInfo.extra.role`. */
export type HttpRole = "anonymous" | "operator" | "user";

/** A caller. */
export interface Caller {
  kind: "local" | HttpRole;
  /** Whom jobs started by this call belong to (rate limits, quota, ownership). */
  userId: string;
  /** When set, the caller sees only this user's jobs. */
  owner?: string;
  /** Whether the caller may approve held files. */
  mayApprove: boolean;
  /** Whether results may show absolute paths on the server's disk. */
  showsPaths: boolean;
}

/** The part of a request's context that says who sent it. */
export interface CallerContext {
  http?: { authInfo?: AuthInfo };
}

/** The default user of calls that name none. */
export const LOCAL_USER = "local";

/**
 * @param role How the request signed in.
 * @param user The signed-in user (role `user`).
 * @returns The `authInfo` the HTTP handler passes on.
 */
export function authInfoFor(role: HttpRole, user?: string): AuthInfo {
  return { token: "", clientId: user ?? "", scopes: [], extra: { role } };
}

/**
 * @param ctx The request's context.
 * @param userId The `user_id` argument, if any.
 * @param usersMayApprove `STACKFORGE_MCP_USERS_MAY_APPROVE`.
 * @returns The caller, or the message of a tool error.
 * @example
 * ```ts
 * import { authInfoFor, callerOf } from "./caller.ts";
 * const alice = callerOf({ http: { authInfo: authInfoFor("user", "alice") } }, undefined, false);
 * if (typeof alice === "string" || alice.owner !== "alice" || alice.mayApprove) throw new Error();
 * ```
 */
export function callerOf(
  ctx: CallerContext | undefined,
  userId: string | undefined,
  usersMayApprove: boolean,
): Caller | string {
  const auth = ctx?.http?.authInfo;
  const role = (auth?.extra as { role?: HttpRole } | undefined)?.role;
  if (auth === undefined) {
    return { kind: "local", userId: userId ?? LOCAL_USER, mayApprove: true, showsPaths: true };
  }
  if (role === "user" && auth.clientId !== "") {
    const user = auth.clientId;
    if (userId !== undefined && userId !== user) {
      return `user_id ${JSON.stringify(userId)} is not the signed-in user ${
        JSON.stringify(user)
      }: leave user_id out, your token says who you are`;
    }
    return {
      kind: "user",
      userId: user,
      owner: user,
      mayApprove: usersMayApprove,
      showsPaths: false,
    };
  }
  if (role === "operator") {
    return { kind: "operator", userId: userId ?? LOCAL_USER, mayApprove: true, showsPaths: true };
  }
  return { kind: "anonymous", userId: userId ?? LOCAL_USER, mayApprove: false, showsPaths: true };
}

/**
 * Whether a caller may see a job. Callers answer as for an unknown job
 * otherwise, so other users' job ids are not confirmed either.
 *
 * @param caller The caller.
 * @param record The job (or its index entry).
 * @returns Whether it is visible.
 */
export function maySee(caller: Caller, record: Pick<JobRecord, "userId">): boolean {
  return caller.owner === undefined || caller.owner === record.userId;
}

/**
 * @param caller A caller that may not approve.
 * @returns Why, and what to do instead.
 */
export function approvalRefusal(caller: Caller): string {
  return caller.kind === "user"
    ? "approving held files needs the operator's token (STACKFORGE_MCP_TOKEN), or STACKFORGE_MCP_USERS_MAY_APPROVE=true on the server; reject them, or ask the operator"
    : "approving held files over HTTP needs the operator's token (STACKFORGE_MCP_TOKEN); reject them, or approve on the server with `deno task review <job_id>`";
}
