import { AgentWorkflows } from "convex-agent-workflows";
import { components } from "./_generated/api.js";
import { OFFLINE_MODEL_ID } from "./models.js";
import { isAgentId } from "./users.js";

/** Model calls in flight at once, across all runs. */
export const LLM_CAP = 4;
/**
 * Model calls in flight at once per concurrency key. The support
 * workflows key their calls by customer (convex/support.ts), so one
 * customer's burst of tickets takes at most 2 of the 4 slots.
 */
export const LLM_CAP_PER_KEY = 2;
/** The rate limit every call to the demo's model counts against. */
export const MODEL_RATE_LIMIT = "model";

/** The app's one entry to the agentWorkflows component. */
export const flows = new AgentWorkflows(components.agentWorkflows, {
  workpoolOptions: { maxParallelism: 10 },
  llm: {
    // Both caps can be changed at run time: support agents do it from the
    // runs page (convex/llmPool.ts).
    maxParallelism: LLM_CAP,
    keys: { default: { maxParallelism: LLM_CAP_PER_KEY } },
    // The provider's limits for the demo's model (OpenAI's gpt-4o-mini at
    // usage tier 1; the offline model counts against them the same way):
    // a call over them waits, holding no slot, until its share is due.
    rateLimits: {
      [MODEL_RATE_LIMIT]: { requestsPerMinute: 500, tokensPerMinute: 200_000 },
    },
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
