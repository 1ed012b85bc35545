/**
 * `deno task verify <dir>`: runs a generated app and checks it works.
 *
 * Usage: `deno run -A verify/main.ts <dir> [--skip-browser] [--skip-frontend] [--json]
 * [--backend-port N] [--frontend-port N]`. Exits 0 when every stage passed,
 * 1 when a stage failed or was skipped, 2 for bad usage or an unusable folder.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { RESPONSIBLE, verifyApp } from "./mod.ts";

const USAGE =
  "Usage: verify <dir> [--skip-browser] [--skip-frontend] [--json] [--backend-port N] [--frontend-port N]";

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new RangeError(`Invalid --${name} "${value}": use a port number from 1 to 65535`);
  }
  return n;
}

async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        "skip-browser": { type: "boolean" },
        "skip-frontend": { type: "boolean" },
        json: { type: "boolean" },
        "backend-port": { type: "string" },
        "frontend-port": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(`Expected one app folder, got ${positionals.length}\n${USAGE}`);
    return 2;
  }
  let backendPort, frontendPort;
  try {
    backendPort = port(values["backend-port"], "backend-port");
    frontendPort = port(values["frontend-port"], "frontend-port");
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const json = values.json ?? false;
  const result = await verifyApp(positionals[0]!, {
    skipBrowser: values["skip-browser"] ?? false,
    skipFrontend: values["skip-frontend"] ?? false,
    ...(backendPort ? { backendPort } : {}),
    ...(frontendPort ? { frontendPort } : {}),
    ...(json ? {} : { log: (line: string) => console.error(`  ${line}`) }),
  });
  if (json) {
    console.log(JSON.stringify(result, null, 2));
  } else if (result.error) {
    console.error(`✗ ${result.error}`);
  } else {
    for (const stage of result.stages) {
      const mark = { passed: "✓", failed: "✗", skipped: "–" }[stage.status];
      console.log(
        `${mark} ${stage.stage}: ${stage.status} in ${
          (stage.durationMs / 1000).toFixed(1)
        } s — ${stage.summary}`,
      );
      if (stage.status === "failed") {
        console.log(`  responsible agent: ${RESPONSIBLE[stage.stage]}`);
      }
      if (stage.install) console.log(`  install: ${stage.install}`);
    }
    console.log(
      result.ok
        ? `✓ verified in ${
          (result.durationMs / 1000).toFixed(1)
        } s; see ${result.dir}/VALIDATION_REPORT.md`
        : `✗ not verified; see ${result.dir}/VALIDATION_REPORT.md`,
    );
  }
  if (result.error) return 2;
  return result.ok ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));

export { main };
