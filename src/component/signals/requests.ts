// Closing and settling signal requests: the one place a request leaves
// "pending", so the timer, the inbox rows and the run's status always
// change with it, in the same transaction.
import type {
  SignalDelivery,
  SignalHistoryEntry,
  SignalOutcome,
  SignalRequest,
} from "../../shared/signalValidators.js";
import type { RunId } from "../../shared/validators.js";
import { components } from "../_generated/api.js";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { findRun, updateRun } from "../runStore.js";

export type RequestDoc = Doc<"signalRequests">;

/**
 * The request a signal names: `requestId` (null unless it is this run's),
 * or the run's latest request for `signal`. Callers decide what a missing
 * or closed request means.
 */
export async function findSignalRequest(
  ctx: QueryCtx,
  workflowId: string,
  signal: string,
  requestId: string | undefined,
): Promise<RequestDoc | null> {
  if (requestId !== undefined) {
    const id = ctx.db.normalizeId("signalRequests", requestId);
    const request = id ? await ctx.db.get("signalRequests", id) : null;
    return request?.workflowId === workflowId ? request : null;
  }
  return await ctx.db
    .query("signalRequests")
    .withIndex("run_signal", (q) =>
      q.eq("workflowId", workflowId).eq("signal", signal),
    )
    .order("desc")
    .first();
}

/** Approval requests (assignees or a quorum) take decisions only while pending. */
export function isApproval(request: RequestDoc): boolean {
  return request.assignees.length > 0 || request.quorum > 1;
}

export function requestView(request: RequestDoc): SignalRequest {
  return {
    requestId: request._id,
    runId: request.workflowId as RunId,
    runName: request.runName,
    signal: request.signal,
    status: request.status,
    title: request.title,
    details: request.details,
    assignees: request.assignees,
    quorum: request.quorum,
    approvals: request.approvals,
    requestedAt: request.requestedAt,
    expiresAt: request.expiresAt,
    outcome: request.outcome,
    closedAt: request.closedAt,
    ...(request.callbackBy !== undefined && {
      callback: {
        by: request.callbackBy,
        issuedAt: request.callbackIssuedAt,
        usedAt: request.callbackUsedAt,
      },
    }),
  };
}

/** A request with every decision on it, oldest first (the audit trail). */
export async function historyEntry(
  ctx: QueryCtx,
  request: RequestDoc,
): Promise<SignalHistoryEntry> {
  const decisions = await ctx.db
    .query("signalDecisions")
    .withIndex("request_by", (q) => q.eq("requestId", request._id))
    .collect();
  return {
    ...requestView(request),
    decisions: decisions
      .sort((a, b) => a.at - b.at)
      .map(({ by, value, approve, at }) => ({ by, value, approve, at })),
  };
}

/** End a pending request without delivering anything (its run ended). */
export async function closeRequest(
  ctx: MutationCtx,
  request: RequestDoc,
  outcome: SignalOutcome,
): Promise<void> {
  const status =
    outcome === "timedOut"
      ? "expired"
      : outcome === "canceled"
        ? "canceled"
        : "decided";
  await ctx.db.patch("signalRequests", request._id, {
    status,
    outcome,
    closedAt: Date.now(),
  });
  if (request.timerId) {
    // The timer may already be running (it is the one closing us): only a
    // pending timer can be canceled.
    const timer = await ctx.db.system.get(
      "_scheduled_functions",
      request.timerId,
    );
    if (timer?.state.kind === "pending") {
      await ctx.scheduler.cancel(request.timerId);
    }
  }
  const inbox = await ctx.db
    .query("signalInbox")
    .withIndex("request", (q) => q.eq("requestId", request._id))
    .collect();
  for (const row of inbox) await ctx.db.delete("signalInbox", row._id);
}

/**
 * End a pending request and hand `delivery` to the waiting workflow, which
 * resumes. The run's log gets the outcome.
 */
export async function settleRequest(
  ctx: MutationCtx,
  request: RequestDoc,
  outcome: SignalOutcome,
  delivery: SignalDelivery,
): Promise<void> {
  await closeRequest(ctx, request, outcome);
  await ctx.runMutation(components.workflow.event.send, {
    eventId: request.eventId,
    result: { kind: "success", returnValue: delivery },
  });
  const run = await findRun(ctx, request.workflowId);
  if (!run) return;
  await updateRun(
    ctx,
    run,
    run.status === "waiting" ? { status: "running" } : {},
    [
      {
        type:
          outcome === "timedOut" ? "run.signal.expired" : "run.signal.decided",
        data: {
          requestId: request._id,
          signal: request.signal,
          outcome,
          by: delivery.kind === "decided" ? delivery.by : undefined,
        },
      },
    ],
  );
}

/** A run ended: its pending requests are canceled with their timers. */
export async function cancelPendingRequests(
  ctx: MutationCtx,
  workflowId: string,
): Promise<void> {
  const pending = await ctx.db
    .query("signalRequests")
    .withIndex("run_status", (q) =>
      q.eq("workflowId", workflowId).eq("status", "pending"),
    )
    .collect();
  for (const request of pending) await closeRequest(ctx, request, "canceled");
}
