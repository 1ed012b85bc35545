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

Deno.test("createDeepReview() drops Bandit's findings on the forms its docs call safe, keeps the others", async (t) => {
  const review = await createDeepReview({ eslint: false });
  const rules = (content: string) =>
    review([{ path: "backend/app/x.py", content }]).findings.map((f) => f.rule);
  const probe = review([{ path: "backend/app/x.py", content: "x = 1\n" }]);
  if (probe.analysers.bandit !== "ran") return; // Bandit not installed here
  await t.step("a checksum with usedforsecurity=False", () => {
    const hash = (flag: string) =>
      `import hashlib\n\ndef digest(b: bytes) -> str:\n    return hashlib.md5(b${flag}).hexdigest()\n`;
    assert.ok(!rules(hash(", usedforsecurity=False")).some((r) => r.startsWith("bandit:")));
    assert.ok(rules(hash("")).some((r) => r.startsWith("bandit:")));
  });
  await t.step("lxml with a parser that refuses entities", () => {
    const parse = (parser: string) =>
      `from lxml import etree\n\ndef read(data: bytes):\n    p = etree.XMLParser(${parser})\n    return etree.fromstring(data, p)\n`;
    assert.ok(!rules(parse("resolve_entities=False")).includes("bandit:B320"));
    assert.ok(rules(parse("resolve_entities=True")).includes("bandit:B320"));
  });
});
