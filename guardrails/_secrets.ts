/**
 * Hard-coded secrets: key formats that are secrets wherever they appear, and
 * literal values given to names that say they hold one.
 *
 * @module
 */

/** Key formats that are secrets wherever they appear. */
export const SECRET_FORMATS: readonly RegExp[] = [
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/,
  /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/,
  /\bgh[pousr]_[A-Za-z0-9]{36}\b/,
  /\bgithub_pat_[A-Za-z0-9_]{40,}\b/,
  /\bsk-(?:proj-|live-)?[A-Za-z0-9_-]{24,}\b/,
  /\b[rs]k_live_[A-Za-z0-9]{20,}\b/,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/,
  /\bAIza[0-9A-Za-z_-]{35}\b/,
  /\bglpat-[A-Za-z0-9_-]{20}\b/,
  /\bey[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/,
  /\b(?:Bearer|Basic|Token)\s+[A-Za-z0-9._~+/-]{16,}=*/,
  /\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqp):\/\/[^:\s/@]+:[^@\s/]{3,}@/,
];

/** Words that mark a key-shaped value as an obvious fixture: "Bearer not-a-real-token". */
export const FAKE_VALUE =
  /(?:not[-_ ]?a[-_ ]?real|fake|dummy|example|sample|placeholder|invalid|redacted|x{6,}|changeme|your[-_]|test[-_]?token|[-_]test\b)/i;

/**
 * Whether a text holds a key format that is a secret anywhere, other than an obvious fixture.
 *
 * @param text A string literal's text or a line.
 * @returns True when a real-looking key is in it.
 */
export function hasSecretFormat(text: string): boolean {
  return SECRET_FORMATS.some((re) => {
    const m = re.exec(text);
    return m !== null && !FAKE_VALUE.test(m[0]);
  });
}

/** Names that say a value is a secret. */
export const SECRET_NAME =
  /(?:^|_|\b|[a-z])(?:password|passwd|pwd|secret|api_?key|apikey|access_?key|private_?key|secret_?key|signing_?key|encryption_?key|jwt_?key|auth_?token|access_?token|refresh_?token|client_?secret|bearer|token|credentials?)s?$/i;

const PLACEHOLDER =
  /^(?:|x+|\*+|\.+|-+|changeme|change[-_ ]?me.*|.*change[-_ ]?this.*|your[-_ ].*|<.*>|\$\{.*\}|\{\{.*\}\}|%\(.*\)s|example.*|.*placeholder.*|dummy.*|test.*|fake.*|sample.*|none|null|todo|tbd|secret|password|token|replace[-_ ]?me.*|set[-_ ]?me.*|dev|development|\w+_here)$/i;

/**
 * Whether a literal given to a secret-named variable is a real-looking secret.
 *
 * @param value The literal's text.
 * @returns True when it is not empty, a placeholder or an obvious example.
 */
export function looksLikeSecretValue(value: string): boolean {
  if (value.length < 6 || PLACEHOLDER.test(value.trim())) return false;
  // A URL, a path, a header name or a format string is configuration, not a secret.
  if (/^(?:https?:\/\/|\/|\.\/)|^[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)+$|\{[^}]*\}|%s/.test(value)) {
    return false;
  }
  return true;
}

/**
 * Whether a value named like a secret is one of an API's option values: `credentials: "include"`
 * of `fetch()`, `token_type: "bearer"`.
 *
 * @param name The name the value is given.
 * @param value The literal.
 * @returns True for such an option value.
 */
export function isOptionValue(name: string, value: string): boolean {
  return /credentials$/i.test(name) && /^(?:include|omit|same-origin)$/.test(value) ||
    /token_?type$/i.test(name) && /^(?:bearer|basic|mac)$/i.test(value);
}

/**
 * Whether a file holds tests, where fixed passwords are fixtures, not secrets.
 *
 * @param path The file's path.
 * @returns True for test files and test folders.
 */
export function isTestFile(path: string): boolean {
  return /(?:^|\/)(?:tests?|__tests__|spec)\/|(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$|\.(?:test|spec)\.[jt]sx?$/
    .test(path);
}
