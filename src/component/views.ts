// How runs and steps are shown to callers: one place that maps our rows and
// the nested journal to the public shapes in shared/validators.ts.
import { parseRunError } from "../shared/errors.js";
import type {
  RunAccess,
  RunId,
  RunStatus,
  RunSummary,
  StepStatus,
  StepView,
} from "../shared/validators.js";
import type { Doc } from "./_generated/dataModel.js";
import type { RunDoc } from "./runStore.js";
import { isWait } from "./stepStarts.js";
import type { ReturnsOf } from "./wf/types.js";

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

type PublicStep = ReturnsOf<"workflow", "listSteps">["page"][number];
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

/**
 * `runEnded`: the run is finished, so a step with no result will never get
 * one (canceling a run leaves its in-flight steps without a result).
 */
export function stepView(
  step: PublicStep,
  info: Doc<"stepInfo"> | null,
  runEnded: boolean,
  call: Doc<"llmCalls"> | null = null,
): StepView {
  const kind: StepView["kind"] =
    info?.kind ??
    (step.kind === "workflow"
      ? "child"
      : step.kind === "function"
        ? "action"
        : step.kind);
  const result = step.runResult;
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
    llm: call
      ? {
          callId: call._id,
          model: call.model,
          usage: call.usage,
          costUsd: call.costUsd,
        }
      : undefined,
  };
}
