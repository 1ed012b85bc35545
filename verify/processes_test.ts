import assert from "node:assert/strict";
import { waitHealthy } from "./backend.ts";
import { createProcessGroup } from "./processes.ts";

/** Running and not a zombie waiting for a reaper (`ps`: /proc needs -A under Deno). */
function alive(pid: number): boolean {
  const out = new Deno.Command("ps", { args: ["-o", "stat=", "-p", String(pid)], stdout: "piped" })
    .outputSync();
  const state = new TextDecoder().decode(out.stdout).trim();
  return state !== "" && !state.startsWith("Z");
}

Deno.test("createProcessGroup() stops every child it started", async () => {
  const group = createProcessGroup();
  const a = group.spawn("a", "sleep", ["60"], { cwd: "." });
  const b = group.spawn("b", "sleep", ["60"], { cwd: "." });
  assert.equal(group.running().length, 2);
  await group.stopAll();
  assert.equal(group.running().length, 0);
  assert.ok(a.done() && b.done());
  assert.equal(alive(a.pid), false);
  assert.equal(alive(b.pid), false);
});

Deno.test("createProcessGroup() kills a child that ignores SIGTERM", async () => {
  const group = createProcessGroup();
  const child = group.spawn("stubborn", "sh", ["-c", "trap '' TERM; echo ready; sleep 60 & wait"], {
    cwd: ".",
  });
  while (!child.output().includes("ready")) await new Promise((r) => setTimeout(r, 20));
  const started = performance.now();
  await group.stopAll(300);
  assert.ok(child.done());
  assert.ok(performance.now() - started < 5_000);
});

Deno.test("createProcessGroup() stops children when the caller's code throws", async () => {
  const group = createProcessGroup();
  let pid = 0;
  await assert.rejects(async () => {
    try {
      pid = group.spawn("server", "sleep", ["60"], { cwd: "." }).pid;
      throw new Error("stage failed");
    } finally {
      await group.stopAll();
    }
  }, /stage failed/);
  assert.equal(alive(pid), false);
});

Deno.test("waitHealthy() gives up after its bound with the server's output", async () => {
  const group = createProcessGroup();
  try {
    const child = group.spawn("silent server", "sh", ["-c", "echo booting; sleep 60"], {
      cwd: ".",
    });
    const message = await waitHealthy("http://127.0.0.1:9/health", child, 600);
    assert.match(
      message ?? "",
      /^silent server did not answer http:\/\/127\.0\.0\.1:9\/health within 1 s: booting/,
    );
  } finally {
    await group.stopAll();
  }
});

Deno.test("waitHealthy() reports a server that exits before answering", async () => {
  const group = createProcessGroup();
  try {
    const child = group.spawn("crashing server", "sh", [
      "-c",
      "echo 'ImportError: no app' >&2; exit 3",
    ], {
      cwd: ".",
    });
    const message = await waitHealthy("http://127.0.0.1:9/", child, 10_000);
    assert.match(message ?? "", /crashing server exited with code 3 .*ImportError: no app/s);
  } finally {
    await group.stopAll();
  }
});

Deno.test("ProcessGroup.run() stops a command at its time limit", async () => {
  const result = await createProcessGroup().run("sleep", ["10"], { cwd: ".", timeoutMs: 200 });
  assert.equal(result.timedOut, true);
  assert.ok(result.durationMs < 5_000);
});

Deno.test("createProcessGroup() also stops what its children forked", async () => {
  const group = createProcessGroup();
  const child = group.spawn("forker", "sh", ["-c", "sleep 61 & echo $!; wait"], { cwd: "." });
  while (!/\d+\n/.test(child.output())) await new Promise((r) => setTimeout(r, 20));
  const grandchild = Number(child.output().trim());
  await group.stopAll(1_000);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(alive(grandchild), false);
});

Deno.test("createProcessGroup() stops its children on Ctrl-C and exits 130", async () => {
  const script = `
    import { createProcessGroup } from ${
    JSON.stringify(new URL("./processes.ts", import.meta.url).href)
  };
    const child = createProcessGroup().spawn("server", "sleep", ["60"], { cwd: "." });
    console.log(child.pid);
    setInterval(() => {}, 1000);
  `;
  const verifier = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = verifier.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const { value } = await reader.read();
  const pid = Number(value?.trim());
  assert.ok(alive(pid));
  verifier.kill("SIGINT");
  const status = await verifier.status;
  reader.releaseLock();
  await verifier.stdout.cancel().catch(() => {});
  assert.equal(status.code, 130);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(alive(pid), false);
});
