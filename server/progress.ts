/**
 * Pipeline events as MCP progress notifications: one per agent step, in
 * order, only when the client sent a progress token.
 *
 * @module
 */
import type { ServerContext } from "@modelcontextprotocol/server";
import type { PipelineEvent } from "../core/events.ts";

/** A line a person can read about one event; undefined for events not shown. */
export function describe(event: PipelineEvent): string | undefined {
  switch (event.type) {
    case "job_started":
      return `job ${event.jobId} started (provider: ${event.provider})`;
    case "agent_started":
      return `${event.agent} started (attempt ${event.attempt})`;
    case "agent_finished":
      return `${event.agent} ${event.ok ? "done" : "failed"} in ${
        Math.round(event.latencyMs)
      } ms, ${event.usage.inputTokens + event.usage.outputTokens} tokens${
        event.error ? `: ${event.error}` : ""
      }`;
    case "agent_retry":
      return `${event.agent} will retry: ${event.reason}`;
    case "call_retry":
      return `${event.agent}: ${event.reason}; sending it again in ${
        (event.delayMs / 1000).toFixed(1)
      } s (retry ${event.retry} of ${event.maxRetries})`;
    case "guardrail":
      return `guardrail ${event.layer} ${event.action}: ${event.detail}`;
    case "file_written":
      return undefined;
    case "job_finished":
      return `agents finished: ${event.status}${event.reason ? ` (${event.reason})` : ""}`;
  }
}

/**
 * Sends one progress notification per pipeline event, in order; a client
 * that went away never fails the job.
 *
 * @param ctx The tool call's context (progress token, notification sender).
 * @returns The event listener, `send` for a line of the caller's own, and
 *   `finish` to send the last line and wait for all.
 */
export function progressSender(ctx: ServerContext): {
  onEvent: (event: PipelineEvent) => void;
  /** Sends one line. */
  send: (message: string) => void;
  /** Sends the last notification, then waits until all were sent. */
  finish: (message: string) => Promise<void>;
} {
  const token = ctx.mcpReq._meta?.progressToken;
  let chain = Promise.resolve();
  let progress = 0;
  let writing = false;
  const send = (message: string) => {
    if (token === undefined) return;
    const params = { progressToken: token, progress: ++progress, message };
    chain = chain.then(() =>
      ctx.mcpReq.notify({ method: "notifications/progress", params }).catch(() => {})
    );
  };
  return {
    send,
    onEvent(event) {
      if (event.type === "file_written") {
        if (!writing) send("writing files");
        writing = true;
        return;
      }
      const message = describe(event);
      if (message !== undefined) send(message);
    },
    finish(message) {
      send(message);
      return chain;
    },
  };
}
