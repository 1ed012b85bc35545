import assert from "node:assert/strict";
import { parseIssueEvent, readIssueEvent } from "./event.ts";
import { EVENT_FIXTURE } from "./_testing.ts";

Deno.test("readIssueEvent() reads the issue from the payload file", () => {
  const event = readIssueEvent(EVENT_FIXTURE.pathname);
  assert.equal(event.action, "labeled");
  assert.equal(event.label, "stackforge");
  assert.equal(event.sender, "ada");
  assert.equal(event.owner, "acme");
  assert.equal(event.repo, "shop");
  assert.equal(event.defaultBranch, "main");
  assert.equal(event.issue.number, 7);
  assert.match(event.issue.body, /^A blog where authors/);
});

Deno.test("parseIssueEvent() names the field that is missing or wrong", () => {
  const payload = JSON.parse(Deno.readTextFileSync(EVENT_FIXTURE));
  assert.throws(
    () => parseIssueEvent({ ...payload, issue: undefined }),
    /issue: expected an object/,
  );
  assert.throws(
    () => parseIssueEvent({ ...payload, issue: { ...payload.issue, number: "7" } }),
    /issue\.number: expected a positive integer/,
  );
  assert.throws(
    () => parseIssueEvent({ ...payload, sender: {} }),
    /sender\.login: expected a string/,
  );
  assert.throws(() => parseIssueEvent([]), /payload: expected an object/);
});

Deno.test("readIssueEvent() explains a missing variable, file or bad JSON", () => {
  assert.throws(() => readIssueEvent(undefined), /GITHUB_EVENT_PATH is not set/);
  assert.throws(() => readIssueEvent("/nonexistent/event.json"), /Cannot read the event/);
  const bad = Deno.makeTempFileSync();
  Deno.writeTextFileSync(bad, "{");
  assert.throws(() => readIssueEvent(bad), TypeError);
  Deno.removeSync(bad);
});
