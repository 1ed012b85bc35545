/**
 * The results the verifier's stages produce.
 *
 * @module
 */
import type { ScenarioRun } from "./scenarios.ts";

/**
 * The stages, in the order they run: the backend's tests and API checks,
 * the acceptance scenarios over HTTP, the frontend build, the browser
 * clicking through every page, and the scenarios with UI steps in Chromium.
 */
export const STAGES = ["backend", "scenarios", "frontend", "browser", "ui_scenarios"] as const;

/** One of {@link STAGES}. */
export type StageName = typeof STAGES[number];

/** The agent that wrote the code a stage exercises. */
export const RESPONSIBLE: Record<StageName, "be_executor" | "fe_executor"> = {
  backend: "be_executor",
  scenarios: "be_executor",
  frontend: "fe_executor",
  browser: "fe_executor",
  ui_scenarios: "fe_executor",
};

/** One thing a stage checked. */
export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
  /** Who must fix it when that is not the stage's agent (a scenario that cannot be right: the planner). */
  agent?: "planner" | "be_executor" | "fe_executor";
}

/** What one stage found. */
export interface StageResult {
  stage: StageName;
  status: "passed" | "failed" | "skipped";
  durationMs: number;
  /** One line: what passed, or why it failed or was skipped. */
  summary: string;
  checks: Check[];
  /** For a skipped stage: the command that installs what is missing. */
  install?: string;
  /** Counts for the bench table. */
  counts?: Record<string, number>;
  /** Screenshots, relative to the app folder. */
  screenshots?: string[];
  /** The acceptance scenarios the stage ran, for the report's requirements. */
  scenarios?: ScenarioRun[];
}

/** What {@link verifyApp} returns. */
export interface VerifyResult {
  dir: string;
  ok: boolean;
  /** Set when the folder could not be verified at all. */
  error?: string;
  stages: StageResult[];
  durationMs: number;
}

/** A failed stage with the first failing checks as its summary. */
export function failed(
  stage: StageName,
  started: number,
  summary: string,
  checks: Check[] = [],
  extra: Partial<StageResult> = {},
): StageResult {
  return {
    stage,
    status: "failed",
    durationMs: performance.now() - started,
    summary,
    checks,
    ...extra,
  };
}

/** A skipped stage: never counted as passed. */
export function skipped(stage: StageName, summary: string, install?: string): StageResult {
  return {
    stage,
    status: "skipped",
    durationMs: 0,
    summary,
    checks: [],
    ...(install ? { install } : {}),
  };
}
