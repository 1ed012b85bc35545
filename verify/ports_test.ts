import assert from "node:assert/strict";
import { assertPortFree, freePort, portInUse } from "./ports.ts";

Deno.test("freePort() returns a loopback port nothing listens on", () => {
  const port = freePort();
  assert.ok(port > 0 && port < 65536);
  assert.equal(portInUse(port), false);
});

Deno.test("assertPortFree() names a port that is in use", () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  try {
    assert.equal(portInUse(port), true);
    assert.throws(
      () => assertPortFree(port, "the backend"),
      new RangeError(`Cannot start the backend on port ${port}: the port is in use`),
    );
  } finally {
    listener.close();
  }
});
