/**
 * The planner's frames: each reads one way people say what an app must do
 * (lending, booking, signing up, voting, workflows, counting, rules, views…)
 * and adds the entities, fields, behaviours and requirements it implies. They
 * run in this order, after the things and people of the prompt are read.
 *
 * @module
 */
import type { Draft } from "../draft.ts";
import { MONEY_FRAMES } from "./money.ts";
import { RECORD_FRAMES } from "./records.ts";
import { RULE_FRAMES } from "./rules.ts";
import { VALUE_FRAMES } from "./values.ts";
import { VIEW_FRAMES } from "./views.ts";
import { BUTTON_FRAMES, WORKFLOW_FRAMES } from "./workflow.ts";

/** One frame. */
export interface Frame {
  name: string;
  /** Runs before the prompt's things are read (to claim clauses). */
  before?: (draft: Draft) => void;
  read: (draft: Draft) => void;
}

/** Every frame, in order. */
export const FRAMES: readonly Frame[] = [
  ...VALUE_FRAMES.filter((f) => f.name === "short_links"),
  ...RULE_FRAMES.filter((f) => f.name === "stock" || f.name === "matches"),
  ...RECORD_FRAMES,
  ...WORKFLOW_FRAMES,
  ...MONEY_FRAMES,
  ...RULE_FRAMES.filter((f) => f.name !== "stock" && f.name !== "matches"),
  ...VALUE_FRAMES.filter((f) => f.name !== "short_links"),
  ...VIEW_FRAMES,
  ...BUTTON_FRAMES,
];
