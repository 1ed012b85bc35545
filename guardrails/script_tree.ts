/**
 * TypeScript's syntax tree of a generated script, parsed once for both of
 * its readers: the validator's syntax check and the review gate (layer 6).
 * Parsing is most of a job's CPU time, and each frontend file used to be
 * parsed twice.
 *
 * The last few trees are kept, keyed by the file's text, so memory stays
 * bounded whatever the number of jobs.
 *
 * @module
 */
import ts from "typescript";

/** Trees kept: more than one job's frontend files, a few MB at most. */
export const SCRIPT_TREE_LIMIT = 48;

const trees = new Map<string, { path: string; tree: ts.SourceFile }>();

/**
 * @param path The file's path; its extension picks the dialect (TSX, JSX...).
 * @returns The script kind to parse it as.
 */
export function scriptKind(path: string): ts.ScriptKind {
  return /\.tsx$/.test(path)
    ? ts.ScriptKind.TSX
    : /\.(?:jsx|js|mjs|cjs)$/.test(path)
    ? ts.ScriptKind.JSX
    : ts.ScriptKind.TS;
}

/**
 * Parses a script, or returns the tree parsed earlier for the same path and
 * text. Parent links are set. The tree must not be changed by the caller.
 *
 * @param path The file's path.
 * @param source The file's text.
 * @returns Its syntax tree (syntax errors are in its `parseDiagnostics`).
 */
export function scriptTree(path: string, source: string): ts.SourceFile {
  const hit = trees.get(source);
  if (hit !== undefined && hit.path === path) {
    // Most recently used last: the oldest entry is the first evicted.
    trees.delete(source);
    trees.set(source, hit);
    return hit.tree;
  }
  const tree = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, scriptKind(path));
  trees.set(source, { path, tree });
  if (trees.size > SCRIPT_TREE_LIMIT) trees.delete(trees.keys().next().value!);
  return tree;
}

/**
 * @param tree A tree from {@link scriptTree}.
 * @returns Its syntax errors.
 */
export function syntaxErrors(tree: ts.SourceFile): readonly ts.Diagnostic[] {
  // parseDiagnostics holds the syntax errors of a source file.
  return (tree as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
}
