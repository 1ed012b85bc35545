import assert from "node:assert/strict";
import { connect } from "./_testing.ts";

const SNAPSHOT = new URL("../tests/fixtures/mcp/tools.snapshot.json", import.meta.url);

Deno.test("the tool list matches tests/fixtures/mcp/tools.snapshot.json (UPDATE_SNAPSHOTS=1 rewrites it)", async () => {
  const h = await connect();
  const { tools } = await h.client.listTools();
  await h.close();
  const actual = JSON.stringify(
    tools.map((t: Record<string, unknown>) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      annotations: t.annotations,
      inputSchema: t.inputSchema,
      outputSchema: t.outputSchema,
    })),
    null,
    2,
  ) + "\n";
  if (Deno.env.get("UPDATE_SNAPSHOTS") === "1") {
    Deno.writeTextFileSync(SNAPSHOT, actual);
    return;
  }
  let expected: string;
  try {
    expected = Deno.readTextFileSync(SNAPSHOT);
  } catch {
    throw new Error(`No snapshot at ${SNAPSHOT.pathname}: run with UPDATE_SNAPSHOTS=1`);
  }
  assert.deepEqual(
    JSON.parse(actual),
    JSON.parse(expected),
    "The MCP tool interface changed: if on purpose, rerun with UPDATE_SNAPSHOTS=1 and commit the diff",
  );
});
