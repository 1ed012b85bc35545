/**
 * What the Python rules know of a whole file: the modules it imports and
 * the names that carry request data — parameters of route handlers (FastAPI,
 * Flask, Django views), parameters typed with a Pydantic model of the file,
 * and names assigned from either, one hop through a helper name.
 *
 * @module
 */
import type { PyToken } from "./_python_tokens.ts";
import { fromUser, type PyFileFacts } from "./_review_python_args.ts";

/**
 * @param t The file's tokens.
 * @param source The file's text.
 * @returns The names bound from request data, route parameters, and the modules imported.
 */
export function fileFacts(t: PyToken[], source: string): PyFileFacts {
  const facts: PyFileFacts = { tainted: new Set(), source, modules: new Set() };
  const bodies = bodyModels(t);
  for (let k = 0; k < t.length; k++) {
    const start = k === 0 || t[k - 1]!.type === "newline";
    if (start && (t[k]!.value === "import" || t[k]!.value === "from")) {
      for (let j = k + 1; t[j] && t[j]!.type !== "newline" && t[j]!.value !== "import"; j++) {
        if (t[j]!.type === "name") facts.modules.add(t[j]!.value);
        if (t[k]!.value === "from") break;
      }
      if (t[k]!.value === "import") {
        for (let j = k + 1; t[j] && t[j]!.type !== "newline"; j++) {
          if (t[j]!.type === "name" && t[j - 1]?.value !== "as") facts.modules.add(t[j]!.value);
        }
      }
    }
    // Parameters of route handlers (@app.get, @router.post, @bp.route) and Django views.
    if (t[k]!.value === "def" && t[k + 1]?.type === "name" && t[k + 2]?.value === "(") {
      let back = k - 1;
      let routed = false;
      for (let lines = 0; back >= 0 && lines < 4; back--) {
        if (t[back]!.type === "newline") lines++;
        if (
          t[back]!.value === "@" &&
          /^(?:get|post|put|patch|delete|route|api_route|websocket|head)$/.test(
            t[back + 3]?.value ?? "",
          )
        ) routed = true;
      }
      const params: string[] = [];
      let depth = 0;
      for (let j = k + 2; j < t.length; j++) {
        const v = t[j]!.type === "op" ? t[j]!.value : "";
        if ("([{".includes(v) && v) depth++;
        if (")]}".includes(v) && v) depth--;
        if (depth === 0) break;
        if (
          depth === 1 && t[j]!.type === "name" &&
          (t[j - 1]!.value === "(" || t[j - 1]!.value === ",")
        ) {
          // The parameter's own annotation only: up to the next "," or ")" at this depth.
          let stop = j + 1;
          for (let d = 0; stop < t.length; stop++) {
            const w = t[stop]!.type === "op" ? t[stop]!.value : "";
            if (d === 0 && (w === "," || w === ")")) break;
            if ("([{".includes(w) && w) d++;
            if (")]}".includes(w) && w) d--;
          }
          const annotation = t.slice(j + 1, stop).map((x) => x.value).join(" ");
          if (!/Depends|Session|BackgroundTasks|Response|Request\b/.test(annotation)) {
            params.push(t[j]!.value);
          }
          // A request body model's fields are the client's text wherever the model goes.
          if (stop === j + 3 && t[j + 1]!.value === ":" && bodies.has(t[j + 2]!.value)) {
            facts.tainted.add(t[j]!.value);
          }
        }
      }
      const django = params[0] === "request";
      if (routed || django) {
        for (const p of params) {
          if (
            !/^(?:self|cls|request|db|session|background_tasks|response|current_user|user|settings)$/
              .test(p)
          ) {
            facts.tainted.add(p);
          }
        }
      }
    }
  }
  // NAME = <expression from the user>, twice so that one hop through a helper name counts.
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < t.length; k++) {
      if (t[k]!.type !== "name" || t[k + 1]?.value !== "=" || t[k + 2]?.value === "=") continue;
      let end = k + 2;
      while (end < t.length && t[end]!.type !== "newline") end++;
      if (fromUser(t.slice(k + 2, end), facts)) facts.tainted.add(t[k]!.value);
    }
  }
  return facts;
}

/** Classes of the file that are Pydantic models (`class Draft(BaseModel)`), one hop deep. */
function bodyModels(t: PyToken[]): Set<string> {
  const out = new Set<string>();
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k + 3 < t.length; k++) {
      if (t[k]!.value !== "class" || t[k + 1]!.type !== "name" || t[k + 2]!.value !== "(") continue;
      for (let j = k + 3; j < t.length && t[j]!.value !== ")"; j++) {
        if (t[j]!.value === "BaseModel" || out.has(t[j]!.value)) out.add(t[k + 1]!.value);
      }
    }
  }
  return out;
}
