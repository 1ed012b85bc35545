import assert from "node:assert/strict";
import { emptyLedger } from "../core/budget.ts";
import type { Outcome } from "./outcome.ts";
import { inert, renderIssueComment, renderJobSummary, renderPullRequestBody } from "./summary.ts";

const generated: Extract<Outcome, { kind: "generated" }> = {
  kind: "generated",
  issue: { number: 3, title: "A blog", url: "https://github.com/acme/app/issues/3" },
  job: {
    jobId: "job-1",
    status: "succeeded",
    provider: "offline",
    spec: {
      title: "Blog <script>",
      summary: "Posts by @octocat | comments",
      entities: ["Post", "Comment"],
      endpoints: 10,
      pages: ["/", "/posts"],
      erDiagram: "erDiagram\n  Post {\n    int id PK\n  }",
    },
    validation: { passed: true, checks: [], findings: [] },
    files: 40,
    held: [],
    inputFindings: [],
    ledger: emptyLedger(),
    totals: { tokens: 0, usd: 0 },
    durationMs: 400,
  },
};

Deno.test("inert() blocks HTML, mentions and table breaks from issue or model text", () => {
  assert.equal(inert("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
  assert.equal(inert("ping @octocat and @acme/team"), "ping @\u200boctocat and @\u200bacme/team");
  assert.equal(inert("a | b\nc"), "a \\| b c");
});

Deno.test("renderPullRequestBody() closes the issue and shows spec, validation and cost", () => {
  const body = renderPullRequestBody(generated, { outputPath: "output", runUrl: "https://r/1" });
  assert.match(body, /^<!-- stackforge -->\nCloses #3\n/);
  assert.match(body, /Blog &lt;script&gt;/);
  assert.match(body, /@\u200boctocat/);
  assert.match(body, /## Validation: passed/);
  assert.match(body, /Provider: offline \(deterministic generator/);
  assert.match(body, /\[this run\]\(https:\/\/r\/1\)/);
});

Deno.test("renderJobSummary() holds the Mermaid ER diagram, and renderIssueComment() the link", () => {
  const summary = renderJobSummary(generated, { number: 9, url: "https://pr/9" }, {
    outputPath: "output",
  });
  assert.match(summary, /```mermaid\nerDiagram\n {2}Post \{/);
  assert.match(summary, /\[#9\]\(https:\/\/pr\/9\)/);
  const comment = renderIssueComment(
    generated,
    { number: 9, url: "https://pr/9", created: true },
    undefined,
    {
      outputPath: "output",
    },
  );
  assert.match(comment, /opened #9: https:\/\/pr\/9/);
});
