import type { Doc } from "./_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "./_generated/server.js";
import { workflowError } from "../shared/errors.js";
import { checkRunId } from "../shared/validate.js";
import { isTerminal, type RunStatus } from "../shared/validators.js";
import { expiryOnEnd, type EndStatus } from "./retention/expiry.js";

export type RunDoc = Doc<"runs">;
type RunFields = Omit<RunDoc, "_id" | "_creationTime">;

/**
 * The run a run id names, or the run a journal belongs to: the nested
 * workflow of a later segment (continue-as-new) has an id of its own.
 */
export async function findRun(
  ctx: QueryCtx,
  workflowId: string,
): Promise<RunDoc | null> {
  const run = await ctx.db
    .query("runs")
    .withIndex("workflowId", (q) => q.eq("workflowId", workflowId))
    .unique();
  if (run) return run;
  const segment = await ctx.db
    .query("segments")
    .withIndex("journalId", (q) => q.eq("journalId", workflowId))
    .unique();
  if (!segment) return null;
  return await ctx.db
    .query("runs")
    .withIndex("workflowId", (q) => q.eq("workflowId", segment.runId))
    .unique();
}

/**
 * The nested workflow that runs the run's current segment: where its
 * journal, events and status live. The run id for segment 0.
 */
export function journalOf(run: RunDoc): string {
  return run.journalId ?? run.workflowId;
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
    | "parentEventId"
    | "appOnComplete"
    | "retention"
    | "depth"
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
  if (statusChanged) {
    // Every status change passes here: a run that ends gets its expiry, a
    // run that goes again (restart) loses it.
    next.expiresAt = isTerminal(patch.status!)
      ? await expiryOnEnd(ctx, run, patch.status as EndStatus)
      : undefined;
  }
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
