/**
 * The generated app's small runtime helpers under `lib/`: token storage,
 * value formatting, row titles and the data-loading hook the pages share.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import { capitalize } from "../../core/words.ts";
import { docText, type FrontendModel, js, withArticle } from "./model.ts";

/**
 * Renders `frontend/lib/auth.ts`: the bearer token in localStorage.
 *
 * @returns The file.
 */
export function renderAuthStore(): GeneratedFile {
  const content = `/** The bearer token, kept in localStorage so a sign-in survives reloads. */

/** localStorage key of the token. */
export const TOKEN_KEY = "stackforge_token";

const CHANGE_EVENT = "stackforge-auth-change";

/** The stored token, or \`null\` when signed out (and always on the server). */
export function getToken(): string | null {
  if (typeof window === "undefined") return null;
  try {
    return window.localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Stores the token and tells listeners. */
export function setToken(token: string): void {
  window.localStorage.setItem(TOKEN_KEY, token);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** Forgets the token and tells listeners. */
export function clearToken(): void {
  window.localStorage.removeItem(TOKEN_KEY);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** Calls \`listener\` when the token changes, in this tab or another; returns the unsubscribe. */
export function onTokenChange(listener: () => void): () => void {
  window.addEventListener(CHANGE_EVENT, listener);
  window.addEventListener("storage", listener);
  return () => {
    window.removeEventListener(CHANGE_EVENT, listener);
    window.removeEventListener("storage", listener);
  };
}
`;
  return { path: "frontend/lib/auth.ts", content };
}

/**
 * Renders `frontend/lib/format.ts`: values to text for display and forms, and back.
 *
 * @returns The file.
 */
export function renderFormat(): GeneratedFile {
  const content =
    `/** Turning row values into text for display and form inputs, and form text back. */

/** A value of a row field. */
export type Scalar = string | number | boolean | null | undefined;

/** A value for display: "—" when empty, "Yes"/"No" for booleans. */
export function formatValue(value: Scalar): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}

/** An ISO date-time in the reader's locale. */
export function formatDatetime(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}

/** The title of a row: its display value, or \`fallback\` when that is empty. */
export function labelText(value: Scalar, fallback: string): string {
  return value === null || value === undefined || value === "" ? fallback : formatValue(value);
}

/** A link target for a URL field, only for http(s) so stored data cannot run script. */
export function safeHref(value: string | null | undefined): string | undefined {
  return value !== null && value !== undefined && /^https?:\\/\\//i.test(value) ? value : undefined;
}

/** A computed number: at most two decimals, no grouping, "—" when empty. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return String(Math.round(value * 100) / 100);
}

/** A share out of 100, e.g. "42.5%". */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return \`\${Math.round(value * 10) / 10}%\`;
}

/** A date (YYYY-MM-DD) as the API gives it; a date-time is cut to its date. */
export function formatDate(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  return value.slice(0, 10);
}

/** An enum value as its options show it: "in_progress" → "In progress". */
export function formatEnum(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const text = value.split("_").filter((word) => word !== "").join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A value as an input holds it: "" for empty. */
export function toText(value: Scalar): string {
  return value === null || value === undefined ? "" : String(value);
}

/** An ISO date-time as a \`datetime-local\` input holds it (local time, to the minute). */
export function toDatetimeLocal(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return \`\${date.getFullYear()}-\${pad(date.getMonth() + 1)}-\${pad(date.getDate())}T\${
    pad(date.getHours())
  }:\${pad(date.getMinutes())}\`;
}

/** A \`datetime-local\` input value as an ISO date-time (UTC). */
export function fromDatetimeLocal(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
`;
  return { path: "frontend/lib/format.ts", content };
}

/**
 * Renders `frontend/lib/labels.ts`: the title of a row of each entity.
 *
 * @param model The frontend model.
 * @returns The file.
 */
export function renderLabels(model: FrontendModel): GeneratedFile {
  const fns = model.entities.map((m) =>
    `/** The title of ${docText(withArticle(m.entity.label))} in lists, headings and menus. */
export function ${m.labelFn}(row: T.${m.type}): string {
  return labelText(row.${m.entity.display}, ${js(`${capitalize(m.entity.label)} #`)} + row.id);
}`
  );
  const content = `/** Row titles, from each entity's display field. */
import { labelText } from "./format";
import type * as T from "./types";

${fns.join("\n\n")}
`;
  return { path: "frontend/lib/labels.ts", content };
}

/**
 * Renders `frontend/lib/use_load.ts`: the hook behind every loading, empty
 * and error state.
 *
 * @returns The file.
 */
export function renderUseLoad(): GeneratedFile {
  const content = `import { useCallback, useEffect, useState } from "react";

/** Data loaded from the API, with its loading and error state. */
export interface Loaded<R> {
  /** The data; \`null\` until the first load succeeds. */
  data: R | null;
  error: unknown;
  loading: boolean;
  /** Loads again, e.g. after a change. */
  reload: () => Promise<void>;
  setData: (data: R) => void;
}

/**
 * Calls \`loader\` on mount, whenever it changes (memoise it with
 * \`useCallback\`) and when the window regains focus (data changed in another
 * tab, a short link clicked); not while \`enabled\` is false.
 */
export function useLoad<R>(loader: () => Promise<R>, enabled = true): Loaded<R> {
  const [data, setData] = useState<R | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await loader());
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }, [loader]);
  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    void reload();
    const onFocus = () => void reload();
    window.addEventListener("focus", onFocus);
    return () => window.removeEventListener("focus", onFocus);
  }, [reload, enabled]);
  return { data, error, loading, reload, setData };
}
`;
  return { path: "frontend/lib/use_load.ts", content };
}

/**
 * Renders \`frontend/lib/lookup.ts\`: the display names of another entity's
 * rows by id, so relations and links show names, not ids.
 *
 * @returns The file.
 */
export function renderLookup(): GeneratedFile {
  const content = `import { useEffect, useState } from "react";

/** A list function of the client: any entity's \`list...\` takes a query with a limit. */
export type Lister<R> = (query: { limit?: number }) => Promise<R[]>;

/**
 * The names of the rows \`ids\` point at, loaded from \`list\` when an id is not
 * known yet (a row made since); ids it cannot find stay out of the map.
 */
export function useLookup<R extends { id: number }>(
  list: Lister<R> | undefined,
  label: (row: R) => string,
  ids: readonly (number | null | undefined)[],
): Map<number, string> {
  const [names, setNames] = useState<Map<number, string>>(() => new Map());
  const missing = [
    ...new Set(ids.filter((id): id is number => typeof id === "number" && !names.has(id))),
  ].sort((a, b) => a - b).join(",");
  useEffect(() => {
    if (list === undefined || missing === "") return;
    let active = true;
    list({ limit: 500 }).then(
      (rows) => {
        if (active) setNames(new Map(rows.map((row) => [row.id, label(row)])));
      },
      () => {},
    );
    return () => {
      active = false;
    };
  }, [list, label, missing]);
  return names;
}
`;
  return { path: "frontend/lib/lookup.ts", content };
}
