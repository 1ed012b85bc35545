/**
 * Overhead of observability on an offline job: the same jobs run with no
 * listener, with metrics, with tracing exported to a loopback OTLP/HTTP
 * receiver (in this process, so its work counts too), and with metrics,
 * tracing and debug-level logs together. Modes are interleaved round by round
 * so drift hits them alike; the median and mean per mode are printed with the
 * overhead relative to no listener, and the median of per-round ratios
 * ("paired", the least noisy). The time spent inside the listeners, on the
 * job's path, is measured too (target for both: at most 5% of job time).
 *
 * Run: `deno run -A bench/observability.ts [jobs per mode, default 60]`.
 *
 * @module
 */
import { createPipeline, generateApp } from "../pipeline/generate.ts";
import type { EventListener } from "../core/events.ts";
import { detectToolchain } from "../pipeline/agents/validator/toolchain.ts";
import { createLogger, createMetrics, createTracing } from "../observability/mod.ts";
import { PROMPTS } from "../tests/helpers.ts";

const JOBS = Math.max(50, Number(Deno.args[0] ?? 60));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const pipeline = await createPipeline({
  toolchain: await detectToolchain(Deno.env.get("STACKFORGE_PYTHON")),
});
// A loopback OTLP/HTTP receiver that parses each batch, as a collector would.
let spansReceived = 0;
const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
  const body = await req.json();
  for (const rs of body.resourceSpans ?? []) {
    for (const ss of rs.scopeSpans ?? []) spansReceived += ss.spans?.length ?? 0;
  }
  return Response.json({});
});
const receiver = { url: `http://127.0.0.1:${server.addr.port}` };
const metrics = createMetrics();
const tracing = await createTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
let logBytes = 0;
const logger = createLogger({ level: "debug", write: (line) => logBytes += line.length });
// Time spent inside the listeners, on the job's path (export runs in the background).
const inListeners = { metrics: 0, tracing: 0, logs: 0, events: 0 };
const timed =
  (key: "metrics" | "tracing" | "logs", listener: EventListener) =>
  (e: Parameters<EventListener>[0]) => {
    const t0 = performance.now();
    listener(e);
    inListeners[key] += performance.now() - t0;
  };
const timedAll = [
  timed("metrics", metrics.listener),
  timed("tracing", tracing.listener),
  timed("logs", logger.listener),
];
const all: EventListener = (e) => {
  inListeners.events++;
  for (const listener of timedAll) listener(e);
};
const modes: [string, EventListener | undefined][] = [
  ["none", undefined],
  ["metrics", metrics.listener],
  ["tracing (OTLP loopback)", tracing.listener],
  ["metrics + tracing + logs", all],
];

const root = Deno.makeTempDirSync({ prefix: "stackforge-bench-obs-" });
let n = 0;
const job = async (prompt: string, onEvent: EventListener | undefined) => {
  const outDir = `${root}/${n++}`;
  const started = performance.now();
  const result = await generateApp(prompt, { pipeline, outDir, ...(onEvent ? { onEvent } : {}) });
  const ms = performance.now() - started;
  if (result.status !== "succeeded" && result.status !== "partial") {
    throw new Error(`${prompt}: ${result.reason}`);
  }
  Deno.removeSync(outDir, { recursive: true });
  return ms;
};

for (const fixture of PROMPTS) {
  for (const [, listener] of modes) await job(fixture.prompt, listener);
}
const times = new Map<string, number[]>(modes.map(([name]) => [name, []]));
for (let i = 0; i < JOBS; i++) {
  const prompt = PROMPTS[i % PROMPTS.length]!.prompt;
  // Rotate the order so no mode always runs first in a round.
  for (let k = 0; k < modes.length; k++) {
    const [name, listener] = modes[(i + k) % modes.length]!;
    times.get(name)!.push(await job(prompt, listener));
  }
}
await tracing.shutdown();
const scrapeStarted = performance.now();
const scrape = await metrics.registry.metrics();
const scrapeMs = performance.now() - scrapeStarted;
await server.shutdown();
Deno.removeSync(root, { recursive: true });

const base = times.get("none")!;
console.log(`Offline job with observability listeners, ${JOBS} jobs per mode (ms)`);
console.log(
  `${"mode".padEnd(26)}${"median".padStart(9)}${"mean".padStart(9)}${"Δ median".padStart(10)}${
    "Δ mean".padStart(9) + "Δ paired".padStart(10)
  }`,
);
for (const [name] of modes) {
  const xs = times.get(name)!;
  const pct = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(1)}%`;
  console.log(
    `${name.padEnd(26)}${median(xs).toFixed(1).padStart(9)}${mean(xs).toFixed(1).padStart(9)}${
      pct(median(xs), median(base)).padStart(10)
    }${pct(mean(xs), mean(base)).padStart(9)}${
      `${((median(xs.map((x, i) => x / base[i]!)) - 1) * 100).toFixed(1)}%`.padStart(10)
    }`,
  );
}
console.log(
  `spans received: ${spansReceived}; log bytes: ${logBytes}; ` +
    `one scrape: ${scrapeMs.toFixed(1)} ms, ${scrape.length} bytes`,
);
const allMs = times.get("metrics + tracing + logs")!;
console.log(
  `in-listener time per job (all three): metrics ${(inListeners.metrics / JOBS).toFixed(3)} ms, ` +
    `tracing ${(inListeners.tracing / JOBS).toFixed(3)} ms, logs ${
      (inListeners.logs / JOBS).toFixed(3)
    } ms ` +
    `over ${(inListeners.events / JOBS).toFixed(0)} events = ${
      ((inListeners.metrics + inListeners.tracing + inListeners.logs) / JOBS / median(allMs) * 100)
        .toFixed(2)
    }% of the median job`,
);
