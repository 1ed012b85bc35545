/**
 * Which of an executor's file groups a spec change touches, so a real model
 * is asked again only for those when an app is refined (the offline
 * generator renders everything again and the merge keeps what did not
 * change). A page group is touched when one of its pages is new or shows an
 * entity or view the change touches; the frontend's shared group (API
 * client, types, navigation) and the backend are touched by any change to
 * entities or behaviours; a change of requirements alone touches only the
 * backend's tests.
 *
 * @module
 */
import type { FileGroup } from "../agents/file_groups.ts";
import type { Spec } from "../../core/spec.ts";
import { pageFilePath } from "../../core/routes.ts";
import { diffSpecs } from "./spec_diff.ts";

/**
 * @param agent Which executor.
 * @param groups Its file groups for the new spec.
 * @param before The spec the app was generated from.
 * @param after The new spec.
 * @returns The groups to ask again, in order.
 */
export function affectedGroups(
  agent: "fe_executor" | "be_executor",
  groups: readonly FileGroup[],
  before: Spec,
  after: Spec,
): FileGroup[] {
  const changes = diffSpecs(before, after).changes;
  const structural = changes.filter((c) => c.subject !== "requirement" && c.subject !== "app");
  if (changes.length === 0) return [];
  if (agent === "be_executor") {
    if (structural.length > 0) return [...groups];
    // Requirements carry the acceptance scenarios, which live in the tests.
    const tests = groups.filter((g) => g.name === "tests");
    return tests.length > 0 ? tests : [...groups];
  }
  if (structural.length === 0) return changes.some((c) => c.subject === "app") ? [groups[0]!] : [];
  const touched = new Set<string>();
  for (const c of structural) touched.add(c.name.split(/[. ]/)[0]!);
  // An entity's pages list its parents, children and linked rows.
  for (const entity of after.entities) {
    const related = [
      ...entity.relations.map((r) => r.target),
      ...(entity.links ?? []).map((l) => l.target),
    ];
    if (related.some((name) => touched.has(name))) touched.add(entity.name);
    if (touched.has(entity.name)) { for (const name of related) touched.add(name); }
  }
  const views = new Set(
    structural.filter((c) => c.subject === "view").map((c) => c.name.split(".")[1]),
  );
  const oldRoutes = new Set(before.pages.map((p) => p.route));
  return groups.filter((group, i) => {
    if (i === 0) return true;
    return after.pages.some((page) =>
      group.files.includes(pageFilePath(page.route)) &&
      (!oldRoutes.has(page.route) || (page.entity !== undefined && touched.has(page.entity)) ||
        (page.view !== undefined && views.has(page.view)))
    );
  });
}
