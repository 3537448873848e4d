import type { RetryBehavior, WorkpoolRetryOptions } from "@convex-dev/workpool";
import type { WorkflowManager } from "@convex-dev/workflow";
import {
  internalMutationGeneric,
  type GenericMutationCtx,
  type GenericDataModel,
  type RegisteredMutation,
} from "convex/server";
import { v } from "convex/values";
import type { z } from "zod";
import {
  ENVELOPE_KEY,
  WORKFLOW_INSTANCE_OPTION,
  WORKFLOW_NAME_OPTION,
  NO_APP_ON_COMPLETE,
  readEnvelope,
  type StartEnvelope,
} from "../shared/envelope.js";
import { codedMessage } from "../shared/errors.js";
import { checkValueSize } from "../shared/validate.js";
import { LIMITS } from "../shared/validators.js";
import type { LlmRetry } from "../shared/llmValidators.js";
import type { Budget, LlmOptions } from "./llmStep.js";
import { createStepContext, type StepContext } from "./stepContext.js";
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
  /** Options of the workflow's step pool (maxParallelism, default retry...). */
  workpoolOptions?: WorkpoolRetryOptions;
  handler: (
    step: StepContext,
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

const vWorkflowMutationArgs = v.object({
  args: v.optional(v.any()),
  onComplete: v.optional(v.string()),
  context: v.optional(v.any()),
  startAsync: v.optional(v.boolean()),
  workflowId: v.optional(v.string()),
  generationNumber: v.optional(v.number()),
});

type InnerHandler = (
  ctx: GenericMutationCtx<GenericDataModel>,
  args: Record<string, unknown>,
) => Promise<unknown>;

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
  instance: { instance: string; llm: LlmOptions },
  definition: WorkflowDefinition<Input, Output>,
): RegisteredMutation<
  "internal",
  WorkflowMutationArgs<z.input<Input>>,
  WorkflowMutationResult<z.output<Output>>
> {
  const { name, input, output, retry, workpoolOptions } = definition;
  const inner = manager.define({
    workpoolOptions: {
      ...workpoolOptions,
      [WORKFLOW_NAME_OPTION]: name,
      [WORKFLOW_INSTANCE_OPTION]: instance.instance,
    } as WorkpoolRetryOptions,
    handler: async (workflowCtx, rawInput: unknown) => {
      const parsedInput = input.safeParse(rawInput);
      if (!parsedInput.success) {
        const issues = describeIssues(zodIssues(parsedInput.error));
        throw new Error(codedMessage("INVALID_INPUT", issues));
      }
      const ctx =
        retry === undefined ? workflowCtx : workflowCtx.withOptions({ retry });
      const step = createStepContext(component, ctx, {
        llm: instance.llm,
        retry: definition.llmRetry,
        budget: definition.budget,
      });
      const result = await definition.handler(step, parsedInput.data);
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
  // Convex keeps a registered function's handler here; calling it runs the
  // workflow's own mutation logic in this transaction.
  const innerHandler = (inner as unknown as { _handler: InnerHandler })
    ._handler;
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
        withEnvelope(args, { name, instance: instance.instance }),
      );
    },
  }) as unknown as RegisteredMutation<
    "internal",
    WorkflowMutationArgs<z.input<Input>>,
    WorkflowMutationResult<z.output<Output>>
  >;
}

/**
 * Put the start options where the component's create hook finds them (see
 * shared/envelope.ts), whether the caller was `start` or a direct call.
 */
function withEnvelope(
  args: WorkflowMutationArgs<unknown>,
  definition: { name: string; instance: string },
): Record<string, unknown> {
  const existing = readEnvelope(args.context);
  const envelope: StartEnvelope = existing
    ? { ...existing, ...definition }
    : {
        ...definition,
        appOnComplete: args.onComplete
          ? { fnHandle: args.onComplete, context: args.context }
          : undefined,
      };
  const forwarded: Record<string, unknown> = {
    args: args.args,
    onComplete: NO_APP_ON_COMPLETE,
    context: { [ENVELOPE_KEY]: envelope },
  };
  if (args.startAsync !== undefined) forwarded.startAsync = args.startAsync;
  return forwarded;
}
