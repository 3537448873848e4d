// Provider rate limits (`llm.rateLimits`), kept by @convex-dev/rate-limiter:
// one token bucket of requests and one of tokens per limit name. A call
// reserves its request and its estimated input tokens when it is about to
// start; if the buckets are short it waits (parked, holding no slot) until
// its reservation comes due. The reported usage corrects the tokens after.
import { MINUTE, RateLimiter } from "@convex-dev/rate-limiter";
import type { RateLimitSpec } from "../../shared/llmFlow.js";
import type { Usage } from "../../shared/llmValidators.js";
import { components } from "../_generated/api.js";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import type { CallDoc } from "./finish.js";

const limiter = new RateLimiter(components.rateLimiter);
const REQUESTS = "llm.requests";
const TOKENS = "llm.tokens";

/** The limits in force for a call: the dashboard's, else the app's. */
export async function limitOf(
  ctx: QueryCtx,
  call: CallDoc,
): Promise<(RateLimitSpec & { name: string }) | undefined> {
  if (!call.rateLimit) return undefined;
  const { name } = call.rateLimit;
  const override = await ctx.db
    .query("llmOverrides")
    .withIndex("kind_name", (q) => q.eq("kind", "rateLimit").eq("name", name))
    .unique();
  return override ? limitFromOverride(override) : call.rateLimit;
}

/** A rate limit set from the dashboard, as a spec. */
export function limitFromOverride(
  row: Doc<"llmOverrides">,
): RateLimitSpec & { name: string } {
  return {
    name: row.name,
    requestsPerMinute: row.requestsPerMinute,
    tokensPerMinute: row.tokensPerMinute,
    burst: row.burst,
  };
}

/**
 * The buckets refill 1% slower than the limit: reservations are spaced
 * exactly, but a call starts a moment after its reservation comes due (the
 * scheduler's delay); the margin keeps such a late start from putting one
 * more call in a minute than the provider allows.
 */
const REFILL_PERIOD = MINUTE * 1.01;

function requestBucket(spec: RateLimitSpec, rpm: number) {
  return {
    kind: "token bucket" as const,
    rate: rpm,
    period: REFILL_PERIOD,
    capacity: spec.burst ?? Math.max(1, Math.floor(rpm / 60)),
  };
}

function tokenBucket(tpm: number) {
  return { kind: "token bucket" as const, rate: tpm, period: REFILL_PERIOD };
}

/**
 * Reserve the call's next attempt against its limits (once per attempt).
 * Returns how long to wait for the reservation: 0 to start now.
 */
export async function reserveCapacity(
  ctx: MutationCtx,
  call: CallDoc,
): Promise<number> {
  const attempt = call.attempts + 1;
  if (call.reservedAttempt === attempt) return 0;
  const spec = await limitOf(ctx, call);
  if (!spec) return 0;
  let waitMs = 0;
  if (spec.requestsPerMinute !== undefined) {
    const status = await limiter.limit(ctx, REQUESTS, {
      key: spec.name,
      reserve: true,
      config: requestBucket(spec, spec.requestsPerMinute),
    });
    waitMs = Math.max(waitMs, status.retryAfter ?? 0);
  }
  const tokens = call.estimatedTokens ?? 0;
  if (spec.tokensPerMinute !== undefined && tokens > 0) {
    const status = await limiter.limit(ctx, TOKENS, {
      key: spec.name,
      count: tokens,
      reserve: true,
      config: tokenBucket(spec.tokensPerMinute),
    });
    waitMs = Math.max(waitMs, status.retryAfter ?? 0);
  }
  await ctx.db.patch("llmCalls", call._id, {
    reservedAttempt: attempt,
    reservedTokens: tokens,
  });
  // Whole ms, rounded up, less the limiter's float error: at 60 a minute
  // a reservation 256,999 ms away comes back as 256999.00000000003, and
  // rounding that up would start the call 1 ms after its reservation (a
  // call starting late lets the next calls' on-time starts crowd a minute).
  return Math.ceil(waitMs - 1e-6);
}

/**
 * The call reported its usage: count its tokens for real. More than was
 * reserved is taken now (later calls wait for it); less is given back.
 */
export async function correctTokens(
  ctx: MutationCtx,
  call: CallDoc,
  usage: Usage | undefined,
): Promise<void> {
  if (!usage || call.reservedTokens === undefined) return;
  const spec = await limitOf(ctx, call);
  if (spec?.tokensPerMinute === undefined) return;
  const difference = usage.totalTokens - call.reservedTokens;
  if (difference === 0) return;
  await limiter.limit(ctx, TOKENS, {
    key: spec.name,
    count: difference,
    reserve: true,
    config: tokenBucket(spec.tokensPerMinute),
  });
}
