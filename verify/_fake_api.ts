/**
 * An in-memory stand-in for a generated backend, built from a spec, with
 * switches that plant the bugs the API checks must catch.
 *
 * @module
 */
import type { Endpoint, Spec } from "../core/spec.ts";

/** Bugs to plant. */
export interface FakeBugs {
  /** Answer creates with 200 instead of the spec's 201. */
  createStatus200?: boolean;
  /** Leave this field out of every row. */
  dropField?: string;
  /** Return numbers as strings for this field. */
  stringify?: string;
  /** Accept requests without a token. */
  noAuth?: boolean;
  /** Answer actions on a row that does not exist with 200. */
  actionsIgnoreMissingRows?: boolean;
  /** Follow-me redirects answer 302 instead of 307. */
  redirect302?: boolean;
}

/** A `fetch` answering like a generated backend for `spec`. */
export function fakeApi(spec: Spec, bugs: FakeBugs = {}): typeof fetch {
  const tables = new Map<string, Map<number, Record<string, unknown>>>();
  let nextId = 1;
  const sessions = new Map<string, number>();
  const users = new Map<string, { id: number; password: string; name: string }>();
  const json = (status: number, body?: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    });
  const match = (endpoint: Endpoint, method: string, path: string) => {
    if (endpoint.method !== method) return undefined;
    const param = endpoint.action === "redirect" ? "([^/]+)" : "(\\d+)";
    const pattern = new RegExp(
      "^" + endpoint.path.replace(/\{[a-z0-9_]+\}/g, param) + "$",
    );
    const found = pattern.exec(path);
    if (!found) return undefined;
    return endpoint.action === "redirect" ? decodeURIComponent(found[1]!) : Number(found[1] ?? NaN);
  };
  const shape = (row: Record<string, unknown>) => {
    const out = { ...row };
    if (bugs.dropField) delete out[bugs.dropField];
    if (bugs.stringify && bugs.stringify in out) out[bugs.stringify] = String(out[bugs.stringify]);
    return out;
  };
  const handle = (input: string | URL | Request, init?: RequestInit): Response => {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = init?.method ?? "GET";
    const headers = new Headers(init?.headers);
    const token = headers.get("authorization")?.replace(/^Bearer /, "");
    const userId = token ? sessions.get(token) : undefined;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    // Literal paths first, as a router that registers views before `{id}` routes does.
    const endpoints = [...spec.endpoints].sort((a, b) =>
      (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0)
    );
    for (const endpoint of endpoints) {
      const found = match(endpoint, method, url.pathname);
      if (found === undefined) continue;
      const id = typeof found === "number" ? found : NaN;
      if (endpoint.auth && userId === undefined && !bugs.noAuth) return json(401, { detail: "no" });
      const now = new Date().toISOString();
      const table = endpoint.entity
        ? tables.get(endpoint.entity) ??
          tables.set(endpoint.entity, new Map()).get(endpoint.entity)!
        : new Map();
      switch (endpoint.action) {
        case "register": {
          const user = { id: nextId++, password: body.password, name: body.name };
          users.set(body.email, user);
          const t = crypto.randomUUID();
          sessions.set(t, user.id);
          return json(201, { token: t, user: { id: user.id, email: body.email, name: body.name } });
        }
        case "login": {
          const user = users.get(body.email);
          if (!user || user.password !== body.password) return json(401, { detail: "bad" });
          const t = crypto.randomUUID();
          sessions.set(t, user.id);
          return json(200, { token: t, user: { id: user.id, email: body.email, name: user.name } });
        }
        case "me":
          if (userId === undefined) return json(401, { detail: "no" });
          return json(200, { id: userId, email: "x@example.com", name: "X" });
        case "logout":
          if (token) sessions.delete(token);
          return new Response(null, { status: 204 });
        case "stats":
          return json(200, Object.fromEntries([...tables].map(([k, v]) => [k, v.size])));
        case "list":
          return json(200, [...table.values()].map(shape));
        case "create": {
          const row: Record<string, unknown> = {
            ...body,
            id: nextId++,
            created_at: now,
            updated_at: now,
          };
          const entity = spec.entities.find((e) => e.name === endpoint.entity);
          for (const field of entity?.fields ?? []) {
            if (field.computed?.kind === "code") {
              row[field.name] = `c${row.id}x${field.computed.length}`;
            } else if (field.computed?.kind === "counter") row[field.name] = 0;
            else if (field.computed) row[field.name] = null;
          }
          table.set(row.id as number, row);
          return json(bugs.createStatus200 ? 200 : endpoint.status, shape(row));
        }
        case "get":
          return table.has(id) ? json(200, shape(table.get(id)!)) : json(404, { detail: "gone" });
        case "update": {
          if (!table.has(id)) return json(404, { detail: "gone" });
          const row = { ...table.get(id), ...body, updated_at: now };
          table.set(id, row);
          return json(200, shape(row));
        }
        case "delete":
          if (!table.delete(id)) return json(404, { detail: "gone" });
          return new Response(null, { status: 204 });
        case "action":
          if (!table.has(id) && !bugs.actionsIgnoreMissingRows) {
            return json(404, { detail: "gone" });
          }
          return json(endpoint.status, table.get(id) ?? {});
        case "view":
          return endpoint.path.endsWith("balances") || endpoint.summary === "Balances"
            ? json(200, { balances: [], transfers: [] })
            : json(200, [...table.values()].map(shape));
        case "settle":
          return json(201, []);
        case "redirect": {
          const redirect = (spec.redirects ?? []).find((r) => r.entity === endpoint.entity)!;
          const row = [...table.values()].find((r) => r[redirect.code] === found);
          if (!row) return json(404, { detail: "Unknown code" });
          return new Response(null, {
            status: bugs.redirect302 ? 302 : 307,
            headers: { location: String(row[redirect.target]) },
          });
        }
      }
    }
    return json(404, { detail: "Not Found" });
  };
  return ((input: string | URL | Request, init?: RequestInit) =>
    Promise.resolve(handle(input, init))) as typeof fetch;
}
