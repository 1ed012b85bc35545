/**
 * Who is signed in, as the generated pages see it: `lib/session.tsx` (the
 * token and the user from `GET /api/auth/me`, shared through a context),
 * `lib/permissions.ts` (which roles may write which rows, so the pages offer
 * only what the user may do; the server still judges) and
 * `components/SignedIn.tsx` (a sign-in prompt in place of what needs one).
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import { type FrontendModel, js } from "./model.ts";

/**
 * Renders `frontend/lib/session.tsx`.
 *
 * @param model The frontend model (with auth).
 * @returns The file.
 */
export function renderSession(model: FrontendModel): GeneratedFile {
  const me = model.api.me;
  const content = `"use client";

import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
${me ? 'import { ApiError, me } from "./api";\n' : ""}import { ${
    me ? "clearToken, " : ""
  }getToken, onTokenChange } from "./auth";
import type * as T from "./types";

/** The signed-in state: \`ready\` once the token was read (never during prerendering). */
export interface Session {
  ready: boolean;
  token: string | null;
  /** The user, once \`GET /api/auth/me\` answered. */
  user: T.AuthUser | null;
}

const SessionContext = createContext<Session>({ ready: false, token: null, user: null });

/** Reads the token, follows its changes and loads the user it belongs to. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [ready, setReady] = useState(false);
  const [token, setTokenState] = useState<string | null>(null);
  const [user, setUser] = useState<T.AuthUser | null>(null);

  useEffect(() => {
    const sync = () => {
      setTokenState(getToken());
      setReady(true);
    };
    sync();
    return onTokenChange(sync);
  }, []);

  useEffect(() => {
    setUser(null);
    if (token === null) return;
${
    me
      ? `    let active = true;
    me().then(
      (found) => {
        if (active) setUser(found);
      },
      (error: unknown) => {
        // A token the backend no longer accepts is as good as none.
        if (error instanceof ApiError && error.status === 401) clearToken();
      },
    );
    return () => {
      active = false;
    };
`
      : ""
  }  }, [token]);

  return <SessionContext.Provider value={{ ready, token, user }}>{children}</SessionContext.Provider>;
}

/** The signed-in state. */
export function useSession(): Session {
  return useContext(SessionContext);
}
`;
  return { path: "frontend/lib/session.tsx", content };
}

/**
 * Renders `frontend/lib/permissions.ts`: the roles and who may write each
 * entity's rows, from the spec's access modes, permissions and roles.
 *
 * @param model The frontend model (with auth).
 * @returns The file.
 */
export function renderPermissions(model: FrontendModel): GeneratedFile {
  const withRoles = model.roles.length > 0;
  const rules = model.entities.map((m) => {
    const p = m.entity.permissions ?? {};
    const parts = [`access: ${js(m.entity.access)}`];
    for (const key of ["create", "update", "delete", "all"] as const) {
      const roles = p[key];
      if (roles !== undefined && withRoles) parts.push(`${key}: [${roles.map(js).join(", ")}]`);
    }
    return `  ${m.entity.name}: { ${parts.join(", ")} },`;
  });
  const roleOf = withRoles ? `user.role` : `""`;
  const content =
    `/** Who may do what, so pages offer only what the user may do (the server still judges). */
import type { Session } from "./session";

/** Access and role permissions of one entity. */
interface Rules {
  access: "public" | "owner_write" | "private";
  create?: readonly string[];
  update?: readonly string[];
  delete?: readonly string[];
  /** Roles that see and change every row of a private entity. */
  all?: readonly string[];
}

const RULES = {
${rules.join("\n")}
} satisfies Record<string, Rules>;

/** An entity of the app, by name. */
export type EntityName = keyof typeof RULES;
${
      withRoles
        ? `
/** The kinds of user; everyone signs up as the first, staff roles need the staff code. */
export const ROLES: readonly { name: string; label: string; staff: boolean }[] = [
${
          model.roles.map((r) =>
            `  { name: ${js(r.name)}, label: ${js(r.label)}, staff: ${r.staff} },`
          ).join("\n")
        }
];

/** A role's label, e.g. "Agent". */
export function roleLabel(name: string | null | undefined): string {
  return ROLES.find((role) => role.name === name)?.label ?? "";
}

/** True when the signed-in user has one of \`roles\`. */
export function hasRole(session: Session, roles: readonly string[]): boolean {
  return session.user !== null && roles.includes(session.user.role);
}
`
        : ""
    }
/**
 * True when the user may create rows of \`entity\`, or change or delete \`row\`:
 * anyone for public rows, signed-in users to create, the owner (or a role that
 * sees every row) to change; the listed roles where the entity names them.
 */
export function mayWrite(
  session: Session,
  entity: EntityName,
  kind: "create" | "update" | "delete",
  row?: object,
): boolean {
  const rules: Rules = RULES[entity];
  const user = session.user;
  const roles = rules[kind];
  if (roles !== undefined) return user !== null && roles.includes(${roleOf});
  if (rules.access === "public") return true;
  if (user === null) return ${model.api.me ? "false" : "session.token !== null"};
  if (kind === "create" || row === undefined) return true;
  const owner = (row as { owner_id?: unknown }).owner_id;
  return owner === user.id || (rules.all ?? []).includes(${roleOf});
}
`;
  return { path: "frontend/lib/permissions.ts", content };
}

/**
 * Renders `frontend/components/SignedIn.tsx`: its children once signed in,
 * a sign-in prompt before.
 *
 * @param model The frontend model (with auth).
 * @returns The file.
 */
export function renderSignedIn(model: FrontendModel): GeneratedFile {
  const links = [
    model.loginRoute === undefined
      ? ""
      : `<Link href={\`${model.loginRoute}?next=\${next}\`}>Sign in</Link>`,
    model.registerRoute === undefined
      ? ""
      : `<Link href={\`${model.registerRoute}?next=\${next}\`}>create an account</Link>`,
  ].filter((l) => l !== "");
  const content = `"use client";

import type { ReactNode } from "react";
${
    links.length > 0
      ? 'import Link from "next/link";\nimport { usePathname } from "next/navigation";\n'
      : ""
  }import { useSession } from "@/lib/session";

/** Props of {@link SignedIn}. */
export interface SignedInProps {
  /** What the prompt asks for, e.g. "Sign in to add a ticket." */
  prompt: string;
  children: ReactNode;
}

/** The children when signed in; a sign-in prompt when not; nothing until known. */
export function SignedIn({ prompt, children }: SignedInProps) {
  const session = useSession();${
    links.length > 0
      ? "\n  // Back here once signed in.\n  const next = encodeURIComponent(usePathname());"
      : ""
  }
  if (!session.ready) return null;
  if (session.token === null) {
    return (
      <p className="signin-prompt">
        {prompt}${links.length > 0 ? ` ${links.join(" or ")}.` : ""}
      </p>
    );
  }
  return <>{children}</>;
}
`;
  return { path: "frontend/components/SignedIn.tsx", content };
}
