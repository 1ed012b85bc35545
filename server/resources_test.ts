import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "./_testing.ts";

Deno.test("job files are listed and read as stackforge://jobs/{job_id}/{path} resources", async () => {
  const h = await connect();
  const made = await h.client.callTool({ name: "generate_app", arguments: { prompt: "a blog" } });
  const jobId = (made.structuredContent as { job_id: string }).job_id;
  const templates = await h.client.listResourceTemplates();
  assert.deepEqual(templates.resourceTemplates.map((t: { uriTemplate: string }) => t.uriTemplate), [
    "stackforge://jobs/{job_id}/{+path}",
  ]);
  const { resources } = await h.client.listResources();
  const uri = `stackforge://jobs/${jobId}/backend/app/main.py`;
  assert.ok(
    resources.some((r: { uri: string; mimeType?: string }) =>
      r.uri === uri && r.mimeType === "text/x-python"
    ),
  );
  const read = await h.client.readResource({ uri });
  const content = read.contents[0] as { text: string; mimeType: string };
  assert.equal(
    content.text,
    Deno.readTextFileSync(join(h.deps.jobsDir, jobId, "output/backend/app/main.py")),
  );
  await h.close();
});

Deno.test("job file resources block path traversal and files outside the manifest", async () => {
  const h = await connect();
  const made = await h.client.callTool({ name: "generate_app", arguments: { prompt: "a blog" } });
  const jobId = (made.structuredContent as { job_id: string }).job_id;
  writeFileSync(join(h.deps.jobsDir, jobId, "secret.txt"), "do not serve");
  for (
    const path of [
      "../job.json",
      "../secret.txt",
      "%2e%2e/secret.txt",
      "backend/../../secret.txt",
      "/etc/passwd",
      "missing.txt",
    ]
  ) {
    await assert.rejects(
      () => h.client.readResource({ uri: `stackforge://jobs/${jobId}/${path}` }),
      /Unknown file|Invalid|not found/,
      path,
    );
  }
  await assert.rejects(
    () => h.client.readResource({ uri: "stackforge://jobs/..%2F..%2Fetc/passwd" }),
    /Invalid job id/,
  );
  await h.close();
});

Deno.test("the generate_app_from_description prompt asks for generate_app with the description", async () => {
  const h = await connect();
  const { prompts } = await h.client.listPrompts();
  assert.deepEqual(prompts.map((p: { name: string }) => p.name), ["generate_app_from_description"]);
  const prompt = await h.client.getPrompt({
    name: "generate_app_from_description",
    arguments: { description: "a recipe book" },
  });
  const text = (prompt.messages[0]!.content as { text: string }).text;
  assert.match(text, /Call the generate_app tool[\s\S]*a recipe book$/);
  await h.close();
});
