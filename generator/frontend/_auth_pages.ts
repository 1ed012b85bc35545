/**
 * The generated app's sign-in and sign-up pages: forms that post to the auth
 * endpoints, store the token and go home.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import type { Page } from "../../core/spec.ts";
import { type FrontendModel, indent, js } from "./model.ts";
import { pageFilePath } from "../../core/routes.ts";
import { notePage } from "./_pages.ts";

interface AuthInput {
  name: string;
  label: string;
  type: string;
  autoComplete: string;
}

const EMAIL: AuthInput = { name: "email", label: "Email", type: "email", autoComplete: "email" };

/**
 * Renders a login or register page.
 *
 * @param model The frontend model.
 * @param page The spec page (kind `login` or `register`).
 * @returns The file.
 */
export function renderAuthPage(model: FrontendModel, page: Page): GeneratedFile {
  const isLogin = page.kind === "login";
  const fn = isLogin ? "login" : "register";
  if (!(isLogin ? model.api.login : model.api.register)) {
    const text = model.spec.auth
      ? `This app has no endpoint to ${isLogin ? "sign in" : "create an account"}.`
      : "This app has no accounts.";
    return { path: pageFilePath(page.route), content: notePage(page.title, text) };
  }
  const inputs: AuthInput[] = isLogin
    ? [EMAIL, {
      name: "password",
      label: "Password",
      type: "password",
      autoComplete: "current-password",
    }]
    : [
      { name: "name", label: "Name", type: "text", autoComplete: "name" },
      EMAIL,
      { name: "password", label: "Password", type: "password", autoComplete: "new-password" },
    ];
  const other = isLogin ? model.registerRoute : model.loginRoute;
  const otherLink = other === undefined ? "" : `
      <p>
        ${isLogin ? "No account yet?" : "Already have an account?"} <Link href=${js(other)}>${
    isLogin ? "Create one" : "Sign in"
  }</Link>
      </p>`;
  const fields = inputs.map((input) =>
    `<div className="field">
  <label htmlFor={\`\${uid}-${input.name}\`}>${input.label}</label>
  <input
    id={\`\${uid}-${input.name}\`}
    name="${input.name}"
    type="${input.type}"
    autoComplete="${input.autoComplete}"
    required
    value={values.${input.name}}
    onChange={(event) => update("${input.name}", event.target.value)}
  />
</div>`
  );
  const roles = !isLogin && model.roles.length > 1;
  if (roles) {
    fields.push(`<div className="field">
  <label htmlFor={\`\${uid}-role\`}>Role</label>
  <select id={\`\${uid}-role\`} name="role" value={role} onChange={(event) => setRole(event.target.value)}>
    {ROLES.map((option) => (
      <option key={option.name} value={option.name}>
        {option.label}
      </option>
    ))}
  </select>
</div>
{staff ? (
  <div className="field">
    <label htmlFor={\`\${uid}-staff_code\`}>Staff code</label>
    <input
      id={\`\${uid}-staff_code\`}
      name="staff_code"
      type="password"
      autoComplete="off"
      required
      aria-describedby={\`\${uid}-staff_code-hint\`}
      value={staffCode}
      onChange={(event) => setStaffCode(event.target.value)}
    />
    <p className="hint" id={\`\${uid}-staff_code-hint\`}>
      {\`Signing up as \${roleLabel(role)} needs the code your team was given.\`}
    </p>
  </div>
) : null}`);
  }
  const submit = isLogin ? "Sign in" : "Create account";
  const content = `"use client";

${
    other === undefined
      ? ""
      : 'import Link from "next/link";\n'
  }import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ErrorMessage } from "@/components/ErrorMessage";
import { ${fn} } from "@/lib/api";
import { setToken } from "@/lib/auth";
${
    roles
      ? 'import { ROLES, roleLabel } from "@/lib/permissions";\n'
      : ""
  }import type * as T from "@/lib/types";

/** Where to go after signing in: \`?next=\` when it is a path of this app, else home. */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get("next");
  return next !== null && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/** ${
    isLogin ? "Signs in" : "Creates an account"
  }, keeps the token and goes back (\`?next=\`) or home. */
export default function Page() {
  const router = useRouter();
  const uid = useId();
  const [values, setValues] = useState<T.${isLogin ? "LoginBody" : "RegisterBody"}>({ ${
    inputs.map((i) => `${i.name}: ""`).join(", ")
  } });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);${
    roles
      ? `
  const [role, setRole] = useState(ROLES[0]?.name ?? "");
  const [staffCode, setStaffCode] = useState("");
  const staff = ROLES.some((option) => option.name === role && option.staff);`
      : ""
  }

  function update(key: keyof typeof values, value: string): void {
    setValues((current) => ({ ...current, [key]: value }));
  }

  async function submit(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const session = await ${fn}(${
    roles ? "{ ...values, role, ...(staff ? { staff_code: staffCode } : {}) }" : "values"
  });
      setToken(session.token);
      router.push(nextPath());
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <h1>{${js(page.title)}}</h1>
      <form
        className="card form"
        data-testid="${fn}-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
${indent(fields.join("\n"), 8)}
        <ErrorMessage error={error} askSignIn={false} />
        <button type="submit" disabled={busy}>
          {busy ? "Please wait…" : ${js(submit)}}
        </button>
      </form>${otherLink}
    </div>
  );
}
`;
  return { path: pageFilePath(page.route), content };
}
