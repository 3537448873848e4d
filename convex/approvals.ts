// Human approval of drafted replies: the signal the workflow waits for, the
// mutation support agents answer with, their inbox, and a run's approval
// history. Who decides is the signed-in caller, never an argument.
import { paginationOptsValidator } from "convex/server";
import { ConvexError, v } from "convex/values";
import { z } from "zod";
import { defineSignal, type RunId } from "convex-agent-workflows";
import { mutation, query } from "./_generated/server.js";
import { flows } from "./flows.js";
import { isAgentId, requireAgent, requireUser } from "./users.js";

/** A support agent's decision on a drafted reply, possibly edited. */
export const replyApproval = defineSignal({
  name: "reply-approval",
  value: z.object({
    approved: z.boolean(),
    editedReply: z.string().min(1).max(5000).optional(),
    note: z.string().max(500).optional(),
  }),
});

/** A support agent decides on a run's drafted reply (as themselves). */
export const decideReply = mutation({
  args: {
    runId: v.string(),
    requestId: v.optional(v.string()),
    approved: v.boolean(),
    editedReply: v.optional(v.string()),
    note: v.optional(v.string()),
  },
  handler: async (ctx, { runId, requestId, ...value }) => {
    const agent = await requireAgent(ctx);
    return await flows.signal(ctx, {
      runId,
      requestId,
      signal: replyApproval,
      value,
      by: agent.subject,
    });
  },
});

/** Pending approvals for an assignee ("team:support"), newest first: agents only. */
export const inbox = query({
  args: { assignee: v.string(), paginationOpts: paginationOptsValidator },
  handler: async (ctx, args) => {
    await requireAgent(ctx);
    return await flows.pendingSignals(ctx, args);
  },
});

/** A run's approval requests and decisions: its owner's and agents' to read. */
export const history = query({
  args: { runId: v.string() },
  handler: async (ctx, { runId }) => {
    const user = await requireUser(ctx);
    const run = await flows.getRun(ctx, runId as RunId);
    if (!run || (run.owner !== user.subject && !isAgentId(user.subject))) {
      throw new ConvexError({
        code: "NOT_AUTHORIZED",
        message: "Not allowed: history.",
      });
    }
    return await flows.signalHistory(ctx, runId as RunId);
  },
});
