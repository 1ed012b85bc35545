/**
 * The MCP server over Streamable HTTP on a loopback port:
 * 1. `get_spec` calls per second with 16 concurrent clients, p50/p99 latency;
 * 2. 20 concurrent offline `generate_app` calls, all of which must succeed;
 * 3. RSS after 100 and after 1,000 jobs (`--rss`; takes about a minute), with
 *    the V8 heap's size from the server's `/metrics`, so growth of the heap
 *    (V8 sizing it to the allocation rate) and of other memory tell apart.
 *
 * The server runs `server/main.ts --http` in a child process on a free
 * loopback port, with the V8 flags of the `serve:http` task in deno.json;
 * `--v8-flags=X` runs it with X instead, `--v8-flags=` with none.
 * Run: `deno run -A bench/mcp.ts [--seconds 5] [--clients 16] [--rss] [--v8-flags=...]`.
 *
 * @module
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "5" },
    clients: { type: "string", default: "16" },
    rss: { type: "boolean", default: false },
    "v8-flags": { type: "string" },
  },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);

/** The V8 flags production runs with: those of the `serve:http` task. */
function taskV8Flags(): string {
  const config = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));
  const task: string = config.tasks?.["serve:http"] ?? "";
  return /--v8-flags=(\S+)/.exec(task)?.[1] ?? "";
}
const V8_FLAGS = values["v8-flags"] ?? taskV8Flags();

// The server runs in its own process, as in production, so the load
// generator does not share its event loop.
const jobsDir = Deno.makeTempDirSync({ prefix: "stackforge-bench-mcp-" });
const child = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "-A",
    "--unstable-no-legacy-abort",
    ...(V8_FLAGS ? [`--v8-flags=${V8_FLAGS}`] : []),
    new URL("../server/main.ts", import.meta.url).pathname,
    "--http",
    "--port",
    "0",
  ],
  env: { STACKFORGE_JOBS_DIR: jobsDir, RATE_LIMIT_REQUESTS_PER_MINUTE: "1000000" },
  stdin: "null",
  stdout: "null",
  stderr: "piped",
}).spawn();
const url = await (async () => {
  const lines = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (true) {
    const { done, value } = await lines.read();
    if (done) throw new Error(`The server stopped before listening: ${text}`);
    text += value;
    const match = /on (http:\/\/\S+\/mcp)/.exec(text);
    if (match) {
      // Keep draining stderr so the server never blocks on a full pipe.
      (async () => {
        while (!(await lines.read()).done);
      })();
      return match[1]!;
    }
  }
})();
/** CPU seconds the server process has used (user + system). */
const serverCpuSeconds = () => {
  const fields = Deno.readTextFileSync(`/proc/${child.pid}/stat`).split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks
};
const serverRssMb = () => {
  const status = Deno.readTextFileSync(`/proc/${child.pid}/status`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
};
/** The server's V8 heap, in MB, as its `/metrics` reports it (garbage not yet collected included). */
async function serverHeapMb(): Promise<{ total: number; used: number }> {
  const text = await (await fetch(url.replace(/\/mcp$/, "/metrics"))).text();
  const read = (name: string) =>
    Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN) / 1024 / 1024;
  return { total: read("nodejs_heap_size_total_bytes"), used: read("nodejs_heap_size_used_bytes") };
}

let id = 0;
async function call(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: ++id,
      method: "tools/call",
      params: { name, arguments: args },
    }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}: ${text}`);
  // A JSON body, or an SSE stream whose last event is the answer.
  const message = (res.headers.get("content-type") ?? "").includes("text/event-stream")
    ? JSON.parse(text.split("\n").filter((l) => l.startsWith("data: ")).at(-1)!.slice(6))
    : JSON.parse(text);
  if (message.error || message.result.isError) {
    throw new Error(`${name}: ${JSON.stringify(message.error ?? message.result.content)}`);
  }
  return message.result.structuredContent;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

// 1. get_spec throughput.
const jobId = (await call("generate_app", { prompt: "a blog with comments" })).job_id as string;
for (let i = 0; i < 200; i++) await call("get_spec", { job_id: jobId }); // warm-up
const latencies: number[] = [];
const cpuBefore = serverCpuSeconds();
const deadline = performance.now() + SECONDS * 1000;
const started = performance.now();
await Promise.all(Array.from({ length: CLIENTS }, async () => {
  while (performance.now() < deadline) {
    const t = performance.now();
    await call("get_spec", { job_id: jobId });
    latencies.push(performance.now() - t);
  }
}));
const elapsed = (performance.now() - started) / 1000;
const cpuPerCall = (serverCpuSeconds() - cpuBefore) / latencies.length * 1000;
latencies.sort((a, b) => a - b);
console.log(`get_spec over HTTP, ${CLIENTS} concurrent clients, ${SECONDS} s`);
console.log(
  `  ${latencies.length} calls, ${(latencies.length / elapsed).toFixed(0)} calls/s, p50 ${
    pct(latencies, 50).toFixed(2)
  } ms, p99 ${pct(latencies, 99).toFixed(2)} ms, max ${latencies.at(-1)!.toFixed(2)} ms`,
);
// Independent of other load on the machine: what one call costs the server.
console.log(
  `  server CPU ${cpuPerCall.toFixed(3)} ms per call (${
    (1000 / cpuPerCall).toFixed(0)
  } calls/s per core); load average ${
    Deno.loadavg()[0]!.toFixed(1)
  } on ${navigator.hardwareConcurrency} cores`,
);

// 2. Concurrent offline generate_app calls.
const t0 = performance.now();
const results = await Promise.allSettled(
  Array.from({ length: 20 }, (_, i) =>
    call("generate_app", {
      prompt: `a ${["blog", "todo list", "CRM", "recipe book", "library"][i % 5]} app number ${i}`,
      user_id: `user${i}`,
    })),
);
const ok = results.filter((r) => r.status === "fulfilled" && r.value.status === "succeeded");
console.log(
  `20 concurrent offline generate_app calls: ${ok.length}/20 succeeded in ${
    (performance.now() - t0).toFixed(0)
  } ms`,
);
for (const r of results) if (r.status === "rejected") console.log(`  ${r.reason}`);

// 3. Memory over many jobs.
if (values.rss) {
  const jobs = async (n: number) => {
    for (let i = 0; i < n; i += 4) {
      await Promise.all(
        [0, 1, 2, 3].map((k) => call("generate_app", { prompt: `a blog ${i + k}` })),
      );
    }
  };
  const memory = async () => ({ rss: serverRssMb(), heap: await serverHeapMb() });
  const show = (m: Awaited<ReturnType<typeof memory>>) =>
    `${m.rss.toFixed(1)} MB (V8 heap ${m.heap.total.toFixed(0)} MB, ${
      m.heap.used.toFixed(0)
    } MB used)`;
  await jobs(100);
  const after100 = await memory();
  const cpu100 = serverCpuSeconds();
  const t100 = performance.now();
  await jobs(900);
  const seconds900 = (performance.now() - t100) / 1000;
  const cpuPerJob = (serverCpuSeconds() - cpu100) / 900 * 1000;
  const after1000 = await memory();
  console.log(`server V8 flags: ${V8_FLAGS || "none"}`);
  console.log(`RSS after 100 jobs ${show(after100)}`);
  console.log(
    `RSS after 1,000 jobs ${show(after1000)} (${after1000.rss >= after100.rss ? "+" : ""}${
      (after1000.rss - after100.rss).toFixed(1)
    } MB)`,
  );
  console.log(
    `  jobs 101-1,000: ${(900 / seconds900).toFixed(1)} jobs/s, server CPU ${
      cpuPerJob.toFixed(1)
    } ms per job`,
  );
}

child.kill("SIGTERM");
await child.status;
Deno.removeSync(jobsDir, { recursive: true });
if (ok.length !== 20) Deno.exit(1);
