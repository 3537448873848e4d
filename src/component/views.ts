// How runs and steps are shown to callers: one place that maps our rows and
// the nested journal to the public shapes in shared/validators.ts.
import { parseRunError } from "../shared/errors.js";
import { previewOf, previewText } from "../shared/preview.js";
import type {
  RunAccess,
  RunId,
  RunStatus,
  RunSummary,
  StepDetail,
  StepStatus,
  StepView,
} from "../shared/validators.js";
import type { Doc } from "./_generated/dataModel.js";
import type { RunDoc } from "./runStore.js";
import { isWait } from "./stepStarts.js";
import { NO_EXTRAS, type JournalStep, type StepExtras } from "./stepDetails.js";

export function runSummary(run: RunDoc, status?: RunStatus): RunSummary {
  return {
    runId: run.workflowId as RunId,
    name: run.name,
    status: status ?? run.status,
    owner: run.owner,
    tags: run.tags,
    parentRunId: run.parentRunId as RunId | undefined,
    error: run.error,
    progress: run.progress,
    stepsStarted: run.stepsStarted,
    usage: run.usage,
    usageTotal: run.usageTotal,
    startedAt: run.startedAt,
    updatedAt: run.updatedAt,
    finishedAt: run.finishedAt,
    expiresAt: run.expiresAt,
    segment: run.segment,
  };
}

/** What an access policy sees of a run (see `vRunAccess`). */
export function runAccess(run: RunDoc, status?: RunStatus): RunAccess {
  return {
    runId: run.workflowId as RunId,
    name: run.name,
    owner: run.owner,
    tags: run.tags,
    parentRunId: run.parentRunId as RunId | undefined,
    status: status ?? run.status,
  };
}

type RunResultKind = "success" | "failed" | "canceled";

export function stepStatus(
  inProgress: boolean,
  kind: StepView["kind"],
  result: RunResultKind | undefined,
): StepStatus {
  if (result === "success") return "completed";
  if (result === "failed") return "failed";
  if (result === "canceled") return "canceled";
  if (!inProgress) return "canceled";
  return isWait(kind) ? "waiting" : "running";
}

/** A step's kind as recorded when it started, else as the journal says. */
export function viewKind(
  step: JournalStep,
  info: Doc<"stepInfo"> | null,
): StepView["kind"] {
  return (
    info?.kind ??
    (step.kind === "workflow"
      ? "child"
      : step.kind === "function"
        ? "action"
        : step.kind)
  );
}

/**
 * `runEnded`: the run is finished, so a step with no result will never get
 * one (canceling a run leaves its in-flight steps without a result).
 */
export function stepView(
  step: JournalStep,
  info: Doc<"stepInfo"> | null,
  runEnded: boolean,
  extras: StepExtras = NO_EXTRAS,
): StepView {
  const { call, request, queue } = extras;
  const kind = viewKind(step, info);
  const result = step.runResult;
  const io = stepIo(step, extras);
  return {
    stepId: step.stepId,
    stepNumber: step.stepNumber,
    name: step.name,
    kind,
    status: stepStatus(result === undefined && !runEnded, kind, result?.kind),
    attempts: call?.attempts ?? info?.attempts,
    startedAt: step.startedAt,
    finishedAt: step.completedAt,
    error:
      result?.kind === "failed"
        ? parseRunError(result.error).message
        : undefined,
    childRunId: info?.childWorkflowId as RunId | undefined,
    args: io.input === undefined ? undefined : previewOf(io.input.value),
    result: io.output === undefined ? undefined : previewOf(io.output.value),
    llm: call
      ? {
          callId: call._id,
          model: call.model,
          usage: call.usage,
          costUsd: call.costUsd,
          system: optionalText(call.system),
          prompt: optionalText(call.prompt),
          text: optionalText(call.text),
          key: call.key,
          priority: call.priority,
          queue,
        }
      : undefined,
    signal: request ?? undefined,
  };
}

/** A step with its whole input and output (getStep). */
export function stepDetail(
  step: JournalStep,
  info: Doc<"stepInfo"> | null,
  runEnded: boolean,
  extras: StepExtras,
): StepDetail {
  const io = stepIo(step, extras);
  const { call } = extras;
  return {
    ...stepView(step, info, runEnded, extras),
    input: io.input?.value,
    output: io.output?.value,
    llmText: call
      ? { system: call.system, prompt: call.prompt, text: call.text }
      : undefined,
  };
}

/**
 * What went into a step and what came out. The journal has both for
 * function steps; for an event step they belong to what the event stands
 * for: an LLM action's arguments, a signal request's details, a child's
 * input. Boxed, so a step whose value is `undefined` still has one.
 */
function stepIo(
  step: JournalStep,
  { call, request, child }: StepExtras,
): { input?: { value: unknown }; output?: { value: unknown } } {
  const result = step.runResult;
  const output =
    result?.kind === "success" ? { value: result.returnValue } : undefined;
  if (call) return { input: { value: call.fnArgs }, output };
  if (request) {
    return {
      input:
        request.details === undefined ? undefined : { value: request.details },
      output,
    };
  }
  if (child) return { input: { value: child.input }, output };
  if (step.kind === "event") return { output };
  return { input: { value: step.args }, output };
}

const optionalText = (text: string | undefined) =>
  text === undefined ? undefined : previewText(text);
