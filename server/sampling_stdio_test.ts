import assert from "node:assert/strict";
import {
  type CallToolResult,
  Client,
  type CreateMessageRequest,
} from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { scriptedAnswer } from "../tests/fixtures/openai_server.ts";

const MAIN = new URL("./main.ts", import.meta.url).pathname;

Deno.test("over stdio, a client that can sample runs generate_app on its own model", async () => {
  const jobsDir = Deno.makeTempDirSync();
  const env = Deno.env.toObject();
  for (
    const name of ["OPENAI_API_KEY", "STACKFORGE_PROVIDER", "STACKFORGE_SAMPLING", "REDIS_URL"]
  ) {
    delete env[name];
  }
  const client = new Client(
    { name: "sampling-client", version: "1.0.0" },
    { capabilities: { sampling: {} } },
  );
  const agents: string[] = [];
  client.setRequestHandler("sampling/createMessage", (request: CreateMessageRequest) => {
    const turns = request.params.messages as { role: string; content: { text?: string } }[];
    const user = turns.filter((m) => m.role === "user").map((m) => m.content.text ?? "").join("\n");
    const { agent, text } = scriptedAnswer(request.params.systemPrompt ?? "", user);
    agents.push(agent);
    return { role: "assistant", model: "stdio-client-model", content: { type: "text", text } };
  });
  await client.connect(
    new StdioClientTransport({
      command: Deno.execPath(),
      args: ["run", "-A", MAIN, "--stdio"],
      env: { ...env, STACKFORGE_JOBS_DIR: jobsDir, STACKFORGE_PYTHON: "/nonexistent" },
      stderr: "ignore",
    }),
  );
  try {
    const result = await client.callTool({
      name: "generate_app",
      arguments: { prompt: "a blog with comments" },
    }) as CallToolResult;
    const out = result.structuredContent as { status: string; provider: string; files: string[] };
    assert.equal(out.status, "succeeded");
    assert.equal(out.provider, "sampling");
    assert.deepEqual(
      [...new Set(agents)].sort(),
      ["be_executor", "fe_executor", "injection_classifier", "planner", "validator"],
    );
    assert.ok(out.files.includes("frontend/app/posts/[id]/page.tsx"));
  } finally {
    await client.close();
    Deno.removeSync(jobsDir, { recursive: true });
  }
});
