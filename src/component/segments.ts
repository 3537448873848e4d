// step.continueAsNew: end the current segment of a run and go on in a fresh
// journal (a new nested workflow) with the next input. The run keeps its id,
// owner, tags, usage, progress, event log and buffered signals: all of them
// are keyed by the run id, not by the journal.
import { createFunctionHandle } from "convex/server";
import { v } from "convex/values";
import { workflowError } from "../shared/errors.js";
import { segmentArgs } from "../shared/segments.js";
import { checkValueSize } from "../shared/validate.js";
import { isTerminal, LIMITS } from "../shared/validators.js";
import { components, internal } from "./_generated/api.js";
import { mutation, type MutationCtx } from "./_generated/server.js";
import { beginSegmentDeletion } from "./deletion.js";
import { cancelRunningCalls } from "./llm/cancel.js";
import {
  findSegment,
  journalOf,
  requireActiveRun,
  updateRun,
  type RunDoc,
} from "./runStore.js";
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
    const previous = await findSegment(ctx, run.workflowId, segment - 1);
    if (previous) {
      await ctx.db.patch("segments", previous._id, { endedAt: now });
    } else {
      // The first continue: segment 0 gets its row (its journal is the run id).
      await ctx.db.insert("segments", {
        runId: run.workflowId,
        segment: 0,
        journalId: current,
        input: run.input,
        startedAt: run.startedAt,
        endedAt: now,
      });
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

/**
 * Restart a finished run from the start of its segment `segment`: a fresh
 * nested workflow runs that segment again with the input it started with;
 * its old journal and every later segment are deleted (in batches, their
 * children with them).
 */
export async function restartSegment(
  ctx: MutationCtx,
  run: RunDoc,
  segment: number,
): Promise<void> {
  const last = run.segment ?? 0;
  if (!Number.isInteger(segment) || segment < 0 || segment > last) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `segment must be an integer from 0 to ${last}, the run's segments.`,
      { path: ["segment"], runId: run.workflowId },
    );
  }
  if (!isTerminal(run.status)) {
    throw workflowError(
      "RUN_NOT_FINISHED",
      `Run "${run.workflowId}" is ${run.status}; only a finished run can restart.`,
      { runId: run.workflowId },
    );
  }
  const row = await findSegment(ctx, run.workflowId, segment);
  const oldJournal = row?.journalId ?? journalOf(run);
  const input: unknown = row ? row.input : run.input;
  const { workflow } = await ctx.runQuery(
    components.workflow.workflow.getStatus,
    { workflowId: journalOf(run) },
  );
  const journalId: string = await ctx.runMutation(
    components.workflow.workflow.create,
    {
      workflowName: workflow.name ?? run.functionName,
      workflowHandle: workflow.workflowHandle,
      workflowArgs: segmentArgs(run.workflowId, segment, input),
      onComplete: {
        fnHandle: await createFunctionHandle(
          internal.lifecycle.onWorkflowComplete,
        ),
      },
      startAsync: true,
    },
  );
  const now = Date.now();
  if (row) {
    await ctx.db.patch("segments", row._id, {
      journalId,
      startedAt: now,
      endedAt: undefined,
    });
  } else {
    await ctx.db.insert("segments", {
      runId: run.workflowId,
      segment,
      journalId,
      input,
      startedAt: now,
    });
  }
  await beginSegmentDeletion(ctx, run.workflowId, oldJournal, segment + 1);
  await updateRun(
    ctx,
    run,
    {
      status: "queued",
      segment,
      journalId,
      input,
      output: undefined,
      error: undefined,
      finishedAt: undefined,
      progress: undefined,
    },
    [{ type: "run.restarted", data: { segment } }],
  );
}
