import assert from "node:assert/strict";
import { pullRequestFailure } from "./publish_step.ts";

Deno.test("pullRequestFailure() names the fix for each 403 GitHub gives", () => {
  const refused = (message: string) =>
    pullRequestFailure(Object.assign(new Error(message), { status: 403 }), "b", "main", "app");
  const setting = refused("GitHub Actions is not permitted to create or approve pull requests.");
  assert.match(setting, /turn on Settings → Actions → General → Workflow permissions/);
  assert.doesNotMatch(setting, /pull-requests: write/);
  assert.match(
    refused("Resource not accessible by integration"),
    /`permissions: pull-requests: write`/,
  );
  assert.match(refused("Forbidden"), /Allow GitHub Actions .* and check that the publish job has/);
  assert.match(
    pullRequestFailure(
      Object.assign(new Error("Bad gateway"), { status: 502 }),
      "b",
      "main",
      "app",
    ),
    /^the pull request could not be opened \(GitHub answered 502: Bad gateway\)/,
  );
});
