// step.continueAsNew: end the current segment of a run and go on in a fresh
// journal (a new nested workflow) with the next input. The run keeps its id,
// owner, tags, usage, progress, event log and buffered signals: all of them
// are keyed by the run id, not by the journal.
import { createFunctionHandle } from "convex/server";
import { v } from "convex/values";
import { segmentArgs } from "../shared/segments.js";
import { checkValueSize } from "../shared/validate.js";
import { LIMITS } from "../shared/validators.js";
import { components, internal } from "./_generated/api.js";
import { mutation } from "./_generated/server.js";
import { cancelRunningCalls } from "./llm/cancel.js";
import { journalOf, requireActiveRun, updateRun } from "./runStore.js";
import { cancelPendingRequests } from "./signals/requests.js";

/**
 * The inline step of `step.continueAsNew`: start the next segment's nested
 * workflow (it runs once this transaction commits) and make it the run's
 * journal. The handler then ends the current segment, whose end the
 * lifecycle hook ignores.
 */
export const continueAsNew = mutation({
  args: { runId: v.string(), input: v.any() },
  returns: v.object({ segment: v.number() }),
  handler: async (ctx, args): Promise<{ segment: number }> => {
    checkValueSize(
      args.input,
      LIMITS.maxInputBytes,
      "INPUT_TOO_LARGE",
      "The next segment's input",
    );
    const run = await requireActiveRun(ctx, args.runId);
    const current = journalOf(run);
    const { workflow } = await ctx.runQuery(
      components.workflow.workflow.getStatus,
      { workflowId: current },
    );
    const now = Date.now();
    const segment = (run.segment ?? 0) + 1;
    if (segment === 1) {
      await ctx.db.insert("segments", {
        runId: run.workflowId,
        segment: 0,
        journalId: run.workflowId,
        input: run.input,
        startedAt: run.startedAt,
        endedAt: now,
      });
    } else {
      const previous = await ctx.db
        .query("segments")
        .withIndex("run_segment", (q) =>
          q.eq("runId", run.workflowId).eq("segment", segment - 1),
        )
        .unique();
      if (previous) {
        await ctx.db.patch("segments", previous._id, { endedAt: now });
      }
    }
    // Waits the handler left open in this segment can never be delivered.
    await cancelPendingRequests(ctx, run.workflowId);
    await cancelRunningCalls(ctx, run.workflowId);
    const journalId: string = await ctx.runMutation(
      components.workflow.workflow.create,
      {
        workflowName: workflow.name ?? run.functionName,
        workflowHandle: workflow.workflowHandle,
        workflowArgs: segmentArgs(run.workflowId, segment, args.input),
        onComplete: {
          fnHandle: await createFunctionHandle(
            internal.lifecycle.onWorkflowComplete,
          ),
        },
        startAsync: true,
      },
    );
    await ctx.db.insert("segments", {
      runId: run.workflowId,
      segment,
      journalId,
      input: args.input,
      startedAt: now,
    });
    await updateRun(ctx, run, { segment, journalId, input: args.input }, [
      { type: "run.continued", data: { segment } },
    ]);
    return { segment };
  },
});
