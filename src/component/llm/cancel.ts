import { Workpool } from "@convex-dev/workpool";
import { components } from "../_generated/api.js";
import type { MutationCtx } from "../_generated/server.js";
import { failCall, isFinished } from "./finish.js";

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
