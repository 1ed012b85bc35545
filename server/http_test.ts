import assert from "node:assert/strict";
import {
  type CallToolResult,
  Client,
  type Progress,
  StreamableHTTPClientTransport,
} from "@modelcontextprotocol/client";
import { createServerDeps, type ServerDeps } from "./deps.ts";
import { createHttpHandler, type HttpHandler, type HttpHandlerOptions } from "./http.ts";
import { slowProvider, testPipeline } from "./_testing.ts";

const TOKEN = "s3cret-token-0123456789";
const ACCEPT = "application/json, text/event-stream";

async function setup(
  options: Partial<HttpHandlerOptions> = {},
  pipeline = testPipeline,
): Promise<{ handler: HttpHandler; deps: ServerDeps; close: () => void }> {
  const jobsDir = Deno.makeTempDirSync({ prefix: "stackforge-http-" });
  const deps = await createServerDeps({ jobsDir, pipeline });
  return {
    handler: createHttpHandler({ deps, ...options }),
    deps,
    close: () => Deno.removeSync(jobsDir, { recursive: true }),
  };
}

function post(
  handler: HttpHandler,
  body: unknown,
  headers: Record<string, string> = {},
  url = "http://127.0.0.1:8787/mcp",
): Promise<Response> {
  return handler(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: ACCEPT, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** The JSON-RPC messages of a response, whether JSON or an SSE stream. */
async function messages(res: Response): Promise<Record<string, unknown>[]> {
  const text = await res.text();
  if (!(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    return [JSON.parse(text)];
  }
  return text.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)));
}

const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  },
};

Deno.test("the HTTP handler answers initialize, tools/list and tools/call statelessly", async () => {
  const { handler, close } = await setup();
  const init = await post(handler, INIT);
  assert.equal(init.status, 200);
  const [initResult] = await messages(init);
  assert.equal(
    (initResult!.result as { serverInfo: { name: string } }).serverInfo.name,
    "stackforge",
  );
  assert.equal(init.headers.get("mcp-session-id"), null, "stateless: no session");
  const list = await messages(await post(handler, { jsonrpc: "2.0", id: 2, method: "tools/list" }));
  assert.deepEqual(
    (list[0]!.result as { tools: { name: string }[] }).tools.map((t) => t.name),
    [
      "generate_app",
      "refine_app",
      "regenerate_app",
      "get_spec",
      "review_risky",
      "list_jobs",
      "delete_job",
    ],
  );
  const call = await messages(
    await post(handler, {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: {
        name: "generate_app",
        arguments: { prompt: "a blog" },
        _meta: { progressToken: "p1" },
      },
    }),
  );
  const progress = call.filter((m) => m.method === "notifications/progress");
  assert.ok(progress.length > 5, "progress notifications arrive on the same stream");
  const result = call.at(-1)!.result as CallToolResult;
  assert.equal((result.structuredContent as { status: string }).status, "succeeded");
  close();
});

Deno.test("the HTTP handler serves the SDK's Streamable HTTP client, with progress", async () => {
  const { handler, close } = await setup();
  const client = new Client({ name: "sdk-client", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL("http://127.0.0.1:8787/mcp"), {
      fetch: (url: string | URL | Request, init?: RequestInit) => handler(new Request(url, init)),
    }),
  );
  const seen: number[] = [];
  const made = await client.callTool(
    { name: "generate_app", arguments: { prompt: "a recipe book" } },
    { onprogress: (p: Progress) => seen.push(p.progress) },
  );
  assert.deepEqual(seen, seen.map((_, i) => i + 1));
  const jobId = (made.structuredContent as { job_id: string }).job_id;
  const spec = await client.callTool({ name: "get_spec", arguments: { job_id: jobId } });
  assert.equal((spec.structuredContent as { status: string }).status, "succeeded");
  await client.close();
  close();
});

Deno.test("the HTTP handler blocks DNS rebinding: a foreign Host or Origin gets 403", async () => {
  const { handler, close } = await setup();
  const badHost = await post(handler, INIT, {}, "http://attacker.example:8787/mcp");
  assert.equal(badHost.status, 403);
  assert.match(
    ((await badHost.json()) as { error: { message: string } }).error.message,
    /^Forbidden: host "attacker.example" is not allowed$/,
  );
  for (const origin of ["http://attacker.example", "null", "http://127.0.0.1.attacker.example"]) {
    const res = await post(handler, INIT, { origin });
    assert.equal(res.status, 403, origin);
    await res.body?.cancel();
  }
  const local = await post(handler, INIT, { origin: "http://localhost:3000" });
  assert.equal(local.status, 200);
  await local.body?.cancel();
  close();
});

Deno.test("the HTTP handler requires the bearer token when one is set", async () => {
  const { handler, close } = await setup({ hostname: "0.0.0.0", token: TOKEN });
  const missing = await post(handler, INIT);
  assert.equal(missing.status, 401);
  assert.equal(missing.headers.get("www-authenticate"), 'Bearer realm="stackforge"');
  await missing.body?.cancel();
  const wrong = await post(handler, INIT, { authorization: `Bearer ${TOKEN}x` });
  assert.equal(wrong.status, 401);
  await wrong.body?.cancel();
  const right = await post(handler, INIT, { authorization: `Bearer ${TOKEN}` });
  assert.equal(right.status, 200);
  await right.body?.cancel();
  close();
});

Deno.test("a user's own token signs them in: they act as that user and see only their jobs", async (t) => {
  const users = [
    { user: "alice", token: "alice-token-0123456789" },
    { user: "bob", token: "bob-token-01234567890" },
  ];
  const { handler, close } = await setup({
    hostname: "0.0.0.0",
    token: TOKEN,
    users,
    metrics: () => Promise.resolve(new Response("metrics\n")),
  });
  let id = 10;
  const call = async (token: string, name: string, args: Record<string, unknown>) => {
    const res = await post(handler, {
      jsonrpc: "2.0",
      id: id++,
      method: "tools/call",
      params: { name, arguments: args },
    }, { authorization: `Bearer ${token}` });
    assert.equal(res.status, 200);
    return (await messages(res)).at(-1)!.result as CallToolResult;
  };
  const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;
  const readFile = async (token: string, uri: string) => {
    const res = await post(handler, {
      jsonrpc: "2.0",
      id: id++,
      method: "resources/read",
      params: { uri },
    }, { authorization: `Bearer ${token}` });
    return (await messages(res)).at(-1)!;
  };
  try {
    const made = await call("alice-token-0123456789", "generate_app", { prompt: "a blog" });
    const jobId = (made.structuredContent as { job_id: string }).job_id;
    const uri = `stackforge://jobs/${jobId}/SPEC.md`;

    await t.step("the job belongs to the signed-in user", async () => {
      const spec = await call("alice-token-0123456789", "get_spec", { job_id: jobId });
      assert.equal((spec.structuredContent as { status: string }).status, "succeeded");
      assert.ok("result" in await readFile("alice-token-0123456789", uri));
    });

    await t.step("a user_id naming someone else is refused", async () => {
      const other = await call("alice-token-0123456789", "generate_app", {
        prompt: "a blog",
        user_id: "bob",
      });
      assert.equal(other.isError, true);
      assert.match(
        text(other),
        /^user_id "bob" is not the signed-in user "alice": leave user_id out/,
      );
    });

    await t.step(
      "another user cannot see, review or read the job: it is unknown to them",
      async () => {
        for (const tool of ["get_spec", "review_risky"]) {
          const seen = await call("bob-token-01234567890", tool, { job_id: jobId });
          assert.equal(seen.isError, true, tool);
          assert.match(text(seen), new RegExp(`^Unknown job id "${jobId}"`), tool);
        }
        const read = await readFile("bob-token-01234567890", uri);
        assert.match((read.error as { message: string }).message, /Unknown job id/);
        const listed = (await messages(
          await post(handler, { jsonrpc: "2.0", id: id++, method: "resources/list" }, {
            authorization: "Bearer bob-token-01234567890",
          }),
        ))[0]!.result as { resources: { uri: string }[] };
        assert.deepEqual(listed.resources, []);
      },
    );

    await t.step(
      "the shared token names nobody: it declares a user and sees every job",
      async () => {
        const spec = await call(TOKEN, "get_spec", { job_id: jobId });
        assert.equal(spec.isError, undefined);
        const declared = await call(TOKEN, "generate_app", { prompt: "a blog", user_id: "carol" });
        assert.equal((declared.structuredContent as { status: string }).status, "succeeded");
      },
    );

    await t.step(
      "/metrics is the operator's: a user's token gets 403, the shared one 200",
      async () => {
        const get = (token: string) =>
          handler(
            new Request("http://127.0.0.1:8787/metrics", {
              headers: { authorization: `Bearer ${token}` },
            }),
          );
        const asUser = await get("alice-token-0123456789");
        assert.equal(asUser.status, 403);
        await asUser.body?.cancel();
        const asOperator = await get(TOKEN);
        assert.equal(asOperator.status, 200);
        assert.equal(await asOperator.text(), "metrics\n");
      },
    );

    await t.step("a token that is nobody's gets 401, naming where tokens come from", async () => {
      const res = await post(handler, INIT, { authorization: "Bearer carol-token-0123456789" });
      assert.equal(res.status, 401);
      assert.match(
        ((await res.json()) as { error: { message: string } }).error.message,
        /STACKFORGE_MCP_USERS/,
      );
    });
  } finally {
    close();
  }
});

Deno.test("createHttpHandler() refuses to expose the server beyond loopback without a token", async () => {
  const deps = await createServerDeps({ jobsDir: Deno.makeTempDirSync(), pipeline: testPipeline });
  assert.throws(
    () => createHttpHandler({ deps, hostname: "0.0.0.0" }),
    /^RangeError: Refusing to listen on "0.0.0.0" without a token/,
  );
  Deno.removeSync(deps.jobsDir, { recursive: true });
});

Deno.test("the HTTP handler refuses an oversized body with 413", async () => {
  const { handler, close } = await setup({ maxBodyBytes: 10_000 });
  const big = { ...INIT, params: { ...INIT.params, padding: "x".repeat(20_000) } };
  const declared = await post(handler, big);
  assert.equal(declared.status, 413);
  await declared.body?.cancel();
  const bytes = new TextEncoder().encode(JSON.stringify(big));
  const streamed = await handler(
    new Request("http://127.0.0.1:8787/mcp", {
      method: "POST",
      headers: { "content-type": "application/json", accept: ACCEPT },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1_000) {
            controller.enqueue(bytes.slice(i, i + 1_000));
          }
          controller.close();
        },
      }),
    }),
  );
  assert.equal(streamed.status, 413, "a body without Content-Length is counted too");
  await streamed.body?.cancel();
  close();
});

Deno.test("the HTTP handler survives 1,000 malformed requests and then serves a good one", async () => {
  const { handler, close } = await setup();
  const bad = [
    "{not json",
    "[]",
    '{"jsonrpc":"1.0","id":1,"method":"tools/list"}',
    '{"jsonrpc":"2.0","id":{},"method":42}',
    "null",
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_spec","arguments":"x"}}',
  ];
  const statuses = new Set<number>();
  for (let i = 0; i < 1_000; i++) {
    const res = await post(handler, bad[i % bad.length]!);
    statuses.add(res.status);
    await res.body?.cancel();
  }
  assert.ok(statuses.size > 0);
  const res = await post(handler, { jsonrpc: "2.0", id: 9, method: "tools/list" });
  assert.equal(res.status, 200);
  assert.equal(((await messages(res))[0]!.result as { tools: unknown[] }).tools.length, 7);
  close();
});

Deno.test("the HTTP handler answers GET /mcp with 405 and unknown paths with 404", async () => {
  const { handler, close } = await setup();
  const get = await handler(
    new Request("http://127.0.0.1:8787/mcp", { headers: { accept: ACCEPT } }),
  );
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "POST");
  await get.body?.cancel();
  const other = await handler(new Request("http://127.0.0.1:8787/admin", { method: "POST" }));
  assert.equal(other.status, 404);
  await other.body?.cancel();
  const health = await handler(new Request("http://localhost:8787/healthz"));
  assert.equal(await health.text(), "ok\n");
  close();
});

Deno.test("the HTTP handler answers 50 concurrent calls, each with its own result", async () => {
  const { handler, close } = await setup();
  const made = await messages(
    await post(handler, {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "generate_app", arguments: { prompt: "a blog" } },
    }),
  );
  const jobId = ((made.at(-1)!.result as CallToolResult).structuredContent as { job_id: string })
    .job_id;
  const answers = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
    const args = i % 2 === 0 ? { job_id: jobId } : { job_id: "nope" };
    const [m] = await messages(
      await post(handler, {
        jsonrpc: "2.0",
        id: 100 + i,
        method: "tools/call",
        params: { name: "get_spec", arguments: args },
      }),
    );
    return { i, id: m!.id, isError: (m!.result as CallToolResult).isError === true };
  }));
  for (const a of answers) {
    assert.equal(a.id, 100 + a.i);
    assert.equal(a.isError, a.i % 2 === 1);
  }
  close();
});

Deno.test("a client that disconnects mid-job cancels it and the server keeps serving", async () => {
  const slow = { ...testPipeline, provider: slowProvider(testPipeline.provider, 300) };
  const { handler, deps, close } = await setup({}, slow);
  const disconnect = new AbortController();
  const res = await handler(
    new Request("http://127.0.0.1:8787/mcp", {
      method: "POST",
      signal: disconnect.signal,
      headers: { "content-type": "application/json", accept: ACCEPT },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: {
          name: "generate_app",
          arguments: { prompt: "a blog" },
          _meta: { progressToken: 1 },
        },
      }),
    }),
  );
  const reader = res.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  const jobId = /job ([0-9a-f-]{36}) started/.exec(first)?.[1];
  assert.ok(jobId, first);
  disconnect.abort();
  await reader.cancel();
  let status = "running";
  for (let i = 0; i < 100 && status === "running"; i++) {
    await new Promise((r) => setTimeout(r, 20));
    status = (await deps.store.get(jobId))?.status ?? "missing";
  }
  assert.equal(status, "cancelled");
  const next = await post(handler, { jsonrpc: "2.0", id: 2, method: "ping" });
  assert.equal(next.status, 200);
  await next.body?.cancel();
  close();
});
