/**
 * Renders the generated tests of auth: `tests/test_auth.py`, and the access
 * rule tests of each `owner_write` or `private` entity.
 *
 * @module
 */
import type { BackendContext, EntityPlan } from "./context.ts";
import { canCreate, planOf } from "./context.ts";
import { pyModule, pyStr, wrapCall } from "./python.ts";
import { staffOver } from "./route_access.ts";
import { itemPath, listPath, request, testFunction, testImports, writerOf } from "./pytest.ts";

/**
 * The access tests of one entity: 401 without a token, 403 for another
 * user of an `owner_write` row, 404 and empty lists for another user of a
 * `private` row, and 422 when linking another user's private parent.
 *
 * @param ctx The render context.
 * @param plan The entity.
 * @returns Test functions; none for public entities or apps without auth.
 */
export function accessTests(ctx: BackendContext, plan: EntityPlan): string[] {
  if (!ctx.auth || plan.access === "public" || !canCreate(plan, ctx.entities)) return [];
  const { routes, plural, singular } = plan;
  const isPrivate = plan.access === "private";
  const owner = writerOf(ctx, plan);
  const item = (action: "get" | "update" | "delete") => itemPath(plan, action, "row['id']");
  const out: string[] = [];

  const anonymous = [
    ...(isPrivate && routes.list ? [["get", listPath(plan, "list")]] : []),
    ["post", listPath(plan, "create"), "json=body"],
    ...(isPrivate && routes.get ? [["get", item("get")]] : []),
    ...(routes.update ? [["put", item("update"), "json=body"]] : []),
    ...(routes.delete ? [["delete", item("delete")]] : []),
  ];
  out.push(testFunction(`test_${plural}_need_a_token`, [
    `    row = api.create(${pyStr(plural)}, ${owner})`,
    `    body = api.payload(${pyStr(plural)}, ${owner})`,
    "    responses = [",
    ...anonymous.map(([method, ...args]) => wrapCall("        ", `client.${method}`, args, ",")),
    "    ]",
    "    for response in responses:",
    "        assert response.status_code == 401",
    '        assert response.headers["www-authenticate"] == "Bearer"',
  ]));

  const hidden = plan.behaviour.publicWhere !== undefined;
  const refused = hidden ? 404 : 403;
  if (!isPrivate && (routes.update || routes.delete)) {
    out.push(testFunction(`test_only_its_owner_changes_a_${singular}`, [
      `    row = api.create(${pyStr(plural)}, ${owner})`,
      ...(routes.update
        ? [
          `    body = api.payload(${pyStr(plural)}, bob)`,
          `    path = ${item("update")}`,
          request("response = ", "put", ["path", "json=body", "headers=bob"]),
          `    assert response.status_code == ${refused}`,
        ]
        : []),
      ...(routes.delete
        ? [
          `    path = ${item("delete")}`,
          request("assert ", "delete", ["path", "headers=bob"], `.status_code == ${refused}`),
        ]
        : []),
      ...(routes.get
        ? [
          `    path = ${item("get")}`,
          request(
            "assert ",
            "get",
            ["path", ...(hidden ? [`headers=${owner}`] : [])],
            ".json() == row",
          ),
        ]
        : []),
    ]));
  }

  const staffUpdates = plan.access === "owner_write" && routes.update
    ? staffOver(ctx, plan.behaviour.permissions.update, plan.behaviour.permissions.all)
    : [];
  const staffDeletes = plan.access === "owner_write" && routes.delete
    ? staffOver(ctx, plan.behaviour.permissions.delete, plan.behaviour.permissions.all)
    : [];
  const changer = staffUpdates[0] ?? staffDeletes[0];
  if (changer !== undefined) {
    // The spec lets this staff role change every row, not only its own.
    out.push(testFunction(`test_${changer}_users_change_others_${plural}`, [
      `    row = api.create(${pyStr(plural)}, ${owner})`,
      wrapCall("    ", "other = register", [
        "client",
        pyStr(`other.${changer}@example.com`),
        pyStr("Other"),
        pyStr(changer),
      ]),
      ...(staffUpdates.length > 0
        ? [
          `    body = api.payload(${pyStr(plural)}, other)`,
          `    path = ${item("update")}`,
          request("response = ", "put", ["path", "json=body", "headers=other"]),
          `    assert response.status_code == ${routes.update!.status}, response.text`,
        ]
        : []),
      ...(staffDeletes.length > 0
        ? [
          `    path = ${item("delete")}`,
          request(
            "assert ",
            "delete",
            ["path", "headers=other"],
            `.status_code == ${routes.delete!.status}`,
          ),
        ]
        : []),
    ]));
  }

  if (isPrivate) {
    out.push(testFunction(`test_${plural}_are_private_to_their_owner`, [
      `    row = api.create(${pyStr(plural)}, ${owner})`,
      ...(routes.get
        ? [
          `    path = ${item("get")}`,
          request("assert ", "get", ["path", "headers=bob"], ".status_code == 404"),
        ]
        : []),
      ...(routes.update
        ? [
          `    body = api.payload(${pyStr(plural)}, bob)`,
          `    path = ${item("update")}`,
          request("response = ", "put", ["path", "json=body", "headers=bob"]),
          "    assert response.status_code == 404",
        ]
        : []),
      ...(routes.delete
        ? [
          `    path = ${item("delete")}`,
          request("assert ", "delete", ["path", "headers=bob"], ".status_code == 404"),
        ]
        : []),
      ...(routes.list
        ? [
          request("assert ", "get", [listPath(plan, "list"), "headers=bob"], ".json() == []"),
          request("mine = ", "get", [listPath(plan, "list"), `headers=${owner}`], ".json()"),
          '    assert [r["id"] for r in mine] == [row["id"]]',
        ]
        : []),
    ]));
  }

  for (const { relation, parent, ownOnly } of plan.parents) {
    if (!ownOnly || !canCreate(planOf(ctx.entities, parent.name), ctx.entities)) continue;
    const field = relation.field;
    out.push(testFunction(`test_${singular}_rejects_another_users_${field}`, [
      `    parent = api.create(${pyStr(parent.plural)}, bob)`,
      `    body = api.payload(${pyStr(plural)}, ${owner}, ${field}=parent["id"])`,
      request("response = ", "post", [listPath(plan, "create"), "json=body", `headers=${owner}`]),
      "    assert response.status_code == 422, response.text",
      `    assert response.json()["detail"].startswith(${pyStr(`${field}: `)})`,
    ]));
  }
  return out;
}

/**
 * Renders `backend/tests/test_auth.py`: register, login, me and logout.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderAuthTests(ctx: BackendContext): string {
  const { register, login, me, logout } = ctx.authRoutes;
  const reg = pyStr(register.path);
  const signIn = pyStr(login.path);
  const mePath = pyStr(me.path);
  const body = (email: string, password: string, name?: string) => [
    `"email": ${pyStr(email)}`,
    `"password": ${password}`,
    ...(name === undefined ? [] : [`"name": ${pyStr(name)}`]),
  ];
  const dict = (head: string, items: string[], indent = "    ", tail = "") =>
    wrapCall(indent, head, items, tail, "{}");
  const carol = body("carol@example.com", "PASSWORD", "Carol");
  const tests = [
    testFunction("test_register_returns_a_token_and_the_user", [
      dict("body = ", body("Carol@Example.com", "PASSWORD", "Carol")),
      request("response = ", "post", [reg, "json=body"]),
      `    assert response.status_code == ${register.status}, response.text`,
      "    session = response.json()",
      '    assert len(session["token"]) >= 32',
      '    user = session["user"]',
      ctx.roles.length > 0
        ? '    assert set(user) == {"id", "email", "name", "role", "created_at"}'
        : '    assert set(user) == {"id", "email", "name", "created_at"}',
      ...(ctx.roles.length > 0 ? [`    assert user["role"] == ${pyStr(ctx.roles[0]!.name)}`] : []),
      '    assert user["email"] == "carol@example.com"',
      '    assert user["name"] == "Carol"',
    ]),
    testFunction("test_register_an_email_twice_is_409", [
      dict("body = ", carol),
      request("response = ", "post", [reg, "json=body"]),
      `    assert response.status_code == ${register.status}`,
      '    body["email"] = "CAROL@example.com"',
      request("response = ", "post", [reg, "json=body"]),
      "    assert response.status_code == 409",
    ]),
    testFunction("test_register_rejects_a_short_password_or_a_bad_email", [
      "    for body in (",
      dict("", body("carol@example.com", '"short"', "Carol"), "        ", ","),
      dict("", body("carol", "PASSWORD", "Carol"), "        ", ","),
      "    ):",
      request("response = ", "post", [reg, "json=body"], "", "        "),
      "        assert response.status_code == 422",
    ]),
    testFunction("test_login_returns_a_working_token", [
      dict("account = ", carol),
      request("", "post", [reg, "json=account"]),
      dict("body = ", body("Carol@example.com", "PASSWORD")),
      request("response = ", "post", [signIn, "json=body"]),
      `    assert response.status_code == ${login.status}, response.text`,
      '    token = response.json()["token"]',
      '    headers = {"Authorization": f"Bearer {token}"}',
      request("response = ", "get", [mePath, "headers=headers"]),
      '    assert response.json()["name"] == "Carol"',
    ]),
    testFunction("test_login_with_a_wrong_password_or_unknown_email_is_401", [
      dict("account = ", carol),
      request("", "post", [reg, "json=account"]),
      "    for body in (",
      dict("", body("carol@example.com", '"wrong password"'), "        ", ","),
      dict("", body("nobody@example.com", "PASSWORD"), "        ", ","),
      "    ):",
      request("response = ", "post", [signIn, "json=body"], "", "        "),
      "        assert response.status_code == 401",
      '        assert "token" not in response.json()',
    ]),
    testFunction("test_me_returns_the_signed_in_user", [
      request("response = ", "get", [mePath, "headers=alice"]),
      `    assert response.status_code == ${me.status}`,
      '    assert response.json()["email"] == "alice@example.com"',
    ]),
    testFunction("test_me_without_a_valid_token_is_401", [
      '    for headers in ({}, {"Authorization": "Bearer not-a-token"}):',
      request("response = ", "get", [mePath, "headers=headers"], "", "        "),
      "        assert response.status_code == 401",
      '        assert response.headers["www-authenticate"] == "Bearer"',
    ]),
    testFunction("test_logout_revokes_the_token", [
      request("response = ", "post", [pyStr(logout.path), "headers=alice"]),
      `    assert response.status_code == ${logout.status}`,
      request("assert ", "get", [mePath, "headers=alice"], ".status_code == 401"),
      request("assert ", "get", [mePath, "headers=bob"], `.status_code == ${me.status}`),
    ]),
  ];
  return pyModule([
    testImports('"""Tests of registration, login and tokens."""', tests.join("\n")),
    ...tests,
  ]);
}
