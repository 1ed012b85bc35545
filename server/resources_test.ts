import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Resource } from "@modelcontextprotocol/client";
import { connect, rpc, serveHttp } from "./_testing.ts";
import { RESOURCES_PAGE } from "./resources.ts";

const TOKEN = "operator-token-0123456789";
const USERS = [
  { user: "alice", token: "alice-token-0123456789" },
  { user: "bob", token: "bob-token-01234567890" },
];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

Deno.test("job files are listed and read as stackforge://jobs/{job_id}/{path} resources", async () => {
  const h = await connect();
  const made = await h.client.callTool({ name: "generate_app", arguments: { prompt: "a blog" } });
  const jobId = (made.structuredContent as { job_id: string }).job_id;
  const templates = await h.client.listResourceTemplates();
  assert.deepEqual(
    templates.resourceTemplates.map((t: { uriTemplate: string }) => t.uriTemplate).sort(),
    ["stackforge://jobs/{job_id}/", "stackforge://jobs/{job_id}/{+path}"],
  );
  const { resources } = await h.client.listResources();
  const uri = `stackforge://jobs/${jobId}/backend/app/main.py`;
  const main = resources.find((r: Resource) => r.uri === uri);
  assert.equal(main?.mimeType, "text/x-python");
  assert.match(
    main?.title ?? "",
    new RegExp(`^Job ${jobId.slice(0, 8)} \\(.+\\): backend/app/main\\.py$`),
  );
  const read = await h.client.readResource({ uri });
  const content = read.contents[0] as { text: string; mimeType: string };
  assert.equal(
    content.text,
    Deno.readTextFileSync(join(h.deps.jobsDir, jobId, "output/backend/app/main.py")),
  );
  await h.close();
});

Deno.test("resource URIs are valid URIs: a Next.js route's [id] is percent-encoded, and reads back", async () => {
  const h = await connect();
  const made = await h.client.callTool({ name: "generate_app", arguments: { prompt: "a blog" } });
  const out = made.structuredContent as { job_id: string; files: string[] };
  const route = out.files.find((f) => f.includes("[id]"))!;
  assert.ok(route, "the app has a dynamic route");
  const { resources } = await h.client.listResources();
  for (const r of resources) {
    assert.match(
      r.uri,
      /^stackforge:\/\/jobs\/[0-9a-f-]{36}\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*$/,
      r.uri,
    );
  }
  const listed = resources.find((r: Resource) => r.name === `${out.job_id.slice(0, 8)}/${route}`)!;
  assert.equal(
    listed.uri,
    `stackforge://jobs/${out.job_id}/${route.replaceAll("[", "%5B").replaceAll("]", "%5D")}`,
  );
  const read = await h.client.readResource({ uri: listed.uri });
  assert.equal(
    (read.contents[0] as { text: string }).text,
    Deno.readTextFileSync(join(h.deps.jobsDir, out.job_id, "output", route)),
  );
  await h.close();
});

Deno.test("a job's folder resource lists the URI of every file it holds", async () => {
  const h = await connect();
  const made = await h.client.callTool({ name: "generate_app", arguments: { prompt: "a blog" } });
  const out = made.structuredContent as { job_id: string; files: string[] };
  const { resources } = await h.client.listResources();
  const folder = resources.find((r: Resource) => r.uri === `stackforge://jobs/${out.job_id}/`);
  assert.equal(folder?.mimeType, "text/uri-list");
  assert.match(folder?.title ?? "", /folder, \d+ files$/);
  const read = await h.client.readResource({ uri: `stackforge://jobs/${out.job_id}/` });
  const lines = (read.contents[0] as { text: string }).text.split("\r\n");
  assert.deepEqual(
    lines.map(decodeURI),
    out.files.map((f) => `stackforge://jobs/${out.job_id}/${f}`),
  );
  await h.close();
});

Deno.test("resources/list pages with nextCursor, every item once, newest job first", async () => {
  const h = await serveHttp();
  const generate = async (prompt: string) => {
    const made = await rpc(h.handler, "tools/call", {
      name: "generate_app",
      arguments: { prompt },
    }, { tasks: false });
    return (made.result!.structuredContent as { job_id: string }).job_id;
  };
  try {
    const ids: string[] = [];
    for (
      const prompt of ["a blog with comments", "a small CRM to track contacts, companies and deals"]
    ) {
      ids.push(await generate(prompt));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await rpc(h.handler, "resources/list", cursor ? { cursor } : {});
      const resources = page.result!.resources as { uri: string }[];
      assert.ok(resources.length <= RESOURCES_PAGE);
      seen.push(...resources.map((r) => r.uri));
      cursor = page.result!.nextCursor as string | undefined;
      pages++;
      // A job started between pages neither repeats nor hides what is left.
      if (pages === 1) await generate("a todo list");
    } while (cursor !== undefined);
    assert.ok(pages >= 2, `${pages} page(s)`);
    assert.equal(new Set(seen).size, seen.length, "no item twice");
    const jobsInOrder = [...new Set(seen.map((u) => u.split("/")[3]))];
    assert.deepEqual(
      jobsInOrder,
      [...ids].reverse(),
      "newest first; the later job is not mixed in",
    );
    const bad = await rpc(h.handler, "resources/list", { cursor: "not-a-cursor" });
    assert.equal(bad.error?.code, -32602);
    assert.match(bad.error!.message, /Invalid cursor: pass the nextCursor of the previous page/);
  } finally {
    await h.close();
  }
});

Deno.test("the SDK client's listResources() walks every page", async () => {
  const h = await connect();
  for (
    const prompt of ["a blog with comments", "a small CRM to track contacts, companies and deals"]
  ) {
    await h.client.callTool({ name: "generate_app", arguments: { prompt } });
  }
  const { resources } = await h.client.listResources();
  assert.ok(resources.length > RESOURCES_PAGE, `${resources.length} resources`);
  await h.close();
});

Deno.test("resources/list is filtered per user before paging: another user's jobs never show or count", async () => {
  const h = await serveHttp({}, { hostname: "0.0.0.0", token: TOKEN, users: USERS });
  try {
    for (
      const prompt of ["a blog with comments", "a small CRM to track contacts, companies and deals"]
    ) {
      await rpc(h.handler, "tools/call", { name: "generate_app", arguments: { prompt } }, {
        tasks: false,
        headers: bearer(USERS[0]!.token),
      });
    }
    const bobs = await rpc(h.handler, "tools/call", {
      name: "generate_app",
      arguments: { prompt: "a todo list" },
    }, { tasks: false, headers: bearer(USERS[1]!.token) });
    const bobJob = (bobs.result!.structuredContent as { job_id: string }).job_id;
    const list = async (token: string) => {
      const uris: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await rpc(h.handler, "resources/list", cursor ? { cursor } : {}, {
          headers: bearer(token),
        });
        assert.equal(page.error, undefined, JSON.stringify(page.error));
        const resources = page.result!.resources as { uri: string }[];
        uris.push(...resources.map((r) => r.uri));
        cursor = page.result!.nextCursor as string | undefined;
        // A full page only while more of the caller's own items remain.
        if (cursor !== undefined) assert.equal(resources.length, RESOURCES_PAGE);
      } while (cursor);
      return uris;
    };
    const bob = await list(USERS[1]!.token);
    assert.ok(bob.length > 0 && bob.length < RESOURCES_PAGE, `${bob.length} items on one page`);
    assert.ok(bob.every((u) => u.startsWith(`stackforge://jobs/${bobJob}/`)));
    const alice = await list(USERS[0]!.token);
    assert.ok(alice.length > RESOURCES_PAGE, "alice's two jobs take two pages");
    assert.ok(!alice.some((u) => u.includes(bobJob)));
    const operator = await list(TOKEN);
    assert.equal(operator.length, alice.length + bob.length, "the operator sees every job");
  } finally {
    await h.close();
  }
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
