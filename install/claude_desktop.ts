/**
 * The Claude Desktop entry for this checkout, written so it works as printed:
 * a GUI app on macOS starts servers with launchd's PATH
 * (`/usr/bin:/bin:/usr/sbin:/sbin`), which holds neither `~/.deno/bin` nor
 * Homebrew's bin, so the command is an absolute path. The server's flags come
 * from the `serve` task of `deno.json`, so the two never drift apart.
 *
 * Two forms: `deno` runs an installed Deno by its absolute path; `npx` runs
 * `npx -y deno@<version>` by npx's absolute path, with node's folder on PATH
 * (npx is a `#!/usr/bin/env node` script).
 *
 * @module
 */
import { existsSync, realpathSync, statSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";

/** The Deno release the project is tested on (README, action.yml, .ci/run). */
export const DENO_VERSION = "2.9.6";

/** The name of the server in `mcpServers`. */
export const SERVER_NAME = "stackforge";

/** One entry of `mcpServers`, as Claude Desktop reads it. */
export interface StdioServerConfig {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** The whole `claude_desktop_config.json` for stackforge. */
export interface ClaudeDesktopConfig {
  mcpServers: Record<string, StdioServerConfig>;
}

/** Options of {@link claudeDesktopConfig}. */
export type ConfigOptions =
  & {
    /** The checkout, absolute. */
    root: string;
    /** Where the server keeps jobs, absolute (default `<root>/.stackforge/jobs`). */
    jobsDir?: string;
  }
  & (
    | { form: "deno"; /** Absolute path of the deno executable. */ deno: string }
    | {
      form: "npx";
      /** Absolute path of npx. */
      npx: string;
      /** The folder holding `node`, put first on the server's PATH. */
      nodeDir: string;
      /** Default {@link DENO_VERSION}. */
      denoVersion?: string;
      /** PATH entries after `nodeDir` (default the POSIX system folders). */
      systemPath?: string[];
    }
  );

/**
 * The `deno run` arguments of the `serve` task, with the script made absolute
 * and `--config` added, so the server runs from any working folder.
 *
 * @param root The checkout, absolute.
 * @returns The arguments after `deno`.
 * @throws {RangeError} When `deno.json` has no usable `serve` task.
 */
export function serveArgs(root: string): string[] {
  const denoJson = join(root, "deno.json");
  let task: unknown;
  try {
    task = (JSON.parse(Deno.readTextFileSync(denoJson)) as { tasks?: Record<string, unknown> })
      .tasks?.serve;
  } catch (error) {
    throw new RangeError(`Cannot read "${denoJson}": ${(error as Error).message}`);
  }
  const words = typeof task === "string" ? task.trim().split(/\s+/) : [];
  const script = words.findIndex((w) => w.endsWith(".ts"));
  if (words[0] !== "deno" || words[1] !== "run" || script < 0) {
    throw new RangeError(
      `Cannot build the server command: the "serve" task of "${denoJson}" is not "deno run ... server/main.ts --stdio"`,
    );
  }
  return [
    ...words.slice(1, script),
    "--config",
    denoJson,
    resolve(root, words[script]!),
    ...words.slice(script + 1),
  ];
}

/**
 * Builds the config.
 *
 * @param options The checkout, the form and its paths.
 * @returns The config to paste into `claude_desktop_config.json`.
 * @throws {RangeError} When a path is not absolute.
 * @example
 * ```ts
 * import { claudeDesktopConfig } from "./claude_desktop.ts";
 * const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
 * const config = claudeDesktopConfig({ root, form: "deno", deno: "/opt/homebrew/bin/deno" });
 * const server = config.mcpServers.stackforge!;
 * if (server.command !== "/opt/homebrew/bin/deno" || server.args.at(-1) !== "--stdio") {
 *   throw new Error(JSON.stringify(server));
 * }
 * ```
 */
export function claudeDesktopConfig(options: ConfigOptions): ClaudeDesktopConfig {
  const root = options.root;
  const jobsDir = options.jobsDir ?? join(root, ".stackforge", "jobs");
  for (const [what, path] of [["checkout", root], ["jobs folder", jobsDir]] as const) {
    if (!isAbsolute(path)) throw new RangeError(`The ${what} "${path}" is not an absolute path`);
  }
  // A GUI app starts the server in a folder of its choosing: every path is absolute.
  const env: Record<string, string> = { STACKFORGE_JOBS_DIR: jobsDir };
  const args = serveArgs(root);
  if (options.form === "deno") {
    if (!isAbsolute(options.deno)) {
      throw new RangeError(`The deno path "${options.deno}" is not absolute: see \`which deno\``);
    }
    return { mcpServers: { [SERVER_NAME]: { command: options.deno, args, env } } };
  }
  if (!isAbsolute(options.npx) || !isAbsolute(options.nodeDir)) {
    throw new RangeError(
      `The npx path "${options.npx}" and node folder "${options.nodeDir}" must be absolute: see \`which npx\``,
    );
  }
  const system = options.systemPath ?? ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];
  const path = [options.nodeDir, ...system.filter((d) => d !== options.nodeDir)].join(delimiter);
  return {
    mcpServers: {
      [SERVER_NAME]: {
        command: options.npx,
        args: ["-y", `deno@${options.denoVersion ?? DENO_VERSION}`, ...args],
        env: { PATH: path, ...env },
      },
    },
  };
}

function isExecutable(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFile() && (Deno.build.os === "windows" || (stat.mode ?? 0) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/**
 * The first executable of a name on a PATH.
 *
 * @param name e.g. `deno`.
 * @param path A PATH value.
 * @returns Its absolute path, or undefined.
 */
export function which(name: string, path: string | undefined): string | undefined {
  const names = Deno.build.os === "windows" ? [`${name}.exe`, `${name}.cmd`, name] : [name];
  for (const dir of (path ?? "").split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    for (const n of names) {
      const candidate = join(dir, n);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A Deno run through `npx deno@…` lives in npm's npx cache, which npm may clean at any time. */
export function isNpxCache(path: string): boolean {
  return /[\\/]_npx[\\/]/.test(path);
}

/**
 * The path to write for the Deno running now: the PATH entry that leads to
 * it (`/opt/homebrew/bin/deno` rather than the versioned Cellar folder it
 * resolves to, which `brew upgrade` removes), else the executable itself.
 *
 * @param execPath `Deno.execPath()`.
 * @param path The PATH to search.
 * @returns An absolute path.
 */
export function stableDenoPath(execPath: string, path: string | undefined): string {
  const target = real(execPath);
  const names = Deno.build.os === "windows" ? ["deno.exe"] : ["deno"];
  for (const dir of (path ?? "").split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && real(candidate) === target) return candidate;
    }
  }
  return execPath;
}

/** Where Claude Desktop reads its config on this system. */
export function configFileLocation(env: Record<string, string | undefined>): string {
  if (Deno.build.os === "windows") {
    return join(env.APPDATA ?? "%APPDATA%", "Claude", "claude_desktop_config.json");
  }
  if (Deno.build.os === "darwin") {
    return join(
      env.HOME ?? "~",
      "Library",
      "Application Support",
      "Claude",
      "claude_desktop_config.json",
    );
  }
  return "claude_desktop_config.json (macOS: ~/Library/Application Support/Claude/, " +
    "Windows: %APPDATA%\\Claude\\)";
}

/** What {@link chooseForm} picked, and why (for the note on stderr). */
export interface ChosenForm {
  options: ConfigOptions;
  note: string;
}

/**
 * Picks the form for this machine: the running Deno by a stable absolute
 * path, or the npx form when asked for or when this Deno sits in npx's cache.
 *
 * @param want `"deno"`, `"npx"`, or undefined to decide.
 * @param context The checkout, the running Deno, the environment, an explicit deno path.
 * @returns The options and a one-line note.
 * @throws {RangeError} When npx or node cannot be found for the npx form.
 */
export function chooseForm(
  want: "deno" | "npx" | undefined,
  context: {
    root: string;
    execPath: string;
    env: Record<string, string | undefined>;
    deno?: string;
    jobsDir?: string;
  },
): ChosenForm {
  const { root, env } = context;
  const jobs = context.jobsDir ? { jobsDir: context.jobsDir } : {};
  if (context.deno !== undefined) {
    const deno = resolve(context.deno);
    if (!isExecutable(deno)) {
      throw new RangeError(`Cannot use --deno "${context.deno}": no executable there`);
    }
    return { options: { root, form: "deno", deno, ...jobs }, note: `deno: ${deno} (--deno)` };
  }
  if (want === "npx" || (want === undefined && isNpxCache(context.execPath))) {
    const npx = which("npx", env.PATH);
    const node = which("node", env.PATH);
    if (npx === undefined || node === undefined) {
      throw new RangeError(
        `Cannot print the npx form: no ${
          npx ? "node" : "npx"
        } on PATH: install Node.js, or use --deno PATH`,
      );
    }
    return {
      options: { root, form: "npx", npx, nodeDir: dirname(node), ...jobs },
      note: `npx: ${npx}, node: ${node} (${
        want === "npx" ? "--npx" : "this deno runs from npx's cache, which npm may clean"
      }); the first start downloads Deno ${DENO_VERSION} (~40 MB)`,
    };
  }
  const deno = stableDenoPath(context.execPath, env.PATH);
  return {
    options: { root, form: "deno", deno, ...jobs },
    note:
      `deno: ${deno} (the deno running this; \`which deno\` finds yours; --npx prints the npx form)`,
  };
}
