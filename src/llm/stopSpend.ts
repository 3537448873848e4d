// Canceling a run stops what its LLM calls spend: a streaming call learns
// of the cancel when the component refuses its next chunk, aborts the
// stream, and reports what it used until then.
import type { GenericActionCtx, GenericDataModel } from "convex/server";
import type { AgentWorkflowsComponent } from "../client/types.js";
import type { Usage } from "../shared/llmValidators.js";

/** About four characters a token, as providers' own rules of thumb say. */
const CHARS_PER_TOKEN = 4;

/**
 * Usage of a stream stopped before the provider reported any: counted from
 * the prompt sent and the text received, and marked `estimated`.
 */
export function estimateUsage(sent: string, received: string): Usage {
  const inputTokens = Math.ceil(sent.length / CHARS_PER_TOKEN);
  const outputTokens = Math.ceil(received.length / CHARS_PER_TOKEN);
  return {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    estimated: true,
  };
}

/** Report a stopped call's usage to the component (counted once). */
export async function reportStoppedCall(
  ctx: GenericActionCtx<GenericDataModel>,
  component: AgentWorkflowsComponent,
  callId: string,
  model: string,
  usage: Usage,
): Promise<void> {
  await ctx.runMutation(component.llm.calls.recordCanceledUsage, {
    callId,
    model,
    usage,
  });
}
