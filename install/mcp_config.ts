/**
 * `deno task mcp:config [--npx] [--deno PATH] [--jobs-dir DIR] [--check]`:
 * prints the Claude Desktop config for this checkout on stdout (paste it into
 * `claude_desktop_config.json`), with where that file lives on stderr.
 * `--check` then starts the server exactly as the config says, with the PATH
 * a macOS GUI app has and no folder holding `deno`, and lists its tools.
 *
 * Exit codes: 0 printed (and checked); 1 the check failed; 2 bad usage.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import {
  chooseForm,
  claudeDesktopConfig,
  configFileLocation,
  SERVER_NAME,
} from "./claude_desktop.ts";
import { GUI_PATH, probeStdioServer, withoutProgram } from "./stdio_probe.ts";

const USAGE = `Usage: deno task mcp:config [--npx] [--deno PATH] [--jobs-dir DIR] [--check]

Prints the Claude Desktop config (claude_desktop_config.json) for this checkout.

  --npx           run Deno through \`npx -y deno@…\` (needs Node.js) instead of an installed deno
  --deno PATH     the deno to run (default: the one running this, by the PATH entry leading to it)
  --jobs-dir DIR  where the server keeps jobs (default <checkout>/.stackforge/jobs)
  --check         then start the server as configured, as a GUI app would, and list its tools
  -h, --help      show this help`;

/**
 * @param args Command-line arguments.
 * @param io Output streams and environment.
 * @returns The exit code.
 */
export async function main(
  args: string[],
  io: {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    env: Record<string, string | undefined>;
    execPath: string;
  },
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        npx: { type: "boolean", default: false },
        deno: { type: "string" },
        "jobs-dir": { type: "string" },
        check: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    io.stderr(`error: ${(error as Error).message.split(". ")[0]}; see --help\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE + "\n");
    return 0;
  }
  if (values.npx && values.deno !== undefined) {
    io.stderr("error: give --npx or --deno, not both\n");
    return 2;
  }
  const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
  let chosen;
  try {
    chosen = chooseForm(values.npx ? "npx" : undefined, {
      root,
      execPath: io.execPath,
      env: io.env,
      ...(values.deno !== undefined ? { deno: values.deno } : {}),
      ...(values["jobs-dir"] !== undefined ? { jobsDir: resolve(values["jobs-dir"]) } : {}),
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    io.stderr(`error: ${error.message}\n`);
    return 2;
  }
  const config = claudeDesktopConfig(chosen.options);
  io.stdout(JSON.stringify(config, null, 2) + "\n");
  io.stderr(
    `Paste into ${
      configFileLocation(io.env)
    }, merging "mcpServers" with yours, then restart Claude Desktop.\n` +
      `${chosen.note}. Provider settings (OPENAI_API_KEY...) go in "env".\n`,
  );
  if (!values.check) return 0;
  const server = config.mcpServers[SERVER_NAME]!;
  const path = withoutProgram(GUI_PATH, "deno");
  io.stderr(
    `checking: starting the server as configured, with ${
      server.env.PATH ? "the config's PATH" : `a GUI app's PATH without deno (${path.join(":")})`
    }...\n`,
  );
  try {
    const result = await probeStdioServer(server, { path });
    io.stderr(
      `✓ ${result.serverName || "the server"} answered in ${
        (result.durationMs / 1000).toFixed(1)
      } s (protocol ${result.protocolVersion}), tools: ${result.tools.join(", ")}\n`,
    );
    // The server's own line says where jobs go and which provider runs them.
    const said = /^stackforge MCP server on .*$/m.exec(result.stderr)?.[0];
    if (said) io.stderr(`  it said: ${said}\n`);
    return 0;
  } catch (error) {
    io.stderr(`✗ the server did not answer as configured: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.main) {
  Deno.exit(
    await main(Deno.args, {
      stdout: (text) => Deno.stdout.writeSync(new TextEncoder().encode(text)),
      stderr: (text) => Deno.stderr.writeSync(new TextEncoder().encode(text)),
      env: Deno.env.toObject(),
      execPath: Deno.execPath(),
    }),
  );
}
