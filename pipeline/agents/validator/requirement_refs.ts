/**
 * What a requirement's `by` refs point at: `entity:Loan`,
 * `field:Loan.returned_at`, `action:Loan.return`, `rule:Reservation.unique`,
 * `view:Loan.overdue`, `redirect:Link`, `role:agent`,
 * `endpoint:GET /api/loans` — resolved to the spec's endpoints and pages,
 * and, given the generated files, to the files that hold them.
 *
 * @module
 */
import type { GeneratedFile } from "../../../core/artifact.ts";
import { pageFilePath } from "../../../core/routes.ts";
import type { Endpoint, Page, Spec } from "../../../core/spec.ts";
import { type CodeRoute, samePath } from "./code_routes.ts";

/** The ref kinds {@link resolveRef} knows. */
export const REF_KINDS = [
  "entity",
  "field",
  "action",
  "rule",
  "view",
  "redirect",
  "role",
  "endpoint",
] as const;

/** A resolved ref. */
export interface ResolvedRef {
  ref: string;
  /** False when the spec has nothing the ref names; undefined for a kind this module does not know. */
  found: boolean | undefined;
  endpoints: Endpoint[];
  pages: Page[];
}

function split(ref: string): { kind: string; name: string; member?: string } {
  const at = ref.indexOf(":");
  const kind = at < 0 ? "" : ref.slice(0, at);
  const rest = at < 0 ? ref : ref.slice(at + 1).trim();
  if (kind === "endpoint") return { kind, name: rest };
  const dot = rest.indexOf(".");
  return dot < 0 ? { kind, name: rest } : {
    kind,
    name: rest.slice(0, dot),
    member: rest.slice(dot + 1),
  };
}

/**
 * @param spec The spec.
 * @param ref A `by` ref.
 * @returns The endpoints and pages it stands for, and whether the spec has it.
 * @example
 * ```ts
 * import { resolveRef } from "./requirement_refs.ts";
 * import { blogSpec } from "../../../tests/fixtures/sample_specs.ts";
 * const ref = resolveRef(blogSpec, "entity:Post");
 * if (!ref.found || !ref.endpoints.some((e) => e.id === "POST /api/posts")) throw new Error();
 * ```
 */
export function resolveRef(spec: Spec, ref: string): ResolvedRef {
  const { kind, name, member } = split(ref);
  const entity = spec.entities.find((e) => e.name === name);
  const endpoints = (keep: (e: Endpoint) => boolean) => spec.endpoints.filter(keep);
  const pagesCalling = (found: Endpoint[]) =>
    spec.pages.filter((p) => found.some((e) => p.endpoints.includes(e.id)));
  const result = (found: boolean | undefined, eps: Endpoint[], pages: Page[] = []) => ({
    ref,
    found,
    endpoints: eps,
    pages,
  });
  switch (kind) {
    case "entity": {
      const eps = endpoints((e) =>
        e.entity === name && ["list", "create", "get", "update", "delete"].includes(e.action)
      );
      return result(
        entity !== undefined,
        eps,
        spec.pages.filter((p) => p.entity === name && (p.kind === "list" || p.kind === "detail")),
      );
    }
    case "field": {
      const found = entity !== undefined && member !== undefined && (
        entity.fields.some((f) => f.name === member) ||
        entity.relations.some((r) => r.field === member) ||
        (entity.links ?? []).some((l) => l.field === member || l.name === member)
      );
      return result(found, []);
    }
    case "action": {
      const found = (spec.actions ?? []).some((a) => a.entity === name && a.name === member);
      const eps = endpoints((e) =>
        e.action === "action" && e.entity === name && e.behaviour === member
      );
      return result(found, eps, pagesCalling(eps));
    }
    case "rule": {
      const found = (spec.rules ?? []).some((r) =>
        r.entity === name && (member === undefined || r.kind === member)
      );
      return result(
        found,
        endpoints((e) => e.entity === name && (e.action === "create" || e.action === "update")),
      );
    }
    case "view": {
      const found = (spec.views ?? []).some((v) => v.entity === name && v.name === member);
      const eps = endpoints((e) =>
        (e.action === "view" || e.action === "settle") && e.entity === name &&
        e.behaviour === member
      );
      return result(
        found,
        eps,
        spec.pages.filter((p) => p.kind === "view" && p.entity === name && p.view === member),
      );
    }
    case "redirect": {
      const found = (spec.redirects ?? []).some((r) => r.entity === name);
      return result(found, endpoints((e) => e.action === "redirect" && e.entity === name));
    }
    case "role":
      return result((spec.roles ?? []).some((r) => r.name === name), []);
    case "endpoint": {
      const eps = endpoints((e) => e.id === name);
      return result(eps.length > 0, eps, pagesCalling(eps));
    }
    default:
      return result(undefined, []);
  }
}

/**
 * The files behind a resolved ref: the backend file declaring each of its
 * endpoints (when the code has the route) and the page file of each page.
 *
 * @param ref A resolved ref.
 * @param routes The routes found in the backend code.
 * @param files The generated files (page files must exist to be named).
 * @returns Paths, without repeats, backend first.
 */
export function refFiles(
  ref: ResolvedRef,
  routes: readonly CodeRoute[],
  files: readonly GeneratedFile[],
): string[] {
  const paths = new Set(files.map((f) => f.path));
  const out = new Set<string>();
  for (const endpoint of ref.endpoints) {
    const route = routes.find((r) =>
      r.method === endpoint.method && samePath(r.path, endpoint.path)
    );
    if (route) out.add(route.file);
  }
  for (const page of ref.pages) {
    const file = pageFilePath(page.route);
    if (paths.has(file)) out.add(file);
  }
  return [...out];
}
