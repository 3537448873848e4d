// Settings an operator changes at run time, e.g. from the dashboard:
//   npx convex run --component agentWorkflows config:setLlmParallelism '{"maxParallelism": 2}'
//   npx convex run --component agentWorkflows config:setLlmKeyCap '{"key": "org:acme", "maxParallelism": 1}'
//   npx convex run --component agentWorkflows config:setLlmRateLimit '{"name": "gpt-4o-mini", "limits": {"requestsPerMinute": 60}}'
//   npx convex run --component agentWorkflows config:setRetention '{"completed": 604800000}'
import { v } from "convex/values";
import {
  checkCap,
  checkFlowName,
  checkRateLimitSpec,
  vRateLimitSpec,
} from "../shared/llmFlow.js";
import { checkRetention } from "../shared/validate.js";
import { vRetention } from "../shared/validators.js";
import { mutation, query } from "./_generated/server.js";
import { dispatch, llmParallelism } from "./llm/dispatch.js";
import {
  applyKeyCap,
  keyStates,
  listOverrides,
  setOverride,
  vKeyState,
} from "./llm/overrides.js";

const vPeriodSetting = v.optional(
  v.union(v.number(), v.literal(false), v.null()),
);

/**
 * Retention from the dashboard, per way of ending: ms, false (keep), or
 * null (back to the app's default). It overrides the app's `retention`
 * but not a workflow's own, for runs that end from now on.
 */
export const setRetention = mutation({
  args: {
    completed: vPeriodSetting,
    failed: vPeriodSetting,
    canceled: vPeriodSetting,
  },
  returns: v.null(),
  handler: async (ctx, args): Promise<null> => {
    checkRetention(args);
    const config = await ctx.db.query("config").first();
    const retention = { ...config?.retention };
    for (const key of ["completed", "failed", "canceled"] as const) {
      const period = args[key];
      if (period === null) delete retention[key];
      else if (period !== undefined) retention[key] = period;
    }
    if (config) await ctx.db.patch("config", config._id, { retention });
    else await ctx.db.insert("config", { retention });
    return null;
  },
});

/**
 * Cap the LLM calls in flight across all runs. Overrides the app's
 * `llm.maxParallelism` option; a raised cap starts queued calls at once.
 * Pass null to go back to the app's option.
 */
export const setLlmParallelism = mutation({
  args: { maxParallelism: v.union(v.number(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { maxParallelism }): Promise<null> => {
    if (maxParallelism !== null) checkCap(maxParallelism, ["maxParallelism"]);
    const config = await ctx.db.query("config").first();
    const llmMaxParallelism = maxParallelism ?? undefined;
    if (config) await ctx.db.patch("config", config._id, { llmMaxParallelism });
    else await ctx.db.insert("config", { llmMaxParallelism });
    await dispatch(ctx);
    return null;
  },
});

/**
 * Cap one concurrency key's calls in flight, over the app's `llm.keys`
 * (null: back to the app's). Calls already running finish; the new cap
 * holds from the next start.
 */
export const setLlmKeyCap = mutation({
  args: { key: v.string(), maxParallelism: v.union(v.number(), v.null()) },
  returns: v.null(),
  handler: async (ctx, args): Promise<null> => {
    checkFlowName(args.key, ["key"]);
    if (args.maxParallelism !== null) {
      checkCap(args.maxParallelism, ["maxParallelism"]);
    }
    await setOverride(ctx, "keyCap", args.key, {
      maxParallelism: args.maxParallelism ?? undefined,
    });
    await applyKeyCap(ctx, args.key, args.maxParallelism ?? undefined);
    await dispatch(ctx);
    return null;
  },
});

/**
 * Set a rate limit's requests and tokens per minute, over the app's
 * `llm.rateLimits` entry of that name (null: back to the app's). Counts
 * from the next call that reserves.
 */
export const setLlmRateLimit = mutation({
  args: {
    name: v.string(),
    limits: v.union(vRateLimitSpec, v.null()),
  },
  returns: v.null(),
  handler: async (ctx, { name, limits }): Promise<null> => {
    checkFlowName(name, ["name"]);
    if (limits !== null) checkRateLimitSpec(limits, ["limits"]);
    await setOverride(ctx, "rateLimit", name, limits ?? undefined);
    return null;
  },
});

/** The settings in force, and the LLM dispatcher's state. */
export const getConfig = query({
  args: {},
  returns: v.object({
    llmMaxParallelism: v.number(),
    overridden: v.boolean(),
    /** Retention set from the dashboard (over the app's defaults). */
    retention: vRetention,
    /** When the next retention sweep runs, if one is pending. */
    nextSweepAt: v.optional(v.number()),
    /** Key caps and rate limits set from the dashboard. */
    llmKeyCaps: v.array(
      v.object({ key: v.string(), maxParallelism: v.number() }),
    ),
    llmRateLimits: v.array(
      v.object({ name: v.string(), ...vRateLimitSpec.fields }),
    ),
    /** LLM calls running now, and the busiest keys (at most 100). */
    llmRunning: v.number(),
    llmKeys: v.array(vKeyState),
  }),
  handler: async (ctx) => {
    const config = await ctx.db.query("config").first();
    const overrides = await listOverrides(ctx);
    const state = await ctx.db.query("llmDispatch").first();
    return {
      llmMaxParallelism: await llmParallelism(ctx, state),
      overridden: config?.llmMaxParallelism !== undefined,
      retention: config?.retention ?? {},
      nextSweepAt: config?.sweepAt,
      ...overrides,
      llmRunning: state?.running ?? 0,
      llmKeys: await keyStates(ctx),
    };
  },
});
