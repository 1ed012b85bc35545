/**
 * `deno task review <job_id>`: lists the files the human review gate held for
 * a job, and approves or rejects them. It drives the same `review_risky` tool
 * an MCP client calls, in-process, so both paths apply decisions the same way.
 *
 * ```
 * deno task review 3f0c…            # list the findings
 * deno task review 3f0c… --approve backend/app/main.py --reject all
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createStackforgeServer } from "./create_server.ts";
import { createServerDeps } from "./deps.ts";

const HELP = `Usage: deno task review <job_id> [--approve PATH|all]... [--reject PATH|all]...

Without decisions, lists the risky findings of the job and the files held for review.
--approve and --reject take a held file's path, or "all" for every held file.
Jobs are read from STACKFORGE_JOBS_DIR (default .stackforge/jobs), or --jobs-dir DIR.

Exit codes: 0 done (or nothing held), 1 files still wait for a decision, 2 bad input.`;

/**
 * Runs the command.
 *
 * @param args Arguments after the command name.
 * @param io Output and environment (injectable for tests).
 * @returns The exit code.
 */
export async function main(
  args: string[],
  io: {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    env: Record<string, string | undefined>;
  },
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        approve: { type: "string", multiple: true, default: [] },
        reject: { type: "string", multiple: true, default: [] },
        "jobs-dir": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}; see --help\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP + "\n");
    return 0;
  }
  const jobId = positionals[0];
  if (jobId === undefined || positionals.length > 1) {
    io.stderr("error: give one job id, e.g. deno task review 3f0c2a1e-…; see --help\n");
    return 2;
  }
  const deps = await createServerDeps({
    env: io.env,
    toolchain: {},
    ...(values["jobs-dir"] ? { jobsDir: values["jobs-dir"] } : {}),
  });
  const server = createStackforgeServer(deps);
  const client = new Client({ name: "stackforge-review", version: "1.0.0" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  try {
    const call = async (decisions?: { path: string; decision: "approve" | "reject" }[]) =>
      await client.callTool({
        name: "review_risky",
        arguments: { job_id: jobId, ...(decisions ? { decisions } : {}) },
      }) as CallToolResult;
    let result = await call();
    const wanted = [
      ...values.approve.map((path) => ({ path, decision: "approve" as const })),
      ...values.reject.map((path) => ({ path, decision: "reject" as const })),
    ];
    if (!result.isError && wanted.length > 0) {
      const held = (result.structuredContent?.held_for_review ?? []) as string[];
      // "all" applies to every held file; a path named explicitly wins over it.
      const byPath = new Map<string, "approve" | "reject">();
      for (const d of wanted) {
        if (d.path === "all") { for (const p of held) byPath.set(p, d.decision); }
      }
      for (const d of wanted) if (d.path !== "all") byPath.set(d.path, d.decision);
      result = await call([...byPath].map(([path, decision]) => ({ path, decision })));
    }
    const text = result.content.map((c: { type: string; text?: string }) =>
      c.type === "text" ? c.text ?? "" : ""
    ).join("\n");
    if (result.isError) {
      io.stderr(`error: ${text}\n`);
      return 2;
    }
    io.stdout(text + "\n");
    const stillHeld = (result.structuredContent?.held_for_review ?? []) as string[];
    return stillHeld.length > 0 ? 1 : 0;
  } finally {
    await client.close();
    await server.close();
  }
}

if (import.meta.main) {
  Deno.exit(
    await main(Deno.args, {
      stdout: (text) => Deno.stdout.writeSync(new TextEncoder().encode(text)),
      stderr: (text) => Deno.stderr.writeSync(new TextEncoder().encode(text)),
      env: Deno.env.toObject(),
    }),
  );
}
