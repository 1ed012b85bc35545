/**
 * Asks the user about risky generated files through MCP elicitation, for
 * clients that support it; `review_risky` is the path that always works.
 *
 * @module
 */
import { z } from "zod";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const ApprovalSchema = z.object({ action: z.string(), content: z.unknown().optional() });

/**
 * @param extra The tool call's context: the question goes to its client, on its stream.
 * @returns An `approveRisky` policy: true only when the user accepts and ticks approve;
 *   a decline, a cancel or an error holds the files.
 */
export function askToWriteRiskyFiles(extra: Extra) {
  return async (findings: { id: string; excerpt: string }[]): Promise<boolean> => {
    try {
      const answer = await extra.sendRequest({
        method: "elicitation/create",
        params: {
          message: `The generated code has ${findings.length} risky pattern(s):\n${
            findings.slice(0, 20).map((f) => `- ${f.id}: ${f.excerpt}`).join("\n")
          }\nWrite these files anyway?`,
          requestedSchema: {
            type: "object",
            properties: {
              approve: {
                type: "boolean",
                title: "Write the risky files",
                description: "No holds them; review_risky can decide later",
              },
            },
            required: ["approve"],
          },
        },
      }, ApprovalSchema);
      return answer.action === "accept" &&
        (answer.content as { approve?: unknown } | undefined)?.approve === true;
    } catch {
      return false;
    }
  };
}
