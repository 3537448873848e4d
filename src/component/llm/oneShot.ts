// A one-shot LLM call outside any workflow: started from a mutation, run
// and retried by @convex-dev/action-retrier, read with `getCall`.
import { v } from "convex/values";
import { createFunctionHandle } from "convex/server";
import { decodeLlmError } from "../../shared/llmErrors.js";
import {
  DEFAULT_LLM_RETRY,
  vLlmRetry,
  vModelPrice,
} from "../../shared/llmValidators.js";
import { checkLlmOptions, checkOwner } from "../../shared/validate.js";
import { components, internal } from "../_generated/api.js";
import { internalMutation, mutation } from "../_generated/server.js";
import { completeCall, failCall, isFinished } from "./finish.js";

export const start = mutation({
  args: {
    name: v.string(),
    fnHandle: v.string(),
    fnArgs: v.any(),
    retry: v.optional(vLlmRetry),
    prices: v.optional(v.record(v.string(), vModelPrice)),
    passCallContext: v.boolean(),
    owner: v.optional(v.string()),
  },
  returns: v.string(),
  handler: async (ctx, args): Promise<string> => {
    checkLlmOptions(args);
    checkOwner(args.owner);
    const retry = args.retry ?? DEFAULT_LLM_RETRY;
    const callId = await ctx.db.insert("llmCalls", {
      name: args.name,
      fnHandle: args.fnHandle,
      fnArgs: args.fnArgs,
      status: "queued",
      attempts: 1,
      retry,
      prices: args.prices,
      passCallContext: args.passCallContext,
      owner: args.owner,
      createdAt: Date.now(),
    });
    const retrierRunId = await ctx.runMutation(
      components.retrier.public.start,
      {
        functionHandle: args.fnHandle,
        // oneShot: the action returns non-retryable failures instead of
        // throwing them, since the retrier retries every thrown error.
        functionArgs: args.passCallContext
          ? { ...args.fnArgs, _call: { callId, attempt: 1, oneShot: true } }
          : args.fnArgs,
        options: {
          initialBackoffMs: retry.initialBackoffMs,
          base: retry.base,
          maxFailures: Math.max(0, retry.maxAttempts - 1),
          logLevel: "WARN",
          onComplete: await createFunctionHandle(
            internal.llm.oneShot.onComplete,
          ),
        },
      },
    );
    await ctx.db.patch("llmCalls", callId, { retrierRunId });
    return callId;
  },
});

export const onComplete = internalMutation({
  args: {
    runId: v.string(),
    result: v.union(
      v.object({ type: v.literal("success"), returnValue: v.any() }),
      v.object({ type: v.literal("failed"), error: v.string() }),
      v.object({ type: v.literal("canceled") }),
    ),
  },
  returns: v.null(),
  handler: async (ctx, { runId, result }): Promise<null> => {
    const call = await ctx.db
      .query("llmCalls")
      .withIndex("retrierRunId", (q) => q.eq("retrierRunId", runId))
      .first();
    if (!call || isFinished(call)) return null;
    if (result.type === "canceled") {
      await failCall(ctx, call, "canceled");
    } else if (result.type === "failed") {
      // A retryable failure the retrier gave up on: the provider's message,
      // not the "LLM_ERROR {verdict}" encoding the action threw.
      await failCall(ctx, call, "failed", decodeLlmError(result.error).message);
    } else if (isReturnedFailure(result.returnValue)) {
      await failCall(ctx, call, "failed", result.returnValue.llmFailure);
    } else {
      await completeCall(ctx, call, result.returnValue);
    }
    return null;
  },
});

function isReturnedFailure(value: unknown): value is { llmFailure: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { llmFailure?: unknown }).llmFailure === "string"
  );
}
