/**
 * Client functions for spec endpoints off the REST conventions, so that every
 * endpoint of the spec still has exactly one `apiFetch` call in `lib/api.ts`
 * (the validator maps calls to endpoints) even when no page knows what to do
 * with it.
 *
 * @module
 */
import type { Endpoint } from "../../core/spec.ts";
import { camelCase, pascalCase } from "../../core/words.ts";
import { docText, type FrontendModel } from "./model.ts";

// Path parameters become function parameters; these names cannot.
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export " +
    "extends false finally for function if import in instanceof new null return super switch " +
    "this throw true try typeof var void while with yield let static implements interface " +
    "package private protected public await body query").split(" "),
);

/**
 * The name of the client function of an unconventional endpoint.
 *
 * @param endpoint The endpoint.
 * @returns e.g. `postPostsByIdPublish` for `POST /api/posts/{id}/publish`.
 */
export function extraFunctionName(endpoint: Endpoint): string {
  const parts = endpoint.path.split("/").slice(2).filter((s) => s !== "").map((segment) => {
    const param = segment.match(/^\{(.+)\}$/)?.[1];
    return param === undefined ? pascalCase(segment) : `By${pascalCase(param)}`;
  });
  return endpoint.method.toLowerCase() + parts.join("");
}

/**
 * Renders the client functions of the spec's unconventional endpoints.
 *
 * @param model The frontend model.
 * @param taken Names `lib/api.ts` already exports.
 * @returns One function source per endpoint.
 * @throws {RangeError} When a function name is already taken.
 */
export function renderExtraFunctions(model: FrontendModel, taken: Set<string>): string[] {
  return model.extra.map((endpoint) => {
    const name = extraFunctionName(endpoint);
    if (taken.has(name)) {
      throw new RangeError(
        `Cannot render the client of "${endpoint.id}": the name "${name}" is taken`,
      );
    }
    taken.add(name);
    const params: string[] = [];
    const path = endpoint.path.replace(/\{([^}]+)\}/g, (_, raw: string) => {
      let param = camelCase(raw);
      if (RESERVED.has(param) || params.includes(`${param}: number | string`)) param += "Param";
      params.push(`${param}: number | string`);
      return "${" + param + "}";
    });
    const entity = model.entities.find((m) => m.entity.name === endpoint.entity);
    let type = "unknown";
    if (endpoint.status === 204 || endpoint.action === "delete") type = "void";
    else if (entity !== undefined && endpoint.action === "list") type = `T.${entity.type}[]`;
    else if (entity !== undefined && ["create", "get", "update"].includes(endpoint.action)) {
      type = `T.${entity.type}`;
    }
    let rest = "";
    if (endpoint.method === "GET") {
      params.push("query: Query = {}");
      rest = ", undefined, query";
    }
    if (endpoint.method === "POST" || endpoint.method === "PUT") {
      params.push("body?: unknown");
      rest = ", body";
    }
    const literal = path.includes("${") ? "`" + path + "`" : `"${path}"`;
    return `/** ${docText(endpoint.summary || endpoint.id)} (\`${endpoint.id}\`). */
export function ${name}(${params.join(", ")}): Promise<${type}> {
  return apiFetch<${type}>("${endpoint.method}", ${literal}${rest});
}`;
  });
}
