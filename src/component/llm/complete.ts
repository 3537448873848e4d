// An LLM call's attempt ended (the action retrier's onComplete). Success
// records the accounting and resumes the workflow; a retryable failure
// waits out a backoff that honors Retry-After, holding no slot; anything
// else fails the call. Either way the attempt's slot goes to the next
// queued call in this same transaction.
import { v } from "convex/values";
import { decodeLlmError, retryDelayMs } from "../../shared/llmErrors.js";
import { components } from "../_generated/api.js";
import { internalMutation, type MutationCtx } from "../_generated/server.js";
import { findRun, updateRun } from "../runStore.js";
import { freeSlot } from "./dispatch.js";
import { completeCall, failCall, isFinished, type CallDoc } from "./finish.js";
import { parkCall } from "./queue.js";
import { correctTokens } from "./rateLimits.js";

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
      .unique();
    if (call && !isFinished(call)) await settle(ctx, call, result);
    await freeSlot(ctx, runId);
    return null;
  },
});

async function settle(
  ctx: MutationCtx,
  call: CallDoc,
  result:
    | { type: "success"; returnValue: unknown }
    | { type: "failed"; error: string }
    | { type: "canceled" },
): Promise<void> {
  if (result.type === "canceled") {
    await failCall(ctx, call, "canceled");
  } else if (result.type === "failed") {
    await retryOrFail(ctx, call, result.error);
  } else if (isReturnedFailure(result.returnValue)) {
    // A one-shot call's action returns what it would not retry.
    await failCall(ctx, call, "failed", result.returnValue.llmFailure);
  } else {
    const usage = await completeCall(ctx, call, result.returnValue);
    await correctTokens(ctx, call, usage);
    await resume(ctx, call, {
      kind: "success",
      returnValue: result.returnValue,
    });
  }
}

function isReturnedFailure(value: unknown): value is { llmFailure: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { llmFailure?: unknown }).llmFailure === "string"
  );
}

async function retryOrFail(ctx: MutationCtx, call: CallDoc, raw: string) {
  const error = decodeLlmError(raw);
  if (error.retryable && call.attempts < call.retry.maxAttempts) {
    const delayMs = retryDelayMs(call.retry, call.attempts, error.retryAfterMs);
    await ctx.db.patch("llmCalls", call._id, {
      error: error.message,
      status: "retrying",
    });
    await parkCall(ctx, call, "retryBackoff", Date.now() + delayMs);
    if (call.workflowId) {
      const run = await findRun(ctx, call.workflowId);
      if (run) {
        await updateRun(ctx, run, {}, [
          {
            type: "run.llm.retry",
            data: {
              callId: call._id,
              name: call.name,
              attempt: call.attempts,
              status: error.status,
              delayMs: Math.round(delayMs),
              error: error.message,
            },
          },
        ]);
      }
    }
    return;
  }
  await failCall(ctx, call, "failed", error.message);
  await resume(ctx, call, { kind: "failed", error: error.message });
}

/** Hand the result to the workflow awaiting this step's event. */
export async function resume(
  ctx: MutationCtx,
  call: CallDoc,
  result:
    | { kind: "success"; returnValue: unknown }
    | { kind: "failed"; error: string },
): Promise<void> {
  if (!call.eventId) return;
  await ctx.runMutation(components.workflow.event.send, {
    eventId: call.eventId,
    result,
  });
}
