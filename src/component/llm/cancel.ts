import { Workpool } from "@convex-dev/workpool";
import { v } from "convex/values";
import { components } from "../_generated/api.js";
import { mutation, type MutationCtx } from "../_generated/server.js";
import { resume } from "./complete.js";
import { failCall, isFinished, requireCall } from "./finish.js";

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
    if (call.workId) {
      const pool = new Workpool(components.llmPool, { logLevel: "WARN" });
      await pool.cancel(ctx, call.workId as never);
    }
    if (call.retrierRunId) {
      await ctx.runMutation(components.retrier.public.cancel, {
        runId: call.retrierRunId,
      });
    }
    await failCall(ctx, call, "canceled");
    await resume(ctx, call, { kind: "failed", error: CALL_CANCELED });
    return true;
  },
});

/** A run ended: its queued or running LLM calls are canceled in llmPool. */
export async function cancelRunningCalls(
  ctx: MutationCtx,
  workflowId: string,
): Promise<void> {
  const calls = await ctx.db
    .query("llmCalls")
    .withIndex("run", (q) => q.eq("workflowId", workflowId))
    .order("desc")
    .take(MAX_CALLS_CANCELED);
  const pool = new Workpool(components.llmPool, { logLevel: "WARN" });
  for (const call of calls) {
    if (isFinished(call)) continue;
    if (call.workId) await pool.cancel(ctx, call.workId as never);
    await failCall(ctx, call, "canceled");
  }
}

// Calls of one run in flight at once are few; older ones are finished.
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
