/**
 * `app/settings.py` of the generated backend: the security settings read
 * from the environment once, when the app is created, each checked so a bad
 * value stops the app with a message naming the variable.
 *
 * @module
 */
import type { BackendContext } from "./context.ts";
import { DEFAULT_MAX_BODY_BYTES } from "./security.ts";

/** One setting of the generated app. */
export interface AppSetting {
  env: string;
  attr: string;
  default: number;
  min: number;
  max: number;
  /** What it sets, for `.env.example` and the README. */
  doc: string;
  /** True when only apps with auth have it. */
  auth: boolean;
}

/** The security settings, in the order `.env.example` lists them. */
export const APP_SETTINGS: readonly AppSetting[] = [
  {
    env: "MAX_BODY_BYTES",
    attr: "max_body_bytes",
    default: DEFAULT_MAX_BODY_BYTES,
    min: 1_024,
    max: 1_073_741_824,
    doc: "Largest request body accepted, in bytes; larger ones get 413.",
    auth: false,
  },
  {
    env: "TOKEN_TTL_HOURS",
    attr: "token_ttl_hours",
    default: 168,
    min: 1,
    max: 8_760,
    doc: "How long a bearer token stays valid after sign-in, in hours.",
    auth: true,
  },
  {
    env: "LOGIN_ATTEMPTS_PER_ACCOUNT",
    attr: "login_attempts_per_account",
    default: 5,
    min: 1,
    max: 1_000,
    doc: "Failed sign-ins per account within the window before 429.",
    auth: true,
  },
  {
    env: "LOGIN_ATTEMPTS_PER_ADDRESS",
    attr: "login_attempts_per_address",
    default: 20,
    min: 1,
    max: 100_000,
    doc: "Failed sign-ins per client address within the window before 429.",
    auth: true,
  },
  {
    env: "LOGIN_WINDOW_MINUTES",
    attr: "login_window_minutes",
    default: 15,
    min: 1,
    max: 1_440,
    doc: "The window failed sign-ins are counted over, in minutes.",
    auth: true,
  },
];

/**
 * @param ctx The render context.
 * @returns The settings the app has.
 */
export function appSettings(ctx: BackendContext): AppSetting[] {
  return APP_SETTINGS.filter((s) => ctx.auth || !s.auth);
}

function pyInt(n: number): string {
  return String(n).replace(/(\d)(?=(\d{3})+$)/g, "$1_");
}

/**
 * Renders `backend/app/settings.py`.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderSettings(ctx: BackendContext): string {
  const settings = appSettings(ctx);
  const fields = settings.map((s) => `    ${s.attr}: int = ${pyInt(s.default)}`);
  const reads = settings.flatMap((s) => [
    `        ${s.attr}=whole(`,
    `            env, "${s.env}", ${pyInt(s.default)}, ${pyInt(s.min)}, ${pyInt(s.max)}`,
    "        ),",
  ]);
  return [
    '"""Security settings, read from the environment when the app is created.',
    "",
    "Each is checked: a bad value stops the app with a message naming the",
    "variable, rather than running with a limit nobody chose.",
    '"""',
    "import os",
    "from collections.abc import Mapping",
    "from dataclasses import dataclass",
    "",
    "from fastapi import Request",
    "",
    "",
    "@dataclass(frozen=True)",
    "class Settings:",
    '    """The limits the app enforces."""',
    "",
    ...fields,
    "",
    "",
    "def whole(",
    "    env: Mapping[str, str], name: str, default: int, low: int, high: int",
    ") -> int:",
    '    """A whole-number setting between `low` and `high`, or its default."""',
    '    raw = env.get(name, "").strip()',
    "    if not raw:",
    "        return default",
    "    if not raw.isdigit() or not low <= int(raw) <= high:",
    "        raise ValueError(",
    '            f"Invalid {name} \\"{raw}\\": expected a whole number from {low}"',
    '            f" to {high}, e.g. {default}"',
    "        )",
    "    return int(raw)",
    "",
    "",
    "def load_settings(env: Mapping[str, str] | None = None) -> Settings:",
    '    """The settings of the environment (default: this process\'s)."""',
    "    env = os.environ if env is None else env",
    "    return Settings(",
    ...reads,
    "    )",
    "",
    "",
    "def get_settings(request: Request) -> Settings:",
    '    """FastAPI dependency: the settings the app was created with."""',
    "    settings: Settings = request.app.state.settings",
    "    return settings",
    "",
  ].join("\n");
}
