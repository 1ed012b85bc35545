/**
 * Whole-process cost of `deno task generate`: wall time and peak RSS of the
 * CLI process (dependencies cached), measured by running it `RUNS` times
 * under a Python parent that reads the child's maxrss from getrusage.
 *
 * Run: `deno task bench` (or `deno run -A bench/process.ts [runs]`).
 *
 * @module
 */
import { detectToolchain } from "../pipeline/agents/validator/toolchain.ts";

const RUNS = Number(Deno.args[0] ?? 7);
const { python } = await detectToolchain(Deno.env.get("STACKFORGE_PYTHON"));
if (python === undefined) {
  console.log("skipped: no python3 to measure the child process with");
  Deno.exit(0);
}
const probe = "import resource, subprocess, sys, time\n" +
  "t = time.perf_counter()\n" +
  "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n" +
  "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n";
const root = Deno.makeTempDirSync({ prefix: "stackforge-process-" });
const cli = new URL("../cli.ts", import.meta.url).pathname;
const walls: number[] = [];
const rss: number[] = [];
for (let i = 0; i <= RUNS; i++) {
  const out = await new Deno.Command(python, {
    args: [
      "-c",
      probe,
      Deno.execPath(),
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-run",
      "--allow-net",
      "--allow-sys",
      cli,
      "generate",
      "--out",
      `${root}/${i}`,
      "build a blog with comments",
    ],
    stdout: "piped",
  }).output();
  const [wall, maxrssKb, code] = new TextDecoder().decode(out.stdout).trim().split(" ");
  if (code !== "0") throw new Error(`deno task generate exited ${code}`);
  if (i === 0) continue; // the first run fills caches
  walls.push(Number(wall) * 1000);
  rss.push(Number(maxrssKb) / 1024);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`deno task generate "build a blog with comments", ${RUNS} runs:`);
console.log(
  `  wall time: median ${median(walls).toFixed(0)} ms, min ${
    Math.min(...walls).toFixed(0)
  } ms, max ${Math.max(...walls).toFixed(0)} ms`,
);
console.log(
  `  peak RSS:  median ${median(rss).toFixed(0)} MiB, max ${Math.max(...rss).toFixed(0)} MiB`,
);
Deno.removeSync(root, { recursive: true });
