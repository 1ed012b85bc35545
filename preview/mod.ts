/**
 * Running a generated app for a person to try (`deno task preview`): backend
 * and frontend on matching ports and CORS, stopped together.
 *
 * @module
 */
export {
  appFolders,
  DEFAULT_PORTS,
  pickPort,
  type Preview,
  PreviewError,
  type PreviewOptions,
  startPreview,
} from "./preview.ts";
export { findPreviewPython } from "./python.ts";
export { followOutput, newLines } from "./follow.ts";
