import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  pollTask,
  riskyProvider,
  rpc,
  serveHttp,
  slowProvider,
  testPipeline,
} from "../_testing.ts";

const TOKEN = "operator-token-0123456789";
const USERS = [
  { user: "alice", token: "alice-token-0123456789" },
  { user: "bob", token: "bob-token-01234567890" },
];
const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

type JobOut = { job_id: string; status: string; files: string[]; output_path?: string };

Deno.test("generate_app as a Task: a handle at once, a status line while it runs, the result when polled", async () => {
  const slow = { ...testPipeline, provider: slowProvider(testPipeline.provider, 40) };
  const h = await serveHttp({ pipeline: slow });
  try {
    const created = await rpc(h.handler, "tools/call", {
      name: "generate_app",
      arguments: { prompt: "a blog with comments" },
    });
    assert.equal(created.error, undefined, JSON.stringify(created.error));
    const handle = created.result!;
    assert.equal(handle.resultType, "task");
    assert.equal(handle.status, "working");
    assert.match(String(handle.taskId), /^[0-9a-f-]{36}$/);
    assert.equal(typeof handle.pollIntervalMs, "number");
    assert.equal(handle.ttlMs, null, "kept as long as the job is (no STACKFORGE_JOB_TTL)");
    const taskId = String(handle.taskId);
    const record = await h.deps.store.get(taskId);
    assert.equal(
      record?.status,
      "running",
      "the handle comes before the job ends, its record first",
    );

    const lines = new Set<string>();
    let task: Record<string, unknown> = {};
    for (let i = 0; i < 400; i++) {
      task = (await rpc(h.handler, "tasks/get", { taskId })).result!;
      if (task.statusMessage) lines.add(String(task.statusMessage));
      if (task.status !== "working") break;
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(task.status, "completed");
    assert.equal(task.resultType, "complete");
    assert.ok([...lines].some((l) => /^planner (started|done)/.test(l)), [...lines].join(" | "));
    const result = task.result as {
      structuredContent: JobOut;
      content: { type: string; uri?: string }[];
      isError?: boolean;
    };
    assert.equal(result.isError, undefined);
    assert.equal(result.structuredContent.job_id, taskId, "the task id is the job id");
    assert.equal(result.structuredContent.status, "succeeded");
    assert.equal(result.structuredContent.output_path, join(h.deps.jobsDir, taskId, "output"));
    assert.deepEqual(
      result.content.filter((c) => c.type === "resource_link").map((c) => c.uri),
      [
        `stackforge://jobs/${taskId}/SPEC.md`,
        `stackforge://jobs/${taskId}/VALIDATION_REPORT.md`,
        `stackforge://jobs/${taskId}/`,
      ],
    );
    // Once ended, the task is answered from the job record (any replica, after a restart).
    assert.equal(h.deps.tasks.size(), 0);
    const again = (await rpc(h.handler, "tasks/get", { taskId })).result!;
    assert.equal(again.status, "completed");
  } finally {
    await h.close();
  }
});

Deno.test("tasks/cancel stops a running generate_app: the task and the job end cancelled, with no output", async () => {
  const slow = { ...testPipeline, provider: slowProvider(testPipeline.provider, 200) };
  const h = await serveHttp({ pipeline: slow });
  try {
    const created = await rpc(h.handler, "tools/call", {
      name: "generate_app",
      arguments: { prompt: "a blog with comments" },
    });
    const taskId = String(created.result!.taskId);
    await new Promise((r) => setTimeout(r, 50));
    const cancelled = await rpc(h.handler, "tasks/cancel", { taskId });
    assert.equal(cancelled.result?.resultType, "complete");
    const seen = (await rpc(h.handler, "tasks/get", { taskId })).result!;
    assert.equal(seen.status, "cancelled");
    await h.deps.tasks.settled(taskId);
    const record = await h.deps.store.get(taskId);
    assert.equal(record?.status, "cancelled");
    assert.deepEqual(record?.files, []);
    assert.equal(existsSync(join(h.deps.jobsDir, taskId, "output")), false, "no partial output");
    assert.equal((await rpc(h.handler, "tasks/get", { taskId })).result!.status, "cancelled");
    const twice = await rpc(h.handler, "tasks/cancel", { taskId });
    assert.equal(twice.result?.resultType, "complete", "cancelling again is a no-op");
  } finally {
    await h.close();
  }
});

Deno.test("a request without the Tasks extension gets the blocking generate_app result", async () => {
  const h = await serveHttp();
  try {
    const done = await rpc(h.handler, "tools/call", {
      name: "generate_app",
      arguments: { prompt: "a todo list" },
    }, { tasks: false });
    assert.equal(done.result!.resultType, "complete");
    assert.equal((done.result!.structuredContent as JobOut).status, "succeeded");
  } finally {
    await h.close();
  }
});

Deno.test("tasks/* refuse callers without the extension, unknown tasks and other users' tasks", async (t) => {
  const h = await serveHttp({}, { hostname: "0.0.0.0", token: TOKEN, users: USERS });
  try {
    const created = await rpc(h.handler, "tools/call", {
      name: "generate_app",
      arguments: { prompt: "a blog" },
    }, as(USERS[0]!.token));
    const taskId = String(created.result!.taskId);
    await pollTask(h.handler, taskId, as(USERS[0]!.token));

    await t.step("no extension declared: -32021 naming it", async () => {
      const got = await rpc(h.handler, "tasks/get", { taskId }, {
        ...as(USERS[0]!.token),
        tasks: false,
      });
      assert.equal(got.error?.code, -32021);
      assert.deepEqual(
        (got.error?.data as { requiredCapabilities: unknown }).requiredCapabilities,
        { extensions: { "io.modelcontextprotocol/tasks": {} } },
      );
    });
    await t.step("an unknown task: -32602", async () => {
      for (const id of ["0b6f0d1e-3c1a-4a57-9d64-2f1f6f3f6a10", "../../etc/passwd"]) {
        const got = await rpc(h.handler, "tasks/get", { taskId: id }, as(USERS[0]!.token));
        assert.equal(got.error?.code, -32602, id);
        assert.match(got.error!.message, /^Failed to retrieve task: Task not found/);
      }
    });
    await t.step("another user's task is unknown to them, for get, update and cancel", async () => {
      for (const method of ["tasks/get", "tasks/update", "tasks/cancel"]) {
        const got = await rpc(
          h.handler,
          method,
          { taskId, inputResponses: {} },
          as(USERS[1]!.token),
        );
        assert.equal(got.error?.code, -32602, method);
      }
    });
    await t.step("the operator sees it", async () => {
      const got = await rpc(h.handler, "tasks/get", { taskId }, as(TOKEN));
      assert.equal(got.result?.status, "completed");
    });
  } finally {
    await h.close();
  }
});

Deno.test("a task holding risky files asks through input_required; tasks/update with approve writes them", async () => {
  const risky = { ...testPipeline, provider: riskyProvider(testPipeline.provider) };
  const h = await serveHttp({ pipeline: risky }, { hostname: "0.0.0.0", token: TOKEN });
  try {
    const created = await rpc(h.handler, "tools/call", {
      name: "generate_app",
      arguments: { prompt: "a blog with comments", options: { require_review: true } },
    }, { ...as(TOKEN), elicitation: true });
    const taskId = String(created.result!.taskId);
    const asking = await pollTask(h.handler, taskId, as(TOKEN));
    assert.equal(asking.status, "input_required");
    const requests = asking.inputRequests as Record<
      string,
      { method: string; params: { message: string } }
    >;
    assert.deepEqual(Object.keys(requests), ["review"]);
    assert.equal(requests.review!.method, "elicitation/create");
    assert.match(
      requests.review!.params.message,
      /python-os-exec[\s\S]*Write these files anyway\?/,
    );
    const updated = await rpc(h.handler, "tasks/update", {
      taskId,
      inputResponses: { review: { action: "accept", content: { approve: true } } },
    }, as(TOKEN));
    assert.equal(updated.result?.resultType, "complete");
    const done = await pollTask(h.handler, taskId, as(TOKEN));
    assert.equal(done.status, "completed", JSON.stringify(done));
    const out = (done.result as { structuredContent: JobOut }).structuredContent;
    assert.equal(out.status, "succeeded");
    assert.ok(out.files.includes("backend/app/main.py"));
    assert.ok(existsSync(join(h.deps.jobsDir, taskId, "output/backend/app/main.py")));
  } finally {
    await h.close();
  }
});

Deno.test("cancelling a task that waits for the review answer leaves no output", async () => {
  const risky = { ...testPipeline, provider: riskyProvider(testPipeline.provider) };
  const h = await serveHttp({ pipeline: risky }, { hostname: "0.0.0.0", token: TOKEN });
  try {
    const created = await rpc(h.handler, "tools/call", {
      name: "generate_app",
      arguments: { prompt: "a blog with comments", options: { require_review: true } },
    }, { ...as(TOKEN), elicitation: true });
    const taskId = String(created.result!.taskId);
    assert.equal((await pollTask(h.handler, taskId, as(TOKEN))).status, "input_required");
    await rpc(h.handler, "tasks/cancel", { taskId }, as(TOKEN));
    await h.deps.tasks.settled(taskId);
    assert.equal(
      (await rpc(h.handler, "tasks/get", { taskId }, as(TOKEN))).result!.status,
      "cancelled",
    );
    assert.equal(existsSync(join(h.deps.jobsDir, taskId, "output")), false);
  } finally {
    await h.close();
  }
});

Deno.test("a user's own token is not asked about held files: the task completes awaiting_review", async () => {
  const risky = { ...testPipeline, provider: riskyProvider(testPipeline.provider) };
  const h = await serveHttp({ pipeline: risky }, {
    hostname: "0.0.0.0",
    token: TOKEN,
    users: USERS,
  });
  try {
    const created = await rpc(h.handler, "tools/call", {
      name: "generate_app",
      arguments: { prompt: "a blog with comments", options: { require_review: true } },
    }, { ...as(USERS[0]!.token), elicitation: true });
    const done = await pollTask(h.handler, String(created.result!.taskId), as(USERS[0]!.token));
    assert.equal(done.status, "completed");
    const out = (done.result as { structuredContent: JobOut & { held_for_review: string[] } })
      .structuredContent;
    assert.equal(out.status, "awaiting_review");
    assert.ok(out.held_for_review.includes("backend/app/main.py"), out.held_for_review.join());
    assert.equal(out.output_path, undefined, "no server paths for a remote user");
  } finally {
    await h.close();
  }
});
