/**
 * Ready-made prompts the MCP client can offer its user.
 *
 * @module
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";

/** Built once: zod schemas are not cheap to build, and servers are built per request. */
const ARGS = z.object({
  description: z.string().min(1).max(8_000).describe("What the app should do, in plain words"),
});

/**
 * Registers `generate_app_from_description`.
 *
 * @param server The server.
 */
export function registerPrompts(server: McpServer): void {
  server.registerPrompt("generate_app_from_description", {
    title: "Generate an app from a description",
    description: "Turns a description of an app into a Next.js + FastAPI app with stackforge",
    argsSchema: ARGS,
  }, ({ description }: { description: string }) => ({
    messages: [{
      role: "user",
      content: {
        type: "text",
        text: [
          "Generate a full-stack app (Next.js frontend, FastAPI backend) from the description below.",
          "1. Call the generate_app tool with the description as the prompt.",
          "2. Summarise the spec it returns: entities, pages, endpoints, and whether validation passed.",
          "3. If the status is awaiting_review, show me each finding from review_risky and ask me to approve or reject each file before calling review_risky with my decisions.",
          "4. Tell me where the app is: the output folder, or the links to SPEC.md and VALIDATION_REPORT.md.",
          "",
          "Description:",
          description,
        ].join("\n"),
      },
    }],
  }));
}
