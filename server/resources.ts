/**
 * Each job's files as MCP resources: `stackforge://jobs/{job_id}/{+path}`,
 * and the job's folder `stackforge://jobs/{job_id}/` (its file list, as
 * `text/uri-list`). A path is served only when it is in the job's file
 * manifest and passes the sandbox's path check, so no request can read
 * outside a job.
 *
 * `resources/list` is answered here rather than by the SDK, whose list
 * callbacks get no cursor: it pages (`nextCursor`) over the jobs the caller
 * may see, filtered before paging, newest first, each item titled with the
 * job and the file.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import {
  type McpServer,
  ResourceNotFoundError,
  ResourceTemplate,
  type ServerContext,
  type Variables,
} from "@modelcontextprotocol/server";
import { sandboxFilePath } from "../guardrails/sandbox.ts";
import type { ServerDeps } from "./deps.ts";
import { checkJobId } from "../jobs/store.ts";
import { callerOf, maySee } from "./caller.ts";
import type { JobEntry } from "./job_index.ts";
import { compareToCursor, decodeCursor, encodeCursor } from "./job_cursor.ts";
import { fileUri, jobUri } from "./_shared.ts";

/** Resources per `resources/list` page. */
export const RESOURCES_PAGE = 100;

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

/** One listed resource. */
interface Listed {
  uri: string;
  name: string;
  title: string;
  mimeType: string;
  description?: string;
}

/** Item 0 of a job is its folder, item i its (i-1)th file. */
function itemOf(entry: JobEntry, item: number): Listed {
  const short = entry.jobId.slice(0, 8);
  const app = entry.title ?? `${entry.status} job`;
  if (item === 0) {
    return {
      uri: jobUri(entry.jobId),
      name: `${short}/`,
      title: `Job ${short} (${app}): folder, ${entry.files.length} files`,
      mimeType: "text/uri-list",
      description: `Job ${entry.jobId}, ${entry.status}, created ${entry.createdAt}`,
    };
  }
  const path = entry.files[item - 1]!;
  return {
    uri: fileUri(entry.jobId, path),
    name: `${short}/${path}`,
    title: `Job ${short} (${app}): ${path}`,
    mimeType: mimeOf(path),
  };
}

/**
 * Registers the job folder and file templates and the paging `resources/list`.
 *
 * @param server The instance.
 * @param deps The job store and index.
 */
export function registerJobFileResources(server: McpServer, deps: ServerDeps): void {
  const visibleRecord = async (jobIdRaw: unknown, uri: string, ctx: ServerContext) => {
    const caller = callerOf(ctx, undefined, deps.settings.usersMayApprove);
    const jobId = checkJobId(String(jobIdRaw));
    const record = await deps.store.get(jobId);
    if (record === undefined || typeof caller === "string" || !maySee(caller, record)) {
      throw new ResourceNotFoundError(
        uri,
        `Unknown job id "${jobId}": no job has that id (or it was deleted); list_jobs shows yours`,
      );
    }
    return record;
  };
  server.registerResource(
    "job-folder",
    new ResourceTemplate("stackforge://jobs/{job_id}/", { list: undefined }),
    {
      title: "Generated app folder",
      description: "The files of a generated app, one resource URI per line",
      mimeType: "text/uri-list",
    },
    async (uri: URL, variables: Variables, ctx: ServerContext) => {
      const record = await visibleRecord(variables.job_id, uri.href, ctx);
      const text = record.files.map((path) => fileUri(record.jobId, path)).join("\r\n");
      return { contents: [{ uri: uri.href, mimeType: "text/uri-list", text }] };
    },
  );
  server.registerResource(
    "job-file",
    new ResourceTemplate("stackforge://jobs/{job_id}/{+path}", { list: undefined }),
    {
      title: "Generated app file",
      description:
        "A file of a generated app: SPEC.md, VALIDATION_REPORT.md, frontend/..., backend/...",
    },
    async (uri: URL, variables: Variables, ctx: ServerContext) => {
      const record = await visibleRecord(variables.job_id, uri.href, ctx);
      const path = decodeURIComponent(String(variables.path));
      if (!record.files.includes(path)) {
        throw new ResourceNotFoundError(
          uri.href,
          `Unknown file ${JSON.stringify(path)}: job "${record.jobId}" has no such file; read ${
            jobUri(record.jobId)
          } for its list`,
        );
      }
      const text = readFileSync(sandboxFilePath(record.outDir, path), "utf8");
      return { contents: [{ uri: uri.href, mimeType: mimeOf(path), text }] };
    },
  );
  server.server.setRequestHandler("resources/list", async (request, ctx) => {
    const caller = callerOf(ctx, undefined, deps.settings.usersMayApprove);
    if (typeof caller === "string") return { resources: [] };
    const cursor = request.params?.cursor;
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // Others' jobs are dropped before paging, so pages neither show nor count them.
    const jobs = (await deps.index.all()).filter((e) => maySee(caller, e));
    const resources: Listed[] = [];
    let last: { entry: JobEntry; item: number } | undefined;
    let more = false;
    let start = 0;
    let firstItem = 0;
    if (after !== undefined) {
      start = jobs.findIndex((e) => compareToCursor(e, after) >= 0);
      if (start < 0) start = jobs.length;
      else if (jobs[start]!.jobId === after.jobId) firstItem = after.item + 1;
    }
    outer: for (let j = start; j < jobs.length; j++) {
      const entry = jobs[j]!;
      for (let item = j === start ? firstItem : 0; item <= entry.files.length; item++) {
        if (resources.length === RESOURCES_PAGE) {
          more = true;
          break outer;
        }
        resources.push(itemOf(entry, item));
        last = { entry, item };
      }
    }
    return {
      resources,
      ...(more && last
        ? {
          nextCursor: encodeCursor({
            createdAt: last.entry.createdAt,
            jobId: last.entry.jobId,
            item: last.item,
          }),
        }
        : {}),
    };
  });
}
