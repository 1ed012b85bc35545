/**
 * The generated app's shared components: \`ErrorMessage\` (API errors as
 * alerts) and \`Loadable\` (loading, error and empty states).
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import type { FrontendModel } from "./model.ts";

/**
 * Renders `frontend/components/ErrorMessage.tsx`: API errors as readable
 * alerts, 401 as a sign-in prompt when the app has auth.
 *
 * @param model The frontend model.
 * @returns The file.
 */
export function renderErrorMessage(model: FrontendModel): GeneratedFile {
  const login = model.loginRoute;
  const signIn = login === undefined ? "" : `
  if (askSignIn && error instanceof ApiError && error.status === 401) {
    return (
      <p role="alert" className="alert">
        Please sign in. <Link href={\`${login}?next=\${encodeURIComponent(pathname)}\`}>Sign in</Link>
      </p>
    );
  }`;
  const content = `${
    login === undefined
      ? ""
      : '"use client";\n\nimport Link from "next/link";\nimport { usePathname } from "next/navigation";\n'
  }import { ApiError } from "@/lib/api";

/** Props of {@link ErrorMessage}. */
export interface ErrorMessageProps {
  /** What was thrown; nothing is shown for \`null\`. */
  error: unknown;
  /** Shows a 401 as "Please sign in" (off on the sign-in form itself). */
  askSignIn?: boolean;
}

/** An error as an alert, FastAPI validation issues one per line. */
export function ErrorMessage(${
    login === undefined ? "{ error }" : "{ error, askSignIn = true }"
  }: ErrorMessageProps) {
${
    login === undefined
      ? ""
      : "  const pathname = usePathname();\n"
  }  if (error === null || error === undefined) return null;${signIn}
  const messages = error instanceof ApiError
    ? error.messages
    : [error instanceof Error ? error.message : String(error)];
  if (messages.length === 1) {
    return (
      <p role="alert" className="alert">
        {messages[0]}
      </p>
    );
  }
  return (
    <div role="alert" className="alert">
      <p>Please check the following:</p>
      <ul>
        {messages.map((message, index) => (
          <li key={index}>{message}</li>
        ))}
      </ul>
    </div>
  );
}
`;
  return { path: "frontend/components/ErrorMessage.tsx", content };
}

/**
 * Renders `frontend/components/Loadable.tsx`: loading, error and empty states
 * around loaded data.
 *
 * @returns The file.
 */
export function renderLoadable(): GeneratedFile {
  const content = `import type { ReactNode } from "react";
import { ErrorMessage } from "@/components/ErrorMessage";
import type { Loaded } from "@/lib/use_load";

/** Props of {@link Loadable}. */
export interface LoadableProps<R> {
  state: Loaded<R>;
  /** Shown until the data arrives. */
  loading: string;
  /** Shown instead of \`children\` when the data is an empty list. */
  empty?: string;
  children: (data: R) => ReactNode;
}

/** Renders \`children\` with the data once loaded, and the loading, error and empty states. */
export function Loadable<R>({ state, loading, empty, children }: LoadableProps<R>) {
  if (state.data === null) {
    if (state.error !== null) return <ErrorMessage error={state.error} />;
    return (
      <p role="status" className="muted">
        {loading}
      </p>
    );
  }
  const isEmpty = Array.isArray(state.data) && state.data.length === 0;
  return (
    <>
      <ErrorMessage error={state.error} />
      {isEmpty && empty !== undefined ? <p className="empty">{empty}</p> : children(state.data)}
    </>
  );
}
`;
  return { path: "frontend/components/Loadable.tsx", content };
}

/**
 * Renders `frontend/components/Percent.tsx`: a share as a number and a bar
 * (the bar is decoration; the number is the text).
 *
 * @returns The file.
 */
export function renderPercent(): GeneratedFile {
  const content = `import { formatPercent } from "@/lib/format";

/** A share out of 100 as text with a bar. */
export function Percent({ value }: { value: number | null | undefined }) {
  const width = Math.max(0, Math.min(100, value ?? 0));
  return (
    <span className="measure">
      <span className="bar" aria-hidden="true">
        <span className="bar-fill" style={{ width: \`\${width}%\` }} />
      </span>
      <span>{formatPercent(value)}</span>
    </span>
  );
}
`;
  return { path: "frontend/components/Percent.tsx", content };
}
