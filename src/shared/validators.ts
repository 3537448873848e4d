import { v, type Infer } from "convex/values";
import { vRunUsage, vUsage } from "./llmValidators.js";
import { vLlmQueueInfo } from "./llmFlow.js";
import { vPreview } from "./preview.js";
import {
  vSignalHistoryEntry,
  vSignalRequest,
  vSignalRequestStatus,
} from "./signalValidators.js";

import { vRunId } from "./ids.js";
export { vRunId, type RunId } from "./ids.js";

export const RUN_STATUSES = [
  "queued",
  "running",
  "waiting",
  "completed",
  "failed",
  "canceled",
] as const;
export const vRunStatus = v.union(
  v.literal("queued"),
  v.literal("running"),
  v.literal("waiting"),
  v.literal("completed"),
  v.literal("failed"),
  v.literal("canceled"),
);
export type RunStatus = Infer<typeof vRunStatus>;
const _statuses: RunStatus = {} as (typeof RUN_STATUSES)[number];

export const TERMINAL_STATUSES: readonly RunStatus[] = [
  "completed",
  "failed",
  "canceled",
];
export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export const vStepKind = v.union(
  v.literal("action"),
  v.literal("mutation"),
  v.literal("query"),
  v.literal("child"),
  v.literal("sleep"),
  v.literal("event"),
  v.literal("signal"),
  v.literal("llm"),
);
export type StepKind = Infer<typeof vStepKind>;

export const vStepRef = v.object({
  name: v.string(),
  stepNumber: v.number(),
});
export type StepRef = Infer<typeof vStepRef>;

export const vRunError = v.object({
  message: v.string(),
  code: v.optional(v.string()),
  /** The step whose failure ended the run, when one did. */
  step: v.optional(vStepRef),
});
export type RunError = Infer<typeof vRunError>;

export const vProgressReport = v.object({
  completed: v.optional(v.number()),
  total: v.optional(v.number()),
  message: v.optional(v.string()),
});
export type ProgressReport = Infer<typeof vProgressReport>;

export const vProgress = v.object({
  ...vProgressReport.fields,
  /** completed / total, 0..1, when both were reported. */
  fraction: v.optional(v.number()),
  updatedAt: v.number(),
});
export type Progress = Infer<typeof vProgress>;

export const vCurrentStep = v.object({
  name: v.string(),
  stepNumber: v.number(),
  kind: vStepKind,
  startedAt: v.number(),
});
export type CurrentStep = Infer<typeof vCurrentStep>;

/**
 * What an access policy sees of a run it decides about: loaded by the
 * component, so a per-owner policy needs no lookup of its own.
 */
export const vRunAccess = v.object({
  runId: vRunId,
  name: v.string(),
  /** Who the run belongs to (set on the server; children inherit it). */
  owner: v.optional(v.string()),
  tags: v.array(v.string()),
  parentRunId: v.optional(vRunId),
  status: vRunStatus,
});
export type RunAccess = Infer<typeof vRunAccess>;

/** A signal request as a policy sees it. */
export const vRequestAccess = v.object({
  requestId: v.string(),
  signal: v.string(),
  status: vSignalRequestStatus,
  assignees: v.array(v.string()),
  quorum: v.number(),
});
export type RequestAccess = Infer<typeof vRequestAccess>;

/** An LLM call as a policy sees it: its run, or its owner when one-shot. */
export const vCallAccess = v.object({
  callId: v.string(),
  runId: v.optional(vRunId),
  owner: v.optional(v.string()),
});
export type CallAccess = Infer<typeof vCallAccess>;

/**
 * How long finished runs are kept, per way of ending: ms after the run
 * ends, or `false` to keep forever (the default for each).
 */
export const vRetention = v.object({
  completed: v.optional(v.union(v.number(), v.literal(false))),
  failed: v.optional(v.union(v.number(), v.literal(false))),
  canceled: v.optional(v.union(v.number(), v.literal(false))),
});
export type Retention = Infer<typeof vRetention>;

/** The longest retention period: about ten years. */
export const MAX_RETENTION_MS = 10 * 366 * 24 * 60 * 60 * 1000;

/** A run as the list shows it. */
export const vRunSummary = v.object({
  runId: vRunId,
  name: v.string(),
  status: vRunStatus,
  owner: v.optional(v.string()),
  tags: v.array(v.string()),
  parentRunId: v.optional(vRunId),
  error: v.optional(vRunError),
  progress: v.optional(vProgress),
  stepsStarted: v.number(),
  /** LLM tokens, cost and calls so far: the run's own. */
  usage: v.optional(vRunUsage),
  /** `usage` plus that of every child run below it, at any depth. */
  usageTotal: v.optional(vRunUsage),
  startedAt: v.number(),
  updatedAt: v.number(),
  finishedAt: v.optional(v.number()),
  /** When retention deletes the finished run (none: kept). */
  expiresAt: v.optional(v.number()),
  /** The current segment once the run continued as new (1, 2, ...; absent before). */
  segment: v.optional(v.number()),
});
export type RunSummary = Infer<typeof vRunSummary>;

/** A run with everything `getRun` knows. */
export const vRun = v.object({
  ...vRunSummary.fields,
  input: v.any(),
  output: v.optional(v.any()),
  currentSteps: v.array(vCurrentStep),
  /** The signal requests the run waits on (step.waitForSignal). */
  pendingSignals: v.array(vSignalRequest),
  /** Its LLM calls waiting to start: why, and their place (at most 10). */
  queuedLlmCalls: v.optional(
    v.array(
      v.object({
        callId: v.string(),
        name: v.string(),
        ...vLlmQueueInfo.fields,
      }),
    ),
  ),
});
export type Run = Infer<typeof vRun>;

export const vStepStatus = v.union(
  v.literal("running"),
  v.literal("waiting"),
  v.literal("completed"),
  v.literal("failed"),
  v.literal("canceled"),
);
export type StepStatus = Infer<typeof vStepStatus>;

export const vStepView = v.object({
  stepId: v.string(),
  /** Numbered within its segment (continue-as-new starts a segment at 0). */
  stepNumber: v.number(),
  /** The run's segment the step ran in: 0, then one more per continueAsNew. */
  segment: v.optional(v.number()),
  name: v.string(),
  kind: vStepKind,
  status: vStepStatus,
  /** Executions of the step so far, where the component knows them. */
  attempts: v.optional(v.number()),
  startedAt: v.number(),
  finishedAt: v.optional(v.number()),
  error: v.optional(v.string()),
  childRunId: v.optional(vRunId),
  /**
   * What went in: the function's arguments, a child's input, an LLM
   * action's arguments, a signal request's details. A preview; `getStep`
   * has the whole value.
   */
  args: v.optional(vPreview),
  /** What came out, once the step completed (a preview). */
  result: v.optional(vPreview),
  /** For LLM steps: the model, tokens, cost, and the prompt and answer text. */
  llm: v.optional(
    v.object({
      callId: v.string(),
      model: v.optional(v.string()),
      usage: v.optional(vUsage),
      costUsd: v.optional(v.number()),
      /** The system prompt and prompt sent (llmAction steps). */
      system: v.optional(vPreview),
      prompt: v.optional(vPreview),
      /** The model's text. */
      text: v.optional(vPreview),
      /** The concurrency key and priority it queued with. */
      key: v.optional(v.string()),
      priority: v.optional(v.number()),
      /** While it waits to start: why, and its place (see llmFlow.ts). */
      queue: v.optional(vLlmQueueInfo),
    }),
  ),
  /** For signal waits: the request and every decision on it. */
  signal: v.optional(vSignalHistoryEntry),
});
export type StepView = Infer<typeof vStepView>;

/** One step with its whole input and output (`getStep`). */
export const vStepDetail = v.object({
  ...vStepView.fields,
  /** The whole arguments (see `StepView.args`). */
  input: v.optional(v.any()),
  /** The whole result, once completed. */
  output: v.optional(v.any()),
  /** For llmAction steps: the whole system prompt, prompt and answer. */
  llmText: v.optional(
    v.object({
      system: v.optional(v.string()),
      prompt: v.optional(v.string()),
      text: v.optional(v.string()),
    }),
  ),
});
export type StepDetail = Infer<typeof vStepDetail>;

export const vRunEvent = v.object({
  seq: v.number(),
  type: v.string(),
  data: v.optional(v.any()),
  at: v.number(),
});
export type RunEvent = Infer<typeof vRunEvent>;

export const vEventPage = v.object({
  events: v.array(vRunEvent),
  /** Pass as `after` to read the next events. */
  cursor: v.number(),
  isDone: v.boolean(),
});
export type EventPage = Infer<typeof vEventPage>;

export function vPaginationResult<T extends ReturnType<typeof v.object>>(
  item: T,
) {
  return v.object({
    page: v.array(item),
    continueCursor: v.string(),
    isDone: v.boolean(),
    splitCursor: v.optional(v.union(v.string(), v.null())),
    pageStatus: v.optional(
      v.union(
        v.literal("SplitRecommended"),
        v.literal("SplitRequired"),
        v.null(),
      ),
    ),
  });
}

/** Limits on what callers may pass, checked before anything is written. */
export const LIMITS = {
  maxTags: 20,
  maxTagLength: 100,
  maxIdempotencyKeyLength: 256,
  maxOwnerLength: 256,
  /** An exported trace's `service.name`. */
  maxServiceNameLength: 100,
  maxEventTypeLength: 100,
  maxPageSize: 200,
  maxEventsPerRead: 500,
  // A run's row holds its input and its output: both under these stay
  // well inside Convex's 1 MiB document limit, with room for the rest.
  maxInputBytes: 400 * 1024,
  maxOutputBytes: 400 * 1024,
  /** `step.emit` data and a signal's value. */
  maxEventDataBytes: 64 * 1024,
  /** An LLM call's system prompt and prompt are kept up to this many characters. */
  maxPromptChars: 64 * 1024,
  /** Child runs nest at most this deep (a top-level run is depth 0). */
  maxChildDepth: 16,
} as const;
