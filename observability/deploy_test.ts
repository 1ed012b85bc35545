import assert from "node:assert/strict";
import { createMetrics } from "./metrics.ts";

const DEPLOY = new URL("../deploy/", import.meta.url);
const KEYWORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "bool",
  "offset",
  "and",
  "or",
  "unless",
  "inf",
  "nan",
]);

/** The metric names a PromQL expression reads. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // strings
    .replace(/\{[^}]*\}/g, "") // label matchers
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "") // label lists
    .replace(/\[[^\]]*\]/g, ""); // ranges
  const names = new Set<string>();
  for (const m of bare.matchAll(/(?<![\w.])([A-Za-z_:][A-Za-z0-9_:]*)\s*(\()?/g)) {
    if (m[2] !== undefined || KEYWORDS.has(m[1]!.toLowerCase())) continue;
    names.add(m[1]!);
  }
  return [...names];
}

/** Every series name the registry can expose, histogram suffixes included. */
async function exposedNames(): Promise<Set<string>> {
  const metrics = createMetrics();
  const names = new Set<string>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === "histogram") {
      for (const suffix of ["_bucket", "_sum", "_count"]) names.add(metric.name + suffix);
    }
  }
  return names;
}

function alertExprs(): string[] {
  // The rules file is plain YAML written by hand: `expr:` is a one-liner or a `|` block.
  const lines = Deno.readTextFileSync(new URL("prometheus-alerts.yml", DEPLOY)).split("\n");
  const exprs: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i]!.match(/^(\s*)expr:\s*(.*)$/);
    if (!m) continue;
    if (m[2] !== "|") {
      exprs.push(m[2]!);
      continue;
    }
    const block: string[] = [];
    while (
      i + 1 < lines.length && /^\s/.test(lines[i + 1]!) &&
      lines[i + 1]!.search(/\S/) > m[1]!.length
    ) block.push(lines[++i]!.trim());
    exprs.push(block.join(" "));
  }
  return exprs;
}

function dashboardExprs(): string[] {
  const dashboard = JSON.parse(Deno.readTextFileSync(new URL("grafana-dashboard.json", DEPLOY)));
  const exprs: string[] = [];
  for (const panel of dashboard.panels) {
    for (const target of panel.targets ?? []) exprs.push(target.expr);
  }
  for (const variable of dashboard.templating.list) {
    const query = typeof variable.query === "string" ? variable.query : variable.query?.query;
    const m = /label_values\((\w+)/.exec(query ?? "");
    if (m) exprs.push(m[1]!);
  }
  return exprs;
}

async function promtoolRules(path: string) {
  try {
    const out = await new Deno.Command("promtool", { args: ["check", "rules", path] }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    return { ok: out.success, text };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

Deno.test("metricNames() finds the metrics of a PromQL expression and nothing else", () => {
  assert.deepEqual(
    metricNames(
      'sum by (agent, le) (rate(agent_latency_seconds_bucket{agent=~"$agent"}[10m])) / on (agent) x_total > 1e-9 * 0.2',
    ),
    ["agent_latency_seconds_bucket", "x_total"],
  );
});

Deno.test("deploy/ alerts and dashboard only use metrics the registry exports", async (t) => {
  const exposed = await exposedNames();
  for (
    const [file, exprs] of [["prometheus-alerts.yml", alertExprs()], [
      "grafana-dashboard.json",
      dashboardExprs(),
    ]] as const
  ) {
    await t.step(file, () => {
      assert.ok(exprs.length >= 5, `${file}: found ${exprs.length} expressions`);
      for (const expr of exprs) {
        const names = metricNames(expr);
        assert.ok(names.length > 0, `${file}: no metric in ${expr}`);
        for (const name of names) {
          assert.ok(exposed.has(name), `${file}: unknown metric "${name}" in ${expr}`);
        }
      }
    });
  }
  await t.step("the alerts cover budget burn, error rate, queue depth and latency", () => {
    const all = alertExprs().join("\n");
    for (
      const name of [
        "cost_per_project_usd",
        "agent_errors_total",
        "queue_depth",
        "agent_latency_seconds",
      ]
    ) {
      assert.ok(all.includes(name), name);
    }
  });
});

Deno.test("deploy/ rules and dashboard queries pass promtool check rules", async (t) => {
  const first = await promtoolRules(new URL("prometheus-alerts.yml", DEPLOY).pathname);
  if (first === undefined) {
    console.warn("promtool not found: skipped (apt-get install prometheus)");
    return;
  }
  await t.step("prometheus-alerts.yml", () => assert.ok(first.ok, first.text));
  await t.step("every dashboard query parses as PromQL", async () => {
    const dir = Deno.makeTempDirSync();
    try {
      const rules = dashboardExprs().map((expr, i) =>
        `      - record: stackforge:dashboard_${i}\n        expr: ${JSON.stringify(expr)}`
      );
      const path = `${dir}/dashboard-rules.yml`;
      Deno.writeTextFileSync(
        path,
        `groups:\n  - name: dashboard\n    rules:\n${rules.join("\n")}\n`,
      );
      const result = await promtoolRules(path);
      assert.ok(result?.ok, result?.text);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
});
