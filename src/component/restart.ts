import { workflowError } from "../shared/errors.js";
import { isTerminal } from "../shared/validators.js";
import { components } from "./_generated/api.js";
import type { MutationCtx } from "./_generated/server.js";
import { beginStepDeletion } from "./deletion.js";
import { findRun, journalOf, updateRun } from "./runStore.js";
import { isOpeningStep } from "../shared/upstream.js";
import { stepRecord } from "./stepStarts.js";

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
  // Steps are numbered within the current segment's journal.
  const journal = journalOf(run);
  const fromStep = await resolveFromStep(ctx, journal, from);
  // The dropped steps' records go in batches (and stop counting as started
  // as they go: the replay counts them again).
  if (fromStep !== undefined) {
    const { workflow } = await ctx.runQuery(
      components.workflow.workflow.getStatus,
      { workflowId: journal },
    );
    // The replay runs as the next generation; older records from `fromStep` go.
    await beginStepDeletion(
      ctx,
      journal,
      fromStep,
      workflow.generationNumber + 1,
    );
  }
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
 * A signal wait, an LLM step or a child run is two journal steps: the
 * inline step that opens it, then the event step. Restarting from the event step must replay
 * the opening too, or the wait would await a deleted event.
 */
async function includeOpeningStep(
  ctx: MutationCtx,
  workflowId: string,
  stepNumber: number,
): Promise<number> {
  if (stepNumber === 0) return stepNumber;
  const [previous, current] = await Promise.all(
    [stepNumber - 1, stepNumber].map((n) => stepRecord(ctx, workflowId, n)),
  );
  return (current?.kind === "signal" ||
    current?.kind === "llm" ||
    current?.kind === "child") &&
    previous &&
    isOpeningStep(previous.name)
    ? stepNumber - 1
    : stepNumber;
}
