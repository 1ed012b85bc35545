/**
 * Assertions shared by the input sanitiser's tests.
 *
 * @module
 */
import assert from "node:assert/strict";
import { sanitizeInput } from "./sanitize.ts";

/** Each case, after `lead`, is found and stripped whole, leaving `lead` alone. */
export async function assertStripped(t: Deno.TestContext, lead: string, cases: readonly string[]) {
  for (const text of cases) {
    await t.step(text.slice(0, 50), () => {
      const { text: left, findings } = sanitizeInput(`${lead}${text}`);
      assert.ok(findings.length > 0);
      assert.equal(left, lead.trim());
    });
  }
}

/** Whether the text has a finding, or holds nothing but injection. */
export const found = (text: string) => {
  try {
    return sanitizeInput(text).findings.length > 0;
  } catch (error) {
    if (error instanceof RangeError) return true; // nothing left once stripped
    throw error;
  }
};

/** Each case is returned byte for byte, with no finding. */
export async function assertUnchanged(t: Deno.TestContext, cases: readonly string[]) {
  for (const text of cases) {
    await t.step(
      text.slice(0, 50),
      () => assert.deepEqual(sanitizeInput(text), { text, findings: [] }),
    );
  }
}
