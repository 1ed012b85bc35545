import assert from "node:assert/strict";
import { join } from "node:path";
import { toolchain } from "../../tests/helpers.ts";
import { INJECTION_CLASSIFIER_PROMPT } from "../../guardrails/injection_classifier.ts";
import { PROMPTS } from "../../prompts/mod.ts";
import { main } from "./main.ts";
import { formatReplay, summariseReplay } from "./present.ts";
import { loadRecording, type Recording } from "./recording.ts";
import { replayRecording } from "./run.ts";
import { startReplayServer } from "./server.ts";

const POLL = new URL("../../tests/fixtures/recordings/poll-app", import.meta.url).pathname;
const TODO = new URL("../../tests/fixtures/recordings/todo-auth", import.meta.url).pathname;

/** A chat-completions request as the openai provider sends it. */
function request(system: string, user: string, maxTokens = 24_000) {
  return {
    model: "gpt-4o-mini",
    max_tokens: maxTokens,
    messages: [{ role: "system", content: system }, { role: "user", content: user }],
  };
}

// deno-lint-ignore no-explicit-any
async function post(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

const RETRY = "Fix these.\n\n<findings>\n1. [error] project_files: missing\n</findings>\n";

Deno.test("loadRecording() reads the last run of a recording, each call's agent, kind and round", () => {
  const poll = loadRecording(POLL);
  assert.deepEqual(poll.range, [6, 14]);
  assert.equal(poll.prompt, "Simple poll app: create polls with options, vote, and show results");
  assert.deepEqual(
    poll.calls.map((c) => [c.n, c.agent, c.kind, c.group?.name ?? "", c.round]),
    [
      [6, "planner", "plan", "", 0],
      [7, "fe_executor", "first", "shared-and-pages-1", 0],
      [8, "fe_executor", "first", "pages-2", 0],
      [9, "fe_executor", "first", "pages-3", 0],
      [10, "be_executor", "first", "app", 0],
      [11, "be_executor", "first", "tests", 0],
      [12, "validator", "review", "", 0],
      [13, "be_executor", "retry", "app", 0],
      [14, "validator", "review", "", 1],
    ],
  );
  assert.ok(poll.calls.find((c) => c.n === 10)!.writes.includes("backend/main.py"));
  const first = loadRecording(POLL, [1, 5]);
  assert.deepEqual(first.calls.map((c) => c.n), [1, 2, 3, 4, 5]);
  assert.deepEqual(loadRecording(TODO).range, [1, 7]);
});

Deno.test("loadRecording() refuses a folder that is no recording, naming what is wrong", async (t) => {
  const dir = Deno.makeTempDirSync();
  const planner = JSON.stringify(request(PROMPTS.planner, "<user_request>\nx\n</user_request>"));
  await t.step("a missing folder", () => {
    assert.throws(() => loadRecording(join(dir, "nope")), /Cannot read the recording ".*nope"/);
  });
  await t.step("a file", () => {
    Deno.writeTextFileSync(join(dir, "file.json"), "{}");
    assert.throws(() => loadRecording(join(dir, "file.json")), /it is a file/);
  });
  await t.step("a folder without requests", () => {
    Deno.mkdirSync(join(dir, "empty"));
    assert.throws(() => loadRecording(join(dir, "empty")), /holds no req-NNNN\.json files/);
  });
  await t.step("a request without its answer", () => {
    Deno.mkdirSync(join(dir, "half"));
    Deno.writeTextFileSync(join(dir, "half", "req-0001.json"), planner);
    assert.throws(
      () => loadRecording(join(dir, "half")),
      /req-0001\.json has no ans-0001\.json/,
    );
  });
  await t.step("a request that is not JSON", () => {
    Deno.mkdirSync(join(dir, "bad"));
    Deno.writeTextFileSync(join(dir, "bad", "req-0001.json"), "{not json");
    Deno.writeTextFileSync(join(dir, "bad", "ans-0001.json"), "{}");
    assert.throws(() => loadRecording(join(dir, "bad")), /req-0001\.json is not a JSON request/);
  });
  await t.step("a range with no call", () => {
    assert.throws(() => loadRecording(POLL, [40, 50]), /no call numbered 40 to 50/);
  });
  await t.step("the CLI exits 2 with the message", async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      assert.equal(await main([join(dir, "empty")]), 2);
      assert.equal(await main([POLL, "--range", "9-6"]), 2);
      assert.equal(await main([]), 2);
    } finally {
      console.error = original;
    }
    assert.match(errors[0]!, /holds no req-NNNN\.json files/);
    assert.match(errors[1]!, /Invalid --range "9-6"/);
    assert.match(errors[2]!, /Expected one recording folder, got 0/);
  });
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("startReplayServer() answers a review with the one recorded after as many retries", async () => {
  const recording: Recording = loadRecording(POLL);
  const server = startReplayServer({ recording, answerTokens: 24_000 });
  try {
    const review = request(PROMPTS.validator, "<file_list>\nbackend/app/main.py\n</file_list>");
    // Review requests are rebuilt by stackforge, so they never equal the recorded ones.
    const afterRetry = await (async () => {
      const retry = await post(server.url, request(PROMPTS.be_executor, RETRY));
      assert.equal(retry.status, 200);
      return post(server.url, review);
    })();
    assert.equal(afterRetry.status, 200);
    assert.equal(afterRetry.json.choices[0].message.content, '{"findings":[]}');
    const next = await post(server.url, review);
    assert.match(next.json.choices[0].message.content, /backend\/app\/main\.py is required/);
    const none = await post(server.url, review);
    assert.equal(none.status, 400);
    assert.match(
      none.json.error.message,
      /^request 4 \(validator, a review after 1 retry\): the recording's 2 review\(s\) \(req-0012, req-0014\) are all used$/,
    );
    assert.deepEqual(server.served.map((s) => [s.request, s.kind, s.recorded, s.how]), [
      [1, "retry", [13], "position"],
      [2, "review", [14], "round"],
      [3, "review", [12], "position"],
    ]);
    assert.deepEqual(server.served[0]!.findings, ["1. [error] project_files: missing"]);
    assert.equal(server.mismatches.length, 1);
    assert.deepEqual(server.unused().sort((a, b) => a - b), [6, 7, 8, 9, 10, 11]);
  } finally {
    await server.close();
  }
});

Deno.test("startReplayServer() names the request that matches no recorded answer", async (t) => {
  const recording = loadRecording(POLL);
  const server = startReplayServer({ recording, answerTokens: 24_000, strict: true });
  try {
    await t.step("a file group the recording does not have, when strict", async () => {
      const user =
        "File group: pages-9 (part 4 of 4). This answer writes only these files:\n- frontend/app/x/page.tsx\n";
      const r = await post(server.url, request(PROMPTS.fe_executor, user));
      assert.equal(r.status, 400);
      assert.match(
        r.json.error.message,
        /^request 1 \(fe_executor, pages-9, part 4 of 4\) matches no recorded file group \(recorded: req-0007: shared-and-pages-1 \(part 1 of 3\); req-0008/,
      );
    });
    await t.step("a second retry when one was recorded", async () => {
      assert.equal((await post(server.url, request(PROMPTS.be_executor, RETRY))).status, 200);
      const r = await post(server.url, request(PROMPTS.be_executor, RETRY));
      assert.equal(r.status, 400);
      assert.match(
        r.json.error.message,
        /^request 3 \(be_executor, retry 2\): the recording has 1 be_executor retry$/,
      );
    });
    await t.step("the request screening, which the session predates, is let through", async () => {
      const r = await post(server.url, {
        ...request(INJECTION_CLASSIFIER_PROMPT, "<<<REQUEST ab>>>\na poll app\n<<<END ab>>>"),
        response_format: { type: "json_schema", json_schema: { name: "injection_verdict" } },
      });
      assert.equal(r.status, 200);
      assert.deepEqual(JSON.parse(r.json.choices[0].message.content), {
        injection: false,
        reasons: [],
        techniques: [],
      });
      assert.deepEqual(
        [server.served.at(-1)!.kind, server.served.at(-1)!.how, server.served.at(-1)!.recorded],
        ["screen", "not recorded", []],
      );
    });
    await t.step("a request from no agent", async () => {
      const r = await post(server.url, request("You are a poet.", "Write a poem."));
      assert.match(r.json.error.message, /^request 5: cannot tell which agent sent it$/);
    });
    await t.step("an answer longer than max_tokens is cut, as a real endpoint does", async () => {
      const r = await post(
        server.url,
        request(PROMPTS.planner, "<user_request>\nx\n</user_request>", 50),
      );
      assert.equal(r.json.choices[0].finish_reason, "length");
      assert.equal(r.json.usage.completion_tokens, 50);
      assert.equal(server.served.at(-1)!.truncated, true);
    });
    assert.equal(server.mismatches.length, 3);
  } finally {
    await server.close();
  }
});

Deno.test("replayRecording() replays the poll app's recorded session to a succeeded job at default caps", async () => {
  const outDir = join(Deno.makeTempDirSync({ prefix: "stackforge-replay-test-" }), "app");
  const replay = await replayRecording(POLL, { outDir, env: {}, toolchain });
  assert.equal(replay.result.status, "succeeded", replay.result.reason);
  assert.deepEqual(replay.mismatches, []);
  // The new grouping: two frontend groups and one backend group, composed of the recorded files.
  // The request screening, which the session predates, is let through without a recorded answer.
  assert.ok(
    replay.served.every((s) => s.kind !== "screen" || s.how === "not recorded"),
  );
  assert.deepEqual(
    replay.served.filter((s) => s.kind !== "screen").map((
      s,
    ) => [s.agent, s.kind, s.recorded, s.how]),
    [
      ["planner", "plan", [6], "position"],
      ["fe_executor", "first", [7, 8], "files"],
      ["fe_executor", "first", [8, 9], "files"],
      ["be_executor", "first", [10, 11], "files"],
      ["be_executor", "retry", [13], "position"],
      ["validator", "review", [14], "round"],
    ],
  );
  // The first review was skipped: the checks had already found the missing entry point.
  assert.deepEqual(replay.unused, [12]);
  assert.ok(replay.served.every((s) => !s.truncated));
  assert.ok(Deno.statSync(join(outDir, "backend", "app", "main.py")).isFile);
  const lines = formatReplay(summariseReplay(replay));
  assert.match(lines[0]!, /^✓ replay of .*poll-app \(req-0006 to req-0014\): succeeded$/);
  assert.ok(lines.some((l) => /^ {2}backend executor +[\d,]+ of 60,000 in 2 calls/.test(l)));
  assert.ok(lines.includes("Recorded answers no request used: req-0012"));
  Deno.removeSync(join(outDir, ".."), { recursive: true });
});
