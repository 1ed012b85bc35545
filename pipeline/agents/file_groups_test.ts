import assert from "node:assert/strict";
import { createPromptIntegrity } from "../../guardrails/integrity.ts";
import { PROMPTS } from "../../prompts/mod.ts";
import { blogSpec, todoSpec } from "../../tests/fixtures/sample_specs.ts";
import { DEFAULT_LIMITS } from "../../core/budget.ts";
import { createEventBus } from "../../core/events.ts";
import { runExecutor } from "./executor.ts";
import { DEFAULT_ANSWER_TOKENS } from "../../core/provider.ts";
import { pageFilePath } from "../../core/routes.ts";
import { ownerOf, planFileGroups } from "./file_groups.ts";
import { createJobState, parseJobState } from "../../core/job_state.ts";
import { renderBackend } from "../../generator/backend/mod.ts";
import { renderFrontend } from "../../generator/frontend/mod.ts";
import type { ModelProvider, ModelRequest } from "../../core/provider.ts";
import type { Spec } from "../../core/spec.ts";
import { PlannerAnswerSchema } from "../../core/answers.ts";
import { completeSpec } from "../../core/routes.ts";

/** A spec with many entities, too big for one answer of either executor. */
const bigSpec: Spec = {
  ...blogSpec,
  entities: ["Post", "Comment", "Tag", "Author", "Series"].map((name, i) => ({
    ...blogSpec.entities[0]!,
    name,
    plural: `${name.toLowerCase()}s${i}`,
  })),
};

Deno.test("without an answer limit an executor writes everything in one answer", () => {
  for (const agent of ["fe_executor", "be_executor"] as const) {
    const groups = planFileGroups(agent, blogSpec, undefined);
    assert.equal(groups.length, 1);
    assert.ok(groups[0]!.owns("frontend/anything.ts"));
  }
});

Deno.test("file groups own every path exactly once and stay under the answer limit", () => {
  for (const spec of [blogSpec, todoSpec, bigSpec]) {
    for (const agent of ["fe_executor", "be_executor"] as const) {
      const groups = planFileGroups(agent, spec, DEFAULT_ANSWER_TOKENS);
      const files = agent === "fe_executor" ? renderFrontend(spec) : renderBackend(spec);
      for (const file of files) {
        const owners = groups.filter((g) => g.owns(file.path));
        assert.equal(owners.length, 1, `${file.path}: ${owners.map((g) => g.name)}`);
      }
      for (const group of groups) {
        assert.equal(group.parts, groups.length);
        assert.ok(groups.length === 1 || group.estimate <= DEFAULT_ANSWER_TOKENS, group.name);
      }
    }
  }
  const pages = planFileGroups("fe_executor", blogSpec, DEFAULT_ANSWER_TOKENS);
  assert.deepEqual(pages.map((g) => g.name), ["shared-and-pages-1", "pages-2"]);
  assert.deepEqual(
    pages.flatMap((g) => g.files).sort(),
    blogSpec.pages.map((p) => pageFilePath(p.route)).sort(),
    "every page file is named in exactly one group",
  );
  assert.equal(ownerOf(pages, "frontend/lib/api.ts").name, "shared-and-pages-1");
  const backend = planFileGroups("be_executor", bigSpec, 8_000);
  assert.deepEqual(backend.map((g) => g.name), ["app", "tests"]);
  assert.equal(ownerOf(backend, "backend/tests/test_posts.py").name, "tests");
  assert.equal(ownerOf(backend, "backend/conftest.py").name, "tests");
  assert.equal(ownerOf(backend, "backend/app/main.py").name, "app");
  assert.equal(planFileGroups("be_executor", blogSpec, DEFAULT_ANSWER_TOKENS).length, 1);
  assert.equal(planFileGroups("be_executor", bigSpec, DEFAULT_ANSWER_TOKENS).length, 1);
});

Deno.test("file groups are balanced by the sizes of recorded answers: no tiny last group", () => {
  // The recorded poll app: 7 pages whose detail pages with children are the largest.
  const poll = recordedSpec("poll-app", 6);
  const groups = planFileGroups("fe_executor", poll, DEFAULT_ANSWER_TOKENS);
  assert.equal(groups.length, 2);
  const [a, b] = groups.map((g) => g.estimate) as [number, number];
  assert.ok(Math.min(a, b) / Math.max(a, b) > 0.75, `${a} and ${b}`);
  // Measured: 15,328 output tokens in all for the recorded answers; the estimates cover them.
  assert.ok(a + b >= 15_328 && a + b <= 15_328 * 1.3, `${a + b}`);
  assert.deepEqual(groups[1]!.others, groups[0]!.files, "each part knows the other parts' pages");
  assert.equal(planFileGroups("be_executor", poll, DEFAULT_ANSWER_TOKENS).length, 1);
});

/** The spec a recorded planner answer becomes. */
function recordedSpec(name: string, n: number): Spec {
  const url = new URL(
    `../../tests/fixtures/recordings/${name}/ans-${String(n).padStart(4, "0")}.json`,
    import.meta.url,
  );
  const { endpoints: _e, pages: _p, ...base } = PlannerAnswerSchema.parse(
    JSON.parse(Deno.readTextFileSync(url)),
  );
  return completeSpec(base);
}

/** A metered model that answers each frontend group with that group's files. */
function groupedModel(
  mutate?: (group: string, call: number) => { path: string; content: string }[] | undefined,
) {
  const asked: { group: string; maxOutputTokens: number; user: string }[] = [];
  let inFlight = 0;
  let peak = 0;
  const groups = planFileGroups("fe_executor", blogSpec, DEFAULT_ANSWER_TOKENS);
  const provider: ModelProvider = {
    name: "grouped",
    metered: true,
    answerTokens: DEFAULT_ANSWER_TOKENS,
    modelFor: () => "m",
    priceOf: () => undefined,
    countTokens: () => 1_000,
    async complete(request: ModelRequest) {
      const user = request.messages.at(-1)!.content;
      const group = /^File group: (\S+)/m.exec(user)?.[1] ?? "all";
      asked.push({ group, maxOutputTokens: request.maxOutputTokens, user });
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const mine = groups.find((g) => g.name === group)!;
      const files = mutate?.(group, asked.length) ??
        renderFrontend(blogSpec).filter((f) => mine.owns(f.path));
      return {
        output: { tool_calls: files.map((f) => ({ name: "file_writer", arguments: f })) },
        usage: { inputTokens: 1_000, outputTokens: 2_000, cachedTokens: 0 },
        model: "m",
      };
    },
  };
  return { provider, asked, peak: () => peak };
}

function setup(provider: ModelProvider) {
  const state = createJobState({
    jobId: "j",
    userId: "u",
    prompt: "a blog with comments",
    provider: provider.name,
    limits: DEFAULT_LIMITS,
    createdAt: "2026-01-01T00:00:00.000Z",
  });
  state.spec = blogSpec;
  const deps = {
    provider,
    integrity: createPromptIntegrity(PROMPTS),
    bus: createEventBus(),
    now: () => performance.now(),
  };
  return { run: { state }, deps };
}

Deno.test("an executor asks for its file groups at once, sharing the agent's budget", async () => {
  const model = groupedModel();
  const { run, deps } = setup(model.provider);
  const files = await runExecutor(run, deps, "fe_executor");
  assert.deepEqual(model.asked.map((a) => a.group).sort(), ["pages-2", "shared-and-pages-1"]);
  assert.equal(model.peak(), 2, "both groups were in flight together");
  const reserved = model.asked.reduce((sum, a) => sum + a.maxOutputTokens + 1_000, 0);
  assert.ok(reserved <= DEFAULT_LIMITS.agentTokens.fe_executor, `reserved ${reserved}`);
  for (const a of model.asked) {
    assert.match(a.user, new RegExp(`at most ${a.maxOutputTokens.toLocaleString("en-US")} tokens`));
  }
  assert.deepEqual(files.map((f) => f.path), renderFrontend(blogSpec).map((f) => f.path).sort());
  assert.equal(run.state.ledger.fe_executor.calls, 2);
});

Deno.test("a retry asks again only for the groups its findings name and keeps the other files", async () => {
  const model = groupedModel((group, call) =>
    call > 2 && group === "pages-2"
      ? [{ path: "frontend/app/comments/page.tsx", content: "export default function P() {}\n" }]
      : undefined
  );
  const { run, deps } = setup(model.provider);
  run.state.frontend = await runExecutor(run, deps, "fe_executor");
  run.state.findings = [{
    agent: "fe_executor",
    severity: "error",
    check: "api_calls",
    message: "The comments list calls no endpoint",
    file: "app/comments/page.tsx",
  }];
  const files = await runExecutor(run, deps, "fe_executor");
  assert.deepEqual(model.asked.slice(2).map((a) => a.group), ["pages-2"]);
  assert.match(model.asked[2]!.user, /The comments list calls no endpoint/);
  assert.equal(files.length, run.state.frontend.length, "no file lost");
  assert.equal(
    files.find((f) => f.path === "frontend/app/comments/page.tsx")?.content,
    "export default function P() {}\n",
  );
  assert.deepEqual(
    files.find((f) => f.path === "frontend/lib/api.ts"),
    run.state.frontend.find((f) => f.path === "frontend/lib/api.ts"),
  );
});

Deno.test("two groups writing the same file fail the attempt", async () => {
  const model = groupedModel(() => [{ path: "frontend/lib/api.ts", content: "x" }]);
  const { run, deps } = setup(model.provider);
  await assert.rejects(runExecutor(run, deps, "fe_executor"), /twice in one attempt/);
});

Deno.test("groups that succeeded in a failed attempt are kept and not asked for again", async () => {
  const model = groupedModel((group, call) =>
    group === "pages-2" && call <= 2
      ? [{ path: "../../etc/passwd", content: "x" }] // refused by the path check
      : undefined
  );
  const { run, deps } = setup(model.provider);
  await assert.rejects(runExecutor(run, deps, "fe_executor"), /etc\/passwd/);
  assert.deepEqual(run.state.partial?.fe_executor?.map((p) => p.group), ["shared-and-pages-1"]);
  const roundTrip = parseJobState(JSON.stringify(run.state));
  assert.deepEqual(roundTrip.partial, run.state.partial, "a resumed job keeps them");
  const files = await runExecutor(run, deps, "fe_executor");
  assert.deepEqual(model.asked.map((a) => a.group).slice(2), ["pages-2"]);
  assert.deepEqual(files.map((f) => f.path), renderFrontend(blogSpec).map((f) => f.path).sort());
  assert.equal(run.state.partial?.fe_executor, undefined, "cleared once the attempt succeeds");
});
