// A call's way into the dispatcher's queue, and out of it: queued ready to
// start, parked until a rate limit or a retry backoff lets it go, taken
// out when it is canceled.
import { v } from "convex/values";
import { internal } from "../_generated/api.js";
import { internalMutation, type MutationCtx } from "../_generated/server.js";
import { dispatch, dispatchState } from "./dispatch.js";
import { isFinished, type CallDoc } from "./finish.js";
import { findKey, keyOf, keyRow, saveKey } from "./keys.js";

/** Put a call in its key's queue (at its own order) and start what fits. */
export async function queueCall(
  ctx: MutationCtx,
  call: CallDoc,
): Promise<void> {
  const state = await dispatchState(ctx);
  if (
    call.maxParallelism !== undefined &&
    state.appCap !== call.maxParallelism
  ) {
    await ctx.db.patch("llmDispatch", state._id, {
      appCap: call.maxParallelism,
    });
  }
  const key = keyOf(call);
  const row = await keyRow(ctx, key, state.turn, call.keyCap);
  await ctx.db.insert("llmQueue", {
    callId: call._id,
    key,
    order: call.order ?? call.createdAt,
  });
  if (call.wait) await ctx.db.patch("llmCalls", call._id, { wait: undefined });
  await saveKey(ctx, row, { waiting: +1 }, state.turn);
  await dispatch(ctx);
}

/** Keep a call out of the queue until `until`, then queue it again. */
export async function parkCall(
  ctx: MutationCtx,
  call: CallDoc,
  reason: "rateLimit" | "retryBackoff",
  until: number,
): Promise<void> {
  await ctx.db.patch("llmCalls", call._id, { wait: { reason, until } });
  await ctx.scheduler.runAt(until, internal.llm.queue.unpark, {
    callId: call._id,
    attempts: call.attempts,
  });
}

/** A parked call's time came (unless it ended or moved on meanwhile). */
export const unpark = internalMutation({
  args: { callId: v.id("llmCalls"), attempts: v.number() },
  returns: v.null(),
  handler: async (ctx, { callId, attempts }): Promise<null> => {
    const call = await ctx.db.get("llmCalls", callId);
    if (!call || isFinished(call) || !call.wait || call.attempts !== attempts) {
      return null;
    }
    await queueCall(ctx, call);
    return null;
  },
});

/** Take a queued call out (it was canceled); false if it was not queued. */
export async function unqueueCall(
  ctx: MutationCtx,
  call: CallDoc,
): Promise<boolean> {
  const entry = await ctx.db
    .query("llmQueue")
    .withIndex("callId", (q) => q.eq("callId", call._id))
    .unique();
  if (!entry) return false;
  await ctx.db.delete("llmQueue", entry._id);
  const row = await findKey(ctx, entry.key);
  if (row) {
    const state = await dispatchState(ctx);
    await saveKey(ctx, row, { waiting: -1 }, state.turn);
  }
  return true;
}
