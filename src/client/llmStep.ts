import type { WorkflowCtx } from "@convex-dev/workflow";
import {
  createFunctionHandle,
  getFunctionAddress,
  getFunctionName,
  type FunctionArgs,
  type FunctionReference,
  type FunctionReturnType,
  type FunctionVisibility,
} from "convex/server";
import { llmStartStepName } from "../shared/upstream.js";
import type { LlmRetry, PriceTable } from "../shared/llmValidators.js";
import type { RunId } from "../shared/validators.js";
import type { AgentWorkflowsComponent } from "./types.js";

/** App-wide LLM settings (the `llm` option of AgentWorkflows). */
export type LlmOptions = {
  /** LLM calls in flight at once, across all runs (default 4). */
  maxParallelism?: number;
  /** Default retry policy (default: 5 attempts, 1 s, base 2). */
  retry?: LlmRetry;
  /** USD per million input and output tokens, per model id. */
  prices?: PriceTable;
};

/** A workflow's spending limits: a step that would start over them fails the run. */
export type Budget = { maxTokens?: number; maxCostUsd?: number };

export type LlmStepOptions = {
  /** The step's name (default: the action's name). */
  name?: string;
  /** Retry policy for this step. */
  retry?: LlmRetry;
};

export type LlmAction = FunctionReference<"action", FunctionVisibility>;

/** The args of an LLM action, without the component's own `_call`. */
export type LlmArgs<A extends LlmAction> = Omit<FunctionArgs<A>, "_call">;

export type LlmStepSettings = {
  llm: LlmOptions;
  retry?: LlmRetry;
  budget?: Budget;
};

export function actionName(fn: FunctionReference<any, any>): string {
  const address = getFunctionAddress(fn);
  return (
    address.name ??
    address.reference?.split("/").slice(2).join("/") ??
    getFunctionName(fn)
  );
}

/**
 * An LLM step: an inline step queues the action on llmPool (after the
 * budget check), then the workflow awaits the call's event. Replays return
 * the recorded result: the model is never called twice for one step.
 * Args with a `threadId` mark an @convex-dev/agent action: its usage
 * arrives through the agent's usage handler.
 */
export async function runLlmStep<A extends LlmAction>(
  component: AgentWorkflowsComponent,
  workflow: WorkflowCtx,
  settings: LlmStepSettings,
  action: A,
  args: LlmArgs<A>,
  options: LlmStepOptions = {},
): Promise<FunctionReturnType<A>> {
  const name = options.name ?? actionName(action);
  const threadId =
    typeof (args as { threadId?: unknown }).threadId === "string"
      ? (args as { threadId: string }).threadId
      : undefined;
  const { eventId } = await workflow.runMutation(
    component.llm.start.start,
    {
      runId: workflow.workflowId as unknown as RunId,
      name,
      fnHandle: await createFunctionHandle(action),
      fnArgs: args,
      retry: options.retry ?? settings.retry ?? settings.llm.retry,
      maxParallelism: settings.llm.maxParallelism,
      prices: settings.llm.prices,
      budget: settings.budget,
      passCallContext: threadId === undefined,
      threadId,
    },
    // Prices, caps and budgets may change between deploys: a replay must
    // not fail because they did.
    { inline: true, name: llmStartStepName(name), unstableArgs: true },
  );
  return (await workflow.awaitEvent({
    id: eventId as never,
    name,
  })) as FunctionReturnType<A>;
}
