/**
 * Opaque cursors for listings ordered newest job first: a cursor names the
 * last item shown (its job's creation time and id, and a position inside the
 * job), so new jobs starting meanwhile neither repeat nor hide items.
 *
 * @module
 */
import { ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";

/** Where a page ended. */
export interface CursorPosition {
  createdAt: string;
  jobId: string;
  /** The index of the last item shown within the job (-1: before its first item). */
  item: number;
}

/**
 * @param position The last item shown.
 * @returns The cursor.
 */
export function encodeCursor(position: CursorPosition): string {
  return btoa(JSON.stringify([position.createdAt, position.jobId, position.item]))
    .replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

/**
 * @param cursor A cursor from {@link encodeCursor}, as a client sent it back.
 * @returns The position.
 * @throws {ProtocolError} InvalidParams for anything else (a cursor is not to be made up).
 */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const text = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const [createdAt, jobId, item] = JSON.parse(text) as unknown[];
    if (
      typeof createdAt === "string" && typeof jobId === "string" && Number.isInteger(item) &&
      (item as number) >= -1 && createdAt.length < 40 && jobId.length < 40
    ) {
      return { createdAt, jobId, item: item as number };
    }
  } catch {
    // Reported below.
  }
  throw new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    "Invalid cursor: pass the nextCursor of the previous page unchanged, or no cursor for the first page",
  );
}

/**
 * Whether a job comes after the cursor's job in newest-first order (equal: the same job).
 *
 * @returns Negative when `job` comes before the cursor's job, 0 for the same, positive after.
 */
export function compareToCursor(
  job: { createdAt: string; jobId: string },
  position: CursorPosition,
): number {
  return position.createdAt.localeCompare(job.createdAt) || job.jobId.localeCompare(position.jobId);
}
