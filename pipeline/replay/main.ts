/**
 * `deno task replay <recording-dir> [--out DIR] [--json]`: runs the
 * pipeline with the `openai` provider against a loopback server that
 * answers each request with a recorded model session's answer, then prints
 * the job's status, the tokens per agent and which recorded answer served
 * each request.
 *
 * Usage: `deno run -A pipeline/replay/main.ts <recording-dir> [--out DIR]
 * [--range FROM-TO] [--strict] [--json]`. Caps come from the environment as
 * for a real run (`FE_EXECUTOR_TOKEN_LIMIT`…). Exits 0 when the job
 * succeeded with every request answered, 1 when it did not, 2 for bad usage
 * or a folder that is no recording.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { formatReplay, summariseReplay } from "./present.ts";
import { replayRecording } from "./run.ts";

const USAGE = "Usage: replay <recording-dir> [--out DIR] [--range FROM-TO] [--strict] [--json]";

function range(value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)-(\d+)$/.exec(value.trim());
  if (m === null || Number(m[1]) > Number(m[2])) {
    throw new RangeError(
      `Invalid --range "${value}": use FROM-TO with call numbers, e.g. 6-14 for req-0006 to req-0014`,
    );
  }
  return [Number(m[1]), Number(m[2])];
}

async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        range: { type: "string" },
        strict: { type: "boolean" },
        json: { type: "boolean" },
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
    console.error(`Expected one recording folder, got ${positionals.length}\n${USAGE}`);
    return 2;
  }
  let replay;
  try {
    const picked = range(values.range);
    replay = await replayRecording(positionals[0]!, {
      ...(values.out ? { outDir: values.out } : {}),
      ...(picked ? { range: picked } : {}),
      ...(values.strict ? { strict: true } : {}),
      env: Deno.env.toObject(),
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    console.error(error.message);
    return 2;
  }
  const summary = summariseReplay(replay);
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  else console.log(formatReplay(summary).join("\n"));
  return summary.status === "succeeded" && summary.mismatches.length === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));

export { main };
