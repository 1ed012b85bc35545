import assert from "node:assert/strict";
import {
  type CallToolResult,
  type Client,
  type CreateMessageRequest,
  type CreateMessageResult,
  ProtocolError,
} from "@modelcontextprotocol/client";
import { createPipeline } from "../../pipeline/generate.ts";
import { scriptedAnswer } from "../../tests/fixtures/openai_server.ts";
import { connect } from "../_testing.ts";

type Out = {
  job_id: string;
  status: string;
  reason?: string;
  provider: string;
  files: string[];
  validation: { passed: boolean } | null;
  cost: { total_tokens: number; total_usd: number; agents: { agent: string; tokens: number }[] };
};

/** A sampling message as the client receives it. */
type Turn = { role: string; content: { type: string; text?: string } };

/** Calls generate_app on a connected client. */
const generate = (h: { client: Client }, args: Record<string, unknown>) =>
  h.client.callTool({ name: "generate_app", arguments: args }) as Promise<CallToolResult>;

const textOf = (r: CallToolResult) =>
  (r.content as { type: string; text?: string }[]).map((c) => c.text ?? "").join("\n");

/** A client model that answers every agent from the fixture's script. */
function clientModel(
  answer: (system: string, user: string) => { text: string; stopReason?: string } = scriptedAnswer,
) {
  const requests: CreateMessageRequest["params"][] = [];
  const sample = (request: CreateMessageRequest): Promise<CreateMessageResult> => {
    requests.push(request.params);
    const userText = (request.params.messages as Turn[])
      .filter((m) => m.role === "user")
      .map((m) => m.content.text ?? "").join("\n");
    const { text, stopReason } = answer(request.params.systemPrompt ?? "", userText);
    return Promise.resolve({
      role: "assistant",
      model: "client-model-1",
      stopReason: stopReason ?? "endTurn",
      content: { type: "text", text },
    });
  };
  return { sample, requests };
}

Deno.test("generate_app uses the client's model through sampling when no key is configured", async () => {
  const model = clientModel();
  const h = await connect({}, undefined, model.sample);
  const result = await generate(h, { prompt: "a blog with comments" });
  assert.equal(result.isError, undefined, textOf(result));
  const out = result.structuredContent as Out;
  assert.equal(out.status, "succeeded");
  assert.equal(out.provider, "sampling");
  assert.equal(out.validation?.passed, true);
  assert.ok(out.files.includes("frontend/lib/api.ts") && out.files.includes("backend/app/main.py"));
  // The model classifier screened the request; the planner, the backend and
  // the validator asked once each; the frontend in two file groups, so neither
  // answer has to be huge.
  assert.equal(model.requests.length, 6);
  const groups = model.requests.flatMap((p) =>
    (p.messages as Turn[]).flatMap((m) =>
      /^File group: (\S+)/m.exec(m.content.text ?? "")?.[1] ?? []
    )
  );
  assert.deepEqual(groups.sort(), ["pages-2", "shared-and-pages-1"]);
  for (const params of model.requests) {
    assert.ok(/^You (?:are the |screen requests)/.test(params.systemPrompt ?? ""));
    assert.equal(params.includeContext, "none");
    assert.ok(params.maxTokens >= 256 && params.maxTokens <= 30_000);
    assert.ok(
      (params.messages as Turn[]).every((m) => m.role === "user" || m.role === "assistant"),
    );
  }
  assert.ok(out.cost.total_tokens > 0, "estimated tokens count against the budget");
  assert.equal(out.cost.total_usd, 0, "the client pays for its model");
  const record = await h.deps.store.get(out.job_id);
  assert.equal(record?.provider, "sampling");
  assert.match(textOf(result), /client-model-1/);
  await h.close();
});

Deno.test("generate_app keeps the offline provider when the call asks for it or the client cannot sample", async () => {
  const model = clientModel();
  const h = await connect({}, undefined, model.sample);
  const offline = await generate(h, {
    prompt: "a blog with comments",
    options: { provider: "offline" },
  });
  assert.equal((offline.structuredContent as Out).provider, "offline");
  assert.equal(model.requests.length, 0);
  await h.close();

  const plain = await connect();
  const result = await generate(plain, { prompt: "a blog with comments" });
  assert.equal((result.structuredContent as Out).provider, "offline");
  const refused = await generate(plain, { prompt: "a blog", options: { provider: "sampling" } });
  assert.equal(refused.isError, true);
  assert.match(textOf(refused), /did not declare the sampling capability/);
  await plain.close();
});

Deno.test("generate_app does not sample by default when STACKFORGE_SAMPLING=off, but does when asked", async () => {
  const model = clientModel();
  const pipeline = await createPipeline({ env: { STACKFORGE_SAMPLING: "off" }, toolchain: {} });
  const h = await connect({ pipeline }, undefined, model.sample);
  const byDefault = await generate(h, { prompt: "a blog with comments" });
  assert.equal((byDefault.structuredContent as Out).provider, "offline");
  assert.equal(model.requests.length, 0);
  const asked = await generate(h, {
    prompt: "a blog with comments",
    options: { provider: "sampling" },
  });
  assert.equal((asked.structuredContent as Out).provider, "sampling");
  assert.equal(model.requests.length, 6);
  await h.close();
});

Deno.test("a refused sampling request fails the job at once with the client's reason", async () => {
  const requests: unknown[] = [];
  const h = await connect({}, undefined, (request) => {
    requests.push(request);
    return Promise.reject(new ProtocolError(-1, "User rejected sampling request"));
  });
  const result = await generate(h, { prompt: "a blog with comments" });
  const out = result.structuredContent as Out;
  assert.equal(result.isError, true);
  assert.equal(out.status, "failed");
  assert.match(out.reason ?? "", /refused the sampling request.*User rejected/);
  assert.equal(requests.length, 1, "a refusal is not retried");
  assert.equal((await h.deps.store.get(out.job_id))?.status, "failed");
  await h.close();
});

Deno.test("an answer cut at maxTokens is refused and the agent asks again", async () => {
  let cut = true;
  const model = clientModel((system, user) => {
    const answer = scriptedAnswer(system, user);
    if (answer.agent === "be_executor" && cut) {
      cut = false;
      return { text: answer.text.slice(0, 500), stopReason: "maxTokens" };
    }
    return answer;
  });
  const h = await connect({}, undefined, model.sample);
  const result = await generate(h, { prompt: "a blog with comments" });
  const out = result.structuredContent as Out;
  assert.equal(out.status, "succeeded", textOf(result));
  const backend = model.requests.filter((p) => p.systemPrompt?.includes("backend executor"));
  // The cut answer (not worth a repair), then the retried attempt.
  assert.equal(backend.length, 2);
  const record = await h.deps.store.get(out.job_id);
  assert.equal(record?.state?.attempts.be_executor, 2);
  await h.close();
});

Deno.test("cancelling generate_app cancels the pending sampling request and ends the job cancelled", async () => {
  let started: (signal: AbortSignal) => void;
  const asked = new Promise<AbortSignal>((resolve) => (started = resolve));
  const planner = clientModel();
  const h = await connect({}, undefined, (request, signal) => {
    // The planner answers; the executors' requests hang until cancelled.
    if (request.params.systemPrompt?.includes("the planner")) return planner.sample(request);
    started(signal);
    return new Promise<never>(() => {});
  });
  const controller = new AbortController();
  const call = h.client.callTool(
    { name: "generate_app", arguments: { prompt: "a blog with comments" } },
    { signal: controller.signal },
  );
  const clientSide = await asked;
  controller.abort();
  await assert.rejects(call);
  let status: string | undefined = "running";
  for (let i = 0; i < 200 && status === "running"; i++) {
    await new Promise((r) => setTimeout(r, 10));
    const [id] = await h.deps.store.list(1);
    status = id === undefined ? "running" : (await h.deps.store.get(id))?.status;
  }
  assert.equal(status, "cancelled");
  for (let i = 0; i < 200 && !clientSide.aborted; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(clientSide.aborted, true, "the client was told to stop sampling");
  await h.close();
});
