/**
 * Shared test helpers: the fixture prompts and a Python that can run the
 * generated backend tests.
 *
 * @module
 */
import { detectToolchain, type Toolchain } from "../pipeline/agents/validator/toolchain.ts";

/** A fixture prompt and what a reader expects from it. */
export interface PromptFixture {
  id: string;
  prompt: string;
  /** The pattern that should lead, or null when none fits. */
  pattern: string | null;
  entities: string[];
  fields?: Record<string, string[]>;
  auth: boolean;
}

/** The 10 prompts of `tests/fixtures/prompts.json`. */
export const PROMPTS: PromptFixture[] = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/prompts.json", import.meta.url)),
);

/** The machine's toolchain, probed once per test file. */
export const toolchain: Toolchain = await detectToolchain(Deno.env.get("STACKFORGE_PYTHON"));
