// Human approval of drafted replies: the signal the workflow waits for, the
// mutation support agents answer with, and their inbox.
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import { z } from "zod";
import { defineSignal, type RunId } from "convex-agent-workflows";
import { mutation, query } from "./_generated/server.js";
import { flows } from "./flows.js";

/** A support agent's decision on a drafted reply, possibly edited. */
export const replyApproval = defineSignal({
  name: "reply-approval",
  value: z.object({
    approved: z.boolean(),
    editedReply: z.string().min(1).max(5000).optional(),
    note: z.string().max(500).optional(),
  }),
});

export const decideReply = mutation({
  args: {
    runId: v.string(),
    requestId: v.optional(v.string()),
    by: v.string(),
    approved: v.boolean(),
    editedReply: v.optional(v.string()),
    note: v.optional(v.string()),
  },
  handler: async (ctx, { runId, requestId, by, ...value }) =>
    await flows.signal(ctx, {
      runId,
      requestId,
      signal: replyApproval,
      value,
      by,
    }),
});

/** Pending approvals for an assignee ("team:support"), newest first. */
export const inbox = query({
  args: { assignee: v.string(), paginationOpts: paginationOptsValidator },
  handler: async (ctx, args) => await flows.pendingSignals(ctx, args),
});

export const history = query({
  args: { runId: v.string() },
  handler: async (ctx, { runId }) =>
    await flows.signalHistory(ctx, runId as RunId),
});
