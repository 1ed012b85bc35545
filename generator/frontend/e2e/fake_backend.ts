/**
 * A behaviour-aware in-memory stand-in for a generated backend, for the
 * frontend's browser tests: CRUD with computed fields, links, search and
 * filters, rules, actions, views, redirects, auth with roles, CORS. It
 * follows the HTTP contract of `core/behaviours.ts` closely enough to drive
 * every screen; the real backend is the judge of the details.
 *
 * @module
 */
import type { Condition, Rule, Value, View } from "../../../core/behaviours.ts";
import type { Entity, Spec } from "../../../core/spec.ts";

type Row = Record<string, unknown>;

/** The staff code the fake accepts. */
export const FAKE_STAFF_CODE = "staff-code";

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, accept",
};

function today(shift = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + shift);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

class Refusal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * @param spec The app's spec.
 * @returns A handler answering like the app's backend.
 */
export function fakeBackend(spec: Spec): (request: Request) => Promise<Response> {
  const tables = new Map<string, Map<number, Row>>(spec.entities.map((e) => [e.name, new Map()]));
  let nextId = 1;
  const users = new Map<
    string,
    { id: number; email: string; name: string; password: string; role?: string }
  >();
  const sessions = new Map<string, number>();
  const byName = new Map(spec.entities.map((e) => [e.name, e]));
  const entity = (name: string) => byName.get(name)!;
  const rowsOf = (name: string) => [...tables.get(name)!.values()];
  const json = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...CORS, ...headers },
    });

  const valueOf = (row: Row, v: Value | undefined): unknown => {
    if (v === null || v === undefined || typeof v !== "object") return v ?? null;
    if ("today" in v) return today(v.today);
    if ("now" in v) return new Date().toISOString();
    return row[v.field];
  };
  const holds = (row: Row, conditions: readonly Condition[] | undefined) =>
    (conditions ?? []).every((c) => {
      const left = row[c.field] ?? null;
      const right = valueOf(row, c.value);
      switch (c.op) {
        case "is_null":
          return left === null;
        case "not_null":
          return left !== null;
        case "eq":
          return left === right;
        case "ne":
          return left !== right;
      }
      if (left === null || right === null) return false;
      const [a, b] = [left as number, right as number];
      return c.op === "lt" ? a < b : c.op === "le" ? a <= b : c.op === "gt" ? a > b : a >= b;
    });

  /** A row with its computed fields. */
  const read = (e: Entity, stored: Row): Row => {
    const row: Row = { ...stored };
    for (const f of e.fields) {
      const c = f.computed;
      if (c === undefined) continue;
      if (c.kind === "aggregate") {
        const kids = rowsOf(c.entity).map((k) => read(entity(c.entity), k))
          .filter((k) => k[c.via] === row.id && holds(k, c.where));
        const values = kids.map((k) => Number(k[c.field ?? "id"] ?? 0));
        if (c.op === "count") row[f.name] = kids.length;
        else if (c.op === "sum") row[f.name] = values.reduce((a, b) => a + b, 0);
        else if (c.op === "avg") {
          row[f.name] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
        } else if (c.op === "min") row[f.name] = values.length ? Math.min(...values) : null;
        else if (c.op === "max") row[f.name] = values.length ? Math.max(...values) : null;
        else {
          const days = new Set(kids.map((k) => String(k[c.field!]).slice(0, 10)));
          let streak = 0;
          while (days.has(today(-streak))) streak++;
          row[f.name] = streak;
        }
      }
    }
    for (const f of e.fields) {
      const c = f.computed;
      if (c?.kind === "remaining") {
        row[f.name] = Number(row[c.from] ?? 0) - Number(row[c.minus] ?? 0);
      }
      if (c?.kind === "date_plus" && row[c.from]) {
        const d = new Date(`${String(row[c.from]).slice(0, 10)}T00:00:00`);
        d.setDate(d.getDate() + Number(row[c.days] ?? 0));
        row[f.name] = d.toISOString().slice(0, 10);
      }
    }
    for (const f of e.fields) {
      const c = f.computed;
      if (c?.kind !== "percent") continue;
      const part = Number(row[c.part] ?? 0);
      const whole = typeof c.whole === "string"
        ? Number(row[c.whole] ?? 0)
        : rowsOf(e.name).filter((r) =>
          r[(c.whole as { via: string }).via] === row[(c.whole as { via: string }).via]
        )
          .map((r) =>
            Number(
              read({
                ...e,
                fields: e.fields.filter((x) => x.computed?.kind !== "percent"),
              }, r)[(c.whole as { siblings: string }).siblings] ?? 0,
            )
          )
          .reduce((a, b) => a + b, 0);
      row[f.name] = whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;
    }
    return row;
  };

  const check = (e: Entity, row: Row, id?: number) => {
    for (const rule of (spec.rules ?? []).filter((r) => r.entity === e.name)) {
      checkRule(rule, e, row, id);
    }
  };
  const checkRule = (r: Rule, e: Entity, row: Row, id?: number) => {
    const others = rowsOf(e.name).filter((o) => o.id !== id);
    const parentOf = (via: string) => {
      const rel = e.relations.find((x) => x.field === via)!;
      const p = tables.get(rel.target)!.get(Number(row[via]));
      return p === undefined ? undefined : read(entity(rel.target), p);
    };
    const refuse = (status: number) => {
      throw new Refusal(status, r.message);
    };
    switch (r.kind) {
      case "unique":
        if (others.some((o) => (r.fields ?? []).every((f) => o[f] === row[f]))) refuse(409);
        break;
      case "capacity": {
        const p = parentOf(r.via!);
        const n = others.filter((o) => o[r.via!] === row[r.via!] && holds(o, r.where)).length + 1;
        if (p !== undefined && n > Number(p[r.limit!])) refuse(409);
        break;
      }
      case "max_parent": {
        const p = parentOf(r.via!);
        if (p !== undefined && Number(row[r.field!]) > Number(p[r.limit!])) refuse(422);
        break;
      }
      case "available":
        if (
          holds(read(e, row), r.active) &&
          others.some((o) => o[r.via!] === row[r.via!] && holds(read(e, o), r.active))
        ) refuse(409);
        break;
      case "no_overlap":
        if (
          others.some((o) =>
            o[r.via!] === row[r.via!] && String(o[r.start!]) < String(row[r.end!]) &&
            String(row[r.start!]) < String(o[r.end!])
          )
        ) refuse(409);
        break;
      case "order":
        if (
          row[r.first!] != null && row[r.then!] != null &&
          String(row[r.then!]) <= String(row[r.first!])
        ) refuse(422);
        break;
      case "different":
        if (new Set((r.fields ?? []).map((f) => row[f])).size < (r.fields ?? []).length) {
          refuse(422);
        }
        break;
      case "same_parent": {
        const p = parentOf(r.field!);
        if (p !== undefined && p[r.parent!] !== row[r.equals!]) refuse(422);
        break;
      }
      case "non_negative": {
        const rel = e.relations.find((x) => x.field === r.via)!;
        const pid = Number(row[r.via!]);
        const table = tables.get(e.name)!;
        const before = table.get(id ?? -1);
        table.set(id ?? -1, { ...row, id: id ?? -1 });
        const p = read(entity(rel.target), tables.get(rel.target)!.get(pid) ?? {});
        if (before === undefined) table.delete(id ?? -1);
        else table.set(id!, before);
        if (Number(p[r.field!]) < 0) refuse(409);
        break;
      }
      case "requires":
        if (
          !rowsOf(r.other!).some((o) =>
            (r.match ?? []).every(([mine, theirs]) => o[theirs] === row[mine])
          )
        ) refuse(422);
        break;
    }
  };

  const accepts = (e: Entity) =>
    new Set([
      ...e.fields.filter((f) => f.computed === undefined).map((f) => f.name),
      ...e.relations.map((r) => r.field),
      ...(e.links ?? []).map((l) => l.field),
    ]);
  const shapeInput = (e: Entity, body: Row, partial = false): Row => {
    const allowed = accepts(e);
    for (const key of Object.keys(body)) {
      if (!allowed.has(key)) throw new Refusal(422, `${key}: Extra inputs are not permitted`);
    }
    for (const f of e.fields) {
      if (f.computed === undefined && f.required && !partial && (body[f.name] ?? "") === "") {
        throw new Refusal(422, `${f.name}: Field required`);
      }
    }
    return body;
  };
  const create = (e: Entity, body: Row, user?: number): Row => {
    const row: Row = {
      ...body,
      id: nextId,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    };
    for (const f of e.fields) {
      const c = f.computed;
      if (c === undefined) {
        row[f.name] ??= null;
        continue;
      }
      if (c.kind === "counter") row[f.name] = 0;
      if (c.kind === "state") row[f.name] = f.values?.[0] ?? null;
      if (c.kind === "stamp") row[f.name] = null;
      if (c.kind === "code") {
        row[f.name] = Math.random().toString(36).slice(2, 2 + c.length).padEnd(c.length, "x");
      }
      if (c.kind === "slug") {
        row[f.name] = String(row[c.from] ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(
          /^-|-$/g,
          "",
        );
      }
    }
    for (const l of e.links ?? []) row[l.field] ??= [];
    for (const r of e.relations) row[r.field] ??= null;
    if (e.access !== "public") row.owner_id = user;
    check(e, row);
    nextId++;
    tables.get(e.name)!.set(Number(row.id), row);
    return read(e, row);
  };

  const visible = (e: Entity, row: Row, user?: { id: number; role?: string }) => {
    if (e.access === "private") {
      return user !== undefined &&
        (row.owner_id === user.id || (e.permissions?.all ?? []).includes(user.role ?? ""));
    }
    if (e.publicWhere) return holds(row, e.publicWhere) || row.owner_id === user?.id;
    return true;
  };

  const view = (v: View, url: URL, groupId: number | undefined): unknown => {
    const e = entity(v.entity);
    const rows = rowsOf(e.name).map((r) => read(e, r));
    if (v.kind === "filter") return rows.filter((r) => holds(r, v.where));
    if (v.kind === "schedule") {
      const from = url.searchParams.get("from") ?? today();
      const days = Number(url.searchParams.get("days") ?? 7);
      const end = new Date(`${from}T00:00:00`);
      end.setDate(end.getDate() + days);
      const until = end.toISOString().slice(0, 10);
      return rows.filter((r) =>
        String(r[v.date!]).slice(0, 10) >= from && String(r[v.date!]).slice(0, 10) < until
      )
        .sort((a, b) =>
          String(a[v.date!]).localeCompare(String(b[v.date!])) ||
          String(a[v.time ?? "id"]).localeCompare(String(b[v.time ?? "id"]))
        );
    }
    if (v.kind === "grouped") {
      const groups = new Map<string, Row>();
      for (const r of rows.filter((x) => holds(x, v.where))) {
        const key: Row = {};
        for (const by of v.by ?? []) {
          const raw = r[by.field] ?? null;
          key[by.field] = by.bucket === "month" && raw
            ? String(raw).slice(0, 7)
            : by.bucket === "year" && raw
            ? String(raw).slice(0, 4)
            : raw;
          const rel = e.relations.find((x) => x.field === by.field);
          if (rel) {
            const p = raw === null ? undefined : tables.get(rel.target)!.get(Number(raw));
            key[`${by.field}_label`] = p === undefined
              ? null
              : String(p[entity(rel.target).display]);
          }
        }
        const id = JSON.stringify(key);
        const g = groups.get(id) ?? { ...key, total: 0, count: 0 };
        g.count = Number(g.count) + 1;
        g.total = v.measure?.op === "sum"
          ? Number(g.total) + Number(r[v.measure.field!] ?? 0)
          : g.count;
        groups.set(id, g);
      }
      return [...groups.values()].sort((a, b) => Number(b.total) - Number(a.total));
    }
    // balance
    const members = rowsOf(v.member!).filter((m) =>
      groupId === undefined || m[v.group!] === groupId
    );
    const expenses = rows.filter((r) => groupId === undefined || r[v.group!] === groupId);
    const net = new Map(members.map((m) => [Number(m.id), { paid: 0, share: 0 }]));
    for (const x of expenses) {
      const split = (x[v.split!] as number[]) ?? [];
      const amount = Number(x[v.amount!]);
      net.get(Number(x[v.payer!]))!.paid += amount;
      for (const m of split) net.get(m)!.share += amount / Math.max(1, split.length);
    }
    const payments = v.payment
      ? rowsOf(v.payment.entity).filter((p) => groupId === undefined || p[v.group!] === groupId)
      : [];
    for (const p of payments) {
      net.get(Number(p[v.payment!.from]))!.paid += Number(p[v.payment!.amount]);
      net.get(Number(p[v.payment!.to]))!.paid -= Number(p[v.payment!.amount]);
    }
    const name = (id: number) =>
      String(members.find((m) => m.id === id)?.[entity(v.member!).display] ?? id);
    const balances = [...net].map(([id, n]) => ({
      member_id: id,
      name: name(id),
      paid: n.paid,
      share: n.share,
      net: Math.round((n.paid - n.share) * 100) / 100,
    }));
    const debtors = balances.filter((b) => b.net < -0.005).map((b) => ({ ...b }));
    const creditors = balances.filter((b) => b.net > 0.005).map((b) => ({ ...b }));
    const transfers = [];
    for (const d of debtors) {
      for (const c of creditors) {
        const amount = Math.min(-d.net, c.net);
        if (amount < 0.005) continue;
        transfers.push({
          from_id: d.member_id,
          from: d.name,
          to_id: c.member_id,
          to: c.name,
          amount: Math.round(amount * 100) / 100,
        });
        d.net += amount;
        c.net -= amount;
      }
    }
    return { balances, transfers };
  };

  const handle = (request: Request, body: Row): Response => {
    const url = new URL(request.url);
    const method = request.method;
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "");
    const userId = token ? sessions.get(token) : undefined;
    const user = [...users.values()].find((u) => u.id === userId);
    for (const endpoint of spec.endpoints) {
      if (endpoint.method !== method) continue;
      const pattern = new RegExp(
        "^" + endpoint.path.replace(/\{id\}/g, "(\\d+)").replace(/\{[a-z0-9_]+\}/g, "([^/]+)") +
          "$",
      );
      const found = pattern.exec(url.pathname);
      if (!found) continue;
      const param = found[1];
      const id = Number(param);
      if (endpoint.auth && user === undefined) return json(401, { detail: "Not authenticated" });
      if (endpoint.roles && !endpoint.roles.includes(user?.role ?? "")) {
        return json(403, { detail: "Your role may not do this" });
      }
      const e = endpoint.entity ? entity(endpoint.entity) : undefined;
      const table = e ? tables.get(e.name)! : new Map<number, Row>();
      switch (endpoint.action) {
        case "register": {
          const role = spec.roles?.find((r) => r.name === body.role) ?? spec.roles?.[0];
          if (role?.staff && body.staff_code !== FAKE_STAFF_CODE) {
            return json(403, { detail: "Wrong staff code" });
          }
          const u = {
            id: nextId++,
            email: String(body.email),
            name: String(body.name),
            password: String(body.password),
            ...(role ? { role: role.name } : {}),
          };
          users.set(u.email, u);
          const t = crypto.randomUUID();
          sessions.set(t, u.id);
          return json(201, {
            token: t,
            user: { id: u.id, email: u.email, name: u.name, role: u.role, created_at: "" },
          });
        }
        case "login": {
          const u = users.get(String(body.email));
          if (!u || u.password !== body.password) {
            return json(401, { detail: "Wrong email or password" });
          }
          const t = crypto.randomUUID();
          sessions.set(t, u.id);
          return json(200, {
            token: t,
            user: { id: u.id, email: u.email, name: u.name, role: u.role, created_at: "" },
          });
        }
        case "me":
          return json(200, {
            id: user!.id,
            email: user!.email,
            name: user!.name,
            role: user!.role,
            created_at: "",
          });
        case "logout":
          if (token) sessions.delete(token);
          return new Response(null, { status: 204, headers: CORS });
        case "stats":
          return json(
            200,
            Object.fromEntries(spec.entities.map((x) => [
              x.plural,
              rowsOf(x.name).filter((r) => visible(x, r, user)).length,
            ])),
          );
        case "list": {
          let rows = rowsOf(e!.name).filter((r) => visible(e!, r, user)).map((r) => read(e!, r));
          for (const [key, value] of url.searchParams) {
            if (key === "limit" || key === "offset") continue;
            if (key === "q") {
              const q = value.toLowerCase();
              rows = rows.filter((r) =>
                (e!.search ?? []).some((f) => String(r[f] ?? "").toLowerCase().includes(q))
              );
            } else if ((e!.links ?? []).some((l) => l.field.replace(/_ids$/, "_id") === key)) {
              const l = (e!.links ?? []).find((x) => x.field.replace(/_ids$/, "_id") === key)!;
              rows = rows.filter((r) => ((r[l.field] as number[]) ?? []).includes(Number(value)));
            } else rows = rows.filter((r) => String(r[key]) === value);
          }
          const order = e!.order;
          rows.sort((a, b) => {
            if (order === undefined) return Number(b.id) - Number(a.id);
            const [x, y] = [a[order.field], b[order.field]];
            const cmp = typeof x === "number" && typeof y === "number"
              ? x - y
              : String(x ?? "").localeCompare(String(y ?? ""));
            return order.direction === "asc" ? cmp : -cmp;
          });
          return json(200, rows.slice(0, Number(url.searchParams.get("limit") ?? 100)));
        }
        case "create":
          return json(201, create(e!, shapeInput(e!, body), user?.id));
        case "get": {
          const row = table.get(id);
          return row && visible(e!, row, user)
            ? json(200, read(e!, row))
            : json(404, { detail: "Not found" });
        }
        case "update": {
          const row = table.get(id);
          if (!row) return json(404, { detail: "Not found" });
          const next = { ...row, ...shapeInput(e!, body), updated_at: new Date().toISOString() };
          check(e!, next, id);
          table.set(id, next);
          return json(200, read(e!, next));
        }
        case "delete":
          return table.delete(id)
            ? new Response(null, { status: 204, headers: CORS })
            : json(404, { detail: "Not found" });
        case "action": {
          const a = (spec.actions ?? []).find((x) =>
            x.entity === e!.name && x.name === endpoint.behaviour
          )!;
          const row = table.get(id);
          if (!row) return json(404, { detail: "Not found" });
          if (!holds(read(e!, row), a.when)) return json(409, { detail: a.message ?? "Not now" });
          if (a.kind === "record") {
            const child = entity(a.child!);
            const defaults: Row = {};
            for (const s of a.set ?? []) defaults[s.field] = valueOf(row, s.value);
            return json(
              201,
              create(
                child,
                { ...shapeInput(child, body, true), ...defaults, [a.via!]: id },
                user?.id,
              ),
            );
          }
          const next = { ...row };
          if (a.kind === "transition") {
            for (const s of a.set ?? []) next[s.field] = valueOf(row, s.value);
            for (const f of e!.fields) {
              if (f.computed?.kind === "stamp" && f.computed.action === a.name) {
                next[f.name] = f.type === "date" ? today() : new Date().toISOString();
              }
            }
          }
          if (a.kind === "increment") next[a.field!] = Number(next[a.field!] ?? 0) + 1;
          if (a.kind === "move") Object.assign(next, body);
          if (a.kind === "swap") {
            const f = a.field!;
            const mine = Number(row[f] ?? 0);
            const peers = rowsOf(e!.name).filter((o) =>
              o.id !== id && (a.within === undefined || o[a.within] === row[a.within])
            );
            const near = a.direction === "up"
              ? peers.filter((o) => Number(o[f] ?? 0) < mine).sort((x, y) =>
                Number(y[f]) - Number(x[f])
              )[0]
              : peers.filter((o) => Number(o[f] ?? 0) > mine).sort((x, y) =>
                Number(x[f]) - Number(y[f])
              )[0];
            if (!near) {
              return json(409, {
                detail: `Already at the ${a.direction === "up" ? "top" : "bottom"}`,
              });
            }
            next[f] = near[f];
            table.set(Number(near.id), { ...near, [f]: mine });
          }
          check(e!, next, id);
          table.set(id, next);
          return json(200, read(e!, next));
        }
        case "view":
        case "settle": {
          const v = (spec.views ?? []).find((x) =>
            x.entity === e!.name && x.name === endpoint.behaviour
          )!;
          const groupId = endpoint.path.includes("{id}") ? id : undefined;
          const result = view(v, url, groupId);
          if (endpoint.action === "view") return json(200, result);
          const made = (result as { transfers: Row[] }).transfers.map((t) =>
            create(entity(v.payment!.entity), {
              [v.payment!.from]: t.from_id,
              [v.payment!.to]: t.to_id,
              [v.payment!.amount]: t.amount,
              ...(v.group ? { [v.group]: groupId } : {}),
            }, user?.id)
          );
          return json(201, made);
        }
        case "redirect": {
          const r = (spec.redirects ?? []).find((x) => x.entity === e!.name)!;
          const row = rowsOf(e!.name).find((x) => x[r.code] === decodeURIComponent(param ?? ""));
          if (!row) return json(404, { detail: "Not found" });
          if (r.counter) row[r.counter] = Number(row[r.counter] ?? 0) + 1;
          return new Response(null, {
            status: 307,
            headers: { location: String(row[r.target]), ...CORS },
          });
        }
      }
    }
    return json(404, { detail: "Not Found" });
  };

  return async (request: Request) => {
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS });
    const text = request.method === "GET" ? "" : await request.text();
    try {
      return handle(request, text === "" ? {} : JSON.parse(text));
    } catch (error) {
      if (error instanceof Refusal) return json(error.status, { detail: error.message });
      return json(500, { detail: String(error) });
    }
  };
}
