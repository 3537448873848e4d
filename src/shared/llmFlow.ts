// Flow control of LLM calls: the options a call is queued with (key,
// priority, rate limit) and their checks. The dispatcher in
// src/component/llm/dispatch.ts applies them.
import { v, type Infer } from "convex/values";
import { workflowError } from "./errors.js";

/** A call's priority: a named level or an integer from -100 to 100. */
export type LlmPriority = "high" | "normal" | "low" | number;

/** The named levels as numbers. */
export const PRIORITY_LEVELS = { high: 10, normal: 0, low: -10 } as const;
export const MAX_PRIORITY = 100;

/**
 * What one priority point is worth in waiting time: within a key, calls go
 * in order of `queuedAt - priority × PRIORITY_STEP_MS`, so `high` (10)
 * ranks like a normal call queued a minute earlier and no call is passed
 * by one queued more than (its priority gap × 6 s) after it.
 */
export const PRIORITY_STEP_MS = 6_000;

/** The most keys and limits the dashboard may override, each. */
export const MAX_OVERRIDES = 100;
/** The largest cap a key or the whole pool may have. */
export const MAX_LLM_PARALLELISM = 100;

/** A provider's limits, per minute; each is a token bucket refilled continuously. */
export const vRateLimitSpec = v.object({
  requestsPerMinute: v.optional(v.number()),
  tokensPerMinute: v.optional(v.number()),
  /**
   * Requests that may start at once when the bucket is full. Default: one
   * second's worth (at least 1), so no 60 s window holds more than
   * `requestsPerMinute + burst - 1` starts (the buckets refill 1% slower
   * than the limit, so that a start a little after its reservation keeps
   * to it).
   */
  burst: v.optional(v.number()),
});
export type RateLimitSpec = Infer<typeof vRateLimitSpec>;

/** What a call is queued with; the client resolves the app's options into it. */
export const vLlmFlow = v.object({
  /** Concurrency key; calls without one are capped by the global cap only. */
  key: v.optional(v.string()),
  /** The app's cap for this key (`llm.keys`), unless the dashboard set one. */
  keyCap: v.optional(v.number()),
  priority: v.optional(v.number()),
  /** The `llm.rateLimits` entry the call counts against, with its limits. */
  rateLimit: v.optional(
    v.object({ name: v.string(), ...vRateLimitSpec.fields }),
  ),
  /** Input tokens the call is expected to send (default: its args' JSON length / 4). */
  estimatedTokens: v.optional(v.number()),
});
export type LlmFlow = Infer<typeof vLlmFlow>;

/** Why a queued call has not started. */
export const vLlmWaitReason = v.union(
  v.literal("globalCap"),
  v.literal("keyCap"),
  v.literal("rateLimit"),
  v.literal("retryBackoff"),
  v.literal("dispatching"),
);
export type LlmWaitReason = Infer<typeof vLlmWaitReason>;

/** A queued call's place, as getRun, listSteps and getLlmCall show it. */
export const vLlmQueueInfo = v.object({
  key: v.optional(v.string()),
  priority: v.number(),
  reason: vLlmWaitReason,
  /** Calls of the same key ahead of it in the queue (counted up to 100). */
  ahead: v.optional(v.number()),
  /** When a rate limit or a retry backoff lets it go. */
  until: v.optional(v.number()),
});
export type LlmQueueInfo = Infer<typeof vLlmQueueInfo>;

export const MAX_AHEAD_COUNTED = 100;

/** A priority option as a number, or INVALID_ARGUMENT. */
export function priorityNumber(
  priority: LlmPriority | undefined,
  path: string[] = ["priority"],
): number | undefined {
  if (priority === undefined) return undefined;
  if (typeof priority === "string" && priority in PRIORITY_LEVELS) {
    return PRIORITY_LEVELS[priority as keyof typeof PRIORITY_LEVELS];
  }
  if (
    typeof priority === "number" &&
    Number.isInteger(priority) &&
    Math.abs(priority) <= MAX_PRIORITY
  ) {
    return priority;
  }
  throw workflowError(
    "INVALID_ARGUMENT",
    `priority must be "high", "normal", "low" or an integer from -${MAX_PRIORITY} to ${MAX_PRIORITY}.`,
    { path },
  );
}

/** A concurrency key or limit name: 1 to 200 characters. */
export function checkFlowName(name: unknown, path: string[]): string {
  if (typeof name !== "string" || name.length === 0 || name.length > 200) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `${path.join(".")} must be a string of 1 to 200 characters.`,
      { path },
    );
  }
  return name;
}

/** A cap: an integer from 1 to MAX_LLM_PARALLELISM. */
export function checkCap(cap: unknown, path: string[]): number {
  if (
    typeof cap !== "number" ||
    !Number.isInteger(cap) ||
    cap < 1 ||
    cap > MAX_LLM_PARALLELISM
  ) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `${path.join(".")} must be an integer from 1 to ${MAX_LLM_PARALLELISM}.`,
      { path },
    );
  }
  return cap;
}

const MAX_PER_MINUTE = 1e9;

/** Positive limits, at least one of them. */
export function checkRateLimitSpec(spec: RateLimitSpec, path: string[]): void {
  const { requestsPerMinute, tokensPerMinute, burst } = spec;
  for (const [field, value] of [
    ["requestsPerMinute", requestsPerMinute],
    ["tokensPerMinute", tokensPerMinute],
    ["burst", burst],
  ] as const) {
    if (
      value !== undefined &&
      (typeof value !== "number" ||
        !Number.isFinite(value) ||
        value <= 0 ||
        value > MAX_PER_MINUTE)
    ) {
      throw workflowError(
        "INVALID_ARGUMENT",
        `${[...path, field].join(".")} must be a number above 0 and at most ${MAX_PER_MINUTE}.`,
        { path: [...path, field] },
      );
    }
  }
  if (requestsPerMinute === undefined && tokensPerMinute === undefined) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `${path.join(".")} needs requestsPerMinute or tokensPerMinute.`,
      { path },
    );
  }
}

/** Every field of a call's flow options, before anything is written. */
export function checkFlow(flow: LlmFlow | undefined): void {
  if (!flow) return;
  if (flow.key !== undefined) checkFlowName(flow.key, ["key"]);
  if (flow.keyCap !== undefined) checkCap(flow.keyCap, ["keyCap"]);
  if (flow.priority !== undefined) priorityNumber(flow.priority);
  if (flow.rateLimit) {
    checkFlowName(flow.rateLimit.name, ["rateLimit"]);
    checkRateLimitSpec(flow.rateLimit, ["rateLimit"]);
  }
  const tokens = flow.estimatedTokens;
  if (
    tokens !== undefined &&
    (!Number.isInteger(tokens) || tokens < 0 || tokens > 100_000_000)
  ) {
    throw workflowError(
      "INVALID_ARGUMENT",
      "estimatedTokens must be an integer from 0 to 100,000,000.",
      { path: ["estimatedTokens"] },
    );
  }
}
