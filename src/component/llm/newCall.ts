// A new LLM call's row, with its place in line, handed to the dispatcher.
import { PRIORITY_STEP_MS, type LlmFlow } from "../../shared/llmFlow.js";
import type { Id } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";
import type { CallDoc } from "./finish.js";
import { queueCall } from "./queue.js";

type NewCall = Pick<
  CallDoc,
  | "workflowId"
  | "owner"
  | "eventId"
  | "name"
  | "fnHandle"
  | "fnArgs"
  | "retry"
  | "maxParallelism"
  | "prices"
  | "passCallContext"
  | "threadId"
> & { flow?: LlmFlow };

/** About 4 characters a token: what the call's arguments will send. */
function estimateTokens(fnArgs: unknown): number {
  return Math.ceil((JSON.stringify(fnArgs ?? null)?.length ?? 0) / 4);
}

export async function newCall(
  ctx: MutationCtx,
  { flow, ...call }: NewCall,
): Promise<Id<"llmCalls">> {
  const createdAt = Date.now();
  const priority = flow?.priority ?? 0;
  const callId = await ctx.db.insert("llmCalls", {
    ...call,
    status: "queued",
    attempts: 0,
    createdAt,
    key: flow?.key,
    keyCap: flow?.keyCap,
    priority,
    // A higher priority counts as having waited longer (see llmFlow.ts).
    order: createdAt - priority * PRIORITY_STEP_MS,
    rateLimit: flow?.rateLimit,
    estimatedTokens: flow?.rateLimit
      ? (flow.estimatedTokens ?? estimateTokens(call.fnArgs))
      : undefined,
  });
  await queueCall(ctx, (await ctx.db.get("llmCalls", callId))!);
  return callId;
}
