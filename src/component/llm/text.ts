// Live text of streaming LLM calls: appended in chunks by the action,
// read reactively, compacted when the call ends (see finish.ts).
import { v } from "convex/values";
import { workflowError } from "../../shared/errors.js";
import { vLiveText, type LiveText } from "../../shared/llmValidators.js";
import { checkRunId } from "../../shared/validate.js";
import { mutation, query, type QueryCtx } from "../_generated/server.js";
import { requireRun } from "../runStore.js";
import { isFinished, requireCall, type CallDoc } from "./finish.js";

/** Append a chunk (called by the LLM action, at most every 250 ms). */
export const appendText = mutation({
  args: {
    callId: v.string(),
    attempt: v.number(),
    seq: v.number(),
    text: v.string(),
  },
  returns: v.boolean(),
  handler: async (ctx, args): Promise<boolean> => {
    const call = await requireCall(ctx, args.callId);
    // A superseded attempt or a finished call keeps streaming into nothing.
    if (isFinished(call) || call.attempts !== args.attempt) return false;
    if (call.status !== "running") {
      await ctx.db.patch("llmCalls", call._id, { status: "running" });
    }
    await ctx.db.insert("llmChunks", {
      callId: call._id,
      attempt: args.attempt,
      seq: args.seq,
      text: args.text,
    });
    return true;
  },
});

/**
 * The text an LLM call has written so far: by `callId` (which must belong
 * to `runId` when both are given), or the run's latest call. Null when the
 * run has no LLM call yet.
 */
export const liveText = query({
  args: { runId: v.optional(v.string()), callId: v.optional(v.string()) },
  returns: v.union(vLiveText, v.null()),
  handler: async (ctx, args): Promise<LiveText | null> => {
    const call = await findCall(ctx, args);
    if (!call) return null;
    if (call.text !== undefined || isFinished(call)) {
      return view(call, call.text ?? "", true);
    }
    const chunks = await ctx.db
      .query("llmChunks")
      .withIndex("call", (q) =>
        q.eq("callId", call._id).eq("attempt", call.attempts),
      )
      .collect();
    return view(call, chunks.map((c) => c.text).join(""), false);
  },
});

function view(call: CallDoc, text: string, done: boolean): LiveText {
  return {
    callId: call._id,
    name: call.name,
    status: call.status,
    attempt: call.attempts,
    text,
    done,
  };
}

async function findCall(
  ctx: QueryCtx,
  args: { runId?: string; callId?: string },
): Promise<CallDoc | null> {
  if (args.callId !== undefined) {
    const id = ctx.db.normalizeId("llmCalls", args.callId);
    const call = id ? await ctx.db.get("llmCalls", id) : null;
    // With both ids, the call must be that run's: a run's reader may not
    // read another run's text by naming its call.
    if (args.runId !== undefined && call?.workflowId !== args.runId) {
      throw workflowError(
        "NOT_AUTHORIZED",
        `No LLM call "${args.callId}" in run "${args.runId}".`,
        { runId: args.runId },
      );
    }
    return call;
  }
  if (args.runId === undefined) {
    throw workflowError("INVALID_ARGUMENT", "Pass runId or callId.", {
      path: ["runId"],
    });
  }
  const run = await requireRun(ctx, checkRunId(args.runId));
  return await ctx.db
    .query("llmCalls")
    .withIndex("run", (q) => q.eq("workflowId", run.workflowId))
    .order("desc")
    .first();
}
