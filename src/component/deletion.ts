// Deleting runs (cleanup, a restart dropping a child) and the step records
// a restart drops, in scheduled batches: no transaction's reads or writes
// grow with a run's history or the size of its tree.
import { v } from "convex/values";
import { isTerminal } from "../shared/validators.js";
import { components, internal } from "./_generated/api.js";
import { internalMutation, type MutationCtx } from "./_generated/server.js";
import { cancelRun } from "./lifecycle.js";
import { deleteRunCalls } from "./llm/cancel.js";
import { findRun, journalOf, type RunDoc } from "./runStore.js";
import { isInternalStep } from "./stepStarts.js";

/** Rows of one table deleted per transaction (well inside Convex's limits). */
export const DELETE_BATCH = 500;
/** Child runs handed to their own deletion per transaction. */
const CHILD_BATCH = 50;
/** Segments (continue-as-new) deleted per transaction. */
const SEGMENT_BATCH = 5;

/**
 * Delete a run and everything below it. The run's row and tags go now, so
 * reads see it gone at once; its events, steps, signals, LLM calls and
 * child runs follow in scheduled batches.
 */
export async function beginDeletion(
  ctx: MutationCtx,
  run: RunDoc,
): Promise<void> {
  const tags = await ctx.db
    .query("runTags")
    .withIndex("run", (q) => q.eq("runId", run._id))
    .take(DELETE_BATCH);
  for (const row of tags) await ctx.db.delete("runTags", row._id);
  await ctx.db.delete("runs", run._id);
  await enqueue(ctx, { workflowId: run.workflowId, kind: "run" });
}

/** Delete a finished top-level run: its nested journal, then our records. */
export async function deleteFinishedRun(
  ctx: MutationCtx,
  run: RunDoc,
): Promise<void> {
  // The current segment's journal now; earlier segments' with the rows.
  await ctx.runMutation(components.workflow.workflow.cleanup, {
    workflowId: journalOf(run),
  });
  await beginDeletion(ctx, run);
}

/**
 * After a restart from `fromStep`: drop the step records from there on and
 * stop counting the user steps among them as started. The first batch goes
 * now (most runs have no more); the rest in scheduled batches, while the
 * replay may already write new records: those are newer and stay, and
 * reads take the newest record of a step.
 */
export async function beginStepDeletion(
  ctx: MutationCtx,
  workflowId: string,
  fromStep: number,
  belowGeneration: number,
): Promise<void> {
  const next = await deleteStepBatch(
    ctx,
    workflowId,
    fromStep,
    belowGeneration,
  );
  if (next !== undefined) {
    await enqueue(ctx, {
      workflowId,
      kind: "steps",
      fromStep: next,
      belowGeneration,
    });
  }
}

/** Every step record of a journal, whatever its generation. */
const ALL_GENERATIONS = Number.MAX_SAFE_INTEGER;

/**
 * A restart from the start of a segment: the segment's old journal goes
 * now (its step records, and children, in batches), later segments in a
 * job of their own.
 */
export async function beginSegmentDeletion(
  ctx: MutationCtx,
  runId: string,
  oldJournal: string,
  fromSegment: number,
): Promise<void> {
  await ctx.runMutation(components.workflow.workflow.cleanup, {
    workflowId: oldJournal,
    force: true,
  });
  await beginStepDeletion(ctx, oldJournal, 0, ALL_GENERATIONS);
  // Segments the replay starts from now on are newer and stay.
  await enqueue(ctx, {
    workflowId: runId,
    kind: "segments",
    fromStep: fromSegment,
    belowGeneration: Date.now(),
  });
}

type Job =
  | { workflowId: string; kind: "run" }
  | {
      workflowId: string;
      kind: "segments";
      fromStep: number;
      /** Only segments started before this time go. */
      belowGeneration: number;
    }
  | {
      workflowId: string;
      kind: "steps";
      fromStep: number;
      belowGeneration: number;
    };

async function enqueue(ctx: MutationCtx, job: Job): Promise<void> {
  const jobId = await ctx.db.insert("deletions", job);
  await ctx.scheduler.runAfter(0, internal.deletion.continueDeletion, {
    jobId,
  });
}

/** One batch of a deletion job; schedules the next until the job is done. */
export const continueDeletion = internalMutation({
  args: { jobId: v.id("deletions") },
  returns: v.null(),
  handler: async (ctx, { jobId }): Promise<null> => {
    const job = await ctx.db.get("deletions", jobId);
    if (!job) return null;
    let done: boolean;
    if (job.kind === "run") {
      done = await deleteRunBatch(ctx, job.workflowId);
    } else if (job.kind === "segments") {
      const next = await dropSegmentBatch(
        ctx,
        job.workflowId,
        job.fromStep!,
        job.belowGeneration!,
      );
      done = next === undefined;
      if (next !== undefined) {
        await ctx.db.patch("deletions", jobId, { fromStep: next });
      }
    } else {
      const next = await deleteStepBatch(
        ctx,
        job.workflowId,
        job.fromStep!,
        job.belowGeneration!,
      );
      done = next === undefined;
      if (next !== undefined) {
        await ctx.db.patch("deletions", jobId, { fromStep: next });
      }
    }
    if (done) {
      await ctx.db.delete("deletions", jobId);
    } else {
      await ctx.scheduler.runAfter(0, internal.deletion.continueDeletion, {
        jobId,
      });
    }
    return null;
  },
});

/**
 * A child run goes with its parent (or with the parent's step that started
 * it, on restart): stopped if it still runs, its journal cleaned up in the
 * nested workflow (in batches of its own), its rows deleted like a run's.
 */
async function deleteChildRun(ctx: MutationCtx, child: RunDoc): Promise<void> {
  if (!isTerminal(child.status)) await cancelRun(ctx, child);
  await ctx.runMutation(components.workflow.workflow.cleanup, {
    workflowId: journalOf(child),
    force: true,
  });
  const current = await findRun(ctx, child.workflowId);
  if (current) await beginDeletion(ctx, current);
}

/** Child runs first (each its own job), then this run's rows; true when done. */
async function deleteRunBatch(
  ctx: MutationCtx,
  workflowId: string,
): Promise<boolean> {
  const children = await ctx.db
    .query("runs")
    .withIndex("parent", (q) => q.eq("parentRunId", workflowId))
    .take(CHILD_BATCH);
  for (const child of children) await deleteChildRun(ctx, child);
  if (children.length === CHILD_BATCH) return false;
  // Every segment's journal (continue-as-new), as a restart drops them.
  const more = await dropSegmentBatch(
    ctx,
    workflowId,
    0,
    Number.POSITIVE_INFINITY,
  );
  if (more !== undefined) return false;
  return await deleteRunRecords(ctx, workflowId);
}

/**
 * Segments from `fromSegment` on that started before `startedBefore`, a
 * few per transaction (a run's deletion, or a restart from an earlier
 * segment): each one's journal, step records (and children) and row. The
 * segment to go on from, or undefined when done.
 */
async function dropSegmentBatch(
  ctx: MutationCtx,
  runId: string,
  fromSegment: number,
  startedBefore: number,
): Promise<number | undefined> {
  const segments = await ctx.db
    .query("segments")
    .withIndex("run_segment", (q) =>
      q.eq("runId", runId).gte("segment", fromSegment),
    )
    .take(SEGMENT_BATCH);
  for (const segment of segments) {
    if (segment.startedAt >= startedBefore) continue;
    await ctx.runMutation(components.workflow.workflow.cleanup, {
      workflowId: segment.journalId,
      force: true,
    });
    await beginStepDeletion(ctx, segment.journalId, 0, ALL_GENERATIONS);
    await ctx.db.delete("segments", segment._id);
  }
  return segments.length < SEGMENT_BATCH
    ? undefined
    : segments.at(-1)!.segment + 1;
}

/** One batch of a run's events, step records, signals and LLM calls. */
async function deleteRunRecords(
  ctx: MutationCtx,
  workflowId: string,
): Promise<boolean> {
  const steps = await ctx.db
    .query("stepInfo")
    .withIndex("step", (q) => q.eq("workflowId", workflowId))
    .take(DELETE_BATCH);
  for (const row of steps) await ctx.db.delete("stepInfo", row._id);
  const events = await ctx.db
    .query("runEvents")
    .withIndex("run_seq", (q) => q.eq("workflowId", workflowId))
    .take(DELETE_BATCH);
  for (const row of events) await ctx.db.delete("runEvents", row._id);
  const decisions = await ctx.db
    .query("signalDecisions")
    .withIndex("run", (q) => q.eq("workflowId", workflowId))
    .take(DELETE_BATCH);
  for (const row of decisions) await ctx.db.delete("signalDecisions", row._id);
  const buffered = await ctx.db
    .query("bufferedSignals")
    .withIndex("run_signal", (q) => q.eq("workflowId", workflowId))
    .take(DELETE_BATCH);
  for (const row of buffered) await ctx.db.delete("bufferedSignals", row._id);
  const batches = [steps, events, decisions, buffered];
  const done = batches.every((rows) => rows.length < DELETE_BATCH);
  return (
    (await deleteSignalRequests(ctx, workflowId)) &&
    (await deleteRunCalls(ctx, workflowId, DELETE_BATCH)) &&
    done
  );
}

async function deleteSignalRequests(
  ctx: MutationCtx,
  workflowId: string,
): Promise<boolean> {
  const requests = await ctx.db
    .query("signalRequests")
    .withIndex("run", (q) => q.eq("workflowId", workflowId))
    .take(DELETE_BATCH);
  for (const request of requests) {
    // Only a pending request has inbox rows (one per assignee, few).
    const inbox = await ctx.db
      .query("signalInbox")
      .withIndex("request", (q) => q.eq("requestId", request._id))
      .take(DELETE_BATCH);
    for (const row of inbox) await ctx.db.delete("signalInbox", row._id);
    await ctx.db.delete("signalRequests", request._id);
  }
  return requests.length < DELETE_BATCH;
}

/** One batch of old step records; the step to go on from, or undefined when done. */
async function deleteStepBatch(
  ctx: MutationCtx,
  workflowId: string,
  fromStep: number,
  belowGeneration: number,
): Promise<number | undefined> {
  const rows = await ctx.db
    .query("stepInfo")
    .withIndex("step", (q) =>
      q.eq("workflowId", workflowId).gte("stepNumber", fromStep),
    )
    .take(DELETE_BATCH);
  let userSteps = 0;
  for (const row of rows) {
    if ((row.generation ?? 0) >= belowGeneration) continue;
    if (!isInternalStep(row.name)) userSteps += 1;
    await ctx.db.delete("stepInfo", row._id);
    if (row.childWorkflowId) {
      const child = await findRun(ctx, row.childWorkflowId);
      if (child) await deleteChildRun(ctx, child);
    }
  }
  const run = await findRun(ctx, workflowId);
  if (run && userSteps > 0) {
    await ctx.db.patch("runs", run._id, {
      stepsStarted: Math.max(0, run.stepsStarted - userSteps),
    });
  }
  // A step's old record is gone and at most its new one is left, so going
  // on from the last step read never reads the same rows forever.
  return rows.length < DELETE_BATCH ? undefined : rows.at(-1)!.stepNumber;
}
