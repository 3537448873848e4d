import { v, type Infer } from "convex/values";
import { vRunId } from "./ids.js";
import { vLlmQueueInfo } from "./llmFlow.js";

/** Token counts of one call, or summed over a run. */
export const vUsage = v.object({
  inputTokens: v.number(),
  outputTokens: v.number(),
  totalTokens: v.number(),
  /**
   * Counted from the text, not reported by the provider: a stream stopped
   * by a cancel ends before the provider reports usage.
   */
  estimated: v.optional(v.boolean()),
});
export type Usage = Infer<typeof vUsage>;

/** A run's LLM spend so far. */
export const vRunUsage = v.object({
  ...vUsage.fields,
  costUsd: v.number(),
  llmCalls: v.number(),
});
export type RunUsage = Infer<typeof vRunUsage>;

/** Prices per model id, in USD per million tokens. */
export const vModelPrice = v.object({
  inputPerMillion: v.number(),
  outputPerMillion: v.number(),
});
export type ModelPrice = Infer<typeof vModelPrice>;
export type PriceTable = Record<string, ModelPrice>;

/** Retry policy of an LLM call: exponential backoff with jitter. */
export const vLlmRetry = v.object({
  maxAttempts: v.number(),
  initialBackoffMs: v.number(),
  base: v.number(),
});
export type LlmRetry = Infer<typeof vLlmRetry>;

export const DEFAULT_LLM_RETRY: LlmRetry = {
  maxAttempts: 5,
  initialBackoffMs: 1000,
  base: 2,
};
export const DEFAULT_LLM_PARALLELISM = 4;

export const vLlmCallStatus = v.union(
  v.literal("queued"),
  v.literal("running"),
  v.literal("retrying"),
  v.literal("completed"),
  v.literal("failed"),
  v.literal("canceled"),
);
export type LlmCallStatus = Infer<typeof vLlmCallStatus>;

/** One LLM call (an LLM step or a one-shot call), as queries show it. */
export const vLlmCall = v.object({
  callId: v.string(),
  runId: v.optional(vRunId),
  /** A one-shot call's owner (`llmCall`'s `owner`). */
  owner: v.optional(v.string()),
  name: v.string(),
  status: vLlmCallStatus,
  attempts: v.number(),
  model: v.optional(v.string()),
  provider: v.optional(v.string()),
  usage: v.optional(vUsage),
  costUsd: v.optional(v.number()),
  error: v.optional(v.string()),
  result: v.optional(v.any()),
  threadId: v.optional(v.string()),
  createdAt: v.number(),
  finishedAt: v.optional(v.number()),
  /** The concurrency key and priority it queued with. */
  key: v.optional(v.string()),
  priority: v.optional(v.number()),
  /** While it waits to start (getLlmCall only): why, and its place. */
  queue: v.optional(vLlmQueueInfo),
});
export type LlmCall = Infer<typeof vLlmCall>;

/** Live text of a streaming call. */
export const vLiveText = v.object({
  callId: v.string(),
  name: v.string(),
  status: vLlmCallStatus,
  attempt: v.number(),
  text: v.string(),
  done: v.boolean(),
});
export type LiveText = Infer<typeof vLiveText>;

/**
 * What an LLM action hands the component: the model's output plus what the
 * call cost. `llmAction` (convex-agent-workflows/llm) returns this shape.
 */
export type LlmActionResult<Output = unknown> = {
  text: string;
  object?: Output;
  model: string;
  provider: string;
  usage: Usage;
};

/** Passed to an LLM action run as a step, so it can stream its text. */
export const vCallContext = v.object({
  callId: v.string(),
  attempt: v.number(),
});
export type CallContext = Infer<typeof vCallContext>;
