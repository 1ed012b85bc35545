/**
 * Merges the pieces features share: route functions into one router module
 * per module name, test functions into one test module per file.
 *
 * @module
 */
import type { RoutePiece, TestPiece } from "./feature_part.ts";
import { mergeImports, pyDoc, pyModule, pyStr, renderImports } from "./python.ts";
import { testImports } from "./pytest.ts";

function groups<T extends { [k in K]: string }, K extends string>(items: T[], key: K): T[][] {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(item[key], [...(out.get(item[key]) ?? []), item]);
  return [...out.values()];
}

/**
 * @param pieces Route pieces, in feature order.
 * @returns One router module per module name, in order of first appearance.
 */
export function mergeRoutes(pieces: RoutePiece[]): { module: string; source: string }[] {
  return groups(pieces, "module").map((group) => {
    const first = group[0]!;
    const imports = mergeImports(
      { fastapi: ["APIRouter"] },
      ...group.map((p) => p.imports),
    );
    return {
      module: first.module,
      source: pyModule([
        [
          pyDoc(first.doc),
          renderImports(imports),
          "",
          `router = APIRouter(tags=[${pyStr(first.tag)}])`,
        ].join("\n"),
        ...group.flatMap((p) => p.blocks),
      ]),
    };
  });
}

/**
 * @param pieces Test pieces, in feature order.
 * @returns One test module per file, in order of first appearance.
 */
export function mergeTests(pieces: TestPiece[]): { file: string; source: string }[] {
  return groups(pieces, "file").map((group) => {
    const functions = group.flatMap((p) => p.functions);
    return {
      file: group[0]!.file,
      source: pyModule([testImports(pyDoc(group[0]!.doc), functions.join("\n")), ...functions]),
    };
  });
}
