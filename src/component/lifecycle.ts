import type { RunResult } from "@convex-dev/workpool";
import { vResultValidator } from "@convex-dev/workpool";
import type { FunctionHandle } from "convex/server";
import { v } from "convex/values";
import { publicStepName } from "../shared/envelope.js";
import { nondeterministicStep, parseRunError } from "../shared/errors.js";
import type { RunError } from "../shared/validators.js";
import { isTerminal } from "../shared/validators.js";
import { components, internal } from "./_generated/api.js";
import { internalMutation, type MutationCtx } from "./_generated/server.js";
import { findRun, updateRun, type RunDoc } from "./runStore.js";
import { cancelRunningCalls } from "./llm/cancel.js";
import { cancelPendingRequests } from "./signals/requests.js";

/**
 * The onComplete the component gives every top-level workflow it creates.
 * The workflow calls it on every terminal path (handler returned or threw,
 * canceled, handler killed by a limit), so this is where a run's end is
 * recorded. It then chains to the app's own onComplete, if any.
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
    if (!run) return null;
    await recordTerminal(ctx, run, args.result);
    if (run.appOnComplete) {
      await chainAppOnComplete(ctx, run, args.result);
    }
    return null;
  },
});

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
  // Whatever ended the run, nobody can answer its waits any more.
  await cancelPendingRequests(ctx, run.workflowId);
  await cancelRunningCalls(ctx, run.workflowId);
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
      const error = await describeFailure(ctx, run.workflowId, result.error);
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
  runResult?: { kind: string; error?: string };
};

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
  const recent = (
    await ctx.runQuery(components.workflow.workflow.listSteps, {
      workflowId,
      order: "desc",
      paginationOpts: { cursor: null, numItems: FAILED_STEP_LOOKBACK },
    })
  ).page as JournalStep[];
  const step =
    parsed.code === "SIGNAL_TIMED_OUT"
      ? await timedOutStep(ctx, workflowId, recent)
      : parsed.code === "JOURNAL_TOO_LARGE"
        ? recent[0]
        : parsed.code === "NONDETERMINISTIC"
          ? await stepNamed(ctx, workflowId, nondeterministicStep(raw))
          : failedStep(recent, parsed.message);
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
 * After the nested workflow canceled a run: record it (a top-level run was
 * already recorded by our onComplete inside that call, so read it fresh)
 * and its unfinished descendants.
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

// Child runs marked canceled per transaction; deeper levels and the rest
// continue in scheduled transactions.
const CANCEL_BATCH = 50;
const ACTIVE_STATUSES = ["queued", "running", "waiting"] as const;

/**
 * Mark the unfinished runs below `run` canceled (the workflow cancels
 * them), a batch at a time: each child's own children are a new batch.
 */
export async function cancelDescendants(
  ctx: MutationCtx,
  run: RunDoc,
): Promise<void> {
  const children: RunDoc[] = [];
  for (const status of ACTIVE_STATUSES) {
    children.push(
      ...(await ctx.db
        .query("runs")
        .withIndex("parent_status", (q) =>
          q.eq("parentRunId", run.workflowId).eq("status", status),
        )
        .take(CANCEL_BATCH - children.length)),
    );
  }
  for (const child of children) {
    await recordTerminal(ctx, child, { kind: "canceled" });
    await ctx.scheduler.runAfter(0, internal.lifecycle.cancelBelow, {
      workflowId: child.workflowId,
    });
  }
  if (children.length === CANCEL_BATCH) {
    await ctx.scheduler.runAfter(0, internal.lifecycle.cancelBelow, {
      workflowId: run.workflowId,
    });
  }
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
