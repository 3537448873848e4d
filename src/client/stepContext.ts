import type { RetryBehavior } from "@convex-dev/workpool";
import type { WorkflowCtx } from "@convex-dev/workflow";
import type {
  FunctionArgs,
  FunctionReference,
  FunctionReturnType,
  FunctionVisibility,
} from "convex/server";
import type { z } from "zod";
import { INTERNAL_STEP_PREFIX } from "../shared/upstream.js";
import { workflowError } from "../shared/errors.js";
import {
  checkEventData,
  checkEventType,
  checkProgress,
} from "../shared/validate.js";
import type { ProgressReport, RunId } from "../shared/validators.js";
import { runChildWorkflow } from "./childStep.js";
import {
  runLlmStep,
  type LlmAction,
  type LlmArgs,
  type LlmStepOptions,
  type LlmStepSettings,
} from "./llmStep.js";
import {
  waitForSignal,
  type SignalDefinition,
  type WaitForSignalOptions,
} from "./signals.js";
import type { ResolvedCallbackSettings } from "./callbacks.js";
import {
  continueAsNew,
  throwIfContinued,
  type Segment,
} from "./continueAsNew.js";
import type {
  AgentWorkflowsComponent,
  WorkflowInput,
  WorkflowOutput,
  WorkflowReference,
} from "./types.js";

/** Options every step takes. */
export type StepOptions = {
  /** The step's name in the journal and in `listSteps`. Default: the function's name. */
  name?: string;
  /** Let the arguments differ on replay (e.g. they embed a timestamp). */
  unstableArgs?: boolean;
};

/** When a scheduled (non-inline) step may start. */
export type ScheduleOptions =
  { runAfter?: number; runAt?: never } | { runAt?: number; runAfter?: never };

/** Options of `runQuery` / `runMutation`. */
export type TransactionStepOptions = StepOptions &
  (
    | {
        /** Run in the workflow's own transaction: no queueing, no retries. */
        inline: true;
      }
    | ({ inline?: false } & ScheduleOptions)
  );

/** Options of `runAction`. */
export type ActionStepOptions = StepOptions &
  ScheduleOptions & {
    /**
     * Retry policy for this step: `true` for the workflow's default,
     * `false` for none, or `{ maxAttempts, initialBackoffMs, base }`.
     */
    retry?: RetryBehavior | boolean;
  };

/**
 * What a workflow handler gets. Every call is a journaled step: when the
 * workflow replays, finished steps return their recorded result and are not
 * run again.
 */
export type StepContext<NextInput = unknown> = {
  /** This run's id (the same in every segment). */
  runId: RunId;
  /** Which segment of the run this is: 0, then one more per continueAsNew. */
  segment: number;
  /**
   * End this segment and go on as a fresh journal with `input` (checked by
   * the workflow's input schema): same run id, owner, tags, usage,
   * progress, event log and buffered signals; the handler starts over with
   * `input`, and replay reads only the new segment's journal. Use it to
   * keep long loops at a flat cost per step: `return step.continueAsNew(state)`.
   */
  continueAsNew(input: NextInput): Promise<never>;
  /** Run an action as a step, queued on the workflow's pool, with retries. */
  runAction<A extends FunctionReference<"action", FunctionVisibility>>(
    action: A,
    args: FunctionArgs<A>,
    options?: ActionStepOptions,
  ): Promise<FunctionReturnType<A>>;
  /** Run a mutation as a step (`inline: true` to run it in this transaction). */
  runMutation<M extends FunctionReference<"mutation", FunctionVisibility>>(
    mutation: M,
    args: FunctionArgs<M>,
    options?: TransactionStepOptions,
  ): Promise<FunctionReturnType<M>>;
  /** Run a query as a step (`inline: true` to run it in this transaction). */
  runQuery<Q extends FunctionReference<"query", FunctionVisibility>>(
    query: Q,
    args: FunctionArgs<Q>,
    options?: TransactionStepOptions,
  ): Promise<FunctionReturnType<Q>>;
  /** Pause durably (a scheduled function, not a timer in memory). */
  sleep(ms: number, options?: { name?: string }): Promise<void>;
  /**
   * Run another workflow as a child of this run and wait for its output.
   * The child shows in `listRuns` with `parentRunId`, and is canceled with
   * this run. Use children to keep long loops' journals short.
   */
  runWorkflow<W extends WorkflowReference>(
    workflow: W,
    input: WorkflowInput<W>,
    options?: StepOptions,
  ): Promise<WorkflowOutput<W>>;
  /** Report progress, shown by `getRun` and logged as a `run.progress` event. */
  progress(report: ProgressReport): Promise<void>;
  /** Append a custom event to the run's log (`listEvents`). */
  emit(type: string, data?: unknown): Promise<void>;
  /**
   * Call a model: run an LLM action (`llmAction` from
   * `convex-agent-workflows/llm`, or an agent's `asTextAction` /
   * `asObjectAction` with a threadId) as a journaled step, queued with the
   * LLM dispatcher under `llm.maxParallelism`, its key's cap and its rate
   * limit (options `key`, `priority`, `rateLimit`), retried on provider
   * errors, with its tokens and cost added to the run.
   */
  llm<A extends LlmAction>(
    action: A,
    args: LlmArgs<A>,
    options?: LlmStepOptions,
  ): Promise<FunctionReturnType<A>>;
  /**
   * Wait until someone sends `signal` (see `flows.signal`) and return its
   * typed value. While waiting the run's status is "waiting" and the
   * request shows in `pendingSignals`. With `timeoutMs`, throws
   * `SignalTimeoutError` (catchable) or returns `onTimeout()`.
   */
  waitForSignal<Value extends z.ZodType>(
    signal: SignalDefinition<string, Value>,
    options?: WaitForSignalOptions<z.output<Value>>,
  ): Promise<z.output<Value>>;
};

export function createStepContext(
  component: AgentWorkflowsComponent,
  workflow: WorkflowCtx,
  llmSettings: LlmStepSettings,
  callbacks: ResolvedCallbackSettings,
  where: { segment: Segment; inputSchema: z.ZodType },
): StepContext {
  const { segment, inputSchema } = where;
  const runId = segment.runId;
  // After continueAsNew, every step throws ContinuedAsNew again.
  const check = () => throwIfContinued(segment);
  // The workflow's own ctx takes (ref, args, options) with loose typing for
  // our generic wrappers; the public types above are the checked ones.
  const wf = workflow as unknown as {
    runAction(f: unknown, a: unknown, o?: unknown): Promise<any>;
    runMutation(f: unknown, a: unknown, o?: unknown): Promise<any>;
    runQuery(f: unknown, a: unknown, o?: unknown): Promise<any>;
  };
  return {
    runId,
    segment: segment.segment,
    continueAsNew: (input) =>
      continueAsNew(component, workflow, segment, inputSchema, input),
    runAction: (action, args, options) => {
      check();
      return wf.runAction(action, args, options);
    },
    runMutation: (mutation, args, options) => {
      check();
      return wf.runMutation(mutation, args, options);
    },
    runQuery: (query, args, options) => {
      check();
      return wf.runQuery(query, args, options);
    },
    sleep: async (ms, options) => {
      check();
      if (!Number.isFinite(ms) || ms < 0) {
        throw workflowError(
          "INVALID_ARGUMENT",
          `sleep needs a duration in ms >= 0, got ${ms}.`,
        );
      }
      await workflow.sleep(ms, options);
    },
    runWorkflow: (child, input, options) => {
      check();
      return runChildWorkflow(component, workflow, child, input, options);
    },
    progress: async (report) => {
      check();
      checkProgress(report);
      await wf.runMutation(
        component.events.reportProgress,
        { runId, ...report },
        { inline: true, name: `${INTERNAL_STEP_PREFIX}progress` },
      );
    },
    llm: (action, args, options) => {
      check();
      return runLlmStep(
        component,
        workflow,
        llmSettings,
        action,
        args,
        options,
      );
    },
    waitForSignal: (signal, options) => {
      check();
      return waitForSignal(
        component,
        workflow,
        signal,
        options ?? {},
        callbacks,
      );
    },
    emit: async (type, data) => {
      check();
      checkEventType(type);
      checkEventData(data);
      await wf.runMutation(
        component.events.emit,
        { runId, type, data },
        { inline: true, name: `${INTERNAL_STEP_PREFIX}emit` },
      );
    },
  };
}
