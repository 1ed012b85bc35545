/**
 * Mutants of generated backends, each with one secure default switched off,
 * to prove the exploit suite bites: a probe that passes on a vulnerable app
 * proves nothing. Each mutant is tried on the first app it applies to whose
 * suite passed, and is caught when at least one probe then fails.
 *
 * @module
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { type AppResult, exploitSuite } from "./security_probes.ts";

/** One edit of a generated file, relative to `backend/`. */
interface Edit {
  /** Files it applies to, by path relative to `backend/`. */
  file: RegExp;
  find: RegExp;
  replace: string;
}

/** A backend with one defence switched off. */
export interface Mutant {
  name: string;
  edits: Edit[];
  /** What a backend must contain for the mutant to matter (the defence in use). */
  uses?: { file: RegExp; find: RegExp };
}

const at = (path: string) =>
  new RegExp(`^${path.replace(/[.*]/g, (c) => c === "*" ? "[^/]+" : "\\.")}$`);

/** The mutants: each undoes one default the exploit suite must notice missing. */
export const MUTANTS: readonly Mutant[] = [
  {
    name: "no body-size limit",
    edits: [{ file: at("app/security.py"), find: /> self\.max_bytes:/g, replace: "> 2**62:" }],
  },
  {
    name: "number bounds removed",
    edits: [{
      file: at("app/schemas.py"),
      find: /,\s*ge=[-0-9.e+]+,\s*le=[-0-9.e+]+/g,
      replace: "",
    }],
  },
  {
    name: "non-finite JSON numbers let through (bounds removed too)",
    edits: [
      {
        file: at("app/security.py"),
        find: /path = non_finite\(document\)/,
        replace: "path = None",
      },
      { file: at("app/schemas.py"), find: /,\s*ge=[-0-9.e+]+,\s*le=[-0-9.e+]+/g, replace: "" },
    ],
  },
  {
    name: "unknown body fields ignored instead of refused",
    edits: [{ file: at("app/schemas.py"), find: /extra="forbid"/g, replace: 'extra="ignore"' }],
  },
  {
    name: "ids beyond SQLite's range reach SQLite",
    edits: [{
      file: at("app/db.py"),
      find: /if not all\(storable\(value\) for value in used\.values\(\)\):/,
      replace: "if False:",
    }],
  },
  {
    name: "owner check skipped on writes",
    edits: [{
      file: at("app/auth.py"),
      find: /if row\["owner_id"\] != user\.id:/,
      replace: "if False:",
    }],
    uses: { file: at("app/routers/*.py"), find: /check_owner\(/ },
  },
  {
    name: "private rows not filtered by owner",
    edits: [
      { file: at("app/routers/*.py"), find: /"owner_id": user\.id/g, replace: '"owner_id": None' },
      { file: at("app/routers/*.py"), find: /row_id, user\.id\)/g, replace: "row_id)" },
    ],
  },
  {
    name: "another user's parent rows accepted in bodies",
    edits: [{
      file: at("app/checks.py"),
      find: /if fetch_row\(db, table, row_id, owner_id\) is None:/,
      replace: "if fetch_row(db, table, row_id) is None:",
    }],
  },
  {
    name: "tokens never expire",
    edits: [{
      file: at("app/auth.py"),
      find: /AND sessions\.expires_at > \?/,
      replace: "AND ? > 0",
    }],
  },
  {
    name: "sign out everywhere revokes nothing",
    edits: [{
      file: at("app/auth.py"),
      find: /DELETE FROM sessions WHERE user_id = \?/,
      replace: "DELETE FROM sessions WHERE 0 AND user_id = ?",
    }],
  },
  {
    name: "logout revokes nothing",
    edits: [{
      file: at("app/auth.py"),
      find: /"DELETE FROM sessions WHERE token_hash = \?"/,
      replace: '"DELETE FROM sessions WHERE 0 AND token_hash = ?"',
    }],
  },
  {
    name: "no login throttling",
    edits: [{ file: at("app/throttle.py"), find: /if count >= limit:/, replace: "if False:" }],
  },
  {
    name: "no password policy",
    edits: [{
      file: at("app/routers/auth.py"),
      find: /\n {4}check_password\(body\.password, email\)/,
      replace: "",
    }],
  },
  {
    name: "staff role granted without the staff code",
    edits: [{
      file: at("app/routers/auth.py"),
      find: /check_staff_code\(role, body\.staff_code\)/,
      replace: "pass",
    }],
  },
  {
    name: "unique fields not enforced",
    edits: [{
      file: at("app/checks.py"),
      find: /raise refuse\(db, 409, message\)/,
      replace: "return",
    }],
    uses: { file: at("app/rules.py"), find: /check_unique\(/ },
  },
  {
    name: "script URLs accepted",
    edits: [{
      file: at("app/checks.py"),
      find: /raise invalid\(field, "not a valid http or https URL"\)/,
      replace: "return value",
    }],
    uses: { file: at("app/routers/*.py"), find: /check_url\(/ },
  },
  {
    name: "markup returned unescaped",
    edits: [{ file: at("app/security.py"), find: /^ESCAPES = .*$/m, replace: "ESCAPES = ()" }],
  },
  {
    name: "no security headers",
    edits: [{
      file: at("app/main.py"),
      find: /\n {4}app\.add_middleware\(SecurityHeaders\)/,
      replace: "",
    }],
  },
  {
    name: "CORS open to every origin",
    edits: [{
      file: at("app/main.py"),
      find: /allow_origins=\[.*\],/,
      replace: 'allow_origins=["*"],',
    }],
  },
];

function backendFiles(backend: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory) walk(join(dir, entry.name), path);
      else out.push(path);
    }
  };
  walk(backend, "");
  return out;
}

/** Applies a mutant to a copy of a backend; false when one of its edits changes nothing. */
function mutate(backend: string, mutant: Mutant, into: string): boolean {
  const files = backendFiles(backend);
  const uses = mutant.uses;
  if (
    uses !== undefined &&
    !files.some((p) => uses.file.test(p) && uses.find.test(Deno.readTextFileSync(join(backend, p))))
  ) {
    return false;
  }
  const changed = new Map<string, string>();
  for (const edit of mutant.edits) {
    let hit = false;
    for (const path of files.filter((p) => edit.file.test(p))) {
      const before = changed.get(path) ?? Deno.readTextFileSync(join(backend, path));
      const after = before.replace(edit.find, edit.replace);
      if (after !== before) {
        changed.set(path, after);
        hit = true;
      }
    }
    if (!hit) return false;
  }
  cpSync(backend, into, { recursive: true });
  for (const [path, content] of changed) Deno.writeTextFileSync(join(into, path), content);
  return true;
}

/**
 * Runs each mutant against the apps it applies to whose probes all passed,
 * those with the most probes first, up to three, until a probe catches it
 * (an app may hold a second defence that makes the first one moot there, as
 * a role check before an owner check).
 *
 * @param python An interpreter with FastAPI and pytest.
 * @param results The apps' results.
 * @param mutants The mutants.
 * @returns For each mutant: the app, whether a probe caught it, and which.
 */
export async function runMutants(
  python: string,
  results: AppResult[],
  mutants: readonly Mutant[],
): Promise<{ name: string; app: string; caught: boolean; by?: string }[]> {
  const clean = results.filter((r) =>
    !r.error && r.probes.length > 0 && r.probes.every((p) => p.outcome !== "failed")
  );
  const ranked = [...clean].sort((a, b) => b.probes.length - a.probes.length);
  const scratch = Deno.makeTempDirSync({ prefix: "stackforge-mutants-" });
  const out = new Map<Mutant, { name: string; app: string; caught: boolean; by?: string }>();
  const queue = mutants.map((mutant, index) => ({ mutant, index }));
  const worker = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      const { mutant, index } = job;
      let tried = 0;
      for (const app of ranked) {
        if (tried === 3) break;
        const dir = join(scratch, `${index}-${tried}`);
        if (!mutate(join(app.root, "backend"), mutant, dir)) continue;
        tried++;
        const { probes } = await exploitSuite(python, dir, ["-x"]);
        Deno.removeSync(dir, { recursive: true });
        const failed = probes.find((p) => p.outcome === "failed");
        out.set(mutant, {
          name: mutant.name,
          app: app.id,
          caught: failed !== undefined,
          ...(failed ? { by: failed.name } : {}),
        });
        if (failed) break;
      }
    }
  };
  await Promise.all([worker(), worker()]);
  Deno.removeSync(scratch, { recursive: true });
  return mutants.map((m) =>
    out.get(m) ?? { name: m.name, app: "(no app it applies to)", caught: false }
  );
}
