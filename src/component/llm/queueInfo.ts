// Where a queued call stands: why it has not started, how many calls of
// its key are ahead of it, and until when a rate limit or a backoff holds
// it. Read for getRun, listSteps and getLlmCall; bounded (the count of
// calls ahead stops at MAX_AHEAD_COUNTED).
import { MAX_AHEAD_COUNTED, type LlmQueueInfo } from "../../shared/llmFlow.js";
import type { QueryCtx } from "../_generated/server.js";
import { llmParallelism } from "./dispatch.js";
import { isFinished, type CallDoc } from "./finish.js";
import { findKey, keyCap } from "./keys.js";

export async function queueInfo(
  ctx: QueryCtx,
  call: CallDoc,
): Promise<LlmQueueInfo | undefined> {
  if (isFinished(call) || call.status === "running") return undefined;
  const base = { key: call.key, priority: call.priority ?? 0 };
  if (call.wait) {
    return { ...base, reason: call.wait.reason, until: call.wait.until };
  }
  const entry = await ctx.db
    .query("llmQueue")
    .withIndex("callId", (q) => q.eq("callId", call._id))
    .unique();
  // Not queued and not waiting: its attempt has started.
  if (!entry) return undefined;
  const ahead = await ctx.db
    .query("llmQueue")
    .withIndex("key_order", (q) =>
      q.eq("key", entry.key).lte("order", entry.order),
    )
    .take(MAX_AHEAD_COUNTED + 1);
  const before = ahead.filter(
    (other) =>
      other.order < entry.order ||
      (other.order === entry.order &&
        other._creationTime < entry._creationTime),
  ).length;
  const row = await findKey(ctx, entry.key);
  const state = await ctx.db.query("llmDispatch").first();
  const reason =
    row && row.running >= keyCap(row)
      ? "keyCap"
      : (state?.running ?? 0) >= (await llmParallelism(ctx, state))
        ? "globalCap"
        : "dispatching";
  return { ...base, reason, ahead: Math.min(before, MAX_AHEAD_COUNTED) };
}
