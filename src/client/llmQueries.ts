import {
  createFunctionHandle,
  type GenericActionCtx,
  type GenericDataModel,
} from "convex/server";
import type { LiveText, LlmCall, Usage } from "../shared/llmValidators.js";
import { checkOwner, checkRunId } from "../shared/validate.js";
import type { RunId } from "../shared/validators.js";
import {
  actionName,
  resolveFlow,
  type LlmAction,
  type LlmArgs,
  type LlmOptions,
  type LlmStepOptions,
} from "./llmStep.js";
import type {
  AgentWorkflowsComponent,
  RunMutationCtx,
  RunQueryCtx,
} from "./types.js";

/**
 * A one-shot LLM call outside any workflow, from a mutation or action: run
 * by the action retrier (backoff on failure). Returns the call id to read
 * with `getLlmCall` (reactive). Non-retryable failures are not retried.
 */
export async function startLlmCall<A extends LlmAction>(
  ctx: RunMutationCtx,
  component: AgentWorkflowsComponent,
  llm: LlmOptions,
  action: A,
  args: LlmArgs<A>,
  options: LlmStepOptions & { owner?: string } = {},
): Promise<string> {
  return await ctx.runMutation(component.llm.oneShot.start, {
    name: options.name ?? actionName(action),
    fnHandle: await createFunctionHandle(action),
    fnArgs: args,
    retry: options.retry ?? llm.retry,
    maxParallelism: llm.maxParallelism,
    prices: llm.prices,
    flow: resolveFlow(llm, options),
    passCallContext: true,
    owner: checkOwner(options.owner),
  });
}

/**
 * Cancel one LLM call (an LLM step's or a one-shot call), its run going
 * on: the step throws `LLM call canceled`. A streaming call stops at its
 * next chunk and keeps its estimated usage. False if it had already ended.
 */
export async function cancelLlmCall(
  ctx: RunMutationCtx,
  component: AgentWorkflowsComponent,
  callId: string,
): Promise<boolean> {
  return await ctx.runMutation(component.llm.cancel.cancelCall, { callId });
}

export async function getLlmCall(
  ctx: RunQueryCtx,
  component: AgentWorkflowsComponent,
  callId: string,
): Promise<LlmCall | null> {
  return (await ctx.runQuery(component.llm.calls.getCall, {
    callId,
  })) as LlmCall | null;
}

/** A run's LLM calls with model, tokens, cost and attempts. */
export async function listLlmCalls(
  ctx: RunQueryCtx,
  component: AgentWorkflowsComponent,
  runId: RunId | string,
): Promise<LlmCall[]> {
  return (await ctx.runQuery(component.llm.calls.listCalls, {
    runId: checkRunId(runId),
  })) as LlmCall[];
}

/** The text a streaming call has written so far (the run's latest call, or `callId`). */
export async function liveText(
  ctx: RunQueryCtx,
  component: AgentWorkflowsComponent,
  args: { runId?: RunId | string; callId?: string },
): Promise<LiveText | null> {
  return await ctx.runQuery(component.llm.text.liveText, args);
}

/**
 * A `usageHandler` for @convex-dev/agent: `new Agent(components.agent, {
 * usageHandler: flows.agentUsageHandler, ... })` adds an agent step's
 * tokens and cost to its run.
 */
export function agentUsageHandler(component: AgentWorkflowsComponent) {
  return async (
    ctx: Pick<GenericActionCtx<GenericDataModel>, "runMutation">,
    args: {
      threadId?: string;
      model: string;
      provider: string;
      usage: Partial<Usage> & Record<string, unknown>;
    },
  ): Promise<void> => {
    if (!args.threadId) return;
    const inputTokens = Number(args.usage.inputTokens ?? 0);
    const outputTokens = Number(args.usage.outputTokens ?? 0);
    await ctx.runMutation(component.llm.usage.recordAgentUsage, {
      threadId: args.threadId,
      model: args.model,
      provider: args.provider,
      usage: {
        inputTokens,
        outputTokens,
        totalTokens: Number(
          args.usage.totalTokens ?? inputTokens + outputTokens,
        ),
      },
    });
  };
}
