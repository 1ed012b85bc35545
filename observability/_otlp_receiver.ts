/**
 * A loopback OTLP/HTTP (JSON) receiver for tests: records the spans posted
 * to it, with their attributes flattened.
 *
 * @module
 */

/** A received span. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  status?: { code?: number; message?: string };
  attributes: Record<string, string | number | boolean>;
  service?: string;
}

/** A request the receiver saw. */
export interface ReceivedRequest {
  path: string;
  headers: Headers;
}

interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
type KeyValue = { key: string; value: AnyValue };

const flatten = (kvs: KeyValue[] = []) =>
  Object.fromEntries(kvs.map(({ key, value }) => [
    key,
    value.stringValue ?? value.boolValue ?? value.doubleValue ?? Number(value.intValue),
  ]));

/** Starts a receiver on a free loopback port; `mode: "hang"` never answers. */
export function startOtlpReceiver(mode: "ok" | "hang" = "ok") {
  const spans: ReceivedSpan[] = [];
  const requests: ReceivedRequest[] = [];
  const hung = new AbortController();
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    requests.push({ path: new URL(req.url).pathname, headers: req.headers });
    const body = await req.json();
    if (mode === "hang") {
      await new Promise((resolve) => hung.signal.addEventListener("abort", resolve));
      return new Response(null, { status: 503 });
    }
    for (const rs of body.resourceSpans ?? []) {
      const resource = flatten(rs.resource?.attributes);
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          spans.push({
            traceId: s.traceId,
            spanId: s.spanId,
            ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
            name: s.name,
            status: s.status,
            attributes: flatten(s.attributes),
            service: resource["service.name"] as string,
          });
        }
      }
    }
    return Response.json({});
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    spans,
    requests,
    async close() {
      hung.abort();
      await server.shutdown();
    },
  };
}

/** A URL on which nothing listens (a port just closed). */
export async function deadUrl(): Promise<string> {
  const receiver = startOtlpReceiver();
  await receiver.close();
  return receiver.url;
}
