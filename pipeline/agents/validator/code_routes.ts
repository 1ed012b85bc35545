/**
 * The routes a generated app's code declares and calls: FastAPI decorators
 * in the backend, `apiFetch("METHOD", "/api/...")` calls in the frontend.
 *
 * @module
 */
import type { GeneratedFile } from "../../../core/artifact.ts";

/** A route found in code: method and FastAPI-style path. */
export interface CodeRoute {
  method: string;
  path: string;
  file: string;
}

const DECORATOR = /@(?:router|app)\.(get|post|put|patch|delete)\(\s*["']([^"']+)["']/g;
const API_CALL =
  /apiFetch\s*(?:<[^()]*?>)?\s*\(\s*"(GET|POST|PUT|PATCH|DELETE)"\s*,\s*(["`])(\/api[^"`?]*)\2/g;

/**
 * @param files Backend files.
 * @returns Every route declared with a FastAPI decorator.
 */
export function backendRoutes(files: readonly GeneratedFile[]): CodeRoute[] {
  const routes: CodeRoute[] = [];
  for (const file of files) {
    if (!file.path.endsWith(".py")) continue;
    for (const m of file.content.matchAll(DECORATOR)) {
      routes.push({ method: m[1]!.toUpperCase(), path: m[2]!, file: file.path });
    }
  }
  return routes;
}

/**
 * @param files Frontend files.
 * @returns Every `apiFetch("METHOD", "/api/...")` call, with `${x}` turned into `{id}`.
 */
export function frontendCalls(files: readonly GeneratedFile[]): CodeRoute[] {
  const calls: CodeRoute[] = [];
  for (const file of files) {
    if (!/\.(ts|tsx)$/.test(file.path)) continue;
    for (const m of file.content.matchAll(API_CALL)) {
      calls.push({ method: m[1]!, path: m[3]!.replace(/\$\{[^}]+\}/g, "{id}"), file: file.path });
    }
  }
  return calls;
}

/** Whether two FastAPI-style paths are the same route, whatever their parameter names. */
export const samePath = (a: string, b: string) =>
  a.replace(/\{[^}]+\}/g, "{}") === b.replace(/\{[^}]+\}/g, "{}");
