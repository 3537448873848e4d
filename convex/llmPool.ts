// The LLM pool as support agents see and steer it from the runs page: calls
// running against the global cap, the busiest concurrency keys (one per
// customer, see convex/support.ts) and their caps, and the two caps
// changed at run time. The component's config functions do the work
// (they are what `npx convex run --component agentWorkflows config:...`
// calls); these check that the caller is a support agent first.
// Customers get NOT_AUTHORIZED.
import { v } from "convex/values";
import { components } from "./_generated/api.js";
import { mutation, query } from "./_generated/server.js";
import { LLM_CAP_PER_KEY } from "./flows.js";
import { requireAgent } from "./users.js";

/** Keys shown: the busiest, then any other with a cap set here. */
const KEYS_SHOWN = 8;

const vKey = v.object({
  key: v.string(),
  running: v.number(),
  queued: v.number(),
  /** Its cap in force (none: only the global cap holds it). */
  maxParallelism: v.optional(v.number()),
  /** The cap was set here, over the app's. */
  overridden: v.boolean(),
});

/** Calls running and queued, the caps in force, the busiest keys. */
export const status = query({
  args: {},
  returns: v.object({
    running: v.number(),
    /** Calls waiting for a slot, in the keys listed. */
    queued: v.number(),
    maxParallelism: v.number(),
    /** The global cap was set here, over the app's `llm.maxParallelism`. */
    overridden: v.boolean(),
    /** The app's cap for a key with none set here. */
    defaultKeyCap: v.number(),
    keys: v.array(vKey),
  }),
  handler: async (ctx) => {
    await requireAgent(ctx);
    const config = await ctx.runQuery(
      components.agentWorkflows.config.getConfig,
      {},
    );
    const set = new Map(
      config.llmKeyCaps.map(({ key, maxParallelism }) => [key, maxParallelism]),
    );
    const busy = config.llmKeys.slice(0, KEYS_SHOWN).map((row) => ({
      ...row,
      overridden: set.has(row.key),
    }));
    const idle = config.llmKeyCaps
      .filter(({ key }) => !config.llmKeys.some((row) => row.key === key))
      .map(({ key, maxParallelism }) => ({
        key,
        running: 0,
        queued: 0,
        maxParallelism,
        overridden: true,
      }));
    return {
      running: config.llmRunning,
      queued: config.llmKeys.reduce((sum, row) => sum + row.queued, 0),
      maxParallelism: config.llmMaxParallelism,
      overridden: config.overridden,
      defaultKeyCap: LLM_CAP_PER_KEY,
      keys: [...busy, ...idle].slice(0, KEYS_SHOWN),
    };
  },
});

/** Cap the calls in flight across all runs (null: back to the app's cap). */
export const setCap = mutation({
  args: { maxParallelism: v.union(v.number(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { maxParallelism }) => {
    await requireAgent(ctx);
    await ctx.runMutation(components.agentWorkflows.config.setLlmParallelism, {
      maxParallelism,
    });
    return null;
  },
});

/** Cap one key's calls in flight (null: back to the app's cap). */
export const setKeyCap = mutation({
  args: { key: v.string(), maxParallelism: v.union(v.number(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { key, maxParallelism }) => {
    await requireAgent(ctx);
    await ctx.runMutation(components.agentWorkflows.config.setLlmKeyCap, {
      key,
      maxParallelism,
    });
    return null;
  },
});
