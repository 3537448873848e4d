// Cancel, restart and clean up runs, with coded errors. Each is one
// transaction: our records and the nested workflow change together.
import { v } from "convex/values";
import { workflowError } from "../shared/errors.js";
import { checkRunId } from "../shared/validate.js";
import { isTerminal } from "../shared/validators.js";
import { components } from "./_generated/api.js";
import { mutation } from "./_generated/server.js";
import { recordCanceled } from "./lifecycle.js";
import { deleteFinishedRun } from "./deletion.js";
import { noteRestart } from "./restart.js";
import { restartSegment } from "./segments.js";
import { journalOf, requireRun, type RunDoc } from "./runStore.js";

const nested = components.workflow.workflow;

function requireTopLevel(run: RunDoc, operation: string): void {
  if (run.parentRunId) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `Run "${run.workflowId}" is a child of "${run.parentRunId}": ${operation} its parent instead.`,
      { runId: run.workflowId },
    );
  }
}

/**
 * Cancel a run and its children. Canceling a canceled run does nothing;
 * a completed or failed run gives RUN_FINISHED. A child run is canceled
 * through its parent (INVALID_ARGUMENT), so no parent waits forever on a
 * child someone else stopped.
 */
export const cancel = mutation({
  args: { runId: v.string() },
  returns: v.null(),
  handler: async (ctx, args): Promise<null> => {
    const run = await requireRun(ctx, checkRunId(args.runId));
    requireTopLevel(run, "cancel");
    if (run.status === "canceled") return null;
    if (isTerminal(run.status)) {
      throw workflowError(
        "RUN_FINISHED",
        `Run "${run.workflowId}" already ${run.status}.`,
        { runId: run.workflowId },
      );
    }
    await ctx.runMutation(nested.cancel, { workflowId: journalOf(run) });
    await recordCanceled(ctx, run.workflowId);
    return null;
  },
});

/**
 * Run a finished run again. With `from` (a step number or the name of a
 * step), the journal from that step on is dropped and replayed; without it
 * the handler replays over the whole journal.
 */
export const restart = mutation({
  args: {
    runId: v.string(),
    from: v.optional(v.union(v.number(), v.string())),
    /** Restart from the start of this segment (continue-as-new). */
    segment: v.optional(v.number()),
  },
  returns: v.null(),
  handler: async (ctx, args): Promise<null> => {
    const run = await requireRun(ctx, checkRunId(args.runId));
    requireTopLevel(run, "restart");
    if (args.segment !== undefined) {
      if (args.from !== undefined) {
        throw workflowError(
          "INVALID_ARGUMENT",
          "Restart from a step (from) or from a segment's start (segment), not both.",
          { path: ["segment"], runId: run.workflowId },
        );
      }
      await restartSegment(ctx, run, args.segment);
      return null;
    }
    const from = await noteRestart(ctx, run.workflowId, args.from);
    await ctx.runMutation(nested.restart, {
      workflowId: journalOf(run),
      from,
      startAsync: true,
    });
    return null;
  },
});

/**
 * Delete a finished run, its journal, children and events. The run is
 * gone from reads at once; its rows are deleted in scheduled batches.
 */
export const cleanup = mutation({
  args: { runId: v.string() },
  returns: v.null(),
  handler: async (ctx, args): Promise<null> => {
    const run = await requireRun(ctx, checkRunId(args.runId));
    requireTopLevel(run, "clean up");
    if (!isTerminal(run.status)) {
      throw workflowError(
        "RUN_NOT_FINISHED",
        `Run "${run.workflowId}" is ${run.status}; cancel it first.`,
        { runId: run.workflowId },
      );
    }
    await deleteFinishedRun(ctx, run);
    return null;
  },
});
