import assert from "node:assert/strict";
import { createTaskRegistry } from "./registry.ts";

Deno.test("createTaskRegistry(): ask() parks a task until every key is answered, ignoring unknown keys", async () => {
  const tasks = createTaskRegistry();
  let answers: Record<string, unknown> | undefined;
  tasks.start("t1", "ada", async (task) => {
    answers = await task.ask({
      a: { method: "elicitation/create", params: {} },
      b: { method: "elicitation/create", params: {} },
    }, 60_000);
  });
  await Promise.resolve();
  assert.deepEqual(Object.keys(tasks.get("t1")!.inputRequests), ["a", "b"]);
  tasks.answer("t1", { a: { action: "accept" }, nope: { action: "accept" }, b: "not an object" });
  assert.deepEqual(Object.keys(tasks.get("t1")!.inputRequests), ["b"], "partial answers are kept");
  tasks.answer("t1", { a: { action: "decline" }, b: { action: "cancel" } });
  await tasks.settled("t1");
  assert.deepEqual(
    answers,
    { a: { action: "accept" }, b: { action: "cancel" } },
    "a key is answered once",
  );
  assert.equal(tasks.get("t1"), undefined);
});

Deno.test("createTaskRegistry(): cancel() aborts the work and shows cancelled at once", async () => {
  const tasks = createTaskRegistry();
  let aborted = false;
  tasks.start("t2", "ada", (task) =>
    new Promise<void>((resolve) => {
      task.signal.addEventListener("abort", () => {
        aborted = true;
        resolve();
      });
    }));
  assert.equal(tasks.cancel("t2"), true);
  assert.equal(tasks.get("t2")?.cancelled, true);
  assert.equal(tasks.cancel("t2"), false, "twice is a no-op");
  await tasks.settled("t2");
  assert.equal(aborted, true);
});

Deno.test("createTaskRegistry(): an unanswered question times out with the answers so far", async () => {
  const tasks = createTaskRegistry();
  let answers: Record<string, unknown> | undefined;
  tasks.start("t3", "ada", async (task) => {
    answers = await task.ask({ a: { method: "elicitation/create", params: {} } }, 10);
  });
  await tasks.settled("t3");
  assert.deepEqual(answers, {});
});

Deno.test("createTaskRegistry(): close() cancels every live task and waits for it", async () => {
  const tasks = createTaskRegistry();
  tasks.start(
    "t4",
    "ada",
    (task) => task.ask({ a: { method: "elicitation/create", params: {} } }, 60_000).then(() => {}),
  );
  await tasks.close();
  assert.equal(tasks.size(), 0);
});
