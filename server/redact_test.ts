import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRedactor } from "./redact.ts";

Deno.test("createRedactor() names folders by their setting and hides the home, working and temp folders", () => {
  const jobs = join(tmpdir(), "stackforge-jobs");
  const redact = createRedactor({ [jobs]: "$STACKFORGE_JOBS_DIR" });
  assert.equal(
    redact(`Cannot write "${jobs}/0b6f/output/x.py": denied`),
    'Cannot write "$STACKFORGE_JOBS_DIR/0b6f/output/x.py": denied',
  );
  assert.equal(redact(`${Deno.cwd()}/deno.json is broken`), "./deno.json is broken");
  assert.equal(redact(`scratch in ${tmpdir()}/x`), "scratch in $TMPDIR/x");
});

Deno.test("createRedactor() leaves a sibling whose name starts like a folder alone (/jobs vs /jobs-old)", () => {
  const redact = createRedactor({ "/srv/jobs": "$STACKFORGE_JOBS_DIR" });
  assert.equal(
    redact("/srv/jobs-old/a and /srv/jobs/b"),
    "/srv/jobs-old/a and $STACKFORGE_JOBS_DIR/b",
  );
});
