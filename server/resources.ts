/**
 * Each job's files as MCP resources: `stackforge://jobs/{job_id}/{+path}`,
 * listable. A path is served only when it is in the job's file manifest and
 * passes the sandbox's path check, so no request can read outside a job.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Variables } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import { sandboxFilePath } from "../guardrails/sandbox.ts";
import type { ServerDeps } from "./deps.ts";
import { checkJobId } from "../jobs/store.ts";
import { fileUri, maySee, type RequestAuth } from "./_shared.ts";

/** How many recent jobs `resources/list` shows. */
export const LISTED_JOBS = 20;

const MIME: Record<string, string> = {
  md: "text/markdown",
  py: "text/x-python",
  ts: "text/x-typescript",
  tsx: "text/x-typescript",
  js: "text/javascript",
  mjs: "text/javascript",
  json: "application/json",
  css: "text/css",
  txt: "text/plain",
  toml: "text/plain",
  ini: "text/plain",
  html: "text/html",
};

function mimeOf(path: string): string {
  return MIME[path.split(".").at(-1)?.toLowerCase() ?? ""] ?? "text/plain";
}

/**
 * Registers the job file template.
 *
 * @param server The server.
 * @param deps The job store.
 */
export function registerJobFileResources(server: McpServer, deps: ServerDeps): void {
  const template = new ResourceTemplate("stackforge://jobs/{job_id}/{+path}", {
    list: async (extra: RequestAuth) => {
      const resources = [];
      for (const jobId of await deps.store.list(LISTED_JOBS)) {
        const record = await deps.store.get(jobId).catch(() => undefined);
        if (record === undefined || !maySee(extra, record)) continue;
        for (const path of record.files) {
          resources.push({
            uri: fileUri(jobId, path),
            name: `${jobId.slice(0, 8)}/${path}`,
            mimeType: mimeOf(path),
          });
        }
      }
      return { resources };
    },
  });
  server.registerResource("job-file", template, {
    title: "Generated app file",
    description:
      "A file of a generated app: SPEC.md, VALIDATION_REPORT.md, frontend/..., backend/...",
  }, async (uri: URL, variables: Variables, extra: RequestAuth) => {
    const jobId = checkJobId(String(variables.job_id));
    const path = decodeURIComponent(String(variables.path));
    const record = await deps.store.get(jobId);
    if (record === undefined || !maySee(extra, record)) {
      throw new RangeError(`Unknown job id "${jobId}"`);
    }
    if (!record.files.includes(path)) {
      throw new RangeError(`Unknown file ${JSON.stringify(path)}: job "${jobId}" has no such file`);
    }
    const text = readFileSync(sandboxFilePath(record.outDir, path), "utf8");
    return { contents: [{ uri: uri.href, mimeType: mimeOf(path), text }] };
  });
}
