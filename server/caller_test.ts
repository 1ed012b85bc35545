import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { riskyProvider, rpc, serveHttp, testPipeline } from "./_testing.ts";
import type { HttpHandler } from "./http.ts";

const TOKEN = "operator-token-0123456789";
const USERS = [
  { user: "alice", token: "alice-token-0123456789" },
  { user: "bob", token: "bob-token-01234567890" },
];
const risky = { ...testPipeline, provider: riskyProvider(testPipeline.provider) };
const bearer = (token?: string): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

type Result = {
  isError?: boolean;
  content: { text?: string }[];
  structuredContent?: Record<string, unknown>;
};

async function call(
  handler: HttpHandler,
  name: string,
  args: Record<string, unknown>,
  token?: string,
): Promise<Result> {
  const answer = await rpc(handler, "tools/call", { name, arguments: args }, {
    tasks: false,
    headers: bearer(token),
  });
  assert.equal(answer.error, undefined, JSON.stringify(answer.error));
  return answer.result as unknown as Result;
}

async function heldJob(handler: HttpHandler, token?: string): Promise<string> {
  const made = await call(handler, "generate_app", {
    prompt: "a blog with comments",
    options: { require_review: true },
  }, token);
  assert.equal(made.structuredContent?.status, "awaiting_review");
  return String(made.structuredContent!.job_id);
}

const approve = { path: "backend/app/main.py", decision: "approve" };

Deno.test("approving held files over HTTP needs the operator's token: a user's own token is refused", async () => {
  const h = await serveHttp({ pipeline: risky }, {
    hostname: "0.0.0.0",
    token: TOKEN,
    users: USERS,
  });
  try {
    const jobId = await heldJob(h.handler, USERS[0]!.token);
    const refused = await call(h.handler, "review_risky", {
      job_id: jobId,
      decisions: [approve],
    }, USERS[0]!.token);
    assert.equal(refused.isError, true);
    assert.match(
      refused.content[0]!.text!,
      /^Cannot approve "backend\/app\/main\.py": approving held files needs the operator's token \(STACKFORGE_MCP_TOKEN\), or STACKFORGE_MCP_USERS_MAY_APPROVE=true/,
    );
    assert.equal(existsSync(join(h.deps.jobsDir, jobId, "output/backend/app/main.py")), false);
    const listed = await call(h.handler, "review_risky", { job_id: jobId }, USERS[0]!.token);
    const held = listed.structuredContent?.held_for_review as string[];
    assert.ok(held.includes("backend/app/main.py"));
    const byOperator = await call(h.handler, "review_risky", {
      job_id: jobId,
      decisions: held.map((path) => ({ path, decision: "approve" })),
    }, TOKEN);
    assert.equal(byOperator.structuredContent?.status, "succeeded");
    assert.ok(existsSync(join(h.deps.jobsDir, jobId, "output/backend/app/main.py")));
  } finally {
    await h.close();
  }
});

Deno.test("a user's own token may reject held files, and approve them when STACKFORGE_MCP_USERS_MAY_APPROVE=true", async () => {
  const h = await serveHttp(
    { pipeline: risky, settings: { usersMayApprove: true } },
    { hostname: "0.0.0.0", token: TOKEN, users: USERS },
  );
  try {
    const rejected = await heldJob(h.handler, USERS[0]!.token);
    const dropped = await call(h.handler, "review_risky", {
      job_id: rejected,
      decisions: [{ path: "backend/app/main.py", decision: "reject" }],
    }, USERS[0]!.token);
    assert.deepEqual(dropped.structuredContent?.dropped, ["backend/app/main.py"]);
    assert.equal(existsSync(join(h.deps.jobsDir, rejected, "output/backend/app/main.py")), false);
    const approved = await heldJob(h.handler, USERS[0]!.token);
    const written = await call(h.handler, "review_risky", {
      job_id: approved,
      decisions: [approve],
    }, USERS[0]!.token);
    assert.deepEqual(written.structuredContent?.written, ["backend/app/main.py"]);
    assert.ok(existsSync(join(h.deps.jobsDir, approved, "output/backend/app/main.py")));
  } finally {
    await h.close();
  }
});

Deno.test("without any token (loopback only), approving over HTTP is refused; `deno task review` is the way", async () => {
  const h = await serveHttp({ pipeline: risky });
  try {
    const jobId = await heldJob(h.handler);
    const refused = await call(h.handler, "review_risky", { job_id: jobId, decisions: [approve] });
    assert.equal(refused.isError, true);
    assert.match(
      refused.content[0]!.text!,
      /approving held files over HTTP needs the operator's token \(STACKFORGE_MCP_TOKEN\); reject them, or approve on the server with `deno task review <job_id>`$/,
    );
  } finally {
    await h.close();
  }
});

Deno.test("with the shared token, user_id is only a label: it neither hides jobs nor reveals them", async () => {
  const h = await serveHttp({}, { hostname: "0.0.0.0", token: TOKEN });
  try {
    const made = await call(h.handler, "generate_app", { prompt: "a blog", user_id: "ada" }, TOKEN);
    const jobId = String(made.structuredContent!.job_id);
    assert.equal((await h.deps.store.get(jobId))?.userId, "ada", "charged to the label");
    // get_spec takes no user_id: what the shared token sees does not depend on a name.
    const spec = await call(h.handler, "get_spec", { job_id: jobId }, TOKEN);
    assert.equal(spec.structuredContent?.status, "succeeded");
    const listed = await call(h.handler, "list_jobs", {}, TOKEN);
    assert.deepEqual(
      (listed.structuredContent!.jobs as { job_id: string }[]).map((j) => j.job_id),
      [jobId],
    );
    const unknownArgument = await call(h.handler, "list_jobs", { user_id: "ada" }, TOKEN);
    assert.equal(unknownArgument.isError, true, "list_jobs cannot be steered by a user_id");
  } finally {
    await h.close();
  }
});

Deno.test("with a user's own token, results carry no absolute server paths", async () => {
  const h = await serveHttp({}, { hostname: "0.0.0.0", token: TOKEN, users: USERS });
  try {
    const mine = await call(h.handler, "generate_app", { prompt: "a blog" }, USERS[0]!.token);
    assert.equal(mine.structuredContent?.output_path, undefined);
    assert.ok(!JSON.stringify(mine).includes(h.deps.jobsDir));
    const operator = await call(h.handler, "generate_app", { prompt: "a blog" }, TOKEN);
    assert.equal(
      operator.structuredContent?.output_path,
      join(h.deps.jobsDir, String(operator.structuredContent!.job_id), "output"),
    );
  } finally {
    await h.close();
  }
});
