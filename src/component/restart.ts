import { workflowError } from "../shared/errors.js";
import { isTerminal } from "../shared/validators.js";
import { components } from "./_generated/api.js";
import type { MutationCtx } from "./_generated/server.js";
import { deleteRunRows, findRun, updateRun, type RunDoc } from "./runStore.js";
import { isOpeningStep } from "../shared/envelope.js";
import { isInternalStep } from "./stepStarts.js";

/**
 * Before the nested workflow restarts a run: resolve `from` to a step
 * number, drop our records of the steps that will be replayed, and put the
 * run back to queued. Throws STEP_NOT_FOUND / RUN_NOT_FINISHED first.
 */
export async function noteRestart(
  ctx: MutationCtx,
  workflowId: string,
  from: number | string | undefined,
): Promise<number | string | undefined> {
  const run = await findRun(ctx, workflowId);
  // Not ours (started around the component): the workflow resolves `from`.
  if (!run) return from;
  if (!isTerminal(run.status)) {
    throw workflowError(
      "RUN_NOT_FINISHED",
      `Run "${workflowId}" is ${run.status}; only a finished run can restart.`,
      { runId: workflowId },
    );
  }
  const fromStep = await resolveFromStep(ctx, workflowId, from);
  // The dropped steps will start again: count them once, not twice.
  const dropped =
    fromStep === undefined
      ? 0
      : await forgetStepsFrom(ctx, workflowId, fromStep);
  await updateRun(
    ctx,
    run,
    {
      status: "queued",
      output: undefined,
      error: undefined,
      finishedAt: undefined,
      // Reports from replayed steps are not sent again: drop the old one
      // rather than show a finished run's 100% while it runs again.
      progress: undefined,
      stepsStarted: Math.max(0, run.stepsStarted - dropped),
    },
    [{ type: "run.restarted", data: { from: from ?? null } }],
  );
  return fromStep;
}

async function resolveFromStep(
  ctx: MutationCtx,
  workflowId: string,
  from: number | string | undefined,
): Promise<number | undefined> {
  if (from === undefined) return await firstUnfinishedStep(ctx, workflowId);
  if (typeof from === "number") {
    if (!Number.isInteger(from) || from < 0) {
      throw workflowError(
        "INVALID_ARGUMENT",
        `from must be a step number >= 0 or a step name, got ${from}.`,
        { path: ["from"] },
      );
    }
    return await includeOpeningStep(ctx, workflowId, from);
  }
  // The latest step with that name, as the workflow itself resolves it.
  for await (const step of ctx.db
    .query("stepInfo")
    .withIndex("step", (q) => q.eq("workflowId", workflowId))
    .order("desc")) {
    if (step.name === from) {
      return await includeOpeningStep(ctx, workflowId, step.stepNumber);
    }
  }
  throw workflowError(
    "STEP_NOT_FOUND",
    `Run "${workflowId}" has no step named "${from}".`,
    { runId: workflowId, path: ["from"] },
  );
}

/** Drop our records of steps >= fromStep; returns how many were user steps. */
/**
 * Without `from`, the journal replays as it is. A canceled run left steps
 * that will never finish (a signal wait, an LLM call): replay from the
 * first of them, or the run would wait on them forever.
 */
async function firstUnfinishedStep(
  ctx: MutationCtx,
  workflowId: string,
): Promise<number | undefined> {
  const { inProgress } = await ctx.runQuery(
    components.workflow.workflow.getStatus,
    { workflowId },
  );
  if (inProgress.length === 0) return undefined;
  const first = Math.min(...inProgress.map((entry) => entry.stepNumber));
  return await includeOpeningStep(ctx, workflowId, first);
}

/**
 * A signal wait or an LLM step is two journal steps: the inline step that
 * opens it, then the event step. Restarting from the event step must replay
 * the opening too, or the wait would await a deleted event.
 */
async function includeOpeningStep(
  ctx: MutationCtx,
  workflowId: string,
  stepNumber: number,
): Promise<number> {
  if (stepNumber === 0) return stepNumber;
  const [previous, current] = await Promise.all(
    [stepNumber - 1, stepNumber].map((n) =>
      ctx.db
        .query("stepInfo")
        .withIndex("step", (q) =>
          q.eq("workflowId", workflowId).eq("stepNumber", n),
        )
        .unique(),
    ),
  );
  return (current?.kind === "signal" || current?.kind === "llm") &&
    previous &&
    isOpeningStep(previous.name)
    ? stepNumber - 1
    : stepNumber;
}

async function forgetStepsFrom(
  ctx: MutationCtx,
  workflowId: string,
  fromStep: number,
): Promise<number> {
  const steps = await ctx.db
    .query("stepInfo")
    .withIndex("step", (q) =>
      q.eq("workflowId", workflowId).gte("stepNumber", fromStep),
    )
    .collect();
  let userSteps = 0;
  for (const step of steps) {
    if (!isInternalStep(step.name)) userSteps += 1;
    await ctx.db.delete("stepInfo", step._id);
    if (step.childWorkflowId) {
      // The workflow deletes the child's journal; drop our rows for it too.
      const child = await findRun(ctx, step.childWorkflowId);
      if (child) await deleteRunTree(ctx, child);
    }
  }
  return userSteps;
}

// Runs are deleted with everything below them. Batches are generous: a
// run's own rows are few unless it emitted thousands of events.
const DELETE_BATCH = 1000;

export async function deleteRunTree(
  ctx: MutationCtx,
  run: RunDoc,
): Promise<void> {
  const children = await ctx.db
    .query("runs")
    .withIndex("parent", (q) => q.eq("parentRunId", run.workflowId))
    .collect();
  for (const child of children) await deleteRunTree(ctx, child);
  while (!(await deleteRunRows(ctx, run, DELETE_BATCH))) {
    // keep deleting until the run's rows are gone
  }
}
