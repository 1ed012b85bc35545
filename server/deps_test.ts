import assert from "node:assert/strict";
import { createServerDeps } from "./deps.ts";

Deno.test("createServerDeps() shares one resident python3 between the pipelines of every provider", async () => {
  const jobsDir = Deno.makeTempDirSync();
  const deps = await createServerDeps({
    jobsDir,
    residentPython: true,
    toolchain: { python: "/usr/bin/python3" },
    env: { STACKFORGE_PROVIDER: "offline", OPENAI_API_KEY: "sk-test" },
  });
  try {
    const openai = await deps.pipelineFor!("openai");
    assert.equal(openai.provider.name, "openai");
    const parser = (await deps.pipeline.toolchain()).pythonParser;
    assert.ok(parser !== undefined, "the server's pipeline keeps python3 running");
    assert.equal((await openai.toolchain()).pythonParser, parser);
  } finally {
    await deps.pipeline.close();
    Deno.removeSync(jobsDir, { recursive: true });
  }
});
