/**
 * The bridge from the `sampling` provider to the MCP client of one tool
 * call: each model request becomes a `sampling/createMessage` request sent
 * on the call's own stream, cancelled with the call, with a timeout long
 * enough for the user to approve it.
 *
 * Deprecated path: MCP 2026-07-28 deprecates sampling and removes
 * server-to-client requests, so this works only on 2025-11-25 sessions
 * (stdio, such as Claude Desktop's). It stays as a legacy provider for
 * clients that offer their model and a server that has none.
 *
 * @module
 */
import {
  type McpServer,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { ProviderError } from "../core/provider.ts";
import type { Sampler } from "../providers/sampling.ts";

/**
 * Whether the client of this 2025-era session declared the sampling capability.
 *
 * @param server The server of the session.
 * @returns True when `sampling/createMessage` may be sent.
 */
export function clientCanSample(server: McpServer): boolean {
  return server.server.getClientCapabilities()?.sampling !== undefined;
}

/**
 * A sampler that asks the client of one tool call.
 *
 * @param ctx The tool call's context (its request and signal).
 * @param timeoutMs Milliseconds before one request is abandoned (`config.sampling.timeoutMs`).
 * @returns The sampler.
 */
export function clientSampler(ctx: ServerContext, timeoutMs: number): Sampler {
  return async (request) => {
    const signal = request.signal
      ? AbortSignal.any([request.signal, ctx.mcpReq.signal])
      : ctx.mcpReq.signal;
    let result;
    try {
      result = await ctx.mcpReq.requestSampling({
        messages: request.messages.map((m) => ({
          role: m.role,
          content: { type: "text", text: m.text },
        })),
        ...(request.systemPrompt ? { systemPrompt: request.systemPrompt } : {}),
        maxTokens: request.maxTokens,
        includeContext: "none",
        temperature: 0,
        modelPreferences: {
          ...(request.modelHint ? { hints: [{ name: request.modelHint }] } : {}),
          intelligencePriority: 0.8,
          speedPriority: 0.5,
          costPriority: 0.3,
        },
      }, { signal, timeout: timeoutMs });
    } catch (error) {
      throw samplingError(error, signal, timeoutMs);
    }
    const blocks: { type: string; text?: string }[] = Array.isArray(result.content)
      ? result.content
      : [result.content];
    const text = blocks.map((b) => b.type === "text" ? b.text ?? "" : "").join("");
    if (text === "") {
      const kinds = blocks.map((b) => b.type).join(", ") || "nothing";
      throw new ProviderError(
        "sampling_content",
        `The MCP client's model answered with ${kinds}, not text: use a client whose model answers in text`,
        false,
      );
    }
    return {
      text,
      model: result.model,
      ...(result.stopReason ? { stopReason: result.stopReason } : {}),
    };
  };
}

function samplingError(error: unknown, signal: AbortSignal, timeoutMs: number): ProviderError {
  if (signal.aborted) {
    return new ProviderError("aborted", "Model call was cancelled", false, { cause: error });
  }
  const code = error instanceof SdkError ? error.code : undefined;
  if (code === SdkErrorCode.RequestTimeout) {
    return new ProviderError(
      "timeout",
      `The MCP client did not answer the sampling request within ${
        Math.round(timeoutMs / 1000)
      } s (raise STACKFORGE_SAMPLING_TIMEOUT_MS if its user approves requests by hand)`,
      true,
      { cause: error },
    );
  }
  if (code === SdkErrorCode.ConnectionClosed || code === SdkErrorCode.NotConnected) {
    return new ProviderError(
      "connection",
      "The MCP client disconnected during a sampling request",
      false,
      { cause: error },
    );
  }
  const message = error instanceof ProtocolError || error instanceof Error
    ? error.message
    : String(error);
  return new ProviderError(
    "sampling_refused",
    `The MCP client refused the sampling request: ${message}`,
    false,
    { cause: error },
  );
}
