/**
 * Starts an MCP server the way Claude Desktop does — the configured command,
 * args and env over the few variables a GUI app passes on (HOME, LOGNAME,
 * PATH, SHELL, TERM, USER), in a folder of its own — and asks it for its
 * tools over stdio with plain JSON-RPC: `initialize`,
 * `notifications/initialized`, `tools/list`.
 *
 * @module
 */
import { delimiter, join } from "node:path";
import type { StdioServerConfig } from "./claude_desktop.ts";

/** The variables an MCP client passes to a stdio server besides the config's `env`. */
export const INHERITED_ENV = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"] as const;

/** The PATH a macOS GUI app gets from launchd. */
export const GUI_PATH = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];

/** The protocol revision the probe asks for (what Claude Desktop speaks today). */
export const PROBE_PROTOCOL_VERSION = "2025-11-25";

/** What the server answered. */
export interface ProbeResult {
  protocolVersion: string;
  serverName: string;
  tools: string[];
  durationMs: number;
  /** What the server wrote on stderr (its last 8,000 characters), e.g. its start line. */
  stderr: string;
}

/** Options of {@link probeStdioServer}. */
export interface ProbeOptions {
  /** The PATH the client has (default {@link GUI_PATH}); the config's `env.PATH` wins. */
  path: string[];
  /** The client's other variables (default: this process's HOME, LOGNAME, SHELL, TERM, USER). */
  inherited?: Record<string, string>;
  /** How long the server may take to answer (default 120 s: a first start compiles and caches). */
  timeoutMs?: number;
  /** The working folder (default a new temporary one). */
  cwd?: string;
}

/**
 * A PATH without the folders that hold a program, so a test proves a config
 * does not rely on finding it there.
 *
 * @param dirs PATH entries.
 * @param program e.g. `deno`.
 * @returns The entries without it.
 */
export function withoutProgram(dirs: string[], program: string): string[] {
  return dirs.filter((dir) => {
    try {
      return !Deno.statSync(join(dir, program)).isFile;
    } catch {
      return true;
    }
  });
}

/**
 * Launches the server as configured and lists its tools.
 *
 * @param server The `mcpServers` entry.
 * @param options The client's PATH and environment.
 * @returns The server's name, protocol revision and tool names.
 * @throws {Error} When the server cannot start, exits, answers with an error or not in time,
 *   with the end of its stderr.
 */
export async function probeStdioServer(
  server: StdioServerConfig,
  options: ProbeOptions,
): Promise<ProbeResult> {
  const started = performance.now();
  const inherited = options.inherited ?? Object.fromEntries(
    INHERITED_ENV.filter((k) => k !== "PATH" && Deno.env.get(k) !== undefined)
      .map((k) => [k, Deno.env.get(k)!]),
  );
  const cwd = options.cwd ?? Deno.makeTempDirSync({ prefix: "stackforge-probe-" });
  const env = { ...inherited, PATH: options.path.join(delimiter), ...server.env };
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(server.command, {
      args: server.args,
      env,
      clearEnv: true,
      cwd,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    throw new Error(`Cannot start "${server.command}": ${(error as Error).message}`);
  }
  let stderr = "";
  const stderrDone = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) stderr = (stderr + decoder.decode(chunk)).slice(-8_000);
  })().catch(() => {});
  const tail = () => stderr.trim().split("\n").slice(-12).join("\n") || "(nothing on stderr)";
  const writer = child.stdin.getWriter();
  const send = (message: unknown) =>
    writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
  const lines = readLines(child.stdout);
  const exited = child.status.then((s) => s.code);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `"${server.command}" did not answer within ${
              Math.round((options.timeoutMs ?? 120_000) / 1000)
            } s:\n${tail()}`,
          ),
        ),
      options.timeoutMs ?? 120_000,
    );
  });
  const answer = async (id: number): Promise<Record<string, unknown>> => {
    while (true) {
      const line = await Promise.race([
        lines.next(),
        exited.then((code) => {
          throw new Error(
            `"${server.command}" exited with code ${code} before answering:\n${tail()}`,
          );
        }),
        deadline,
      ]);
      if (line.done) throw new Error(`"${server.command}" closed stdout:\n${tail()}`);
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line.value);
      } catch {
        throw new Error(
          `"${server.command}" wrote something that is not JSON-RPC on stdout: ${
            JSON.stringify(line.value.slice(0, 200))
          }`,
        );
      }
      if (message.id !== id) continue; // Notifications and logs.
      if (message.error) {
        throw new Error(`The server answered request ${id} with ${JSON.stringify(message.error)}`);
      }
      return (message.result ?? {}) as Record<string, unknown>;
    }
  };
  let answered: Omit<ProbeResult, "stderr">;
  try {
    await send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: PROBE_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: "stackforge-config-check", version: "1.0.0" },
      },
    });
    const init = await answer(1);
    await send({ jsonrpc: "2.0", method: "notifications/initialized" });
    await send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
    const list = await answer(2);
    const tools = ((list.tools ?? []) as { name: string }[]).map((t) => t.name);
    answered = {
      protocolVersion: String(init.protocolVersion),
      serverName: String((init.serverInfo as { name?: string } | undefined)?.name ?? ""),
      tools,
      durationMs: performance.now() - started,
    };
  } finally {
    clearTimeout(timer);
    // Closing stdin is how a client says goodbye; a server that stays is killed.
    await writer.close().catch(() => {});
    const gone = await Promise.race([
      exited.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 5_000)),
    ]);
    if (!gone) {
      try {
        child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
      await exited;
    }
    await lines.return(undefined);
    await stderrDone;
    if (options.cwd === undefined) Deno.removeSync(cwd, { recursive: true });
  }
  // Read once the server has gone, so the whole of stderr is in.
  return { ...answered, stderr };
}

async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  try {
    for await (const chunk of stream) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line !== "") yield line;
      }
    }
  } finally {
    await stream.cancel().catch(() => {});
  }
}
