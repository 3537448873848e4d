import { v } from "convex/values";
import { mutation, type MutationCtx } from "../_generated/server.js";
import { resume } from "./complete.js";
import { failCall, isFinished, requireCall, type CallDoc } from "./finish.js";
import { unqueueCall } from "./queue.js";

/** The error an LLM step throws when its call was canceled on its own. */
export const CALL_CANCELED = "LLM call canceled";

/**
 * Cancel one LLM call, its run going on: an LLM step's call ends canceled
 * and the step throws (the handler may catch it); a one-shot call ends
 * canceled. A streaming call stops at its next chunk (see llmAction).
 * False if the call had already ended.
 */
export const cancelCall = mutation({
  args: { callId: v.string() },
  returns: v.boolean(),
  handler: async (ctx, args): Promise<boolean> => {
    const call = await requireCall(ctx, args.callId);
    if (isFinished(call)) return false;
    await endCanceled(ctx, call);
    await resume(ctx, call, { kind: "failed", error: CALL_CANCELED });
    return true;
  },
});

/**
 * End a call canceled. A queued call leaves the queue; a parked one is not
 * woken; a running one keeps its slot until its action reports, so the
 * caps count it while it stops (a stream at its next chunk).
 */
async function endCanceled(ctx: MutationCtx, call: CallDoc): Promise<void> {
  await unqueueCall(ctx, call);
  await failCall(ctx, call, "canceled");
}

/** A run ended: its queued or running LLM calls are canceled. */
export async function cancelRunningCalls(
  ctx: MutationCtx,
  workflowId: string,
): Promise<void> {
  for (const status of ["queued", "retrying", "running"] as const) {
    const calls = await ctx.db
      .query("llmCalls")
      .withIndex("run_status", (q) =>
        q.eq("workflowId", workflowId).eq("status", status),
      )
      .take(MAX_CALLS_CANCELED);
    for (const call of calls) await endCanceled(ctx, call);
  }
}

// A run's calls in flight at once are few (its parallel LLM steps).
const MAX_CALLS_CANCELED = 50;

/** Delete a run's LLM calls and their chunks (cleanup); true when none are left. */
export async function deleteRunCalls(
  ctx: MutationCtx,
  workflowId: string,
  batchSize: number,
): Promise<boolean> {
  const calls = await ctx.db
    .query("llmCalls")
    .withIndex("run", (q) => q.eq("workflowId", workflowId))
    .take(batchSize);
  for (const call of calls) {
    // A finished call's chunks were compacted into it; a call canceled
    // mid-stream may keep some: a batch at a time, the call after them.
    const chunks = await ctx.db
      .query("llmChunks")
      .withIndex("call", (q) => q.eq("callId", call._id))
      .take(batchSize);
    for (const chunk of chunks) await ctx.db.delete("llmChunks", chunk._id);
    if (chunks.length === batchSize) return false;
    await ctx.db.delete("llmCalls", call._id);
  }
  return calls.length < batchSize;
}
