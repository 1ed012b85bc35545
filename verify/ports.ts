/**
 * Free loopback ports for the servers the verifier starts.
 *
 * @module
 */

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now.
 *
 * @returns The port number.
 * @example
 * ```ts
 * import { freePort } from "./ports.ts";
 * const port = freePort();
 * if (port <= 0) throw new Error("no port");
 * ```
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/**
 * Whether something already listens on a loopback port.
 *
 * @param port The port to test.
 * @returns True when the port cannot be bound.
 */
export function portInUse(port: number): boolean {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    return false;
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) return true;
    throw error;
  }
}

/**
 * Checks that a port chosen by the caller is free.
 *
 * @param port The port to use.
 * @param what What will listen there, for the message.
 * @throws {RangeError} When the port is taken.
 */
export function assertPortFree(port: number, what: string): void {
  if (portInUse(port)) {
    throw new RangeError(`Cannot start ${what} on port ${port}: the port is in use`);
  }
}
