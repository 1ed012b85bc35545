/**
 * Test helpers: a server on temporary folders, connected to an SDK client
 * through the in-memory transport. Private to `server/`.
 *
 * @module
 */
export { riskyProvider } from "../tests/fixtures/providers.ts";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type CreateMessageRequest,
  CreateMessageRequestSchema,
  type CreateMessageResult,
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import { createPipeline, type Pipeline } from "../pipeline/generate.ts";
import type { ModelProvider } from "../core/provider.ts";
import { createStackforgeServer } from "./create_server.ts";
import { createServerDeps, type ServerDeps, type ServerDepsOptions } from "./deps.ts";

/** The offline pipeline without the Python checks, shared by a test file. */
export const testPipeline: Pipeline = await createPipeline({ toolchain: {} });

/** A connected client with its server's dependencies. */
export interface Harness {
  client: Client;
  deps: ServerDeps;
  close(): Promise<void>;
}

/**
 * @param options Replacements for the default dependencies.
 * @param elicit Answers elicitation requests; the client declares the capability when given.
 * @param sample Answers sampling requests; the client declares the capability when given.
 * @returns A client connected in-process to a fresh server on a temporary jobs folder.
 */
export async function connect(
  options: ServerDepsOptions = {},
  elicit?: (request: ElicitRequest) => ElicitResult,
  sample?: (request: CreateMessageRequest, signal: AbortSignal) => Promise<CreateMessageResult>,
): Promise<Harness> {
  const jobsDir = options.jobsDir ?? Deno.makeTempDirSync({ prefix: "stackforge-jobs-" });
  const deps = await createServerDeps({ pipeline: testPipeline, ...options, jobsDir });
  const server = createStackforgeServer(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client(
    { name: "test-client", version: "1.0.0" },
    {
      capabilities: {
        ...(elicit ? { elicitation: {} } : {}),
        ...(sample ? { sampling: {} } : {}),
      },
    },
  );
  if (elicit) {
    client.setRequestHandler(ElicitRequestSchema, (request: ElicitRequest) => elicit(request));
  }
  if (sample) {
    client.setRequestHandler(
      CreateMessageRequestSchema,
      (request: CreateMessageRequest, extra: { signal: AbortSignal }) =>
        sample(request, extra.signal),
    );
  }
  await client.connect(clientSide);
  return {
    client,
    deps,
    async close() {
      await client.close();
      await server.close();
      Deno.removeSync(jobsDir, { recursive: true });
    },
  };
}

/**
 * The offline provider, waiting `ms` before each answer (and stopping when aborted).
 *
 * @param offline The offline provider.
 * @param ms The delay.
 * @returns The slow provider.
 */
export function slowProvider(offline: ModelProvider, ms: number): ModelProvider {
  return {
    ...offline,
    complete: async (request) => {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        request.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(request.signal!.reason);
        }, { once: true });
      });
      return offline.complete(request);
    },
  };
}
