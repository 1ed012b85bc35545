/**
 * Calls every endpoint of the spec on a running backend and checks status
 * codes and response shapes. Takes `fetch` as a parameter so tests can fake
 * the server.
 *
 * @module
 */
import { assertNever } from "../core/assert_never.ts";
import { type Feature, featuresOf } from "../core/features.ts";
import type { Endpoint, Entity, Spec } from "../core/spec.ts";
import { echoProblems, rowProblems } from "./shapes.ts";
import { fitOrderRules, parentsFirst, sampleBody, sampleValue } from "./samples.ts";

/** What happened to one spec endpoint. */
export interface EndpointOutcome {
  id: string;
  calls: number;
  problems: string[];
  /** Why it was not (fully) exercised here, when that is no problem: it is left to the acceptance scenarios. */
  note?: string;
}

/** Options of {@link checkApi}. */
export interface ApiCheckOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** Makes the values unique across runs. */
  tag?: string;
}

interface Reply {
  status: number;
  json: unknown;
  text: string;
  location?: string | null;
}

/**
 * Exercises the API of a spec: auth, then create/list/get/update per entity
 * (parents first), stats, then delete (children first) and logout.
 *
 * @param spec The app's spec.
 * @param options Where the backend listens.
 * @returns One outcome per spec endpoint, in spec order.
 */
export async function checkApi(spec: Spec, options: ApiCheckOptions): Promise<EndpointOutcome[]> {
  const doFetch = options.fetch ?? fetch;
  const tag = options.tag ?? `v${Date.now().toString(36)}`;
  const outcomes = new Map<string, EndpointOutcome>(
    spec.endpoints.map((e) => [e.id, { id: e.id, calls: 0, problems: [] }]),
  );
  let token: string | undefined;

  async function call(
    endpoint: Endpoint,
    params: Record<string, number | string>,
    body?: unknown,
    withToken = true,
  ): Promise<Reply> {
    const outcome = outcomes.get(endpoint.id)!;
    outcome.calls++;
    const path = endpoint.path.replace(/\{([a-z0-9_]+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) outcome.problems.push(`no value for path parameter "${name}"`);
      return encodeURIComponent(String(value ?? 0));
    });
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (withToken && token) headers.authorization = `Bearer ${token}`;
    const response = await doFetch(new URL(path, options.baseUrl), {
      method: endpoint.method,
      headers,
      // A redirect is checked for what it answers, not followed.
      redirect: "manual",
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // Left undefined; shape checks report it.
    }
    return { status: response.status, json, text, location: response.headers.get("location") };
  }

  function expect(endpoint: Endpoint, reply: Reply, status = endpoint.status): boolean {
    if (reply.status === status) return true;
    outcomes.get(endpoint.id)!.problems.push(
      `${endpoint.method} ${endpoint.path}: status ${reply.status}, expected ${status} (${
        reply.text.slice(0, 200)
      })`,
    );
    return false;
  }

  function note(endpoint: Endpoint, problems: string[]): void {
    outcomes.get(endpoint.id)!.problems.push(...problems);
  }

  const find = (action: Endpoint["action"], entity?: string) =>
    spec.endpoints.find((e) => e.action === action && e.entity === entity);

  // Auth first: protected endpoints need the token.
  if (spec.auth) {
    const register = find("register");
    const login = find("login");
    const me = find("me");
    const email = `verify-${tag}@example.com`.toLowerCase();
    const password = "verify-password-1";
    if (register) {
      const reply = await call(register, {}, { email, password, name: "Verify Bot" });
      if (expect(register, reply)) {
        note(register, sessionProblems(reply.json));
        token = (reply.json as { token?: string }).token;
      }
    }
    if (login) {
      const reply = await call(login, {}, { email, password });
      if (expect(login, reply)) {
        note(login, sessionProblems(reply.json));
        token = (reply.json as { token?: string }).token ?? token;
      }
      const wrong = await call(login, {}, { email, password: "wrong-password-1" });
      expect(login, wrong, 401);
    }
    if (me) {
      const reply = await call(me, {});
      if (expect(me, reply)) note(me, userProblems(reply.json));
      expect(me, await call(me, {}, undefined, false), 401);
    }
  }

  const created = new Map<string, number>();
  const rows = new Map<string, Record<string, unknown>>();
  /** Entities whose sample row a rule of the spec refused, with the rule's message. */
  const refused = new Map<string, string>();
  const order = parentsFirst(spec);

  /** Marks endpoints as left to the scenarios, unless something else called them. */
  function leave(endpoints: (Endpoint | undefined)[], why: string): void {
    for (const endpoint of endpoints) {
      if (endpoint === undefined) continue;
      const outcome = outcomes.get(endpoint.id)!;
      outcome.note ??= why;
    }
  }

  /** The message of the spec's rule a refusal names, when the answer is one. */
  function ruleRefusal(entity: Entity, reply: Reply): string | undefined {
    if (reply.status !== 409 && reply.status !== 422) return undefined;
    const detail = (reply.json as { detail?: unknown } | undefined)?.detail;
    const text = typeof detail === "string" ? detail : JSON.stringify(detail ?? "");
    return (spec.rules ?? []).find((r) => r.entity === entity.name && text.includes(r.message))
      ?.message;
  }
  for (const entity of order) {
    await exerciseEntity(entity);
  }

  async function exerciseEntity(entity: Entity): Promise<void> {
    const create = find("create", entity.name);
    const list = find("list", entity.name);
    const get = find("get", entity.name);
    const update = find("update", entity.name);
    const params: Record<string, number> = {};
    for (const relation of entity.relations) {
      const id = created.get(relation.target);
      if (id !== undefined) params[relation.field] = id;
    }
    if (!create) return;
    const own = [create, list, get, update, find("delete", entity.name)];
    const blocked = entity.relations.find((r) => r.required && refused.has(r.target));
    if (blocked) {
      refused.set(entity.name, refused.get(blocked.target)!);
      leave(
        own,
        `no ${blocked.target} to point "${blocked.field}" at: a rule refused the sample row`,
      );
      return;
    }
    const body = fitOrderRules(spec, entity, sampleBody(entity, created, tag));
    if (typeof body === "string") {
      note(create, [`${entity.name}: cannot build a body: ${body}`]);
      return;
    }
    if (create.auth) expect(create, await call(create, params, body, false), 401);
    const reply = await call(create, params, body);
    const rule = ruleRefusal(entity, reply);
    if (rule !== undefined) {
      // The rule works; the sample values just do not fit it. The scenarios exercise the rule.
      refused.set(entity.name, rule);
      leave(
        own,
        `the sample row was refused by the rule "${rule}" (left to the acceptance scenarios)`,
      );
      return;
    }
    if (!expect(create, reply)) return;
    note(create, rowProblems(entity, reply.json));
    note(create, echoProblems(entity, body, reply.json as Record<string, unknown>));
    const id = (reply.json as { id?: number }).id;
    if (typeof id !== "number") return;
    created.set(entity.name, id);
    rows.set(entity.name, reply.json as Record<string, unknown>);
    params.id = id;
    if (list) {
      const rows = await call(list, params);
      if (expect(list, rows)) {
        if (!Array.isArray(rows.json)) note(list, [`${entity.name}: the list is not an array`]);
        else {
          for (const row of rows.json) note(list, rowProblems(entity, row));
          if (!rows.json.some((r) => (r as { id?: number }).id === id)) {
            note(list, [`${entity.name}: the list lacks the created row ${id}`]);
          }
        }
      }
    }
    if (get) {
      const one = await call(get, params);
      if (expect(get, one)) {
        note(get, rowProblems(entity, one.json));
        if ((one.json as { id?: number }).id !== id) note(get, [`${entity.name}: got another row`]);
      }
      const missing = await call(get, { ...params, id: 999_999_999 });
      expect(get, missing, 404);
    }
    if (update) {
      const changed = fitOrderRules(spec, entity, sampleBody(entity, created, tag, 1));
      if (typeof changed !== "string") {
        const done = await call(update, params, changed);
        if (expect(update, done)) {
          rows.set(entity.name, done.json as Record<string, unknown>);
          note(update, rowProblems(entity, done.json));
          note(update, echoProblems(entity, changed, done.json as Record<string, unknown>));
        }
      }
    }
  }

  for (const feature of featuresOf(spec)) await checkFeature(feature);

  /** Each feature kind's own checks, once the entities have rows. */
  async function checkFeature(feature: Feature): Promise<void> {
    switch (feature.kind) {
      case "stats": {
        const stats = feature.endpoint;
        const reply = await call(stats, {});
        if (!expect(stats, reply)) return;
        const json = reply.json;
        if (json === null || typeof json !== "object" || Array.isArray(json)) {
          note(stats, ["stats: not an object"]);
        } else {
          for (const [key, value] of Object.entries(json)) {
            if (!Number.isInteger(value)) note(stats, [`stats: "${key}" is not an integer`]);
          }
        }
        return;
      }
      case "action": {
        // What it does to a row is the scenarios' to prove; every action must
        // refuse a row that does not exist.
        const { endpoint, action } = feature;
        const entity = spec.entities.find((e) => e.name === action.entity);
        const body = action.kind === "record" || action.kind === "move"
          ? actionBody(spec, action.kind === "record" ? action.child : action.entity, action.fields)
          : undefined;
        const params = { id: 999_999_999 };
        if (endpoint.auth) expect(endpoint, await call(endpoint, params, body, false), 401);
        const reply = await call(endpoint, params, body);
        const wanted = action.roles ? [403, 404] : [404];
        if (!wanted.includes(reply.status)) {
          note(endpoint, [
            `${endpoint.id}: status ${reply.status} for a ${
              entity?.label ?? "row"
            } that does not exist, expected ${wanted.join(" or ")} (${reply.text.slice(0, 200)})`,
          ]);
        }
        leave([endpoint], "what it does is left to the acceptance scenarios");
        return;
      }
      case "view": {
        const { endpoint, view, settle } = feature;
        const params: Record<string, number> = {};
        if (endpoint.path.includes("{id}")) {
          const group = spec.entities.find((e) => e.name === view.entity)?.relations.find((r) =>
            r.field === view.group
          );
          const id = group ? created.get(group.target) : undefined;
          if (id === undefined) {
            leave(
              [endpoint, settle],
              "no group row to open it with (left to the acceptance scenarios)",
            );
            return;
          }
          params.id = id;
        }
        const reply = await call(endpoint, params);
        if (expect(endpoint, reply)) {
          const json = reply.json as Record<string, unknown> | unknown[] | undefined;
          if (view.kind === "balance") {
            const ok = json !== null && typeof json === "object" && !Array.isArray(json) &&
              Array.isArray(json.balances) && Array.isArray(json.transfers);
            if (!ok) {
              note(endpoint, [`${endpoint.id}: expected {"balances": [...], "transfers": [...]}`]);
            }
          } else if (!Array.isArray(json)) {
            note(endpoint, [`${endpoint.id}: the view is not an array`]);
          }
        }
        // Settling up records payments: the scenarios do it on data they made.
        leave([settle], "settling up is left to the acceptance scenarios");
        return;
      }
      case "redirect": {
        const { endpoint, redirect } = feature;
        const row = rows.get(redirect.entity);
        const code = row?.[redirect.code];
        const param = /\{([a-z0-9_]+)\}/.exec(endpoint.path)?.[1] ?? "code";
        const missing = await call(endpoint, { [param]: `nope${tag.toLowerCase()}` });
        expect(endpoint, missing, 404);
        if (typeof code !== "string" || code === "") {
          leave([endpoint], "no row to follow (left to the acceptance scenarios)");
          return;
        }
        const reply = await call(endpoint, { [param]: code });
        if (expect(endpoint, reply) && reply.location !== row?.[redirect.target]) {
          note(endpoint, [
            `${endpoint.id}: Location ${
              JSON.stringify(reply.location)
            }, expected the row's ${redirect.target} ${JSON.stringify(row?.[redirect.target])}`,
          ]);
        }
        return;
      }
      case "rule":
        // Refusals are proven by the requirements' acceptance scenarios, which know what to send.
        return;
      default:
        assertNever(feature, "feature");
    }
  }

  /** A body for an action that takes one: its `fields` of `entityName`, sample values and ids. */
  function actionBody(
    spec: Spec,
    entityName: string | undefined,
    fields: readonly string[] | undefined,
  ): Record<string, unknown> {
    const entity = spec.entities.find((e) => e.name === entityName);
    const body: Record<string, unknown> = {};
    for (const name of fields ?? []) {
      const field = entity?.fields.find((f) => f.name === name);
      const relation = entity?.relations.find((r) => r.field === name);
      if (field) body[name] = sampleValue(field, tag);
      else if (relation) body[name] = created.get(relation.target) ?? 1;
    }
    return body;
  }

  for (const entity of [...order].reverse()) {
    const remove = find("delete", entity.name);
    const id = created.get(entity.name);
    if (!remove || id === undefined) continue;
    const params: Record<string, number> = { id };
    for (const relation of entity.relations) {
      const parent = created.get(relation.target);
      if (parent !== undefined) params[relation.field] = parent;
    }
    if (remove.auth) expect(remove, await call(remove, params, undefined, false), 401);
    if (expect(remove, await call(remove, params))) {
      const get = find("get", entity.name);
      if (get) expect(get, await call(get, params), 404);
    }
  }

  const logout = find("logout");
  if (logout && token) {
    if (expect(logout, await call(logout, {}))) {
      const me = find("me");
      if (me) expect(me, await call(me, {}), 401);
    }
  }

  for (const outcome of outcomes.values()) {
    if (outcome.calls === 0 && outcome.note === undefined) {
      outcome.problems.push("never called (no check knows this endpoint)");
    }
  }
  return [...outcomes.values()];
}

function userProblems(json: unknown): string[] {
  if (json === null || typeof json !== "object") return ["user: not an object"];
  const user = json as Record<string, unknown>;
  const problems: string[] = [];
  if (!Number.isInteger(user.id)) problems.push(`user: "id" is not an integer`);
  for (const name of ["email", "name"]) {
    if (typeof user[name] !== "string") problems.push(`user: "${name}" is not a string`);
  }
  return problems;
}

function sessionProblems(json: unknown): string[] {
  if (json === null || typeof json !== "object") return ["session: not an object"];
  const session = json as Record<string, unknown>;
  const problems = typeof session.token === "string" && session.token.length > 0
    ? []
    : ['session: "token" is missing'];
  return [...problems, ...userProblems(session.user)];
}
