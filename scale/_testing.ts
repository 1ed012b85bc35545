/**
 * Test helpers: a throwaway redis-server on a free loopback port, and job
 * messages.
 *
 * @module
 */
import { join } from "node:path";
import { DEFAULT_LIMITS } from "../core/budget.ts";
import { createJobState } from "../core/job_state.ts";
import type { JobMessage } from "../jobs/queue.ts";

/** Whether `redis-server` is on the PATH. */
export const HAS_REDIS = (() => {
  try {
    return new Deno.Command("redis-server", { args: ["--version"], stdout: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

/** The reason a Redis test is skipped. */
export const NO_REDIS = HAS_REDIS ? "" : " (skipped: redis-server is not installed)";

/** A free loopback TCP port. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** A running redis-server. */
export interface TestRedis {
  url: string;
  port: number;
  /** The redis-server process id (benchmarks read its CPU time). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` without persistence and waits until it answers.
 *
 * @param port The port (default: a free one).
 * @returns The server.
 */
export async function startRedis(port = freePort()): Promise<TestRedis> {
  const child = new Deno.Command("redis-server", {
    args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0; i < 100; i++) {
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      conn.close();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    async stop() {
      if (stopped) return;
      stopped = true;
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

const PROMPTS = [
  "a todo app where users manage their own todos",
  "a blog with posts and comments",
  "an inventory tracker for products and suppliers",
  "a recipe book with ingredients",
];

/**
 * @param root Folder holding each job's output folder.
 * @param i Picks one of a few prompts.
 * @returns A new job's message.
 */
export function testMessage(root: string, i: number): JobMessage {
  const jobId = crypto.randomUUID();
  return {
    state: createJobState({
      jobId,
      userId: "tester",
      prompt: PROMPTS[i % PROMPTS.length]!,
      provider: "offline",
      limits: DEFAULT_LIMITS,
      createdAt: "2026-01-01T00:00:00.000Z",
    }),
    outDir: join(root, jobId, "output"),
  };
}

/**
 * Hashes every file under a folder.
 *
 * @param dir The folder.
 * @returns Relative path → SHA-256 hex, sorted by path.
 */
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for await (const entry of Deno.readDir(join(dir, rel))) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(path);
      else {
        const bytes = await Deno.readFile(join(dir, path));
        const digest = await crypto.subtle.digest("SHA-256", bytes);
        out[path] = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0"))
          .join("");
      }
    }
  };
  await walk("");
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
