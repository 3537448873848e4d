import { AgentWorkflows } from "convex-agent-workflows";
import { components } from "./_generated/api.js";
import { OFFLINE_MODEL_ID } from "./models.js";
import { isAgentId } from "./users.js";

/** The app's one entry to the agentWorkflows component. */
export const flows = new AgentWorkflows(components.agentWorkflows, {
  workpoolOptions: { maxParallelism: 10 },
  llm: {
    maxParallelism: 2,
    retry: { maxAttempts: 5, initialBackoffMs: 1000, base: 2 },
    // USD per million tokens. The offline model is priced like
    // gpt-4o-mini so the demo shows cost accounting at work.
    prices: {
      "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
      [OFFLINE_MODEL_ID]: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
    },
  },
  // Requests assigned to "team:support" may be answered by the support
  // agents on the staff list (convex/users.ts); an assignee can always
  // answer their own.
  authorizeSignal: (_ctx, { request, by }) =>
    request === null ||
    request.assignees.length === 0 ||
    request.assignees.some(
      (assignee) =>
        assignee === by || (assignee === "team:support" && isAgentId(by)),
    ),
});
