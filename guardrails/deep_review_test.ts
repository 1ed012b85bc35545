import assert from "node:assert/strict";
import { createDeepReview } from "./deep_review.ts";

Deno.test("createDeepReview() unites the gate's findings with ESLint's, each with file, line, rule and severity", async () => {
  const review = await createDeepReview({ bandit: false });
  const { findings, analysers } = review([
    { path: "frontend/lib/a.js", content: "const x = 1;\neval(code);\n" },
  ]);
  assert.equal(analysers.eslint, "ran");
  assert.ok(findings.some((f) => f.rule === "js-eval" && f.line === 2));
  const eslint = findings.find((f) => f.rule === "eslint:no-eval");
  assert.deepEqual(eslint && [eslint.path, eslint.line, eslint.severity], [
    "frontend/lib/a.js",
    2,
    "high",
  ]);
});

Deno.test("createDeepReview() says Bandit was skipped when it is not installed", async () => {
  const review = await createDeepReview({
    eslint: false,
    bandit: { command: "no-such-bandit-here" },
  });
  const { analysers } = review([{ path: "backend/app/x.py", content: "x = 1\n" }]);
  assert.equal(analysers.bandit, "not installed");
});
