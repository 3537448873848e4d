// An LLM step, second half: the llmPool's onComplete. Success records the
// accounting and resumes the workflow; a retryable failure is queued again
// after a backoff that honors Retry-After; anything else fails the step.
import { vResultValidator } from "@convex-dev/workpool";
import { v } from "convex/values";
import { decodeLlmError, retryDelayMs } from "../../shared/llmErrors.js";
import { components } from "../_generated/api.js";
import { internalMutation, type MutationCtx } from "../_generated/server.js";
import { findRun, updateRun } from "../runStore.js";
import { completeCall, failCall, isFinished, type CallDoc } from "./finish.js";
import { enqueueAttempt } from "./pool.js";

export const onComplete = internalMutation({
  args: {
    workId: v.string(),
    context: v.object({ callId: v.id("llmCalls"), attempt: v.number() }),
    result: vResultValidator,
  },
  returns: v.null(),
  handler: async (ctx, { context, result }) => {
    const call = await ctx.db.get("llmCalls", context.callId);
    // A stale attempt (canceled and re-queued) or a call already ended.
    if (!call || isFinished(call) || call.attempts !== context.attempt) {
      return null;
    }
    switch (result.kind) {
      case "success":
        await completeCall(ctx, call, result.returnValue);
        await resume(ctx, call, {
          kind: "success",
          returnValue: result.returnValue,
        });
        return null;
      case "canceled":
        await failCall(ctx, call, "canceled");
        return null;
      case "failed":
        await retryOrFail(ctx, call, result.error);
        return null;
    }
  },
});

async function retryOrFail(ctx: MutationCtx, call: CallDoc, raw: string) {
  const error = decodeLlmError(raw);
  if (error.retryable && call.attempts < call.retry.maxAttempts) {
    const delayMs = retryDelayMs(call.retry, call.attempts, error.retryAfterMs);
    await ctx.db.patch("llmCalls", call._id, { error: error.message });
    await enqueueAttempt(ctx, call, Date.now() + delayMs);
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
