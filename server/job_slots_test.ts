import assert from "node:assert/strict";
import { createJobSlots } from "./job_slots.ts";

Deno.test("createJobSlots() runs up to the cap, queues up to the line, refuses beyond", async () => {
  const slots = createJobSlots(2, 1);
  const a = await slots.acquire();
  const b = await slots.acquire();
  assert.ok(a && b);
  let ahead = 0;
  const waiting = slots.acquire(undefined, (n) => (ahead = n));
  assert.equal(ahead, 1);
  assert.deepEqual(slots.load(), { running: 2, waiting: 1 });
  assert.equal(await slots.acquire(), undefined, "the line is full");
  a!.release();
  const c = await waiting;
  assert.ok(c, "a released slot goes to the first in line");
  assert.deepEqual(slots.load(), { running: 2, waiting: 0 });
  a!.release();
  assert.deepEqual(slots.load(), { running: 2, waiting: 0 }, "releasing twice gives back one slot");
  b!.release();
  c!.release();
  assert.deepEqual(slots.load(), { running: 0, waiting: 0 });
});

Deno.test("createJobSlots(): a job that stops waiting leaves the line and never takes a slot", async () => {
  const slots = createJobSlots(1, 5);
  const held = await slots.acquire();
  const stop = new AbortController();
  const waiting = slots.acquire(stop.signal);
  stop.abort(new Error("client gone"));
  await assert.rejects(waiting, /client gone/);
  assert.deepEqual(slots.load(), { running: 1, waiting: 0 });
  held!.release();
  assert.deepEqual(slots.load(), { running: 0, waiting: 0 });
});
