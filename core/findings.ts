/**
 * What the validator reports: deterministic check results and findings, each
 * naming the agent responsible for fixing it.
 *
 * @module
 */
import { z } from "zod";

import { RESPONSIBLE_AGENTS } from "./agents.ts";

export { RESPONSIBLE_AGENTS };

/** A problem in the generated app and the agent that must fix it. */
export const FindingSchema = z.object({
  agent: z.enum(RESPONSIBLE_AGENTS),
  severity: z.enum(["error", "warning"]),
  /** The check that found it, e.g. `backend_routes`. */
  check: z.string().min(1).max(80),
  message: z.string().min(1).max(2_000),
  file: z.string().max(300).nullish(),
});

/** A problem in the generated app and the agent that must fix it. */
export type Finding = z.infer<typeof FindingSchema>;

/** The outcome of one deterministic check. */
export const CheckResultSchema = z.object({
  check: z.string(),
  /** What the check verifies, in a sentence. */
  title: z.string(),
  agent: z.enum(RESPONSIBLE_AGENTS),
  status: z.enum(["passed", "failed", "skipped"]),
  /** Why it failed or was skipped, or what it covered. */
  detail: z.string(),
  durationMs: z.number().min(0),
});

/** The outcome of one deterministic check. */
export type CheckResult = z.infer<typeof CheckResultSchema>;
