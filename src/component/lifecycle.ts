import type { RunResult } from "@convex-dev/workpool";
import { vResultValidator } from "@convex-dev/workpool";
import type { FunctionHandle } from "convex/server";
import { v } from "convex/values";
import { publicStepName } from "../shared/upstream.js";
import {
  errorStep,
  nondeterministicStep,
  parseRunError,
} from "../shared/errors.js";
import type { RunError } from "../shared/validators.js";
import { isTerminal } from "../shared/validators.js";
import { components, internal } from "./_generated/api.js";
import { internalMutation, type MutationCtx } from "./_generated/server.js";
import { findRun, journalOf, updateRun, type RunDoc } from "./runStore.js";
import { cancelRunningCalls } from "./llm/cancel.js";
import { cancelPendingRequests } from "./signals/requests.js";

/**
 * The onComplete the component gives every workflow it creates, top-level
 * runs and children alike. The workflow calls it on every terminal path
 * (handler returned or threw, canceled, handler killed by a limit), so this
 * is the one place a run's end is recorded. A child's end goes on to its
 * parent; then the app's own onComplete, if any, is called.
 */
export const onWorkflowComplete = internalMutation({
  args: {
    workflowId: v.string(),
    result: vResultValidator,
    context: v.optional(v.any()),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    const run = await findRun(ctx, args.workflowId);
    // A segment that continued as new ends too: the run goes on.
    if (!run || journalOf(run) !== args.workflowId) return null;
    await recordTerminal(ctx, run, args.result);
    if (run.parentEventId !== undefined) {
      await deliverToParent(ctx, run, args.result);
    }
    if (run.appOnComplete) {
      await chainAppOnComplete(ctx, run, args.result);
    }
    return null;
  },
});

/**
 * A child ended: its parent's awaiting step gets the output, or fails with
 * the child's error (code kept), unless the parent already ended.
 *
 * @convex-dev/workflow replays a handler only once none of its steps is in
 * progress, so a parent awaiting a failed child and something else at once
 * (`Promise.all` with a wait) would never see the failure: it fails now,
 * with the child's error, as `Promise.all` would.
 */
async function deliverToParent(
  ctx: MutationCtx,
  child: RunDoc,
  result: RunResult,
): Promise<void> {
  const parent = await findRun(ctx, child.parentRunId!);
  if (!parent || isTerminal(parent.status)) return;
  if (result.kind === "success") {
    await ctx.runMutation(components.workflow.event.send, {
      eventId: child.parentEventId!,
      result,
    });
    return;
  }
  // The error as ConvexError data, so the parent keeps its code, and the
  // step that started the child, so the parent's error names it.
  const error = JSON.stringify({
    ...(result.kind === "canceled"
      ? { message: `The child run "${child.name}" was canceled.` }
      : { code: child.error?.code, message: child.error?.message }),
    step: await childStep(ctx, journalOf(parent), child.workflowId),
  });
  await ctx.runMutation(components.workflow.event.send, {
    eventId: child.parentEventId!,
    result: { kind: "failed", error },
  });
  const { workflow, inProgress } = await ctx.runQuery(
    components.workflow.workflow.getStatus,
    { workflowId: journalOf(parent) },
  );
  if (inProgress.length > 0 && workflow.runResult === undefined) {
    await ctx.runMutation(components.workflow.workflow.complete, {
      workflowId: journalOf(parent),
      generationNumber: workflow.generationNumber,
      runResult: { kind: "failed", error },
    });
  }
}

/** The parent's step that started a child (among its latest steps). */
async function childStep(
  ctx: MutationCtx,
  parentId: string,
  childId: string,
): Promise<{ name: string; stepNumber: number } | undefined> {
  const opening = (await recentSteps(ctx, parentId)).find(
    (step) =>
      step.runResult?.kind === "success" &&
      (step.runResult.returnValue as { childRunId?: string } | null)
        ?.childRunId === childId,
  );
  return opening
    ? { name: publicStepName(opening.name), stepNumber: opening.stepNumber }
    : undefined;
}

async function chainAppOnComplete(
  ctx: MutationCtx,
  run: RunDoc,
  result: RunResult,
) {
  const { fnHandle, context } = run.appOnComplete!;
  try {
    await ctx.runMutation(fnHandle as FunctionHandle<"mutation">, {
      runId: run.workflowId,
      result,
      context,
    });
  } catch (error) {
    // The app's handler failing must not undo the run's recorded end.
    await updateRun(ctx, run, {}, [
      {
        type: "run.onCompleteFailed",
        data: {
          message: error instanceof Error ? error.message : String(error),
        },
      },
    ]);
  }
}

/** Record a run's end once; later calls for a finished run do nothing. */
export async function recordTerminal(
  ctx: MutationCtx,
  run: RunDoc,
  result: RunResult,
): Promise<void> {
  if (isTerminal(run.status)) return;
  // Whatever ended the run, nobody can answer its waits any more, and
  // children still running are canceled (in batches that follow).
  await cancelPendingRequests(ctx, run.workflowId);
  await cancelRunningCalls(ctx, run.workflowId);
  if (await hasActiveChild(ctx, run.workflowId)) {
    await ctx.scheduler.runAfter(0, internal.lifecycle.cancelBelow, {
      workflowId: run.workflowId,
    });
  }
  const finishedAt = Date.now();
  switch (result.kind) {
    case "success":
      await updateRun(
        ctx,
        run,
        { status: "completed", output: result.returnValue, finishedAt },
        [{ type: "run.completed" }],
      );
      return;
    case "failed": {
      const error = await describeFailure(ctx, journalOf(run), result.error);
      await updateRun(ctx, run, { status: "failed", error, finishedAt }, [
        { type: "run.failed", data: error },
      ]);
      return;
    }
    case "canceled":
      await updateRun(ctx, run, { status: "canceled", finishedAt }, [
        { type: "run.canceled" },
      ]);
      return;
  }
}

// How many recent journal entries to search for the step that failed.
const FAILED_STEP_LOOKBACK = 10;
// How far a nondeterministic replay's step is searched for, from the start.
const NONDETERMINISTIC_LOOKUP_PAGES = 5;

type JournalStep = {
  name: string;
  stepNumber: number;
  kind: string;
  eventId?: string;
  runResult?: { kind: string; error?: string; returnValue?: unknown };
};

/** A run's latest journal steps, newest first. */
async function recentSteps(
  ctx: MutationCtx,
  workflowId: string,
): Promise<JournalStep[]> {
  const recent = await ctx.runQuery(components.workflow.workflow.listSteps, {
    workflowId,
    order: "desc",
    paginationOpts: { cursor: null, numItems: FAILED_STEP_LOOKBACK },
  });
  return recent.page as JournalStep[];
}

/**
 * A failed run's error: always a code, and the step that ended it when one
 * did (a failed step, a signal that timed out, the step that overflowed
 * the journal, the step a replay did not match).
 */
async function describeFailure(
  ctx: MutationCtx,
  workflowId: string,
  raw: string,
): Promise<RunError> {
  const parsed = parseRunError(raw);
  const recent = await recentSteps(ctx, workflowId);
  const step =
    errorStep(raw) ??
    (parsed.code === "SIGNAL_TIMED_OUT"
      ? await timedOutStep(ctx, workflowId, recent)
      : parsed.code === "JOURNAL_TOO_LARGE"
        ? recent[0]
        : parsed.code === "NONDETERMINISTIC"
          ? await stepNamed(ctx, workflowId, nondeterministicStep(raw))
          : failedStep(recent, parsed.message));
  const error: RunError = {
    message: parsed.message,
    code: parsed.code ?? (step ? "STEP_FAILED" : "HANDLER_FAILED"),
  };
  if (step) {
    // A refused LLM start or signal wait fails in its hidden opening step:
    // name the step the user wrote.
    error.step = {
      name: publicStepName(step.name),
      stepNumber: step.stepNumber,
    };
  }
  return error;
}

/** The latest failed step, if the run's error repeats its error. */
function failedStep(
  recent: JournalStep[],
  message: string,
): JournalStep | undefined {
  const step = recent.find((s) => s.runResult?.kind === "failed");
  if (!step?.runResult?.error) return undefined;
  return message.includes(parseRunError(step.runResult.error).message)
    ? step
    : undefined;
}

/** The wait whose request expired: the event step of the latest expired request. */
async function timedOutStep(
  ctx: MutationCtx,
  workflowId: string,
  recent: JournalStep[],
): Promise<JournalStep | undefined> {
  const expired = await ctx.db
    .query("signalRequests")
    .withIndex("run_status", (q) =>
      q.eq("workflowId", workflowId).eq("status", "expired"),
    )
    .order("desc")
    .first();
  return recent.find(
    (s) => s.kind === "event" && s.eventId === expired?.eventId,
  );
}

/** The first journal step named `name` (within the first pages). */
async function stepNamed(
  ctx: MutationCtx,
  workflowId: string,
  name: string | undefined,
): Promise<JournalStep | undefined> {
  let cursor: string | null = null;
  for (
    let i = 0;
    name !== undefined && i < NONDETERMINISTIC_LOOKUP_PAGES;
    i++
  ) {
    const result: { page: unknown[]; isDone: boolean; continueCursor: string } =
      await ctx.runQuery(components.workflow.workflow.listSteps, {
        workflowId,
        order: "asc",
        paginationOpts: { cursor, numItems: 100 },
      });
    const found = (result.page as JournalStep[]).find((s) => s.name === name);
    if (found || result.isDone) return found;
    cursor = result.continueCursor;
  }
  return undefined;
}

/**
 * After the nested workflow canceled a run: record it (a run was already
 * recorded by our onComplete inside that call, so read it fresh) and cancel
 * its running children now (their own children follow in batches).
 */
export async function recordCanceled(
  ctx: MutationCtx,
  workflowId: string,
): Promise<void> {
  const run = await findRun(ctx, workflowId);
  if (!run) return;
  await recordTerminal(ctx, run, { kind: "canceled" });
  await cancelDescendants(ctx, run);
}

// Child runs canceled per transaction; the rest and deeper levels continue
// in scheduled transactions.
const CANCEL_BATCH = 50;
const ACTIVE_STATUSES = ["queued", "running", "waiting"] as const;

/** Up to `limit` children of a run that are still going. */
async function activeChildren(
  ctx: MutationCtx,
  workflowId: string,
  limit: number,
): Promise<RunDoc[]> {
  const children: RunDoc[] = [];
  for (const status of ACTIVE_STATUSES) {
    if (children.length === limit) break;
    children.push(
      ...(await ctx.db
        .query("runs")
        .withIndex("parent_status", (q) =>
          q.eq("parentRunId", workflowId).eq("status", status),
        )
        .take(limit - children.length)),
    );
  }
  return children;
}

async function hasActiveChild(
  ctx: MutationCtx,
  workflowId: string,
): Promise<boolean> {
  return (await activeChildren(ctx, workflowId, 1)).length > 0;
}

/**
 * Cancel the running children of `run`, a batch at a time. Each is
 * canceled in the nested workflow, whose onComplete records it (and
 * schedules its own children's cancel).
 */
export async function cancelDescendants(
  ctx: MutationCtx,
  run: RunDoc,
): Promise<void> {
  const children = await activeChildren(ctx, run.workflowId, CANCEL_BATCH);
  for (const child of children) await cancelRun(ctx, child);
  if (children.length === CANCEL_BATCH) {
    await ctx.scheduler.runAfter(0, internal.lifecycle.cancelBelow, {
      workflowId: run.workflowId,
    });
  }
}

/** Cancel one run in the nested workflow and record it. */
export async function cancelRun(ctx: MutationCtx, run: RunDoc): Promise<void> {
  try {
    await ctx.runMutation(components.workflow.workflow.cancel, {
      workflowId: journalOf(run),
    });
  } catch {
    // It already ended inside the workflow: its onComplete records how.
  }
  await recordTerminal(ctx, (await findRun(ctx, run.workflowId)) ?? run, {
    kind: "canceled",
  });
}

/** The next batch of a cascading cancel. */
export const cancelBelow = internalMutation({
  args: { workflowId: v.string() },
  returns: v.null(),
  handler: async (ctx, { workflowId }): Promise<null> => {
    const run = await findRun(ctx, workflowId);
    if (run) await cancelDescendants(ctx, run);
    return null;
  },
});
