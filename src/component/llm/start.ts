// An LLM step, first half (a journaled inline step): check the budget,
// create the event the workflow will await, and queue the call with the
// dispatcher. `complete.ts` sends the event when the call ends.
import { v } from "convex/values";
import { workflowError } from "../../shared/errors.js";
import {
  DEFAULT_LLM_RETRY,
  vLlmRetry,
  vModelPrice,
  type RunUsage,
} from "../../shared/llmValidators.js";
import { checkFlow, vLlmFlow } from "../../shared/llmFlow.js";
import { checkLlmOptions } from "../../shared/validate.js";
import { components } from "../_generated/api.js";
import { mutation } from "../_generated/server.js";
import { journalOf, requireActiveRun } from "../runStore.js";
import { newCall } from "./newCall.js";

export const vBudget = v.object({
  maxTokens: v.optional(v.number()),
  maxCostUsd: v.optional(v.number()),
});

export const start = mutation({
  args: {
    runId: v.string(),
    name: v.string(),
    fnHandle: v.string(),
    fnArgs: v.any(),
    retry: v.optional(vLlmRetry),
    maxParallelism: v.optional(v.number()),
    prices: v.optional(v.record(v.string(), vModelPrice)),
    budget: v.optional(vBudget),
    passCallContext: v.boolean(),
    threadId: v.optional(v.string()),
    flow: v.optional(vLlmFlow),
  },
  returns: v.object({ callId: v.string(), eventId: v.string() }),
  handler: async (ctx, args) => {
    checkLlmOptions(args);
    checkFlow(args.flow);
    const run = await requireActiveRun(ctx, args.runId);
    checkBudget(run.usage, args.budget, args.runId);
    const eventId = await ctx.runMutation(components.workflow.event.create, {
      name: args.name,
      workflowId: journalOf(run),
    });
    const callId = await newCall(ctx, {
      workflowId: run.workflowId,
      eventId,
      name: args.name,
      fnHandle: args.fnHandle,
      fnArgs: args.fnArgs,
      retry: args.retry ?? DEFAULT_LLM_RETRY,
      maxParallelism: args.maxParallelism,
      prices: args.prices,
      passCallContext: args.passCallContext,
      threadId: args.threadId,
      flow: args.flow,
    });
    return { callId, eventId };
  },
});

/** Refuse to start a call once the run has spent its budget. */
function checkBudget(
  usage: RunUsage | undefined,
  budget: { maxTokens?: number; maxCostUsd?: number } | undefined,
  runId: string,
): void {
  if (!budget) return;
  const tokens = usage?.totalTokens ?? 0;
  const cost = usage?.costUsd ?? 0;
  if (budget.maxTokens !== undefined && tokens >= budget.maxTokens) {
    throw workflowError(
      "BUDGET_EXCEEDED",
      `Run "${runId}" used ${tokens} tokens of its ${budget.maxTokens} token budget.`,
      { runId },
    );
  }
  if (budget.maxCostUsd !== undefined && cost >= budget.maxCostUsd) {
    throw workflowError(
      "BUDGET_EXCEEDED",
      `Run "${runId}" spent $${cost.toFixed(6)} of its $${budget.maxCostUsd} budget.`,
      { runId },
    );
  }
}
