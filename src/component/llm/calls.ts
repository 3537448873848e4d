// Reading LLM calls, and the action's "I started" mark.
import { v } from "convex/values";
import { vLlmCall, vUsage, type LlmCall } from "../../shared/llmValidators.js";
import { checkRunId } from "../../shared/validate.js";
import { cutText } from "../../shared/preview.js";
import { LIMITS, type RunId } from "../../shared/validators.js";
import { mutation, query } from "../_generated/server.js";
import { findRun, requireRun } from "../runStore.js";
import { addRunUsage } from "../usageTree.js";
import { costOf } from "./accounting.js";
import { isFinished, type CallDoc } from "./finish.js";
import { queueInfo } from "./queueInfo.js";

const MAX_CALLS_LISTED = 100;

export function callView(call: CallDoc): LlmCall {
  return {
    callId: call._id,
    runId: call.workflowId as RunId | undefined,
    owner: call.owner,
    name: call.name,
    status: call.status,
    attempts: call.attempts,
    model: call.model,
    provider: call.provider,
    usage: call.usage,
    costUsd: call.costUsd,
    error: call.error,
    result: call.result,
    threadId: call.threadId,
    createdAt: call.createdAt,
    finishedAt: call.finishedAt,
    key: call.key,
    priority: call.priority,
  };
}

/** The LLM action began an attempt: the call shows as running. */
export const markStarted = mutation({
  args: {
    callId: v.string(),
    attempt: v.number(),
    // What an llmAction sends the model (agents and plain actions send none).
    system: v.optional(v.string()),
    prompt: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, args): Promise<null> => {
    const id = ctx.db.normalizeId("llmCalls", args.callId);
    const call = id ? await ctx.db.get("llmCalls", id) : null;
    if (call && !isFinished(call) && call.attempts === args.attempt) {
      await ctx.db.patch("llmCalls", call._id, {
        status: "running",
        // Cut so the call stays a small document.
        ...(args.system !== undefined && {
          system: cutText(args.system, LIMITS.maxPromptChars),
        }),
        ...(args.prompt !== undefined && {
          prompt: cutText(args.prompt, LIMITS.maxPromptChars),
        }),
      });
    }
    return null;
  },
});

/** One call (an LLM step or a one-shot call), or null. */
export const getCall = query({
  args: { callId: v.string() },
  returns: v.union(vLlmCall, v.null()),
  handler: async (ctx, args): Promise<LlmCall | null> => {
    const id = ctx.db.normalizeId("llmCalls", args.callId);
    const call = id ? await ctx.db.get("llmCalls", id) : null;
    if (!call) return null;
    const queue = await queueInfo(ctx, call);
    return { ...callView(call), ...(queue && { queue }) };
  },
});

/** A run's LLM calls in order (at most 100), with their accounting. */
export const listCalls = query({
  args: { runId: v.string() },
  returns: v.array(vLlmCall),
  handler: async (ctx, args): Promise<LlmCall[]> => {
    const run = await requireRun(ctx, checkRunId(args.runId));
    const calls = await ctx.db
      .query("llmCalls")
      .withIndex("run", (q) => q.eq("workflowId", run.workflowId))
      .take(MAX_CALLS_LISTED);
    return calls.map(callView);
  },
});

/**
 * A canceled call's action stopped its stream (see llmAction): what it
 * spent until then (estimated) is the call's usage and joins its run's
 * totals, once.
 */
export const recordCanceledUsage = mutation({
  args: {
    callId: v.string(),
    model: v.optional(v.string()),
    usage: vUsage,
  },
  returns: v.null(),
  handler: async (ctx, args): Promise<null> => {
    const id = ctx.db.normalizeId("llmCalls", args.callId);
    const call = id ? await ctx.db.get("llmCalls", id) : null;
    if (!call || call.status !== "canceled" || call.usage !== undefined) {
      return null;
    }
    const model = call.model ?? args.model;
    const costUsd = costOf(call.prices, model, args.usage);
    await ctx.db.patch("llmCalls", call._id, {
      usage: args.usage,
      costUsd,
      model,
    });
    const run = call.workflowId ? await findRun(ctx, call.workflowId) : null;
    if (run) {
      await addRunUsage(ctx, run, args.usage, costUsd, [
        {
          type: "run.llm.canceled",
          data: {
            callId: call._id,
            name: call.name,
            usage: args.usage,
            costUsd,
          },
        },
      ]);
    }
    return null;
  },
});
