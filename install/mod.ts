/**
 * Installing stackforge into MCP clients: the Claude Desktop config for a
 * checkout (`deno task mcp:config`) and a probe that starts a stdio server
 * as a GUI client would and lists its tools.
 *
 * @module
 */
export {
  chooseForm,
  type ClaudeDesktopConfig,
  claudeDesktopConfig,
  type ConfigOptions,
  DENO_VERSION,
  serveArgs,
  stableDenoPath,
  type StdioServerConfig,
} from "./claude_desktop.ts";
export { GUI_PATH, type ProbeResult, probeStdioServer, withoutProgram } from "./stdio_probe.ts";
