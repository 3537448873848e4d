import type { Doc } from "./_generated/dataModel.js";
import { deleteRunCalls } from "./llm/cancel.js";
import type { MutationCtx, QueryCtx } from "./_generated/server.js";
import { workflowError } from "../shared/errors.js";
import { checkRunId } from "../shared/validate.js";
import { isTerminal, type RunStatus } from "../shared/validators.js";

export type RunDoc = Doc<"runs">;
type RunFields = Omit<RunDoc, "_id" | "_creationTime">;

export async function findRun(
  ctx: QueryCtx,
  workflowId: string,
): Promise<RunDoc | null> {
  return await ctx.db
    .query("runs")
    .withIndex("workflowId", (q) => q.eq("workflowId", workflowId))
    .unique();
}

/** The run, or a RUN_NOT_FOUND error. */
export async function requireRun(
  ctx: QueryCtx,
  workflowId: string,
): Promise<RunDoc> {
  const run = await findRun(ctx, workflowId);
  if (!run) {
    throw workflowError("RUN_NOT_FOUND", `No run with id "${workflowId}".`, {
      runId: workflowId,
    });
  }
  return run;
}

export async function insertRun(
  ctx: MutationCtx,
  fields: Pick<
    RunFields,
    | "workflowId"
    | "name"
    | "functionName"
    | "input"
    | "tags"
    | "owner"
    | "instance"
    | "idempotencyKey"
    | "parentRunId"
    | "appOnComplete"
  >,
): Promise<RunDoc> {
  const now = Date.now();
  const status: RunStatus = "queued";
  const id = await ctx.db.insert("runs", {
    ...fields,
    status,
    stepsStarted: 0,
    eventSeq: 1,
    startedAt: now,
    updatedAt: now,
  });
  await ctx.db.insert("runEvents", {
    workflowId: fields.workflowId,
    seq: 1,
    type: "run.created",
    data: fields.parentRunId ? { parentRunId: fields.parentRunId } : undefined,
    at: now,
  });
  for (const tag of new Set(fields.tags)) {
    await ctx.db.insert("runTags", {
      tag,
      runId: id,
      name: fields.name,
      status,
      owner: fields.owner,
    });
  }
  return (await ctx.db.get("runs", id))!;
}

export type RunEventInput = { type: string; data?: unknown };

/**
 * Patch a run, keep its tag rows' status in step, and append events to its
 * log, all in the caller's transaction. Mutates `run` to the new state.
 */
export async function updateRun(
  ctx: MutationCtx,
  run: RunDoc,
  patch: Partial<RunFields>,
  events: RunEventInput[] = [],
): Promise<void> {
  const now = Date.now();
  const next: Partial<RunFields> = { ...patch, updatedAt: now };
  let seq = run.eventSeq;
  for (const event of events) {
    seq += 1;
    await ctx.db.insert("runEvents", {
      workflowId: run.workflowId,
      seq,
      type: event.type,
      data: event.data,
      at: now,
    });
  }
  if (seq !== run.eventSeq) next.eventSeq = seq;
  // Tag rows copy name and status so tag filters stay index ranges.
  const statusChanged =
    patch.status !== undefined && patch.status !== run.status;
  const nameChanged = patch.name !== undefined && patch.name !== run.name;
  if (statusChanged || nameChanged) {
    const tagRows = await ctx.db
      .query("runTags")
      .withIndex("run", (q) => q.eq("runId", run._id))
      .collect();
    for (const row of tagRows) {
      await ctx.db.patch("runTags", row._id, {
        status: patch.status ?? run.status,
        name: patch.name ?? run.name,
      });
    }
  }
  await ctx.db.patch("runs", run._id, next);
  Object.assign(run, next);
}

/** Delete a run's signal requests, decisions and buffered signals. */
async function deleteSignalRows(
  ctx: MutationCtx,
  workflowId: string,
  batchSize: number,
): Promise<boolean> {
  const requests = await ctx.db
    .query("signalRequests")
    .withIndex("run", (q) => q.eq("workflowId", workflowId))
    .take(batchSize);
  for (const request of requests) {
    const inbox = await ctx.db
      .query("signalInbox")
      .withIndex("request", (q) => q.eq("requestId", request._id))
      .collect();
    for (const row of inbox) await ctx.db.delete("signalInbox", row._id);
    await ctx.db.delete("signalRequests", request._id);
  }
  const decisions = await ctx.db
    .query("signalDecisions")
    .withIndex("run", (q) => q.eq("workflowId", workflowId))
    .take(batchSize);
  for (const row of decisions) await ctx.db.delete("signalDecisions", row._id);
  const buffered = await ctx.db
    .query("bufferedSignals")
    .withIndex("run_signal", (q) => q.eq("workflowId", workflowId))
    .take(batchSize);
  for (const row of buffered) await ctx.db.delete("bufferedSignals", row._id);
  return (
    requests.length < batchSize &&
    decisions.length < batchSize &&
    buffered.length < batchSize
  );
}

/** Delete a run's own rows: tags, step info and events (bounded batches). */
export async function deleteRunRows(
  ctx: MutationCtx,
  run: RunDoc,
  batchSize: number,
): Promise<boolean> {
  const tags = await ctx.db
    .query("runTags")
    .withIndex("run", (q) => q.eq("runId", run._id))
    .collect();
  for (const row of tags) await ctx.db.delete("runTags", row._id);
  const steps = await ctx.db
    .query("stepInfo")
    .withIndex("step", (q) => q.eq("workflowId", run.workflowId))
    .take(batchSize);
  for (const row of steps) await ctx.db.delete("stepInfo", row._id);
  const events = await ctx.db
    .query("runEvents")
    .withIndex("run_seq", (q) => q.eq("workflowId", run.workflowId))
    .take(batchSize);
  for (const row of events) await ctx.db.delete("runEvents", row._id);
  const done =
    steps.length < batchSize &&
    events.length < batchSize &&
    (await deleteSignalRows(ctx, run.workflowId, batchSize)) &&
    (await deleteRunCalls(ctx, run.workflowId, batchSize));
  if (done) await ctx.db.delete("runs", run._id);
  return done;
}

/** The run, if it is still going: RUN_NOT_FOUND or RUN_FINISHED otherwise. */
export async function requireActiveRun(
  ctx: QueryCtx,
  runId: string,
): Promise<RunDoc> {
  const run = await requireRun(ctx, checkRunId(runId));
  if (isTerminal(run.status)) {
    throw workflowError("RUN_FINISHED", `Run "${runId}" is ${run.status}.`, {
      runId,
    });
  }
  return run;
}
