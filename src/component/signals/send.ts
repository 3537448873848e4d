// Sending a signal: find what it answers, record the decision, and resume
// the run when the request is settled, all in one transaction.
import { v, type Infer } from "convex/values";
import { workflowError } from "../../shared/errors.js";
import {
  SIGNAL_LIMITS,
  vSendResult,
  vSignalRequest,
  type SendResult,
} from "../../shared/signalValidators.js";
import {
  checkRunId,
  checkSender,
  checkSignalName,
  checkSignalValueSize,
} from "../../shared/validate.js";
import { isTerminal, vRunAccess } from "../../shared/validators.js";
import { runAccess } from "../views.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { mutation, query } from "../_generated/server.js";
import {
  findRun,
  requireActiveRun,
  updateRun,
  type RunDoc,
} from "../runStore.js";
import {
  findSignalRequest,
  isApproval,
  requestView,
  settleRequest,
  type RequestDoc,
} from "./requests.js";

type TargetArgs = { runId: string; signal: string; requestId?: string };

/**
 * The request a signal answers: the given one (which must be pending), or
 * the run's latest request for that signal. No request at all means the
 * signal is kept for the run's next plain wait. Throws the coded error
 * that explains why a signal cannot be taken.
 */
async function resolveTarget(
  ctx: QueryCtx,
  args: TargetArgs,
): Promise<{ run: RunDoc; request: RequestDoc | null }> {
  checkSignalName(args.signal);
  await explainLostRace(ctx, args);
  const run = await requireActiveRun(ctx, args.runId);
  const request = await findSignalRequest(
    ctx,
    run.workflowId,
    args.signal,
    args.requestId,
  );
  if (args.requestId !== undefined) {
    if (!request) {
      throw workflowError(
        "SIGNAL_NOT_PENDING",
        `Run "${args.runId}" has no signal request "${args.requestId}".`,
        { runId: args.runId, requestId: args.requestId },
      );
    }
    if (request.signal !== args.signal) {
      throw workflowError(
        "WRONG_SIGNAL",
        `Request "${args.requestId}" waits for "${request.signal}", not "${args.signal}".`,
        { runId: args.runId, requestId: args.requestId },
      );
    }
    throwUnlessPending(request);
    return { run, request };
  }
  if (!request) return { run, request: null };
  if (request.status === "decided" && !isApproval(request)) {
    return { run, request: null };
  }
  throwUnlessPending(request);
  return { run, request };
}

/**
 * A decision on a request that was decided (or timed out) and whose run
 * has ended since: say so, rather than only that the run ended. A
 * decision that lost a race to the one that finished the run hears why.
 */
async function explainLostRace(ctx: QueryCtx, args: TargetArgs) {
  if (args.requestId === undefined) return;
  const run = await findRun(ctx, checkRunId(args.runId));
  if (!run || !isTerminal(run.status)) return;
  const request = await findSignalRequest(
    ctx,
    run.workflowId,
    args.signal,
    args.requestId,
  );
  if (
    request?.signal === args.signal &&
    (request.status === "decided" || request.status === "expired")
  ) {
    throwUnlessPending(request);
  }
}

function throwUnlessPending(request: RequestDoc): void {
  const where = { runId: request.workflowId, requestId: request._id };
  switch (request.status) {
    case "pending":
      return;
    case "decided":
      throw workflowError(
        "SIGNAL_ALREADY_DECIDED",
        `The "${request.signal}" request was already decided (${request.outcome}).`,
        where,
      );
    case "expired":
      throw workflowError(
        "SIGNAL_TIMED_OUT",
        `The "${request.signal}" request timed out before this decision.`,
        where,
      );
    case "canceled":
      throw workflowError(
        "SIGNAL_NOT_PENDING",
        `The "${request.signal}" request is no longer pending (its run ended or restarted).`,
        where,
      );
  }
}

export const vSignalTarget = v.object({
  run: vRunAccess,
  /** The instance that defined the run: only its signal policy decides. */
  instance: v.optional(v.string()),
  request: v.union(vSignalRequest, v.null()),
});
export type SignalTarget = Infer<typeof vSignalTarget>;

/** The run and request a signal would answer, for the app's signal policy. */
export const target = query({
  args: {
    runId: v.string(),
    signal: v.string(),
    requestId: v.optional(v.string()),
  },
  returns: vSignalTarget,
  handler: async (ctx, args): Promise<SignalTarget> => {
    const { run, request } = await resolveTarget(ctx, args);
    return {
      run: runAccess(run),
      instance: run.instance,
      request: request ? requestView(request) : null,
    };
  },
});

/**
 * Record a signal. The value was validated against the signal's schema and
 * `approve` computed by the caller (`flows.signal`).
 */
export const send = mutation({
  args: {
    runId: v.string(),
    signal: v.string(),
    requestId: v.optional(v.string()),
    value: v.any(),
    by: v.string(),
    approve: v.boolean(),
  },
  returns: vSendResult,
  handler: async (ctx, args): Promise<SendResult> => {
    checkSender(args.by);
    checkSignalValueSize(args.signal, args.value);
    const { run, request } = await resolveTarget(ctx, args);
    if (!request) {
      const buffered = await ctx.db
        .query("bufferedSignals")
        .withIndex("run_signal", (q) =>
          q.eq("workflowId", run.workflowId).eq("signal", args.signal),
        )
        .take(SIGNAL_LIMITS.maxBuffered);
      if (buffered.length >= SIGNAL_LIMITS.maxBuffered) {
        throw workflowError(
          "SIGNAL_BUFFER_FULL",
          `Run "${run.workflowId}" already keeps ${SIGNAL_LIMITS.maxBuffered} "${args.signal}" signals for waits it has not reached.`,
          { runId: run.workflowId },
        );
      }
      await ctx.db.insert("bufferedSignals", {
        workflowId: run.workflowId,
        signal: args.signal,
        value: args.value,
        by: args.by,
        approve: args.approve,
        at: Date.now(),
      });
      await updateRun(ctx, run, {}, [
        {
          type: "run.signal.buffered",
          data: { signal: args.signal, by: args.by },
        },
      ]);
      return { status: "buffered" };
    }
    return await recordDecision(ctx, run, request, args);
  },
});

/**
 * One decision on a pending request (from `flows.signal` or a callback
 * URL): recorded in the audit trail, counted toward its quorum, and the run
 * resumed once it settles the request.
 */
export async function recordDecision(
  ctx: MutationCtx,
  run: RunDoc,
  request: RequestDoc,
  decision: { value: unknown; by: string; approve: boolean },
): Promise<SendResult> {
  if (isApproval(request)) {
    const earlier = await ctx.db
      .query("signalDecisions")
      .withIndex("request_by", (q) =>
        q.eq("requestId", request._id).eq("by", decision.by),
      )
      .first();
    if (earlier) {
      throw workflowError(
        "SIGNAL_ALREADY_DECIDED",
        `${decision.by} already decided on this "${request.signal}" request.`,
        { runId: run.workflowId, requestId: request._id },
      );
    }
  }
  await ctx.db.insert("signalDecisions", {
    requestId: request._id,
    workflowId: run.workflowId,
    by: decision.by,
    value: decision.value,
    approve: decision.approve,
    at: Date.now(),
  });
  const approvals = request.approvals + (decision.approve ? 1 : 0);
  const outcome = !isApproval(request)
    ? "delivered"
    : !decision.approve
      ? "rejected"
      : approvals >= request.quorum
        ? "approved"
        : undefined;
  if (outcome === undefined) {
    await ctx.db.patch("signalRequests", request._id, { approvals });
    await updateRun(ctx, run, {}, [
      {
        type: "run.signal.approval",
        data: {
          requestId: request._id,
          by: decision.by,
          approvals,
          quorum: request.quorum,
        },
      },
    ]);
    return { status: "recorded", requestId: request._id };
  }
  await ctx.db.patch("signalRequests", request._id, { approvals });
  await settleRequest(ctx, { ...request, approvals }, outcome, {
    kind: "decided",
    outcome,
    value: decision.value,
    by: decision.by,
  });
  return { status: "delivered", requestId: request._id };
}
