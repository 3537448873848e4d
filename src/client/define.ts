import type { RetryBehavior, WorkpoolRetryOptions } from "@convex-dev/workpool";
import type { WorkflowManager } from "@convex-dev/workflow";
import {
  internalMutationGeneric,
  type RegisteredMutation,
} from "convex/server";
import type { z } from "zod";
import { codedMessage } from "../shared/errors.js";
import { checkRetention, checkValueSize } from "../shared/validate.js";
import { LIMITS, type Retention } from "../shared/validators.js";
import type { LlmRetry } from "../shared/llmValidators.js";
import type { LlmPriority } from "../shared/llmFlow.js";
import type { Budget, LlmFlowOptions, LlmOptions } from "./llmStep.js";
import type { ResolvedCallbackSettings } from "./callbacks.js";
import { readSegmentArgs } from "../shared/segments.js";
import type { RunId } from "../shared/validators.js";
import type { Segment } from "./continueAsNew.js";
import { createStepContext, type StepContext } from "./stepContext.js";
import {
  registeredHandler,
  vWorkflowMutationArgs,
  withDefinition,
  withEnvelope,
} from "./upstream.js";
import type {
  AgentWorkflowsComponent,
  WorkflowMutationArgs,
  WorkflowMutationResult,
} from "./types.js";
import { describeIssues, parseOrThrow, zodIssues } from "./zodCheck.js";

/** A workflow: its name, typed input and output, and its handler. */
export type WorkflowDefinition<
  Input extends z.ZodType,
  Output extends z.ZodType,
> = {
  /** Shown in `listRuns` and used to filter by name. */
  name: string;
  /** Validated when the run starts (INVALID_INPUT) and on every replay. */
  input: Input;
  /** Validated when the handler returns; a mismatch fails the run (INVALID_OUTPUT). */
  output: Output;
  /**
   * Default retry policy for this workflow's action steps: `true` for the
   * pool's default, or `{ maxAttempts, initialBackoffMs, base }`. A step's
   * own `retry` option wins.
   */
  retry?: RetryBehavior | boolean;
  /** Spending limits: an LLM step that would start over them fails the run (BUDGET_EXCEEDED). */
  budget?: Budget;
  /** Retry policy of this workflow's LLM steps (a step's own `retry` wins). */
  llmRetry?: LlmRetry;
  /**
   * Flow control for this workflow's LLM steps (a step's own options win):
   * a concurrency key (or a function of the input, e.g.
   * `(input) => "org:" + input.orgId`), a priority, a rate limit.
   */
  llm?: {
    key?: string | ((input: z.output<Input>) => string);
    priority?: LlmPriority;
    rateLimit?: string;
  };
  /** Options of the workflow's step pool (maxParallelism, default retry...). */
  workpoolOptions?: WorkpoolRetryOptions;
  /**
   * How long this workflow's finished runs are kept (ms after they end per
   * way of ending, or false): over the dashboard's and the app's
   * `retention`. Child runs are deleted with their parent.
   */
  retention?: Retention;
  handler: (
    step: StepContext<z.input<Input>>,
    input: z.output<Input>,
  ) => Promise<z.input<Output>>;
};

/**
 * The registered workflow mutation. Written out as `RegisteredMutation` (not
 * an alias) wherever it is returned: Convex infers function types from that
 * exact name.
 */
export type RegisteredWorkflow<Input, Output> = RegisteredMutation<
  "internal",
  WorkflowMutationArgs<Input>,
  WorkflowMutationResult<Output>
>;

/**
 * Build the workflow's mutation: `@convex-dev/workflow`'s, wrapped so that a
 * direct start validates the input before anything is written and tells the
 * component the workflow's name.
 */
export function defineWorkflow<
  Input extends z.ZodType,
  Output extends z.ZodType,
>(
  component: AgentWorkflowsComponent,
  manager: WorkflowManager,
  instance: {
    instance: string;
    llm: LlmOptions;
    callbacks: ResolvedCallbackSettings;
    retention?: Retention;
  },
  definition: WorkflowDefinition<Input, Output>,
): RegisteredMutation<
  "internal",
  WorkflowMutationArgs<z.input<Input>>,
  WorkflowMutationResult<z.output<Output>>
> {
  const { name, input, output, retry, workpoolOptions } = definition;
  checkRetention(definition.retention, `${name}.retention`);
  const retention = { workflow: definition.retention, app: instance.retention };
  const inner = manager.define({
    workpoolOptions: withDefinition(workpoolOptions, {
      name,
      instance: instance.instance,
    }),
    handler: async (workflowCtx, rawArgs: unknown) => {
      const {
        runId,
        segment,
        input: rawInput,
      } = readSegmentArgs(rawArgs, workflowCtx.workflowId);
      const parsedInput = input.safeParse(rawInput);
      if (!parsedInput.success) {
        const issues = describeIssues(zodIssues(parsedInput.error));
        throw new Error(codedMessage("INVALID_INPUT", issues));
      }
      const ctx =
        retry === undefined ? workflowCtx : workflowCtx.withOptions({ retry });
      const where: Segment = { runId: runId as RunId, segment };
      const step = createStepContext(
        component,
        ctx,
        {
          llm: instance.llm,
          retry: definition.llmRetry,
          budget: definition.budget,
          flow: flowDefaults(definition.llm, parsedInput.data),
        },
        instance.callbacks,
        { segment: where, inputSchema: input },
      );
      let result: unknown;
      try {
        result = await definition.handler(step, parsedInput.data);
      } catch (error) {
        if (where.continuedAs === undefined) throw error;
      }
      // The segment ended by continuing as new: it completes quietly (the
      // component ignores a replaced segment's end), whatever the handler did.
      if (where.continuedAs !== undefined) {
        return { continuedAs: where.continuedAs } as any;
      }
      const parsedOutput = output.safeParse(result);
      if (!parsedOutput.success) {
        const issues = describeIssues(zodIssues(parsedOutput.error));
        throw new Error(codedMessage("INVALID_OUTPUT", issues));
      }
      checkValueSize(
        parsedOutput.data,
        LIMITS.maxOutputBytes,
        "OUTPUT_TOO_LARGE",
        `The output of ${name}`,
      );
      return (parsedOutput.data ?? null) as any;
    },
  });
  const innerHandler = registeredHandler(inner);
  return internalMutationGeneric({
    args: vWorkflowMutationArgs,
    handler: async (ctx, args) => {
      if (args.workflowId !== undefined) return await innerHandler(ctx, args);
      checkValueSize(
        args.args,
        LIMITS.maxInputBytes,
        "INPUT_TOO_LARGE",
        `The input of ${name}`,
      );
      parseOrThrow(input, args.args, "INVALID_INPUT", `input for ${name}`);
      return await innerHandler(
        ctx,
        withEnvelope(args, { name, instance: instance.instance, retention }),
      );
    },
  }) as unknown as RegisteredMutation<
    "internal",
    WorkflowMutationArgs<z.input<Input>>,
    WorkflowMutationResult<z.output<Output>>
  >;
}

/** A workflow's LLM flow defaults for one run (its key may depend on the input). */
function flowDefaults<I>(
  llm:
    | {
        key?: string | ((input: I) => string);
        priority?: LlmPriority;
        rateLimit?: string;
      }
    | undefined,
  input: I,
): LlmFlowOptions | undefined {
  if (!llm) return undefined;
  const key = typeof llm.key === "function" ? llm.key(input) : llm.key;
  return { key, priority: llm.priority, rateLimit: llm.rateLimit };
}
