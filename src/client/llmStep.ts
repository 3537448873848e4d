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
import { workflowError } from "../shared/errors.js";
import {
  checkCap,
  checkFlowName,
  checkRateLimitSpec,
  priorityNumber,
  type LlmFlow,
  type LlmPriority,
  type RateLimitSpec,
} from "../shared/llmFlow.js";
import type { LlmRetry, PriceTable } from "../shared/llmValidators.js";
import type { RunId } from "../shared/validators.js";
import type { AgentWorkflowsComponent } from "./types.js";

/** A key's cap: LLM calls of that key in flight at once. */
export type KeyLimits = { maxParallelism: number };

/** App-wide LLM settings (the `llm` option of AgentWorkflows). */
export type LlmOptions = {
  /** LLM calls in flight at once, across all runs (default 4). */
  maxParallelism?: number;
  /** Default retry policy (default: 5 attempts, 1 s, base 2). */
  retry?: LlmRetry;
  /** USD per million input and output tokens, per model id. */
  prices?: PriceTable;
  /**
   * Caps per concurrency key, under `maxParallelism`: an entry per key,
   * `default` for every other key, or a function of the key. Calls
   * without a key are capped by `maxParallelism` only.
   */
  keys?: Record<string, KeyLimits> | ((key: string) => KeyLimits | undefined);
  /**
   * Provider rate limits by name (a model or a provider): requests and
   * tokens per minute. A step opts in with `rateLimit: name`.
   */
  rateLimits?: Record<string, RateLimitSpec>;
};

/** Flow control of a call: its key, priority and rate limit. */
export type LlmFlowOptions = {
  /** Concurrency key, e.g. `org:${orgId}` or `model:gpt-4o` (capped by `llm.keys`). */
  key?: string;
  /** `"high"`, `"normal"` (default), `"low"`, or an integer from -100 to 100. */
  priority?: LlmPriority;
  /** The `llm.rateLimits` entry this call counts against. */
  rateLimit?: string;
  /** Input tokens for the rate limit (default: the args' JSON length / 4). */
  estimatedTokens?: number;
};

/** A workflow's spending limits: a step that would start over them fails the run. */
export type Budget = { maxTokens?: number; maxCostUsd?: number };

export type LlmStepOptions = LlmFlowOptions & {
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
  /** The workflow's defaults for its LLM steps' key, priority and rate limit. */
  flow?: Omit<LlmFlowOptions, "estimatedTokens">;
};

/** The cap `llm.keys` gives a key, if any. */
function keyCapOf(keys: LlmOptions["keys"], key: string): number | undefined {
  if (!keys) return undefined;
  if (typeof keys === "function") return keys(key)?.maxParallelism;
  return (keys[key] ?? keys.default)?.maxParallelism;
}

/**
 * A call's flow options resolved against the app's: the key's cap, the
 * priority as a number, the rate limit's limits. INVALID_ARGUMENT for a
 * rate limit the app does not define.
 */
export function resolveFlow(
  llm: LlmOptions,
  options: LlmFlowOptions,
  defaults: LlmFlowOptions = {},
): LlmFlow | undefined {
  const key = options.key ?? defaults.key;
  const priority = priorityNumber(options.priority ?? defaults.priority);
  const limitName = options.rateLimit ?? defaults.rateLimit;
  if (key === undefined && priority === undefined && limitName === undefined) {
    return undefined;
  }
  let rateLimit: LlmFlow["rateLimit"];
  if (limitName !== undefined) {
    const spec = llm.rateLimits?.[limitName];
    if (!spec) {
      throw workflowError(
        "INVALID_ARGUMENT",
        `No rate limit "${limitName}" in the llm.rateLimits option.`,
        { path: ["rateLimit"] },
      );
    }
    rateLimit = { name: limitName, ...spec };
  }
  return {
    key,
    keyCap: key === undefined ? undefined : keyCapOf(llm.keys, key),
    priority,
    rateLimit,
    estimatedTokens: options.estimatedTokens,
  };
}

export function actionName(fn: FunctionReference<any, any>): string {
  const address = getFunctionAddress(fn);
  return (
    address.name ??
    address.reference?.split("/").slice(2).join("/") ??
    getFunctionName(fn)
  );
}

/**
 * An LLM step: an inline step queues the call with the component's
 * dispatcher (after the budget check), then the workflow awaits the
 * call's event. Replays return
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
      flow: resolveFlow(settings.llm, options, settings.flow),
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

/** The app's `llm` option, checked when AgentWorkflows is built. */
export function checkLlmAppOptions(llm: LlmOptions | undefined): void {
  if (llm?.maxParallelism !== undefined) {
    checkCap(llm.maxParallelism, ["llm", "maxParallelism"]);
  }
  if (llm?.keys && typeof llm.keys === "object") {
    for (const [key, limits] of Object.entries(llm.keys)) {
      checkCap(limits?.maxParallelism, ["llm", "keys", key, "maxParallelism"]);
    }
  }
  for (const [name, spec] of Object.entries(llm?.rateLimits ?? {})) {
    checkFlowName(name, ["llm", "rateLimits"]);
    checkRateLimitSpec(spec, ["llm", "rateLimits", name]);
  }
}
