import { vResultValidator, type WorkpoolOptions } from "@convex-dev/workpool";
import { WorkflowManager, type WorkflowComponent } from "@convex-dev/workflow";
import type {
  HttpRouter,
  PaginationOptions,
  RegisteredMutation,
} from "convex/server";
import { v } from "convex/values";
import type { z } from "zod";
import { checkRetention } from "../shared/validate.js";
import { vRunId, type Retention, type RunId } from "../shared/validators.js";
import {
  cancelRun,
  cleanupRun,
  restartRun,
  startRun,
  type RestartOptions,
  type StartOptions,
} from "./control.js";
import { defineWorkflow, type WorkflowDefinition } from "./define.js";
import { definePublicApi, type PublicApiOptions } from "./publicApi.js";
import {
  resolveCallbackSettings,
  type CallbackSettings,
  type ResolvedCallbackSettings,
} from "./callbacks.js";
import { registerHttpApi, type HttpApiOptions } from "./httpApi.js";
import {
  agentUsageHandler,
  getLlmCall,
  cancelLlmCall,
  listLlmCalls,
  liveText,
  startLlmCall,
} from "./llmQueries.js";
import {
  checkLlmAppOptions,
  type LlmAction,
  type LlmArgs,
  type LlmOptions,
  type LlmStepOptions,
} from "./llmStep.js";
import type { SendResult } from "../shared/signalValidators.js";
import {
  pendingSignals,
  sendSignal,
  signalHistory,
  type AuthorizeSignal,
  type PendingSignalsOptions,
  type SendSignalArgs,
} from "./signals.js";
import {
  exportTrace,
  getRun,
  listEvents,
  listRuns,
  listSteps,
  getStep,
  type ListRunsOptions,
} from "./queries.js";
import type {
  AgentWorkflowsComponent,
  RunMutationCtx,
  RunQueryCtx,
  WorkflowInput,
  WorkflowMutationArgs,
  WorkflowMutationResult,
  WorkflowReference,
} from "./types.js";

export type AgentWorkflowsOptions = {
  /**
   * Names this instance. A run remembers the instance that defined it, and
   * decisions on its signals are judged only by that instance's
   * `authorizeSignal` (through another instance they are NOT_AUTHORIZED).
   * Give each instance a distinct name when an app has more than one.
   * Default: "default".
   */
  name?: string;
  /**
   * LLM calls: `maxParallelism` (calls in flight across all runs, default
   * 4; changeable at run time with `config:setLlmParallelism`), `keys`
   * (caps per concurrency key), `rateLimits` (provider requests and tokens
   * per minute), default `retry`, and `prices` (USD per million
   * input/output tokens, per model id).
   */
  llm?: LlmOptions;
  /**
   * Who may decide on a signal: called by `flows.signal` before anything is
   * recorded; false refuses with NOT_AUTHORIZED. Default: a request with
   * assignees takes decisions only from its assignees (`isAssignee`); a
   * plain signal (no request, or no assignees) from anyone your own
   * function lets call `flows.signal`. Give one to widen that (e.g.
   * "team:support" means every support agent) or to narrow it.
   */
  authorizeSignal?: AuthorizeSignal;
  /**
   * How long finished runs are kept, per way of ending: ms after the run
   * ends, or false to keep forever (the default). A workflow's own
   * `retention` wins, then `config:setRetention` from the dashboard, then
   * this. Expired runs are deleted with everything they own.
   */
  retention?: Retention;
  /**
   * Callback URLs of signal waits (`waitForSignal(..., { callback })`):
   * `siteUrl` (default `CONVEX_SITE_URL`), `basePath` of `flows.httpApi`
   * (default "/workflows-api"), the default `notify` mutation and `by`.
   */
  callbacks?: CallbackSettings;
  /**
   * Options of the pool that runs workflow steps (not LLM calls):
   * maxParallelism, defaultRetryBehavior, retryActionsByDefault, logLevel.
   */
  workpoolOptions?: WorkpoolOptions;
};

/**
 * Durable, typed workflows on the agentWorkflows component.
 *
 * ```ts
 * export const flows = new AgentWorkflows(components.agentWorkflows);
 * export const summarize = flows.define({
 *   name: "summarize",
 *   input: z.object({ url: z.string().url() }),
 *   output: z.object({ summary: z.string() }),
 *   handler: async (step, { url }) => {
 *     const page = await step.runAction(internal.web.fetch, { url }, { retry: true });
 *     return { summary: await step.runAction(internal.ai.summarize, { page }) };
 *   },
 * });
 * ```
 */
export class AgentWorkflows {
  // The `@convex-dev/workflow` manager stays private: every run is started,
  // canceled and cleaned up through the component's records.
  readonly #manager: WorkflowManager;
  /** This instance's name (see `AgentWorkflowsOptions.name`). */
  readonly name: string;
  readonly #callbacks: ResolvedCallbackSettings;

  constructor(
    public readonly component: AgentWorkflowsComponent,
    public readonly options: AgentWorkflowsOptions = {},
  ) {
    this.name = options.name ?? DEFAULT_INSTANCE_NAME;
    this.#callbacks = resolveCallbackSettings(options.callbacks);
    checkRetention(options.retention);
    checkLlmAppOptions(options.llm);
    this.#manager = new WorkflowManager(
      component.wf as unknown as WorkflowComponent,
      options.workpoolOptions
        ? { workpoolOptions: options.workpoolOptions }
        : undefined,
    );
  }

  /** Define a workflow; export the result from a module in convex/. */
  define<Input extends z.ZodType, Output extends z.ZodType>(
    definition: WorkflowDefinition<Input, Output>,
  ): RegisteredMutation<
    "internal",
    WorkflowMutationArgs<z.input<Input>>,
    WorkflowMutationResult<z.output<Output>>
  > {
    return defineWorkflow(
      this.component,
      this.#manager,
      {
        instance: this.name,
        llm: this.options.llm ?? {},
        callbacks: this.#callbacks,
        retention: this.options.retention,
      },
      definition,
    );
  }

  /**
   * Start a run; see {@link startRun}. Returns its id. Pass `owner` (a user
   * or org id) so the run is its owner's: publicApi's default policy lets
   * only the owner read and control it.
   */
  start<W extends WorkflowReference>(
    ctx: RunMutationCtx,
    workflow: W,
    input: WorkflowInput<W>,
    options?: StartOptions,
  ): Promise<RunId> {
    return startRun(ctx, this.component, workflow, input, options);
  }

  /** Cancel a run and its children (RUN_NOT_FOUND, RUN_FINISHED). */
  cancel(ctx: RunMutationCtx, runId: RunId): Promise<void> {
    return cancelRun(ctx, this.component, runId);
  }

  /** Run a finished run again, optionally from a step (RUN_NOT_FINISHED, STEP_NOT_FOUND). */
  restart(
    ctx: RunMutationCtx,
    runId: RunId,
    options?: RestartOptions,
  ): Promise<void> {
    return restartRun(ctx, this.component, runId, options);
  }

  /** Delete a finished run with its journal, children and events. */
  cleanup(ctx: RunMutationCtx, runId: RunId): Promise<void> {
    return cleanupRun(ctx, this.component, runId);
  }

  getRun(ctx: RunQueryCtx, runId: RunId) {
    return getRun(ctx, this.component, runId);
  }

  listRuns(ctx: RunQueryCtx, options: ListRunsOptions) {
    return listRuns(ctx, this.component, options);
  }

  listSteps(
    ctx: RunQueryCtx,
    runId: RunId,
    paginationOpts: PaginationOptions,
    options?: { includeInternal?: boolean },
  ) {
    return listSteps(ctx, this.component, runId, paginationOpts, options);
  }

  /**
   * One step with its whole input and output, by the number `listSteps`
   * shows, in `options.segment` (default: the run's current segment).
   */
  getStep(
    ctx: RunQueryCtx,
    runId: RunId,
    stepNumber: number,
    options?: { segment?: number },
  ) {
    return getStep(ctx, this.component, runId, stepNumber, options);
  }

  /**
   * A finished run's trace as OTLP/JSON, to POST to a collector's
   * `/v1/traces` (RUN_NOT_FOUND, RUN_NOT_FINISHED); see {@link exportTrace}.
   */
  exportTrace(
    ctx: RunQueryCtx,
    runId: RunId,
    options?: { serviceName?: string },
  ) {
    return exportTrace(ctx, this.component, runId, options);
  }

  /**
   * Send a signal to a run (INVALID_SIGNAL_VALUE, NOT_AUTHORIZED,
   * RUN_NOT_FOUND, RUN_FINISHED, SIGNAL_ALREADY_DECIDED, SIGNAL_TIMED_OUT,
   * SIGNAL_NOT_PENDING, WRONG_SIGNAL).
   */
  signal<Value extends z.ZodType>(
    ctx: RunMutationCtx,
    args: SendSignalArgs<Value>,
  ): Promise<SendResult> {
    return sendSignal(ctx, this.component, args, {
      instance: this.name,
      authorizeSignal: this.options.authorizeSignal,
    });
  }

  /** Pending signal requests, newest first: the approvals inbox. */
  pendingSignals(ctx: RunQueryCtx, options: PendingSignalsOptions) {
    return pendingSignals(ctx, this.component, options);
  }

  /** A run's signal requests and every decision on them. */
  signalHistory(ctx: RunQueryCtx, runId: RunId | string) {
    return signalHistory(ctx, this.component, runId);
  }

  /**
   * Start a one-shot LLM call outside workflows; read it with `getLlmCall`.
   * Pass `owner` so publicApi's `getLlmCall` and `liveText` show it to its
   * owner only.
   */
  llmCall<A extends LlmAction>(
    ctx: RunMutationCtx,
    action: A,
    args: LlmArgs<A>,
    options?: LlmStepOptions & { owner?: string },
  ): Promise<string> {
    return startLlmCall(
      ctx,
      this.component,
      this.options.llm ?? {},
      action,
      args,
      options,
    );
  }

  getLlmCall(ctx: RunQueryCtx, callId: string) {
    return getLlmCall(ctx, this.component, callId);
  }

  /**
   * Cancel one LLM call, its run going on: an LLM step throws `LLM call
   * canceled` (catch it to go on); a streaming call stops spending at its
   * next chunk. False if the call had already ended.
   */
  cancelLlmCall(ctx: RunMutationCtx, callId: string): Promise<boolean> {
    return cancelLlmCall(ctx, this.component, callId);
  }

  listLlmCalls(ctx: RunQueryCtx, runId: RunId | string) {
    return listLlmCalls(ctx, this.component, runId);
  }

  liveText(
    ctx: RunQueryCtx,
    args: { runId?: RunId | string; callId?: string },
  ) {
    return liveText(ctx, this.component, args);
  }

  /**
   * Public queries and mutations to export to clients and React hooks,
   * each checked by your `authorize` first (NOT_AUTHORIZED otherwise).
   */
  publicApi(options: PublicApiOptions) {
    return definePublicApi(this, options);
  }

  /**
   * Register the HTTP API on the app's `httpRouter`: routes that call your
   * exported publicApi functions (`api`), so HTTP callers meet the same
   * owner model and policy; see {@link registerHttpApi}.
   */
  httpApi(http: HttpRouter, options: HttpApiOptions): void {
    registerHttpApi(http, options, {
      component: this.component,
      instance: this.name,
      callbackBasePath: this.#callbacks.basePath,
    });
  }

  /** Pass as @convex-dev/agent's `usageHandler` so agent steps count toward their run. */
  get agentUsageHandler() {
    return agentUsageHandler(this.component);
  }

  listEvents(
    ctx: RunQueryCtx,
    runId: RunId,
    options?: { after?: number; limit?: number },
  ) {
    return listEvents(ctx, this.component, runId, options);
  }
}

const DEFAULT_INSTANCE_NAME = "default";

/** Arguments of an app mutation passed as `onComplete` to `start`. */
export const vRunCompleteArgs = {
  runId: vRunId,
  result: vResultValidator,
  context: v.any(),
};
