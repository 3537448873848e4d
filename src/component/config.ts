// Settings an operator changes at run time, e.g. from the dashboard:
//   npx convex run --component agentWorkflows config:setLlmParallelism '{"maxParallelism": 2}'
//   npx convex run --component agentWorkflows config:setRetention '{"completed": 604800000}'
import { v } from "convex/values";
import { workflowError } from "../shared/errors.js";
import { checkRetention } from "../shared/validate.js";
import { vRetention } from "../shared/validators.js";
import { mutation, query } from "./_generated/server.js";
import { llmParallelism } from "./llm/pool.js";

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

const MAX_LLM_PARALLELISM = 100;

/**
 * Cap the LLM calls in flight across all runs. Overrides the app's
 * `llm.maxParallelism` option; takes effect from the next queued call.
 * Pass null to go back to the app's option.
 */
export const setLlmParallelism = mutation({
  args: { maxParallelism: v.union(v.number(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { maxParallelism }): Promise<null> => {
    if (
      maxParallelism !== null &&
      (!Number.isInteger(maxParallelism) ||
        maxParallelism < 1 ||
        maxParallelism > MAX_LLM_PARALLELISM)
    ) {
      throw workflowError(
        "INVALID_ARGUMENT",
        `maxParallelism must be an integer from 1 to ${MAX_LLM_PARALLELISM}, or null.`,
        { path: ["maxParallelism"] },
      );
    }
    const config = await ctx.db.query("config").first();
    const llmMaxParallelism = maxParallelism ?? undefined;
    if (config) await ctx.db.patch("config", config._id, { llmMaxParallelism });
    else await ctx.db.insert("config", { llmMaxParallelism });
    return null;
  },
});

/** The settings in force. */
export const getConfig = query({
  args: {},
  returns: v.object({
    llmMaxParallelism: v.number(),
    overridden: v.boolean(),
    /** Retention set from the dashboard (over the app's defaults). */
    retention: vRetention,
    /** When the next retention sweep runs, if one is pending. */
    nextSweepAt: v.optional(v.number()),
  }),
  handler: async (ctx) => {
    const config = await ctx.db.query("config").first();
    return {
      llmMaxParallelism: await llmParallelism(ctx, undefined),
      overridden: config?.llmMaxParallelism !== undefined,
      retention: config?.retention ?? {},
      nextSweepAt: config?.sweepAt,
    };
  },
});
