import { INTERNAL_STEP_PREFIX } from "../shared/upstream.js";
import type { RunStatus, StepKind } from "../shared/validators.js";
import { isTerminal } from "../shared/validators.js";
import type { Doc } from "./_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "./_generated/server.js";
import { findRun, updateRun } from "./runStore.js";
import type { ReturnsOf } from "./wf/types.js";

type JournalEntry = ReturnsOf<"journal", "startSteps">[number];

export function stepKind(step: JournalEntry["step"]): StepKind {
  switch (step.kind) {
    case "workflow":
      return "child";
    case "event":
      return "event";
    case "sleep":
      return "sleep";
    default:
      return step.functionType;
  }
}

/** Steps that wait on time or on someone, not on work. */
export function isWait(kind: StepKind): boolean {
  return kind === "event" || kind === "signal" || kind === "sleep";
}

/**
 * An event step is a signal wait, an LLM call or a child run when one owns
 * its event (a child also names its run).
 */
async function eventStepKind(
  ctx: MutationCtx,
  eventId: string | undefined,
): Promise<{ kind: StepKind; childWorkflowId?: string }> {
  if (eventId === undefined) return { kind: "event" };
  const request = await ctx.db
    .query("signalRequests")
    .withIndex("eventId", (q) => q.eq("eventId", eventId))
    .first();
  if (request) return { kind: "signal" };
  const call = await ctx.db
    .query("llmCalls")
    .withIndex("eventId", (q) => q.eq("eventId", eventId))
    .first();
  if (call) return { kind: "llm" };
  const child = await ctx.db
    .query("runs")
    .withIndex("parentEventId", (q) => q.eq("parentEventId", eventId))
    .first();
  return child
    ? { kind: "child", childWorkflowId: child.workflowId }
    : { kind: "event" };
}

/**
 * What the component recorded of a step when it started: the newest record
 * (a restart's dropped records may linger a moment beside the replay's).
 */
export async function stepRecord(
  ctx: QueryCtx,
  workflowId: string,
  stepNumber: number,
): Promise<Doc<"stepInfo"> | null> {
  return await ctx.db
    .query("stepInfo")
    .withIndex("step", (q) =>
      q.eq("workflowId", workflowId).eq("stepNumber", stepNumber),
    )
    .order("desc")
    .first();
}

/** A step's kind as recorded when it started, else as the journal says. */
export async function recordedStepKind(
  ctx: QueryCtx,
  workflowId: string,
  entry: { stepNumber: number; step: JournalEntry["step"] },
): Promise<StepKind> {
  const info = await stepRecord(ctx, workflowId, entry.stepNumber);
  return info?.kind ?? stepKind(entry.step);
}

export function isInternalStep(name: string): boolean {
  return name.startsWith(INTERNAL_STEP_PREFIX);
}

/**
 * After the journal started a batch of steps: record each step's kind
 * (and a child step's run), and set the run's status (waiting when all it
 * now waits on are events or sleeps).
 */
export async function noteStepsStarted(
  ctx: MutationCtx,
  workflowId: string,
  entries: JournalEntry[],
  generation: number,
  definition: { name?: string; instance?: string } = {},
): Promise<void> {
  const run = await findRun(ctx, workflowId);
  if (!run || isTerminal(run.status)) return;
  let userSteps = 0;
  let blockedOnWork = false;
  let blockedOnWait = false;
  for (const entry of entries) {
    const { step } = entry;
    const { kind, childWorkflowId } =
      step.kind === "event"
        ? await eventStepKind(ctx, step.eventId)
        : { kind: stepKind(step), childWorkflowId: undefined };
    await ctx.db.insert("stepInfo", {
      workflowId,
      stepNumber: entry.stepNumber,
      name: step.name,
      kind,
      childWorkflowId,
      generation,
    });
    if (!isInternalStep(step.name)) userSteps += 1;
    if (step.inProgress) {
      if (isWait(kind)) blockedOnWait = true;
      else blockedOnWork = true;
    }
  }
  const status: RunStatus =
    blockedOnWait && !blockedOnWork ? "waiting" : "running";
  // A child run is created with its function's name; its first step batch
  // tells the name and instance it was defined with.
  const learned: { name?: string; instance?: string } = {};
  if (definition.name !== undefined && definition.name !== run.name) {
    learned.name = definition.name;
  }
  if (definition.instance !== undefined && run.instance === undefined) {
    learned.instance = definition.instance;
  }
  if (
    status !== run.status ||
    userSteps > 0 ||
    learned.name !== undefined ||
    learned.instance !== undefined
  ) {
    await updateRun(ctx, run, {
      ...learned,
      status,
      stepsStarted: run.stepsStarted + userSteps,
    });
  }
}
