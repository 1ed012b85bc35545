/**
 * Turns pipeline events into OpenTelemetry spans: one per job, a child per
 * agent attempt. Private to this folder; `createTracing()` wires it to
 * exporters.
 *
 * @module
 */
import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  trace,
  type Tracer,
} from "@opentelemetry/api";
import type { AgentName } from "../core/budget.ts";
import type { PipelineEvent } from "../core/events.ts";

const MAX_OPEN_JOBS = 10_000;
const MAX_TEXT = 500;

const clip = (text: string) => text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;

interface AgentSpan {
  span: Span;
  /** When the model call returned (the span's end unless a later failure moves it). */
  endAt?: number;
  outcome?: "ok" | "invalid_output" | "error";
}

interface JobSpan {
  span: Span;
  context: Context;
  userId: string;
  retries: number;
  agents: Map<AgentName, AgentSpan>;
}

const nowMs = () => performance.timeOrigin + performance.now();

/**
 * Turns events into spans. An agent's span stays open after its model call
 * returns, because the attempt can still fail (a rejected tool call) and be
 * retried; it ends at the call's end time when the agent starts again or the
 * job ends.
 */
export function createSpanBook(tracer: Tracer): {
  listener: (event: PipelineEvent) => void;
  endAll: () => void;
} {
  const jobs = new Map<string, JobSpan>();

  const endAgent = (job: JobSpan, agent: AgentName, jobStatus?: string, reason?: string) => {
    const open = job.agents.get(agent);
    if (open === undefined) return;
    job.agents.delete(agent);
    if (open.outcome === undefined) {
      // The job ended while the attempt ran: a budget cap, a provider error, a cancel.
      const outcome = jobStatus === "cancelled" ? "cancelled" : "error";
      open.span.setAttribute("outcome", outcome);
      if (outcome === "error") fail(open.span, reason ?? "the job ended during the attempt");
    }
    open.span.end(open.endAt ?? nowMs());
  };

  const fail = (span: Span, message: string) => {
    span.setStatus({ code: SpanStatusCode.ERROR, message: clip(message) });
    span.setAttributes({
      "langfuse.observation.level": "ERROR",
      "langfuse.observation.status_message": clip(message),
    });
  };

  const listener = (event: PipelineEvent): void => {
    if (event.type === "job_started") {
      if (jobs.size >= MAX_OPEN_JOBS) {
        const [oldest, job] = jobs.entries().next().value!;
        for (const agent of [...job.agents.keys()]) endAgent(job, agent);
        job.span.end();
        jobs.delete(oldest);
      }
      const attributes: Attributes = {
        job_id: event.jobId,
        user_id: event.userId,
        provider: event.provider,
        "user.id": event.userId,
        "session.id": event.jobId,
        "langfuse.trace.name": "stackforge job",
      };
      const span = tracer.startSpan("job", { attributes }, ROOT_CONTEXT);
      jobs.set(event.jobId, {
        span,
        context: trace.setSpan(ROOT_CONTEXT, span),
        userId: event.userId,
        retries: 0,
        agents: new Map(),
      });
      return;
    }
    const job = jobs.get(event.jobId);
    if (job === undefined) return;
    switch (event.type) {
      case "agent_started": {
        endAgent(job, event.agent);
        const span = tracer.startSpan(event.agent, {
          attributes: {
            job_id: event.jobId,
            user_id: job.userId,
            agent: event.agent,
            attempt: event.attempt,
            retries: event.attempt - 1,
            "langfuse.observation.type": "generation",
          },
        }, job.context);
        job.agents.set(event.agent, { span });
        break;
      }
      case "agent_finished": {
        let open = job.agents.get(event.agent);
        if (open === undefined || open.outcome !== undefined) {
          // A call outside an agent attempt (LLM routing): a span of its own, ended now.
          endAgent(job, event.agent);
          const span = tracer.startSpan(event.agent, {
            startTime: nowMs() - event.latencyMs,
            attributes: {
              job_id: event.jobId,
              user_id: job.userId,
              agent: event.agent,
              attempt: event.attempt,
              "langfuse.observation.type": "generation",
            },
          }, job.context);
          job.agents.set(event.agent, open = { span });
        }
        open.endAt = nowMs();
        open.outcome = event.ok ? "ok" : event.failure === "provider" ? "error" : "invalid_output";
        const { inputTokens, outputTokens, cachedTokens } = event.usage;
        open.span.setAttributes({
          model: event.model,
          "tokens.input": inputTokens,
          "tokens.output": outputTokens,
          "tokens.cached": cachedTokens,
          cost_usd: event.usd,
          latency_ms: event.latencyMs,
          outcome: open.outcome,
          "gen_ai.request.model": event.model,
          "gen_ai.usage.input_tokens": inputTokens,
          "gen_ai.usage.output_tokens": outputTokens,
          "langfuse.observation.model.name": event.model,
          "langfuse.observation.usage_details": JSON.stringify({
            input: inputTokens,
            output: outputTokens,
          }),
          "langfuse.observation.cost_details": JSON.stringify({ total: event.usd }),
        });
        if (!event.ok) fail(open.span, event.error ?? open.outcome);
        break;
      }
      case "agent_retry": {
        job.retries += 1;
        const open = job.agents.get(event.agent);
        if (open === undefined) break;
        // Not already marked failed by its agent_finished event.
        if (open.outcome === undefined || open.outcome === "ok") {
          open.outcome = "error";
          open.span.setAttribute("outcome", "error");
          fail(open.span, event.reason);
        }
        open.span.addEvent("retry", { reason: clip(event.reason) });
        open.endAt ??= nowMs();
        break;
      }
      case "guardrail":
        job.span.addEvent("guardrail", {
          layer: event.layer,
          action: event.action,
          detail: clip(event.detail),
        });
        break;
      case "job_finished": {
        for (const agent of [...job.agents.keys()]) {
          endAgent(job, agent, event.status, event.reason);
        }
        job.span.setAttributes({
          status: event.status,
          outcome: event.status,
          "tokens.total": event.tokens,
          cost_usd: event.usd,
          retries: job.retries,
          duration_ms: event.durationMs,
          ...(event.reason ? { reason: clip(event.reason) } : {}),
        });
        if (event.status === "failed") fail(job.span, event.reason ?? "failed");
        job.span.end();
        jobs.delete(event.jobId);
        break;
      }
    }
  };

  const endAll = () => {
    for (const job of jobs.values()) {
      for (const agent of [...job.agents.keys()]) endAgent(job, agent, "cancelled");
      job.span.end();
    }
    jobs.clear();
  };
  return { listener, endAll };
}
