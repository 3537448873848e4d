// step.waitForSignal, first half: open a request (journaled inline step).
// The workflow then awaits the request's event by id.
import { v } from "convex/values";
import { workflowError } from "../../shared/errors.js";
import { checkCallback, checkWaitOptions } from "../../shared/validate.js";
import { components, internal } from "../_generated/api.js";
import { mutation } from "../_generated/server.js";
import { journalOf, requireActiveRun, updateRun } from "../runStore.js";
import { settleRequest } from "./requests.js";

export const open = mutation({
  args: {
    runId: v.string(),
    signal: v.string(),
    timeoutMs: v.optional(v.number()),
    title: v.optional(v.string()),
    details: v.optional(v.any()),
    assignees: v.optional(v.array(v.string())),
    quorum: v.optional(v.number()),
    /**
     * Give the request a callback URL: `notify` (a mutation's function
     * handle) receives it once; a decision through it is recorded as `by`.
     */
    callback: v.optional(
      v.object({ notify: v.string(), urlPrefix: v.string(), by: v.string() }),
    ),
  },
  returns: v.object({ requestId: v.string(), eventId: v.string() }),
  handler: async (ctx, args) => {
    checkWaitOptions(args);
    if (args.callback) checkCallback(args.callback);
    const run = await requireActiveRun(ctx, args.runId);
    const assignees = [...new Set(args.assignees ?? [])];
    const quorum = args.quorum ?? 1;
    if (assignees.length > 0 && quorum > assignees.length) {
      throw workflowError(
        "INVALID_ARGUMENT",
        `quorum ${quorum} is more than the ${assignees.length} assignees.`,
        { path: ["quorum"] },
      );
    }
    const eventId = await ctx.runMutation(components.workflow.event.create, {
      name: args.signal,
      workflowId: journalOf(run),
    });
    const now = Date.now();
    const requestId = await ctx.db.insert("signalRequests", {
      workflowId: run.workflowId,
      runName: run.name,
      owner: run.owner,
      signal: args.signal,
      eventId,
      status: "pending",
      title: args.title,
      details: args.details,
      assignees,
      quorum,
      approvals: 0,
      requestedAt: now,
      expiresAt:
        args.timeoutMs === undefined ? undefined : now + args.timeoutMs,
      callbackBy: args.callback?.by,
    });
    if (args.callback) {
      // In a transaction of its own: the token must not be in this step's
      // journal entry, nor in any scheduled function's arguments.
      await ctx.scheduler.runAfter(0, internal.signals.callback.issue, {
        requestId,
        notify: args.callback.notify,
        urlPrefix: args.callback.urlPrefix,
      });
    }
    if (args.timeoutMs !== undefined) {
      // A scheduled function, not a timer in memory: it survives restarts.
      const timerId = await ctx.scheduler.runAfter(
        args.timeoutMs,
        internal.signals.fire.fire,
        { requestId },
      );
      await ctx.db.patch("signalRequests", requestId, { timerId });
    }
    for (const assignee of assignees) {
      await ctx.db.insert("signalInbox", {
        assignee,
        workflowId: run.workflowId,
        requestId,
        owner: run.owner,
      });
    }
    await updateRun(ctx, run, {}, [
      {
        type: "run.signal.requested",
        data: { requestId, signal: args.signal, assignees, quorum },
      },
    ]);
    if (assignees.length === 0 && quorum === 1) {
      await deliverBuffered(ctx, requestId);
    }
    return { requestId, eventId };
  },
});

/** A plain signal sent before the wait opened goes to this wait. */
async function deliverBuffered(
  ctx: Parameters<typeof settleRequest>[0],
  requestId: Parameters<typeof settleRequest>[1]["_id"],
): Promise<void> {
  const request = (await ctx.db.get("signalRequests", requestId))!;
  const buffered = await ctx.db
    .query("bufferedSignals")
    .withIndex("run_signal", (q) =>
      q.eq("workflowId", request.workflowId).eq("signal", request.signal),
    )
    .first();
  if (!buffered) return;
  await ctx.db.delete("bufferedSignals", buffered._id);
  await ctx.db.insert("signalDecisions", {
    requestId,
    workflowId: request.workflowId,
    by: buffered.by,
    value: buffered.value,
    approve: buffered.approve ?? true,
    at: buffered.at,
  });
  await settleRequest(ctx, request, "delivered", {
    kind: "decided",
    outcome: "delivered",
    value: buffered.value,
    by: buffered.by,
  });
}
