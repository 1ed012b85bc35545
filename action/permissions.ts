/**
 * Who may start a generation: only users with write or admin access to the
 * repository, asked through the collaborator permission API.
 *
 * @module
 */
import type { GitHub } from "./octokit.ts";

/** Permissions that may trigger a generation. */
export const ALLOWED_PERMISSIONS = ["admin", "maintain", "write"] as const;

/** The answer of {@link checkLabeler}. */
export interface LabelerCheck {
  allowed: boolean;
  /** What GitHub reported: `admin`, `write`, `read`, `none`... */
  permission: string;
}

/**
 * Asks GitHub what access a user has.
 *
 * @param octokit An authenticated client.
 * @param target The repository and the user.
 * @returns Whether the user may trigger a generation. A user GitHub does not
 *   know as a collaborator (404) has permission `none`.
 */
export async function checkLabeler(
  octokit: GitHub,
  target: { owner: string; repo: string; username: string },
): Promise<LabelerCheck> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel(target);
    // `role_name` distinguishes maintain from write; `permission` folds it into write.
    const permission = String(data.role_name ?? data.permission ?? "none");
    const legacy = String(data.permission ?? "none");
    return {
      allowed: (ALLOWED_PERMISSIONS as readonly string[]).includes(permission) ||
        legacy === "admin" || legacy === "write",
      permission,
    };
  } catch (error) {
    if ((error as { status?: number }).status === 404) {
      return { allowed: false, permission: "none" };
    }
    // Fail closed: no answer is no permission, and the reason is shown.
    throw new Error(
      `Cannot check the access of "${target.username}" to ${target.owner}/${target.repo}: ${
        (error as Error).message
      }`,
      { cause: error },
    );
  }
}
